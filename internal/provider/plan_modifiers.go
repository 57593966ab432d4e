package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// The plan modifiers of bmc_event_subscription beyond the framework's own.

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

// planProperties plans the subscription properties of an update in one
// pass, doing for each what the framework's per-attribute plan modifiers
// UseStateForUnknown, keepStateIfSame and RequiresReplace would, without
// walking the schema once per attribute and modifier (the benchmark of
// issue 10 found those walks to be most of the provider's CPU in a plan):
//
//   - an unknown planned value of an argument left unset (the framework
//     marks computed values unknown when anything changes) keeps the state's
//     value, null included, unless the configuration itself is unknown;
//   - a configured value that means the same to a BMC as the state's keeps
//     the state's spelling (a trailing slash, enum case, JSON formatting);
//   - any other difference replaces the subscription.
//
// It returns the values it changed and the attributes that force
// replacement. adopting is true right after an import.
func planProperties(config, state, plan propertyValues, adopting bool) (changed propertyValues, replace []path.Path) {
	changed = propertyValues{}
	for _, p := range subscriptionProperties {
		sv, pv, cv := state[p.Attr], plan[p.Attr], config[p.Attr]
		if sv == nil || pv == nil {
			continue
		}
		v := pv
		switch {
		case v.IsUnknown() && !p.Required && (cv == nil || !cv.IsUnknown()):
			v = sv
		case !v.IsUnknown() && !v.IsNull() && !sv.IsNull() && sameSpelled(p, v, sv):
			v = sv
		}
		if !v.Equal(pv) {
			changed[p.Attr] = v
		}
		if !v.Equal(sv) {
			replace = append(replace, path.Root(p.Attr))
		}
	}
	for _, name := range versionAttributes() {
		// Right after an import the version is adopted, like
		// http_headers_wo_version (see import_mark.go).
		if sv, pv := state[name], plan[name]; sv != nil && pv != nil && !sv.Equal(pv) && (!adopting || !sv.IsNull()) {
			replace = append(replace, path.Root(name))
		}
	}
	return changed, replace
}

// sameSpelled reports whether a planned and a state value of p mean the same
// to a BMC (see subscriptionProperty.sameSpelled).
func sameSpelled(p subscriptionProperty, planned, state attr.Value) bool {
	same := p.sameSpelled()
	if same == nil {
		return false
	}
	switch pv := planned.(type) {
	case types.String:
		sv, ok := state.(types.String)
		return ok && same(pv.ValueString(), sv.ValueString())
	case types.Set:
		sv, ok := state.(types.Set)
		return ok && p.Kind == redfish.KindStringSet && redfish.SameSet(setStrings(pv), setStrings(sv), same)
	}
	return false
}
