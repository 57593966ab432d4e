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
	key        poolKey
	cfg        ConnectionConfig // normalised, see normalizeConfig
	endpoint   string
	httpClient *http.Client
	// auth is how this client authenticates: cfg.AuthMethod with AuthAuto
	// resolved on the first connection. Set once, before any request.
	auth AuthMethod

	mu  sync.RWMutex
	api *gofish.APIClient
	gen uint64 // incremented by every re-login

	loginMu sync.Mutex // one re-login at a time

	// rejected is the error of the BMC rejecting these credentials (a 401
	// to a login or to a basic-auth request). Once set, every call fails
	// with it at once: sending known-bad credentials again only brings the
	// account closer to a lockout (OpenBMC, iDRAC and XCC lock accounts
	// after a few failures).
	rejected atomic.Pointer[error]

	eventService lazy[*EventService]
	noExpand     atomic.Bool // $expand failed once on this BMC; list member by member
	headerObject atomic.Bool // the BMC refused HttpHeaders as an array (iLO); send one object
}

// Endpoint is the normalised base URL (scheme://host[:port]).
func (c *Client) Endpoint() string { return c.endpoint }

// AuthMethod is how the client authenticates: AuthSession or AuthBasic once
// AuthAuto is resolved, or "" when no username is configured.
func (c *Client) AuthMethod() AuthMethod {
	if c.cfg.Username == "" {
		return ""
	}
	return c.auth
}

// RegisterSecrets adds values (HttpHeaders values of a create, a
// destination's credentials) to the secrets kept out of every log record,
// error and diagnostic of this process; see the package's RegisterSecrets.
func (c *Client) RegisterSecrets(values ...string) { RegisterSecrets(values...) }

func newClient(ctx context.Context, p *Pool, cfg ConnectionConfig) (*Client, error) {
	hc, err := newHTTPClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("BMC %s: %w", cfg.Endpoint, err)
	}
	c := &Client{pool: p, key: keyOf(cfg), cfg: cfg, endpoint: cfg.Endpoint, httpClient: hc, auth: cfg.AuthMethod}
	api, err := c.connect(ctx)
	if err != nil {
		return nil, err
	}
	c.api = api
	if c.cfg.Username != "" && c.auth == AuthBasic {
		// Basic credentials are only checked by the first request that
		// needs them (the service root is public). Make that request now,
		// inside the pool's one-connection-per-BMC wait, so that a wrong
		// password costs one 401, not one per resource Terraform runs in
		// parallel. The EventService is read anyway by every operation
		// that lists or creates, so nothing is wasted.
		if _, err := c.EventService(ctx); errors.Is(err, ErrUnauthorized) {
			if rej := c.rejected.Load(); rej != nil {
				return nil, *rej // the error every later call gets
			}
			return nil, err
		}
	}
	fields := c.fields(map[string]any{"auth_method": string(c.AuthMethod())})
	if s := api.Service; s != nil {
		fields["redfish_version"] = s.RedfishVersion
		fields["vendor"] = s.Vendor
		fields["product"] = s.Product
	}
	c.log(ctx, "connected to BMC", fields)
	return c, nil
}

func (c *Client) sessionAuth() bool {
	return c.cfg.Username != "" && c.auth == AuthSession
}

// connect reads the service root and, with session authentication, logs in
// (gofish.ConnectContext does both). With AuthAuto it tries a session and
// settles on basic when the service root links no Sessions collection.
func (c *Client) connect(ctx context.Context) (*gofish.APIClient, error) {
	if c.cfg.Username == "" || c.auth != AuthAuto {
		return c.dial(ctx, c.auth)
	}
	api, err := c.dial(ctx, AuthSession)
	if errors.Is(err, ErrNoSessions) {
		c.log(ctx, "the BMC's service root links no Sessions collection; using HTTP basic authentication",
			c.fields(nil))
		c.auth = AuthBasic
		return c.dial(ctx, AuthBasic)
	}
	if err == nil {
		c.auth = AuthSession
	}
	return api, err
}

// dial connects with auth, retrying what the retry policy allows.
func (c *Client) dial(ctx context.Context, auth AuthMethod) (*gofish.APIClient, error) {
	gcfg := gofish.ClientConfig{
		Endpoint:   c.endpoint,
		HTTPClient: c.httpClient,
		// Our transport carries the TLS settings and the recorder; gofish
		// must not replace or modify it.
		NoModifyTransport:     true,
		ReuseConnections:      true,
		MaxConcurrentRequests: maxConcurrentRequests,
	}
	session := false
	if c.cfg.Username != "" {
		gcfg.Username = c.cfg.Username
		gcfg.Password = c.cfg.Password
		gcfg.BasicAuth = auth == AuthBasic
		session = auth != AuthBasic
	}
	for attempt := 0; ; attempt++ {
		ex := &exchange{}
		api, err := gofish.ConnectContext(withExchange(ctx, ex), gcfg)
		snap := ex.snapshot()
		if err == nil {
			if session {
				return c.checkSession(api, snap)
			}
			return api, nil
		}
		if session && snap.method == http.MethodGet && snap.status == http.StatusOK &&
			strings.Contains(err.Error(), "no target provided") {
			// gofish read the service root and found no Links.Sessions.
			return nil, &kindError{kind: ErrNoSessions, msg: fmt.Sprintf("the service root of the BMC at %s has no "+
				"Links.Sessions, so the BMC offers no Redfish sessions to log in with (sushy-tools and some older "+
				"firmware are like this); use HTTP basic authentication, or let the provider choose (auto)", c.endpoint)}
		}
		rerr := c.classify(snap, err)
		if session && snap.method == http.MethodPost {
			if lerr := c.loginError(rerr); lerr != nil {
				return nil, lerr
			}
		}
		if ctx.Err() != nil || attempt >= c.cfg.MaxRetries || !retryable(snap.method, rerr) {
			return nil, connectError(c.endpoint, rerr)
		}
		if !c.sleep(ctx, attempt, snap, rerr) {
			return nil, connectError(c.endpoint, rerr)
		}
	}
}

// checkSession verifies a session login's answer: gofish accepts a 2xx
// without X-Auth-Token, after which every request would go out
// unauthenticated and fail with 401 far from the cause.
func (c *Client) checkSession(api *gofish.APIClient, login exchangeSnapshot) (*gofish.APIClient, error) {
	token := login.header.Get("X-Auth-Token")
	if s, err := api.GetSession(); err == nil && s.Token != "" {
		token = s.Token
	}
	if token == "" {
		return nil, &kindError{kind: ErrNoSessionToken, msg: fmt.Sprintf("logging in to the BMC at %s as %q: the BMC "+
			"answered the session login (POST %s) with HTTP %d but sent no X-Auth-Token header, so no later request "+
			"could be authenticated; use HTTP basic authentication with this BMC",
			c.endpoint, c.cfg.Username, login.path, login.status)}
	}
	RegisterSecrets(token)
	return api, nil
}

// loginError is the error for a session login the BMC refused outright, or
// nil when the failure is worth retrying (503, a lost answer).
func (c *Client) loginError(err error) error {
	he := AsError(err)
	if he == nil {
		return nil
	}
	switch he.StatusCode {
	case http.StatusUnauthorized:
		return &authError{endpoint: c.endpoint, user: c.cfg.Username, how: "session login", err: he}
	case http.StatusForbidden:
		return &privilegeError{endpoint: c.endpoint, user: c.cfg.Username, login: true, err: he}
	case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotImplemented:
		return &kindError{kind: ErrNoSessions, cause: he, msg: fmt.Sprintf("the BMC at %s links a Sessions "+
			"collection but does not take session logins there (%v); use HTTP basic authentication", c.endpoint, he)}
	}
	return nil
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
	return fmt.Sprintf("the BMC at %s rejected the credentials of user %q (%s): %v; no further login is attempted "+
		"with them in this run, so that the account is not locked", e.endpoint, e.user, e.how, e.err)
}

func (e *authError) Unwrap() error { return e.err }

func (e *authError) Is(target error) bool { return target == ErrUnauthorized }

// privilegeError: the BMC knows the user (the credentials are right) but
// the user's role may not do what was asked (403). errors.Is(err, ErrForbidden).
type privilegeError struct {
	endpoint, user string
	login          bool
	err            error
}

func (e *privilegeError) Error() string {
	if e.login {
		return fmt.Sprintf("the BMC at %s refused a session to user %q (403 Forbidden, not a wrong password: the "+
			"account may be disabled or locked, or lack the Login privilege): %v", e.endpoint, e.user, e.err)
	}
	return fmt.Sprintf("the BMC at %s accepted the credentials of user %q but refused the request (403 Forbidden): "+
		"the user lacks the privilege for it; managing event subscriptions needs the ConfigureManager privilege "+
		"(the Administrator role, or Operator on some BMCs): %v", e.endpoint, e.user, e.err)
}

func (e *privilegeError) Unwrap() error { return e.err }

func (e *privilegeError) Is(target error) bool { return target == ErrForbidden }

// RejectedClient is a client for credentials the BMC at endpoint rejected
// (err, from Pool.Client, matches ErrUnauthorized): every call fails at
// once with err and sends nothing. Callers use it so that each operation
// reports the rejection in its own terms (a refresh with the state's old
// credentials warns and keeps the state) without another login attempt.
func RejectedClient(endpoint string, err error) *Client {
	c := &Client{endpoint: endpoint}
	c.rejected.Store(&err)
	return c
}

// reject remembers that the BMC rejected this client's credentials and
// returns the error every later call gets.
func (c *Client) reject(err error) error {
	c.rejected.CompareAndSwap(nil, &err)
	c.pool.remember(c.key, *c.rejected.Load())
	return *c.rejected.Load()
}

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
		if rememberable(err) {
			return c.reject(err)
		}
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
		if rej := c.rejected.Load(); rej != nil {
			return *rej
		}
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
			if c.sessionAuth() {
				// A session just created and already refused: not proof
				// that the password is wrong (a BMC may evict sessions
				// over its cap), so not remembered.
				return &authError{endpoint: c.endpoint, user: c.cfg.Username, how: "session", err: he}
			}
			return c.reject(&authError{endpoint: c.endpoint, user: c.cfg.Username, how: "HTTP basic authentication", err: he})
		}
		if errors.As(rerr, &he) && he.StatusCode == http.StatusForbidden && c.cfg.Username != "" {
			return &privilegeError{endpoint: c.endpoint, user: c.cfg.Username, err: he}
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
