package redfish

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
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

func TestPoolConnectsOncePerConfig(t *testing.T) {
	f := newFakeBMC(t).start()
	p := NewPool()
	ctx := testCtx(t)
	const n = 40
	clients := make([]*Client, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cfg := f.config()
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
	if f.logins != 1 || f.requests("GET", "/redfish/v1") != 1 {
		t.Fatalf("logins = %d, service root reads = %d; want 1 and 1", f.logins, f.requests("GET", "/redfish/v1"))
	}
	if clients[0].Endpoint() != f.URL() {
		t.Errorf("Endpoint() = %q, want %q", clients[0].Endpoint(), f.URL())
	}

	// Another password is another client (credential rotation logs in anew).
	cfg := f.config()
	cfg.Password = "other"
	if _, err := p.Client(ctx, cfg); err == nil {
		t.Fatal("wrong password accepted")
	}
	// ...and a rejected login is remembered: the same credentials fail at
	// once, without another login the BMC would count against the account.
	f.mu.Lock()
	f.password = "other"
	f.mu.Unlock()
	posts := f.requests("POST", f.sessionsPath)
	if _, err := p.Client(ctx, cfg); !errors.Is(err, ErrUnauthorized) || f.requests("POST", f.sessionsPath) != posts {
		t.Fatalf("rejected credentials tried again: %v, logins sent %d", err, f.requests("POST", f.sessionsPath)-posts)
	}
	// Other credentials are another attempt.
	f.mu.Lock()
	f.password = "third-Pa55"
	f.mu.Unlock()
	cfg.Password = "third-Pa55"
	c2, err := p.Client(ctx, cfg)
	if err != nil || c2 == clients[0] {
		t.Fatalf("second config: %v, same client: %v", err, c2 == clients[0])
	}

	// Close logs every session out.
	p.Close(ctx)
	if f.logouts != 2 {
		t.Errorf("logouts = %d, want 2", f.logouts)
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
	f := newFakeBMC(t)
	f.addFault(&fault{method: "GET", path: "/redfish/v1", times: 1, delay: 2 * time.Second, status: 503})
	f.start()
	p := NewPool()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.Client(ctx, f.config())
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("err = %v after %v; want a deadline error quickly", err, time.Since(start))
	}
	// The detached connection attempt carries on and succeeds for the next caller.
	if _, err := p.Client(testCtx(t), f.config()); err != nil {
		t.Fatal(err)
	}
	if f.logins != 1 {
		t.Errorf("logins = %d, want 1", f.logins)
	}
}

func TestAuthentication(t *testing.T) {
	t.Run("session", func(t *testing.T) {
		f := newFakeBMC(t)
		f.sessionsPath = "/redfish/v1/SessionService/Sessions2" // discovered, not assumed
		f.start()
		c := connectTo(t, f.config())
		if _, err := c.ListSubscriptions(testCtx(t)); err != nil {
			t.Fatal(err)
		}
		if f.requests("POST", "/redfish/v1/SessionService/Sessions2") != 1 {
			t.Fatal("no login at the Links.Sessions path")
		}
		for _, r := range f.requestLog() {
			if r.Path != "/redfish/v1" && !strings.HasPrefix(r.Path, f.sessionsPath) && r.Auth != "token" {
				t.Errorf("%s %s sent without the session token (auth %q)", r.Method, r.Path, r.Auth)
			}
		}
	})
	t.Run("basic", func(t *testing.T) {
		f := newFakeBMC(t)
		f.basicOnly = true
		f.start()
		cfg := f.config()
		cfg.AuthMethod = AuthBasic
		c := connectTo(t, cfg)
		if _, err := c.ListSubscriptions(testCtx(t)); err != nil {
			t.Fatal(err)
		}
		if f.logins != 0 || f.requests("POST", "/redfish/v1/SessionService") != 0 {
			t.Fatal("basic auth logged in")
		}
		for _, r := range f.requestLog() {
			if r.Path != "/redfish/v1" && r.Auth != "basic" {
				t.Errorf("%s %s sent without basic credentials", r.Method, r.Path)
			}
		}
	})
	t.Run("no username sends no credentials", func(t *testing.T) {
		f := newFakeBMC(t)
		f.username = ""
		f.start()
		c := connectTo(t, f.config())
		if _, err := c.ListSubscriptions(testCtx(t)); err != nil {
			t.Fatal(err)
		}
		for _, r := range f.requestLog() {
			if r.Auth != "" || r.Method == "POST" {
				t.Errorf("%s %s: auth %q", r.Method, r.Path, r.Auth)
			}
		}
	})
	t.Run("rejected session login", func(t *testing.T) {
		f := newFakeBMC(t).start()
		cfg := f.config()
		cfg.Password = "wrong-Pa55word"
		_, err := NewPool().Client(testCtx(t), cfg)
		if err == nil {
			t.Fatal("no error")
		}
		msg := err.Error()
		for _, want := range []string{f.URL(), `"admin"`, "rejected the credentials", "Invalid username or password.",
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
		if f.logins != 0 || f.requests("POST", f.sessionsPath) != 1 {
			t.Error("a rejected login was retried")
		}
	})
	t.Run("rejected basic credentials", func(t *testing.T) {
		f := newFakeBMC(t).start()
		cfg := f.config()
		cfg.AuthMethod = AuthBasic
		cfg.Password = "wrong-Pa55word"
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
		sent := f.count()
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
		if f.count() != sent {
			t.Errorf("%d more requests with known-bad credentials", f.count()-sent)
		}
	})
	t.Run("no Links.Sessions", func(t *testing.T) {
		f := newFakeBMC(t)
		f.sessionsPath = ""
		f.start()
		cfg := f.config()
		cfg.AuthMethod = AuthSession
		_, err := NewPool().Client(testCtx(t), cfg)
		if err == nil || !strings.Contains(err.Error(), "no Links.Sessions") || !strings.Contains(err.Error(), "basic") ||
			!errors.Is(err, ErrNoSessions) {
			t.Fatalf("err = %v", err)
		}
		// auto, the default, settles on basic.
		c, err := NewPool().Client(testCtx(t), f.config())
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
	f := newFakeBMC(t).start()
	c := connectTo(t, f.config())
	ctx := testCtx(t)
	id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/a"})
	if err != nil {
		t.Fatal(err)
	}
	f.expireSessions()
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
	if f.logins != 2 {
		t.Fatalf("logins = %d, want 2 (initial + one re-login)", f.logins)
	}
	// A POST refused with 401 is sent again after the re-login.
	f.expireSessions()
	if _, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/b"}); err != nil {
		t.Fatal(err)
	}
	if f.logins != 3 || f.count() != 2 {
		t.Fatalf("logins = %d, subscriptions = %d", f.logins, f.count())
	}
	// Credentials changed on the BMC meanwhile: the re-login fails, once.
	f.expireSessions()
	f.mu.Lock()
	f.password = "rotated"
	f.mu.Unlock()
	_, err = c.GetSubscription(ctx, id)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
}

func TestTLS(t *testing.T) {
	f := newFakeBMC(t).startTLS()
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.srv.Certificate().Raw}))
	ctx := testCtx(t)

	cfg := f.config()
	cfg.CACertificatePEM = caPEM
	c, err := NewPool().Client(ctx, cfg)
	if err != nil {
		t.Fatalf("with the CA: %v", err)
	}
	if _, err := c.EventService(ctx); err != nil {
		t.Fatal(err)
	}

	cfg = f.config() // system roots do not know httptest's CA
	f.conns.Store(0)
	_, err = NewPool().Client(ctx, cfg)
	if err == nil || !strings.Contains(err.Error(), "not trusted") {
		t.Fatalf("system roots: err = %v", err)
	}
	if n := f.conns.Load(); n != 1 {
		t.Errorf("an untrusted certificate was retried: %d connections", n)
	}

	cfg.Insecure = true
	if _, err := NewPool().Client(ctx, cfg); err != nil {
		t.Fatalf("insecure: %v", err)
	}

	// Another CA is not enough: RootCAs holds only the given one.
	cfg = f.config()
	cfg.CACertificatePEM = otherCAPEM(t)
	if _, err := NewPool().Client(ctx, cfg); err == nil {
		t.Fatal("a foreign CA was accepted")
	}

	cfg.CACertificatePEM = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
	_, err = NewPool().Client(ctx, cfg)
	if err == nil || !strings.Contains(err.Error(), "contains no PEM-encoded certificate") {
		t.Fatalf("bad PEM: err = %v", err)
	}
}

// TestHTTP2: bmcweb negotiates HTTP/2 over TLS; our transport (custom TLS
// config, gofish's keep-alive header) must work with it.
func TestHTTP2(t *testing.T) {
	f := newFakeBMC(t).startTLSH2()
	cfg := f.config()
	cfg.CACertificatePEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.srv.Certificate().Raw}))
	c := connectTo(t, cfg)
	ctx := testCtx(t)
	id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetSubscription(ctx, id); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.protos) < 4 {
		t.Fatalf("requests seen: %v", f.protos)
	}
	for _, p := range f.protos {
		if p != "HTTP/2.0" {
			t.Fatalf("protocols used: %v", f.protos)
		}
	}
}

func TestDiscovery(t *testing.T) {
	t.Run("paths come from the service root", func(t *testing.T) {
		f := newFakeBMC(t)
		f.eventServicePath = "/redfish/v1/Managers/bmc/EventService"
		f.subsPath = "/redfish/v1/Managers/bmc/EventService/Destinations"
		f.testEventTarget = "/redfish/v1/Managers/bmc/EventService/Actions/Test"
		f.start()
		c := connectTo(t, f.config())
		ctx := testCtx(t)
		es, err := c.EventService(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if es.SubscriptionsURI != f.subsPath || es.ODataID != f.eventServicePath || es.SubmitTestEventTarget != f.testEventTarget {
			t.Fatalf("discovered %+v", es)
		}
		if !es.ServiceEnabled || *es.DeliveryRetryAttempts != 3 || *es.ExcludeMessageIDSupported != true ||
			es.ServerSentEventURI != "/redfish/v1/EventService/SSE" || len(es.Severities) != 3 {
			t.Errorf("EventService = %+v", es)
		}
		id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
		if err != nil || !strings.HasPrefix(id, f.subsPath+"/") {
			t.Fatalf("create: %q, %v", id, err)
		}
		if err := c.SubmitTestEvent(ctx, TestEvent{MessageID: "ResourceEvent.1.4.TestMessage"}); err != nil {
			t.Fatal(err)
		}
		if len(f.tests) != 1 || f.tests[0]["MessageId"] != "ResourceEvent.1.4.TestMessage" || len(f.tests[0]) != 1 {
			t.Fatalf("test events = %v", f.tests)
		}
		// Discovered once: the EventService was read a single time.
		for range 3 {
			if _, err := c.EventService(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := f.gets(f.eventServicePath); n != 1 {
			t.Errorf("EventService read %d times, want 1", n)
		}
		if _, err := c.RefreshEventService(ctx); err != nil || f.gets(f.eventServicePath) != 2 {
			t.Errorf("refresh: %v", err)
		}
	})
	t.Run("no EventService", func(t *testing.T) {
		f := newFakeBMC(t)
		f.eventServicePath = ""
		f.start()
		c := connectTo(t, f.config())
		_, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e"})
		if !errors.Is(err, ErrNoEventService) {
			t.Fatalf("err = %v", err)
		}
		for _, want := range []string{f.URL(), "has no Redfish EventService", "sushy-tools", "cannot send events"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q lacks %q", err, want)
			}
		}
	})
	t.Run("disabled", func(t *testing.T) {
		f := newFakeBMC(t)
		f.serviceEnabled = ptr(false)
		f.start()
		c := connectTo(t, f.config())
		ctx := testCtx(t)
		es, err := c.EventService(ctx)
		if err != nil || es.ServiceEnabled {
			t.Fatalf("EventService() = %+v, %v; want the data, disabled", es, err)
		}
		_, err = c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
		if !errors.Is(err, ErrEventServiceDisabled) {
			t.Fatalf("err = %v", err)
		}
		for _, want := range []string{f.URL(), "disabled", `{"ServiceEnabled": true}`, "/redfish/v1/EventService", "web interface"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q lacks %q", err, want)
			}
		}
		if f.requests("POST", f.subsPath) != 0 {
			t.Fatal("POSTed to a disabled EventService")
		}
		// Enabled on the BMC meanwhile: the next create sees it.
		f.mu.Lock()
		f.serviceEnabled = ptr(true)
		f.mu.Unlock()
		if _, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("no SubmitTestEvent", func(t *testing.T) {
		f := newFakeBMC(t)
		f.testEventTarget = ""
		f.start()
		c := connectTo(t, f.config())
		err := c.SubmitTestEvent(testCtx(t), TestEvent{MessageID: "x"})
		if err == nil || !strings.Contains(err.Error(), "does not offer the SubmitTestEvent action") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestCreateGetDelete(t *testing.T) {
	f := newFakeBMC(t).start()
	c := connectTo(t, f.config())
	ctx := testCtx(t)
	sub := fullSubscription()
	id, err := c.CreateSubscription(ctx, sub)
	if err != nil {
		t.Fatal(err)
	}
	if id != f.subsPath+"/1" {
		t.Fatalf("id = %q", id)
	}
	// Exactly the payload went over the wire, headers included.
	want, _ := json.Marshal(Payload(sub))
	got, _ := json.Marshal(f.posted[0])
	if string(got) != string(want) {
		t.Fatalf("posted\n%s\nwant\n%s", got, want)
	}
	// One listing (the duplicate check) and one POST; the 201 carried the
	// created subscription, so it is not read back.
	if f.requests("POST", f.subsPath) != 1 || f.gets(f.subsPath) != 1 || f.gets(id) != 0 {
		t.Errorf("a create cost %d POSTs, %d listings, %d reads; want 1, 1, 0",
			f.requests("POST", f.subsPath), f.gets(f.subsPath), f.gets(id))
	}

	read, err := c.GetSubscription(ctx, id+"/")
	if err != nil {
		t.Fatal(err)
	}
	if read.ODataID != id || read.ID != "1" || read.Destination != sub.Destination || *read.Context != "rack-12" ||
		read.HTTPHeaders != nil || read.State != "Enabled" || len(read.OriginResources) != 2 || *read.HeartbeatIntervalMinutes != 15 {
		t.Fatalf("read %+v", read)
	}

	if err := c.DeleteSubscription(ctx, id); err != nil {
		t.Fatal(err)
	}
	if f.count() != 0 {
		t.Fatal("not deleted")
	}
	_, err = c.GetSubscription(ctx, id)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
	if !strings.Contains(err.Error(), "404 Not Found") || !strings.Contains(err.Error(), "was not found") {
		t.Errorf("404 error: %v", err)
	}
	// Deleting again: 404 counts as deleted.
	if err := c.DeleteSubscription(ctx, id); err != nil {
		t.Fatalf("second delete: %v", err)
	}
	if err := c.DeleteSubscription(ctx, "Subscriptions/1"); err == nil {
		t.Fatal("a relative id was accepted")
	}
}

func TestCreateAnswers(t *testing.T) {
	type answer func(f *fakeBMC, w http.ResponseWriter, id string)
	json201 := func(f *fakeBMC, w http.ResponseWriter, id string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(f.subs[id])
	}
	cases := []struct {
		name      string
		answer    answer
		listCalls bool
	}{
		{"201 absolute Location", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.Header().Set("Location", f.URL()+f.subsPath+"/"+id)
			w.WriteHeader(http.StatusCreated)
		}, false},
		{"201 Location with trailing slash", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.Header().Set("Location", f.subsPath+"/"+id+"/")
			w.WriteHeader(http.StatusCreated)
		}, false},
		{"201 bare member id as Location", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.Header().Set("Location", id)
			w.WriteHeader(http.StatusCreated)
		}, false},
		{"201 body, no Location", json201, false},
		{"200 body, no Location", func(f *fakeBMC, w http.ResponseWriter, id string) {
			_ = json.NewEncoder(w).Encode(f.subs[id])
		}, false},
		{"iLO: 201 error-shaped body with Created and a Location", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.Header().Set("Location", f.URL()+f.subsPath+"/"+id)
			w.WriteHeader(http.StatusCreated)
			_, _ = fmt.Fprint(w, `{"error":{"code":"iLO.0.10.ExtendedInfo","message":"See @Message.ExtendedInfo for more information.",`+
				`"@Message.ExtendedInfo":[{"MessageId":"Base.1.4.Created"}]}}`)
		}, false},
		{"201 error-shaped body, no Location", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.WriteHeader(http.StatusCreated)
			_, _ = fmt.Fprint(w, `{"error":{"code":"Base.1.4.Success","@Message.ExtendedInfo":[{"MessageId":"Base.1.4.Created"}]}}`)
		}, true},
		{"204 nothing", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.WriteHeader(http.StatusNoContent)
		}, true},
		{"202 with a task monitor", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.Header().Set("Location", "/redfish/v1/TaskService/TaskMonitors/7")
			w.WriteHeader(http.StatusAccepted)
		}, true},
	}
	for _, tc := range cases {
		for _, expand := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/expand=%v", tc.name, expand), func(t *testing.T) {
				f := newFakeBMC(t)
				f.expand = expand
				f.answerCreate = func(w http.ResponseWriter, id string) { tc.answer(f, w, id) }
				f.start()
				// Out-of-band subscriptions, one to the same destination with another context.
				f.seed(map[string]any{"Destination": "https://l.example.com/e", "Context": "other", "Protocol": "Redfish"})
				f.seed(map[string]any{"Destination": "mailto:ops@example.com", "Protocol": "SMTP"})
				c := connectTo(t, f.config())
				id, err := c.CreateSubscription(testCtx(t), Subscription{
					Destination: "https://l.example.com/e", Context: ptr("mine"), Severities: []string{"Critical"},
				})
				if err != nil {
					t.Fatal(err)
				}
				if id != f.subsPath+"/3" {
					t.Fatalf("id = %q, want %s/3", id, f.subsPath)
				}
				// The duplicate check lists once; an answer without the
				// new subscription's path makes it list again to find it.
				relisted := f.gets(f.subsPath) > 1
				if relisted != tc.listCalls {
					t.Errorf("listed the collection again: %v, want %v", relisted, tc.listCalls)
				}
				if f.requests("POST", f.subsPath) != 1 {
					t.Errorf("POSTs = %d", f.requests("POST", f.subsPath))
				}
			})
		}
	}
}

// TestCreateRefusesTwins: a create identical to a member the BMC holds is
// refused before any POST and names the member; without Location or body,
// the new subscription is the one new member provably equal to it.
func TestCreateRefusesTwins(t *testing.T) {
	f := newFakeBMC(t)
	f.answerCreate = func(w http.ResponseWriter, id string) { w.WriteHeader(http.StatusNoContent) }
	f.start()
	c := connectTo(t, f.config())
	ctx := testCtx(t)
	sub := Subscription{Destination: "https://l.example.com/e", Context: ptr("same")}
	id, err := c.CreateSubscription(ctx, sub)
	if err != nil || id != f.subsPath+"/1" {
		t.Fatalf("first create: %q, %v", id, err)
	}
	_, err = c.CreateSubscription(ctx, sub)
	var exists *ExistsError
	if !errors.As(err, &exists) || len(exists.IDs) != 1 || exists.IDs[0] != id || !exists.Claimed {
		t.Fatalf("second create: %v", err)
	}
	if n := f.requests("POST", f.subsPath); n != 1 {
		t.Fatalf("POSTs = %d: a twin was created", n)
	}
	// A fresh process (another Terraform run) is told the same, without the
	// "this configuration" note.
	_, err = NewInventory().View(c).Create(ctx, sub, CreateOptions{})
	if !errors.As(err, &exists) || exists.Claimed {
		t.Fatalf("create from another process: %v", err)
	}
	// With AdoptExisting it records the one twin instead, without a POST.
	created, err := NewInventory().View(c).Create(ctx, sub, CreateOptions{AdoptExisting: true})
	if err != nil || created.ODataID != id || created.Adopted == "" || f.requests("POST", f.subsPath) != 1 {
		t.Fatalf("adopt: %+v, %v", created, err)
	}

	// Created concurrently by three resources: same destination and context,
	// different severities. Each gets its own.
	f2 := newFakeBMC(t)
	f2.answerCreate = func(w http.ResponseWriter, id string) { w.WriteHeader(http.StatusNoContent) }
	f2.start()
	c2 := connectTo(t, f2.config())
	var wg sync.WaitGroup
	got := map[string]string{}
	var mu sync.Mutex
	for _, sev := range []string{"Critical", "Warning", "OK"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := c2.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e", Context: ptr("c"), Severities: []string{sev}})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			got[sev] = id
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(got) != 3 {
		t.Fatalf("created %v", got)
	}
	for sev, id := range got {
		s, err := c2.GetSubscription(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Severities) != 1 || s.Severities[0] != sev {
			t.Errorf("create for %s returned %s, which has %v", sev, id, s.Severities)
		}
	}
}

func TestCreateAfterLostAnswer(t *testing.T) {
	// A foreign subscription to the same destination, with another context:
	// never adopted.
	foreign := map[string]any{"Destination": "https://l.example.com/e", "Context": "theirs", "Protocol": "Redfish"}
	t.Run("BMC created it", func(t *testing.T) {
		f := newFakeBMC(t)
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 1, hijack: true, commit: true})
		f.start()
		f.seed(foreign)
		c := connectTo(t, f.config())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		if err != nil {
			t.Fatalf("err = %v", err)
		}
		if id != f.subsPath+"/2" {
			t.Fatalf("id = %q, want the one the BMC created", id)
		}
		if n := f.requests("POST", f.subsPath); n != 1 {
			t.Fatalf("POSTs = %d: a POST the BMC may have acted on was repeated", n)
		}
	})
	t.Run("BMC did not create it: sent once more", func(t *testing.T) {
		f := newFakeBMC(t)
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 1, hijack: true})
		f.start()
		f.seed(foreign)
		c := connectTo(t, f.config())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		if err != nil || id != f.subsPath+"/2" {
			t.Fatalf("id = %q, err = %v", id, err)
		}
		// The duplicate check, one lost POST, three listings that show it
		// was not applied, one more POST.
		if f.requests("POST", f.subsPath) != 2 || f.gets(f.subsPath) != 1+3 || f.count() != 2 {
			t.Fatalf("POSTs = %d, listings = %d, subscriptions = %d",
				f.requests("POST", f.subsPath), f.gets(f.subsPath), f.count())
		}
	})
	t.Run("BMC did not create it twice", func(t *testing.T) {
		f := newFakeBMC(t)
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 2, hijack: true})
		f.start()
		f.seed(foreign)
		c := connectTo(t, f.config())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		if err == nil || id != "" {
			t.Fatalf("id = %q, err = %v; want no id and an error", id, err)
		}
		if !strings.Contains(err.Error(), "did not create it") || f.requests("POST", f.subsPath) != 2 ||
			f.gets(f.subsPath) != 1+3+3 {
			t.Fatalf("err = %v, POSTs = %d", err, f.requests("POST", f.subsPath))
		}
	})
	t.Run("500 after creating", func(t *testing.T) {
		f := newFakeBMC(t)
		f.answerCreate = func(w http.ResponseWriter, id string) {
			redfishError(w, http.StatusInternalServerError, "Base.1.22.InternalError", "The request failed due to an internal service error.", "")
		}
		f.start()
		c := connectTo(t, f.config())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e"})
		if err != nil || id != f.subsPath+"/1" || f.requests("POST", f.subsPath) != 1 {
			t.Fatalf("id = %q, err = %v, POSTs = %d", id, err, f.requests("POST", f.subsPath))
		}
	})
	t.Run("two new twins: neither adopted, both named", func(t *testing.T) {
		f := newFakeBMC(t)
		sub := map[string]any{"Destination": "https://l.example.com/e", "Context": "c", "Protocol": "Redfish"}
		// Another run's create lands while ours is lost: two new members
		// provably equal to ours, and nothing proves which is ours.
		f.answerCreate = func(w http.ResponseWriter, id string) {
			f.store(sub) // f.mu is held while answering
			redfishError(w, http.StatusBadGateway, "Base.1.22.InternalError", "proxy timeout", "")
		}
		f.start()
		c := connectTo(t, f.config())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		var amb *AmbiguousCreateError
		if id != "" || !errors.As(err, &amb) || len(amb.Candidates) != 2 {
			t.Fatalf("id = %q, err = %v", id, err)
		}
	})
	t.Run("listing fails after a lost answer: no adoption, no second POST", func(t *testing.T) {
		f := newFakeBMC(t)
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 1, hijack: true, commit: true})
		f.start()
		c := connectTo(t, f.config())
		ctx := testCtx(t)
		if _, err := c.ListSubscriptions(ctx); err != nil { // the duplicate check's listing
			t.Fatal(err)
		}
		f.addFault(&fault{method: "GET", path: f.subsPath, times: 100, status: 500})
		id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		var amb *AmbiguousCreateError
		if id != "" || !errors.As(err, &amb) || amb.ListErr == nil || f.requests("POST", f.subsPath) != 1 {
			t.Fatalf("id = %q, err = %v, POSTs = %d", id, err, f.requests("POST", f.subsPath))
		}
	})
	t.Run("caller's context ends mid-POST", func(t *testing.T) {
		f := newFakeBMC(t)
		// The BMC creates the subscription 300ms after the request, long
		// after the caller gave up (100ms).
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 1,
			delay: 300 * time.Millisecond, hijack: true, commit: true})
		f.start()
		cfg := f.config()
		cfg.RetryWait = 200 * time.Millisecond // listings at ~100, ~300, ~700ms
		c := connectTo(t, cfg)
		if _, err := c.ListSubscriptions(testCtx(t)); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
		if err != nil || id != f.subsPath+"/1" {
			t.Fatalf("id = %q, err = %v; want the subscription the BMC created after all", id, err)
		}
	})
}

func TestRetries(t *testing.T) {
	t.Run("POST 503 with Retry-After is retried", func(t *testing.T) {
		f := newFakeBMC(t)
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 2, status: 503,
			header: map[string]string{"Retry-After": "0"}})
		f.start()
		c := connectTo(t, f.config())
		if _, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e"}); err != nil {
			t.Fatal(err)
		}
		if n := f.requests("POST", f.subsPath); n != 3 || f.count() != 1 {
			t.Fatalf("POSTs = %d, subscriptions = %d", n, f.count())
		}
	})
	t.Run("POST 429 without Retry-After is retried", func(t *testing.T) {
		f := newFakeBMC(t)
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 1, status: 429})
		f.start()
		c := connectTo(t, f.config())
		if _, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e"}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("POST 400 is not retried and quotes the BMC", func(t *testing.T) {
		f := newFakeBMC(t)
		f.answerCreate = func(w http.ResponseWriter, id string) {
			delete(f.subs, id)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprint(w, `{"error":{"code":"Base.1.22.GeneralError","message":"A general error has occurred. See ExtendedInfo for more information.",`+
				`"@Message.ExtendedInfo":[{"MessageId":"Base.1.22.PropertyValueFormatError","Message":"The value 'x' for the property Context is not a format that the property can accept.",`+
				`"RelatedProperties":["#/Context"],"Resolution":"Correct the value for the property in the request body and resubmit the request if the operation failed."}]}}`)
		}
		f.start()
		c := connectTo(t, f.config())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("x")})
		if err == nil || id != "" {
			t.Fatal("no error")
		}
		e := AsError(err)
		if e == nil || e.StatusCode != 400 || PropertyName(e.RelatedProperties()[0]) != "Context" {
			t.Fatalf("err = %#v", err)
		}
		want := "POST " + f.subsPath + " on " + f.URL() + ": 400 Bad Request: The value 'x' for the property Context is not a format"
		if !strings.HasPrefix(err.Error(), want) {
			t.Errorf("err = %v", err)
		}
		if f.requests("POST", f.subsPath) != 1 || f.gets(f.subsPath) != 1 {
			t.Error("a 400 was retried or followed by a listing besides the duplicate check")
		}
	})
	t.Run("GET is retried on 5xx, 429 and resets, within MaxRetries", func(t *testing.T) {
		f := newFakeBMC(t).start()
		c := connectTo(t, f.config())
		ctx := testCtx(t)
		id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
		if err != nil {
			t.Fatal(err)
		}
		f.addFault(&fault{method: "GET", path: id, times: 1, status: 500})
		f.addFault(&fault{method: "GET", path: id, times: 1, status: 429})
		f.addFault(&fault{method: "GET", path: id, times: 1, hijack: true})
		if _, err := c.GetSubscription(ctx, id); err != nil {
			t.Fatal(err)
		}
		if n := f.requests("GET", id); n != 4 {
			t.Errorf("GETs = %d, want 4", n)
		}
		f.addFault(&fault{method: "GET", path: id, times: 10, status: 503})
		_, err = c.GetSubscription(ctx, id)
		if e := AsError(err); e == nil || e.StatusCode != 503 {
			t.Fatalf("err = %v", err)
		}
		if n := f.requests("GET", id); n != 4+4 {
			t.Errorf("GETs = %d, want 1 + MaxRetries(3) more", n-4)
		}
	})
	t.Run("DELETE retried on 503", func(t *testing.T) {
		f := newFakeBMC(t).start()
		c := connectTo(t, f.config())
		ctx := testCtx(t)
		id, _ := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
		f.addFault(&fault{method: "DELETE", path: id, times: 2, status: 503})
		if err := c.DeleteSubscription(ctx, id); err != nil || f.count() != 0 {
			t.Fatalf("err = %v, left %d", err, f.count())
		}
	})
	t.Run("connection refused is retried, then reported", func(t *testing.T) {
		f := newFakeBMC(t).start()
		c := connectTo(t, f.config())
		addr := f.srv.Listener.Addr().String()
		f.srv.Close()
		start := time.Now()
		_, err := c.GetSubscription(testCtx(t), "/redfish/v1/EventService/Subscriptions/1")
		var te *transportError
		if !errors.As(err, &te) || !isDialError(err) {
			t.Fatalf("err = %v", err)
		}
		if !strings.Contains(err.Error(), addr) && !strings.Contains(err.Error(), f.URL()) {
			t.Errorf("err %v does not name the BMC", err)
		}
		if time.Since(start) > 5*time.Second {
			t.Error("too slow")
		}
	})
	t.Run("a request timeout says so", func(t *testing.T) {
		f := newFakeBMC(t).start()
		cfg := f.config()
		cfg.Timeout = 100 * time.Millisecond
		cfg.MaxRetries = 1
		c := connectTo(t, cfg)
		f.addFault(&fault{method: "GET", path: "/redfish/v1/EventService", times: 10, delay: time.Second, status: 200})
		_, err := c.EventService(testCtx(t))
		if err == nil || !strings.Contains(err.Error(), "no answer within the request timeout of 100ms") ||
			!strings.Contains(err.Error(), "GET /redfish/v1/EventService on "+f.URL()) {
			t.Fatalf("err = %v", err)
		}
		if n := f.gets("/redfish/v1/EventService"); n != 2 {
			t.Errorf("GETs = %d, want 2 (MaxRetries 1)", n)
		}
	})
	t.Run("context cancellation stops waiting", func(t *testing.T) {
		f := newFakeBMC(t).start()
		c := connectTo(t, f.config())
		f.addFault(&fault{method: "GET", path: "/redfish/v1/EventService/Subscriptions/1", times: 10, status: 503,
			header: map[string]string{"Retry-After": "30"}})
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.GetSubscription(ctx, "/redfish/v1/EventService/Subscriptions/1")
		if err == nil || time.Since(start) > 2*time.Second {
			t.Fatalf("err = %v after %v", err, time.Since(start))
		}
	})
}

func TestList(t *testing.T) {
	seed := func(f *fakeBMC, n int) {
		for i := range n {
			proto := "Redfish"
			if i%5 == 4 {
				proto = "SNMPv2c"
			}
			f.seed(map[string]any{"Destination": fmt.Sprintf("https://l.example.com/%d", i), "Protocol": proto, "Context": fmt.Sprint(i)})
		}
	}
	check := func(t *testing.T, subs []Subscription, n int) {
		t.Helper()
		if len(subs) != n {
			t.Fatalf("listed %d, want %d", len(subs), n)
		}
		snmp := 0
		for i, s := range subs {
			if s.Destination != fmt.Sprintf("https://l.example.com/%d", i) || s.ODataID == "" || s.ID == "" {
				t.Fatalf("member %d = %+v", i, s)
			}
			if *s.Protocol == "SNMPv2c" {
				snmp++
			}
		}
		if snmp != n/5 {
			t.Errorf("SNMP members = %d, want %d (callers filter, not the client)", snmp, n/5)
		}
	}
	t.Run("expand and paging", func(t *testing.T) {
		f := newFakeBMC(t)
		f.expand = true
		f.pageSize = 4
		f.start()
		seed(f, 10)
		c := connectTo(t, f.config())
		subs, err := c.ListSubscriptions(testCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		check(t, subs, 10)
		var pages []string
		for _, r := range f.requestLog() {
			if r.Method == "GET" && strings.HasPrefix(r.Path, f.subsPath) {
				pages = append(pages, r.Path+"?"+r.Query)
			}
		}
		if len(pages) != 3 || !strings.Contains(pages[0], "$expand=.($levels=1)") {
			t.Fatalf("requests = %v; want 3 expanded pages", pages)
		}
	})
	t.Run("member by member, bounded", func(t *testing.T) {
		f := newFakeBMC(t)
		f.pageSize = 7
		f.memberDelay = 20 * time.Millisecond
		f.start()
		seed(f, 20)
		c := connectTo(t, f.config())
		subs, err := c.ListSubscriptions(testCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		check(t, subs, 20)
		if f.maxInflight > maxConcurrentRequests || f.maxInflight < 2 {
			t.Errorf("max member GETs in flight = %d, want 2..%d", f.maxInflight, maxConcurrentRequests)
		}
	})
	t.Run("$expand fails: fall back once", func(t *testing.T) {
		f := newFakeBMC(t)
		f.expand = true
		f.expandBroken = true
		f.start()
		seed(f, 5)
		c := connectTo(t, f.config())
		for range 2 {
			subs, err := c.ListSubscriptions(testCtx(t))
			if err != nil {
				t.Fatal(err)
			}
			check(t, subs, 5)
		}
		expanded := 0
		for _, r := range f.requestLog() {
			if strings.Contains(r.Query, "expand") {
				expanded++
			}
		}
		if expanded != 1 {
			t.Errorf("$expand tried %d times, want once", expanded)
		}
	})
	t.Run("member deleted while listing", func(t *testing.T) {
		f := newFakeBMC(t).start()
		seed(f, 3)
		f.addFault(&fault{method: "GET", path: f.subsPath + "/2", times: 1, status: 404})
		c := connectTo(t, f.config())
		subs, err := c.ListSubscriptions(testCtx(t))
		if err != nil || len(subs) != 2 {
			t.Fatalf("%d members, err %v", len(subs), err)
		}
	})
	t.Run("member error fails the listing", func(t *testing.T) {
		f := newFakeBMC(t).start()
		seed(f, 3)
		f.addFault(&fault{method: "GET", path: f.subsPath + "/2", times: 10, status: 403})
		c := connectTo(t, f.config())
		if _, err := c.ListSubscriptions(testCtx(t)); err == nil || AsError(err).StatusCode != 403 {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestReadNormalisesEchoes(t *testing.T) {
	f := newFakeBMC(t)
	f.echo = func(m map[string]any) {
		m["@odata.id"] = fmt.Sprint(m["@odata.id"]) + "/"
		m["Protocol"] = "redfish"
		m["Context"] = ""
		m["HttpHeaders"] = []any{}
		delete(m, "SubscriptionType")
		if o, ok := m["OriginResources"].([]any); ok {
			refs := make([]any, 0, len(o))
			for _, r := range o {
				if ref, ok := r.(map[string]any); ok {
					refs = append(refs, map[string]any{"@odata.id": fmt.Sprint(ref["@odata.id"]) + "/"})
				}
			}
			m["OriginResources"] = refs
		}
	}
	f.start()
	c := connectTo(t, f.config())
	ctx := testCtx(t)
	id, err := c.CreateSubscription(ctx, Subscription{
		Destination: "https://l.example.com/e", Context: ptr(""), OriginResources: []string{"/redfish/v1/Systems/1"},
		HTTPHeaders: []HTTPHeader{{Name: "Authorization", Value: "Bearer t"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.GetSubscription(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if s.ODataID != id || *s.Protocol != "Redfish" || s.Context != nil || s.HTTPHeaders != nil || s.SubscriptionType != nil ||
		len(s.OriginResources) != 1 || s.OriginResources[0] != "/redfish/v1/Systems/1" {
		t.Fatalf("read %+v", s)
	}
	list, err := c.ListSubscriptions(ctx)
	if err != nil || len(list) != 1 || list[0].ODataID != id {
		t.Fatalf("list %+v, %v", list, err)
	}
}

func TestLogsCarryNoSecrets(t *testing.T) {
	f := newFakeBMC(t)
	f.addFault(&fault{method: "GET", path: "/redfish/v1/EventService/Subscriptions/", times: 1, status: 503})
	f.start()
	var mu sync.Mutex
	var records []string
	p := NewPool()
	p.SetLogger(func(_ context.Context, msg string, fields map[string]any) {
		b, _ := json.Marshal(fields)
		mu.Lock()
		records = append(records, msg+" "+string(b))
		mu.Unlock()
	})
	ctx := testCtx(t)
	c, err := p.Client(ctx, f.config())
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
	f.expireSessions()
	if _, err := c.ListSubscriptions(ctx); err != nil {
		t.Fatal(err)
	}
	p.Close(ctx)
	all := strings.Join(records, "\n")
	for _, secret := range []string{f.password, "HEADER-SECRET", "SECRET-PATH", "token-"} {
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
	f := newFakeBMC(t)
	f.expand = true
	f.start()
	p := NewPool()
	ctx := testCtx(t)
	var created atomic.Int64
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := p.Client(ctx, f.config())
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
	if created.Load() != 16 || f.count() != 8 || f.logins != 1 {
		t.Fatalf("created %d, left %d, logins %d", created.Load(), f.count(), f.logins)
	}
}

// otherCAPEM is a CA certificate that signed nothing the tests serve
// (httptest's TLS servers all share one built-in certificate).
func otherCAPEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Other Test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}
