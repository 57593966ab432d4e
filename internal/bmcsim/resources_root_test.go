package bmcsim

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// ServiceRoot has no schema in ../shared/redfish, so its shape is checked
// here against what gofish and DSP0266 need.
func TestServiceRootEveryProfile(t *testing.T) {
	for _, name := range ProfileNames() {
		t.Run(name, func(t *testing.T) {
			b := startBMC(t, Options{Profile: name, Username: "u", Password: "p"})
			c := newClient(t, b)
			c.user = ""
			if v := c.expect(http.MethodGet, "/redfish", nil, http.StatusOK).json(t); v["v1"] != "/redfish/v1/" {
				t.Errorf("/redfish: %v", v)
			}
			r := c.expect(http.MethodGet, "/redfish/v1/", nil, http.StatusOK)
			if r.header.Get("OData-Version") != "4.0" || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Errorf("headers %v", r.header)
			}
			m := r.json(t)
			p := b.ProfileRules()
			want := map[string]string{
				"EventService":   b.odataID(pathEventService),
				"SessionService": b.odataID(pathSessionService),
			}
			for k, v := range want {
				if m[k].(map[string]any)["@odata.id"] != v {
					t.Errorf("%s link %v, want %s", k, m[k], v)
				}
			}
			if m["Links"].(map[string]any)["Sessions"].(map[string]any)["@odata.id"] != b.odataID(pathSessions) {
				t.Errorf("Links.Sessions %v", m["Links"])
			}
			if m["@odata.id"] != b.odataID(p.RootID) || m["Vendor"] != p.Vendor || m["@odata.type"] != "#ServiceRoot.v1_17_0.ServiceRoot" {
				t.Errorf("root %s", r.body)
			}
			if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(m["UUID"].(string)) {
				t.Errorf("UUID %v", m["UUID"])
			}
			if head := c.expect(http.MethodHead, "/redfish/v1", nil, http.StatusOK); len(head.body) != 0 {
				t.Error("HEAD has a body")
			}
			c.expect(http.MethodPost, "/redfish/v1", map[string]any{}, http.StatusMethodNotAllowed)
		})
	}
}

func TestUnknownURI(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	for _, p := range []string{"/redfish/v1/Systems", "/redfish/v1/EventService/Nope", "/"} {
		r := c.expect(http.MethodGet, p, nil, http.StatusNotFound)
		conforms(t, refError, r.body)
		if r.messageIDs(t)[0] != "Base.1.22.InvalidURI" {
			t.Errorf("%s: %s", p, r.body)
		}
	}
}

func TestSessionServiceShape(t *testing.T) {
	b := startBMC(t, Options{Profile: "ilo5", Username: "u", Password: "p"})
	c := newClient(t, b)
	ss := c.expect(http.MethodGet, pathSessionService, nil, http.StatusOK).json(t)
	if ss["SessionTimeout"].(float64) != 1800 || ss["Sessions"].(map[string]any)["@odata.id"] != pathSessions+"/" {
		t.Errorf("SessionService %v", ss)
	}
	r := c.expect(http.MethodPost, pathSessions+"/", map[string]any{"UserName": "u", "Password": "p"}, http.StatusCreated)
	if loc := r.header.Get("Location"); !strings.HasSuffix(loc, "/") {
		t.Errorf("iLO session Location %q", loc)
	}
}
