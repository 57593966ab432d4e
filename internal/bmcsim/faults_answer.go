package bmcsim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
)

// Faults that carry an answer or a function, for the odd answers real BMCs
// give that no fixed fault produces: client tests set them in Go. They take
// arguments no --fault flag can spell, so they are not in FaultTypes.
const (
	// FaultAnswer answers with Fault.Status, Header and Body in place of
	// the BMC; the request is not performed. For answers seen in the field:
	// iLO's 400 blaming HttpHeaders (a create in the schema's array form),
	// a 403 on one member of a listing, a 429 without Retry-After.
	FaultAnswer FaultType = "answer"
	// FaultCommitThenAnswer performs the request, then answers with
	// Fault.Status, Header and Body instead of the BMC's own answer. In a
	// header value or the body, "{location}" stands for the Location (path)
	// the BMC would have sent, "{id}" for its last segment and "{body}" for
	// the BMC's own answer body. For the create answers BMCs were seen
	// to send: 200 with a body and no Location, an absolute Location, a
	// Location outside the collection, a 202 Accepted with a task.
	FaultCommitThenAnswer FaultType = "commit-answer"
	// FaultRewrite serves the request, then passes its JSON object body
	// through Fault.Rewrite: a BMC that echoes a property in its own
	// spelling, omits one, or leaves a link out of the service root.
	FaultRewrite FaultType = "rewrite"
	// FaultLateCommit performs the request Fault.Duration after it arrived
	// whether or not the client still waits, then closes the connection
	// without an answer: a BMC that finishes a create its client gave up
	// on (a request timeout or an interrupt came first).
	FaultLateCommit FaultType = "late-commit"
)

// answer serves the faults of this file.
func (b *BMC) answer(w http.ResponseWriter, r *http.Request, rt route, f Fault) {
	switch f.Type {
	case FaultAnswer:
		writeAnswer(w, f, strings.NewReplacer())
	case FaultLateCommit:
		if !b.sleep(context.WithoutCancel(r.Context()), f.Duration) {
			return // the BMC is closing
		}
		b.serveRoute(newBufferedWriter(), r, rt)
		dropConn(w)
	case FaultCommitThenAnswer:
		buf := newBufferedWriter()
		b.serveRoute(buf, r, rt)
		if f.During != nil {
			f.During()
		}
		location := buf.header.Get("Location")
		if u, err := url.Parse(location); err == nil {
			location = u.Path
		}
		writeAnswer(w, f, strings.NewReplacer("{location}", location, "{id}", path.Base(location), "{body}", buf.body.String()))
	case FaultRewrite:
		buf := newBufferedWriter()
		b.serveRoute(buf, r, rt)
		if f.During != nil {
			f.During()
		}
		var body map[string]any
		if f.Rewrite == nil || json.Unmarshal(buf.body.Bytes(), &body) != nil {
			buf.copyHeaders(w)
			w.WriteHeader(max(buf.status, http.StatusOK))
			_, _ = w.Write(buf.body.Bytes())
			return
		}
		f.Rewrite(body)
		out, _ := json.Marshal(body)
		buf.copyHeaders(w, "Content-Length")
		w.Header().Set("Content-Length", strconv.Itoa(len(out)))
		w.WriteHeader(max(buf.status, http.StatusOK))
		_, _ = w.Write(out)
	}
}

func writeAnswer(w http.ResponseWriter, f Fault, fill *strings.Replacer) {
	for k, vs := range f.Header {
		for _, v := range vs {
			w.Header().Add(k, fill.Replace(v))
		}
	}
	if f.Body != "" && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, fill.Replace(f.Body))
}

// RequestRecord is one request as the BMC received it.
type RequestRecord struct {
	Method string
	Path   string // without the query
	Query  string
	// Auth is how the request authenticated: "basic", "token" (a session's
	// X-Auth-Token) or "".
	Auth string
	// Token is the session token the request carried, for tests that
	// assert it appears nowhere it must not.
	Token      string
	Proto      string // "HTTP/1.1", "HTTP/2.0"
	RemoteAddr string // one per connection
	Body       []byte
}

// requestLogs holds, per BMC, the requests since RecordRequests; a side
// table so that a BMC nobody records pays nothing.
var requestLogs sync.Map // *BMC → *requestLog

type requestLog struct {
	mu   sync.Mutex
	reqs []RequestRecord
}

// RecordRequests starts keeping every request the BMC receives (its
// method, path, query, authentication, protocol, connection and body), for
// tests that assert what a client sent: how often it logged in, which
// requests carried a token, what a create's body held. Requests returns them.
func (b *BMC) RecordRequests() {
	requestLogs.LoadOrStore(b, &requestLog{})
}

// Requests returns the requests received since RecordRequests, oldest first.
func (b *BMC) Requests() []RequestRecord {
	l := b.requestLog()
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]RequestRecord(nil), l.reqs...)
}

// CountRequests counts the recorded requests with method whose path is
// path (trailing slash ignored) or, with prefix, starts with it.
func (b *BMC) CountRequests(method, path string, prefix bool) int {
	path = strings.TrimRight(path, "/")
	n := 0
	for _, rec := range b.Requests() {
		p := strings.TrimRight(rec.Path, "/")
		if rec.Method == method && (p == path || prefix && strings.HasPrefix(p, path)) {
			n++
		}
	}
	return n
}

// requestLog is b's record, nil when nobody asked for one.
func (b *BMC) requestLog() *requestLog {
	v, _ := requestLogs.Load(b)
	l, _ := v.(*requestLog)
	return l
}

func (b *BMC) record(r *http.Request) {
	l := b.requestLog()
	if l == nil {
		return
	}
	rec := RequestRecord{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Proto: r.Proto, RemoteAddr: r.RemoteAddr}
	switch {
	case strings.HasPrefix(r.Header.Get("Authorization"), "Basic "):
		rec.Auth = "basic"
	case r.Header.Get("X-Auth-Token") != "":
		rec.Auth, rec.Token = "token", r.Header.Get("X-Auth-Token")
	}
	if r.Body != nil {
		body, _ := io.ReadAll(r.Body)
		_ = r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec.Body = body
	}
	l.mu.Lock()
	l.reqs = append(l.reqs, rec)
	l.mu.Unlock()
}
