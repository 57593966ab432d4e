package redfish

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"
)

// maxErrorBody bounds how much of an error answer is kept for messages.
const maxErrorBody = 1 << 20

// exchange records what happened on the wire during one gofish call. gofish
// turns every non-2xx answer into an error that has lost the response
// headers (Retry-After) and does not tell a refused connection from one
// reset after the request went out; the recording transport below keeps
// both, keyed by the request's context, so retries and error messages can be
// precise while requests still go through gofish's client and its auth.
type exchange struct {
	mu       sync.Mutex
	requests int
	method   string
	path     string
	status   int
	header   http.Header
	body     []byte // error answers only
	wrote    bool   // the last request was fully written to the connection
	err      error  // the last transport error
}

type exchangeKey struct{}

func withExchange(ctx context.Context, ex *exchange) context.Context {
	return context.WithValue(ctx, exchangeKey{}, ex)
}

type exchangeSnapshot struct {
	requests int
	method   string
	path     string
	status   int
	header   http.Header
	body     []byte
	wrote    bool
	err      error
}

func (ex *exchange) snapshot() exchangeSnapshot {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	return exchangeSnapshot{ex.requests, ex.method, ex.path, ex.status, ex.header, ex.body, ex.wrote, ex.err}
}

// recordingTransport bounds each request by the configured timeout and
// fills in the exchange found in the request's context.
type recordingTransport struct {
	base    http.RoundTripper
	timeout time.Duration
}

func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	parent := req.Context()
	// The timeout lives here rather than in http.Client.Timeout: with a
	// custom RoundTripper the client cannot reliably tell its own timeout
	// from the caller's deadline, and the message should say which it was.
	ctx, cancel := context.WithTimeout(parent, t.timeout)
	ex, _ := parent.Value(exchangeKey{}).(*exchange)
	if ex != nil {
		ex.mu.Lock()
		ex.requests++
		ex.method, ex.path = req.Method, req.URL.RequestURI()
		ex.status, ex.header, ex.body, ex.wrote, ex.err = 0, nil, nil, false, nil
		ex.mu.Unlock()
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			WroteRequest: func(info httptrace.WroteRequestInfo) {
				if info.Err == nil {
					ex.mu.Lock()
					ex.wrote = true
					ex.mu.Unlock()
				}
			},
		})
	}
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded && parent.Err() == nil {
			err = &requestTimeoutError{timeout: t.timeout, err: err}
		}
		cancel()
		if ex != nil {
			ex.mu.Lock()
			ex.err = err
			ex.mu.Unlock()
		}
		return nil, err
	}
	if resp.StatusCode >= 300 {
		// gofish reads error bodies itself; keep a copy and hand it an
		// identical one.
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		_ = resp.Body.Close()
		cancel()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if ex != nil {
			ex.mu.Lock()
			ex.body = body
			ex.mu.Unlock()
		}
	} else {
		resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	}
	if ex != nil {
		ex.mu.Lock()
		ex.status, ex.header = resp.StatusCode, resp.Header.Clone()
		ex.mu.Unlock()
	}
	return resp, nil
}

// cancelOnClose releases a request's timeout once its body is read.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// requestTimeoutError: the BMC did not answer within the request timeout.
type requestTimeoutError struct {
	timeout time.Duration
	err     error
}

func (e *requestTimeoutError) Error() string {
	return fmt.Sprintf("no answer within the request timeout of %s (%v)", e.timeout, e.err)
}

func (e *requestTimeoutError) Unwrap() error { return e.err }
func (e *requestTimeoutError) Timeout() bool { return true }

// newHTTPClient builds the HTTP client for one BMC: our TLS settings, the
// per-request timeout and the recording transport.
func newHTTPClient(cfg ConnectionConfig) (*http.Client, error) {
	tlsConfig := &tls.Config{
		MinVersion: tls.VersionTLS12,
		// Resume TLS sessions: every connection after the first to this BMC
		// skips the certificate exchange, which costs a BMC's slow CPU a
		// signature and ours a verification. One cache per client, holding
		// the one BMC it talks to: a session is only resumed with the BMC,
		// and the trust settings, that established it.
		ClientSessionCache: tls.NewLRUClientSessionCache(1),
	}
	switch {
	case cfg.Insecure:
		// Insecure wins over a CA: the user asked not to verify at all.
		tlsConfig.InsecureSkipVerify = true // the user's explicit choice
	case cfg.CACertificatePEM != "":
		pool, err := caPool(cfg.CACertificatePEM)
		if err != nil {
			return nil, err
		}
		tlsConfig.RootCAs = pool
	}
	dialer := &net.Dialer{Timeout: cfg.Timeout, KeepAlive: 30 * time.Second}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       tlsConfig,
		TLSHandshakeTimeout:   cfg.Timeout,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          maxConcurrentRequests,
		MaxIdleConnsPerHost:   maxConcurrentRequests,
		IdleConnTimeout:       60 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport: &recordingTransport{base: transport, timeout: cfg.Timeout},
		// Redfish services do not redirect API calls; following one could
		// replay a POST or send the session token to another host.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}, nil
}

// caPool returns a pool holding only the certificates of pemText.
func caPool(pemText string) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM([]byte(pemText)) {
		return nil, errors.New("the CA certificate contains no PEM-encoded certificate " +
			"(expected one or more \"-----BEGIN CERTIFICATE-----\" blocks)")
	}
	return pool, nil
}

// isDialError reports whether err happened before any byte of the request
// reached the BMC (connection refused, no route, DNS failure, dial timeout):
// such a request can be repeated even when it is a POST.
func isDialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// transportError is a request that got no HTTP answer.
type transportError struct {
	Method   string
	URL      string
	Endpoint string
	// MaybeApplied is true when the request reached the BMC before the
	// failure (reset, timeout waiting for the answer), so the BMC may
	// have acted on it.
	MaybeApplied bool
	Err          error
}

func (e *transportError) Error() string {
	return fmt.Sprintf("%s %s on %s: %v", e.Method, e.URL, e.Endpoint, e.Err)
}

func (e *transportError) Unwrap() error { return e.Err }
