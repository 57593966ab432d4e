package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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

// importMark counts the refreshes since the import. The import's own
// refresh (by `terraform import`, or in the plan of an import block) is the
// first; the second, in the next plan, clears the mark, and so does Update.
// Terraform makes no provider call for a no-op apply, so a mark cleared only
// by Update would last forever and let a later header change through
// without replacement. With an import block, the plan that imports may
// adopt the headers in place; after the `terraform import` command, the
// next plan already replaces when headers are configured.
type importMark struct {
	Reads int `json:"reads"`
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

// settleImportMark is what a refresh does to the mark.
func settleImportMark(m *importMark) *importMark {
	if m == nil || m.Reads >= 1 {
		return nil
	}
	return &importMark{Reads: m.Reads + 1}
}
