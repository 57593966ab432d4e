package redfish

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"unicode"
)

// This file turns the `redfish` struct tags of Subscription (and of the
// structs of its nested properties) into Properties, the one table of
// EventDestination properties. The payload we POST, the parsing of what a
// BMC answers, the comparisons of same.go and the provider's schema, model
// and docs all walk that table: adding a property is adding a tagged field.
//
// A tag reads `redfish:"Name,since=v1_0_0,option,..."`:
//
//	since=v1_x_y   EventDestination version that introduced the property
//	enum=Name      allowed values: a list in the enums map below
//	cmp=uri|path|json  how two values compare (see Compare); enums compare
//	               ignoring case, everything else exactly
//	ref            an array of {"@odata.id": ...} references, read as paths
//	required       always sent, even empty (Destination)
//	default=V      what the BMC assumes when it is not sent (Protocol)
//	unsetisempty   unset and "" mean the same, and differ from any other value
//	               (Context: a subscription without one is not "any context")
//	secret         sent, never read back, compared or fingerprinted (keys)
//	readonly       reported by the BMC, never sent (AuthenticationKeySet)
//	tf=name        Terraform attribute name, when snake_case of Name is wrong

// Kind is the shape of a property's value.
type Kind int

const (
	KindString     Kind = iota // *string (string when required)
	KindStringSet              // []string, order and repetition meaningless
	KindBool                   // *bool
	KindInt64                  // *int64
	KindJSON                   // json.RawMessage holding an object
	KindObject                 // pointer to a struct of tagged fields
	KindObjectList             // slice of structs of tagged fields
)

// Property is one row of the table: one EventDestination property, or one
// member of a nested one.
type Property struct {
	Name         string // Redfish property name
	Attr         string // Terraform attribute name
	Kind         Kind
	Since        string   // EventDestination version that introduced it
	Enum         []string // allowed values (of each element, for a set)
	Compare      Compare
	Ref          bool
	Required     bool
	Default      string
	UnsetIsEmpty bool
	Secret       bool
	ReadOnly     bool
	Children     []Property // members of a KindObject or KindObjectList

	index int          // field index in the owning struct
	elem  reflect.Type // struct type of a KindObject or KindObjectList
}

// Properties describes every property of Subscription this project reads or
// writes, in field order. HTTPHeaders is not in it: Redfish has BMCs read it
// back as null, and it has its own write path (see Payload).
var Properties = propertiesOf(reflect.TypeOf(Subscription{}))

// enums names the allowed-value lists a tag can refer to.
var enums = map[string][]string{
	"Protocols":               Protocols,
	"SubscriptionTypes":       SubscriptionTypes,
	"EventFormatTypes":        EventFormatTypes,
	"EventTypes":              EventTypes,
	"DeliveryRetryPolicies":   DeliveryRetryPolicies,
	"Severities":              Severities,
	"SNMPAuthProtocols":       SNMPAuthProtocols,
	"SNMPEncryptionProtocols": SNMPEncryptionProtocols,
	"SyslogFacilities":        SyslogFacilities,
	"SyslogSeverities":        SyslogSeverities,
}

// propertiesOf reads the tagged fields of a struct type. A malformed tag is a
// programming error, found by any test run: it panics at start-up.
func propertiesOf(t reflect.Type) []Property {
	var props []Property
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("redfish")
		if !ok {
			continue
		}
		p, err := parseTag(tag, f.Type)
		if err != nil {
			panic(fmt.Sprintf("redfish: field %s.%s: %v", t.Name(), f.Name, err))
		}
		p.index = i
		props = append(props, p)
	}
	return props
}

func parseTag(tag string, ft reflect.Type) (Property, error) {
	parts := strings.Split(tag, ",")
	p := Property{Name: parts[0], Attr: snakeCase(parts[0])}
	for _, opt := range parts[1:] {
		key, value, _ := strings.Cut(opt, "=")
		switch key {
		case "since":
			p.Since = value
		case "enum":
			list, ok := enums[value]
			if !ok {
				return p, fmt.Errorf("unknown enum %q", value)
			}
			p.Enum, p.Compare = list, CompareEnum
		case "cmp":
			c, ok := map[string]Compare{"uri": CompareURI, "path": ComparePath, "json": CompareJSON}[value]
			if !ok {
				return p, fmt.Errorf("unknown cmp %q", value)
			}
			p.Compare = c
		case "ref":
			p.Ref, p.Compare = true, ComparePath
		case "required":
			p.Required = true
		case "default":
			p.Default = value
		case "unsetisempty":
			p.UnsetIsEmpty = true
		case "secret":
			p.Secret = true
		case "readonly":
			p.ReadOnly = true
		case "tf":
			p.Attr = value
		default:
			return p, fmt.Errorf("unknown option %q", opt)
		}
	}
	if p.Since == "" {
		return p, fmt.Errorf("no since= version")
	}
	return p, p.setKind(ft)
}

func (p *Property) setKind(ft reflect.Type) error {
	switch {
	case ft == reflect.TypeOf(json.RawMessage(nil)):
		p.Kind, p.Compare = KindJSON, CompareJSON
	case ft.Kind() == reflect.String && p.Required:
		p.Kind = KindString
	case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.String:
		p.Kind = KindString
	case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Bool:
		p.Kind = KindBool
	case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Int64:
		p.Kind = KindInt64
	case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
		p.Kind = KindStringSet
	case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct:
		p.Kind, p.elem = KindObject, ft.Elem()
		p.Children = propertiesOf(p.elem)
	case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
		p.Kind, p.elem = KindObjectList, ft.Elem()
		p.Children = propertiesOf(p.elem)
	default:
		return fmt.Errorf("unsupported type %s", ft)
	}
	return nil
}

// snakeCase turns a Redfish name into a Terraform one: "MessageIds" →
// "message_ids", "OEMProtocol" → "oem_protocol", "SNMP" → "snmp".
func snakeCase(name string) string {
	var b strings.Builder
	r := []rune(name)
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 {
			prevLower := unicode.IsLower(r[i-1])
			nextLower := i+1 < len(r) && unicode.IsLower(r[i+1])
			if prevLower || (unicode.IsUpper(r[i-1]) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// Values hold property values in a form that does not depend on the Go
// struct (the provider converts them to and from Terraform values):
//
//	KindString, KindJSON  *string (nil: absent)
//	KindStringSet         []string (nil: absent)
//	KindBool              *bool
//	KindInt64             *int64
//	KindObject            map[string]any by child Name (nil: absent)
//	KindObjectList        []map[string]any (nil: absent)

// Get returns the property's value in owner, a *Subscription or a pointer to
// the struct of a nested property.
func (p Property) Get(owner any) any { return p.get(reflect.ValueOf(owner).Elem()) }

// Set stores a value (as Get returns them) into owner.
func (p Property) Set(owner any, value any) { p.set(reflect.ValueOf(owner).Elem(), value) }

func (p Property) get(v reflect.Value) any {
	f := v.Field(p.index)
	switch p.Kind {
	case KindString:
		if p.Required {
			s := f.String()
			return &s
		}
	case KindJSON:
		raw := f.Bytes()
		if len(raw) == 0 || string(raw) == "null" {
			return (*string)(nil)
		}
		s := string(raw)
		return &s
	case KindObject:
		if f.IsNil() {
			return map[string]any(nil)
		}
		return p.objectOf(f.Elem())
	case KindObjectList:
		if f.IsNil() {
			return []map[string]any(nil)
		}
		out := make([]map[string]any, f.Len())
		for i := range out {
			out[i] = p.objectOf(f.Index(i))
		}
		return out
	}
	// *string, []string, *bool and *int64 fields hold their values as they are.
	return f.Interface()
}

func (p Property) objectOf(v reflect.Value) map[string]any {
	m := make(map[string]any, len(p.Children))
	for _, c := range p.Children {
		m[c.Name] = c.get(v)
	}
	return m
}

func (p Property) set(v reflect.Value, value any) {
	f := v.Field(p.index)
	switch p.Kind {
	case KindString:
		s, _ := value.(*string)
		if p.Required {
			f.SetString(deref(s))
			return
		}
		f.Set(reflect.ValueOf(s))
	case KindJSON:
		var raw json.RawMessage
		if s, _ := value.(*string); s != nil {
			raw = json.RawMessage(*s)
		}
		f.Set(reflect.ValueOf(raw))
	case KindStringSet:
		l, _ := value.([]string)
		f.Set(reflect.ValueOf(l))
	case KindBool:
		b, _ := value.(*bool)
		f.Set(reflect.ValueOf(b))
	case KindInt64:
		n, _ := value.(*int64)
		f.Set(reflect.ValueOf(n))
	case KindObject:
		m, _ := value.(map[string]any)
		if m == nil {
			f.Set(reflect.Zero(f.Type()))
			return
		}
		ptr := reflect.New(p.elem)
		p.fillObject(ptr.Elem(), m)
		f.Set(ptr)
	case KindObjectList:
		l, _ := value.([]map[string]any)
		if l == nil {
			f.Set(reflect.Zero(f.Type()))
			return
		}
		s := reflect.MakeSlice(f.Type(), len(l), len(l))
		for i, m := range l {
			p.fillObject(s.Index(i), m)
		}
		f.Set(s)
	}
}

func (p Property) fillObject(v reflect.Value, m map[string]any) {
	for _, c := range p.Children {
		c.set(v, m[c.Name])
	}
}

// Absent reports whether a value (as Get returns them) is unset.
func Absent(value any) bool {
	switch v := value.(type) {
	case *string:
		return v == nil
	case []string:
		return v == nil
	case *bool:
		return v == nil
	case *int64:
		return v == nil
	case map[string]any:
		return v == nil
	case []map[string]any:
		return v == nil
	}
	return value == nil
}

// encode renders a present value as its JSON payload form.
func (p Property) encode(value any) any {
	switch v := value.(type) {
	case *string:
		if p.Kind == KindJSON {
			return json.RawMessage(*v)
		}
		return *v
	case []string:
		if p.Ref {
			refs := make([]map[string]string, 0, len(v))
			for _, id := range v {
				refs = append(refs, map[string]string{"@odata.id": id})
			}
			return refs
		}
		return append([]string{}, v...)
	case *bool:
		return *v
	case *int64:
		return *v
	case map[string]any:
		return encodeObject(p.Children, v)
	case []map[string]any:
		out := make([]map[string]any, len(v))
		for i, m := range v {
			out[i] = encodeObject(p.Children, m)
		}
		return out
	}
	return nil
}

// encodeObject renders the sendable, present members of an object.
func encodeObject(props []Property, values map[string]any) map[string]any {
	out := map[string]any{}
	for _, p := range props {
		v := values[p.Name]
		if p.ReadOnly || (Absent(v) && !p.Required) {
			continue
		}
		out[p.Name] = p.encode(v)
	}
	return out
}

// decode reads a property from a BMC's answer. A value of the wrong type is
// taken as absent rather than failing the whole read; secrets are never read.
func (p Property) decode(raw json.RawMessage) any {
	switch p.Kind {
	case KindString:
		switch {
		case p.Required:
			s := str(raw)
			return &s
		case p.Enum != nil:
			return enumPtr(raw, p.Enum)
		}
		return strPtr(raw)
	case KindJSON:
		if len(raw) == 0 || string(raw) == "null" {
			return (*string)(nil)
		}
		s := string(raw)
		return &s
	case KindStringSet:
		switch {
		case p.Ref:
			return refList(raw)
		case p.Enum != nil:
			return enumList(raw, p.Enum)
		}
		return strList(raw)
	case KindBool:
		return boolPtr(raw)
	case KindInt64:
		return intPtr(raw)
	case KindObject:
		var obj map[string]json.RawMessage
		if len(raw) == 0 || json.Unmarshal(raw, &obj) != nil || obj == nil {
			return map[string]any(nil)
		}
		return decodeObject(p.Children, obj)
	case KindObjectList:
		var items []map[string]json.RawMessage
		if len(raw) == 0 || json.Unmarshal(raw, &items) != nil || items == nil {
			return []map[string]any(nil)
		}
		out := make([]map[string]any, 0, len(items))
		for _, it := range items {
			if it != nil {
				out = append(out, decodeObject(p.Children, it))
			}
		}
		return out
	}
	return nil
}

func decodeObject(props []Property, obj map[string]json.RawMessage) map[string]any {
	out := make(map[string]any, len(props))
	for _, p := range props {
		if p.Secret {
			out[p.Name] = p.decode(nil) // BMCs read keys back as null
			continue
		}
		out[p.Name] = p.decode(obj[p.Name])
	}
	return out
}
