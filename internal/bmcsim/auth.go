package bmcsim

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"time"
)

// session is one Redfish login (SessionService/Sessions member).
type session struct {
	id       string
	token    string
	user     string
	created  time.Time
	lastUsed time.Time
}

// realm names the emulator in WWW-Authenticate challenges.
const realm = `Basic realm="bmcsim"`

// authorize lets the request through or answers 401. With no Username
// configured everything is allowed. X-Auth-Token wins over Basic, as in
// DSP0266 clause "Authentication requirements" (a session request carries
// the token; Basic is the fallback for clients without sessions).
func (b *BMC) authorize(w http.ResponseWriter, r *http.Request) bool {
	if b.opts.Username == "" {
		return true
	}
	if tok := r.Header.Get("X-Auth-Token"); tok != "" {
		if b.touchSession(tok) {
			return true
		}
		b.unauthorized(w, baseMsg("NoValidSession"))
		return false
	}
	if u, p, ok := r.BasicAuth(); ok {
		if b.credentialsOK(u, p) {
			return true
		}
		b.stats.basicAuthFailed()
		b.unauthorized(w, baseMsg("ResourceAtUriUnauthorized", r.URL.Path, "Invalid username or password"))
		return false
	}
	b.unauthorized(w, baseMsg("NoValidSession"))
	return false
}

// unauthorized answers 401 with the challenge RFC 9110 §11.6.1 requires.
func (b *BMC) unauthorized(w http.ResponseWriter, m Message) {
	w.Header().Set("WWW-Authenticate", realm)
	b.fail(w, http.StatusUnauthorized, m)
}

func (b *BMC) credentialsOK(user, pass string) bool {
	if b.opts.Username == "" {
		return true
	}
	b.mu.Lock()
	want := b.opts.Password
	b.mu.Unlock()
	u := subtle.ConstantTimeCompare([]byte(user), []byte(b.opts.Username))
	p := subtle.ConstantTimeCompare([]byte(pass), []byte(want))
	return u&p == 1
}

// SetPassword changes the account's password while the BMC runs, as an
// administrator rotating it does: later logins and Basic requests need the
// new one; sessions already open stay valid.
func (b *BMC) SetPassword(password string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.opts.Password = password
}

// touchSession reports whether tok names a live session and restarts its
// idle timer (SessionService.SessionTimeout is an idle timeout: "the number
// of seconds of inactivity that a session can have before the session
// service closes the session").
func (b *BMC) touchSession(tok string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.sessions[tok]
	if !ok {
		return false
	}
	now := time.Now()
	if b.sessionExpired(s, now) {
		delete(b.sessions, tok)
		return false
	}
	s.lastUsed = now
	return true
}

func (b *BMC) sessionExpired(s *session, now time.Time) bool {
	return now.Sub(s.lastUsed) > b.profile.SessionTimeout
}

// liveSessionsLocked drops expired sessions and returns the rest; b.mu held.
func (b *BMC) liveSessionsLocked() []*session {
	now := time.Now()
	out := make([]*session, 0, len(b.sessions))
	for tok, s := range b.sessions {
		if b.sessionExpired(s, now) {
			delete(b.sessions, tok)
			continue
		}
		out = append(out, s)
	}
	return out
}

// errSessionCap is returned by newSession at the profile's session cap.
var errSessionCap = errors.New("bmcsim: session cap reached")

// newSession logs user in, unless the profile's cap is reached.
func (b *BMC) newSession(user string) (*session, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c := b.profile.SessionCap; c > 0 && len(b.liveSessionsLocked()) >= c {
		return nil, errSessionCap
	}
	now := time.Now()
	s := &session{id: randomHex(8), token: randomHex(16), user: user, created: now, lastUsed: now}
	b.sessions[s.token] = s
	b.stats.sessionCreated()
	return s, nil
}

// deleteSessionByID logs a session out; false if there is none.
func (b *BMC) deleteSessionByID(id string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for tok, s := range b.sessions {
		if s.id == id {
			delete(b.sessions, tok)
			b.stats.sessionDeleted()
			return true
		}
	}
	return false
}

// ExpireSessions invalidates every session now, as a BMC that restarts its
// web server or hits its absolute session timeout does.
func (b *BMC) ExpireSessions() {
	b.mu.Lock()
	defer b.mu.Unlock()
	clear(b.sessions)
}

// SessionCount is the number of live sessions.
func (b *BMC) SessionCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.liveSessionsLocked())
}

func randomHex(n int) string {
	buf := make([]byte, n)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}
