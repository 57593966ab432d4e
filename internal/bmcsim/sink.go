package bmcsim

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// ReceivedEvent is one POST the sink received.
type ReceivedEvent struct {
	Header http.Header
	Body   []byte
	// Event is Body decoded (nil when it was not a JSON object).
	Event  map[string]any
	Path   string
	Query  string // the raw query string, without '?'
	Time   time.Time
	Status int // what the sink answered
	// ClientCommonName is the CommonName of the client certificate the
	// sender presented over TLS ("" when none).
	ClientCommonName string
}

// Context is the Event's Context property ("" when absent).
func (e ReceivedEvent) Context() string {
	s, _ := e.Event["Context"].(string)
	return s
}

// MessageIDs lists the MessageId of each record of the Event.
func (e ReceivedEvent) MessageIDs() []string {
	recs, _ := e.Event["Events"].([]any)
	var out []string
	for _, r := range recs {
		if m, ok := r.(map[string]any); ok {
			id, _ := m["MessageId"].(string)
			out = append(out, id)
		}
	}
	return out
}

// Sink is an event listener for tests: it records every delivery, and can
// be told to fail the next ones so that retries can be watched.
type Sink struct {
	srv *http.Server
	url string
	ca  *certAuthority
	// clientCA signs the client certificates a mutual-TLS sink accepts.
	clientCA *certAuthority
	mu       sync.Mutex
	all      []ReceivedEvent // every request, accepted or failed
	ok       []ReceivedEvent // those answered 2xx
	wake     chan struct{}   // closed and replaced at each request
	fail     int
	code     int
}

// StartSink listens on a free loopback port, over HTTPS (with its own CA,
// see CertPool) when useTLS is set.
func StartSink(useTLS bool) (*Sink, error) {
	return StartSinkWith(SinkOptions{TLS: useTLS})
}

// SinkOptions says how a sink listens.
type SinkOptions struct {
	TLS bool
	// RequireClientCert (implies TLS) refuses, in the TLS handshake, a
	// sender without a client certificate signed by the sink's client CA:
	// get one from ClientCertificatePEM.
	RequireClientCert bool
}

// StartSinkWith starts a sink as o says.
func StartSinkWith(o SinkOptions) (*Sink, error) {
	useTLS := o.TLS || o.RequireClientCert
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bmcsim: sink listen: %w", err)
	}
	s := &Sink{wake: make(chan struct{})}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	scheme := "http"
	if useTLS {
		if s.ca, err = newCA("bmcsim sink CA"); err != nil {
			_ = ln.Close()
			return nil, err
		}
		cert, err := s.ca.issueServerCert()
		if err != nil {
			_ = ln.Close()
			return nil, err
		}
		conf := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		if o.RequireClientCert {
			if s.clientCA, err = newCA("bmcsim sink client CA"); err != nil {
				_ = ln.Close()
				return nil, err
			}
			conf.ClientAuth = tls.RequireAndVerifyClientCert
			conf.ClientCAs = s.clientCA.pool()
		}
		ln = tls.NewListener(ln, conf)
		scheme = "https"
	}
	s.url = scheme + "://" + ln.Addr().String() + "/events"
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// URL is where to point Destination, e.g. "https://127.0.0.1:PORT/events".
func (s *Sink) URL() string { return s.url }

// CertPool trusts the sink's certificate (nil without TLS): pass it as
// Options.DeliveryRootCAs.
func (s *Sink) CertPool() *x509.CertPool {
	if s.ca == nil {
		return nil
	}
	return s.ca.pool()
}

// CACertPEM is the PEM of the sink's CA (nil without TLS).
func (s *Sink) CACertPEM() []byte {
	if s.ca == nil {
		return nil
	}
	return append([]byte(nil), s.ca.certPEM...)
}

// ClientCertificatePEM issues a client certificate (CommonName cn) the
// sink accepts, as one PEM string holding the certificate and its private
// key: what a ClientCertificates POST carries. It fails on a sink that
// does not require client certificates.
func (s *Sink) ClientCertificatePEM(cn string) (string, error) {
	if s.clientCA == nil {
		return "", fmt.Errorf("bmcsim: this sink takes no client certificates (start it with RequireClientCert)")
	}
	return s.clientCA.issueClientPEM(cn)
}

func (s *Sink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	ev := ReceivedEvent{Header: r.Header.Clone(), Body: body, Path: r.URL.Path, Query: r.URL.RawQuery, Time: time.Now(), Status: http.StatusOK}
	if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
		ev.ClientCommonName = r.TLS.PeerCertificates[0].Subject.CommonName
	}
	if err := json.Unmarshal(body, &ev.Event); err != nil {
		ev.Event = nil
	}
	s.mu.Lock()
	if s.fail > 0 {
		s.fail--
		ev.Status = s.code
	}
	s.all = append(s.all, ev)
	if ev.Status < 300 {
		s.ok = append(s.ok, ev)
	}
	close(s.wake)
	s.wake = make(chan struct{})
	s.mu.Unlock()
	w.WriteHeader(ev.Status)
}

// Received lists the events the sink accepted (answered 2xx), in order.
func (s *Sink) Received() []ReceivedEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ReceivedEvent(nil), s.ok...)
}

// Attempts lists every POST, including those FailNext refused.
func (s *Sink) Attempts() []ReceivedEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ReceivedEvent(nil), s.all...)
}

// WaitFor waits until at least n events were accepted and returns them.
func (s *Sink) WaitFor(n int, timeout time.Duration) ([]ReceivedEvent, error) {
	return s.waitUntil(func() []ReceivedEvent { return s.ok }, n, timeout, "accepted events")
}

// WaitForAttempts waits until at least n POSTs arrived, failed ones included.
func (s *Sink) WaitForAttempts(n int, timeout time.Duration) ([]ReceivedEvent, error) {
	return s.waitUntil(func() []ReceivedEvent { return s.all }, n, timeout, "delivery attempts")
}

func (s *Sink) waitUntil(list func() []ReceivedEvent, n int, timeout time.Duration, what string) ([]ReceivedEvent, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got := append([]ReceivedEvent(nil), list()...)
		wake := s.wake
		s.mu.Unlock()
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-wake:
		case <-deadline.C:
			return got, fmt.Errorf("bmcsim: sink got %d %s, want %d within %v", len(got), what, n, timeout)
		}
	}
}

// FailNext answers the next n deliveries with status.
func (s *Sink) FailNext(n int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail, s.code = n, status
}

// Reset forgets what was received.
func (s *Sink) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.all, s.ok = nil, nil
}

// Close stops the sink.
func (s *Sink) Close() { _ = s.srv.Close() }
