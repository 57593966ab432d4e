package bmcsim

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// Checking one request property's value against its row of
// destinationProps (the JSON type and enum EventDestination.v1_16_0 gives
// it). Rules that need more than one property, or a profile, are in
// validate.go; reading the body is decode.go's.

func typeError(v any, prop string) Message {
	return baseMsg("PropertyValueTypeError", valueString(v), prop).related(prop)
}

func notInList(v, prop string) Message {
	return baseMsg("PropertyValueNotInList", v, prop).related(prop)
}

// decodedProp is one request property after type checking.
type decodedProp struct {
	name string
	val  any // string, *string, *bool, *int64, []string, []map[string]string, json.RawMessage
}

// decodeProp checks v against the schema's type for the property.
func decodeProp(name string, spec propSpec, v any) (any, []Message) {
	switch spec.kind {
	case pkString:
		s, ok := v.(string)
		if !ok {
			return nil, []Message{typeError(v, name)}
		}
		return s, nil
	case pkNullableString:
		return decodeNullable[string](name, v)
	case pkEnum, pkNullableEnum:
		return decodeEnum(name, spec, v)
	case pkNullableBool:
		return decodeNullable[bool](name, v)
	case pkNullableInt:
		return decodeInt(name, spec, v)
	case pkStringArray, pkEnumArray:
		return decodeStringArray(name, spec, v)
	case pkIDRefArray:
		return decodeIDRefs(name, v)
	case pkHeaderArray:
		return decodeHeaders(name, v)
	case pkObject:
		if _, ok := v.(map[string]any); !ok {
			return nil, []Message{typeError(v, name)}
		}
		data, _ := json.Marshal(v)
		return json.RawMessage(data), nil
	case pkSNMP:
		return decodeSNMP(name, v)
	case pkSyslogFilters:
		return decodeSyslogFilters(name, v)
	}
	return nil, []Message{typeError(v, name)}
}

// decodeNullable reads a JSON value of type T or null as a *T.
func decodeNullable[T any](name string, v any) (any, []Message) {
	if v == nil {
		return (*T)(nil), nil
	}
	x, ok := v.(T)
	if !ok {
		return nil, []Message{typeError(v, name)}
	}
	return &x, nil
}

func decodeEnum(name string, spec propSpec, v any) (any, []Message) {
	if v == nil && spec.kind == pkNullableEnum {
		return (*string)(nil), nil
	}
	s, ok := v.(string)
	if !ok {
		return nil, []Message{typeError(v, name)}
	}
	if !slices.Contains(spec.enum, s) {
		return nil, []Message{notInList(s, name)}
	}
	if spec.kind == pkNullableEnum {
		return &s, nil
	}
	return s, nil
}

func decodeInt(name string, spec propSpec, v any) (any, []Message) {
	if v == nil {
		return (*int64)(nil), nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return nil, []Message{typeError(v, name)}
	}
	i, err := n.Int64()
	if err != nil {
		return nil, []Message{typeError(v, name)}
	}
	if i < spec.min || i > spec.max {
		return nil, []Message{baseMsg("PropertyValueOutOfRange", n.String(), name).related(name)}
	}
	return &i, nil
}

func decodeStringArray(name string, spec propSpec, v any) (any, []Message) {
	arr, ok := v.([]any)
	if !ok {
		return nil, []Message{typeError(v, name)}
	}
	out := []string{}
	var msgs []Message
	for i, it := range arr {
		item := name + "/" + strconv.Itoa(i)
		if it == nil && (spec.kind == pkStringArray || spec.nullItems) {
			continue // "items": ["string", "null"]: a null entry says nothing
		}
		s, ok := it.(string)
		switch {
		case !ok:
			msgs = append(msgs, typeError(it, item))
		case spec.kind == pkEnumArray && !slices.Contains(spec.enum, s):
			msgs = append(msgs, notInList(s, item))
		default:
			out = append(out, s)
		}
	}
	return out, msgs
}

func decodeIDRefs(name string, v any) (any, []Message) {
	arr, ok := v.([]any)
	if !ok {
		return nil, []Message{typeError(v, name)}
	}
	out := []string{}
	var msgs []Message
	for i, it := range arr {
		item := name + "/" + strconv.Itoa(i)
		obj, ok := it.(map[string]any)
		if !ok {
			msgs = append(msgs, typeError(it, item))
			continue
		}
		id, ok := obj["@odata.id"].(string)
		if !ok || len(obj) != 1 {
			// odata-v4 idRef: one "@odata.id" string, additionalProperties false.
			msgs = append(msgs, baseMsg("PropertyValueFormatError", valueString(it), item).related(item))
			continue
		}
		out = append(out, normalizePath(id))
	}
	return out, msgs
}

// decodeHeaders checks HttpHeaders: an array of objects whose properties
// are header names with string values (HttpHeaderProperty). Names must be
// RFC 9110 tokens; the schema's own pattern for them, ^[^:\\s]+$, excludes
// the letter 's' by an escaping slip, so it is not used.
func decodeHeaders(name string, v any) (any, []Message) {
	arr, ok := v.([]any)
	if !ok {
		return nil, []Message{typeError(v, name)}
	}
	out := []map[string]string{}
	var msgs []Message
	for i, it := range arr {
		item := name + "/" + strconv.Itoa(i)
		obj, ok := it.(map[string]any)
		if !ok {
			msgs = append(msgs, typeError(it, item))
			continue
		}
		h := map[string]string{}
		for _, k := range sortedKeys(obj) {
			val, ok := obj[k].(string)
			switch {
			case !isToken(k):
				msgs = append(msgs, baseMsg("PropertyValueFormatError", k, item).related(item))
			case !ok:
				msgs = append(msgs, typeError(obj[k], item+"/"+k))
			case strings.ContainsAny(val, "\r\n\x00"):
				msgs = append(msgs, baseMsg("PropertyValueFormatError", val, item+"/"+k).related(item+"/"+k))
			default:
				h[k] = val
			}
		}
		out = append(out, h)
	}
	return out, msgs
}

// isToken reports whether s is an RFC 9110 §5.6.2 token (a header name).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}
