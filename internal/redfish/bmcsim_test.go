package redfish

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// Tests against the emulator (package bmcsim): every profile, over HTTPS
// with its CA and session login, and over HTTP with basic authentication.

const simUser, simPassword = "root", "calvin-Pa55"

func startSim(t *testing.T, opts bmcsim.Options) *bmcsim.BMC {
	t.Helper()
	if opts.Username == "" {
		opts.Username, opts.Password = simUser, simPassword
	}
	b, err := bmcsim.Start(opts)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(b.Close)
	return b
}

func simConfig(b *bmcsim.BMC, auth AuthMethod) ConnectionConfig {
	cfg := ConnectionConfig{
		Endpoint: b.URL(), Username: simUser, Password: simPassword, AuthMethod: auth,
		Timeout: 5 * time.Second, MaxRetries: 3, RetryWait: 10 * time.Millisecond,
	}
	if pem := b.CACertPEM(); pem != nil {
		cfg.CACertificatePEM = string(pem)
	}
	return cfg
}

// subscriptionFor sets every property the profile accepts on create, with
// values it accepts.
func subscriptionFor(p bmcsim.Profile, tag string) Subscription {
	ok := func(name string) bool { return p.CreateProperties == nil || slices.Contains(p.CreateProperties, name) }
	s := Subscription{Destination: "https://listener.example.com:8443/events/" + tag, Protocol: ptr("Redfish")}
	if ok("Context") {
		s.Context = ptr("ctx-" + tag)
	}
	if ok("SubscriptionType") {
		s.SubscriptionType = ptr("RedfishEvent")
	}
	if ok("EventFormatType") {
		s.EventFormatType = ptr("Event")
	}
	if ok("EventTypes") {
		s.EventTypes = []string{"Alert"}
		if p.RestrictEventTypes && !slices.Contains(p.EventTypesForSubscription, "Alert") {
			s.EventTypes = p.EventTypesForSubscription[:1]
		}
	}
	if ok("RegistryPrefixes") && len(p.RegistryPrefixes) > 0 {
		s.RegistryPrefixes = []string{p.RegistryPrefixes[0]}
	}
	if ok("ExcludeRegistryPrefixes") {
		s.ExcludeRegistryPrefixes = []string{"TaskEvent"}
	}
	if ok("ResourceTypes") && len(p.ResourceTypes) > 0 {
		s.ResourceTypes = []string{p.ResourceTypes[0]}
	}
	// bmcweb refuses MessageIds next to RegistryPrefixes, and takes only
	// bare keys of registries the emulator does not embed.
	if ok("MessageIds") && !p.RejectMessageIDsWithPrefixes && !p.MessageIDsAreKeys {
		s.MessageIDs = []string{"ResourceEvent.1.4.ResourceStatusChangedCritical"}
	}
	if ok("ExcludeMessageIds") {
		s.ExcludeMessageIDs = []string{"Base.1.22.Success"}
	}
	if ok("OriginResources") {
		s.OriginResources = []string{"/redfish/v1/Systems/1"}
	}
	if ok("SubordinateResources") {
		s.SubordinateResources = ptr(true)
	}
	if ok("IncludeOriginOfCondition") {
		s.IncludeOriginOfCondition = ptr(true)
	}
	if ok("Severities") {
		s.Severities = []string{"Warning", "Critical"}
	}
	if ok("MetricReportDefinitions") {
		s.MetricReportDefinitions = []string{"/redfish/v1/TelemetryService/MetricReportDefinitions/PowerMetrics"}
	}
	if ok("DeliveryRetryPolicy") {
		s.DeliveryRetryPolicy = ptr("SuspendRetries")
		if p.RetryPolicies != nil && !slices.Contains(p.RetryPolicies, *s.DeliveryRetryPolicy) {
			s.DeliveryRetryPolicy = ptr(p.RetryPolicies[0])
		}
	}
	if ok("VerifyCertificate") {
		s.VerifyCertificate = ptr(false)
	}
	if ok("SendHeartbeat") {
		s.SendHeartbeat = ptr(false)
	}
	if ok("HeartbeatIntervalMinutes") {
		s.HeartbeatIntervalMinutes = ptr(int64(30))
	}
	if ok("Oem") {
		s.Oem = json.RawMessage(`{"Contoso":{"Tag":"` + tag + `"}}`)
	}
	if ok("HttpHeaders") {
		s.HTTPHeaders = []HTTPHeader{{Name: "Authorization", Value: "Bearer tok-" + tag}, {Name: "X-Tenant", Value: "blue"}}
	}
	return s
}

// storedMatches checks that the emulator stored exactly the properties sent.
func storedMatches(t *testing.T, p bmcsim.Profile, got bmcsim.Subscription, sent Subscription) {
	t.Helper()
	var set []string
	for k, v := range got.Set {
		if v {
			set = append(set, k)
		}
	}
	sort.Strings(set)
	want := propertyNames(Payload(sent))
	if !reflect.DeepEqual(set, want) {
		t.Errorf("the BMC holds properties %v\nsent                      %v", set, want)
	}
	var headers []map[string]string
	for _, h := range sent.HTTPHeaders {
		headers = append(headers, map[string]string{h.Name: h.Value})
	}
	if p.HTTPHeadersObject && len(sent.HTTPHeaders) > 0 {
		// iLO takes them as one object (the client retries in that form).
		one := map[string]string{}
		for _, h := range sent.HTTPHeaders {
			one[h.Name] = h.Value
		}
		headers = []map[string]string{one}
	}
	if !reflect.DeepEqual(got.HttpHeaders, headers) {
		t.Errorf("HttpHeaders stored %v, sent %v", got.HttpHeaders, headers)
	}
	check := func(name string, a, b any) {
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s stored %#v, sent %#v", name, a, b)
		}
	}
	check("Destination", got.Destination, sent.Destination)
	if sent.Context != nil {
		check("Context", got.Context, *sent.Context)
	}
	check("Protocol", got.Protocol, *sent.Protocol)
	if sent.EventTypes != nil {
		check("EventTypes", got.EventTypes, sent.EventTypes)
	}
	if sent.OriginResources != nil {
		check("OriginResources", got.OriginResources, sent.OriginResources)
	}
	if sent.Severities != nil {
		check("Severities", got.Severities, sent.Severities)
	}
	if sent.HeartbeatIntervalMinutes != nil {
		check("HeartbeatIntervalMinutes", got.HeartbeatIntervalMinutes, sent.HeartbeatIntervalMinutes)
	}
	if sent.Oem != nil {
		var a, b any
		_ = json.Unmarshal(got.Oem, &a)
		_ = json.Unmarshal(sent.Oem, &b)
		check("Oem", a, b)
	}
}

// readMatches checks that what GetSubscription returns for each property
// sent equals what was sent (the read is normalised, so equal means no drift).
func readMatches(t *testing.T, p bmcsim.Profile, got *Subscription, sent Subscription, id string) {
	t.Helper()
	if got.ODataID != id || got.ID == "" || got.HTTPHeaders != nil {
		t.Errorf("read ODataID %q, ID %q, HTTPHeaders %v", got.ODataID, got.ID, got.HTTPHeaders)
	}
	gv, sv := reflect.ValueOf(*got), reflect.ValueOf(sent)
	for i := range sv.NumField() {
		name := sv.Type().Field(i).Name
		switch name {
		case "ODataID", "ID", "Name", "State", "HTTPHeaders":
			continue
		case "Destination":
			// bmcweb writes out the default port and "/": the same URI.
			if !EqualURI(got.Destination, sent.Destination) {
				t.Errorf("Destination read %q, sent %q", got.Destination, sent.Destination)
			}
			continue
		case "OriginResources":
			if p.OmitOriginResources {
				continue // bmcweb never renders it
			}
		}
		s := sv.Field(i)
		if s.IsZero() {
			continue // not sent
		}
		g := gv.Field(i)
		if name == "Oem" {
			var a, b any
			_ = json.Unmarshal(got.Oem, &a)
			_ = json.Unmarshal(sent.Oem, &b)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("Oem read %s, sent %s", got.Oem, sent.Oem)
			}
			continue
		}
		if !reflect.DeepEqual(g.Interface(), s.Interface()) {
			t.Errorf("%s read %s, sent %s", name, show(g.Interface()), show(s.Interface()))
		}
	}
}

func show(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestEmulatorProfiles(t *testing.T) {
	modes := []struct {
		name string
		tls  bool
		auth AuthMethod
	}{
		{"https+ca/session", true, AuthSession},
		{"http/basic", false, AuthBasic},
	}
	for _, profile := range bmcsim.ProfileNames() {
		for _, mode := range modes {
			t.Run(profile+"/"+mode.name, func(t *testing.T) {
				t.Parallel()
				b := startSim(t, bmcsim.Options{Profile: profile, TLS: mode.tls})
				pool := NewPool()
				ctx := testCtx(t)
				c, err := pool.Client(ctx, simConfig(b, mode.auth))
				if err != nil {
					t.Fatal(err)
				}
				es, err := c.EventService(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !es.ServiceEnabled || es.SubscriptionsURI == "" {
					t.Fatalf("EventService %+v", es)
				}
				before := len(b.Subscriptions())

				sent := subscriptionFor(b.ProfileRules(), profile)
				id, err := c.CreateSubscription(ctx, sent)
				if err != nil {
					t.Fatalf("create: %v", err)
				}
				stored := b.Subscriptions()
				if len(stored) != before+1 {
					t.Fatalf("the BMC has %d subscriptions, want %d", len(stored), before+1)
				}
				var mine *bmcsim.Subscription
				for i := range stored {
					if stored[i].ODataID == id {
						mine = &stored[i]
					}
				}
				if mine == nil {
					t.Fatalf("created id %q is none of the BMC's: %v", id, stored)
				}
				storedMatches(t, b.ProfileRules(), *mine, sent)

				read, err := c.GetSubscription(ctx, id)
				if err != nil {
					t.Fatalf("get: %v", err)
				}
				readMatches(t, b.ProfileRules(), read, sent, id)

				list, err := c.ListSubscriptions(ctx)
				if err != nil {
					t.Fatalf("list: %v", err)
				}
				if len(list) != before+1 {
					t.Fatalf("listed %d, want %d", len(list), before+1)
				}
				for _, s := range list {
					if s.ODataID == id {
						readMatches(t, b.ProfileRules(), &s, sent, id)
					}
				}

				if err := c.DeleteSubscription(ctx, id); err != nil {
					t.Fatalf("delete: %v", err)
				}
				if _, ok := b.Subscription(mine.ID); ok {
					t.Fatal("still on the BMC after delete")
				}
				if _, err := c.GetSubscription(ctx, id); !errors.Is(err, ErrNotFound) {
					t.Fatalf("get after delete: %v", err)
				}
				if err := c.DeleteSubscription(ctx, id); err != nil {
					t.Fatalf("second delete: %v", err)
				}

				pool.Close(ctx)
				if mode.auth == AuthSession && b.SessionCount() != 0 {
					t.Errorf("%d sessions left after Close", b.SessionCount())
				}
				if mode.auth == AuthBasic && b.Stats().SessionsCreated != 0 {
					t.Error("basic auth created a session")
				}
			})
		}
	}
}

func TestEmulatorOEMProtocol(t *testing.T) {
	b := startSim(t, bmcsim.Options{})
	c := connectTo(t, simConfig(b, AuthSession))
	ctx := testCtx(t)
	sent := Subscription{Destination: "https://l.example.com/oem", Protocol: ptr("OEM"), OEMProtocol: ptr("ContosoPush"),
		SubscriptionType: ptr("OEM"), OEMSubscriptionType: ptr("ContosoStream")}
	id, err := c.CreateSubscription(ctx, sent)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetSubscription(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	readMatches(t, b.ProfileRules(), got, sent, id)
	// Without OEMProtocol the BMC says what is missing, and names the property.
	sent.OEMProtocol = nil
	sent.Context = ptr("another")
	_, err = c.CreateSubscription(ctx, sent)
	if e := AsError(err); e == nil || !e.HasMessage("PropertyMissing") || PropertyName(e.RelatedProperties()[0]) != "OEMProtocol" {
		t.Fatalf("err = %v", err)
	}
}

func TestEmulatorMinimalSubscription(t *testing.T) {
	// Only Destination (and the required Protocol): nothing else is sent,
	// and what the BMC fills in reads back without error.
	for _, profile := range bmcsim.ProfileNames() {
		t.Run(profile, func(t *testing.T) {
			t.Parallel()
			b := startSim(t, bmcsim.Options{Profile: profile})
			c := connectTo(t, simConfig(b, AuthSession))
			ctx := testCtx(t)
			sent := Subscription{Destination: "https://listener.example.com/min"}
			want := []string{"Destination", "Protocol"}
			if b.ProfileRules().RequireContext {
				sent.Context = ptr("required")
				want = append(want, "Context")
			}
			if b.ProfileRules().RequireEventTypes {
				sent.EventTypes = []string{"Alert"}
				want = append(want, "EventTypes")
			}
			sort.Strings(want)
			id, err := c.CreateSubscription(ctx, sent)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := b.Subscription(id[strings.LastIndexByte(id, '/')+1:])
			var set []string
			for k, v := range got.Set {
				if v {
					set = append(set, k)
				}
			}
			sort.Strings(set)
			if !reflect.DeepEqual(set, want) {
				t.Fatalf("sent %v, want %v", set, want)
			}
			read, err := c.GetSubscription(ctx, id)
			if err != nil || !EqualURI(read.Destination, sent.Destination) || read.HTTPHeaders != nil {
				t.Fatalf("read %+v, %v", read, err)
			}
			if sent.Context == nil && read.Context != nil {
				t.Errorf("Context read as %q though never set", *read.Context)
			}
		})
	}
}

func TestEmulatorErrors(t *testing.T) {
	t.Run("BMC messages are quoted with the property", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{Profile: "openbmc"})
		c := connectTo(t, simConfig(b, AuthSession))
		_, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", EventTypes: []string{"Alert"}})
		e := AsError(err)
		if e == nil || e.StatusCode != 400 || !e.HasMessage("PropertyUnknown") {
			t.Fatalf("err = %v", err)
		}
		if props := e.RelatedProperties(); len(props) == 0 || PropertyName(props[0]) != "EventTypes" {
			t.Errorf("RelatedProperties = %v", props)
		}
		if !strings.Contains(err.Error(), "EventTypes") || !strings.Contains(err.Error(), "PropertyUnknown") {
			t.Errorf("message: %v", err)
		}
	})
	t.Run("iLO-shaped errors", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{Profile: "ilo5"})
		c := connectTo(t, simConfig(b, AuthSession))
		_, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Severities: []string{"Critical"}})
		e := AsError(err)
		if e == nil || len(e.Messages) == 0 || !strings.Contains(e.Messages[0].MessageID, "PropertyNotWritableOrUnknown") {
			t.Fatalf("err = %v", err)
		}
		if !strings.Contains(err.Error(), "PropertyNotWritableOrUnknown") {
			t.Errorf("message: %v", err)
		}
	})
	t.Run("disabled EventService", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		b.SetServiceEnabled(false)
		c := connectTo(t, simConfig(b, AuthSession))
		_, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e"})
		if !errors.Is(err, ErrEventServiceDisabled) || b.Stats().Count("POST", bmcsim.KindSubscriptionCreate) != 0 {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{Profile: "idrac", TLS: true})
		cfg := simConfig(b, AuthSession)
		cfg.Password = "not-calvin"
		_, err := NewPool().Client(testCtx(t), cfg)
		if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), b.URL()) || strings.Contains(err.Error(), "not-calvin") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestEmulatorFaults(t *testing.T) {
	create := func(t *testing.T, b *bmcsim.BMC) (string, error) {
		t.Helper()
		c := connectTo(t, simConfig(b, AuthSession))
		return c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("f")})
	}
	t.Run("commit-drop adopts the created subscription", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultCommitThenDrop, Count: 1})
		id, err := create(t, b)
		subs := b.Subscriptions()
		if err != nil || len(subs) != 1 || subs[0].ODataID != id {
			t.Fatalf("id %q, err %v, on the BMC %d", id, err, len(subs))
		}
		if n := b.Stats().Count("POST", bmcsim.KindSubscriptionCreate); n != 1 {
			t.Fatalf("POSTs = %d", n)
		}
	})
	t.Run("reset before acting: checked, then sent once more", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		// Another team's, to the same destination: never adopted.
		b.AddSubscription(bmcsim.Subscription{Destination: "https://l.example.com/e", Context: "theirs", Protocol: "Redfish"})
		b.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultReset, Count: 1})
		c := connectTo(t, simConfig(b, AuthSession))
		ctx := testCtx(t)
		id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e", Context: ptr("f")})
		subs := b.Subscriptions()
		if err != nil || len(subs) != 2 || subs[1].ODataID != id || b.Stats().Count("POST", bmcsim.KindSubscriptionCreate) != 2 {
			t.Fatalf("id %q, err %v, subscriptions %d", id, err, len(subs))
		}
	})
	t.Run("reset twice: an error, no id, nothing created", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultReset, Count: 2})
		id, err := create(t, b)
		if err == nil || id != "" || len(b.Subscriptions()) != 0 || b.Stats().Count("POST", bmcsim.KindSubscriptionCreate) != 2 {
			t.Fatalf("id %q, err %v, subscriptions %d", id, err, len(b.Subscriptions()))
		}
	})
	t.Run("204 without Location is found by listing", func(t *testing.T) {
		for _, profile := range []string{"dmtf", "openbmc", "xcc"} {
			b := startSim(t, bmcsim.Options{Profile: profile})
			b.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultCreateNoLocation, Count: 1})
			id, err := create(t, b)
			subs := b.Subscriptions()
			found := false
			for _, s := range subs {
				found = found || (s.ODataID == id && s.Context == "f")
			}
			if err != nil || !found {
				t.Fatalf("%s: id %q, err %v", profile, id, err)
			}
		}
	})
	t.Run("503 with Retry-After is waited out", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultUnavailable, Count: 2, RetryAfter: time.Second})
		// The waits pass on a fake clock: the test asserts the client
		// waited the BMC's Retry-After (1s) before each retry, not that
		// two seconds of a loaded machine's time went by.
		clk := newFakeClock()
		c := connectWithClock(t, simConfig(b, AuthSession), clk)
		if _, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("f")}); err != nil {
			t.Fatal(err)
		}
		if got := clk.Waits(); !slices.Equal(got, []time.Duration{time.Second, time.Second}) {
			t.Errorf("Retry-After not honoured: waited %v, want 1s before each of the two retries", got)
		}
		if len(b.Subscriptions()) != 1 {
			t.Fatal("not exactly one subscription")
		}
	})
	t.Run("500 on POST is not repeated", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultInternalError, Count: 1})
		_, err := create(t, b)
		if e := AsError(err); e == nil || e.StatusCode != 500 || b.Stats().Count("POST", bmcsim.KindSubscriptionCreate) != 1 {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("session expiry", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		c := connectTo(t, simConfig(b, AuthSession))
		ctx := testCtx(t)
		if _, err := c.ListSubscriptions(ctx); err != nil {
			t.Fatal(err)
		}
		b.ExpireSessions()
		if _, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"}); err != nil {
			t.Fatal(err)
		}
		if n := b.Stats().SessionsCreated; n != 2 {
			t.Fatalf("sessions created = %d, want 2", n)
		}
	})
	t.Run("reboot: connection refused, then back", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		cfg := simConfig(b, AuthBasic)
		cfg.RetryWait = 300 * time.Millisecond
		cfg.MaxRetries = 5
		c := connectTo(t, cfg)
		ctx := testCtx(t)
		b.Reboot(time.Second)
		subs, err := c.ListSubscriptions(ctx)
		if err != nil || len(subs) != 0 {
			t.Fatalf("%v, %v", subs, err)
		}
		b.Reboot(time.Second)
		if _, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"}); err != nil {
			t.Fatalf("create across a reboot: %v", err)
		}
		if len(b.Subscriptions()) != 1 {
			t.Fatal("not exactly one subscription")
		}
	})
}

func TestEmulatorSubmitTestEventDelivers(t *testing.T) {
	sink, err := bmcsim.StartSink(false)
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	b := startSim(t, bmcsim.Options{})
	c := connectTo(t, simConfig(b, AuthSession))
	ctx := testCtx(t)
	if _, err := c.CreateSubscription(ctx, Subscription{
		Destination: sink.URL(), Context: ptr("delivery-check"),
		HTTPHeaders: []HTTPHeader{{Name: "Authorization", Value: "Bearer sink-token"}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := c.SubmitTestEvent(ctx, TestEvent{MessageID: "ResourceEvent.1.4.TestMessage", EventType: "Alert"}); err != nil {
		t.Fatal(err)
	}
	got, err := sink.WaitFor(1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Context() != "delivery-check" || got[0].Header.Get("Authorization") != "Bearer sink-token" {
		t.Fatalf("delivered context %q, Authorization %q", got[0].Context(), got[0].Header.Get("Authorization"))
	}
	if ids := got[0].MessageIDs(); len(ids) != 1 || ids[0] != "ResourceEvent.1.4.TestMessage" {
		t.Fatalf("message ids %v", ids)
	}
}
