package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// Every argument of bmc_event_subscription forces replacement, with one
// exception: right after an import, an argument whose imported value is null
// is adopted from the configuration in place. The BMC could not report it
// (HTTP headers are never read back, the write-only version is Terraform's
// own, some BMCs omit empty or default properties), and replacing a
// subscription that may well match the configuration would be a surprise.

// privateImported marks a subscription imported and not applied since.
const privateImported = "imported"

const replaceDescription = "Changing it replaces the subscription, except when adopting a value an import could not read."

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// adoptsAfterImport reports whether a change from state is an adoption.
func adoptsAfterImport(ctx context.Context, private privateGetter, state attr.Value) bool {
	if private == nil || !state.IsNull() {
		return false
	}
	imported, _ := private.GetKey(ctx, privateImported)
	return imported != nil
}

func replaceString() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !adoptsAfterImport(ctx, req.Private, req.StateValue)
	}, replaceDescription, replaceDescription)
}

func replaceSet() planmodifier.Set {
	return setplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.SetRequest, resp *setplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !adoptsAfterImport(ctx, req.Private, req.StateValue)
	}, replaceDescription, replaceDescription)
}

func replaceBool() planmodifier.Bool {
	return boolplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !adoptsAfterImport(ctx, req.Private, req.StateValue)
	}, replaceDescription, replaceDescription)
}

func replaceInt64() planmodifier.Int64 {
	return int64planmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !adoptsAfterImport(ctx, req.Private, req.StateValue)
	}, replaceDescription, replaceDescription)
}

func replaceMap() planmodifier.Map {
	return mapplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !adoptsAfterImport(ctx, req.Private, req.StateValue)
	}, replaceDescription, replaceDescription)
}
