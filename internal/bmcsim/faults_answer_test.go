package bmcsim

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultAnswer(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	c.unchecked = true // the answers are the fault's, not the BMC's
	b.InjectFault(KindSubscriptionCreate, Fault{Type: FaultAnswer, Count: 1, Status: http.StatusTooManyRequests,
		Header: http.Header{"X-Why": {"busy"}}, Body: `{"error":{"code":"Base.1.22.GeneralError"}}`})
	r := c.do(http.MethodPost, pathSubscriptions, redfishDest("https://h/e"))
	if r.status != http.StatusTooManyRequests || r.header.Get("X-Why") != "busy" || !strings.Contains(string(r.body), "GeneralError") {
		t.Fatalf("got %d %v %s", r.status, r.header, r.body)
	}
	if r.header.Get("Content-Type") != "application/json" {
		t.Errorf("Content-Type %q", r.header.Get("Content-Type"))
	}
	if n := len(b.Subscriptions()); n != 0 {
		t.Fatalf("the answered create created %d subscriptions", n)
	}
	c.expect(http.MethodPost, pathSubscriptions, redfishDest("https://h/e"), http.StatusCreated)
}

func TestFaultMatch(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	c.unchecked = true
	first, second := c.create(redfishDest("https://h/1")), c.create(redfishDest("https://h/2"))
	b.InjectFault(KindSubscriptionGet, Fault{Type: FaultAnswer, Count: 1, Status: http.StatusForbidden,
		Match: func(r *http.Request) bool { return strings.TrimRight(r.URL.Path, "/") == second }})
	c.expect(http.MethodGet, first, nil, http.StatusOK) // passes the fault by, not using it up
	c.expect(http.MethodGet, second, nil, http.StatusForbidden)
	c.expect(http.MethodGet, second, nil, http.StatusOK)

	b.InjectFault(KindSubscriptionList, Fault{Type: FaultAnswer, Status: http.StatusBadRequest,
		Match: func(r *http.Request) bool { return r.URL.Query().Has("$expand") }})
	c.expect(http.MethodGet, pathSubscriptions, nil, http.StatusOK)
	c.expect(http.MethodGet, pathSubscriptions+"?$expand=.", nil, http.StatusBadRequest)
	c.expect(http.MethodGet, pathSubscriptions+"?$expand=.", nil, http.StatusBadRequest) // Count 0: until cleared
}

func TestFaultCommitThenAnswer(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	c.unchecked = true
	b.InjectFault(KindSubscriptionCreate, Fault{Type: FaultCommitThenAnswer, Count: 1, Status: http.StatusOK,
		Header: http.Header{"Location": {"https://elsewhere.example.com{location}"}, "X-Id": {"{id}"}}, Body: `{"@odata.id":"{location}","was":{body}}`})
	r := c.do(http.MethodPost, pathSubscriptions, redfishDest("https://h/e"))
	subs := b.Subscriptions()
	if len(subs) != 1 {
		t.Fatalf("the create was not performed: %d subscriptions", len(subs))
	}
	want := pathSubscriptions + "/" + subs[0].ID
	if r.status != http.StatusOK || r.header.Get("Location") != "https://elsewhere.example.com"+want || r.header.Get("X-Id") != subs[0].ID ||
		!strings.HasPrefix(string(r.body), `{"@odata.id":"`+want+`","was":{`) || !strings.Contains(string(r.body), `"Destination":"https://h/e"`) {
		t.Fatalf("got %d Location %q body %s, want %s filled in", r.status, r.header.Get("Location"), r.body, want)
	}
}

func TestFaultRewrite(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	c.unchecked = true
	b.InjectFault(KindServiceRoot, Fault{Type: FaultRewrite, Count: 1, Rewrite: func(m map[string]any) { delete(m, "EventService") }})
	if _, ok := c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusOK).json(t)["EventService"]; ok {
		t.Fatal("the rewrite left EventService in the service root")
	}
	if _, ok := c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusOK).json(t)["EventService"]; !ok {
		t.Fatal("Count 1 rewrote the second answer too")
	}
}

func TestRecordRequests(t *testing.T) {
	b := startBMC(t, Options{Username: "admin", Password: "pw"})
	c := newClient(t, b)
	c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusOK)
	if got := b.Requests(); got != nil {
		t.Fatalf("requests recorded before RecordRequests: %+v", got)
	}
	b.RecordRequests()
	c.create(redfishDest("https://h/e"))
	c.expect(http.MethodGet, pathSubscriptions+"?$skip=0", nil, http.StatusOK)
	got := b.Requests()
	if len(got) != 2 {
		t.Fatalf("recorded %+v", got)
	}
	if got[0].Method != http.MethodPost || got[0].Auth != "basic" || !strings.Contains(string(got[0].Body), "https://h/e") ||
		got[0].Proto != "HTTP/1.1" || got[0].RemoteAddr == "" {
		t.Errorf("create recorded as %+v", got[0])
	}
	if got[1].Path != pathSubscriptions || got[1].Query != "$skip=0" {
		t.Errorf("list recorded as %+v", got[1])
	}
	c.token = c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "admin", "Password": "pw"}, http.StatusCreated).header.Get("X-Auth-Token")
	c.expect(http.MethodGet, "/redfish/v1/EventService", nil, http.StatusOK)
	if last := b.Requests()[len(b.Requests())-1]; last.Auth != "token" || last.Token != c.token {
		t.Errorf("a request with a session token recorded as %+v", last)
	}
	if n := b.CountRequests(http.MethodGet, pathSubscriptions+"/", false); n != 1 {
		t.Errorf("CountRequests exact = %d", n)
	}
	if n := b.CountRequests(http.MethodPost, "/redfish/v1/EventService", true); n != 1 {
		t.Errorf("CountRequests prefix = %d", n)
	}
}

func TestFaultLateCommit(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	c.hc.Timeout = 50 * time.Millisecond // the client gives up first
	b.InjectFault(KindSubscriptionCreate, Fault{Type: FaultLateCommit, Count: 1, Duration: 300 * time.Millisecond})
	if _, err := c.try(http.MethodPost, pathSubscriptions, redfishDest("https://h/e")); err == nil {
		t.Fatal("the client got an answer")
	}
	if n := len(b.Subscriptions()); n != 0 {
		t.Fatalf("created before its time: %d subscriptions", n)
	}
	eventually(t, 10*time.Second, "the late create", func() bool { return len(b.Subscriptions()) == 1 })
}

func TestFaultDuring(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	c.unchecked = true
	b.InjectFault(KindSubscriptionCreate, Fault{Type: FaultCommitThenAnswer, Count: 1, Status: http.StatusBadGateway,
		During: func() { b.AddSubscription(Subscription{Destination: "https://h/other", Protocol: "Redfish"}) }})
	if r := c.do(http.MethodPost, pathSubscriptions, redfishDest("https://h/e")); r.status != http.StatusBadGateway {
		t.Fatalf("status %d", r.status)
	}
	if n := len(b.Subscriptions()); n != 2 {
		t.Fatalf("%d subscriptions, want ours and the one created meanwhile", n)
	}
}
