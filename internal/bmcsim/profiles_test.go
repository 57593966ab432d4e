package bmcsim

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// firstID is the first MessageId of an error answer with the given status.
func firstID(t *testing.T, c *client, method, path string, body any, status int) string {
	t.Helper()
	r := c.expect(method, path, body, status)
	conforms(t, refError, r.body)
	return r.messageIDs(t)[0]
}

func TestProfileNamesAndLookup(t *testing.T) {
	want := []string{"dmtf", "idrac10", "idrac9", "ilo5", "ilo6", "minimal", "openbmc", "xcc2", "xcc3"}
	if got := ProfileNames(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("ProfileNames() = %v", got)
	}
	for alias, gen := range map[string]string{"idrac": "idrac9", "xcc": "xcc2"} {
		if p, ok := LookupProfile(alias); !ok || p.Name != gen || ProfileAliases()[alias] != gen {
			t.Errorf("alias %s: %q %v, want %s", alias, p.Name, ok, gen)
		}
		if b := startBMC(t, Options{Profile: alias}); b.Profile() != gen {
			t.Errorf("Start(%s) runs %s", alias, b.Profile())
		}
	}
	if _, err := Start(Options{Profile: "supermicro"}); err == nil || !strings.Contains(err.Error(), "dmtf") {
		t.Errorf("unknown profile: %v", err)
	}
	p, _ := LookupProfile("openbmc")
	p.MaxSubscriptions = 1
	if q, _ := LookupProfile("openbmc"); q.MaxSubscriptions != 20 {
		t.Error("LookupProfile must return a copy")
	}
}

func TestDMTFCreateLimit(t *testing.T) {
	b := startBMC(t, Options{MaxSubscriptions: 2})
	c := newClient(t, b)
	c.create(redfishDest("https://127.0.0.1:9/a"))
	c.create(redfishDest("https://127.0.0.1:9/a")) // dmtf allows duplicates
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, redfishDest("https://127.0.0.1:9/b"), http.StatusBadRequest); id != "Base.1.22.CreateLimitReachedForResource" {
		t.Errorf("limit: %s", id)
	}
	if p, _ := LookupProfile("dmtf"); p.MaxSubscriptions != 100 || p.EvidenceFor(TopicCap).Verified() {
		t.Errorf("dmtf default cap %d must be marked as the emulator's own: %+v", p.MaxSubscriptions, p.EvidenceFor(TopicCap))
	}
}

func TestOpenBMCLimitIs20With503(t *testing.T) {
	b := startBMC(t, Options{Profile: "openbmc"})
	c := newClient(t, b)
	for i := range 20 {
		c.create(map[string]any{"Destination": fmt.Sprintf("https://127.0.0.1:9/%d", i), "Protocol": "Redfish"})
	}
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, map[string]any{"Destination": "https://127.0.0.1:9/x", "Protocol": "Redfish"}, http.StatusServiceUnavailable); id != "Base.1.22.EventSubscriptionLimitExceeded" {
		t.Errorf("limit: %s", id)
	}
	for _, s := range b.Subscriptions() {
		if _, err := strconv.ParseUint(s.ID, 10, 32); err != nil {
			t.Errorf("id %q is not a uint32", s.ID)
		}
	}
}

func TestMinimalRules(t *testing.T) {
	b := startBMC(t, Options{Profile: "minimal"})
	c := newClient(t, b)
	r := c.expect(http.MethodPost, pathSubscriptions, redfishDest("https://127.0.0.1:9/e"), http.StatusNoContent)
	if len(r.body) != 0 || r.header.Get("Location") != pathSubscriptions+"/1" {
		t.Errorf("create: %q Location %q", r.body, r.header.Get("Location"))
	}
	root := c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusOK).json(t)
	if _, ok := root["ProtocolFeaturesSupported"]; ok {
		t.Error("minimal advertises ProtocolFeaturesSupported")
	}
	c.expect(http.MethodGet, pathSubscriptions+"?$expand=*", nil, http.StatusNotImplemented)
	c.expect(http.MethodPatch, pathSubscriptions+"/1", map[string]any{"Context": "x"}, http.StatusNoContent)
	c.expect(http.MethodGet, pathActionInfo, nil, http.StatusNotFound)
}
