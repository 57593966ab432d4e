package bmcsim

import (
	"net/http"
	"testing"
)

func TestGoAPISubscriptions(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	id := b.AddSubscription(Subscription{Destination: "https://h/a", Context: "x", EventTypes: []string{"Alert"}})
	if id != "1" {
		t.Errorf("id %q", id)
	}
	s, ok := b.Subscription(id)
	if !ok || s.ODataID != pathSubscriptions+"/1" || s.Protocol != "Redfish" || s.SubscriptionType != "RedfishEvent" || s.State != "Enabled" || !s.Set["Context"] || s.Set["Severities"] {
		t.Errorf("stored %+v", s)
	}
	// Callers get copies.
	s.EventTypes[0] = "Changed"
	if again, _ := b.Subscription(id); again.EventTypes[0] != "Alert" {
		t.Error("Subscription shares slices with the store")
	}
	// Out-of-band changes show over HTTP.
	b.ModifySubscription(id, func(s *Subscription) { s.Context = "changed"; s.ID = "hijack" })
	m := c.expect(http.MethodGet, pathSubscriptions+"/1", nil, 200).json(t)
	if m["Context"] != "changed" || m["Id"] != "1" {
		t.Errorf("after ModifySubscription: %v", m)
	}
	kept := b.AddSubscription(Subscription{ID: "custom", Destination: "https://h/b"})
	dup := b.AddSubscription(Subscription{ID: "custom", Destination: "https://h/c"})
	if kept != "custom" || dup == "custom" {
		t.Errorf("ids %q %q", kept, dup)
	}
	for i := 0; i < 9; i++ {
		b.AddSubscription(Subscription{Destination: "https://h/n"})
	}
	subs := b.Subscriptions()
	if subs[0].ID != "1" || subs[1].ID != "2" || subs[len(subs)-1].ID != "custom" {
		var ids []string
		for _, s := range subs {
			ids = append(ids, s.ID)
		}
		t.Errorf("order %v", ids)
	}
	if !b.DeleteSubscription(id) || b.DeleteSubscription(id) || b.ModifySubscription(id, func(*Subscription) {}) {
		t.Error("delete semantics")
	}
	c.expect(http.MethodGet, pathSubscriptions+"/1", nil, http.StatusNotFound)
}
