package bmcsim

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestFaultLatency(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	b.InjectFault(KindEventService, Fault{Type: FaultLatency, Latency: 120 * time.Millisecond, Count: 1})
	start := time.Now()
	c.expect(http.MethodGet, pathEventService, nil, http.StatusOK)
	if d := time.Since(start); d < 120*time.Millisecond {
		t.Errorf("took %v", d)
	}
	c.expect(http.MethodGet, pathEventService, nil, http.StatusOK)
	if n := b.Stats().FaultsInjected[FaultLatency]; n != 1 {
		t.Errorf("Count 1 latency applied %d times", n)
	}
}

func TestGlobalLatencyAndJitter(t *testing.T) {
	b := startBMC(t, Options{Latency: 40 * time.Millisecond, Jitter: 20 * time.Millisecond})
	c := newClient(t, b)
	start := time.Now()
	c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusOK)
	if d := time.Since(start); d < 40*time.Millisecond || d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestFault503And500(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	b.InjectFault(KindSubscriptionCreate, Fault{Type: FaultUnavailable, RetryAfter: 1500 * time.Millisecond, Count: 2})
	for range 2 {
		r := c.expect(http.MethodPost, pathSubscriptions, redfishDest("https://h/e"), http.StatusServiceUnavailable)
		conforms(t, refError, r.body)
		if r.header.Get("Retry-After") != "2" || r.messageIDs(t)[0] != "Base.1.22.ServiceTemporarilyUnavailable" {
			t.Errorf("503: %v %s", r.header, r.body)
		}
	}
	c.expect(http.MethodPost, pathSubscriptions, redfishDest("https://h/e"), http.StatusCreated)
	if len(b.Subscriptions()) != 1 {
		t.Error("a 503 must not create anything")
	}
	b.InjectFault(KindAny, Fault{Type: FaultInternalError})
	for _, p := range []string{pathEventService, "/redfish/v1"} {
		r := c.expect(http.MethodGet, p, nil, http.StatusInternalServerError)
		if r.messageIDs(t)[0] != "Base.1.22.InternalError" {
			t.Errorf("%s: %s", p, r.body)
		}
	}
	b.ClearFaults()
	c.expect(http.MethodGet, pathEventService, nil, http.StatusOK)
	if s := b.Stats(); s.FaultsInjected[FaultUnavailable] != 2 || s.FaultsInjected[FaultInternalError] != 2 {
		t.Errorf("faults counted: %v", s.FaultsInjected)
	}
}

func TestFaultReset(t *testing.T) {
	for _, useTLS := range []bool{false, true} {
		b := startBMC(t, Options{TLS: useTLS})
		c := newClient(t, b)
		b.InjectFault(KindServiceRoot, Fault{Type: FaultReset, Count: 1})
		_, err := c.try(http.MethodGet, "/redfish/v1", nil)
		if !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("tls=%v: want connection reset, got %v", useTLS, err)
		}
		c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusOK)
		eventually(t, time.Second, "the reset to be counted as dropped", func() bool { return b.Stats().ByStatus["dropped"] == 1 })
	}
}

func TestFaultHang(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	c.hc.Timeout = 150 * time.Millisecond
	b.InjectFault(KindSubscriptionList, Fault{Type: FaultHang, Count: 1})
	_, err := c.try(http.MethodGet, pathSubscriptions, nil)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("want a client timeout, got %v", err)
	}
	eventually(t, 2*time.Second, "hung request to end", func() bool { return b.Stats().InFlight == 0 })

	b.InjectFault(KindSubscriptionList, Fault{Type: FaultHang, Duration: 50 * time.Millisecond, Count: 1})
	c.hc.Timeout = 5 * time.Second
	start := time.Now()
	c.expect(http.MethodGet, pathSubscriptions, nil, http.StatusOK)
	if time.Since(start) < 50*time.Millisecond {
		t.Error("hang with a Duration must delay, then serve")
	}
}

func TestFaultCommitThenDrop(t *testing.T) {
	b := startBMC(t, Options{Username: "u", Password: "p"})
	c := newClient(t, b)
	b.InjectFault(KindSubscriptionCreate, Fault{Type: FaultCommitThenDrop, Count: 1})
	_, err := c.try(http.MethodPost, pathSubscriptions, redfishDest("https://h/e"))
	if err == nil || (!errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "EOF")) {
		t.Errorf("want EOF, got %v", err)
	}
	if subs := b.Subscriptions(); len(subs) != 1 || subs[0].Destination != "https://h/e" {
		t.Errorf("the subscription must exist: %+v", subs)
	}
	// Also for logins: the session exists, the client never learns its token.
	b.InjectFault(KindSessionCreate, Fault{Type: FaultCommitThenDrop, Count: 1})
	if _, err := c.try(http.MethodPost, pathSessions, map[string]any{"UserName": "u", "Password": "p"}); err == nil {
		t.Error("login answered")
	}
	if b.SessionCount() != 1 {
		t.Errorf("%d sessions", b.SessionCount())
	}
}

func TestFaultSessionExpiry(t *testing.T) {
	b := startBMC(t, Options{Username: "u", Password: "p"})
	c := newClient(t, b)
	c.token = c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "u", "Password": "p"}, 201).header.Get("X-Auth-Token")
	c.expect(http.MethodGet, pathEventService, nil, http.StatusOK)
	b.InjectFault(KindSubscriptionList, Fault{Type: FaultSessionExpiry, Count: 1})
	r := c.expect(http.MethodGet, pathSubscriptions, nil, http.StatusUnauthorized)
	if r.messageIDs(t)[0] != "Base.1.22.NoValidSession" {
		t.Errorf("%s", r.body)
	}
	c.expect(http.MethodGet, pathEventService, nil, http.StatusUnauthorized)
	c.token = ""
	c.expect(http.MethodGet, pathEventService, nil, http.StatusOK)
}

func TestFaultRebootWindow(t *testing.T) {
	b := startBMC(t, Options{Username: "u", Password: "p"})
	c := newClient(t, b)
	b.AddSubscription(Subscription{Destination: "https://h/e"})
	c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "u", "Password": "p"}, 201)
	addr := b.Addr()
	b.InjectFault(KindEventService, Fault{Type: FaultReboot, Duration: 800 * time.Millisecond, Count: 1})
	if _, err := c.try(http.MethodGet, pathEventService, nil); err == nil {
		t.Fatal("the request that triggered the reboot was answered")
	}
	if !b.Rebooting() {
		t.Fatal("not rebooting")
	}
	if conn, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		conn.Close()
		t.Fatal("connection accepted during the reboot window")
	} else if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("want connection refused, got %v", err)
	}
	eventually(t, 5*time.Second, "the BMC to come back", func() bool { return !b.Rebooting() })
	c.expect(http.MethodGet, pathEventService, nil, http.StatusOK)
	if b.Addr() != addr || len(b.Subscriptions()) != 1 || b.SessionCount() != 0 {
		t.Errorf("after reboot: addr %s subs %d sessions %d", b.Addr(), len(b.Subscriptions()), b.SessionCount())
	}
}

func TestFaultMalformedJSON(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	c.unchecked = true // the broken bodies are the point
	b.InjectFault(KindEventService, Fault{Type: FaultMalformedJSON, Count: 1})
	r := c.expect(http.MethodGet, pathEventService, nil, http.StatusOK)
	if json.Valid(r.body) || len(r.body) == 0 {
		t.Errorf("body is valid JSON: %q", r.body)
	}
	b.InjectFault(KindSubscriptionCreate, Fault{Type: FaultMalformedJSON, Count: 1})
	r = c.expect(http.MethodPost, pathSubscriptions, redfishDest("https://h/e"), http.StatusCreated)
	if json.Valid(r.body) || len(b.Subscriptions()) != 1 {
		t.Errorf("create with a broken answer: %q, %d subscriptions", r.body, len(b.Subscriptions()))
	}
}

func TestFaultCreateNoLocation(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	b.InjectFault(KindSubscriptionCreate, Fault{Type: FaultCreateNoLocation, Count: 1})
	r := c.expect(http.MethodPost, pathSubscriptions, redfishDest("https://h/e"), http.StatusNoContent)
	if r.header.Get("Location") != "" || len(r.body) != 0 {
		t.Errorf("Location %q body %q", r.header.Get("Location"), r.body)
	}
	if len(b.Subscriptions()) != 1 {
		t.Error("the subscription must exist")
	}
	// A failing create passes through untouched.
	b.InjectFault(KindSubscriptionCreate, Fault{Type: FaultCreateNoLocation, Count: 1})
	c.expect(http.MethodPost, pathSubscriptions, map[string]any{}, http.StatusBadRequest)
}

func TestFaultOrderKindBeforeAny(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	b.InjectFault(KindAny, Fault{Type: FaultInternalError, Count: 1})
	b.InjectFault(KindServiceRoot, Fault{Type: FaultUnavailable, Count: 1})
	c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusServiceUnavailable)
	c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusInternalServerError)
	c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusOK)
}

func TestParseFault(t *testing.T) {
	k, f, err := ParseFault("subscription_create:503:2s*3")
	if err != nil || k != KindSubscriptionCreate || f.Type != FaultUnavailable || f.RetryAfter != 2*time.Second || f.Count != 3 {
		t.Errorf("%v %+v %v", k, f, err)
	}
	if _, f, _ := ParseFault("any:latency:200ms"); f.Latency != 200*time.Millisecond {
		t.Errorf("%+v", f)
	}
	if _, f, _ := ParseFault("service_root:reboot:5s"); f.Duration != 5*time.Second {
		t.Errorf("%+v", f)
	}
	for _, bad := range []string{"", "any", "nope:503", "any:explode", "any:503:soon", "any:503*x"} {
		if _, _, err := ParseFault(bad); err == nil {
			t.Errorf("ParseFault(%q) accepted", bad)
		}
	}
}

func TestFaultControlEndpoint(t *testing.T) {
	b := startBMC(t, Options{Username: "u", Password: "p"})
	c := newClient(t, b)
	c.user = "" // control endpoints need no credentials
	c.expect(http.MethodPost, "/_bmcsim/faults", map[string]any{"spec": "service_root:500*1"}, http.StatusNoContent)
	c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusInternalServerError)
	c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusOK)
	c.expect(http.MethodPost, "/_bmcsim/faults", map[string]any{"spec": "bogus"}, http.StatusBadRequest)
	c.expect(http.MethodPost, "/_bmcsim/faults", map[string]any{"spec": "any:503"}, http.StatusNoContent)
	c.expect(http.MethodDelete, "/_bmcsim/faults", nil, http.StatusNoContent)
	c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusOK)
}
