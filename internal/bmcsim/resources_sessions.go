package bmcsim

import (
	"errors"
	"math"
	"net/http"
	"sort"
	"time"
)

func (b *BMC) getSessionService(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"@odata.type":    "#SessionService.v1_1_9.SessionService",
		"@odata.id":      b.odataID(pathSessionService),
		"Id":             "SessionService",
		"Name":           "Session Service",
		"Description":    "Session Service",
		"ServiceEnabled": true,
		"SessionTimeout": int64(math.Ceil(b.profile.SessionTimeout.Seconds())),
		"Sessions":       b.link(pathSessions),
		"Status":         map[string]any{"State": "Enabled", "Health": "OK"},
	})
}

func (b *BMC) getSessions(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	live := b.liveSessionsLocked()
	b.mu.Unlock()
	sort.Slice(live, func(i, j int) bool { return live[i].created.Before(live[j].created) })
	members := make([]any, 0, len(live))
	for _, s := range live {
		members = append(members, b.link(pathSessions+"/"+s.id))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"@odata.type":         "#SessionCollection.SessionCollection",
		"@odata.id":           b.odataID(pathSessions),
		"Name":                "Session Collection",
		"Members":             members,
		"Members@odata.count": len(members),
	})
}

// postSession is the login of DSP0266 clause "Session login": POST
// {"UserName","Password"} to the Sessions collection, answered 201 with
// X-Auth-Token and the session's Location (gofish schemas/session.go reads
// exactly these two headers).
func (b *BMC) postSession(w http.ResponseWriter, r *http.Request) {
	obj, msg, ok := readJSONObject(r)
	if !ok {
		b.fail(w, http.StatusBadRequest, msg)
		return
	}
	user, pass, msgs := loginFields(obj)
	if len(msgs) > 0 {
		b.fail(w, http.StatusBadRequest, msgs...)
		return
	}
	if !b.credentialsOK(user, pass) {
		b.stats.failedLogin()
		b.unauthorized(w, baseMsg("ResourceAtUriUnauthorized", r.URL.Path, "Invalid username or password"))
		return
	}
	s, err := b.newSession(user)
	if errors.Is(err, errSessionCap) {
		b.answerSessionCap(w)
		return
	}
	loc := b.odataID(pathSessions + "/" + s.id)
	w.Header().Set("X-Auth-Token", s.token)
	w.Header().Set("Location", loc)
	writeJSON(w, http.StatusCreated, b.sessionBody(s))
}

// answerSessionCap answers a login over the cap the way the profile's
// firmware does; Base SessionLimitExceeded (with 503, as bmcweb's
// error_messages.cpp sends it) when the profile says nothing more.
func (b *BMC) answerSessionCap(w http.ResponseWriter) {
	status := http.StatusServiceUnavailable
	if b.profile.SessionCapStatus != 0 {
		status = b.profile.SessionCapStatus
	}
	if b.profile.SessionCapBody != nil {
		writeJSON(w, status, b.profile.SessionCapBody())
		return
	}
	b.fail(w, status, baseMsg("SessionLimitExceeded"))
}

// loginFields checks a login body: UserName and Password are required
// strings; Session v1_7_0 also lets a client send Context and Oem.
func loginFields(obj map[string]any) (user, pass string, msgs []Message) {
	for k := range obj {
		switch k {
		case "UserName", "Password", "Context", "Oem":
		default:
			msgs = append(msgs, baseMsg("PropertyUnknown", k).related(k))
		}
	}
	get := func(k string) string {
		v, present := obj[k]
		if !present {
			msgs = append(msgs, baseMsg("PropertyMissing", k).related(k))
			return ""
		}
		s, ok := v.(string)
		if !ok {
			msgs = append(msgs, baseMsg("PropertyValueTypeError", valueString(v), k).related(k))
		}
		return s
	}
	user, pass = get("UserName"), get("Password")
	sortMessages(msgs)
	return user, pass, msgs
}

func (b *BMC) sessionBody(s *session) map[string]any {
	return map[string]any{
		"@odata.type": "#Session.v1_7_0.Session",
		"@odata.id":   b.odataID(pathSessions + "/" + s.id),
		"Id":          s.id,
		"Name":        "User Session",
		"Description": "Manager User Session",
		"UserName":    s.user,
		"CreatedTime": s.created.UTC().Format(time.RFC3339),
	}
}

func (b *BMC) getSession(w http.ResponseWriter, id string) {
	b.mu.Lock()
	var found *session
	for _, s := range b.liveSessionsLocked() {
		if s.id == id {
			found = s
		}
	}
	b.mu.Unlock()
	if found == nil {
		b.fail(w, http.StatusNotFound, baseMsg("ResourceNotFound", "Session", id))
		return
	}
	writeJSON(w, http.StatusOK, b.sessionBody(found))
}

// deleteSession is the logout of DSP0266 clause "Session lifetime".
func (b *BMC) deleteSession(w http.ResponseWriter, id string) {
	if !b.deleteSessionByID(id) {
		b.fail(w, http.StatusNotFound, baseMsg("ResourceNotFound", "Session", id))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
