package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
	"github.com/bmc-events/terraform-provider-bmc/internal/schemacheck"
)

// syncBuffer is an io.Writer the test can read while run writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

func waitFor(t *testing.T, out *syncBuffer, re *regexp.Regexp, n int) [][]string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindAllStringSubmatch(out.String(), -1); len(m) >= n {
			return m
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %d matches of %s in output:\n%s", n, re, out.String())
	return nil
}

// The "done when": the command starts, serves curl-able Redfish,
// creates/lists/deletes a subscription, and a SubmitTestEvent reaches a
// local listener with the headers and context.
func TestRunServesAndDelivers(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--count", "2", "--profile", "openbmc", "--tls",
			"--username", "admin", "--password", "pw", "--ca-out", caFile, "--sink-tls",
			"--fault", "service_root:503:1s*1", "--retry-interval", "10ms"}, out, io.Discard)
	}()
	urls := waitFor(t, out, regexp.MustCompile(`profile=openbmc url=(https://127\.0\.0\.1:\d+)`), 2)
	sinkURL := waitFor(t, out, regexp.MustCompile(`event sink url=(\S+)`), 1)[0][1]
	pem, err := os.ReadFile(caFile)
	if err != nil || !strings.Contains(string(pem), "BEGIN CERTIFICATE") {
		t.Fatalf("CA file: %v %q", err, pem)
	}
	hc := insecureClient()
	base := urls[0][1]
	if status, _ := call(t, hc, http.MethodGet, base+"/redfish/v1/", nil); status != http.StatusServiceUnavailable {
		t.Errorf("--fault not armed: %d", status)
	}
	if status, _ := call(t, hc, http.MethodGet, base+"/redfish/v1/", nil); status != http.StatusOK {
		t.Errorf("service root: %d", status)
	}
	status, body := call(t, hc, http.MethodPost, base+"/redfish/v1/EventService/Subscriptions", map[string]any{
		"Destination": sinkURL, "Protocol": "Redfish", "Context": "demo",
		"HttpHeaders": []map[string]string{{"X-Demo": "yes"}},
	})
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, body)
	}
	if status, body := call(t, hc, http.MethodGet, base+"/redfish/v1/EventService/Subscriptions", nil); status != 200 || !strings.Contains(body, `"Members@odata.count":1`) {
		t.Errorf("list: %d %s", status, body)
	}
	if status, _ := call(t, hc, http.MethodPost, base+"/redfish/v1/EventService/Actions/EventService.SubmitTestEvent", map[string]any{"MessageId": "Base.1.22.Success"}); status != http.StatusNoContent {
		t.Errorf("SubmitTestEvent: %d", status)
	}
	ev := waitFor(t, out, regexp.MustCompile(`event path=/events headers=\[([^\]]*)\] body=(.*)`), 1)[0]
	if !strings.Contains(ev[1], "X-Demo=yes") || !strings.Contains(ev[2], `"Context":"demo"`) {
		t.Errorf("event line %q", ev[0])
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not stop")
	}
}

func insecureClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig.InsecureSkipVerify = true //nolint:gosec // test client
	return &http.Client{Transport: tr, Timeout: 5 * time.Second}
}

func call(t *testing.T, hc *http.Client, method, url string, body any) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, url, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.SetBasicAuth("admin", "pw")
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

func TestHelpDocumentsEveryFlag(t *testing.T) {
	var errOut bytes.Buffer
	if code := run(context.Background(), []string{"--help"}, io.Discard, &errOut); code != 0 {
		t.Errorf("--help exit %d", code)
	}
	for _, flag := range []string{"addr", "profile", "tls", "username", "password", "latency", "jitter", "count", "fault", "page-size", "session-timeout", "ca-out", "sink", "max-subscriptions", "session-cap", "retry-interval", "retry-attempts", "no-query-strings", "destination-report"} {
		if !strings.Contains(errOut.String(), "-"+flag) {
			t.Errorf("--help does not document --%s", flag)
		}
	}
	for _, word := range []string{"openbmc", "subscription_create", "commit-drop", "reboot"} {
		if !strings.Contains(errOut.String(), word) {
			t.Errorf("--help does not mention %s", word)
		}
	}
}

func TestBadInvocations(t *testing.T) {
	for _, args := range [][]string{
		{"--no-such-flag"},
		{"extra"},
		{"--destination-report", "mask-password,bogus"},
	} {
		if code := run(context.Background(), args, io.Discard, io.Discard); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	for _, args := range [][]string{
		{"--addr", "127.0.0.1:0", "--profile", "nope"},
		{"--addr", "127.0.0.1:0", "--fault", "any:explode"},
		{"--addr", "127.0.0.1:0", "--ca-out", filepath.Join(t.TempDir(), "x.pem")},
	} {
		var errOut bytes.Buffer
		if code := run(context.Background(), args, io.Discard, &errOut); code != 1 {
			t.Errorf("%v: exit %d, want 1 (%s)", args, code, errOut.String())
		}
	}
}

// conforms validates body against a DMTF schema in a subtest, which skips
// (fails in CI) without ../shared/redfish, leaving the caller's behavioural
// assertions to run everywhere.
func conforms(t *testing.T, ref string, body []byte) {
	t.Helper()
	t.Run("schema "+strings.SplitN(ref, ".", 2)[0], func(t *testing.T) {
		if err := schemacheck.ForTest(t).Validate(ref, body); err != nil {
			t.Errorf("%v\nbody: %s", err, body)
		}
	})
}

// startRun starts run with args and returns its output and a stop function
// that cancels it and checks it exits 0.
func startRun(t *testing.T, args ...string) (*syncBuffer, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, out, io.Discard) }()
	stopped := false
	stop := func() {
		t.Helper()
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("exit %d; output:\n%s", code, out.String())
			}
		case <-time.After(5 * time.Second):
			t.Fatal("run did not stop")
		}
	}
	t.Cleanup(stop)
	return out, stop
}

// The "Done when", against a listener the command knows nothing
// about: start the command, create a subscription pointing at a separate
// local listener, list it, SubmitTestEvent, see the event arrive with the
// subscription's HttpHeaders and Context and validate as Event.v1_13_0,
// delete the subscription and list an empty collection. The BMC is HTTPS
// and the client trusts it through --ca-out, as a user's curl --cacert would.
func TestDoneWhenSeparateListener(t *testing.T) {
	listener, err := bmcsim.StartSink(false)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	out, stop := startRun(t, "--addr", "127.0.0.1:0", "--profile", "dmtf", "--tls", "--ca-out", caFile,
		"--username", "admin", "--password", "pw", "--retry-interval", "10ms")
	base := waitFor(t, out, regexp.MustCompile(`profile=dmtf url=(https://127\.0\.0\.1:\d+)`), 1)[0][1]
	waitFor(t, out, regexp.MustCompile(`CA certificate written`), 1)
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("--ca-out wrote no certificate: %q", pem)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	subs := base + "/redfish/v1/EventService/Subscriptions"

	if status, body := call(t, hc, http.MethodGet, base+"/redfish/v1/", nil); status != http.StatusOK || !strings.Contains(body, `"EventService"`) {
		t.Fatalf("service root: %d %s", status, body)
	}
	status, body, header := callH(t, hc, http.MethodPost, subs, map[string]any{
		"Destination": listener.URL(), "Protocol": "Redfish", "Context": "done-when",
		"HttpHeaders": []map[string]string{{"X-Done-When": "yes"}, {"Authorization": "Bearer t0k"}},
	})
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, body)
	}
	conforms(t, "EventDestination.v1_16_0.json#/definitions/EventDestination", []byte(body))
	loc := header.Get("Location")
	if !strings.HasPrefix(loc, subs+"/") {
		t.Fatalf("Location %q", loc)
	}
	status, body = call(t, hc, http.MethodGet, subs, nil)
	var coll struct {
		Count   int `json:"Members@odata.count"`
		Members []struct {
			ID string `json:"@odata.id"`
		}
	}
	if err := json.Unmarshal([]byte(body), &coll); err != nil || status != http.StatusOK || coll.Count != 1 ||
		len(coll.Members) != 1 || base+coll.Members[0].ID != loc {
		t.Fatalf("list: %d %s (%v)", status, body, err)
	}
	conforms(t, "EventDestinationCollection.json#/definitions/EventDestinationCollection", []byte(body))
	if status, body := call(t, hc, http.MethodGet, loc, nil); status != http.StatusOK || strings.Contains(body, "t0k") {
		t.Errorf("member: %d %s (HttpHeaders must not read back)", status, body)
	}

	if status, body := call(t, hc, http.MethodPost, base+"/redfish/v1/EventService/Actions/EventService.SubmitTestEvent",
		map[string]any{"MessageId": "Base.1.22.Success", "EventType": "Other"}); status != http.StatusNoContent {
		t.Fatalf("SubmitTestEvent: %d %s", status, body)
	}
	got, err := listener.WaitFor(1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ev := got[0]
	if ev.Header.Get("X-Done-When") != "yes" || ev.Header.Get("Authorization") != "Bearer t0k" || ev.Header.Get("Content-Type") != "application/json" {
		t.Errorf("event headers %v", ev.Header)
	}
	if ev.Context() != "done-when" || len(ev.MessageIDs()) != 1 || ev.MessageIDs()[0] != "Base.1.22.Success" {
		t.Errorf("event %s", ev.Body)
	}
	conforms(t, "Event.v1_13_0.json#/definitions/Event", ev.Body)

	if status, body := call(t, hc, http.MethodDelete, loc, nil); status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", status, body)
	}
	status, body = call(t, hc, http.MethodGet, subs, nil)
	if status != http.StatusOK || !strings.Contains(body, `"Members":[]`) || !strings.Contains(body, `"Members@odata.count":0`) {
		t.Errorf("list after delete: %d %s", status, body)
	}
	if status, body = call(t, hc, http.MethodGet, loc, nil); status != http.StatusNotFound {
		t.Errorf("deleted member: %d %s", status, body)
	}
	conforms(t, "redfish-error.v1_0_2.json#/definitions/RedfishError", []byte(body))
	stop()
	if len(listener.Attempts()) != 1 {
		t.Errorf("%d deliveries, want 1", len(listener.Attempts()))
	}
}

func callH(t *testing.T, hc *http.Client, method, url string, body any) (int, string, http.Header) {
	t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, url, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth("admin", "pw")
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out), resp.Header
}

// Every fault type parses from the --fault flag syntax, with and without
// its duration and count, and the duration lands where the type uses it.
func TestEveryFaultTypeParsesFromTheFlag(t *testing.T) {
	for _, ft := range bmcsim.FaultTypes() {
		for _, tc := range []struct {
			spec  string
			count int
			d     time.Duration
		}{
			{"subscription_create:" + string(ft), 0, 0},
			{"subscription_create:" + string(ft) + "*3", 3, 0},
			{"subscription_create:" + string(ft) + ":250ms", 0, 250 * time.Millisecond},
			{"subscription_create:" + string(ft) + ":2s*1", 1, 2 * time.Second},
		} {
			cfg, err := parseFlags([]string{"--fault", tc.spec, "--fault", "any:latency:1ms"}, io.Discard)
			if err != nil || len(cfg.faults) != 2 || cfg.faults[0] != tc.spec {
				t.Fatalf("%s: flags %v %v", tc.spec, cfg, err)
			}
			kind, f, err := bmcsim.ParseFault(cfg.faults[0])
			if err != nil || kind != bmcsim.KindSubscriptionCreate || f.Type != ft || f.Count != tc.count {
				t.Errorf("%s: %s %+v %v", tc.spec, kind, f, err)
				continue
			}
			var d time.Duration
			switch ft {
			case bmcsim.FaultLatency:
				d = f.Latency
			case bmcsim.FaultUnavailable:
				d = f.RetryAfter
			default:
				d = f.Duration
			}
			if d != tc.d {
				t.Errorf("%s: duration %v in the wrong place: %+v", tc.spec, tc.d, f)
			}
		}
	}
}

// One fault of each family armed through --fault takes effect on the
// command's BMC: added latency, error answers (503 with Retry-After, 500),
// broken or incomplete answers (malformed JSON, 204 without Location),
// dropped connections (reset, hang, commit then drop, reboot) and session
// expiry. Each targets its own request kind and fires once.
func TestFaultFlagsTakeEffect(t *testing.T) {
	out, _ := startRun(t, "--addr", "127.0.0.1:0", "--username", "admin", "--password", "pw",
		"--fault", "service_root:latency:300ms*1",
		"--fault", "event_service:503:2s*1",
		"--fault", "session_service:500*1",
		"--fault", "action_info:malformed-json*1",
		"--fault", "subscription_create:commit-drop*1",
		"--fault", "subscription_create:204-no-location*1",
		"--fault", "subscription_list:reset*1",
		"--fault", "subscription_get:hang*1",
		"--fault", "session_list:session-expiry*1",
		"--fault", "submit_test_event:reboot:1s*1")
	base := waitFor(t, out, regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`), 1)[0][1]
	tr := &http.Transport{DisableKeepAlives: true} // each request on its own connection
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	try := func(method, path string, body any) (int, string, http.Header, error) {
		t.Helper()
		var rd io.Reader
		if body != nil {
			data, _ := json.Marshal(body)
			rd = bytes.NewReader(data)
		}
		req, _ := http.NewRequest(method, base+path, rd)
		if rd != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		req.SetBasicAuth("admin", "pw")
		resp, err := hc.Do(req)
		if err != nil {
			return 0, "", nil, err
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(data), resp.Header, err
	}
	want := func(what string, gotStatus, wantStatus int, err error) {
		t.Helper()
		if err != nil || gotStatus != wantStatus {
			t.Errorf("%s: status %d err %v, want %d", what, gotStatus, err, wantStatus)
		}
	}

	start := time.Now()
	status, _, _, err := try(http.MethodGet, "/redfish/v1/", nil)
	want("latency", status, http.StatusOK, err)
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("latency: answered in %v", d)
	}
	status, _, h, err := try(http.MethodGet, "/redfish/v1/EventService", nil)
	want("503", status, http.StatusServiceUnavailable, err)
	if h.Get("Retry-After") != "2" {
		t.Errorf("503: Retry-After %q", h.Get("Retry-After"))
	}
	status, body, _, err := try(http.MethodGet, "/redfish/v1/SessionService", nil)
	want("500", status, http.StatusInternalServerError, err)
	conforms(t, "redfish-error.v1_0_2.json#/definitions/RedfishError", []byte(body))
	status, body, _, err = try(http.MethodGet, "/redfish/v1/EventService/SubmitTestEventActionInfo", nil)
	want("malformed-json", status, http.StatusOK, err)
	if json.Valid([]byte(body)) {
		t.Errorf("malformed-json: valid body %s", body)
	}

	dest := map[string]any{"Destination": "http://127.0.0.1:9/e", "Protocol": "Redfish"}
	if _, _, _, err := try(http.MethodPost, "/redfish/v1/EventService/Subscriptions", dest); err == nil {
		t.Error("commit-drop: the create was answered")
	}
	status, body, h, err = try(http.MethodPost, "/redfish/v1/EventService/Subscriptions", dest)
	want("204-no-location", status, http.StatusNoContent, err)
	if h.Get("Location") != "" || body != "" {
		t.Errorf("204-no-location: Location %q body %q", h.Get("Location"), body)
	}
	if _, _, _, err := try(http.MethodGet, "/redfish/v1/EventService/Subscriptions", nil); err == nil {
		t.Error("reset: the list was answered")
	}
	status, body, _, err = try(http.MethodGet, "/redfish/v1/EventService/Subscriptions", nil)
	want("list after reset", status, http.StatusOK, err)
	if !strings.Contains(body, `"Members@odata.count":2`) {
		t.Errorf("both faulted creates must exist: %s", body)
	}

	hc.Timeout = 200 * time.Millisecond
	if _, _, _, err := try(http.MethodGet, "/redfish/v1/EventService/Subscriptions/1", nil); err == nil {
		t.Error("hang: the member was answered")
	}
	hc.Timeout = 5 * time.Second
	status, _, _, err = try(http.MethodGet, "/redfish/v1/EventService/Subscriptions/1", nil)
	want("member after hang", status, http.StatusOK, err)

	status, _, h, err = try(http.MethodPost, "/redfish/v1/SessionService/Sessions", map[string]any{"UserName": "admin", "Password": "pw"})
	want("login", status, http.StatusCreated, err)
	tokenReq := func() int {
		req, _ := http.NewRequest(http.MethodGet, base+"/redfish/v1/SessionService/Sessions", nil)
		req.Header.Set("X-Auth-Token", h.Get("X-Auth-Token"))
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := tokenReq(); got != http.StatusUnauthorized {
		t.Errorf("session-expiry: the session survived (%d)", got)
	}

	if _, _, _, err := try(http.MethodPost, "/redfish/v1/EventService/Actions/EventService.SubmitTestEvent", map[string]any{"MessageId": "Base.1.22.Success"}); err == nil {
		t.Error("reboot: SubmitTestEvent was answered")
	}
	if _, _, _, err := try(http.MethodGet, "/redfish/v1/", nil); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("reboot: want connection refused, got %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		status, _, _, err := try(http.MethodGet, "/redfish/v1/", nil)
		if err == nil && status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not back after the reboot window: %d %v", status, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// --no-query-strings, --destination-report and an echo fault take effect.
func TestTestBehaviourFlags(t *testing.T) {
	out, _ := startRun(t, "--addr", "127.0.0.1:0", "--no-query-strings",
		"--destination-report", "explicit-port,drop-query", "--fault", "subscription_create:echo-500*1")
	base := waitFor(t, out, regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`), 1)[0][1]
	hc := &http.Client{Timeout: 5 * time.Second}
	dest := map[string]any{"Destination": "https://h?k=v", "Protocol": "Redfish"}
	status, body := call(t, hc, http.MethodPost, base+"/redfish/v1/EventService/Subscriptions", dest)
	if status != http.StatusInternalServerError || !strings.Contains(body, `{"Destination":"https://h?k=v","Protocol":"Redfish"}`) || !strings.Contains(body, "Authorization: Basic ") {
		t.Errorf("echo-500: %d %s", status, body)
	}
	status, _ = call(t, hc, http.MethodPost, base+"/redfish/v1/EventService/Subscriptions", dest)
	if status != http.StatusCreated {
		t.Fatalf("create: %d", status)
	}
	if status, body = call(t, hc, http.MethodGet, base+"/redfish/v1/EventService/Subscriptions/1", nil); !strings.Contains(body, `"Destination":"https://h:443/"`) {
		t.Errorf("destination report: %d %s", status, body)
	}
	if status, _ = call(t, hc, http.MethodGet, base+"/redfish/v1/EventService/Subscriptions?$top=1", nil); status != http.StatusNotFound {
		t.Errorf("query string: %d", status)
	}
}
