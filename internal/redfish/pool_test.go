package redfish

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

func TestPoolConnectsOncePerConfig(t *testing.T) {
	const sessions = "/redfish/v1/SessionService/Sessions"
	b := startRecordedSim(t, bmcsim.Options{})
	p := NewPool()
	ctx := testCtx(t)
	const n = 40
	clients := make([]*Client, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cfg := simConfig(b, "")
			if i%2 == 0 {
				cfg.Endpoint += "/redfish/v1/" // same BMC, written differently
			}
			c, err := p.Client(ctx, cfg)
			if err != nil {
				t.Error(err)
				return
			}
			clients[i] = c
		}()
	}
	wg.Wait()
	for _, c := range clients[1:] {
		if c != clients[0] {
			t.Fatal("concurrent callers got different clients for one config")
		}
	}
	// Every GET counts: the service root is the only one connecting needs.
	if logins, gets := b.Stats().SessionsCreated, b.CountRequests(http.MethodGet, "/redfish/v1", true); logins != 1 || gets != 1 {
		t.Fatalf("logins = %d, service root reads = %d; want 1 and 1", logins, gets)
	}
	if clients[0].Endpoint() != b.URL() {
		t.Errorf("Endpoint() = %q, want %q", clients[0].Endpoint(), b.URL())
	}

	// Another password is another client (credential rotation logs in anew).
	cfg := simConfig(b, "")
	cfg.Password = "other"
	if _, err := p.Client(ctx, cfg); err == nil {
		t.Fatal("wrong password accepted")
	}
	// ...and a rejected login is remembered: the same credentials fail at
	// once, without another login the BMC would count against the account.
	b.SetPassword("other")
	posts := b.CountRequests(http.MethodPost, sessions, true)
	if _, err := p.Client(ctx, cfg); !errors.Is(err, ErrUnauthorized) || b.CountRequests(http.MethodPost, sessions, true) != posts {
		t.Fatalf("rejected credentials tried again: %v, logins sent %d", err, b.CountRequests(http.MethodPost, sessions, true)-posts)
	}
	// Other credentials are another attempt.
	b.SetPassword("third-Pa55")
	cfg.Password = "third-Pa55"
	c2, err := p.Client(ctx, cfg)
	if err != nil || c2 == clients[0] {
		t.Fatalf("second config: %v, same client: %v", err, c2 == clients[0])
	}

	// Close logs every session out.
	p.Close(ctx)
	if n := b.Stats().SessionsDeleted; n != 2 {
		t.Errorf("logouts = %d, want 2", n)
	}
}

func TestPoolKey(t *testing.T) {
	base := ConnectionConfig{Endpoint: "https://bmc", Username: "u", Password: "topsecret"}
	norm := func(c ConnectionConfig) poolKey {
		t.Helper()
		n, err := normalizeConfig(c)
		if err != nil {
			t.Fatal(err)
		}
		return keyOf(n)
	}
	k := norm(base)
	if strings.Contains(fmt.Sprintf("%#v", k), "topsecret") {
		t.Fatal("the pool key holds the password in clear")
	}
	same := base
	same.Endpoint = "https://BMC:443/redfish/v1/"
	same.AuthMethod = AuthAuto    // the default
	same.Timeout = defaultTimeout // the default
	if norm(same) != k {
		t.Error("equivalent configs have different keys")
	}
	variants := []func(*ConnectionConfig){
		func(c *ConnectionConfig) { c.Endpoint = "https://bmc:8443" },
		func(c *ConnectionConfig) { c.Username = "v" },
		func(c *ConnectionConfig) { c.Password = "other" },
		func(c *ConnectionConfig) { c.Insecure = true },
		func(c *ConnectionConfig) { c.CACertificatePEM = otherCAPEM(t) },
		func(c *ConnectionConfig) { c.AuthMethod = AuthBasic },
		func(c *ConnectionConfig) { c.Timeout = time.Minute },
		func(c *ConnectionConfig) { c.MaxRetries = 7 },
		func(c *ConnectionConfig) { c.RetryWait = time.Minute },
	}
	for i, v := range variants {
		c := base
		v(&c)
		if norm(c) == k {
			t.Errorf("variant %d shares the key", i)
		}
	}
	if _, err := normalizeConfig(ConnectionConfig{Endpoint: "https://bmc", AuthMethod: "kerberos"}); err == nil {
		t.Error("unknown auth method accepted")
	}
}

func TestPoolWaiterHonoursItsContext(t *testing.T) {
	// Real time: the caller's deadline is what is under test. The BMC
	// answers its service root after 2s, with a 503; the caller gives up
	// after 200ms and must be back well before those 2s.
	b := startSim(t, bmcsim.Options{})
	b.InjectFault(bmcsim.KindServiceRoot, bmcsim.Fault{Type: bmcsim.FaultLatency, Latency: 2 * time.Second, Count: 1})
	b.InjectFault(bmcsim.KindServiceRoot, bmcsim.Fault{Type: bmcsim.FaultUnavailable, Count: 1})
	p := NewPool()
	p.clock = newFakeClock() // the 503's Retry-After passes at once
	cfg := simConfig(b, AuthSession)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.Client(ctx, cfg)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 1500*time.Millisecond {
		t.Fatalf("err = %v after %v; want a deadline error quickly", err, time.Since(start))
	}
	// The detached connection attempt carries on and succeeds for the next caller.
	if _, err := p.Client(testCtx(t), cfg); err != nil {
		t.Fatal(err)
	}
	if n := b.Stats().SessionsCreated; n != 1 {
		t.Errorf("logins = %d, want 1", n)
	}
	if n := b.Stats().Count(http.MethodGet, bmcsim.KindServiceRoot); n < 2 {
		t.Errorf("service root read %d times; the 503 was not retried", n)
	}
}
