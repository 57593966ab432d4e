package redfish

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeBMC is a small Redfish service for what the emulator (package bmcsim)
// cannot do yet: an EventService and Sessions at other paths than DMTF's
// (TestDiscovery, TestAuthentication/session), a password changed while the
// client runs (TestPoolConnectsOncePerConfig,
// TestSessionExpiryLogsInAgainOnce), counting TLS connections and HTTP/2
// (TestTLS, TestHTTP2), and payload_test.go's header-form test. Everything
// else runs on the emulator, with its fault injections (bmcsim
// faults_answer.go). Its bodies follow DMTF's public-rackmount1 mockup.
type fakeBMC struct {
	t   *testing.T
	srv *httptest.Server

	mu sync.Mutex

	// Configuration, set before the first request.
	username, password string
	eventServicePath   string // "" → no EventService link in the root
	subsPath           string
	sessionsPath       string // "" → no Links.Sessions
	testEventTarget    string // "" → no SubmitTestEvent action

	// State.
	subs     map[string]map[string]any // id → member
	order    []string
	nextID   int
	tokens   map[string]string // token → session path
	sessions int
	posted   []map[string]any // raw create payloads
	tests    []map[string]any // SubmitTestEvent payloads
	faults   []*fault

	// Observation.
	log     []reqLog
	logins  int
	logouts int
	conns   atomic.Int64 // TLS server only
	protos  []string
}

type reqLog struct {
	Method, Path, Query string
	Auth                string // "basic", "token", ""
}

// fault answers matching requests in place of the service.
type fault struct {
	method, path string // path prefix
	times        int    // how many requests it applies to
	status       int
	header       map[string]string
	body         string
	// hijack closes the connection without an answer; with commit the
	// request is carried out first (the BMC acted, the answer was lost).
	hijack, commit bool
	delay          time.Duration
}

func newFakeBMC(t *testing.T) *fakeBMC {
	f := &fakeBMC{
		t:                t,
		username:         "admin",
		password:         "s3cret-Pa55",
		eventServicePath: "/redfish/v1/EventService",
		subsPath:         "/redfish/v1/EventService/Subscriptions",
		sessionsPath:     "/redfish/v1/SessionService/Sessions",
		testEventTarget:  "/redfish/v1/EventService/Actions/EventService.SubmitTestEvent",
		subs:             map[string]map[string]any{},
		tokens:           map[string]string{},
		nextID:           1,
	}
	return f
}

func (f *fakeBMC) start() *fakeBMC {
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	f.t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeBMC) startTLS() *fakeBMC {
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	f.srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			f.conns.Add(1)
		}
	}
	f.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // handshake failures are expected
	f.srv.StartTLS()
	f.t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeBMC) startTLSH2() *fakeBMC {
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.protos = append(f.protos, r.Proto)
		f.mu.Unlock()
		f.serve(w, r)
	}))
	f.srv.EnableHTTP2 = true
	f.srv.StartTLS()
	f.t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeBMC) URL() string { return f.srv.URL }

func (f *fakeBMC) config() ConnectionConfig {
	return ConnectionConfig{
		Endpoint: f.srv.URL, Username: f.username, Password: f.password,
		Timeout: 5 * time.Second, MaxRetries: 3, RetryWait: time.Millisecond,
	}
}

func (f *fakeBMC) addFault(fl *fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, fl)
}

func (f *fakeBMC) store(props map[string]any) string {
	id := strconv.Itoa(f.nextID)
	f.nextID++
	m := map[string]any{}
	for k, v := range props {
		m[k] = v
	}
	m["@odata.id"] = f.subsPath + "/" + id
	m["@odata.type"] = "#EventDestination.v1_16_0.EventDestination"
	m["Id"] = id
	m["Name"] = "EventSubscription " + id
	m["HttpHeaders"] = nil // write-only: read back as null
	if _, ok := m["SubscriptionType"]; !ok {
		m["SubscriptionType"] = "RedfishEvent"
	}
	m["Status"] = map[string]any{"State": "Enabled", "Health": "OK"}
	f.subs[id] = m
	f.order = append(f.order, id)
	return id
}

func (f *fakeBMC) requests(method, pathPrefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.log {
		if r.Method == method && strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

// gets counts GETs of exactly path (any query).
func (f *fakeBMC) gets(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.log {
		if r.Method == http.MethodGet && r.Path == path {
			n++
		}
	}
	return n
}

func (f *fakeBMC) requestLog() []reqLog {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]reqLog(nil), f.log...)
}

func (f *fakeBMC) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}

func (f *fakeBMC) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path := strings.TrimRight(r.URL.Path, "/")

	f.mu.Lock()
	entry := reqLog{Method: r.Method, Path: path, Query: r.URL.RawQuery}
	if strings.HasPrefix(r.Header.Get("Authorization"), "Basic ") {
		entry.Auth = "basic"
	} else if r.Header.Get("X-Auth-Token") != "" {
		entry.Auth = "token"
	}
	f.log = append(f.log, entry)
	var fl *fault
	for _, x := range f.faults {
		if x.times > 0 && x.method == r.Method && strings.HasPrefix(path, x.path) {
			x.times--
			fl = x
			break
		}
	}
	f.mu.Unlock()

	if fl != nil {
		if fl.delay > 0 {
			select {
			case <-time.After(fl.delay):
			case <-r.Context().Done():
				if !fl.commit {
					return
				}
				// A BMC carries on with a request whose client went away.
				time.Sleep(fl.delay)
			}
		}
		if fl.hijack {
			if fl.commit {
				f.route(httptest.NewRecorder(), r, path, body)
			}
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					_ = conn.Close()
				}
			}
			return
		}
		if fl.status != 0 {
			for k, v := range fl.header {
				w.Header().Set(k, v)
			}
			w.WriteHeader(fl.status)
			_, _ = io.WriteString(w, fl.body)
			return
		}
	}
	f.route(w, r, path, body)
}

func (f *fakeBMC) route(w http.ResponseWriter, r *http.Request, path string, body []byte) {
	switch {
	case path == "/redfish/v1" && r.Method == http.MethodGet:
		f.writeJSON(w, http.StatusOK, f.root())
		return
	case path == "/redfish" && r.Method == http.MethodGet:
		f.writeJSON(w, http.StatusOK, map[string]any{"v1": "/redfish/v1/"})
		return
	case f.sessionsPath != "" && path == f.sessionsPath && r.Method == http.MethodPost:
		f.login(w, body)
		return
	}
	if !f.authorized(r) {
		redfishError(w, http.StatusUnauthorized, "Base.1.22.NoValidSession",
			"There is no valid session established with the implementation.", "Establish a session before attempting any operations.")
		return
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.sessionsPath != "" && strings.HasPrefix(path, f.sessionsPath+"/") && r.Method == http.MethodDelete:
		for tok, p := range f.tokens {
			if p == path {
				delete(f.tokens, tok)
				f.logouts++
			}
		}
		w.WriteHeader(http.StatusNoContent)
	case f.eventServicePath != "" && path == f.eventServicePath && r.Method == http.MethodGet:
		f.writeJSON(w, http.StatusOK, f.eventService())
	case path == f.subsPath && r.Method == http.MethodGet:
		f.collection(w, r)
	case path == f.subsPath && r.Method == http.MethodPost:
		var props map[string]any
		if err := json.Unmarshal(body, &props); err != nil {
			redfishError(w, http.StatusBadRequest, "Base.1.22.MalformedJSON", "The request body submitted was malformed JSON.", "")
			return
		}
		f.posted = append(f.posted, props)
		id := f.store(props)
		w.Header().Set("Location", f.subsPath+"/"+id)
		f.writeJSON(w, http.StatusCreated, f.member(id))
	case strings.HasPrefix(path, f.subsPath+"/") && r.Method == http.MethodGet:
		id := strings.TrimPrefix(path, f.subsPath+"/")
		if _, ok := f.subs[id]; !ok {
			redfishError(w, http.StatusNotFound, "Base.1.22.ResourceNotFound",
				fmt.Sprintf("The requested resource of type EventDestination named '%s' was not found.", id), "")
			return
		}
		f.writeJSON(w, http.StatusOK, f.member(id))
	case strings.HasPrefix(path, f.subsPath+"/") && r.Method == http.MethodDelete:
		id := strings.TrimPrefix(path, f.subsPath+"/")
		if _, ok := f.subs[id]; !ok {
			redfishError(w, http.StatusNotFound, "Base.1.22.ResourceNotFound", "The requested resource was not found.", "")
			return
		}
		delete(f.subs, id)
		for i, x := range f.order {
			if x == id {
				f.order = append(f.order[:i], f.order[i+1:]...)
				break
			}
		}
		w.WriteHeader(http.StatusNoContent)
	case f.testEventTarget != "" && path == f.testEventTarget && r.Method == http.MethodPost:
		var ev map[string]any
		_ = json.Unmarshal(body, &ev)
		f.tests = append(f.tests, ev)
		w.WriteHeader(http.StatusNoContent)
	default:
		redfishError(w, http.StatusNotFound, "Base.1.22.ResourceNotFound", "The requested resource was not found.", "")
	}
}

func (f *fakeBMC) authorized(r *http.Request) bool {
	if f.username == "" {
		return true
	}
	if u, p, ok := r.BasicAuth(); ok {
		return u == f.username && p == f.password
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.tokens[r.Header.Get("X-Auth-Token")]
	return ok
}

func (f *fakeBMC) login(w http.ResponseWriter, body []byte) {
	var creds struct{ UserName, Password string }
	_ = json.Unmarshal(body, &creds)
	if creds.UserName != f.username || creds.Password != f.password {
		redfishError(w, http.StatusUnauthorized, "Base.1.22.InsufficientPrivilege",
			"Invalid username or password.", "Check the credentials and resubmit the request.")
		return
	}
	f.mu.Lock()
	f.sessions++
	f.logins++
	tok := fmt.Sprintf("token-%d-%d", f.sessions, time.Now().UnixNano())
	loc := fmt.Sprintf("%s/%d", f.sessionsPath, f.sessions)
	f.tokens[tok] = loc
	f.mu.Unlock()
	w.Header().Set("X-Auth-Token", tok)
	w.Header().Set("Location", loc)
	f.writeJSON(w, http.StatusCreated, map[string]any{"@odata.id": loc, "Id": strconv.Itoa(f.sessions), "UserName": creds.UserName})
}

// expireSessions drops every token, as a BMC does after its idle timeout.
func (f *fakeBMC) expireSessions() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokens = map[string]string{}
}

func (f *fakeBMC) root() map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	root := map[string]any{
		"@odata.type":    "#ServiceRoot.v1_20_0.ServiceRoot",
		"@odata.id":      "/redfish/v1/",
		"Id":             "RootService",
		"Name":           "Root Service",
		"RedfishVersion": "1.15.0",
		"UUID":           "92384634-2938-2342-8820-489239905423",
		"Vendor":         "Contoso",
		"Systems":        map[string]any{"@odata.id": "/redfish/v1/Systems"},
		"SessionService": map[string]any{"@odata.id": "/redfish/v1/SessionService"},
		"ProtocolFeaturesSupported": map[string]any{
			"ExpandQuery": map[string]any{"ExpandAll": false, "Levels": false, "MaxLevels": 6, "Links": false, "NoLinks": false},
			"SelectQuery": false, "FilterQuery": false,
		},
	}
	if f.eventServicePath != "" {
		root["EventService"] = map[string]any{"@odata.id": f.eventServicePath}
	}
	if f.sessionsPath != "" {
		root["Links"] = map[string]any{"Sessions": map[string]any{"@odata.id": f.sessionsPath}}
	}
	return root
}

func (f *fakeBMC) eventService() map[string]any {
	es := map[string]any{
		"@odata.type":                       "#EventService.v1_12_0.EventService",
		"@odata.id":                         f.eventServicePath,
		"Id":                                "EventService",
		"Name":                              "Event Service",
		"Status":                            map[string]any{"State": "Enabled", "Health": "OK"},
		"DeliveryRetryAttempts":             3,
		"DeliveryRetryIntervalSeconds":      60,
		"EventTypesForSubscription":         []string{"StatusChange", "ResourceUpdated", "ResourceAdded", "ResourceRemoved", "Alert"},
		"EventFormatTypes":                  []string{"Event", "MetricReport"},
		"RegistryPrefixes":                  []string{"Base", "ResourceEvent"},
		"ResourceTypes":                     []string{"Chassis", "ComputerSystem"},
		"Severities":                        []string{"OK", "Warning", "Critical"},
		"ExcludeMessageId":                  true,
		"ExcludeRegistryPrefix":             false,
		"SubordinateResourcesSupported":     true,
		"IncludeOriginOfConditionSupported": true,
		"ServerSentEventUri":                "/redfish/v1/EventService/SSE",
		"Subscriptions":                     map[string]any{"@odata.id": f.subsPath},
	}
	if f.testEventTarget != "" {
		es["Actions"] = map[string]any{"#EventService.SubmitTestEvent": map[string]any{
			"target": f.testEventTarget, "@Redfish.ActionInfo": "/redfish/v1/EventService/SubmitTestEventActionInfo",
		}}
	}
	return es
}

func (f *fakeBMC) member(id string) map[string]any {
	src := f.subs[id]
	m := make(map[string]any, len(src))
	for k, v := range src {
		m[k] = v
	}
	return m
}

// collection lists members by link only: it announces no $expand.
func (f *fakeBMC) collection(w http.ResponseWriter, _ *http.Request) {
	ids := append([]string(nil), f.order...)
	sort.SliceStable(ids, func(i, j int) bool { a, _ := strconv.Atoi(ids[i]); b, _ := strconv.Atoi(ids[j]); return a < b })
	members := []any{}
	for _, id := range ids {
		members = append(members, map[string]any{"@odata.id": f.subsPath + "/" + id})
	}
	coll := map[string]any{
		"@odata.type":         "#EventDestinationCollection.EventDestinationCollection",
		"@odata.id":           f.subsPath,
		"Name":                "Event Subscriptions Collection",
		"Members@odata.count": len(ids),
		"Members":             members,
	}
	f.writeJSON(w, http.StatusOK, coll)
}

func (f *fakeBMC) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// redfishError writes a DSP0266 error body.
func redfishError(w http.ResponseWriter, status int, id, msg, resolution string) {
	info := map[string]any{"@odata.type": "#Message.v1_1_1.Message", "MessageId": id, "Message": msg, "MessageSeverity": "Critical"}
	if resolution != "" {
		info["Resolution"] = resolution
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"code":                  "Base.1.22.GeneralError",
		"message":               "A general error has occurred. See ExtendedInfo for more information.",
		"@Message.ExtendedInfo": []any{info},
	}})
}
