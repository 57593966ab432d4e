package redfish

import (
	"context"
	"crypto/sha256"
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
type Pool struct {
	mu      sync.Mutex
	entries map[poolKey]*lazy[*Client]
	logger  atomic.Pointer[Logger]
}

// NewPool returns an empty pool.
func NewPool() *Pool { return &Pool{entries: map[poolKey]*lazy[*Client]{}} }

// SetLogger routes the pool's and its clients' log records to l (nil turns
// logging off). Records never carry passwords, tokens, Authorization or
// X-Auth-Token headers, or the subscription's HttpHeaders values.
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
		cfg.AuthMethod = AuthSession
	case AuthSession, AuthBasic:
	default:
		return cfg, fmt.Errorf("unknown authentication method %q: use %q or %q", cfg.AuthMethod, AuthSession, AuthBasic)
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
		if _, err := caPool(cfg.CACertificatePEM); err != nil {
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
// first use. A failed connection is not remembered: the next call tries again.
func (p *Pool) Client(ctx context.Context, cfg ConnectionConfig) (*Client, error) {
	cfg, err := normalizeConfig(cfg)
	if err != nil {
		return nil, err
	}
	key := keyOf(cfg)
	p.mu.Lock()
	entry, ok := p.entries[key]
	if !ok {
		entry = &lazy[*Client]{}
		p.entries[key] = entry
	}
	p.mu.Unlock()
	return entry.get(ctx, func(ctx context.Context) (*Client, error) {
		return newClient(ctx, p, cfg)
	})
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
		(*l)(ctx, msg, fields)
	}
}
