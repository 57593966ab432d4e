package bmcsim

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Each echo fault quotes the request line, every header (credentials
// included) and the body in full, and a create it answers creates nothing.
func TestFaultEchoQuotesTheWholeRequest(t *testing.T) {
	secret := "pw-" + strings.Repeat("s3cr3t&<>", 200) // long, and HTML-special
	for _, tc := range []struct {
		ft     FaultType
		status int
		ctype  string
	}{
		{FaultEchoHTML, http.StatusBadGateway, "text/html"},
		{FaultEchoRedfish, http.StatusBadRequest, "application/json"},
		{FaultEcho500, http.StatusInternalServerError, "text/plain"},
	} {
		t.Run(string(tc.ft), func(t *testing.T) {
			b := startBMC(t, Options{Username: "admin", Password: secret})
			for _, useToken := range []bool{false, true} {
				c := newClient(t, b)
				if useToken {
					r := c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "admin", "Password": secret}, http.StatusCreated)
					c.token = r.header.Get("X-Auth-Token")
				}
				c.unchecked = tc.ft != FaultEchoRedfish
				b.InjectFault(KindSubscriptionCreate, Fault{Type: tc.ft, Count: 1})
				body := map[string]any{"Destination": "https://127.0.0.1:9/e?k=v", "Protocol": "Redfish", "Context": "c",
					"HttpHeaders": []map[string]string{{"X-Hook-Token": "hook-" + secret}}}
				r := c.expect(http.MethodPost, pathSubscriptions, body, tc.status)
				if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, tc.ctype) {
					t.Errorf("Content-Type %q", ct)
				}
				text := string(r.body)
				if tc.ft == FaultEchoRedfish {
					text = redfishEchoText(t, r.body)
				}
				sent, _ := json.Marshal(body)
				want := []string{"POST " + pathSubscriptions + " HTTP/1.1", "Content-Type: application/json", string(sent)}
				if useToken {
					want = append(want, "X-Auth-Token: "+c.token)
				} else {
					want = append(want, "Authorization: Basic "+base64.StdEncoding.EncodeToString([]byte("admin:"+secret)))
				}
				for _, w := range want {
					if !strings.Contains(text, w) {
						t.Errorf("token=%v: answer does not quote %.80q…", useToken, w)
					}
				}
				if n := len(b.Subscriptions()); n != 0 {
					t.Errorf("an echoed create created %d subscriptions", n)
				}
			}
		})
	}
}

// redfishEchoText joins the Message and MessageArgs of an echo-redfish
// answer, checking that each holds the whole request.
func redfishEchoText(t *testing.T, body []byte) string {
	t.Helper()
	var e redfishError
	if err := json.Unmarshal(body, &e); err != nil || len(e.Error.ExtendedInfo) != 1 {
		t.Fatalf("not a one-message Redfish error: %s", body)
	}
	m := e.Error.ExtendedInfo[0]
	args := strings.Join(m.MessageArgs, "\r\n")
	if !strings.HasPrefix(m.MessageArgs[0], "POST ") || !strings.Contains(m.Message, args[len(args)/2:]) {
		t.Errorf("Message and MessageArgs do not both quote the request: %s", body)
	}
	return m.Message
}

func TestFaultGarbage200(t *testing.T) {
	b := startBMC(t, Options{Profile: "openbmc"})
	c := newClient(t, b)
	loc := c.create(redfishDest("https://127.0.0.1:9/e"))

	b.InjectFault(KindSubscriptionGet, Fault{Type: FaultError200, Count: 1})
	r := c.expect(http.MethodGet, loc, nil, http.StatusOK)
	if _, isErr := r.json(t)["error"]; !isErr || r.messageIDs(t)[0] != "Base.1.22.InternalError" {
		t.Errorf("error-200: %s", r.body)
	}

	b.InjectFault(KindSubscriptionGet, Fault{Type: FaultEmpty200, Count: 1})
	if r := c.expect(http.MethodGet, loc, nil, http.StatusOK); len(r.body) != 0 {
		t.Errorf("empty-200: %q", r.body)
	}

	c.unchecked = true // {} is not a Redfish resource, on purpose
	b.InjectFault(KindSubscriptionGet, Fault{Type: FaultEmptyObject200, Count: 1})
	if r := c.expect(http.MethodGet, loc, nil, http.StatusOK); string(r.body) != "{}" {
		t.Errorf("empty-object-200: %q", r.body)
	}
	c.unchecked = false

	// The requests were not performed: a DELETE answered with garbage
	// leaves the subscription, and the next GET reads it whole.
	b.InjectFault(KindSubscriptionDelete, Fault{Type: FaultEmpty200, Count: 1})
	c.expect(http.MethodDelete, loc, nil, http.StatusOK)
	if got := c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t); got["Destination"] == nil {
		t.Errorf("after the faults: %v", got)
	}
	if n := b.Stats().FaultsInjected; n[FaultError200] != 1 || n[FaultEmpty200] != 2 || n[FaultEmptyObject200] != 1 {
		t.Errorf("faults counted: %v", n)
	}
}

// The new faults arm from the spec syntax and the control endpoint too.
func TestEchoAndGarbageFaultsFromSpec(t *testing.T) {
	b := startBMC(t, Options{Username: "u", Password: "p"})
	ctl := newClient(t, b)
	ctl.user = ""
	for _, spec := range []string{"subscription_create:echo-html*1", "subscription_create:echo-redfish*1", "subscription_create:echo-500*1",
		"subscription_get:error-200*1", "subscription_get:empty-200*1", "subscription_get:empty-object-200*1"} {
		if _, _, err := ParseFault(spec); err != nil {
			t.Errorf("ParseFault(%q): %v", spec, err)
		}
		ctl.expect(http.MethodPost, "/_bmcsim/faults", map[string]any{"spec": spec}, http.StatusNoContent)
	}
	c := newClient(t, b)
	c.unchecked = true
	for _, want := range []int{http.StatusBadGateway, http.StatusBadRequest, http.StatusInternalServerError} {
		c.expect(http.MethodPost, pathSubscriptions, redfishDest("https://127.0.0.1:9/e"), want)
	}
	loc := c.create(redfishDest("https://127.0.0.1:9/e"))
	for _, want := range []string{`{"error"`, ``, `{}`} {
		if r := c.expect(http.MethodGet, loc, nil, http.StatusOK); !strings.HasPrefix(string(r.body), want) || (want != `{"error"` && string(r.body) != want) {
			t.Errorf("want %q, got %q", want, r.body)
		}
	}
	if r := c.expect(http.MethodGet, loc, nil, http.StatusOK); r.json(t)["Id"] == nil {
		t.Errorf("faults outlived their count: %s", r.body)
	}
}
