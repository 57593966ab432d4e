package provider

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The resource's plan, state and config are converted here, by name through
// the schema's types, instead of with the framework's Get, GetAttribute,
// SetAttribute and ObjectAs. Those walk an attribute path through the schema
// (copying its map of attributes at every step) and reflect over the target
// struct, compiling a regular expression per field on every call
// (hashicorp/terraform-plugin-framework#725). A fleet's plan makes these calls
// for every resource: internal/bench measures the difference.

// resourceType is the resource schema's type, built once.
var resourceType = sync.OnceValue(func() types.ObjectType {
	t, _ := eventSubscriptionSchema().Type().(types.ObjectType)
	return t
})

var resourceTerraformType = sync.OnceValue(func() tftypes.Object {
	t, _ := resourceType().TerraformType(context.Background()).(tftypes.Object)
	return t
})

// resourceAttributes converts every attribute of a plan, state or config;
// an empty map for a null one (a destroy's plan, a create's state).
func resourceAttributes(ctx context.Context, raw tftypes.Value) (map[string]attr.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	if raw.IsNull() || !raw.IsKnown() {
		return map[string]attr.Value{}, nil
	}
	v, err := resourceType().ValueFromTerraform(ctx, raw)
	if err != nil {
		diags.AddError("Provider Bug", fmt.Sprintf("cannot read the resource's value: %s; please report it", err))
		return nil, diags
	}
	obj, _ := v.(types.Object)
	return obj.Attributes(), nil
}

// attribute converts one top-level attribute of a plan, state or config.
func attribute(ctx context.Context, raw tftypes.Value, name string) (attr.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	t, ok := resourceType().AttrTypes[name]
	if !ok {
		diags.AddError("Provider Bug", fmt.Sprintf("the resource has no attribute %s; please report it", name))
		return nil, diags
	}
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		diags.AddError("Provider Bug", fmt.Sprintf("cannot read attribute %s: %s; please report it", name, err))
		return nil, diags
	}
	tv, ok := attrs[name]
	if !ok {
		tv = tftypes.NewValue(t.TerraformType(ctx), nil)
	}
	v, err := t.ValueFromTerraform(ctx, tv)
	if err != nil {
		diags.AddError("Provider Bug", fmt.Sprintf("cannot read attribute %s: %s; please report it", name, err))
	}
	return v, diags
}

// stringAttribute is attribute for a string attribute.
func stringAttribute(ctx context.Context, raw tftypes.Value, name string) (types.String, diag.Diagnostics) {
	v, diags := attribute(ctx, raw, name)
	s, ok := v.(types.String)
	if !ok && !diags.HasError() {
		diags.AddError("Provider Bug", fmt.Sprintf("attribute %s is a %T, not a string; please report it", name, v))
	}
	return s, diags
}

// withAttribute is raw with one top-level attribute replaced by v.
func withAttribute(ctx context.Context, raw tftypes.Value, name string, v attr.Value) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		diags.AddError("Provider Bug", fmt.Sprintf("cannot set attribute %s: %s; please report it", name, err))
		return raw, diags
	}
	objType, _ := raw.Type().(tftypes.Object)
	tv, err := terraformValue(ctx, objType.AttributeTypes[name], v)
	if err != nil {
		diags.AddError("Provider Bug", fmt.Sprintf("cannot set attribute %s: %s; please report it", name, err))
		return raw, diags
	}
	attrs = maps.Clone(attrs) // As shares the value's own map
	attrs[name] = tv
	out, err := newObjectValue(objType, attrs)
	if err != nil {
		diags.AddError("Provider Bug", fmt.Sprintf("cannot set attribute %s: %s; please report it", name, err))
		return raw, diags
	}
	return out, diags
}

// terraformValue is v as a value of type t: null when v is missing or null
// and unknown when it is unknown, whatever v's own type (a zero attr.Value
// has none).
func terraformValue(ctx context.Context, t tftypes.Type, v attr.Value) (tftypes.Value, error) {
	switch {
	case v == nil || v.IsNull():
		return tftypes.NewValue(t, nil), nil
	case v.IsUnknown():
		return tftypes.NewValue(t, tftypes.UnknownValue), nil
	}
	return v.ToTerraformValue(ctx)
}

// newObjectValue is tftypes.NewValue without its panic: the attributes are
// checked against the type first.
func newObjectValue(t tftypes.Object, attrs map[string]tftypes.Value) (tftypes.Value, error) {
	if err := tftypes.ValidateValue(t, attrs); err != nil {
		return tftypes.Value{}, err
	}
	return tftypes.NewValue(t, attrs), nil
}

// structField is a field of a model struct: its attribute name and where it
// is (embedded structs included).
type structField struct {
	name  string
	index []int
	typ   reflect.Type
}

var structFieldsCache sync.Map // reflect.Type → []structField

// structFields lists the tfsdk-tagged fields of a struct type, once.
func structFields(t reflect.Type) []structField {
	if cached, ok := structFieldsCache.Load(t); ok {
		return cached.([]structField) //nolint:forcetypeassert // only this function stores
	}
	fields := collectFields(t, nil)
	structFieldsCache.Store(t, fields)
	return fields
}

func collectFields(t reflect.Type, prefix []int) []structField {
	var out []structField
	for i := range t.NumField() {
		f := t.Field(i)
		index := append(append([]int(nil), prefix...), i)
		tag := f.Tag.Get("tfsdk")
		if tag == "" && f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, collectFields(f.Type, index)...)
			continue
		}
		if name, _, _ := strings.Cut(tag, ","); name != "" && name != "-" {
			out = append(out, structField{name: name, index: index, typ: f.Type})
		}
	}
	return out
}

// decodeStruct sets the tfsdk-tagged fields of *dst from attrs. Every field
// must have its attribute, of the field's own value type.
func decodeStruct(attrs map[string]attr.Value, dst any) diag.Diagnostics {
	var diags diag.Diagnostics
	v := reflect.ValueOf(dst).Elem()
	for _, f := range structFields(v.Type()) {
		a, ok := attrs[f.name]
		if !ok || a == nil {
			diags.AddError("Provider Bug", fmt.Sprintf("no value for attribute %s; please report it", f.name))
			continue
		}
		av := reflect.ValueOf(a)
		if !av.Type().AssignableTo(f.typ) {
			diags.AddError("Provider Bug", fmt.Sprintf("attribute %s is a %s, not a %s; please report it", f.name, av.Type(), f.typ))
			continue
		}
		v.FieldByIndex(f.index).Set(av)
	}
	return diags
}

// encodeStruct is decodeStruct's reverse: the tfsdk-tagged fields of *src
// by attribute name.
func encodeStruct(src any) (map[string]attr.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	v := reflect.ValueOf(src).Elem()
	fields := structFields(v.Type())
	out := make(map[string]attr.Value, len(fields)+len(subscriptionProperties))
	for _, f := range fields {
		a, ok := v.FieldByIndex(f.index).Interface().(attr.Value)
		if !ok {
			diags.AddError("Provider Bug", fmt.Sprintf("field for attribute %s holds no Terraform value; please report it", f.name))
			continue
		}
		out[f.name] = a
	}
	return out, diags
}
