package bmcsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Reading request bodies and checking each property's JSON type against
// EventDestination.v1_16_0 (see properties.go); the rules that need more
// than one property, or a profile, are in validate.go.

// maxBody bounds request bodies; BMC web servers refuse far smaller ones.
const maxBody = 1 << 20

// readJSONObject reads a body that must be one JSON object (DSP0266 clause
// "Request body": JSON object; anything else is MalformedJSON).
func readJSONObject(r *http.Request) (map[string]any, Message, bool) {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(data) > maxBody {
		return nil, baseMsg("MalformedJSON"), false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, baseMsg("MalformedJSON"), false
	}
	if err := dec.Decode(new(any)); !errors.Is(err, io.EOF) {
		return nil, baseMsg("MalformedJSON"), false
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, baseMsg("MalformedJSON"), false
	}
	return obj, Message{}, true
}

// bodyMethods are the methods whose request body the emulator reads.
var bodyMethods = map[string]bool{http.MethodPost: true, http.MethodPatch: true, http.MethodPut: true}

// checkMediaType enforces the request body's Content-Type before a handler
// reads it. DSP0266 clause "Request headers": a request with a body carries
// Content-Type application/json (services accept it with
// ";charset=utf-8"), and its HTTP status code table answers a body of a
// media type the service does not support with 415 Unsupported Media Type.
// Base 1.22 has no "unsupported media type" message; HeaderInvalid (arg:
// the whole header, as its ArgLongDescriptions asks) or HeaderMissing say
// what is wrong. Profiles may answer otherwise (see
// Profile.MediaTypeStatus). An empty body is not checked: clients send
// parameterless actions and logouts without one. It reports whether the
// request may proceed.
func (b *BMC) checkMediaType(w http.ResponseWriter, r *http.Request) bool {
	if !bodyMethods[r.Method] || !hasBody(r) {
		return true
	}
	ct := r.Header.Get("Content-Type")
	if isJSONMediaType(ct) {
		return true
	}
	status := b.profile.MediaTypeStatus
	if status == 0 {
		status = http.StatusUnsupportedMediaType
	}
	var msg Message
	switch {
	case b.profile.MediaTypeMessage != "":
		msg = baseMsg(b.profile.MediaTypeMessage)
	case ct == "":
		msg = baseMsg("HeaderMissing", "Content-Type")
	default:
		msg = baseMsg("HeaderInvalid", "Content-Type: "+ct)
	}
	b.fail(w, status, msg)
	return false
}

// isJSONMediaType accepts application/json, in any letter case, with
// optional parameters; a charset, if given, must be UTF-8 (RFC 8259 §8.1:
// JSON exchanged between systems is UTF-8).
func isJSONMediaType(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}

// hasBody reports whether r carries a non-empty body. A chunked body
// (unknown length) is peeked at and put back; an empty one is then marked
// ContentLength 0 so that handlers treat it as absent.
func hasBody(r *http.Request) bool {
	switch {
	case r.ContentLength > 0:
		return true
	case r.ContentLength == 0 || r.Body == nil || r.Body == http.NoBody:
		return false
	}
	var first [1]byte
	n, _ := io.ReadFull(r.Body, first[:])
	if n == 0 {
		r.ContentLength = 0
		return false
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(first[:n]), r.Body), r.Body}
	return true
}

// valueString renders a JSON value as Base message arguments want it:
// strings as is, null as "null", the rest as compact JSON.
func valueString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case nil:
		return "null"
	case json.Number:
		return t.String()
	}
	data, _ := json.Marshal(v)
	return string(data)
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func sortStrings(s []string) { sort.Strings(s) }

// sortMessages orders messages by the property they relate to, so bodies
// are stable whatever order the client sent properties in.
func sortMessages(msgs []Message) {
	key := func(m Message) string {
		if len(m.RelatedProperties) > 0 {
			return m.RelatedProperties[0]
		}
		return ""
	}
	sort.SliceStable(msgs, func(i, j int) bool { return key(msgs[i]) < key(msgs[j]) })
}

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
		if v == nil {
			return (*string)(nil), nil
		}
		s, ok := v.(string)
		if !ok {
			return nil, []Message{typeError(v, name)}
		}
		return &s, nil
	case pkEnum, pkNullableEnum:
		return decodeEnum(name, spec, v)
	case pkNullableBool:
		if v == nil {
			return (*bool)(nil), nil
		}
		bv, ok := v.(bool)
		if !ok {
			return nil, []Message{typeError(v, name)}
		}
		return &bv, nil
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
	case pkObjectArray:
		return decodeObjectArray(name, v)
	}
	return nil, []Message{typeError(v, name)}
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

func decodeObjectArray(name string, v any) (any, []Message) {
	arr, ok := v.([]any)
	if !ok {
		return nil, []Message{typeError(v, name)}
	}
	var msgs []Message
	for i, it := range arr {
		if _, ok := it.(map[string]any); !ok && it != nil {
			msgs = append(msgs, typeError(it, name+"/"+strconv.Itoa(i)))
		}
	}
	data, _ := json.Marshal(arr)
	return json.RawMessage(data), msgs
}

// setField stores a decoded property in s; a null clears it.
//
//nolint:forcetypeassert // decode produced the type the property table declares
func setField(s *Subscription, name string, val any) {
	present := true
	str := func(p *string) string {
		if p == nil {
			present = false
			return ""
		}
		return *p
	}
	switch name {
	case "Name":
		s.Name = val.(string)
	case "Description":
		s.Description = str(val.(*string))
	case "Destination":
		s.Destination = val.(string)
	case "Context":
		s.Context = str(val.(*string))
	case "Protocol":
		s.Protocol = val.(string)
	case "SubscriptionType":
		s.SubscriptionType = str(val.(*string))
	case "EventFormatType":
		s.EventFormatType = str(val.(*string))
	case "DeliveryRetryPolicy":
		s.DeliveryRetryPolicy = str(val.(*string))
	case "OEMProtocol":
		s.OEMProtocol = val.(string)
	case "OEMSubscriptionType":
		s.OEMSubscriptionType = val.(string)
	case "SubordinateResources", "IncludeOriginOfCondition", "VerifyCertificate", "SendHeartbeat":
		p := val.(*bool)
		present = p != nil
		*boolField(s, name) = p
	case "HeartbeatIntervalMinutes":
		s.HeartbeatIntervalMinutes = val.(*int64)
		present = s.HeartbeatIntervalMinutes != nil
	case "HttpHeaders":
		s.HttpHeaders = val.([]map[string]string)
	case "Oem":
		s.Oem = val.(json.RawMessage)
	case "SNMP":
		s.SNMP = val.(json.RawMessage)
	case "SyslogFilters":
		s.SyslogFilters = val.(json.RawMessage)
	default:
		*stringsField(s, name) = val.([]string)
	}
	if s.Set == nil {
		s.Set = map[string]bool{}
	}
	if present {
		s.Set[name] = true
	} else {
		delete(s.Set, name)
	}
}

func boolField(s *Subscription, name string) **bool {
	switch name {
	case "SubordinateResources":
		return &s.SubordinateResources
	case "IncludeOriginOfCondition":
		return &s.IncludeOriginOfCondition
	case "VerifyCertificate":
		return &s.VerifyCertificate
	}
	return &s.SendHeartbeat
}

func stringsField(s *Subscription, name string) *[]string {
	switch name {
	case "EventTypes":
		return &s.EventTypes
	case "RegistryPrefixes":
		return &s.RegistryPrefixes
	case "ExcludeRegistryPrefixes":
		return &s.ExcludeRegistryPrefixes
	case "ResourceTypes":
		return &s.ResourceTypes
	case "MessageIds":
		return &s.MessageIds
	case "ExcludeMessageIds":
		return &s.ExcludeMessageIds
	case "OriginResources":
		return &s.OriginResources
	case "Severities":
		return &s.Severities
	case "MetricReportDefinitions":
		return &s.MetricReportDefinitions
	case "BackupDestinations":
		return &s.BackupDestinations
	}
	panic("bmcsim: no string-array property " + name)
}

// readJSONObjectOrEmpty is readJSONObject for actions without parameters,
// where clients may send no body at all.
func readJSONObjectOrEmpty(r *http.Request) (map[string]any, Message, bool) {
	if r.ContentLength == 0 {
		return map[string]any{}, Message{}, true
	}
	return readJSONObject(r)
}
