package redfish

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

const (
	defaultTimeout   = 30 * time.Second
	defaultRetryWait = time.Second
	// maxConcurrentRequests bounds the requests in flight to one BMC (gofish's
	// MaxConcurrentRequests, the idle connections kept, the per-member GETs of
	// a listing). BMCs are small embedded web servers; iDRAC and iLO start
	// answering 503 when many clients hit them at once. Fleet tuning goes here.
	maxConcurrentRequests = 4
)

// Logger receives the package's log records: a message and structured
// fields (endpoint, method, path, status, subscription id…). Records about
// something the user should notice carry fields["level"] = "warn"; the rest
// are debug detail. The provider routes them to tflog.
type Logger func(ctx context.Context, msg string, fields map[string]any)

// Pool shares one Client per distinct ConnectionConfig; safe for concurrent
// use. Terraform calls resources in parallel, so many goroutines ask for the
// same BMC at once: the first one connects (and logs in), the others wait for
// that connection instead of opening their own. Different BMCs connect in
// parallel; no lock is held during network I/O except the per-BMC wait.
//
// A login the BMC rejected (401, 403, or no usable session) is remembered
// per BMC and credential set for the life of the pool, which is the
// provider process: every later Client call for them fails at once with the
// same error, so a wrong password costs one failed login per BMC, however
// many resources use it.
type Pool struct {
	mu      sync.Mutex
	entries map[poolKey]*lazy[*Client]
	failed  map[poolKey]error
	logger  atomic.Pointer[Logger]
	// clock times its clients' retry waits (see clock.go); set before the
	// first Client call.
	clock clock
}

// NewPool returns an empty pool.
func NewPool() *Pool {
	return &Pool{entries: map[poolKey]*lazy[*Client]{}, failed: map[poolKey]error{}, clock: realClock{}}
}

// SetLogger routes the pool's and its clients' log records to l (nil turns
// logging off). Every record's message and field values pass through Redact
// first, so records never carry passwords, session tokens, Authorization or
// X-Auth-Token values, URL userinfo, or the subscription's HttpHeaders
// values (registered with RegisterSecrets), even when a BMC quotes them in
// an error that ends up in a field.
func (p *Pool) SetLogger(l Logger) {
	if l == nil {
		p.logger.Store(nil)
		return
	}
	p.logger.Store(&l)
}

// poolKey identifies a connection. Secrets enter it only as hashes, so a key
// printed by accident reveals nothing.
type poolKey struct {
	endpoint   string
	username   string
	password   [sha256.Size]byte
	insecure   bool
	ca         [sha256.Size]byte
	auth       AuthMethod
	timeout    time.Duration
	maxRetries int
	retryWait  time.Duration
}

// normalizeConfig validates cfg and fills in its defaults.
func normalizeConfig(cfg ConnectionConfig) (ConnectionConfig, error) {
	ep, err := NormalizeEndpoint(cfg.Endpoint)
	if err != nil {
		return cfg, err
	}
	cfg.Endpoint = ep
	switch cfg.AuthMethod {
	case "":
		cfg.AuthMethod = AuthAuto
	case AuthAuto, AuthSession, AuthBasic:
	default:
		return cfg, fmt.Errorf("unknown authentication method %q: use %q, %q or %q", cfg.AuthMethod, AuthAuto, AuthSession, AuthBasic)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultTimeout
	}
	if cfg.RetryWait <= 0 {
		cfg.RetryWait = defaultRetryWait
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.CACertificatePEM != "" && !cfg.Insecure {
		if err := checkCA(cfg.CACertificatePEM); err != nil {
			return cfg, fmt.Errorf("BMC %s: %w", ep, err)
		}
	}
	return cfg, nil
}

func keyOf(cfg ConnectionConfig) poolKey {
	return poolKey{
		endpoint:   cfg.Endpoint,
		username:   cfg.Username,
		password:   sha256.Sum256([]byte(cfg.Password)),
		insecure:   cfg.Insecure,
		ca:         sha256.Sum256([]byte(cfg.CACertificatePEM)),
		auth:       cfg.AuthMethod,
		timeout:    cfg.Timeout,
		maxRetries: cfg.MaxRetries,
		retryWait:  cfg.RetryWait,
	}
}

// Client returns the pooled client for cfg, connecting (and logging in) on
// first use. A connection that failed for a passing reason (unreachable,
// busy) is not remembered: the next call tries again. One the BMC refused
// for its credentials is (see Pool).
func (p *Pool) Client(ctx context.Context, cfg ConnectionConfig) (*Client, error) {
	cfg, err := normalizeConfig(cfg)
	if err != nil {
		return nil, err
	}
	RegisterCredentials(cfg.Username, cfg.Password)
	key := keyOf(cfg)
	p.mu.Lock()
	if err := p.failed[key]; err != nil {
		p.mu.Unlock()
		return nil, err
	}
	entry, ok := p.entries[key]
	if !ok {
		entry = &lazy[*Client]{}
		p.entries[key] = entry
	}
	p.mu.Unlock()
	return entry.get(ctx, func(ctx context.Context) (*Client, error) {
		// Checked again inside the one connection attempt: a caller that
		// looked before an earlier attempt failed must not log in again.
		if err := p.failure(key); err != nil {
			return nil, err
		}
		c, err := newClient(ctx, p, cfg)
		if rememberable(err) {
			p.remember(key, err)
		}
		return c, err
	})
}

// rememberable reports whether a connection error is the BMC refusing these
// credentials, which trying again cannot change within one run.
func rememberable(err error) bool {
	return errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrForbidden) ||
		errors.Is(err, ErrNoSessions) || errors.Is(err, ErrNoSessionToken)
}

// remember records that the BMC refused the credentials of key.
func (p *Pool) remember(key poolKey, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed[key] == nil {
		p.failed[key] = err
	}
}

func (p *Pool) failure(key poolKey) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failed[key]
}

// Close logs out every session the pool opened and forgets its clients; a
// later Client call connects again. Logout failures are only logged: the
// BMC expires abandoned sessions by itself.
func (p *Pool) Close(ctx context.Context) {
	p.mu.Lock()
	entries := p.entries
	p.entries = map[poolKey]*lazy[*Client]{}
	p.mu.Unlock()

	var wg sync.WaitGroup
	for _, entry := range entries {
		c, ok := entry.peek()
		if !ok {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.logout(ctx)
		}()
	}
	wg.Wait()
}

func (p *Pool) log(ctx context.Context, msg string, fields map[string]any) {
	if p == nil {
		return
	}
	if l := p.logger.Load(); l != nil {
		(*l)(ctx, Redact(msg), redactFields(fields))
	}
}

// checkedCAs remembers CA certificates already parsed: every resource of a
// fleet asks the pool for its client with the same PEM, and parsing it each
// time showed in the provider's CPU profile.
var checkedCAs sync.Map // PEM text → error (nil when valid)

func checkCA(pemText string) error {
	if v, ok := checkedCAs.Load(pemText); ok {
		err, _ := v.(error)
		return err
	}
	_, err := caPool(pemText)
	checkedCAs.Store(pemText, err)
	return err
}
