package bmcsim

import (
	"net/http"
	"path"
	"strings"
	"testing"
)

// NoQueryStrings: every request with a query string is 404, while the
// service root still advertises $expand and $top/$skip.
func TestNoQueryStrings(t *testing.T) {
	for _, profile := range []string{"dmtf", "openbmc", "minimal"} {
		b := startBMC(t, Options{Profile: profile, NoQueryStrings: true})
		c := newClient(t, b)
		root := c.expect(http.MethodGet, pathRoot, nil, http.StatusOK).json(t)
		pf, _ := root["ProtocolFeaturesSupported"].(map[string]any)
		expand, _ := pf["ExpandQuery"].(map[string]any)
		if expand["ExpandAll"] != true || pf["TopSkipQuery"] != true {
			t.Errorf("%s: root does not advertise $expand: %v", profile, pf)
		}
		loc := c.create(redfishDest("https://127.0.0.1:9/e"))
		for _, path := range []string{pathSubscriptions + "?$expand=.($levels=1)", pathSubscriptions + "?$skip=0", pathSubscriptions + "?$top=5",
			pathSubscriptions + "?", loc + "?x=1", pathRoot + "?a"} {
			r := c.expect(http.MethodGet, path, nil, http.StatusNotFound)
			if r.messageIDs(t)[0] != "Base.1.22.InvalidURI" {
				t.Errorf("%s %s: %s", profile, path, r.body)
			}
		}
		c.expect(http.MethodGet, pathSubscriptions, nil, http.StatusOK)
		c.expect(http.MethodGet, loc, nil, http.StatusOK)
	}
}

// Failed logins and refused Basic credentials are counted apart, and
// neither counts a 401 for a missing or stale token.
func TestStatsCountAuthFailures(t *testing.T) {
	b := startBMC(t, Options{Username: "admin", Password: "pw"})
	c := newClient(t, b)
	c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "admin", "Password": "nope"}, http.StatusUnauthorized)
	c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "admin", "Password": "pw"}, http.StatusCreated)
	c.pass = "wrong"
	for range 2 {
		c.expect(http.MethodGet, pathEventService, nil, http.StatusUnauthorized)
	}
	anon := newClient(t, b)
	anon.user = ""
	anon.expect(http.MethodGet, pathEventService, nil, http.StatusUnauthorized)
	anon.token = "stale"
	anon.expect(http.MethodGet, pathEventService, nil, http.StatusUnauthorized)
	s := b.Stats()
	if s.FailedLogins != 1 || s.BasicAuthFailures != 2 {
		t.Errorf("FailedLogins %d (want 1), BasicAuthFailures %d (want 2)", s.FailedLogins, s.BasicAuthFailures)
	}
	ctl := newClient(t, b)
	ctl.user = ""
	got := ctl.expect(http.MethodGet, controlPrefix+"stats", nil, http.StatusOK).json(t)
	if got["failed_logins"] != float64(1) || got["basic_auth_failures"] != float64(2) {
		t.Errorf("/_bmcsim/stats: %v %v", got["failed_logins"], got["basic_auth_failures"])
	}
	b.ResetStats()
	if s := b.Stats(); s.FailedLogins != 0 || s.BasicAuthFailures != 0 {
		t.Errorf("after reset: %+v", s)
	}
}

// Id reuse: after a subscription is deleted, AddSubscription may put a
// foreign one (another client's) under the same Id, on every id scheme.
func TestIDReuseByAForeignSubscription(t *testing.T) {
	for _, profile := range ProfileNames() {
		b := startBMC(t, Options{Profile: profile})
		c := newClient(t, b)
		body := map[string]any{"Destination": "https://127.0.0.1:9/mine", "Protocol": "Redfish", "Context": "mine"}
		if b.ProfileRules().RestrictEventTypes {
			body["EventTypes"] = []string{"Alert"}
		}
		loc := c.create(body)
		id := path.Base(strings.TrimSuffix(loc, "/"))
		c.do(http.MethodDelete, loc, nil)
		if _, ok := b.Subscription(id); ok {
			t.Fatalf("%s: %s not deleted", profile, id)
		}
		got := b.AddSubscription(Subscription{ID: id, Destination: "https://192.0.2.7/theirs", Protocol: "Redfish", Context: "theirs"})
		if got != id {
			t.Fatalf("%s: AddSubscription took %q, want the free %q", profile, got, id)
		}
		served := c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t)
		if served["Context"] != "theirs" || served["Id"] != id {
			t.Errorf("%s: %s now serves %v", profile, loc, served)
		}
		if again := b.AddSubscription(Subscription{ID: id, Destination: "https://192.0.2.8/x", Protocol: "Redfish"}); again == id {
			t.Errorf("%s: a taken Id was reused", profile)
		}
	}
}
