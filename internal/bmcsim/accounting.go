package bmcsim

import (
	"encoding/json"
	"maps"
	"net/http"
	"strconv"
	"sync"
)

// Stats is what the emulator counted since start (or the last ResetStats).
// The benchmark and reliability tests are built on these numbers.
type Stats struct {
	// Requests counts requests by "METHOD kind", e.g. "POST subscription_create".
	Requests map[string]int64      `json:"requests"`
	ByMethod map[string]int64      `json:"by_method"`
	ByKind   map[RequestKind]int64 `json:"by_kind"`
	// ByStatus counts responses by status code; "dropped" counts requests
	// answered with no response at all (reset, hang, reboot, commit-drop).
	ByStatus       map[string]int64 `json:"by_status"`
	Total          int64            `json:"total"`
	InFlight       int64            `json:"in_flight"`
	PeakConcurrent int64            `json:"peak_concurrent"`

	SessionsCreated int64 `json:"sessions_created"`
	// FailedLogins counts session logins (POST to Sessions) refused 401 for
	// wrong credentials; BasicAuthFailures counts 401 answers to requests
	// that carried HTTP Basic credentials. A 401 for a missing or stale
	// X-Auth-Token is neither.
	FailedLogins      int64 `json:"failed_logins"`
	BasicAuthFailures int64 `json:"basic_auth_failures"`
	SessionsDeleted   int64 `json:"sessions_deleted"`
	SessionsLive      int   `json:"sessions_live"`
	Subscriptions     int   `json:"subscriptions"`

	FaultsInjected map[FaultType]int64 `json:"faults_injected"`

	EventsRaised            int64 `json:"events_raised"`
	DeliveryAttempts        int64 `json:"delivery_attempts"`
	DeliveriesSucceeded     int64 `json:"deliveries_succeeded"`
	DeliveriesFailed        int64 `json:"deliveries_failed"`
	SubscriptionsTerminated int64 `json:"subscriptions_terminated"`
	SubscriptionsSuspended  int64 `json:"subscriptions_suspended"`
	// CertificateFailures counts delivery attempts refused in the TLS
	// handshake over certificates (DeliveryResult.CertificateError says why).
	CertificateFailures int64 `json:"certificate_failures"`
}

// Count is the number of requests with method of kind.
func (s Stats) Count(method string, kind RequestKind) int64 {
	return s.Requests[method+" "+string(kind)]
}

// accounting is the live counterpart of Stats.
type accounting struct {
	mu sync.Mutex
	s  Stats
}

func newAccounting() *accounting {
	a := &accounting{}
	a.resetLocked()
	return a
}

func (a *accounting) resetLocked() {
	inFlight := a.s.InFlight
	a.s = Stats{
		Requests: map[string]int64{}, ByMethod: map[string]int64{},
		ByKind: map[RequestKind]int64{}, ByStatus: map[string]int64{},
		FaultsInjected: map[FaultType]int64{},
		InFlight:       inFlight, PeakConcurrent: inFlight,
	}
}

func (a *accounting) begin(method string, kind RequestKind) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.s.Requests[method+" "+string(kind)]++
	a.s.ByMethod[method]++
	a.s.ByKind[kind]++
	a.s.Total++
	a.s.InFlight++
	a.s.PeakConcurrent = max(a.s.PeakConcurrent, a.s.InFlight)
}

func (a *accounting) end(status int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.s.InFlight--
	if status == 0 {
		a.s.ByStatus["dropped"]++
		return
	}
	a.s.ByStatus[strconv.Itoa(status)]++
}

func (a *accounting) add(f func(s *Stats)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f(&a.s)
}

func (a *accounting) sessionCreated()  { a.add(func(s *Stats) { s.SessionsCreated++ }) }
func (a *accounting) sessionDeleted()  { a.add(func(s *Stats) { s.SessionsDeleted++ }) }
func (a *accounting) failedLogin()     { a.add(func(s *Stats) { s.FailedLogins++ }) }
func (a *accounting) basicAuthFailed() { a.add(func(s *Stats) { s.BasicAuthFailures++ }) }
func (a *accounting) fault(t FaultType) {
	a.add(func(s *Stats) { s.FaultsInjected[t]++ })
}

func (a *accounting) snapshot() Stats {
	a.mu.Lock()
	defer a.mu.Unlock()
	c := a.s
	c.Requests = maps.Clone(a.s.Requests)
	c.ByMethod = maps.Clone(a.s.ByMethod)
	c.ByKind = maps.Clone(a.s.ByKind)
	c.ByStatus = maps.Clone(a.s.ByStatus)
	c.FaultsInjected = maps.Clone(a.s.FaultsInjected)
	return c
}

// Stats is a snapshot of the BMC's counters.
func (b *BMC) Stats() Stats {
	s := b.stats.snapshot()
	b.mu.Lock()
	s.SessionsLive = len(b.liveSessionsLocked())
	s.Subscriptions = len(b.subs)
	b.mu.Unlock()
	return s
}

// ResetStats zeroes the counters; in-flight requests stay counted, and the
// peak restarts from them.
func (b *BMC) ResetStats() {
	b.stats.mu.Lock()
	defer b.stats.mu.Unlock()
	b.stats.resetLocked()
}

// controlPrefix is outside /redfish so that it can never collide with a
// Redfish URI, and is neither authenticated, faulted nor counted.
const controlPrefix = "/_bmcsim/"

// serveControl serves the emulator's own endpoints:
//
//	GET    /_bmcsim/stats   Stats as JSON
//	DELETE /_bmcsim/stats   ResetStats
//	POST   /_bmcsim/faults  {"spec": "kind:type[:arg][*count]"}, as --fault
//	DELETE /_bmcsim/faults  ClearFaults
func (b *BMC) serveControl(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case controlPrefix + "stats":
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, b.Stats())
		case http.MethodDelete:
			b.ResetStats()
			w.WriteHeader(http.StatusNoContent)
		default:
			writeMethodNotAllowed(w, "DELETE, GET")
		}
	case controlPrefix + "faults":
		b.serveFaultControl(w, r)
	default:
		writeNotFound(w, r)
	}
}

func (b *BMC) serveFaultControl(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPost:
		var req struct {
			Spec string `json:"spec"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			writeError(w, http.StatusBadRequest, baseMsg("MalformedJSON"))
			return
		}
		kind, f, err := ParseFault(req.Spec)
		if err != nil {
			writeError(w, http.StatusBadRequest, baseMsg("PropertyValueFormatError", req.Spec, "spec").related("spec"))
			return
		}
		b.InjectFault(kind, f)
		w.WriteHeader(http.StatusNoContent)
	case http.MethodDelete:
		b.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	default:
		writeMethodNotAllowed(w, "DELETE, POST")
	}
}
