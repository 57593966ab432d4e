package bmcsim

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stmcginnis/gofish"
)

// Every profile: the whole create/list/read/delete cycle, every body checked
// against the DMTF schemas.
func TestSubscriptionLifecycleEveryProfile(t *testing.T) {
	for _, name := range ProfileNames() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := startBMC(t, Options{Profile: name, Username: "admin", Password: "secret"})
			c := newClient(t, b)
			p := b.ProfileRules()

			es := c.expect(http.MethodGet, pathEventService, nil, http.StatusOK)
			conforms(t, refEventService, es.body)
			coll := c.expect(http.MethodGet, pathSubscriptions, nil, http.StatusOK)
			conforms(t, refCollection, coll.body)
			before := int(coll.json(t)["Members@odata.count"].(float64))

			r := c.do(http.MethodPost, pathSubscriptions, createBody(b, "https://127.0.0.1:9/events"))
			loc := checkCreateAnswer(t, b, r)
			member := c.expect(http.MethodGet, loc, nil, http.StatusOK)
			conforms(t, refDestination, member.body)
			m := member.json(t)
			if want, _ := p.DestinationReport.render("https://127.0.0.1:9/events"); m["Destination"] != want || m["Context"] != "ctx-1" || m["Protocol"] != "Redfish" {
				t.Errorf("member: %s", member.body)
			}
			if id := m["@odata.id"].(string); !strings.HasSuffix(loc, id) && loc != id {
				t.Errorf("@odata.id %q does not match Location %q", id, loc)
			}
			if p.TrailingSlashIDs != strings.HasSuffix(m["@odata.id"].(string), "/") {
				t.Errorf("@odata.id %q, trailing slash expected %v", m["@odata.id"], p.TrailingSlashIDs)
			}
			hh, present := m["HttpHeaders"]
			if !present || (hh != nil && len(hh.([]any)) != 0) {
				t.Errorf("HttpHeaders must read back null or [], got %v", hh)
			}

			coll = c.expect(http.MethodGet, pathSubscriptions, nil, http.StatusOK)
			conforms(t, refCollection, coll.body)
			if n := int(coll.json(t)["Members@odata.count"].(float64)); n != before+1 {
				t.Errorf("count %d after create, want %d", n, before+1)
			}

			del := c.do(http.MethodDelete, loc, nil)
			if del.status != http.StatusNoContent && del.status != http.StatusOK {
				t.Fatalf("delete: %d %s", del.status, del.body)
			}
			gone := c.expect(http.MethodGet, loc, nil, http.StatusNotFound)
			if p.NotFoundEmptyBody != (len(gone.body) == 0) {
				t.Errorf("404 body %q, empty expected %v", gone.body, p.NotFoundEmptyBody)
			} else if len(gone.body) > 0 {
				conforms(t, refError, gone.body)
			}
			c.expect(http.MethodDelete, loc, nil, http.StatusNotFound)
		})
	}
}

// checkCreateAnswer checks a create answer against the profile's style and
// returns the member path.
func checkCreateAnswer(t *testing.T, b *BMC, r response) string {
	t.Helper()
	p := b.ProfileRules()
	loc := r.header.Get("Location")
	if loc == "" {
		t.Fatalf("no Location: %d %s", r.status, r.body)
	}
	if p.RelativeLocation != strings.HasPrefix(loc, "/") {
		t.Errorf("Location %q, relative expected %v", loc, p.RelativeLocation)
	}
	switch p.Create {
	case CreateNoContent:
		if r.status != http.StatusNoContent || len(r.body) != 0 {
			t.Errorf("want 204 and no body, got %d %q", r.status, r.body)
		}
	case CreateMessage:
		if r.status != http.StatusCreated {
			t.Errorf("status %d", r.status)
		}
		conformsMessages(t, r.body)
		if !strings.Contains(string(r.body), "Base.1.22.Created") {
			t.Errorf("no Created message: %s", r.body)
		}
	case CreateILOExtendedInfo:
		conforms(t, refError, r.body)
		if r.status != http.StatusCreated || r.messageIDs(t)[0] != "Base.1.17.Created" {
			t.Errorf("want 201 with Base.1.17.Created, got %d %s", r.status, r.body)
		}
	case CreateResourceWithMessage:
		conforms(t, refDestination, r.body)
		conformsMessages(t, r.body)
	default:
		if r.status != http.StatusCreated {
			t.Errorf("status %d", r.status)
		}
		conforms(t, refDestination, r.body)
	}
	return strings.TrimPrefix(loc, b.URL())
}

func TestCollectionPagingWithNextLink(t *testing.T) {
	b := startBMC(t, Options{PageSize: 3, MaxSubscriptions: -1})
	c := newClient(t, b)
	for i := range 7 {
		b.AddSubscription(Subscription{Destination: fmt.Sprintf("https://127.0.0.1:9/%d", i), Protocol: "Redfish"})
	}
	var seen []string
	next := pathSubscriptions
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("nextLink never ends")
		}
		r := c.expect(http.MethodGet, next, nil, http.StatusOK)
		conforms(t, refCollection, r.body)
		m := r.json(t)
		if m["Members@odata.count"].(float64) != 7 {
			t.Errorf("count %v on every page", m["Members@odata.count"])
		}
		for _, mem := range m["Members"].([]any) {
			seen = append(seen, mem.(map[string]any)["@odata.id"].(string))
		}
		next, _ = m["Members@odata.nextLink"].(string)
	}
	if len(seen) != 7 || seen[0] != pathSubscriptions+"/1" || seen[6] != pathSubscriptions+"/7" {
		t.Errorf("members over pages: %v", seen)
	}
}

func TestCollectionTopAndSkip(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	for i := range 5 {
		b.AddSubscription(Subscription{Destination: fmt.Sprintf("https://127.0.0.1:9/%d", i)})
	}
	m := c.expect(http.MethodGet, pathSubscriptions+"?$skip=1&$top=2", nil, http.StatusOK).json(t)
	mem := m["Members"].([]any)
	if len(mem) != 2 || mem[0].(map[string]any)["@odata.id"] != pathSubscriptions+"/2" {
		t.Errorf("members %v", mem)
	}
	if _, ok := m["Members@odata.nextLink"]; ok {
		t.Error("no nextLink expected when $top is satisfied")
	}
	bad := c.expect(http.MethodGet, pathSubscriptions+"?$skip=-1", nil, http.StatusBadRequest)
	conforms(t, refError, bad.body)
}

func TestExpandWhereSupported(t *testing.T) {
	for _, name := range ProfileNames() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := startBMC(t, Options{Profile: name})
			c := newClient(t, b)
			b.AddSubscription(Subscription{Destination: "https://127.0.0.1:9/x", Protocol: "Redfish", Context: "c"})
			r := c.do(http.MethodGet, pathSubscriptions+"?$expand=.($levels=1)", nil)
			root := c.expect(http.MethodGet, "/redfish/v1/", nil, http.StatusOK).json(t)
			features, _ := root["ProtocolFeaturesSupported"].(map[string]any)
			advertised := features != nil && features["ExpandQuery"].(map[string]any)["NoLinks"] == true
			if advertised != b.ProfileRules().SupportsExpand {
				t.Errorf("service root advertises expand %v, profile supports %v", advertised, b.ProfileRules().SupportsExpand)
			}
			if !b.ProfileRules().SupportsExpand {
				if r.status != http.StatusNotImplemented {
					t.Errorf("unsupported $expand: status %d, want 501", r.status)
				}
				conforms(t, refError, r.body)
				return
			}
			if r.status != http.StatusOK {
				t.Fatalf("status %d %s", r.status, r.body)
			}
			conforms(t, refCollection, r.body)
			var full map[string]any
			for _, mem := range r.json(t)["Members"].([]any) {
				if m := mem.(map[string]any); m["Destination"] == "https://127.0.0.1:9/x" {
					full = m
				}
			}
			if full == nil || full["Context"] != "c" {
				t.Errorf("expanded members lack the subscription: %s", r.body)
			}
		})
	}
}

func TestCollectionAndMemberMethodsNotAllowed(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	id := b.AddSubscription(Subscription{Destination: "https://127.0.0.1:9/x"})
	for _, tc := range []struct{ method, path, allow string }{
		{http.MethodPatch, pathSubscriptions, "GET, HEAD, POST"},
		{http.MethodPut, pathSubscriptions, "GET, HEAD, POST"},
		{http.MethodDelete, pathSubscriptions, "GET, HEAD, POST"},
		{http.MethodPut, pathSubscriptions + "/" + id, "DELETE, GET, HEAD, PATCH"},
		{http.MethodPost, pathSubscriptions + "/" + id, "DELETE, GET, HEAD, PATCH"},
		{http.MethodDelete, pathEventService, "GET, HEAD, PATCH"},
	} {
		r := c.expect(tc.method, tc.path, map[string]any{}, http.StatusMethodNotAllowed)
		if r.header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, r.header.Get("Allow"), tc.allow)
		}
		if ids := r.messageIDs(t); ids[0] != "Base.1.22.OperationNotAllowed" {
			t.Errorf("%s %s: %v", tc.method, tc.path, ids)
		}
	}
}

func TestPatchSubscription(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	loc := c.create(redfishDest("https://127.0.0.1:9/x"))
	r := c.expect(http.MethodPatch, loc, map[string]any{"Context": "new", "DeliveryRetryPolicy": "SuspendRetries", "VerifyCertificate": true}, http.StatusOK)
	conforms(t, refDestination, r.body)
	m := r.json(t)
	if m["Context"] != "new" || m["DeliveryRetryPolicy"] != "SuspendRetries" || m["VerifyCertificate"] != true {
		t.Errorf("after PATCH: %s", r.body)
	}
	for prop, val := range map[string]any{"Destination": "https://127.0.0.1:9/y", "Protocol": "Redfish", "EventTypes": []string{"Alert"}, "RegistryPrefixes": []string{"Base"}} {
		r := c.expect(http.MethodPatch, loc, map[string]any{prop: val}, http.StatusBadRequest)
		conforms(t, refError, r.body)
		if ids := r.messageIDs(t); ids[0] != "Base.1.22.PropertyNotWritable" {
			t.Errorf("PATCH %s: %v", prop, ids)
		}
	}
	r = c.expect(http.MethodPatch, loc, map[string]any{"Bogus": 1}, http.StatusBadRequest)
	if ids := r.messageIDs(t); ids[0] != "Base.1.22.PropertyUnknown" {
		t.Errorf("PATCH Bogus: %v", ids)
	}
	r = c.expect(http.MethodPatch, loc, map[string]any{"Id": "9"}, http.StatusBadRequest)
	if ids := r.messageIDs(t); ids[0] != "Base.1.22.PropertyNotWritable" {
		t.Errorf("PATCH Id: %v", ids)
	}
	c.expect(http.MethodPatch, loc, map[string]any{"DeliveryRetryPolicy": "Sometimes"}, http.StatusBadRequest)
	c.expect(http.MethodPatch, loc, map[string]any{}, http.StatusBadRequest)
	// PATCH null resets Context to unset, which reads back null.
	m = c.expect(http.MethodPatch, loc, map[string]any{"Context": nil}, http.StatusOK).json(t)
	if v, ok := m["Context"]; !ok || v != nil {
		t.Errorf("Context after null PATCH: %v", v)
	}
	s, _ := b.Subscription(strings.TrimPrefix(loc, pathSubscriptions+"/"))
	if s.DeliveryRetryPolicy != "SuspendRetries" || s.Set["Context"] {
		t.Errorf("stored: %+v", s)
	}
}

func TestHttpHeadersStoredButNeverServed(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	body := redfishDest("https://127.0.0.1:9/x")
	body["HttpHeaders"] = []map[string]string{{"Authorization": "Bearer s3cret"}, {"X-Tenant": "blue"}}
	r := c.expect(http.MethodPost, pathSubscriptions, body, http.StatusCreated)
	if strings.Contains(string(r.body), "s3cret") {
		t.Errorf("create answer leaks the header: %s", r.body)
	}
	loc := strings.TrimPrefix(r.header.Get("Location"), b.URL())
	g := c.expect(http.MethodGet, loc, nil, http.StatusOK)
	if strings.Contains(string(g.body), "s3cret") || strings.Contains(string(c.expect(http.MethodGet, pathSubscriptions+"?$expand=*", nil, 200).body), "s3cret") {
		t.Errorf("GET leaks the header: %s", g.body)
	}
	s, _ := b.Subscription(strings.TrimPrefix(loc, pathSubscriptions+"/"))
	if len(s.HttpHeaders) != 2 || s.HttpHeaders[0]["Authorization"] != "Bearer s3cret" {
		t.Errorf("stored headers: %v", s.HttpHeaders)
	}
}

func TestSuspendAndResumeActions(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	loc := c.create(redfishDest("https://127.0.0.1:9/x"))
	m := c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t)
	acts := m["Actions"].(map[string]any)
	suspend := acts["#EventDestination.SuspendSubscription"].(map[string]any)["target"].(string)
	resume := acts["#EventDestination.ResumeSubscription"].(map[string]any)["target"].(string)
	c.expect(http.MethodPost, suspend, map[string]any{}, http.StatusNoContent)
	if st := c.expect(http.MethodGet, loc, nil, 200).json(t)["Status"].(map[string]any)["State"]; st != "Disabled" {
		t.Errorf("after suspend: %v", st)
	}
	c.expect(http.MethodPost, resume, map[string]any{"DeliverBufferedEventDuration": "banana"}, http.StatusBadRequest)
	c.expect(http.MethodPost, resume, map[string]any{"DeliverBufferedEventDuration": "PT0S"}, http.StatusNoContent)
	if st := c.expect(http.MethodGet, loc, nil, 200).json(t)["Status"].(map[string]any)["State"]; st != "Enabled" {
		t.Errorf("after resume: %v", st)
	}
	c.expect(http.MethodPost, pathSubscriptions+"/999/"+actionSuspend, nil, http.StatusNotFound)
}

func TestSNMPSecretsReadBackNull(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	loc := c.create(map[string]any{
		"Destination": "snmp://trap@192.0.2.1:162", "Protocol": "SNMPv3",
		"SNMP": map[string]any{"AuthenticationKey": "Passphrase:topsecret", "AuthenticationProtocol": "HMAC_SHA96", "TrapCommunity": "public"},
	})
	r := c.expect(http.MethodGet, loc, nil, http.StatusOK)
	conforms(t, refDestination, r.body)
	snmp := r.json(t)["SNMP"].(map[string]any)
	if snmp["AuthenticationKey"] != nil || snmp["AuthenticationKeySet"] != true || snmp["TrapCommunity"] != nil {
		t.Errorf("SNMP read back: %v", snmp)
	}
	if r.json(t)["SubscriptionType"] != "SNMPTrap" {
		t.Errorf("SubscriptionType default for SNMP: %s", r.body)
	}
}

// gofish, the provider's client library, must read a paged collection whole.
func TestGofishFollowsNextLink(t *testing.T) {
	b := startBMC(t, Options{PageSize: 2})
	for i := range 5 {
		b.AddSubscription(Subscription{Destination: fmt.Sprintf("https://127.0.0.1:9/%d", i), Context: strconv.Itoa(i)})
	}
	r := newClient(t, b).expect(http.MethodGet, pathSubscriptions, nil, http.StatusOK)
	if next := r.json(t)["Members@odata.nextLink"]; next != pathSubscriptions+"?$skip=2" {
		t.Errorf("nextLink %v", next)
	}
	api, err := gofish.ConnectContext(context.Background(), gofish.ClientConfig{Endpoint: b.URL()})
	if err != nil {
		t.Fatal(err)
	}
	es, err := api.Service.EventService()
	if err != nil {
		t.Fatal(err)
	}
	subs, err := es.Subscriptions()
	if err != nil || len(subs) != 5 {
		t.Fatalf("%d subscriptions, %v", len(subs), err)
	}
	seen := map[string]bool{}
	for _, s := range subs {
		seen[s.Context] = true
	}
	if len(seen) != 5 {
		t.Errorf("contexts %v", seen)
	}
}
