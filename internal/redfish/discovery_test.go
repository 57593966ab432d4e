package redfish

import (
	"errors"
	"strings"
	"testing"
)

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
