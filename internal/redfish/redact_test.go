package redfish

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
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

// TestEchoedCredentialsNeverLogged: a BMC answers pages that quote the
// request (its X-Auth-Token or Authorization header), as misbehaving BMCs
// and proxies do (bmcsim.FaultEchoHTML): the retry log records and the
// final error hold none of the credentials.
func TestEchoedCredentialsNeverLogged(t *testing.T) {
	for _, auth := range []AuthMethod{AuthSession, AuthBasic} {
		t.Run(string(auth), func(t *testing.T) {
			password := "echo-Pa55word-" + string(auth)
			b := startRecordedSim(t, bmcsim.Options{Username: "admin", Password: password})
			b.InjectFault(bmcsim.KindSubscriptionList, bmcsim.Fault{Type: bmcsim.FaultEchoHTML})
			var mu sync.Mutex
			var logs strings.Builder
			p := NewPool()
			p.clock = newFakeClock()
			p.SetLogger(func(_ context.Context, msg string, fields map[string]any) {
				mu.Lock()
				defer mu.Unlock()
				fmt.Fprintf(&logs, "%s %v\n", msg, fields)
			})
			cfg := simConfig(b, auth)
			cfg.Username, cfg.Password = "admin", password
			c, err := p.Client(testCtx(t), cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.ListSubscriptions(testCtx(t))
			if err == nil {
				t.Fatal("no error")
			}
			secrets := []string{password, "admin:" + password, base64.StdEncoding.EncodeToString([]byte("admin:" + password))}
			for _, r := range b.Requests() {
				if r.Token != "" {
					secrets = append(secrets, r.Token)
				}
			}
			echoes := b.Stats().FaultsInjected[bmcsim.FaultEchoHTML]
			mu.Lock()
			defer mu.Unlock()
			if echoes < 2 || !strings.Contains(logs.String(), "retrying BMC request") {
				t.Fatalf("the echo was not retried and logged (%d echoes): %s", echoes, logs.String())
			}
			assertNoSecret(t, "log", logs.String(), secrets...)
			assertNoSecret(t, "error", err.Error(), secrets...)
			if !strings.Contains(err.Error(), "502") {
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
			b := startSim(t, bmcsim.Options{})
			cfg := simConfig(b, auth)
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
			if n := b.Stats().ByStatus["401"]; n != 1 {
				t.Errorf("the BMC answered 401 %d times; want 1", n)
			}
		})
	}
}

func TestForbiddenIsAPrivilegeError(t *testing.T) {
	b := startSim(t, bmcsim.Options{})
	c := connectTo(t, simConfig(b, AuthSession))
	b.InjectFault(bmcsim.KindSubscriptionList, answer(http.StatusForbidden, 1,
		`{"error":{"code":"Base.1.22.InsufficientPrivilege","message":"There are insufficient privileges for the account or credentials associated with the current session to perform the requested operation."}}`))
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
	b := startSim(t, bmcsim.Options{})
	b.InjectFault(bmcsim.KindSessionCreate, answer(http.StatusCreated, 0, `{"Id":"1"}`))
	p := NewPool()
	for range 3 {
		_, err := p.Client(testCtx(t), simConfig(b, ""))
		if !errors.Is(err, ErrNoSessionToken) || !strings.Contains(err.Error(), b.URL()) ||
			!strings.Contains(err.Error(), "X-Auth-Token") || !strings.Contains(err.Error(), "basic") {
			t.Fatalf("err = %v", err)
		}
	}
	if logins := b.Stats().Count(http.MethodPost, bmcsim.KindSessionCreate); logins != 1 {
		t.Errorf("%d logins; want 1 (the failure is remembered)", logins)
	}
}

func TestAutoPrefersSessions(t *testing.T) {
	b := startSim(t, bmcsim.Options{})
	c := connectTo(t, simConfig(b, ""))
	if logins := b.Stats().SessionsCreated; c.AuthMethod() != AuthSession || logins != 1 {
		t.Errorf("auth %q, %d logins", c.AuthMethod(), logins)
	}
}
