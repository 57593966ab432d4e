// Package bench measures the provider on an emulated BMC fleet with the real
// terraform binary: requests against the fewest Redfish allows, wall time,
// and the provider's CPU against the floor of terraform-plugin-framework
// itself (a do-nothing provider with the same resource schema).
package bench

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	bmcprovider "github.com/bmc-events/terraform-provider-bmc/internal/provider"
)

// RealResourceSchemas is the real provider's resource schemas as Terraform
// receives them (GetProviderSchema), by resource type name.
func RealResourceSchemas(ctx context.Context) (map[string]*tfprotov6.Schema, error) {
	resp, err := bmcprovider.NewProtocol6Server("bench")().GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return nil, fmt.Errorf("the provider's schema: %s: %s", d.Summary, d.Detail)
		}
	}
	return resp.ResourceSchemas, nil
}

// NewFloorProvider is the framework's floor: a provider named "bmc" whose
// resources have the real ones' attribute names, types and flags, and
// nothing else: no validators, plan modifiers, defaults or I/O; create and
// update store the plan, read and delete do nothing. Built from the real
// schema at start, so the two cannot drift.
func NewFloorProvider(schemas map[string]*tfprotov6.Schema) func() provider.Provider {
	return func() provider.Provider { return &floorProvider{schemas: schemas} }
}

type floorProvider struct {
	schemas map[string]*tfprotov6.Schema
}

var _ provider.Provider = (*floorProvider)(nil)

func (p *floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "bmc"
}

func (p *floorProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (p *floorProvider) Resources(context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, name := range sortedKeys(p.schemas) {
		s := floorSchema(p.schemas[name])
		out = append(out, func() resource.Resource { return &floorResource{name: name, schema: s} })
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

type floorResource struct {
	name   string
	schema schema.Schema
}

var _ resource.Resource = (*floorResource)(nil)

func (r *floorResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.name
}

func (r *floorResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema
}

func (r *floorResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = known(req.Plan.Raw)
}

func (r *floorResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *floorResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = known(req.Plan.Raw)
}

func (r *floorResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// known replaces the unknown values of a plan (computed attributes) with
// a value of their type, as a create that learned them would.
func known(v tftypes.Value) tftypes.Value {
	out, err := tftypes.Transform(v, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		switch {
		case v.Type().Is(tftypes.String):
			return tftypes.NewValue(tftypes.String, "floor"), nil
		case v.Type().Is(tftypes.Bool):
			return tftypes.NewValue(tftypes.Bool, false), nil
		case v.Type().Is(tftypes.Number):
			return tftypes.NewValue(tftypes.Number, 0), nil
		}
		return tftypes.NewValue(v.Type(), nil), nil
	})
	if err != nil {
		return v
	}
	return out
}

// floorSchema is s with only names, types and flags.
func floorSchema(s *tfprotov6.Schema) schema.Schema {
	return schema.Schema{Attributes: floorAttributes(s.Block.Attributes)}
}

func floorAttributes(in []*tfprotov6.SchemaAttribute) map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(in))
	for _, a := range in {
		out[a.Name] = floorAttribute(a)
	}
	return out
}

func floorAttribute(a *tfprotov6.SchemaAttribute) schema.Attribute {
	req, opt, comp, sens, wo := a.Required, a.Optional, a.Computed, a.Sensitive, a.WriteOnly
	if a.NestedType != nil {
		attrs := floorAttributes(a.NestedType.Attributes)
		obj := schema.NestedAttributeObject{Attributes: attrs}
		switch a.NestedType.Nesting {
		case tfprotov6.SchemaObjectNestingModeList:
			return schema.ListNestedAttribute{NestedObject: obj, Required: req, Optional: opt, Computed: comp, Sensitive: sens, WriteOnly: wo}
		case tfprotov6.SchemaObjectNestingModeSet:
			return schema.SetNestedAttribute{NestedObject: obj, Required: req, Optional: opt, Computed: comp, Sensitive: sens}
		case tfprotov6.SchemaObjectNestingModeMap:
			return schema.MapNestedAttribute{NestedObject: obj, Required: req, Optional: opt, Computed: comp, Sensitive: sens, WriteOnly: wo}
		default:
			return schema.SingleNestedAttribute{Attributes: attrs, Required: req, Optional: opt, Computed: comp, Sensitive: sens, WriteOnly: wo}
		}
	}
	// Sets cannot be write-only (the framework refuses them).
	switch t := a.Type.(type) {
	case tftypes.List:
		return schema.ListAttribute{ElementType: attrType(t.ElementType), Required: req, Optional: opt, Computed: comp, Sensitive: sens, WriteOnly: wo}
	case tftypes.Set:
		return schema.SetAttribute{ElementType: attrType(t.ElementType), Required: req, Optional: opt, Computed: comp, Sensitive: sens}
	case tftypes.Map:
		return schema.MapAttribute{ElementType: attrType(t.ElementType), Required: req, Optional: opt, Computed: comp, Sensitive: sens, WriteOnly: wo}
	case tftypes.Object:
		return schema.ObjectAttribute{AttributeTypes: objectTypes(t), Required: req, Optional: opt, Computed: comp, Sensitive: sens, WriteOnly: wo}
	}
	switch {
	case a.Type.Is(tftypes.Bool):
		return schema.BoolAttribute{Required: req, Optional: opt, Computed: comp, Sensitive: sens, WriteOnly: wo}
	case a.Type.Is(tftypes.Number):
		return schema.Int64Attribute{Required: req, Optional: opt, Computed: comp, Sensitive: sens, WriteOnly: wo}
	default:
		return schema.StringAttribute{Required: req, Optional: opt, Computed: comp, Sensitive: sens, WriteOnly: wo}
	}
}

func attrType(t tftypes.Type) attr.Type {
	switch t := t.(type) {
	case tftypes.List:
		return types.ListType{ElemType: attrType(t.ElementType)}
	case tftypes.Set:
		return types.SetType{ElemType: attrType(t.ElementType)}
	case tftypes.Map:
		return types.MapType{ElemType: attrType(t.ElementType)}
	case tftypes.Object:
		return types.ObjectType{AttrTypes: objectTypes(t)}
	}
	switch {
	case t.Is(tftypes.Bool):
		return types.BoolType
	case t.Is(tftypes.Number):
		return types.Int64Type
	default:
		return types.StringType
	}
}

func objectTypes(o tftypes.Object) map[string]attr.Type {
	out := make(map[string]attr.Type, len(o.AttributeTypes))
	for k, t := range o.AttributeTypes {
		out[k] = attrType(t)
	}
	return out
}
