package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
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
	for _, flag := range []string{"addr", "profile", "tls", "username", "password", "latency", "jitter", "count", "fault", "page-size", "session-timeout", "ca-out", "sink", "max-subscriptions", "session-cap", "retry-interval", "retry-attempts"} {
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
