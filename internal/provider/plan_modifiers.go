package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// The plan modifiers of bmc_event_subscription beyond the framework's own.

// keepStateIfSame plans the state's value when the configured one means the
// same to a BMC (a trailing slash, the case of an enum or a host, JSON
// formatting), so spelling an argument differently from how the BMC reports
// it (after an import, say) does not replace the subscription.
type keepStateIfSame struct {
	same func(a, b string) bool
}

var (
	_ planmodifier.String = keepStateIfSame{}
	_ planmodifier.Set    = keepStateIfSame{}
)

func (keepStateIfSame) Description(context.Context) string {
	return "a value spelled differently but meaning the same is not a change"
}

func (m keepStateIfSame) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m keepStateIfSame) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if m.same == nil || !known(req.StateValue) || !known(req.PlanValue) {
		return
	}
	if m.same(req.PlanValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

func (m keepStateIfSame) PlanModifySet(_ context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if m.same == nil || !known(req.StateValue) || !known(req.PlanValue) {
		return
	}
	if redfish.SameSet(setStrings(req.PlanValue), setStrings(req.StateValue), m.same) {
		resp.PlanValue = req.StateValue
	}
}

func known(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

const replaceDescription = "Changing it replaces the subscription, except when adopting a value an import could not read."

// adoptsAfterImport reports whether a change from state is an adoption.
func adoptsAfterImport(ctx context.Context, private privateState, state attr.Value) bool {
	return state.IsNull() && readImportMark(ctx, private) != nil
}

// replaceMapUnlessAdopting forces replacement of http_headers except when
// adopting it after an import.
func replaceMapUnlessAdopting() planmodifier.Map {
	return mapplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !adoptsAfterImport(ctx, req.Private, req.StateValue)
	}, replaceDescription, replaceDescription)
}

// replaceInt64UnlessAdopting forces replacement of http_headers_wo_version
// except when adopting it after an import.
func replaceInt64UnlessAdopting() planmodifier.Int64 {
	return int64planmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !adoptsAfterImport(ctx, req.Private, req.StateValue)
	}, replaceDescription, replaceDescription)
}
