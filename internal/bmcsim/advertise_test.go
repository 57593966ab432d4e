package bmcsim

import (
	"context"
	"net/http"
	"path"
	"slices"
	"strings"
	"testing"
)

// What each profile's EventService advertises agrees with what a create
// accepts: a support flag is true only if the property is taken, and a
// restricted list refuses values outside it (PropertyValueNotInList).
func TestEventServiceAdvertisesWhatCreatesAccept(t *testing.T) {
	for _, name := range ProfileNames() {
		t.Run(name, func(t *testing.T) {
			b := startBMC(t, Options{Profile: name})
			c := newClient(t, b)
			p := b.ProfileRules()
			es := c.expect(http.MethodGet, pathEventService, nil, http.StatusOK).json(t)
			flags := map[string]string{
				"ExcludeMessageId": "ExcludeMessageIds", "ExcludeRegistryPrefix": "ExcludeRegistryPrefixes",
				"SubordinateResourcesSupported": "SubordinateResources", "OriginResourcesSupported": "OriginResources",
			}
			for flag, prop := range flags {
				if es[flag] == true && !p.acceptsOnCreate(prop) {
					t.Errorf("%s advertised but %s refused", flag, prop)
				}
				if p.acceptsOnCreate(prop) && es[flag] != true {
					t.Errorf("%s taken but %s not advertised", prop, flag)
				}
			}
			if _, ok := es["Severities"]; ok != p.acceptsOnCreate("Severities") {
				t.Errorf("Severities advertised %v, taken %v", ok, p.acceptsOnCreate("Severities"))
			}
			if _, ok := es["ServerSentEventUri"]; ok {
				t.Error("ServerSentEventUri advertised, but no SSE stream is served")
			}
			if _, ok := es["SMTP"]; ok != p.SMTPSettings {
				t.Errorf("SMTP object %v", ok)
			}
			if p.RestrictFilters {
				body := createBody(b, "https://127.0.0.1:9/e")
				body["RegistryPrefixes"] = []string{"NotAdvertised"}
				r := c.expect(http.MethodPost, pathSubscriptions, body, http.StatusBadRequest)
				if !strings.Contains(string(r.body), "PropertyValueNotInList") || slices.Contains(es["RegistryPrefixes"].([]any), any("NotAdvertised")) {
					t.Errorf("unadvertised prefix: %s", r.body)
				}
			}
			if p.RestrictEventTypes {
				var missing string
				for _, et := range allEventTypes {
					if !slices.Contains(p.EventTypesForSubscription, et) {
						missing = et
						break
					}
				}
				body := createBody(b, "https://127.0.0.1:9/e")
				body["EventTypes"] = []string{missing}
				c.expect(http.MethodPost, pathSubscriptions, body, http.StatusBadRequest)
			}
		})
	}
}

// Each capped profile answers the create past its cap with its vendor's
// status and Base message.
func TestSubscriptionCapPerProfile(t *testing.T) {
	for _, name := range ProfileNames() {
		p, _ := LookupProfile(name)
		if p.MaxSubscriptions == 0 {
			continue
		}
		t.Run(name, func(t *testing.T) {
			b := startBMC(t, Options{Profile: name})
			c := newClient(t, b)
			for i := len(b.Subscriptions()); b.countForLimitLocked() < p.MaxSubscriptions; i++ {
				b.AddSubscription(Subscription{Destination: "https://127.0.0.1:9/" + string(rune('a'+i%26)), Protocol: "Redfish", Context: "fill"})
			}
			r := c.expect(http.MethodPost, pathSubscriptions, createBody(b, "https://127.0.0.1:9/over"), p.LimitStatus)
			if ids := r.messageIDs(t); !slices.Equal(ids, []string{baseRegistry + "." + p.LimitMessage}) {
				t.Errorf("at the cap: %s", r.body)
			}
		})
	}
}

// A subscription the BMC disabled (here through the test hook) is enabled
// again by ResumeSubscription where the profile offers it, and gets events;
// where it does not, the action is neither advertised nor routed.
func TestResumeSubscriptionAfterHookDisabled(t *testing.T) {
	for _, name := range ProfileNames() {
		p, _ := LookupProfile(name)
		t.Run(name, func(t *testing.T) {
			sink := startSink(t, true)
			b := startBMC(t, Options{Profile: name, DeliveryRootCAs: sink.CertPool()})
			c := newClient(t, b)
			body := createBody(b, sink.URL())
			if p.RestrictEventTypes {
				body["EventTypes"] = []string{p.EventTypesForSubscription[0]}
			}
			loc := c.create(body)
			// The member just created: a profile may hold preloaded ones, and
			// Subscriptions() promises no order.
			id := path.Base(loc)
			if !b.SetSubscriptionState(id, "Disabled") || b.SetSubscriptionState(id, "Paused") {
				t.Fatal("SetSubscriptionState")
			}
			s, _ := b.Subscription(id)
			acts, _ := b.renderSubscription(&s)["Actions"].(map[string]any)
			_, advertised := acts["#EventDestination.ResumeSubscription"]
			if advertised != p.ResumeAction {
				t.Fatalf("ResumeSubscription advertised %v, profile %v", advertised, p.ResumeAction)
			}
			r := c.do(http.MethodPost, loc+"/"+actionResume, nil)
			if !p.ResumeAction {
				if r.status != http.StatusNotFound {
					t.Errorf("resume on a profile without it: %d", r.status)
				}
				return
			}
			if r.status != http.StatusNoContent && r.status != http.StatusOK {
				t.Fatalf("resume: %d %s", r.status, r.body)
			}
			if s, _ := b.Subscription(id); s.State != "Enabled" {
				t.Fatalf("state after resume %s", s.State)
			}
			rep := b.RaiseEvent(context.Background(), EventRecord{EventType: "Alert", MessageId: "Base.1.22.Success"})
			if rep.Delivered() != 1 {
				t.Errorf("after resume: %+v", rep)
			}
		})
	}
}
