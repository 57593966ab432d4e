package bmcsim

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stmcginnis/gofish"
)

func TestServiceRootIsPublicEverythingElseNeedsAuth(t *testing.T) {
	b := startBMC(t, Options{Username: "admin", Password: "pw"})
	anon := newClient(t, b)
	anon.user = ""
	for _, p := range []string{"/redfish", "/redfish/v1", "/redfish/v1/"} {
		anon.expect(http.MethodGet, p, nil, http.StatusOK)
	}
	for _, p := range []string{pathEventService, pathSubscriptions, pathSessionService, pathSessions, pathActionInfo} {
		r := anon.expect(http.MethodGet, p, nil, http.StatusUnauthorized)
		if r.header.Get("WWW-Authenticate") != `Basic realm="bmcsim"` {
			t.Errorf("%s: WWW-Authenticate %q", p, r.header.Get("WWW-Authenticate"))
		}
		conforms(t, refError, r.body)
		if r.messageIDs(t)[0] != "Base.1.22.NoValidSession" {
			t.Errorf("%s: %s", p, r.body)
		}
	}
	bad := newClient(t, b)
	bad.pass = "wrong"
	r := bad.expect(http.MethodGet, pathEventService, nil, http.StatusUnauthorized)
	if r.messageIDs(t)[0] != "Base.1.22.ResourceAtUriUnauthorized" {
		t.Errorf("bad password: %s", r.body)
	}
	newClient(t, b).expect(http.MethodGet, pathEventService, nil, http.StatusOK)
}

func TestNoUsernameMeansNoAuth(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	c.expect(http.MethodGet, pathSubscriptions, nil, http.StatusOK)
	// Any credentials log in.
	r := c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "x", "Password": "y"}, http.StatusCreated)
	if r.header.Get("X-Auth-Token") == "" {
		t.Error("no token")
	}
}

func TestSessionLoginUseLogout(t *testing.T) {
	b := startBMC(t, Options{Username: "admin", Password: "pw"})
	c := newClient(t, b)
	anon := newClient(t, b)
	anon.user = ""
	r := anon.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "admin", "Password": "pw"}, http.StatusCreated)
	tok, loc := r.header.Get("X-Auth-Token"), r.header.Get("Location")
	if tok == "" || !strings.HasPrefix(loc, pathSessions+"/") {
		t.Fatalf("token %q location %q", tok, loc)
	}
	if m := r.json(t); m["UserName"] != "admin" || m["@odata.id"] != loc {
		t.Errorf("session body %s", r.body)
	}
	anon.token = tok
	anon.expect(http.MethodGet, pathSubscriptions, nil, http.StatusOK)
	list := c.expect(http.MethodGet, pathSessions, nil, http.StatusOK).json(t)
	if list["Members@odata.count"].(float64) != 1 {
		t.Errorf("sessions: %v", list)
	}
	c.expect(http.MethodGet, loc, nil, http.StatusOK)
	if s := b.Stats(); s.SessionsCreated != 1 || s.SessionsLive != 1 {
		t.Errorf("stats %+v", s)
	}
	anon.expect(http.MethodDelete, loc, nil, http.StatusNoContent)
	r = anon.expect(http.MethodGet, pathSubscriptions, nil, http.StatusUnauthorized)
	if r.messageIDs(t)[0] != "Base.1.22.NoValidSession" {
		t.Errorf("after logout: %s", r.body)
	}
	if s := b.Stats(); s.SessionsDeleted != 1 || s.SessionsLive != 0 {
		t.Errorf("stats %+v", s)
	}
	c.expect(http.MethodDelete, loc, nil, http.StatusNotFound)
}

func TestSessionLoginRejections(t *testing.T) {
	b := startBMC(t, Options{Username: "admin", Password: "pw"})
	c := newClient(t, b)
	c.user = ""
	r := c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "admin", "Password": "nope"}, http.StatusUnauthorized)
	if r.header.Get("WWW-Authenticate") == "" || r.messageIDs(t)[0] != "Base.1.22.ResourceAtUriUnauthorized" {
		t.Errorf("bad password: %v %s", r.header, r.body)
	}
	r = c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "admin"}, http.StatusBadRequest)
	if r.messageIDs(t)[0] != "Base.1.22.PropertyMissing" {
		t.Errorf("missing password: %s", r.body)
	}
	r = c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": 1, "Password": "pw"}, http.StatusBadRequest)
	if r.messageIDs(t)[0] != "Base.1.22.PropertyValueTypeError" {
		t.Errorf("numeric user: %s", r.body)
	}
	conforms(t, refError, r.body)
}

func TestSessionIdleTimeout(t *testing.T) {
	b := startBMC(t, Options{Username: "admin", Password: "pw", SessionIdleTimeout: 400 * time.Millisecond})
	c := newClient(t, b)
	c.token = c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "admin", "Password": "pw"}, http.StatusCreated).header.Get("X-Auth-Token")
	for range 3 { // use keeps it alive past the timeout
		time.Sleep(200 * time.Millisecond)
		c.expect(http.MethodGet, pathEventService, nil, http.StatusOK)
	}
	time.Sleep(600 * time.Millisecond)
	c.expect(http.MethodGet, pathEventService, nil, http.StatusUnauthorized)
	if b.SessionCount() != 0 {
		t.Error("expired session still counted")
	}
	if ss := newClient(t, b).expect(http.MethodGet, pathSessionService, nil, 200).json(t); ss["SessionTimeout"].(float64) != 1 {
		t.Errorf("SessionTimeout %v, want 400ms rounded up to 1", ss["SessionTimeout"])
	}
}

func TestSessionCap(t *testing.T) {
	t.Run("idrac answers 503 GeneralError with RAC0218", func(t *testing.T) {
		// As captured in stmcginnis/gofish#75 and bb-Ricardo/check_redfish#89.
		b := startBMC(t, Options{Profile: "idrac", Username: "root", Password: "calvin"})
		c := newClient(t, b)
		login := map[string]any{"UserName": "root", "Password": "calvin"}
		var first string
		for i := range 8 {
			loc := c.expect(http.MethodPost, pathSessions, login, http.StatusCreated).header.Get("Location")
			if i == 0 {
				first = loc
			}
		}
		r := c.expect(http.MethodPost, pathSessions, login, http.StatusServiceUnavailable)
		conforms(t, refError, r.body)
		e := r.json(t)["error"].(map[string]any)
		if e["code"] != "Base.1.22.GeneralError" || !strings.HasPrefix(e["message"].(string), "A general error has occurred.") {
			t.Errorf("code/message %v / %v", e["code"], e["message"])
		}
		info := e["@Message.ExtendedInfo"].([]any)
		m := info[0].(map[string]any)
		if len(info) != 1 || m["MessageId"] != "IDRAC.2.4.RAC0218" || m["Message"] != "The maximum number of user sessions is reached." {
			t.Errorf("ExtendedInfo %v", info)
		}
		if _, has := m["MessageSeverity"]; m["Severity"] != "Informational" || has {
			t.Errorf("severity: Severity %v MessageSeverity %v, want Informational and absent", m["Severity"], m["MessageSeverity"])
		}
		if b.SessionCount() != 8 {
			t.Errorf("%d sessions after the refused login", b.SessionCount())
		}
		c.expect(http.MethodDelete, first, nil, http.StatusNoContent)
		c.expect(http.MethodPost, pathSessions, login, http.StatusCreated)
	})
	t.Run("override answers SessionLimitExceeded", func(t *testing.T) {
		b := startBMC(t, Options{Username: "a", Password: "b", SessionCap: 1})
		c := newClient(t, b)
		loc := c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "a", "Password": "b"}, http.StatusCreated).header.Get("Location")
		r := c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "a", "Password": "b"}, http.StatusServiceUnavailable)
		if r.messageIDs(t)[0] != "Base.1.22.SessionLimitExceeded" {
			t.Errorf("%s", r.body)
		}
		c.expect(http.MethodDelete, loc, nil, http.StatusNoContent)
		c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "a", "Password": "b"}, http.StatusCreated)
	})
}

// gofish v0.26.0, the provider's client library, must connect to every
// profile with basic and with session authentication, over TLS too.
func TestGofishConnects(t *testing.T) {
	for _, name := range ProfileNames() {
		for _, basic := range []bool{true, false} {
			t.Run(name+map[bool]string{true: "/basic", false: "/session"}[basic], func(t *testing.T) {
				t.Parallel()
				b := startBMC(t, Options{Profile: name, TLS: true, Username: "admin", Password: "pw"})
				hc := newClient(t, b).hc
				api, err := gofish.ConnectContext(context.Background(), gofish.ClientConfig{
					Endpoint: b.URL(), Username: "admin", Password: "pw", BasicAuth: basic, HTTPClient: hc,
				})
				if err != nil {
					t.Fatalf("connect: %v", err)
				}
				es, err := api.Service.EventService()
				if err != nil || es == nil {
					t.Fatalf("EventService: %v", err)
				}
				if es.SubmitTestEventTarget == "" || es.SubscriptionsLink == "" {
					t.Errorf("EventService parsed as %+v", es)
				}
				if _, err := es.Subscriptions(); err != nil {
					t.Errorf("Subscriptions: %v", err)
				}
				wantSessions := 1
				if basic {
					wantSessions = 0
				}
				if b.SessionCount() != wantSessions {
					t.Errorf("%d sessions, want %d", b.SessionCount(), wantSessions)
				}
				api.Logout()
				if b.SessionCount() != 0 {
					t.Errorf("session survives Logout")
				}
			})
		}
	}
}

func TestSetPassword(t *testing.T) {
	b := startBMC(t, Options{Username: "admin", Password: "old-Pa55"})
	c := newClient(t, b)
	login := func(pass string) int {
		t.Helper()
		return c.do(http.MethodPost, pathSessions, map[string]any{"UserName": "admin", "Password": pass}).status
	}
	if st := login("old-Pa55"); st != http.StatusCreated {
		t.Fatalf("login with the first password: %d", st)
	}
	r := c.do(http.MethodPost, pathSessions, map[string]any{"UserName": "admin", "Password": "old-Pa55"})
	tok := r.header.Get("X-Auth-Token")
	b.SetPassword("new-Pa55")
	if st := login("old-Pa55"); st != http.StatusUnauthorized {
		t.Fatalf("the old password still logs in: %d", st)
	}
	c.pass = "old-Pa55"
	c.expect(http.MethodGet, pathEventService, nil, http.StatusUnauthorized)
	c.pass = "new-Pa55"
	c.expect(http.MethodGet, pathEventService, nil, http.StatusOK)
	if st := login("new-Pa55"); st != http.StatusCreated {
		t.Fatalf("login with the new password: %d", st)
	}
	// Sessions opened before the change stay valid.
	c.token = tok
	c.expect(http.MethodGet, pathEventService, nil, http.StatusOK)
}
