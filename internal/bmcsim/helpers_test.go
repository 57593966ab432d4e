package bmcsim

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/schemacheck"
)

// Schema references of the bodies the emulator serves and sends.
const (
	refEventService = "EventService.v1_12_0.json#/definitions/EventService"
	refDestination  = "EventDestination.v1_16_0.json#/definitions/EventDestination"
	refCollection   = "EventDestinationCollection.json#/definitions/EventDestinationCollection"
	refActionInfo   = "ActionInfo.v1_5_0.json#/definitions/ActionInfo"
	refEvent        = "Event.v1_13_0.json#/definitions/Event"
	refError        = "redfish-error.v1_0_2.json#/definitions/RedfishError"
	refMessage      = "Message.v1_3_0.json#/definitions/Message"
)

// conforms validates body against a DMTF schema in a subtest, which skips
// (or fails in CI) when ../shared/redfish is absent, leaving the
// behavioural assertions of the caller to run everywhere.
func conforms(t *testing.T, ref string, body []byte) {
	t.Helper()
	name := "schema " + strings.SplitN(ref, ".", 2)[0]
	t.Run(name, func(t *testing.T) {
		t.Helper()
		v := schemacheck.ForTest(t)
		if err := v.Validate(ref, nullHeadersToEmpty(t, body)); err != nil {
			t.Errorf("%v\nbody: %s", err, body)
		}
	})
}

// nullHeadersToEmpty swaps "HttpHeaders": null for []. EventDestination's
// HttpHeaders says "This object shall be null or an empty array in
// responses", yet its JSON Schema types it as "array" only; the emulator
// follows the normative text (profiles with HTTPHeadersNull send null), so
// validation forgives exactly that contradiction and nothing else.
func nullHeadersToEmpty(t *testing.T, body []byte) []byte {
	out, changed := swapNullHeaders(body)
	if changed {
		t.Log("HttpHeaders null validated as [] (schema types it array, its description allows null)")
	}
	return out
}

func swapNullHeaders(body []byte) ([]byte, bool) {
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return body, false
	}
	changed := false
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if k == "HttpHeaders" && e == nil {
					x[k] = []any{}
					changed = true
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(doc)
	if !changed {
		return body, false
	}
	out, _ := json.Marshal(doc)
	return out, true
}

// conformsMessages validates every entry of an @Message.ExtendedInfo array.
func conformsMessages(t *testing.T, body []byte) {
	t.Helper()
	var m struct {
		Info []json.RawMessage `json:"@Message.ExtendedInfo"`
	}
	if err := json.Unmarshal(body, &m); err != nil || len(m.Info) == 0 {
		t.Fatalf("no @Message.ExtendedInfo in %s", body)
	}
	for _, info := range m.Info {
		conforms(t, refMessage, info)
	}
}

func startBMC(t *testing.T, opts Options) *BMC {
	t.Helper()
	b, err := Start(opts)
	if err != nil {
		t.Fatalf("Start(%+v): %v", opts, err)
	}
	t.Cleanup(b.Close)
	return b
}

// startSink starts a Sink for one test; when the test ends, every POST it
// received (retried and refused ones included) is validated as an Event.
func startSink(t *testing.T, useTLS bool) *Sink {
	t.Helper()
	s := startRawSink(t, useTLS)
	t.Cleanup(func() {
		for _, ev := range s.Attempts() {
			checkEvent(t, ev)
		}
	})
	return s
}

// startRawSink is a Sink whose deliveries are not validated, for tests that
// post to it by hand.
func startRawSink(t *testing.T, useTLS bool) *Sink {
	t.Helper()
	s, err := StartSink(useTLS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// client talks to one BMC the way a Redfish client would. Every body it
// receives is validated (checkServed) unless unchecked is set, which only
// tests that make the emulator send broken JSON on purpose do.
type client struct {
	t         *testing.T
	base      string
	hc        *http.Client
	user      string
	pass      string
	token     string
	unchecked bool
	// contentType is sent with a body: "" means application/json, "-" none.
	contentType string
}

func newClient(t *testing.T, b *BMC) *client {
	tr := &http.Transport{}
	if pool := b.CertPool(); pool != nil {
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &client{t: t, base: b.URL(), hc: &http.Client{Transport: tr, Timeout: 10 * time.Second}, user: b.opts.Username, pass: b.opts.Password}
}

// response is a finished request.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("status %d, body is not a JSON object: %v: %q", r.status, err, r.body)
	}
	return m
}

// messageIDs lists the MessageIds of an error body's @Message.ExtendedInfo.
func (r response) messageIDs(t *testing.T) []string {
	t.Helper()
	var e redfishError
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("not an error body: %q", r.body)
	}
	var ids []string
	for _, m := range e.Error.ExtendedInfo {
		ids = append(ids, m.MessageID)
	}
	return ids
}

func (c *client) do(method, path string, body any) response {
	c.t.Helper()
	r, err := c.try(method, path, body)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// try is do for requests that may fail at the transport level.
func (c *client) try(method, path string, body any) (response, error) {
	c.t.Helper()
	var rd io.Reader
	switch v := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(v)
	case []byte:
		rd = bytes.NewReader(v)
	case io.Reader: // unknown length: sent chunked
		rd = v
	default:
		data, err := json.Marshal(v)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	url := path
	if strings.HasPrefix(path, "/") {
		url = c.base + path
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if rd != nil {
		switch c.contentType {
		case "":
			req.Header.Set("Content-Type", "application/json")
		case "-":
		default:
			req.Header.Set("Content-Type", c.contentType)
		}
	}
	switch {
	case c.token != "":
		req.Header.Set("X-Auth-Token", c.token)
	case c.user != "":
		req.SetBasicAuth(c.user, c.pass)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, err
	}
	if !c.unchecked {
		checkServed(c.t, method, req.URL.Path, resp.StatusCode, resp.Header, data)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

func (c *client) expect(method, path string, body any, status int) response {
	c.t.Helper()
	r := c.do(method, path, body)
	if r.status != status {
		c.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.status, status, r.body)
	}
	return r
}

// create POSTs a subscription and returns its path (from Location).
func (c *client) create(body any) string {
	c.t.Helper()
	r := c.do(http.MethodPost, pathSubscriptions, body)
	if r.status != http.StatusCreated && r.status != http.StatusNoContent {
		c.t.Fatalf("create: status %d: %s", r.status, r.body)
	}
	loc := r.header.Get("Location")
	if loc == "" {
		c.t.Fatalf("create: no Location")
	}
	return strings.TrimPrefix(loc, c.base)
}

func redfishDest(url string) map[string]any {
	return map[string]any{"Destination": url, "Protocol": "Redfish", "Context": "ctx-1"}
}

// sharedRegistry reads a registry file from ../shared/redfish/registries,
// skipping (failing in CI) when it is absent, like schemacheck.ForTest.
func sharedRegistry(t *testing.T, name string) []byte {
	t.Helper()
	dir, _ := sharedRedfishDir()
	data, err := os.ReadFile(filepath.Join(dir, "registries", name))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("registry %s: %v", name, err)
		}
		t.Skipf("DMTF registries not found beside the repo (../shared/redfish): %v", err)
	}
	return data
}

// eventually polls cond until it holds or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func boolPtr(b bool) *bool { return &b }

// messageListIDs lists the MessageIds of a {"@Message.ExtendedInfo": […]}
// body, checking each message against the schema.
func messageListIDs(t *testing.T, body []byte) []string {
	t.Helper()
	conformsMessages(t, body)
	var m struct {
		Info []Message `json:"@Message.ExtendedInfo"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("not a message list: %s", body)
	}
	var ids []string
	for _, msg := range m.Info {
		ids = append(ids, msg.MessageID)
	}
	return ids
}

// createBody is a create every profile takes: redfishDest plus the
// EventTypes the profile requires.
func createBody(b *BMC, url string) map[string]any {
	body := redfishDest(url)
	if p := b.ProfileRules(); p.RequireEventTypes {
		body["EventTypes"] = slices.Clone(p.EventTypesForSubscription)
	}
	return body
}
