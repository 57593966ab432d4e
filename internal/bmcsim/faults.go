package bmcsim

import (
	"bytes"
	"fmt"
	"math"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FaultType names a failure the emulator can inject.
type FaultType string

// The faults real BMCs and the networks in front of them produce.
const (
	// FaultLatency delays the request by Latency plus up to Jitter, then
	// serves it (it combines with one other fault).
	FaultLatency FaultType = "latency"
	// FaultUnavailable answers 503 with Retry-After and Base
	// ServiceTemporarilyUnavailable, as a BMC that is busy or starting does.
	FaultUnavailable FaultType = "503"
	// FaultInternalError answers 500 with Base InternalError.
	FaultInternalError FaultType = "500"
	// FaultReset resets the TCP connection (RST) without answering.
	FaultReset FaultType = "reset"
	// FaultHang never answers: the request is held until the client gives
	// up, the BMC closes, or Duration passes (then it is served).
	FaultHang FaultType = "hang"
	// FaultCommitThenDrop performs the request (the subscription or session
	// exists) and closes the connection instead of answering.
	FaultCommitThenDrop FaultType = "commit-drop"
	// FaultSessionExpiry invalidates every session now, then serves the
	// request (which fails with 401 if it used a session token).
	FaultSessionExpiry FaultType = "session-expiry"
	// FaultReboot drops the connection and closes the listener for Duration
	// (default 5s), so connections are refused; then the BMC listens on the
	// same port again. Sessions do not survive; subscriptions do (bmcweb and
	// iDRAC persist them).
	FaultReboot FaultType = "reboot"
	// FaultMalformedJSON serves the request, then sends its body cut in
	// half (or "{" when it had none) with the real status.
	FaultMalformedJSON FaultType = "malformed-json"
	// FaultCreateNoLocation performs a create and answers 204 with neither
	// Location nor body, leaving the client to find its resource.
	FaultCreateNoLocation FaultType = "204-no-location"

	// The echo faults answer with the request quoted in full: the request
	// line, every header (Authorization and X-Auth-Token included) and the
	// body, untruncated and unescaped, as misbehaving BMCs and proxies do.
	// The request is not performed (a create creates nothing). They exist
	// to prove a client never repeats such an answer where secrets matter.

	// FaultEchoHTML answers 502 with an HTML page, as a reverse proxy does.
	FaultEchoHTML FaultType = "echo-html"
	// FaultEchoRedfish answers 400 with a Redfish error whose
	// @Message.ExtendedInfo Message quotes the request and whose
	// MessageArgs hold its request line, headers and body.
	FaultEchoRedfish FaultType = "echo-redfish"
	// FaultEcho500 answers 500 with the request as a text/plain body.
	FaultEcho500 FaultType = "echo-500"

	// Transient garbage: 200 answers that carry nothing a client may read
	// as the resource (or as its absence). The request is not performed.

	// FaultError200 answers 200 with a Redfish error body.
	FaultError200 FaultType = "error-200"
	// FaultEmpty200 answers 200 with an empty body.
	FaultEmpty200 FaultType = "empty-200"
	// FaultEmptyObject200 answers 200 with the body {}.
	FaultEmptyObject200 FaultType = "empty-object-200"
)

// FaultTypes lists every fault type.
func FaultTypes() []FaultType {
	return []FaultType{
		FaultLatency, FaultUnavailable, FaultInternalError, FaultReset, FaultHang,
		FaultCommitThenDrop, FaultSessionExpiry, FaultReboot, FaultMalformedJSON,
		FaultCreateNoLocation, FaultEchoHTML, FaultEchoRedfish, FaultEcho500,
		FaultError200, FaultEmpty200, FaultEmptyObject200,
	}
}

// Fault is one injected failure.
type Fault struct {
	Type FaultType
	// Count is how many requests it hits; 0 means until ClearFaults.
	Count      int
	Latency    time.Duration // FaultLatency
	Jitter     time.Duration // FaultLatency
	RetryAfter time.Duration // FaultUnavailable; 0 means 1s
	Duration   time.Duration // FaultReboot window (0 means 5s), FaultHang limit

	// Match, when set, limits the fault to the requests it accepts (one
	// member's path, a query string…); others pass it by without using
	// up its Count.
	Match func(*http.Request) bool
	// Status, Header and Body are the answer of FaultAnswer and
	// FaultCommitThenAnswer (see faults_answer.go).
	Status int
	Header http.Header
	Body   string
	// Rewrite edits the JSON body a FaultRewrite passes on.
	Rewrite func(body map[string]any)
	// During, when set, runs after a FaultCommitThenAnswer or FaultRewrite
	// performed the request and before it answers, outside the BMC's lock:
	// another client's change landing at that moment (its create, while
	// ours is answered with an error).
	During func()
}

type activeFault struct {
	f    Fault
	left int // remaining hits when f.Count > 0
}

// InjectFault arms f for requests of kind (KindAny: every request).
// Faults for the request's own kind are taken before KindAny ones; latency
// faults all apply, then the first other fault does.
func (b *BMC) InjectFault(kind RequestKind, f Fault) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.faults[kind] = append(b.faults[kind], &activeFault{f: f, left: f.Count})
}

// ClearFaults disarms every fault.
func (b *BMC) ClearFaults() {
	b.mu.Lock()
	defer b.mu.Unlock()
	clear(b.faults)
}

// takeFaults consumes the faults that hit r, a request of kind.
func (b *BMC) takeFaults(kind RequestKind, r *http.Request) (latency []Fault, other *Fault) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, k := range []RequestKind{kind, KindAny} {
		list := b.faults[k]
		for _, af := range list {
			if af.f.Count > 0 && af.left <= 0 {
				continue
			}
			if af.f.Type != FaultLatency && other != nil {
				continue
			}
			if af.f.Match != nil && !af.f.Match(r) {
				continue
			}
			af.left--
			if af.f.Type == FaultLatency {
				latency = append(latency, af.f)
			} else {
				f := af.f
				other = &f
			}
		}
		b.faults[k] = slices.DeleteFunc(list, func(af *activeFault) bool { return af.f.Count > 0 && af.left <= 0 })
	}
	return latency, other
}

// serveWithFaults applies the armed faults around a route.
func (b *BMC) serveWithFaults(w http.ResponseWriter, r *http.Request, rt route) {
	b.record(r)
	latency, f := b.takeFaults(rt.kind, r)
	for _, l := range latency {
		b.stats.fault(FaultLatency)
		if !b.sleep(r.Context(), b.jittered(l.Latency, l.Jitter)) {
			return
		}
	}
	if f == nil {
		b.serveRoute(w, r, rt)
		return
	}
	b.stats.fault(f.Type)
	switch f.Type {
	case FaultUnavailable:
		secs := ceilSeconds(f.RetryAfter, time.Second)
		w.Header().Set("Retry-After", secs)
		b.fail(w, http.StatusServiceUnavailable, baseMsg("ServiceTemporarilyUnavailable", secs))
	case FaultInternalError:
		b.fail(w, http.StatusInternalServerError, baseMsg("InternalError"))
	case FaultReset:
		resetConn(w)
	case FaultHang:
		if b.hang(r, f.Duration) {
			b.serveRoute(w, r, rt)
		}
	case FaultCommitThenDrop:
		b.serveRoute(newBufferedWriter(), r, rt)
		dropConn(w)
	case FaultSessionExpiry:
		b.ExpireSessions()
		b.serveRoute(w, r, rt)
	case FaultReboot:
		// Listener first: a client that retries on a fresh connection
		// (net/http does for idempotent requests) must find it refused.
		b.Reboot(f.Duration)
		dropConn(w)
	case FaultMalformedJSON:
		buf := newBufferedWriter()
		b.serveRoute(buf, r, rt)
		buf.sendTruncated(w)
	case FaultCreateNoLocation:
		buf := newBufferedWriter()
		b.serveRoute(buf, r, rt)
		buf.sendWithoutLocation(w)
	case FaultEchoHTML, FaultEchoRedfish, FaultEcho500:
		b.echo(w, r, f.Type)
	case FaultError200, FaultEmpty200, FaultEmptyObject200:
		b.garbage200(w, f.Type)
	case FaultAnswer, FaultCommitThenAnswer, FaultRewrite, FaultLateCommit:
		b.answer(w, r, rt, *f)
	default:
		b.serveRoute(w, r, rt)
	}
}

// hang holds a request; true means the limit passed and it should be served.
func (b *BMC) hang(r *http.Request, limit time.Duration) bool {
	var expire <-chan time.Time
	if limit > 0 {
		t := time.NewTimer(limit)
		defer t.Stop()
		expire = t.C
	}
	select {
	case <-r.Context().Done():
		return false
	case <-b.ctx.Done():
		return false
	case <-expire:
		return true
	}
}

// Reboot closes the listener and every connection for d (0 means 5s), as a
// BMC restarting its web server; clients get "connection refused". Then it
// listens on the same port again. Sessions are lost.
func (b *BMC) Reboot(d time.Duration) {
	if d <= 0 {
		d = 5 * time.Second
	}
	b.mu.Lock()
	if b.closed || b.rebooting {
		b.mu.Unlock()
		return
	}
	b.rebooting = true
	ln := b.ln
	conns := make([]net.Conn, 0, len(b.conns))
	for c := range b.conns {
		conns = append(conns, c)
	}
	clear(b.sessions)
	b.bg.Add(1)
	b.mu.Unlock()
	_ = ln.Close()
	for _, c := range conns {
		_ = c.Close()
	}
	go func() {
		defer b.bg.Done()
		if b.sleep(b.ctx, d) {
			b.relisten()
		}
	}()
}

// relisten reopens the BMC's port after a reboot window.
func (b *BMC) relisten() {
	var ln net.Listener
	var err error
	for range 40 {
		if ln, err = net.Listen("tcp", b.addr); err == nil {
			break
		}
		if !b.sleep(b.ctx, 50*time.Millisecond) {
			return
		}
	}
	if err != nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		_ = ln.Close()
		return
	}
	b.ln = ln
	b.rebooting = false
	go b.serve(ln)
}

// Rebooting reports whether the BMC is inside a reboot window.
func (b *BMC) Rebooting() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.rebooting
}

// dropConn closes the connection without an answer (a FIN).
func dropConn(w http.ResponseWriter) {
	c, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		abortStream()
	}
	_ = c.Close()
}

// abortStream ends a request that cannot be hijacked (HTTP/2, see
// Options.HTTP2) without an answer: net/http's HTTP/2 server resets the
// stream (RST_STREAM) on this panic, so the client loses the answer as it
// does when an HTTP/1.1 connection is cut; the connection's other streams
// carry on.
func abortStream() {
	panic(http.ErrAbortHandler)
}

// resetConn aborts the connection with an RST: SO_LINGER 0, then close the
// TCP socket under any TLS layer (no close_notify).
func resetConn(w http.ResponseWriter) {
	c, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		abortStream()
	}
	raw := c
	if nc, ok := c.(interface{ NetConn() net.Conn }); ok {
		raw = nc.NetConn()
	}
	if tcp, ok := raw.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = raw.Close()
}

func ceilSeconds(d, def time.Duration) string {
	if d <= 0 {
		d = def
	}
	return strconv.FormatInt(int64(math.Ceil(d.Seconds())), 10)
}

// bufferedWriter holds a response so a fault can mangle it.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newBufferedWriter() *bufferedWriter { return &bufferedWriter{header: http.Header{}} }

func (bw *bufferedWriter) Header() http.Header { return bw.header }
func (bw *bufferedWriter) Write(p []byte) (int, error) {
	if bw.status == 0 {
		bw.status = http.StatusOK
	}
	return bw.body.Write(p)
}
func (bw *bufferedWriter) WriteHeader(code int) {
	if bw.status == 0 {
		bw.status = code
	}
}

func (bw *bufferedWriter) copyHeaders(w http.ResponseWriter, skip ...string) {
	for k, v := range bw.header {
		if !slices.Contains(skip, k) {
			w.Header()[k] = v
		}
	}
}

func (bw *bufferedWriter) sendTruncated(w http.ResponseWriter) {
	body := bw.body.Bytes()
	if len(body) > 1 {
		body = body[:len(body)/2]
	} else {
		body = []byte("{")
	}
	bw.copyHeaders(w, "Content-Length")
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	status := bw.status
	if status == 0 || status == http.StatusNoContent {
		status = http.StatusOK // 204 cannot carry the broken body
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (bw *bufferedWriter) sendWithoutLocation(w http.ResponseWriter) {
	if bw.status != http.StatusCreated && bw.status != http.StatusNoContent {
		bw.copyHeaders(w)
		w.WriteHeader(bw.status)
		_, _ = w.Write(bw.body.Bytes())
		return
	}
	bw.copyHeaders(w, "Location", "Content-Length", "Content-Type")
	w.WriteHeader(http.StatusNoContent)
}

// ParseFault reads the --fault syntax "kind:type[:arg][*count]", e.g.
// "subscription_create:503:2s*3" (three 503s with Retry-After: 2),
// "any:latency:200ms", "service_root:reboot:5s", "session_create:commit-drop".
// arg is a duration: the latency, Retry-After, reboot window or hang limit.
func ParseFault(spec string) (RequestKind, Fault, error) {
	var f Fault
	body, count, hasCount := strings.Cut(spec, "*")
	if hasCount {
		n, err := strconv.Atoi(count)
		if err != nil || n < 0 {
			return "", f, fmt.Errorf("bmcsim: fault %q: count %q is not a non-negative number", spec, count)
		}
		f.Count = n
	}
	parts := strings.SplitN(body, ":", 3)
	if len(parts) < 2 {
		return "", f, fmt.Errorf("bmcsim: fault %q: want kind:type[:arg][*count]", spec)
	}
	kind := RequestKind(parts[0])
	if !slices.Contains(RequestKinds(), kind) {
		return "", f, fmt.Errorf("bmcsim: fault %q: unknown request kind %q", spec, parts[0])
	}
	f.Type = FaultType(parts[1])
	if !slices.Contains(FaultTypes(), f.Type) {
		return "", f, fmt.Errorf("bmcsim: fault %q: unknown fault type %q", spec, parts[1])
	}
	if len(parts) == 3 {
		d, err := time.ParseDuration(parts[2])
		if err != nil {
			return "", f, fmt.Errorf("bmcsim: fault %q: %w", spec, err)
		}
		switch f.Type {
		case FaultLatency:
			f.Latency = d
		case FaultUnavailable:
			f.RetryAfter = d
		default:
			f.Duration = d
		}
	}
	return kind, f, nil
}
