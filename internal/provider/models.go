package provider

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// propertyValues holds the EventDestination properties of one subscription
// as Terraform values, by attribute name. It is a map rather than struct
// fields so that subscriptionProperties, not a second list, says what they
// are: see getModel and setModel.
type propertyValues map[string]attr.Value

// readOnlyModel is what Terraform knows of a subscription beyond its
// properties once it exists; shared by the resource and by each element of
// the data source.
type readOnlyModel struct {
	ID             types.String `tfsdk:"id"`
	SubscriptionID types.String `tfsdk:"subscription_id"`
	Name           types.String `tfsdk:"name"`
	Status         types.String `tfsdk:"status"`
}

// setReadOnly records the computed identity and status.
func (m *readOnlyModel) setReadOnly(s *redfish.Subscription) {
	m.ID = types.StringValue(s.ODataID)
	m.SubscriptionID = types.StringValue(s.ID)
	m.Name = types.StringValue(s.Name)
	m.Status = types.StringValue(s.State)
}

func (v propertyValues) String(attr string) types.String {
	s, _ := v[attr].(types.String)
	return s
}

// getModel decodes a plan, state or config (its Raw value) into fixed (a
// struct with tfsdk tags for every attribute that is not a subscription
// property) and the property values.
//
// It converts values itself, through the schema's types, rather than with
// tfsdk's Get and ObjectAs: the framework's reflection compiles a regular
// expression for every struct field on every call
// (hashicorp/terraform-plugin-framework#725), and a fleet's plan decodes a
// model for every resource (see internal/bench). The field tables of
// model_codec.go are built once per struct type.
func getModel(ctx context.Context, raw tftypes.Value, fixed any) (propertyValues, diag.Diagnostics) {
	attrs, diags := resourceAttributes(ctx, raw)
	if diags.HasError() {
		return nil, diags
	}
	props, rest := splitProperties(attrs)
	diags.Append(decodeStruct(rest, fixed)...)
	return props, diags
}

// setModel is getModel's reverse: it writes fixed and props as the whole
// state (tfsdk.State.Set of a tftypes.Value checks only its type).
func setModel(ctx context.Context, to *tfsdk.State, fixed any, props propertyValues) diag.Diagnostics {
	raw, diags := modelValue(ctx, fixed, props)
	if diags.HasError() {
		return diags
	}
	return to.Set(ctx, raw)
}

// modelValue is fixed and props as one value of the resource's type: every
// attribute that neither sets is null (write-only arguments always are).
func modelValue(ctx context.Context, fixed any, props propertyValues) (tftypes.Value, diag.Diagnostics) {
	attrs, diags := modelAttributes(fixed, props)
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	objType := resourceTerraformType()
	raw := make(map[string]tftypes.Value, len(objType.AttributeTypes))
	for name, t := range objType.AttributeTypes {
		tv, err := terraformValue(ctx, t, attrs[name])
		if err != nil {
			diags.AddError("Provider Bug", fmt.Sprintf("attribute %s: %s; please report it", name, err))
			return tftypes.Value{}, diags
		}
		raw[name] = tv
	}
	diags.Append(checkNoExtra(attrs, objType.AttributeTypes)...)
	v, err := newObjectValue(objType, raw)
	if err != nil {
		diags.AddError("Provider Bug", fmt.Sprintf("the resource's value: %s; please report it", err))
	}
	return v, diags
}

// modelObject is fixed and props as an object of type t (an element of the
// data source's list), null where neither sets an attribute.
func modelObject(ctx context.Context, t types.ObjectType, fixed any, props propertyValues) (types.Object, diag.Diagnostics) {
	attrs, diags := modelAttributes(fixed, props)
	if diags.HasError() {
		return types.ObjectNull(t.AttrTypes), diags
	}
	all := make(map[string]attr.Value, len(t.AttrTypes))
	for name, at := range t.AttrTypes {
		if v, ok := attrs[name]; ok {
			all[name] = v
			continue
		}
		null, err := at.ValueFromTerraform(ctx, tftypes.NewValue(at.TerraformType(ctx), nil))
		if err != nil {
			diags.AddError("Provider Bug", fmt.Sprintf("attribute %s: %s; please report it", name, err))
			return types.ObjectNull(t.AttrTypes), diags
		}
		all[name] = null
	}
	diags.Append(checkNoExtra(attrs, t.AttrTypes)...)
	obj, d := types.ObjectValue(t.AttrTypes, all)
	return obj, append(diags, d...)
}

// checkNoExtra reports values for attributes the type does not have: a
// field or property the schema lost.
func checkNoExtra[T any](attrs map[string]attr.Value, known map[string]T) diag.Diagnostics {
	var diags diag.Diagnostics
	for name := range attrs {
		if _, ok := known[name]; !ok {
			diags.AddError("Provider Bug", fmt.Sprintf("a value for %s, which the schema does not have; please report it", name))
		}
	}
	return diags
}

// modelAttributes is fixed's fields and props by attribute name; nil
// property values are left out.
func modelAttributes(fixed any, props propertyValues) (map[string]attr.Value, diag.Diagnostics) {
	attrs, diags := encodeStruct(fixed)
	for name, v := range props {
		if v != nil {
			attrs[name] = v
		}
	}
	return attrs, diags
}

// splitProperties separates the subscription's properties (and their
// write-only and version arguments) from the attributes of the fixed model.
func splitProperties(attrs map[string]attr.Value) (propertyValues, map[string]attr.Value) {
	props := propertyValues{}
	rest := make(map[string]attr.Value, len(attrs))
	for name, v := range attrs {
		if isPropertyAttribute()[name] {
			props[name] = v
		} else {
			rest[name] = v
		}
	}
	return props, rest
}

// isPropertyAttribute is the set of attribute names that propertyValues
// holds: the properties, their write-only members and version arguments.
var isPropertyAttribute = sync.OnceValue(func() map[string]bool {
	is := map[string]bool{}
	for _, p := range subscriptionProperties {
		is[p.Attr] = true
	}
	for _, w := range writeOnlyAttributes() {
		is[w.name] = true
	}
	for _, name := range versionAttributes() {
		is[name] = true
	}
	return is
})

// attrType is the Terraform type of a property.
func (p subscriptionProperty) attrType() attr.Type {
	switch p.Kind {
	case redfish.KindStringSet:
		return types.SetType{ElemType: types.StringType}
	case redfish.KindBool:
		return types.BoolType
	case redfish.KindInt64:
		return types.Int64Type
	case redfish.KindObject:
		return types.ObjectType{AttrTypes: childTypes(p.stored())}
	case redfish.KindObjectList:
		return types.SetType{ElemType: types.ObjectType{AttrTypes: childTypes(p.stored())}}
	}
	return types.StringType
}

func childTypes(children []subscriptionProperty) map[string]attr.Type {
	m := make(map[string]attr.Type, len(children))
	for _, c := range children {
		m[c.Attr] = c.attrType()
	}
	return m
}

// null is the property's null value.
func (p subscriptionProperty) null() attr.Value {
	switch t := p.attrType().(type) {
	case types.SetType:
		return types.SetNull(t.ElemType)
	case types.ObjectType:
		return types.ObjectNull(t.AttrTypes)
	case basetypes.BoolType:
		return types.BoolNull()
	case basetypes.Int64Type:
		return types.Int64Null()
	}
	return types.StringNull()
}

// withSecrets adds the write-only arguments of config to sub (they are only
// ever in the configuration) and returns their values, for redaction.
func (config propertyValues) withSecrets(sub *redfish.Subscription) []string {
	var secrets []string
	for _, w := range writeOnlyAttributes() {
		v, ok := config[w.name].(types.String)
		if !ok || v.IsNull() || v.IsUnknown() {
			continue
		}
		obj, _ := w.parent.Get(sub).(map[string]any)
		if obj == nil {
			obj = map[string]any{}
		}
		obj[w.secret.Name] = v.ValueStringPointer()
		w.parent.Set(sub, obj)
		secrets = append(secrets, v.ValueString())
	}
	return secrets
}

// toRedfish builds the subscription to create from the planned values. Unknown
// and null values are left out, so properties the user leaves unset are not sent.
func (v propertyValues) toRedfish() redfish.Subscription {
	var s redfish.Subscription
	for _, p := range subscriptionProperties {
		if !p.ReadOnly {
			p.Set(&s, p.fromTerraform(v[p.Attr]))
		}
	}
	return s
}

// fromTerraform converts a Terraform value to the redfish.Property.Get form;
// null and unknown are absent.
func (p subscriptionProperty) fromTerraform(v attr.Value) any {
	known := v != nil && !v.IsNull() && !v.IsUnknown()
	switch p.Kind {
	case redfish.KindStringSet:
		set, ok := v.(types.Set)
		if !known || !ok {
			return []string(nil)
		}
		values := setStrings(set)
		sort.Strings(values)
		if values == nil {
			values = []string{}
		}
		return values
	case redfish.KindBool:
		b, ok := v.(types.Bool)
		if !known || !ok {
			return (*bool)(nil)
		}
		return b.ValueBoolPointer()
	case redfish.KindInt64:
		n, ok := v.(types.Int64)
		if !known || !ok {
			return (*int64)(nil)
		}
		return n.ValueInt64Pointer()
	case redfish.KindObject:
		obj, ok := v.(types.Object)
		if !known || !ok {
			return map[string]any(nil)
		}
		return childrenFromTerraform(p.children, obj.Attributes())
	case redfish.KindObjectList:
		set, ok := v.(types.Set)
		if !known || !ok {
			return []map[string]any(nil)
		}
		var out []map[string]any
		for _, e := range set.Elements() {
			if o, ok := e.(types.Object); ok && !o.IsNull() && !o.IsUnknown() {
				out = append(out, childrenFromTerraform(p.children, o.Attributes()))
			}
		}
		if out == nil {
			out = []map[string]any{}
		}
		return out
	}
	s, ok := v.(types.String)
	if !known || !ok {
		return (*string)(nil)
	}
	return s.ValueStringPointer()
}

func childrenFromTerraform(children []subscriptionProperty, attrs map[string]attr.Value) map[string]any {
	m := make(map[string]any, len(children))
	for _, c := range children {
		m[c.Name] = c.fromTerraform(attrs[c.Attr]) // a secret has no attribute here: absent
	}
	return m
}

// setFromRedfish records what the BMC reports. prior is what Terraform knew
// before (the plan after a create, the state on a refresh); where the BMC's
// value means the same as prior's, prior's spelling is kept so that BMC
// normalisations (enum case, trailing slashes, element order, an Oem object
// with extra vendor keys, a dropped empty Context) cause no diff. Where the
// BMC omits a property it is taken as unchanged.
func setFromRedfish(s *redfish.Subscription, prior propertyValues) propertyValues {
	out := make(propertyValues, len(subscriptionProperties))
	for _, p := range subscriptionProperties {
		out[p.Attr] = p.keepPrior(prior[p.Attr], p.Get(s))
	}
	for _, name := range versionAttributes() {
		if v, ok := prior[name]; ok {
			out[name] = v // Terraform's own: no BMC reports it
		}
	}
	return out
}

// keepPrior is the value to record for a property the BMC reports as
// reported. It compares "at our path" (redfish.AtOurPath): lenient on
// purpose, since this is our own subscription (Read checked it), and a BMC
// may report its Destination masked or rewritten (bmcweb writes out ":443/");
// the state keeps the configuration's spelling.
func (p subscriptionProperty) keepPrior(prior attr.Value, reported any) attr.Value {
	priorKnown := prior != nil && !prior.IsNull() && !prior.IsUnknown()
	if s, ok := reported.(*string); ok && p.UnsetIsEmpty && s != nil && *s == "" {
		reported = (*string)(nil) // BMCs differ in whether they echo "" or drop it
	}
	if p.Secret || redfish.Absent(reported) {
		if priorKnown {
			return prior
		}
		return p.null()
	}
	switch r := reported.(type) {
	case *string:
		if ps, ok := prior.(types.String); ok && priorKnown &&
			(ps.ValueString() == *r || p.Compare.Same(redfish.AtOurPath, ps.ValueString(), *r)) {
			return prior
		}
		return types.StringValue(*r)
	case []string:
		if ps, ok := prior.(types.Set); ok && priorKnown && redfish.SameSet(setStrings(ps), r, p.sameAtOurPath()) {
			return prior
		}
		return stringSet(r)
	case map[string]any:
		var priorAttrs map[string]attr.Value
		if po, ok := prior.(types.Object); ok && priorKnown {
			priorAttrs = po.Attributes()
		}
		return p.objectValue(r, priorAttrs)
	case []map[string]any:
		objType := types.ObjectType{AttrTypes: childTypes(p.stored())}
		elems := make([]attr.Value, 0, len(r))
		for _, m := range r {
			elems = append(elems, p.objectValue(m, nil))
		}
		reportedSet := types.SetValueMust(objType, elems)
		if priorKnown && p.ProvablyEqualValue(p.fromTerraform(prior), r) &&
			p.ProvablyEqualValue(r, p.fromTerraform(prior)) {
			return prior
		}
		return reportedSet
	}
	return p.toTerraform(reported)
}

func (p subscriptionProperty) sameAtOurPath() func(a, b string) bool {
	if p.Compare == redfish.CompareExact {
		return nil
	}
	return p.Compare.Func(redfish.AtOurPath)
}

func (p subscriptionProperty) objectValue(m map[string]any, prior map[string]attr.Value) attr.Value {
	stored := p.stored()
	attrs := make(map[string]attr.Value, len(stored))
	for _, c := range stored {
		attrs[c.Attr] = c.keepPrior(prior[c.Attr], m[c.Name])
	}
	return types.ObjectValueMust(childTypes(stored), attrs)
}

// toTerraform converts a present scalar value to Terraform's form.
func (p subscriptionProperty) toTerraform(v any) attr.Value {
	switch x := v.(type) {
	case *bool:
		return types.BoolPointerValue(x)
	case *int64:
		return types.Int64PointerValue(x)
	case *string:
		return types.StringPointerValue(x)
	case []string:
		return stringSet(x)
	}
	return p.null()
}

func setStrings(set types.Set) []string {
	var values []string
	for _, e := range set.Elements() {
		if s, ok := e.(types.String); ok {
			values = append(values, s.ValueString())
		}
	}
	return values
}

func stringSet(values []string) types.Set {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return types.SetValueMust(types.StringType, elems)
}

// storedDifferently reports, as attribute errors, each argument the user set
// that the BMC stored with another meaning (a clamped interval, a refused
// flag). Terraform would otherwise fail with "inconsistent result"; this way
// the resource is tainted and the message says what the BMC did.
func storedDifferently(endpoint string, planned, stored propertyValues) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, p := range subscriptionProperties {
		want, got := planned[p.Attr], stored[p.Attr]
		if !differs(want, got) {
			continue
		}
		diags.AddAttributeError(path.Root(p.Attr), "BMC Stored a Different Value",
			fmt.Sprintf("BMC %s accepted the subscription but stored %s as %s instead of %s, so it does not support "+
				"the value asked for. Set %s to a value the BMC keeps (or remove it), then apply again: the subscription "+
				"is marked for replacement.", endpoint, p.Attr, got, want, p.Attr))
	}
	return diags
}

// differs reports whether got is not what want asked for: a null or unknown
// want (or member of an object) asks for nothing.
func differs(want, got attr.Value) bool {
	if want == nil || want.IsNull() || want.IsUnknown() {
		return false
	}
	w, okW := want.(types.Object)
	g, okG := got.(types.Object)
	if !okW || !okG || g.IsNull() || g.IsUnknown() {
		return !want.Equal(got)
	}
	gotAttrs := g.Attributes()
	for name, v := range w.Attributes() {
		if differs(v, gotAttrs[name]) {
			return true
		}
	}
	return false
}
