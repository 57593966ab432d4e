package redfish

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

func TestDiscovery(t *testing.T) {
	t.Run("paths come from the service root", func(t *testing.T) {
		const (
			esPath   = "/redfish/v1/Managers/bmc/EventService"
			subsPath = esPath + "/Destinations"
			target   = esPath + "/Actions/Test"
		)
		b := startRecordedSim(t, bmcsim.Options{Paths: map[string]string{
			"/redfish/v1/EventService": esPath,
			simSubs:                    subsPath,
			"/redfish/v1/EventService/Actions/EventService.SubmitTestEvent": target,
		}})
		// No profile serves an SSE stream; the link is read all the same.
		b.InjectFault(bmcsim.KindEventService, bmcsim.Fault{Type: bmcsim.FaultRewrite,
			Rewrite: func(es map[string]any) { es["ServerSentEventUri"] = "/redfish/v1/EventService/SSE" }})
		c := connectTo(t, simConfig(b, ""))
		ctx := testCtx(t)
		es, err := c.EventService(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if es.SubscriptionsURI != subsPath || es.ODataID != esPath || es.SubmitTestEventTarget != target {
			t.Fatalf("discovered %+v", es)
		}
		if !es.ServiceEnabled || *es.DeliveryRetryAttempts != 3 || *es.ExcludeMessageIDSupported != true ||
			es.ServerSentEventURI != "/redfish/v1/EventService/SSE" || len(es.Severities) != 3 {
			t.Errorf("EventService = %+v", es)
		}
		id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
		if err != nil || !strings.HasPrefix(id, subsPath+"/") {
			t.Fatalf("create: %q, %v", id, err)
		}
		if err := c.SubmitTestEvent(ctx, TestEvent{MessageID: "ResourceEvent.1.4.TestMessage"}); err != nil {
			t.Fatal(err)
		}
		var tests []map[string]any
		for _, r := range b.Requests() {
			if r.Method == http.MethodPost && r.Path == target {
				var ev map[string]any
				_ = json.Unmarshal(r.Body, &ev)
				tests = append(tests, ev)
			}
		}
		if len(tests) != 1 || tests[0]["MessageId"] != "ResourceEvent.1.4.TestMessage" || len(tests[0]) != 1 {
			t.Fatalf("test events = %v", tests)
		}
		// Discovered once: the EventService was read a single time.
		for range 3 {
			if _, err := c.EventService(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := b.CountRequests(http.MethodGet, esPath, false); n != 1 {
			t.Errorf("EventService read %d times, want 1", n)
		}
		if _, err := c.RefreshEventService(ctx); err != nil || b.CountRequests(http.MethodGet, esPath, false) != 2 {
			t.Errorf("refresh: %v", err)
		}
	})
	t.Run("no EventService", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindServiceRoot, bmcsim.Fault{Type: bmcsim.FaultRewrite,
			Rewrite: func(root map[string]any) { delete(root, "EventService") }})
		c := connectTo(t, simConfig(b, AuthBasic))
		_, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e"})
		if !errors.Is(err, ErrNoEventService) {
			t.Fatalf("err = %v", err)
		}
		for _, want := range []string{b.URL(), "has no Redfish EventService", "sushy-tools", "cannot send events"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q lacks %q", err, want)
			}
		}
	})
	t.Run("disabled", func(t *testing.T) {
		b := startRecordedSim(t, bmcsim.Options{})
		b.SetServiceEnabled(false)
		c := connectTo(t, simConfig(b, AuthBasic))
		ctx := testCtx(t)
		es, err := c.EventService(ctx)
		if err != nil || es.ServiceEnabled {
			t.Fatalf("EventService() = %+v, %v; want the data, disabled", es, err)
		}
		_, err = c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
		if !errors.Is(err, ErrEventServiceDisabled) {
			t.Fatalf("err = %v", err)
		}
		for _, want := range []string{b.URL(), "disabled", `{"ServiceEnabled": true}`, "/redfish/v1/EventService", "web interface"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q lacks %q", err, want)
			}
		}
		if b.CountRequests(http.MethodPost, simSubs, false) != 0 {
			t.Fatal("POSTed to a disabled EventService")
		}
		// Enabled on the BMC meanwhile: the next create sees it.
		b.SetServiceEnabled(true)
		if _, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("no SubmitTestEvent", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindEventService, bmcsim.Fault{Type: bmcsim.FaultRewrite,
			Rewrite: func(es map[string]any) { delete(es, "Actions") }})
		c := connectTo(t, simConfig(b, AuthBasic))
		err := c.SubmitTestEvent(testCtx(t), TestEvent{MessageID: "x"})
		if err == nil || !strings.Contains(err.Error(), "does not offer the SubmitTestEvent action") {
			t.Fatalf("err = %v", err)
		}
	})
}
