package bmcsim

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestStatsCountRequestsByMethodAndKind(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	c.expect(http.MethodGet, "/redfish/v1/", nil, 200)
	c.expect(http.MethodGet, pathSubscriptions, nil, 200)
	loc := c.create(redfishDest("https://h/e"))
	c.expect(http.MethodGet, loc, nil, 200)
	c.expect(http.MethodDelete, loc, nil, 204)
	c.expect(http.MethodGet, "/nowhere", nil, 404)
	s := b.Stats()
	for _, tc := range []struct {
		method string
		kind   RequestKind
		want   int64
	}{
		{"GET", KindServiceRoot, 1}, {"GET", KindSubscriptionList, 1}, {"POST", KindSubscriptionCreate, 1},
		{"GET", KindSubscriptionGet, 1}, {"DELETE", KindSubscriptionDelete, 1}, {"GET", KindOther, 1},
	} {
		if got := s.Count(tc.method, tc.kind); got != tc.want {
			t.Errorf("%s %s = %d, want %d", tc.method, tc.kind, got, tc.want)
		}
	}
	if s.Total != 6 || s.ByMethod["GET"] != 4 || s.ByStatus["201"] != 1 || s.ByStatus["404"] != 1 || s.InFlight != 0 {
		t.Errorf("stats %+v", s)
	}
	b.ResetStats()
	if s := b.Stats(); s.Total != 0 || len(s.Requests) != 0 {
		t.Errorf("after reset %+v", s)
	}
}

func TestStatsPeakConcurrency(t *testing.T) {
	b := startBMC(t, Options{})
	b.InjectFault(KindEventService, Fault{Type: FaultLatency, Latency: 500 * time.Millisecond})
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(b.URL() + pathEventService)
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
	eventually(t, 2*time.Second, "5 requests in flight", func() bool { return b.Stats().InFlight == 5 })
	wg.Wait()
	if s := b.Stats(); s.PeakConcurrent != 5 || s.InFlight != 0 {
		t.Errorf("peak %d in flight %d", s.PeakConcurrent, s.InFlight)
	}
}

func TestStatsEndpoint(t *testing.T) {
	b := startBMC(t, Options{Username: "u", Password: "p"})
	c := newClient(t, b)
	c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "u", "Password": "p"}, 201)
	c.user = ""
	r := c.expect(http.MethodGet, "/_bmcsim/stats", nil, http.StatusOK)
	var s Stats
	if err := json.Unmarshal(r.body, &s); err != nil {
		t.Fatal(err)
	}
	if s.Count("POST", KindSessionCreate) != 1 || s.SessionsCreated != 1 || s.SessionsLive != 1 {
		t.Errorf("%s", r.body)
	}
	if s.ByKind[KindOther] != 0 {
		t.Error("control requests must not be counted")
	}
	c.expect(http.MethodDelete, "/_bmcsim/stats", nil, http.StatusNoContent)
	if b.Stats().Total != 0 {
		t.Error("not reset")
	}
	c.expect(http.MethodPut, "/_bmcsim/stats", nil, http.StatusMethodNotAllowed)
	c.expect(http.MethodGet, "/_bmcsim/nothing", nil, http.StatusNotFound)
}

func TestDeliveryStats(t *testing.T) {
	sink := startSink(t, false)
	b := startBMC(t, fastRetries(Options{}))
	b.AddSubscription(Subscription{Destination: sink.URL()})
	sink.FailNext(1, 500)
	b.RaiseEvent(t.Context(), EventRecord{MessageId: "Base.1.0.Success"})
	if _, err := sink.WaitFor(1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	eventually(t, time.Second, "stats", func() bool { return b.Stats().DeliveriesSucceeded == 1 })
	if s := b.Stats(); s.EventsRaised != 1 || s.DeliveryAttempts != 2 || s.DeliveriesFailed != 1 {
		t.Errorf("%+v", s)
	}
}
