package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// Every argument of bmc_event_subscription forces replacement, with one
// exception: right after an import, http_headers and http_headers_wo_version
// are adopted from the configuration in place. A BMC never reports HTTP
// headers and the version is Terraform's own, so an import cannot read them,
// and replacing a subscription that may well match the configuration would
// be a surprise. Nothing else is adopted: a property the BMC does not report
// after an import is a difference the plan shows (one replacement), never a
// value written to state that never reached the BMC.

// privateImported marks a subscription imported and not yet settled; its
// value is an importMark.
const privateImported = "imported"

const replaceDescription = "Changing it replaces the subscription, except when adopting a value an import could not read."

// importMark says which configured provider imported the resource and
// whether a later one has refreshed it since. The mark must last exactly
// until the first plan after the import:
//   - with an import block, the import, its refresh and that plan run in one
//     provider instance; the next instance to refresh it clears the mark;
//   - with `terraform import`, the import and its refresh run in one instance
//     and the plan in the next, whose refresh keeps the mark for that plan;
//     the refresh after it clears the mark.
//
// Update clears it too. Terraform makes no provider call for a no-op apply,
// so a mark cleared only by Update would last forever and let a later
// header change through without replacement.
type importMark struct {
	Instance string `json:"instance"`
	// Planned: a plan has seen the mark since the import.
	Planned bool `json:"planned,omitempty"`
}

type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func readImportMark(ctx context.Context, p privateState) *importMark {
	if p == nil {
		return nil
	}
	raw, _ := p.GetKey(ctx, privateImported)
	if len(raw) == 0 {
		return nil
	}
	var m importMark
	if json.Unmarshal(raw, &m) != nil {
		// A mark from before marks had fields ("true"): it has done its
		// job by now.
		return nil
	}
	return &m
}

func writeImportMark(ctx context.Context, p privateSetter, m *importMark) diag.Diagnostics {
	if m == nil {
		return p.SetKey(ctx, privateImported, nil)
	}
	b, _ := json.Marshal(m)
	return p.SetKey(ctx, privateImported, b)
}

// settleImportMark is what a refresh does to the mark: keep it in the
// importing instance and for the first plan of the next one, clear it after.
func settleImportMark(m *importMark, instance string) *importMark {
	switch {
	case m == nil:
		return nil
	case m.Instance == instance:
		return m
	case !m.Planned:
		return &importMark{Instance: instance, Planned: true}
	}
	return nil
}

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

// newInstanceID names one configured provider instance.
func newInstanceID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
