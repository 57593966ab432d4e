package redfish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/stmcginnis/gofish"
)

// Client talks to one BMC. It is built on gofish's APIClient: requests go
// through gofish's Get/Post/Delete so that authentication (session token or
// basic credentials) stays gofish's business. What gofish does not do —
// retries, re-login after a session expires, error bodies, our own
// subscription payload — is layered around it here.
type Client struct {
	pool       *Pool
	cfg        ConnectionConfig // normalised, see normalizeConfig
	endpoint   string
	httpClient *http.Client

	mu  sync.RWMutex
	api *gofish.APIClient
	gen uint64 // incremented by every re-login

	loginMu sync.Mutex // one re-login at a time

	eventService lazy[*EventService]
	noExpand     atomic.Bool // $expand failed once on this BMC; list member by member
	headerObject atomic.Bool // the BMC refused HttpHeaders as an array (iLO); send one object
}

// Endpoint is the normalised base URL (scheme://host[:port]).
func (c *Client) Endpoint() string { return c.endpoint }

func newClient(ctx context.Context, p *Pool, cfg ConnectionConfig) (*Client, error) {
	hc, err := newHTTPClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("BMC %s: %w", cfg.Endpoint, err)
	}
	c := &Client{pool: p, cfg: cfg, endpoint: cfg.Endpoint, httpClient: hc}
	api, err := c.connect(ctx)
	if err != nil {
		return nil, err
	}
	c.api = api
	fields := c.fields(map[string]any{"auth_method": string(cfg.AuthMethod)})
	if s := api.Service; s != nil {
		fields["redfish_version"] = s.RedfishVersion
		fields["vendor"] = s.Vendor
		fields["product"] = s.Product
	}
	c.log(ctx, "connected to BMC", fields)
	return c, nil
}

func (c *Client) sessionAuth() bool {
	return c.cfg.Username != "" && c.cfg.AuthMethod == AuthSession
}

// connect reads the service root and, with session authentication, logs in
// (gofish.ConnectContext does both).
func (c *Client) connect(ctx context.Context) (*gofish.APIClient, error) {
	gcfg := gofish.ClientConfig{
		Endpoint:   c.endpoint,
		HTTPClient: c.httpClient,
		// Our transport carries the TLS settings and the recorder; gofish
		// must not replace or modify it.
		NoModifyTransport:     true,
		ReuseConnections:      true,
		MaxConcurrentRequests: maxConcurrentRequests,
	}
	if c.cfg.Username != "" {
		gcfg.Username = c.cfg.Username
		gcfg.Password = c.cfg.Password
		gcfg.BasicAuth = c.cfg.AuthMethod == AuthBasic
	}
	for attempt := 0; ; attempt++ {
		ex := &exchange{}
		api, err := gofish.ConnectContext(withExchange(ctx, ex), gcfg)
		if err == nil {
			if c.sessionAuth() {
				if s, serr := api.GetSession(); serr == nil && s.Token == "" {
					return nil, fmt.Errorf("logging in to the BMC at %s as %q: the BMC created a session "+
						"but sent no X-Auth-Token header; try HTTP basic authentication instead", c.endpoint, c.cfg.Username)
				}
			}
			return api, nil
		}
		snap := ex.snapshot()
		if c.sessionAuth() && snap.method == http.MethodGet && snap.status == http.StatusOK &&
			strings.Contains(err.Error(), "no target provided") {
			return nil, fmt.Errorf("the service root of the BMC at %s has no Links.Sessions, so the BMC offers "+
				"no Redfish sessions to log in with; use HTTP basic authentication instead", c.endpoint)
		}
		rerr := c.classify(snap, err)
		var he *Error
		if errors.As(rerr, &he) && snap.method == http.MethodPost &&
			(he.StatusCode == http.StatusUnauthorized || he.StatusCode == http.StatusForbidden) {
			return nil, &authError{endpoint: c.endpoint, user: c.cfg.Username, how: "session login", err: he}
		}
		if ctx.Err() != nil || attempt >= c.cfg.MaxRetries || !retryable(snap.method, rerr) {
			return nil, connectError(c.endpoint, rerr)
		}
		if !c.sleep(ctx, attempt, snap, rerr) {
			return nil, connectError(c.endpoint, rerr)
		}
	}
}

func connectError(endpoint string, err error) error {
	var te *transportError
	if errors.As(err, &te) {
		if badCertificate(err) {
			return fmt.Errorf("the TLS certificate of the BMC at %s is not trusted: %w; provide the CA "+
				"certificate that signed it, or disable certificate verification (insecure)", endpoint, err)
		}
		return fmt.Errorf("cannot reach the Redfish service of the BMC: %w", err)
	}
	return fmt.Errorf("connecting to the BMC at %s: %w", endpoint, err)
}

// authError: the BMC rejected the credentials. errors.Is(err, ErrUnauthorized).
type authError struct {
	endpoint, user, how string
	err                 error
}

func (e *authError) Error() string {
	if e.user == "" {
		return fmt.Sprintf("the BMC at %s requires authentication and no username is configured: %v", e.endpoint, e.err)
	}
	return fmt.Sprintf("the BMC at %s rejected the credentials of user %q (%s): %v", e.endpoint, e.user, e.how, e.err)
}

func (e *authError) Unwrap() error { return e.err }

func (e *authError) Is(target error) bool { return target == ErrUnauthorized }

// current returns the APIClient in use and its login generation.
func (c *Client) current() (*gofish.APIClient, uint64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.api, c.gen
}

// relogin replaces the session after the BMC answered 401 to a request made
// with login generation gen; concurrent callers share one login.
func (c *Client) relogin(ctx context.Context, gen uint64) error {
	c.loginMu.Lock()
	defer c.loginMu.Unlock()
	if _, now := c.current(); now != gen {
		return nil // someone else logged in again meanwhile
	}
	api, err := c.connect(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.api = api
	c.gen++
	c.mu.Unlock()
	c.log(ctx, "BMC session expired; logged in again", c.fields(nil))
	return nil
}

// call runs fn (one gofish request) with our retry policy for method, and
// turns its failure into an *Error (HTTP answer) or *transportError.
func (c *Client) call(ctx context.Context, method string, fn func(api *gofish.APIClient) error) error {
	relogged := false
	for attempt := 0; ; attempt++ {
		api, gen := c.current()
		ex := &exchange{}
		err := fn(api.WithContext(withExchange(ctx, ex)))
		if err == nil {
			return nil
		}
		snap := ex.snapshot()
		rerr := c.classify(snap, err)
		var he *Error
		if errors.As(rerr, &he) && he.StatusCode == http.StatusUnauthorized {
			if c.sessionAuth() && !relogged {
				// The session expired (BMCs drop idle sessions after
				// minutes); the BMC refused before acting, so even a POST
				// can be sent again.
				relogged = true
				if lerr := c.relogin(ctx, gen); lerr != nil {
					return lerr
				}
				attempt--
				continue
			}
			how := "HTTP basic authentication"
			if c.cfg.AuthMethod == AuthSession {
				how = "session"
			}
			return &authError{endpoint: c.endpoint, user: c.cfg.Username, how: how, err: he}
		}
		if ctx.Err() != nil || attempt >= c.cfg.MaxRetries || !retryable(method, rerr) {
			return rerr
		}
		if !c.sleep(ctx, attempt, snap, rerr) {
			return rerr
		}
	}
}

// classify turns a gofish error into *Error or *transportError, using what
// the recording transport saw.
func (c *Client) classify(snap exchangeSnapshot, err error) error {
	switch {
	case snap.requests == 0:
		return err
	case snap.status >= 300:
		return newHTTPError(snap.method, snap.path, c.endpoint, snap.status, snap.body)
	case snap.status == 0:
		// http.Client's error says more than the transport's (it names a
		// client timeout as such); drop its URL, which Error() shows anyway.
		cause := err
		var ue *url.Error
		if errors.As(err, &ue) {
			cause = ue.Err
		} else if snap.err != nil {
			cause = snap.err
		}
		return &transportError{Method: snap.method, URL: snap.path, Endpoint: c.endpoint, MaybeApplied: snap.wrote, Err: cause}
	default:
		return fmt.Errorf("%s %s on %s: reading the answer: %w", snap.method, snap.path, c.endpoint, err)
	}
}

// response is a 2xx answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// maxBody bounds a success body (an expanded collection of a few hundred
// subscriptions is well under 1 MiB).
const maxBody = 32 << 20

// do sends one request through gofish with retries; payload is JSON-encoded.
func (c *Client) do(ctx context.Context, method, path string, payload any) (*response, error) {
	var out *response
	err := c.call(ctx, method, func(api *gofish.APIClient) error {
		var resp *http.Response
		var err error
		switch method {
		case http.MethodGet:
			resp, err = api.Get(path)
		case http.MethodPost:
			resp, err = api.Post(path, payload)
		case http.MethodDelete:
			resp, err = api.Delete(path)
		default:
			return fmt.Errorf("unsupported method %s", method)
		}
		if err != nil {
			if resp != nil && resp.Body != nil {
				_ = resp.Body.Close()
			}
			return err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		if err != nil && method != http.MethodDelete {
			// gofish's Delete has already drained and closed the body.
			return err
		}
		out = &response{status: resp.StatusCode, header: resp.Header, body: body}
		return nil
	})
	return out, err
}

// logout ends the client's session, if it has one.
func (c *Client) logout(ctx context.Context) {
	defer c.httpClient.CloseIdleConnections()
	if !c.sessionAuth() {
		return
	}
	api, _ := c.current()
	if _, err := api.GetSession(); err != nil {
		return // no session (or no Location to delete it by)
	}
	api.WithContext(ctx).Logout()
	if _, err := api.GetSession(); err == nil {
		c.log(ctx, "BMC session logout failed; the BMC will expire it", c.fields(nil))
		return
	}
	c.log(ctx, "logged out of BMC", c.fields(nil))
}

func (c *Client) fields(extra map[string]any) map[string]any {
	f := map[string]any{"endpoint": c.endpoint}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

func (c *Client) log(ctx context.Context, msg string, fields map[string]any) {
	c.pool.log(ctx, msg, fields)
}

func (c *Client) warn(ctx context.Context, msg string, fields map[string]any) {
	fields["level"] = "warn"
	c.pool.log(ctx, msg, fields)
}
