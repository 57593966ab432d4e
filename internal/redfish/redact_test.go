package redfish

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// secretSpellings are the forms a leak scan looks for: plain, base64 and
// URL-encoded.
func secretSpellings(secret string) []string {
	return []string{
		secret,
		base64.StdEncoding.EncodeToString([]byte(secret)),
		base64.RawURLEncoding.EncodeToString([]byte(secret)),
		url.QueryEscape(secret),
		url.PathEscape(secret),
	}
}

func assertNoSecret(t *testing.T, where, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		for _, form := range secretSpellings(s) {
			if strings.Contains(text, form) {
				t.Errorf("%s holds secret %q as %q: %s", where, s, form, text)
			}
		}
	}
}

func TestRedactEverySpelling(t *testing.T) {
	var set secretSet
	secret := "S3cr3t/Pa55+w&rd?é"
	set.register(secret)
	texts := map[string]string{
		"plain":           "login failed for password " + secret + " today",
		"base64":          "blob " + base64.StdEncoding.EncodeToString([]byte(secret)) + " end",
		"base64url":       "blob " + base64.RawURLEncoding.EncodeToString([]byte(secret)) + " end",
		"query":           "GET /x?p=" + url.QueryEscape(secret) + "&q=1",
		"path":            "GET /x/" + url.PathEscape(secret),
		"lower hex":       "GET /x?p=" + strings.ToLower(url.QueryEscape(secret)),
		"json":            `{"Password":"` + strings.ReplaceAll(secret, "&", `\u0026`) + `"}`,
		"html":            "<td>" + html.EscapeString(secret) + "</td>",
		"in longer b64 1": base64.StdEncoding.EncodeToString([]byte("x" + secret + "tail-bytes")),
		"in longer b64 2": base64.StdEncoding.EncodeToString([]byte("xy" + secret + "tail-bytes")),
	}
	for name, text := range texts {
		got := set.redact(text)
		assertNoSecret(t, name, got, secret)
		if strings.Contains(got, "S3cr3t") || strings.Contains(got, "Pa55") {
			t.Errorf("%s: part of the secret left: %s", name, got)
		}
	}
}

func TestRedactCredentialHeadersAndUserinfo(t *testing.T) {
	var set secretSet // nothing registered: the patterns alone
	cases := map[string]string{
		"Authorization: Basic YWRtaW46cGFzc3dvcmQ=\r\nHost: bmc":     "YWRtaW46cGFzc3dvcmQ",
		"x-auth-token: 0123456789abcdef\n":                           "0123456789abcdef",
		`{"headers": {"X-Auth-Token": "tok-123456", "Accept": "*"}}`: "tok-123456",
		`<pre>Authorization&quot;: &quot;Bearer eyJhbGci.x.y</pre>`:  "eyJhbGci",
		`{"UserName": "admin", "Password": "hunter2-long"}`:          "hunter2-long",
		"see https://admin:hunter3@10.0.0.5/redfish/v1":              "hunter3",
		"dest=https%3A%2F%2Fadmin%3Ahunter4%40events.example.com":    "hunter4",
		"Cookie: SESSION=abcdef123456; other=1":                      "abcdef123456",
	}
	for in, secret := range cases {
		out := set.redact(in)
		if strings.Contains(out, secret) {
			t.Errorf("redact(%q) = %q keeps %q", in, out, secret)
		}
		if !strings.Contains(out, Redacted) {
			t.Errorf("redact(%q) = %q: nothing marked", in, out)
		}
	}
	if got := set.redact("https://events.example.com/hook"); got != "https://events.example.com/hook" {
		t.Errorf("a URL without userinfo changed: %s", got)
	}
	for _, innocent := range []string{
		"GET /redfish/v1/EventService on https://10.0.0.5: 404 Not Found",
		"Check the user name and password: `bmc.username`/`bmc.password` on the resource",
	} {
		if got := set.redact(innocent); got != innocent {
			t.Errorf("an innocent message was redacted: %s", got)
		}
	}
}

func TestRedactFields(t *testing.T) {
	RegisterSecrets("field-Secret-9")
	out := redactFields(map[string]any{
		"error":    errors.New("BMC said field-Secret-9"),
		"list":     []string{"a", "field-Secret-9"},
		"password": "whatever it is",
		"x_token":  42,
		"status":   500,
	})
	assertNoSecret(t, "fields", fmt.Sprint(out), "field-Secret-9")
	if out["password"] != Redacted || out["x_token"] != Redacted || out["status"] != 500 {
		t.Errorf("fields = %v", out)
	}
}

func TestTruncateAfterRedaction(t *testing.T) {
	token := strings.Repeat("Tk", 20) + "-cut-token"
	RegisterSecrets(token)
	for pad := 150; pad < 210; pad += 7 {
		body := "<html><body>" + strings.Repeat("x", pad) + " X-Auth-Token " + token + " more</body></html>"
		e := newHTTPError(http.MethodGet, "/redfish/v1", "https://bmc", http.StatusBadGateway, []byte(body))
		msg := e.Error()
		for i := 0; i+8 <= len(token); i++ {
			if strings.Contains(msg, token[i:i+8]) {
				t.Fatalf("pad %d: part of the token %q shown: %s", pad, token[i:i+8], msg)
			}
		}
	}
}

// echoServer answers some requests with a page quoting the request's
// headers and body, as misbehaving BMCs and proxies do; the rest goes to
// the fake BMC.
func echoServer(t *testing.T, f *fakeBMC, echo func(r *http.Request) (status int, ok bool)) {
	t.Helper()
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status, ok := echo(r); ok {
			body, _ := io.ReadAll(r.Body)
			var b strings.Builder
			fmt.Fprintf(&b, "<html><body><h1>Error</h1><pre>%s %s\n", r.Method, r.URL)
			keys := make([]string, 0, len(r.Header))
			for k := range r.Header {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(r.Header[k], ", "))
			}
			fmt.Fprintf(&b, "\n%s</pre></body></html>", body)
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, b.String())
			return
		}
		f.serve(w, r)
	}))
	t.Cleanup(f.srv.Close)
}

// TestEchoedCredentialsNeverLogged: a BMC answers 503 pages that quote the
// request (its X-Auth-Token or Authorization header): the retry log records
// and the final error hold none of the credentials.
func TestEchoedCredentialsNeverLogged(t *testing.T) {
	for _, auth := range []AuthMethod{AuthSession, AuthBasic} {
		t.Run(string(auth), func(t *testing.T) {
			f := newFakeBMC(t)
			f.password = "echo-Pa55word-" + string(auth)
			var mu sync.Mutex
			echoes := 0
			echoServer(t, f, func(r *http.Request) (int, bool) {
				mu.Lock()
				defer mu.Unlock()
				if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/Subscriptions") {
					echoes++
					return http.StatusServiceUnavailable, true
				}
				return 0, false
			})
			var logs strings.Builder
			p := NewPool()
			p.SetLogger(func(_ context.Context, msg string, fields map[string]any) {
				mu.Lock()
				defer mu.Unlock()
				fmt.Fprintf(&logs, "%s %v\n", msg, fields)
			})
			cfg := f.config()
			cfg.AuthMethod = auth
			c, err := p.Client(testCtx(t), cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.ListSubscriptions(testCtx(t))
			if err == nil {
				t.Fatal("no error")
			}
			secrets := []string{f.password, "admin:" + f.password}
			f.mu.Lock()
			for tok := range f.tokens {
				secrets = append(secrets, tok)
			}
			f.mu.Unlock()
			mu.Lock()
			defer mu.Unlock()
			if echoes < 2 || !strings.Contains(logs.String(), "retrying BMC request") {
				t.Fatalf("the echo was not retried and logged (%d echoes): %s", echoes, logs.String())
			}
			assertNoSecret(t, "log", logs.String(), secrets...)
			assertNoSecret(t, "error", err.Error(), secrets...)
			if !strings.Contains(err.Error(), "503") {
				t.Errorf("error lost its status: %v", err)
			}
		})
	}
}

// TestWrongPasswordOneLogin: 30 parallel callers with a wrong password
// cost the BMC one failed login (session) or one 401 (basic), and every
// caller gets the same error.
func TestWrongPasswordOneLogin(t *testing.T) {
	for _, auth := range []AuthMethod{AuthAuto, AuthSession, AuthBasic} {
		t.Run(string(auth), func(t *testing.T) {
			f := newFakeBMC(t)
			var rejected atomic.Int64
			f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec := &statusRecorder{ResponseWriter: w}
				f.serve(rec, r)
				if rec.status == http.StatusUnauthorized {
					rejected.Add(1)
				}
			}))
			t.Cleanup(f.srv.Close)
			cfg := f.config()
			cfg.AuthMethod = auth
			cfg.Password = "not-the-Pa55word"
			p := NewPool()
			var wg sync.WaitGroup
			errs := make([]error, 30)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c, err := p.Client(testCtx(t), cfg)
					if err == nil {
						_, err = c.ListSubscriptions(testCtx(t))
					}
					errs[i] = err
				}()
			}
			wg.Wait()
			for _, err := range errs {
				if !errors.Is(err, ErrUnauthorized) || err.Error() != errs[0].Error() {
					t.Fatalf("errors differ or are not ErrUnauthorized: %v / %v", err, errs[0])
				}
			}
			if n := rejected.Load(); n != 1 {
				t.Errorf("the BMC answered 401 %d times; want 1", n)
			}
		})
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func TestForbiddenIsAPrivilegeError(t *testing.T) {
	f := newFakeBMC(t).start()
	f.addFault(&fault{method: http.MethodGet, path: "/redfish/v1/EventService/Subscriptions", times: 1, status: http.StatusForbidden,
		body: `{"error":{"code":"Base.1.22.InsufficientPrivilege","message":"There are insufficient privileges for the account or credentials associated with the current session to perform the requested operation."}}`})
	c := connectTo(t, f.config())
	_, err := c.ListSubscriptions(testCtx(t))
	if !errors.Is(err, ErrForbidden) || errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "privilege") || !strings.Contains(err.Error(), "accepted the credentials") {
		t.Errorf("error does not say it is a privilege problem: %v", err)
	}
	// Not remembered as bad credentials: the next call goes through.
	if _, err := c.ListSubscriptions(testCtx(t)); err != nil {
		t.Errorf("after a 403: %v", err)
	}
}

// TestLoginWithoutToken: a 2xx session login without X-Auth-Token is an
// error naming the BMC and the fix, not a connection that then sends every
// request unauthenticated.
func TestLoginWithoutToken(t *testing.T) {
	f := newFakeBMC(t)
	logins := 0
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, f.sessionsPath) {
			logins++
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"Id":"1"}`)
			return
		}
		f.serve(w, r)
	}))
	t.Cleanup(f.srv.Close)
	p := NewPool()
	for range 3 {
		_, err := p.Client(testCtx(t), f.config())
		if !errors.Is(err, ErrNoSessionToken) || !strings.Contains(err.Error(), f.URL()) ||
			!strings.Contains(err.Error(), "X-Auth-Token") || !strings.Contains(err.Error(), "basic") {
			t.Fatalf("err = %v", err)
		}
	}
	if logins != 1 {
		t.Errorf("%d logins; want 1 (the failure is remembered)", logins)
	}
}

func TestAutoPrefersSessions(t *testing.T) {
	f := newFakeBMC(t).start()
	c := connectTo(t, f.config())
	if c.AuthMethod() != AuthSession || f.logins != 1 {
		t.Errorf("auth %q, %d logins", c.AuthMethod(), f.logins)
	}
}
