package redfish

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// Helpers for tests that drive the client against the emulator with its
// fault injections and request record (bmcsim's RecordRequests).

// simSubs is the emulator's Subscriptions collection.
const simSubs = "/redfish/v1/EventService/Subscriptions"

// startRecordedSim starts an emulator (dmtf unless opts say otherwise) that
// records the requests it receives.
func startRecordedSim(t *testing.T, opts bmcsim.Options) *bmcsim.BMC {
	t.Helper()
	b := startSim(t, opts)
	b.RecordRequests()
	return b
}

// posted returns the bodies of the creates the emulator received.
func posted(t *testing.T, b *bmcsim.BMC) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range b.Requests() {
		if r.Method != http.MethodPost || strings.TrimRight(r.Path, "/") != simSubs {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(r.Body, &m); err != nil {
			t.Fatalf("a create body is not a JSON object: %v: %s", err, r.Body)
		}
		out = append(out, m)
	}
	return out
}

// onPath matches requests for exactly path (trailing slash ignored).
func onPath(path string) func(*http.Request) bool {
	return func(r *http.Request) bool { return strings.TrimRight(r.URL.Path, "/") == strings.TrimRight(path, "/") }
}

// withQuery matches requests whose query has key.
func withQuery(key string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.URL.Query().Has(key) }
}

// rewriteMembers is a FaultRewrite function that applies fn to a member,
// or to every expanded member of a collection.
func rewriteMembers(fn func(map[string]any)) func(map[string]any) {
	return func(body map[string]any) {
		members, ok := body["Members"].([]any)
		if !ok {
			fn(body)
			return
		}
		for _, m := range members {
			if obj, ok := m.(map[string]any); ok && len(obj) > 1 {
				fn(obj)
			}
		}
	}
}

// answer is a FaultAnswer of status with a body, Count times (0: until cleared).
func answer(status, count int, body string) bmcsim.Fault {
	return bmcsim.Fault{Type: bmcsim.FaultAnswer, Status: status, Count: count, Body: body}
}

// withoutExpand makes the emulator's service root announce no $expand
// support, so that the client lists member by member.
func withoutExpand(b *bmcsim.BMC) {
	b.InjectFault(bmcsim.KindServiceRoot, bmcsim.Fault{Type: bmcsim.FaultRewrite, Rewrite: func(root map[string]any) {
		if pf, ok := root["ProtocolFeaturesSupported"].(map[string]any); ok {
			pf["ExpandQuery"] = map[string]any{"ExpandAll": false, "Levels": false, "Links": false, "NoLinks": false, "MaxLevels": 1}
		}
	}})
}
