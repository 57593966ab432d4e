package redfish

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stmcginnis/gofish"
)

// Fuzz targets for every parser of what a BMC sends: the service root (read
// by gofish, then our choice of authentication), the EventService, a
// subscription, a collection with its nextLinks, an error body and a
// Location. A BMC is a third-party embedded web server: whatever it
// answers, the provider must return an error, never panic or hang. `make
// fuzz` runs each for a few seconds; plain `go test` runs their seeds:
// testdata/fuzz, and DMTF's mockups in ../shared when they are there.

// mockupsDir is DMTF's mockups next to the repository (not part of it).
const mockupsDir = "../../../shared/redfish/mockups"

// mockupSeeds returns the bodies of the mockups whose path (below a mockup
// directory) matches suffix, e.g. "EventService/index.json".
func mockupSeeds(tb testing.TB, match func(rel string) bool) [][]byte {
	tb.Helper()
	var out [][]byte
	_ = filepath.WalkDir(mockupsDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return nil //nolint:nilerr // a missing directory means no seeds
		}
		rel, _ := filepath.Rel(mockupsDir, p)
		if match(filepath.ToSlash(rel)) {
			if b, err := os.ReadFile(p); err == nil {
				out = append(out, b)
			}
		}
		return nil
	})
	return out
}

func FuzzParseEventService(f *testing.F) {
	for _, b := range mockupSeeds(f, func(rel string) bool { return strings.HasSuffix(rel, "EventService/index.json") }) {
		f.Add(b)
	}
	f.Add([]byte(`{"ServiceEnabled":null,"Subscriptions":"x","Actions":{"#EventService.SubmitTestEvent":[]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		es, err := parseEventService(body)
		if err != nil {
			return
		}
		for _, p := range []string{es.ODataID, es.SubscriptionsURI, es.SubmitTestEventTarget} {
			if p != NormalizeODataID(p) {
				t.Errorf("path %q not normalised", p)
			}
		}
	})
}

func FuzzParseSubscription(f *testing.F) {
	for _, b := range mockupSeeds(f, func(rel string) bool { return strings.Contains(rel, "Subscriptions/") }) {
		f.Add(b, "/redfish/v1/EventService/Subscriptions/1")
	}
	f.Add([]byte(`{"Destination":7,"EventTypes":"Alert","Status":[],"HeartbeatIntervalMinutes":1e400}`), "")
	f.Fuzz(func(t *testing.T, body []byte, fallback string) {
		s, err := parseSubscription(body, fallback)
		if err != nil {
			return
		}
		if s.ODataID != NormalizeODataID(s.ODataID) {
			t.Errorf("ODataID %q not normalised", s.ODataID)
		}
		// What we read must be something we can send back.
		if _, err := json.Marshal(Payload(*s)); err != nil {
			t.Errorf("payload of a parsed subscription: %v", err)
		}
	})
}

// fuzzSecret is registered as a secret of the run: no error text may show it.
const fuzzSecret = "Fuzz-Secret-Value-1"

func FuzzErrorBody(f *testing.F) {
	RegisterSecrets(fuzzSecret)
	f.Add(400, []byte(`{"error":{"code":"Base.1.22.GeneralError","message":"See ExtendedInfo","@Message.ExtendedInfo":[{"MessageId":"Base.1.22.PropertyValueNotInList","MessageArgs":["x",1,null],"RelatedProperties":["#/Protocol"]}]}}`))
	f.Add(500, []byte("<html><pre>POST /redfish/v1/SessionService/Sessions\nAuthorization: Basic YWRtaW46"+fuzzSecret+"\n\n{\"Password\":\""+fuzzSecret+"\"}</pre></html>"))
	f.Add(401, []byte(`{"@Message.ExtendedInfo":{"Message":"\u0046uzz-Secret-Value-1"}}`))
	f.Add(503, []byte(strings.Repeat("x", 190)+"X-Auth-Token: "+fuzzSecret))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := newHTTPError(http.MethodPost, "/redfish/v1/EventService/Subscriptions", "https://bmc", status, body)
		msg := e.Error()
		if !strings.Contains(msg, "https://bmc") {
			t.Errorf("error lost its BMC: %s", msg)
		}
		assertNoSecret(t, "error", msg, fuzzSecret)
		_ = e.RelatedProperties()
		_ = e.HasMessage("PropertyUnknown")
		if len(e.Body) > maxBodyExcerpt+len("…") {
			t.Errorf("body excerpt of %d bytes", len(e.Body))
		}
	})
}

func FuzzLocation(f *testing.F) {
	const coll = "/redfish/v1/EventService/Subscriptions"
	f.Add("/redfish/v1/EventService/Subscriptions/5/", []byte(`{"@odata.id":"/redfish/v1/EventService/Subscriptions/5"}`))
	f.Add("https://10.0.0.5/redfish/v1/EventService/Subscriptions/5", []byte(nil))
	f.Add("redfish/v1/EventService/Subscriptions/7", []byte(`{}`))
	f.Add("5", []byte(`[]`))
	f.Add("/redfish/v1/TaskService/Tasks/1", []byte(`{"@odata.id":"/redfish/v1/EventService/Subscriptions/../../Systems/1"}`))
	f.Add("http://[::1", []byte(`{"@odata.id":7}`))
	f.Fuzz(func(t *testing.T, loc string, body []byte) {
		if p := resolveLocation(loc, coll); p != "" && !strings.HasPrefix(p, "/") && !strings.Contains(p, "://") {
			t.Errorf("resolveLocation(%q) = %q: neither a path nor a URL", loc, p)
		}
		resp := &response{status: http.StatusCreated, header: http.Header{"Location": {loc}}, body: body}
		if id := createdID(resp, coll); id != "" && !under(id, coll) {
			t.Errorf("createdID = %q: outside the collection", id)
		}
	})
}

// FuzzRedact: a registered secret never survives redaction, in any text, in
// any of the spellings a leak scan looks for.
func FuzzRedact(f *testing.F) {
	f.Add("S3cr3t/Pa55+w&rd", "Authorization: Basic ", "\r\n")
	f.Add("tok-1234", `{"X-Auth-Token":"`, `"}`)
	f.Add("p@ss:word", "https://admin:", "@10.0.0.5/")
	f.Fuzz(func(t *testing.T, secret, prefix, suffix string) {
		if len(strings.TrimSpace(secret)) < minSecretLength || strings.Contains(secret, "*") {
			return // too short to redact; "***" is the mark itself
		}
		var set secretSet
		set.register(secret)
		trimmed := strings.TrimSpace(secret)
		for _, form := range []string{secret, base64.StdEncoding.EncodeToString([]byte(secret)), url.QueryEscape(secret), url.PathEscape(secret)} {
			out := set.redact(prefix + form + suffix)
			if strings.Contains(out, form) || strings.Contains(out, trimmed) {
				t.Errorf("redact(%q) = %q", prefix+form+suffix, out)
			}
		}
	})
}

// fuzzBMC serves a fuzzed body at one path and fixed answers elsewhere.
type fuzzBMC struct {
	srv   *httptest.Server
	root  atomic.Pointer[[]byte]
	page1 atomic.Pointer[[]byte]
	page2 atomic.Pointer[[]byte]
}

const fuzzToken = "fuzz-session-token-0001"

func newFuzzBMC(tb testing.TB) *fuzzBMC {
	b := &fuzzBMC{}
	b.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost && strings.Contains(r.URL.Path, "Sessions"):
			w.Header().Set("X-Auth-Token", fuzzToken)
			w.Header().Set("Location", "/redfish/v1/SessionService/Sessions/1")
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"Id":"1"}`)
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		case r.URL.Path == "/redfish/v1" || r.URL.Path == "/redfish/v1/":
			if p := b.root.Load(); p != nil {
				_, _ = w.Write(*p)
				return
			}
			_, _ = io.WriteString(w, `{"@odata.id":"/redfish/v1","Links":{"Sessions":{"@odata.id":"/redfish/v1/SessionService/Sessions"}},"EventService":{"@odata.id":"/redfish/v1/EventService"}}`)
		case r.URL.Path == "/redfish/v1/EventService/Subscriptions" && r.URL.RawQuery == "":
			if p := b.page1.Load(); p != nil {
				_, _ = w.Write(*p)
			}
		case strings.HasPrefix(r.URL.Path, "/redfish/v1/EventService/Subscriptions"):
			if p := b.page2.Load(); p != nil {
				_, _ = w.Write(*p)
			}
		case r.URL.Path == "/redfish/v1/EventService":
			_, _ = io.WriteString(w, `{"@odata.id":"/redfish/v1/EventService","Subscriptions":{"@odata.id":"/redfish/v1/EventService/Subscriptions"}}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":{"code":"Base.1.22.ResourceNotFound","message":"not found"}}`)
		}
	}))
	tb.Cleanup(b.srv.Close)
	return b
}

func fuzzCtx(tb testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	tb.Cleanup(cancel)
	return ctx
}

// FuzzServiceRoot: any service root gets a connection (session or basic,
// as auto decides) or an error.
func FuzzServiceRoot(f *testing.F) {
	for _, b := range mockupSeeds(f, func(rel string) bool { return strings.Count(rel, "/") == 1 && strings.HasSuffix(rel, "/index.json") }) {
		f.Add(b)
	}
	f.Add([]byte(`{"Links":{"Sessions":{"@odata.id":""}}}`))
	f.Add([]byte(`{"Links":{"Sessions":"/redfish/v1/SessionService/Sessions"},"EventService":[]}`))
	b := newFuzzBMC(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		var svc gofish.Service
		_ = json.Unmarshal(body, &svc)
		b.root.Store(&body)
		p := NewPool()
		c, err := p.Client(fuzzCtx(t), ConnectionConfig{Endpoint: b.srv.URL, Username: "admin", Password: "fuzz-Pa55word",
			Timeout: 2 * time.Second, MaxRetries: 0})
		if err == nil {
			if m := c.AuthMethod(); m != AuthSession && m != AuthBasic {
				t.Errorf("auto resolved to %q", m)
			}
			_, _ = c.EventService(fuzzCtx(t))
		}
		p.Close(fuzzCtx(t))
	})
}

// FuzzCollection: any pair of collection pages (the second one serves the
// nextLinks and the members' own GETs) lists or fails, within maxPages.
func FuzzCollection(f *testing.F) {
	for _, b := range mockupSeeds(f, func(rel string) bool { return strings.HasSuffix(rel, "Subscriptions/index.json") }) {
		f.Add(b, []byte(`{"@odata.id":"/redfish/v1/EventService/Subscriptions/1","Id":"1","Destination":"https://x"}`))
	}
	f.Add([]byte(`{"Members":[{"@odata.id":"/redfish/v1/EventService/Subscriptions/1","Destination":"https://a"}],"Members@odata.nextLink":"/redfish/v1/EventService/Subscriptions?$skip=1"}`),
		[]byte(`{"Members":[],"Members@odata.nextLink":"https://bmc/redfish/v1/EventService/Subscriptions?$skip=1"}`))
	f.Add([]byte(`{"Members":[{"@odata.id":7},null,"x"]}`), []byte(`[]`))
	b := newFuzzBMC(f)
	p := NewPool()
	c, err := p.Client(fuzzCtx(f), ConnectionConfig{Endpoint: b.srv.URL, Timeout: 2 * time.Second})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, page1, page2 []byte) {
		b.page1.Store(&page1)
		b.page2.Store(&page2)
		subs, err := c.list(fuzzCtx(t), "/redfish/v1/EventService/Subscriptions")
		if err != nil {
			return
		}
		for _, s := range subs {
			if s.ODataID != NormalizeODataID(s.ODataID) {
				t.Errorf("member %q not normalised", s.ODataID)
			}
		}
	})
}
