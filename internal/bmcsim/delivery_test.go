package bmcsim

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// fastRetries makes retry tests quick.
func fastRetries(o Options) Options {
	o.DeliveryRetryInterval = 10 * time.Millisecond
	o.DeliveryRetryAttempts = 2
	o.DeliveryTimeout = 2 * time.Second
	return o
}

func TestSubmitTestEventReachesSinkWithHeadersAndContext(t *testing.T) {
	sink := startSink(t, false)
	b := startBMC(t, Options{Username: "admin", Password: "pw"})
	c := newClient(t, b)
	body := redfishDest(sink.URL())
	body["Context"] = "tenant-42"
	body["HttpHeaders"] = []map[string]string{{"Authorization": "Bearer abc"}, {"X-Custom": "yes"}}
	c.create(body)
	c.expect(http.MethodPost, pathSubmitTestEvent, map[string]any{
		"MessageId": "Base.1.22.Created", "EventType": "Alert", "Severity": "Informational",
		"MessageSeverity": "OK", "OriginOfCondition": "/redfish/v1/Systems/1", "MessageArgs": []string{},
		"EventTimestamp": "2025-01-02T03:04:05Z", "EventId": "77", "EventGroupId": 3,
	}, http.StatusNoContent)
	got, err := sink.WaitFor(1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ev := got[0]
	conforms(t, refEvent, ev.Body)
	if ev.Header.Get("Authorization") != "Bearer abc" || ev.Header.Get("X-Custom") != "yes" || ev.Header.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", ev.Header)
	}
	if ev.Context() != "tenant-42" || ev.Path != "/events" {
		t.Errorf("context %q path %q", ev.Context(), ev.Path)
	}
	rec := ev.Event["Events"].([]any)[0].(map[string]any)
	if rec["MessageId"] != "Base.1.22.Created" || rec["EventId"] != "77" || rec["EventType"] != "Alert" ||
		rec["EventTimestamp"] != "2025-01-02T03:04:05Z" || rec["Message"] != "The resource was created successfully." ||
		rec["OriginOfCondition"].(map[string]any)["@odata.id"] != "/redfish/v1/Systems/1" || rec["EventGroupId"].(float64) != 3 {
		t.Errorf("record %v", rec)
	}
	if ev.Event["@odata.type"] != "#Event.v1_13_0.Event" {
		t.Errorf("type %v", ev.Event["@odata.type"])
	}
}

func TestRaiseEventReportAndFilters(t *testing.T) {
	sink := startSink(t, false)
	b := startBMC(t, Options{})
	all := b.AddSubscription(Subscription{Destination: sink.URL(), Protocol: "Redfish", Context: "all"})
	b.AddSubscription(Subscription{Destination: sink.URL(), Protocol: "Redfish", RegistryPrefixes: []string{"Task"}})
	b.AddSubscription(Subscription{Destination: "snmp://h", Protocol: "SNMPv2c"})
	disabled := b.AddSubscription(Subscription{Destination: sink.URL(), Protocol: "Redfish"})
	b.ModifySubscription(disabled, func(s *Subscription) { s.State = "Disabled" })

	rep := b.RaiseEvent(context.Background(), EventRecord{MessageId: "ResourceEvent.1.4.ResourceCreated", OriginOfCondition: "/redfish/v1/Chassis/1"})
	if len(rep.Matched) != 1 || rep.Matched[0] != all || rep.Delivered() != 1 || rep.EventID == "" {
		t.Fatalf("report %+v", rep)
	}
	if r := rep.Results[0]; r.StatusCode != 200 || !r.Delivered || r.Retrying {
		t.Errorf("result %+v", r)
	}
	got, _ := sink.WaitFor(1, time.Second)
	conforms(t, refEvent, got[0].Body)
	rec := got[0].Event["Events"].([]any)[0].(map[string]any)
	if rec["EventType"] != "Other" || rec["MessageSeverity"] != "OK" || rec["Message"] != "The resource was created successfully." {
		t.Errorf("defaults not filled: %v", rec)
	}
	b.SetServiceEnabled(false)
	if rep := b.RaiseEvent(context.Background(), EventRecord{MessageId: "Base.1.0.Success"}); len(rep.Matched) != 0 {
		t.Errorf("delivered while the service is disabled: %+v", rep)
	}
	c := newClient(t, b)
	r := c.expect(http.MethodPost, pathSubmitTestEvent, map[string]any{"MessageId": "Base.1.0.Success"}, http.StatusServiceUnavailable)
	if r.messageIDs(t)[0] != "Base.1.22.ServiceDisabled" {
		t.Errorf("%s", r.body)
	}
	if es := c.expect(http.MethodGet, pathEventService, nil, 200).json(t); es["ServiceEnabled"] != false {
		t.Error("ServiceEnabled not false")
	}
	c.expect(http.MethodPatch, pathEventService, map[string]any{"ServiceEnabled": true}, http.StatusOK)
	if rep := b.RaiseEvent(context.Background(), EventRecord{MessageId: "Base.1.0.Success"}); rep.Delivered() != 1 {
		t.Errorf("after re-enabling: %+v", rep)
	}
}

func TestRetryThenSucceed(t *testing.T) {
	sink := startSink(t, false)
	b := startBMC(t, fastRetries(Options{}))
	id := b.AddSubscription(Subscription{Destination: sink.URL()})
	sink.FailNext(2, http.StatusInternalServerError)
	rep := b.RaiseEvent(context.Background(), EventRecord{MessageId: "Base.1.0.Success"})
	if r := rep.Results[0]; r.Delivered || !r.Retrying || r.StatusCode != 500 {
		t.Errorf("first attempt %+v", r)
	}
	if _, err := sink.WaitFor(1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if n := len(sink.Attempts()); n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
	if s, ok := b.Subscription(id); !ok || s.State != "Enabled" {
		t.Errorf("subscription after recovery: %+v", s)
	}
}

func TestRetryPolicies(t *testing.T) {
	for _, tc := range []struct {
		profile, policy string
		check           func(t *testing.T, b *BMC, id string, sink *Sink)
	}{
		{"dmtf", "TerminateAfterRetries", func(t *testing.T, b *BMC, id string, sink *Sink) {
			eventually(t, 5*time.Second, "termination", func() bool { _, ok := b.Subscription(id); return !ok })
			if n := len(sink.Attempts()); n != 3 {
				t.Errorf("%d attempts before termination, want 1+2", n)
			}
			if b.Stats().SubscriptionsTerminated != 1 {
				t.Error("not counted")
			}
		}},
		{"dmtf", "SuspendRetries", func(t *testing.T, b *BMC, id string, sink *Sink) {
			eventually(t, 5*time.Second, "suspension", func() bool { s, _ := b.Subscription(id); return s.State == "Disabled" })
			c := newClient(t, b)
			m := c.expect(http.MethodGet, pathSubscriptions+"/"+id, nil, 200)
			conforms(t, refDestination, m.body)
			if m.json(t)["Status"].(map[string]any)["State"] != "Disabled" {
				t.Errorf("Status %s", m.body)
			}
			sink.FailNext(0, 0)
			if rep := b.RaiseEvent(context.Background(), EventRecord{MessageId: "Base.1.0.Success"}); len(rep.Matched) != 0 {
				t.Error("suspended subscription still gets events")
			}
			c.expect(http.MethodPost, pathSubscriptions+"/"+id+"/"+actionResume, nil, http.StatusNoContent)
			if rep := b.RaiseEvent(context.Background(), EventRecord{MessageId: "Base.1.0.Success"}); rep.Delivered() != 1 {
				t.Errorf("after resume: %+v", rep)
			}
		}},
		{"dmtf", "RetryForever", func(t *testing.T, b *BMC, id string, sink *Sink) {
			if _, err := sink.WaitForAttempts(6, 5*time.Second); err != nil {
				t.Fatal(err)
			}
			if s, ok := b.Subscription(id); !ok || s.State != "Enabled" {
				t.Errorf("RetryForever changed the subscription: %+v", s)
			}
		}},
		{"ilo5", "", func(t *testing.T, b *BMC, id string, sink *Sink) {
			if _, err := sink.WaitForAttempts(3, 5*time.Second); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
			if n := len(sink.Attempts()); n != 3 {
				t.Errorf("iLO keeps retrying: %d attempts", n)
			}
			if s, ok := b.Subscription(id); !ok || s.State != "Enabled" {
				t.Errorf("iLO drops the event, not the subscription: %+v", s)
			}
		}},
	} {
		t.Run(tc.profile+"/"+tc.policy, func(t *testing.T) {
			t.Parallel()
			sink := startSink(t, false)
			b := startBMC(t, fastRetries(Options{Profile: tc.profile}))
			id := b.AddSubscription(Subscription{Destination: sink.URL(), DeliveryRetryPolicy: tc.policy})
			sink.FailNext(1000, http.StatusServiceUnavailable)
			rep := b.RaiseEvent(context.Background(), EventRecord{MessageId: "Base.1.0.Success"})
			if !rep.Results[0].Retrying {
				t.Errorf("first attempt not retrying: %+v", rep.Results[0])
			}
			tc.check(t, b, id, sink)
		})
	}
}

func TestRetryWaitBackoff(t *testing.T) {
	if retryWait("RetryForever", time.Second, 4) != time.Second {
		t.Error("RetryForever must keep the interval constant")
	}
	got := []time.Duration{}
	for a := 1; a <= 8; a++ {
		got = append(got, retryWait("RetryForeverWithBackoff", time.Second, a))
	}
	if got[0] != time.Second || got[1] != 2*time.Second || got[5] != 32*time.Second || got[7] != 32*time.Second {
		t.Errorf("backoff %v", got)
	}
}

func TestCloseStopsRetryForever(t *testing.T) {
	sink := startSink(t, false)
	b, err := Start(fastRetries(Options{}))
	if err != nil {
		t.Fatal(err)
	}
	b.AddSubscription(Subscription{Destination: sink.URL(), DeliveryRetryPolicy: "RetryForever"})
	sink.FailNext(1<<30, http.StatusInternalServerError)
	b.RaiseEvent(context.Background(), EventRecord{MessageId: "Base.1.0.Success"})
	done := make(chan struct{})
	go func() { b.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Close did not stop the retries")
	}
	n := len(sink.Attempts())
	time.Sleep(50 * time.Millisecond)
	if len(sink.Attempts()) != n {
		t.Error("deliveries continue after Close")
	}
}

func TestVerifyCertificate(t *testing.T) {
	sink := startSink(t, true)
	for _, tc := range []struct {
		name    string
		profile string
		verify  *bool
		roots   bool
		want    bool
	}{
		{"verify with the sink's CA", "dmtf", boolPtr(true), true, true},
		{"verify without it", "dmtf", boolPtr(true), false, false},
		{"no verification", "dmtf", boolPtr(false), false, true},
		{"dmtf default is false", "dmtf", nil, false, true},
		{"openbmc verifies by default", "openbmc", nil, false, false},
		{"openbmc default with CA", "openbmc", nil, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Profile: tc.profile, DeliveryRetryAttempts: -1}
			if tc.roots {
				opts.DeliveryRootCAs = sink.CertPool()
			}
			b := startBMC(t, opts)
			b.AddSubscription(Subscription{Destination: sink.URL(), VerifyCertificate: tc.verify, DeliveryRetryPolicy: "SuspendRetries"})
			rep := b.RaiseEvent(context.Background(), EventRecord{MessageId: "Base.1.0.Success"})
			if got := rep.Delivered() == 1; got != tc.want {
				t.Errorf("delivered %v, want %v: %+v", got, tc.want, rep.Results)
			}
			if !tc.want && !strings.Contains(rep.Results[0].Err, "certificate") {
				t.Errorf("failure is not about the certificate: %q", rep.Results[0].Err)
			}
		})
	}
}

func TestEventRecordDerivations(t *testing.T) {
	ev := EventRecord{MessageId: "Base.1.0.ResourceAlreadyExists", OriginOfCondition: "/redfish/v1/Systems/1/"}
	if ev.messageSeverity() != "Critical" || ev.resourceType() != "ComputerSystem" || ev.eventType() != "Other" {
		t.Errorf("derived: %s %s %s", ev.messageSeverity(), ev.resourceType(), ev.eventType())
	}
	ev = EventRecord{Severity: "Warning", ResourceType: "Fan"}
	if ev.messageSeverity() != "Warning" || ev.resourceType() != "Fan" {
		t.Error("explicit values must win")
	}
}

// The profiles' default DeliveryRetryPolicy acted out, not just read back:
// a subscription created over HTTP without DeliveryRetryPolicy, whose
// deliveries all fail, is deleted on openbmc (bmcweb: TerminateAfterRetries)
// and disabled on idrac (SuspendRetries, as in dell/iDRAC-Redfish-Scripting#370).
func TestDefaultRetryPolicyInAction(t *testing.T) {
	for _, tc := range []struct {
		profile, policy string
		check           func(t *testing.T, c *client, b *BMC, loc string, sink *Sink)
	}{
		{"openbmc", "TerminateAfterRetries", func(t *testing.T, c *client, b *BMC, loc string, sink *Sink) {
			eventually(t, 5*time.Second, "the subscription to be deleted", func() bool { return len(b.Subscriptions()) == 0 })
			if r := c.expect(http.MethodGet, loc, nil, http.StatusNotFound); len(r.body) != 0 {
				t.Errorf("GET after termination: bmcweb answers 404 without a body, got %s", r.body)
			}
			if n := c.expect(http.MethodGet, pathSubscriptions, nil, http.StatusOK).json(t)["Members@odata.count"]; n != 0.0 {
				t.Errorf("collection still counts %v", n)
			}
			if s := b.Stats(); s.SubscriptionsTerminated != 1 || s.SubscriptionsSuspended != 0 {
				t.Errorf("terminated %d suspended %d", s.SubscriptionsTerminated, s.SubscriptionsSuspended)
			}
		}},
		{"idrac", "SuspendRetries", func(t *testing.T, c *client, b *BMC, loc string, sink *Sink) {
			state := func() any {
				return c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t)["Status"].(map[string]any)["State"]
			}
			eventually(t, 5*time.Second, "the subscription to be disabled", func() bool { return state() == "Disabled" })
			if s := b.Stats(); s.SubscriptionsSuspended != 1 || s.SubscriptionsTerminated != 0 || len(b.Subscriptions()) != 1 {
				t.Errorf("suspended %d terminated %d, %d subscriptions", s.SubscriptionsSuspended, s.SubscriptionsTerminated, len(b.Subscriptions()))
			}
			sink.FailNext(0, 0)
			c.expect(http.MethodPost, pathSubmitTestEvent, map[string]any{"MessageId": "Base.1.22.Success"}, http.StatusNoContent)
			if n := len(sink.Received()); n != 0 {
				t.Errorf("a disabled subscription got %d events", n)
			}
			c.expect(http.MethodPost, loc+"/"+actionResume, nil, http.StatusNoContent)
			c.expect(http.MethodPost, pathSubmitTestEvent, map[string]any{"MessageId": "Base.1.22.Success"}, http.StatusNoContent)
			if _, err := sink.WaitFor(1, 5*time.Second); err != nil || state() != "Enabled" {
				t.Errorf("after ResumeSubscription: %v, state %v", err, state())
			}
		}},
	} {
		t.Run(tc.profile, func(t *testing.T) {
			t.Parallel()
			// Both profiles take https destinations only; bmcweb verifies
			// the certificate by default, so the sink's CA is trusted.
			sink := startSink(t, true)
			opts := fastRetries(Options{Profile: tc.profile, DeliveryRootCAs: sink.CertPool()})
			b := startBMC(t, opts)
			c := newClient(t, b)
			loc := c.create(map[string]any{"Destination": sink.URL(), "Protocol": "Redfish", "Context": "default-policy"})
			if s := b.Subscriptions()[0]; s.DeliveryRetryPolicy != "" {
				t.Fatalf("stored policy %q: the default must come from the profile", s.DeliveryRetryPolicy)
			}
			if got := c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t)["DeliveryRetryPolicy"]; got != tc.policy {
				t.Errorf("reads back %v, want %s", got, tc.policy)
			}
			sink.FailNext(1000, http.StatusServiceUnavailable)
			c.expect(http.MethodPost, pathSubmitTestEvent, map[string]any{"MessageId": "Base.1.22.Success"}, http.StatusNoContent)
			tc.check(t, c, b, loc, sink)
			// 1 attempt + DeliveryRetryAttempts (2) retries, then no more.
			attempts := len(sink.Attempts())
			time.Sleep(50 * time.Millisecond)
			if failed := attempts - len(sink.Received()); failed != 3 || len(sink.Attempts()) != attempts {
				t.Errorf("%d failed attempts (want 1+2), %d after a pause", failed, len(sink.Attempts()))
			}
		})
	}
}
