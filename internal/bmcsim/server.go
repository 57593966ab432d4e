package bmcsim

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures one emulated BMC.
type Options struct {
	// Profile is one of ProfileNames(); "" means "dmtf".
	Profile string
	// TLS serves HTTPS with a certificate, for 127.0.0.1, ::1 and localhost,
	// signed by a CA generated at start (see CACertPEM).
	TLS bool
	// Username empty means no authentication is required at all.
	Username string
	Password string
	// Latency (plus a uniformly random 0..Jitter) is added to every request.
	Latency time.Duration
	Jitter  time.Duration
	// SessionIdleTimeout 0 means the profile's default.
	SessionIdleTimeout time.Duration
	// DeliveryRootCAs is trusted, besides the system roots, when delivering
	// events to https destinations whose subscription verifies certificates
	// (VerifyCertificate true, or unset and the profile verifies by default).
	DeliveryRootCAs *x509.CertPool
	// DeliveryRetryInterval 0 means 1s; the EventService reports it, rounded
	// up, as DeliveryRetryIntervalSeconds.
	DeliveryRetryInterval time.Duration
	// DeliveryRetryAttempts 0 means 3; negative means no retries.
	DeliveryRetryAttempts int
	// DeliveryTimeout bounds one delivery POST; 0 means 5s.
	DeliveryTimeout time.Duration
	// Addr "" means 127.0.0.1:0 (a free port).
	Addr string
	// PageSize is the Members page of collections; 0 means 50.
	PageSize int
	// MaxSubscriptions overrides the profile's cap: 0 keeps it, <0 removes it.
	MaxSubscriptions int
	// SessionCap overrides the profile's concurrent-session cap: 0 keeps it,
	// <0 removes it.
	SessionCap int
	// NoQueryStrings answers every request whose URI has a query string
	// ($expand, $skip, $top, anything) 404 with Base InvalidURI, while the
	// service root still advertises ProtocolFeaturesSupported.ExpandQuery
	// (and TopSkipQuery): a service, or a proxy in front of one, that
	// routes on the whole request target. Collections then never page (a
	// nextLink would 404): keep PageSize above the member count.
	NoQueryStrings bool
	// Destination adds rewrites to how subscriptions report Destination, on
	// top of the profile's own (Profile.DestinationReport).
	Destination DestinationReport
	// Paths serves resources at other URIs than DMTF's: each key is a path
	// the emulator serves (and everything below it), its value where to
	// serve it instead, e.g. "/redfish/v1/EventService" →
	// "/redfish/v1/Managers/bmc/EventService" as some firmware places it.
	// Links, @odata.id and Location follow; the DMTF path then answers 404,
	// so a client must discover the URIs from the service root. The longest
	// matching key wins.
	Paths map[string]string
	// HTTP2 offers HTTP/2 (ALPN "h2") on the TLS listener, as bmcweb does;
	// without it the BMC speaks HTTP/1.1 only. Over HTTP/2, faults that cut
	// the connection (reset, commit-drop, reboot, late-commit) reset the
	// request's stream instead: the answer is lost all the same.
	HTTP2 bool

	ca            *certAuthority // shared by a Fleet
	heartbeatUnit time.Duration  // what HeartbeatIntervalMinutes counts; tests shrink it
}

// BMC is one emulated BMC listening on a loopback port.
type BMC struct {
	opts    Options
	profile Profile
	ca      *certAuthority
	tlsConf *tls.Config
	srv     *http.Server
	addr    string // host:port, fixed for the BMC's life (reboots reuse it)
	uuid    string

	ctx    context.Context // cancelled by Close: ends hangs, retries, heartbeats
	cancel context.CancelFunc
	bg     sync.WaitGroup // background goroutines (deliveries, reboots, heartbeats)

	mu        sync.Mutex
	ln        net.Listener
	conns     map[net.Conn]struct{}
	closed    bool
	rebooting bool
	subs      map[string]*subRecord
	seq       int64
	nextID    int
	sessions  map[string]*session // by token
	evsvc     eventServiceState
	faults    map[RequestKind][]*activeFault
	rnd       *rand.Rand

	eventSeq atomic.Int64
	accepted atomic.Int64 // connections accepted, see Connections
	stats    *accounting
	delivery *deliveryClients
}

// eventServiceState is what PATCH on the EventService can change.
type eventServiceState struct {
	enabled       bool
	retryAttempts int
	retryInterval time.Duration
}

// Start starts one emulated BMC.
func Start(opts Options) (*BMC, error) {
	if opts.Profile == "" {
		opts.Profile = "dmtf"
	}
	p, ok := LookupProfile(opts.Profile)
	if !ok {
		return nil, fmt.Errorf("bmcsim: unknown profile %q (have %s)", opts.Profile, strings.Join(ProfileNames(), ", "))
	}
	applyOverrides(&p, opts)
	if err := checkPaths(opts.Paths); err != nil {
		return nil, err
	}
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	b := newBMC(opts, p)
	if err := b.setupTLS(); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("bmcsim: listen on %s: %w", opts.Addr, err)
	}
	b.addr = ln.Addr().String()
	b.ln = ln
	b.srv = &http.Server{
		Handler:           b,
		ConnState:         b.trackConn,
		ReadHeaderTimeout: 30 * time.Second,
		// Clients that drop connections on purpose (and our own reset and
		// reboot faults) make net/http log; that noise hides test output.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	go b.serve(ln)
	for _, s := range p.Preload {
		b.AddSubscription(s)
	}
	b.bg.Add(1)
	go b.heartbeatLoop()
	return b, nil
}

func applyOverrides(p *Profile, opts Options) {
	switch {
	case opts.MaxSubscriptions > 0:
		p.MaxSubscriptions = opts.MaxSubscriptions
	case opts.MaxSubscriptions < 0:
		p.MaxSubscriptions = 0
	}
	switch {
	case opts.SessionCap > 0:
		p.SessionCap = opts.SessionCap
		if p.SessionCapStatus == 0 {
			p.SessionCapStatus = http.StatusServiceUnavailable
		}
	case opts.SessionCap < 0:
		p.SessionCap = 0
	}
	if opts.SessionIdleTimeout > 0 {
		p.SessionTimeout = opts.SessionIdleTimeout
	}
	p.DestinationReport = p.DestinationReport.merge(opts.Destination)
}

func newBMC(opts Options, p Profile) *BMC {
	ctx, cancel := context.WithCancel(context.Background())
	attempts := opts.DeliveryRetryAttempts
	switch {
	case attempts == 0:
		attempts = 3
	case attempts < 0:
		attempts = 0
	}
	interval := opts.DeliveryRetryInterval
	if interval <= 0 {
		interval = time.Second
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 50
	}
	if opts.DeliveryTimeout <= 0 {
		opts.DeliveryTimeout = 5 * time.Second
	}
	b := &BMC{
		opts: opts, profile: p, ctx: ctx, cancel: cancel,
		conns:    map[net.Conn]struct{}{},
		subs:     map[string]*subRecord{},
		nextID:   1,
		sessions: map[string]*session{},
		evsvc:    eventServiceState{enabled: true, retryAttempts: attempts, retryInterval: interval},
		faults:   map[RequestKind][]*activeFault{},
		rnd:      rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())),
		stats:    newAccounting(),
	}
	b.uuid = b.randomUUID()
	b.delivery = newDeliveryClients(opts.DeliveryRootCAs, opts.DeliveryTimeout)
	return b
}

func (b *BMC) setupTLS() error {
	if !b.opts.TLS {
		return nil
	}
	ca := b.opts.ca
	if ca == nil {
		var err error
		if ca, err = newCA("bmcsim BMC CA"); err != nil {
			return err
		}
	}
	cert, err := ca.issueServerCert()
	if err != nil {
		return err
	}
	b.ca = ca
	b.tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if b.opts.HTTP2 {
		// http.Server.Serve takes over "h2" connections itself (its
		// TLSConfig is nil); ALPN on our listener is all it needs.
		b.tlsConf.NextProtos = []string{"h2", "http/1.1"}
	}
	return nil
}

// serve runs the HTTP server on ln until ln is closed (by Close or a reboot).
func (b *BMC) serve(ln net.Listener) {
	if b.tlsConf != nil {
		ln = tls.NewListener(ln, b.tlsConf)
	}
	_ = b.srv.Serve(ln)
}

// trackConn remembers open connections so a reboot can cut them all, as a
// BMC that restarts its web server does.
func (b *BMC) trackConn(c net.Conn, st http.ConnState) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch st {
	case http.StateNew:
		b.conns[c] = struct{}{}
		b.accepted.Add(1)
	case http.StateHijacked, http.StateClosed:
		delete(b.conns, c)
	}
}

// Connections is the number of connections the BMC accepted since it
// started, including TLS connections whose handshake then failed: a test
// counts with it how often a client dialled (and whether it retried a
// certificate it cannot trust).
func (b *BMC) Connections() int64 { return b.accepted.Load() }

// URL is the BMC's base URL, "http://127.0.0.1:PORT" or "https://…", without
// a trailing slash.
func (b *BMC) URL() string {
	if b.opts.TLS {
		return "https://" + b.addr
	}
	return "http://" + b.addr
}

// Addr is the host:port the BMC listens on.
func (b *BMC) Addr() string { return b.addr }

// CACertPEM is the PEM of the CA that signed the server certificate, nil
// without TLS.
func (b *BMC) CACertPEM() []byte {
	if b.ca == nil {
		return nil
	}
	return append([]byte(nil), b.ca.certPEM...)
}

// CertPool trusts the BMC's CA; nil without TLS.
func (b *BMC) CertPool() *x509.CertPool {
	if b.ca == nil {
		return nil
	}
	return b.ca.pool()
}

// Profile is the name of the BMC's profile.
func (b *BMC) Profile() string { return b.profile.Name }

// ProfileRules is the BMC's profile with the Options overrides applied.
func (b *BMC) ProfileRules() Profile { return b.profile }

// Close stops the BMC: the listener, open connections, hung requests,
// pending delivery retries and heartbeats. It is safe to call twice.
func (b *BMC) Close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.closed = true
	b.mu.Unlock()
	b.cancel()
	_ = b.srv.Close()
	b.bg.Wait()
	b.delivery.close()
}

// ServeHTTP is the request pipeline: accounting, the configured latency,
// faults, authentication, then the resource.
func (b *BMC) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		b.serveControl(w, r)
		return
	}
	rt := b.resolve(r.Method, r.URL.Path)
	sw := &statusWriter{ResponseWriter: w}
	b.stats.begin(r.Method, rt.kind)
	defer func() { b.stats.end(sw.status) }()
	if !b.sleep(r.Context(), b.jittered(b.opts.Latency, b.opts.Jitter)) {
		return
	}
	b.serveWithFaults(sw, r, rt)
}

// serveRoute runs a resolved route behind authentication.
func (b *BMC) serveRoute(w http.ResponseWriter, r *http.Request, rt route) {
	// DSP0266 clause "Response headers": OData-Version 4.0 on every response.
	w.Header().Set("OData-Version", "4.0")
	if b.opts.NoQueryStrings && (r.URL.RawQuery != "" || r.URL.ForceQuery) {
		b.fail(w, http.StatusNotFound, baseMsg("InvalidURI", r.URL.RequestURI()))
		return
	}
	if !rt.public && !b.authorize(w, r) {
		return
	}
	if rt.readsBody && !b.checkMediaType(w, r) {
		return
	}
	rt.serve(w, r)
}

// sleep waits d unless the request or the BMC ends first; false means the
// request should be abandoned.
func (b *BMC) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-b.ctx.Done():
		return false
	}
}

func (b *BMC) jittered(base, jitter time.Duration) time.Duration {
	if jitter <= 0 {
		return base
	}
	b.mu.Lock()
	j := time.Duration(b.rnd.Int64N(int64(jitter) + 1))
	b.mu.Unlock()
	return base + j
}

func (b *BMC) randomUUID() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.randomUUIDLocked()
}

// randomUUIDLocked is a version 4 UUID from the BMC's generator; b.mu held.
func (b *BMC) randomUUIDLocked() string {
	var u [16]byte
	for i := range u {
		u[i] = byte(b.rnd.UintN(256))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}

// statusWriter records the status for accounting and lets faults hijack the
// connection through http.ResponseController.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

var errClosed = errors.New("bmcsim: BMC is closed")
