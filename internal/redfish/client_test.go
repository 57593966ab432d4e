package redfish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func connectTo(t *testing.T, cfg ConnectionConfig) *Client {
	t.Helper()
	c, err := NewPool().Client(testCtx(t), cfg)
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}
	return c
}

func TestAuthentication(t *testing.T) {
	t.Run("session", func(t *testing.T) {
		const sessions = "/redfish/v1/SessionService/Sessions2" // discovered, not assumed
		b := startRecordedSim(t, bmcsim.Options{Paths: map[string]string{"/redfish/v1/SessionService/Sessions": sessions}})
		c := connectTo(t, simConfig(b, ""))
		if _, err := c.ListSubscriptions(testCtx(t)); err != nil {
			t.Fatal(err)
		}
		if b.CountRequests(http.MethodPost, sessions, false) != 1 {
			t.Fatal("no login at the Links.Sessions path")
		}
		for _, r := range b.Requests() {
			if p := strings.TrimRight(r.Path, "/"); p != "/redfish/v1" && !strings.HasPrefix(p, sessions) && r.Auth != "token" {
				t.Errorf("%s %s sent without the session token (auth %q)", r.Method, r.Path, r.Auth)
			}
		}
	})
	t.Run("basic", func(t *testing.T) {
		// A BMC without sessions: the login is refused 405.
		b := startRecordedSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindSessionCreate, answer(http.StatusMethodNotAllowed, 0,
			`{"error":{"code":"Base.1.22.OperationNotAllowed","message":"The HTTP method is not allowed."}}`))
		c := connectTo(t, simConfig(b, AuthBasic))
		if _, err := c.ListSubscriptions(testCtx(t)); err != nil {
			t.Fatal(err)
		}
		if b.Stats().SessionsCreated != 0 || b.CountRequests(http.MethodPost, "/redfish/v1/SessionService", true) != 0 {
			t.Fatal("basic auth logged in")
		}
		for _, r := range b.Requests() {
			if strings.TrimRight(r.Path, "/") != "/redfish/v1" && r.Auth != "basic" {
				t.Errorf("%s %s sent without basic credentials", r.Method, r.Path)
			}
		}
	})
	t.Run("no username sends no credentials", func(t *testing.T) {
		b, err := bmcsim.Start(bmcsim.Options{}) // no Username: no authentication required
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(b.Close)
		b.RecordRequests()
		c := connectTo(t, ConnectionConfig{Endpoint: b.URL(), Timeout: 5 * time.Second, MaxRetries: 3, RetryWait: time.Millisecond})
		if _, err := c.ListSubscriptions(testCtx(t)); err != nil {
			t.Fatal(err)
		}
		if len(b.Requests()) == 0 {
			t.Fatal("no request recorded")
		}
		for _, r := range b.Requests() {
			if r.Auth != "" || r.Method == "POST" {
				t.Errorf("%s %s: auth %q", r.Method, r.Path, r.Auth)
			}
		}
	})
	t.Run("rejected session login", func(t *testing.T) {
		b := startRecordedSim(t, bmcsim.Options{Username: "admin", Password: simPassword})
		cfg := simConfig(b, "")
		cfg.Username, cfg.Password = "admin", "wrong-Pa55word"
		_, err := NewPool().Client(testCtx(t), cfg)
		if err == nil {
			t.Fatal("no error")
		}
		msg := err.Error()
		for _, want := range []string{b.URL(), `"admin"`, "rejected the credentials", "Invalid username or password",
			"/redfish/v1/SessionService/Sessions", "401"} {
			if !strings.Contains(msg, want) {
				t.Errorf("error %q lacks %q", msg, want)
			}
		}
		if strings.Contains(msg, "wrong-Pa55word") {
			t.Errorf("error contains the password: %s", msg)
		}
		if !errors.Is(err, ErrUnauthorized) {
			t.Error("not ErrUnauthorized")
		}
		if b.Stats().SessionsCreated != 0 || b.CountRequests(http.MethodPost, "/redfish/v1/SessionService/Sessions", false) != 1 {
			t.Error("a rejected login was retried")
		}
	})
	t.Run("rejected basic credentials", func(t *testing.T) {
		b := startRecordedSim(t, bmcsim.Options{Username: "admin", Password: simPassword})
		cfg := simConfig(b, AuthBasic)
		cfg.Username, cfg.Password = "admin", "wrong-Pa55word"
		p := NewPool()
		// Basic credentials are checked by one request while connecting,
		// so that parallel callers do not each send them.
		_, err := p.Client(testCtx(t), cfg)
		if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "rejected the credentials of user \"admin\" (HTTP basic") {
			t.Fatalf("err = %v", err)
		}
		if strings.Contains(err.Error(), "wrong-Pa55word") {
			t.Fatal("password in error")
		}
		sent := len(b.Requests())
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err2 := p.Client(testCtx(t), cfg); err2 == nil || err2.Error() != err.Error() {
					t.Errorf("later call: %v", err2)
				}
			}()
		}
		wg.Wait()
		if n := len(b.Requests()); n != sent {
			t.Errorf("%d more requests with known-bad credentials", n-sent)
		}
	})
	t.Run("no Links.Sessions", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindServiceRoot, bmcsim.Fault{Type: bmcsim.FaultRewrite, Rewrite: func(root map[string]any) {
			if links, ok := root["Links"].(map[string]any); ok {
				delete(links, "Sessions")
			}
		}})
		_, err := NewPool().Client(testCtx(t), simConfig(b, AuthSession))
		if err == nil || !strings.Contains(err.Error(), "no Links.Sessions") || !strings.Contains(err.Error(), "basic") ||
			!errors.Is(err, ErrNoSessions) {
			t.Fatalf("err = %v", err)
		}
		// auto, the default, settles on basic.
		c, err := NewPool().Client(testCtx(t), simConfig(b, ""))
		if err != nil {
			t.Fatal(err)
		}
		if c.AuthMethod() != AuthBasic {
			t.Errorf("auto chose %q", c.AuthMethod())
		}
		if _, err := c.ListSubscriptions(testCtx(t)); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSessionExpiryLogsInAgainOnce(t *testing.T) {
	b := startSim(t, bmcsim.Options{})
	c := connectTo(t, simConfig(b, ""))
	ctx := testCtx(t)
	id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/a"})
	if err != nil {
		t.Fatal(err)
	}
	b.ExpireSessions()
	// Many goroutines hit the expired session at once; one login serves them.
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetSubscription(ctx, id); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := b.Stats().SessionsCreated; n != 2 {
		t.Fatalf("logins = %d, want 2 (initial + one re-login)", n)
	}
	// A POST refused with 401 is sent again after the re-login.
	b.ExpireSessions()
	if _, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/b"}); err != nil {
		t.Fatal(err)
	}
	if n := b.Stats().SessionsCreated; n != 3 || len(b.Subscriptions()) != 2 {
		t.Fatalf("logins = %d, subscriptions = %d", n, len(b.Subscriptions()))
	}
	// Credentials changed on the BMC meanwhile: the re-login fails, once.
	b.ExpireSessions()
	b.SetPassword("rotated")
	_, err = c.GetSubscription(ctx, id)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
}

func TestLogsCarryNoSecrets(t *testing.T) {
	b := startRecordedSim(t, bmcsim.Options{})
	b.InjectFault(bmcsim.KindSubscriptionGet, answer(http.StatusServiceUnavailable, 1, ""))
	var mu sync.Mutex
	var records []string
	p := NewPool()
	p.clock = newFakeClock()
	p.SetLogger(func(_ context.Context, msg string, fields map[string]any) {
		b, _ := json.Marshal(fields)
		mu.Lock()
		records = append(records, msg+" "+string(b))
		mu.Unlock()
	})
	ctx := testCtx(t)
	c, err := p.Client(ctx, simConfig(b, AuthSession))
	if err != nil {
		t.Fatal(err)
	}
	id, err := c.CreateSubscription(ctx, Subscription{
		Destination: "https://l.example.com/hook/SECRET-PATH", HTTPHeaders: []HTTPHeader{{Name: "Authorization", Value: "Bearer HEADER-SECRET"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetSubscription(ctx, id); err != nil {
		t.Fatal(err)
	}
	b.ExpireSessions()
	if _, err := c.ListSubscriptions(ctx); err != nil {
		t.Fatal(err)
	}
	p.Close(ctx)
	all := strings.Join(records, "\n")
	secrets := []string{simPassword, "HEADER-SECRET", "SECRET-PATH"}
	for _, r := range b.Requests() {
		if r.Token != "" && !slices.Contains(secrets, r.Token) {
			secrets = append(secrets, r.Token)
		}
	}
	if len(secrets) < 5 {
		t.Fatalf("the BMC saw %d session tokens, want the first and the one after expiry", len(secrets)-3)
	}
	for _, secret := range secrets {
		if strings.Contains(all, secret) {
			t.Errorf("logs contain %q:\n%s", secret, all)
		}
	}
	for _, want := range []string{"connected to BMC", "creating event subscription", "retrying BMC request",
		"logged in again", "logged out of BMC", `"HttpHeaders"`} {
		if !strings.Contains(all, want) {
			t.Errorf("logs lack %q:\n%s", want, all)
		}
	}
}

// TestConcurrentUse runs creates, reads, lists and deletes on one client
// from many goroutines (meant for -race).
func TestConcurrentUse(t *testing.T) {
	b := startSim(t, bmcsim.Options{})
	cfg := simConfig(b, AuthSession)
	p := NewPool()
	ctx := testCtx(t)
	var created atomic.Int64
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := p.Client(ctx, cfg)
			if err != nil {
				t.Error(err)
				return
			}
			id, err := c.CreateSubscription(ctx, Subscription{Destination: fmt.Sprintf("https://l.example.com/%d", i)})
			if err != nil {
				t.Error(err)
				return
			}
			created.Add(1)
			if _, err := c.GetSubscription(ctx, id); err != nil {
				t.Error(err)
			}
			if _, err := c.ListSubscriptions(ctx); err != nil {
				t.Error(err)
			}
			if i%2 == 0 {
				if err := c.DeleteSubscription(ctx, id); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if left, logins := len(b.Subscriptions()), b.Stats().SessionsCreated; created.Load() != 16 || left != 8 || logins != 1 {
		t.Fatalf("created %d, left %d, logins %d", created.Load(), left, logins)
	}
}
