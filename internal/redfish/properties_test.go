package redfish

import (
	"reflect"
	"testing"
)

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"MessageIds": "message_ids", "OEMProtocol": "oem_protocol", "SNMP": "snmp",
		"HeartbeatIntervalMinutes": "heartbeat_interval_minutes", "Oem": "oem",
		"OEMSubscriptionType": "oem_subscription_type", "TrapCommunity": "trap_community",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEveryPropertyFieldIsInTheTable fails when a field is added to
// Subscription without a `redfish` tag: payload, parsing, comparison and the
// provider's schema would silently skip it.
func TestEveryPropertyFieldIsInTheTable(t *testing.T) {
	notProperties := map[string]bool{"ODataID": true, "ID": true, "Name": true, "HTTPHeaders": true, "State": true}
	typ := reflect.TypeOf(Subscription{})
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if _, tagged := f.Tag.Lookup("redfish"); !tagged && !notProperties[f.Name] {
			t.Errorf("Subscription.%s has no redfish tag", f.Name)
		}
	}
	seen := map[string]bool{}
	var walk func(props []Property)
	walk = func(props []Property) {
		for _, p := range props {
			if p.Since == "" || p.Attr == "" {
				t.Errorf("%s: since %q, attr %q", p.Name, p.Since, p.Attr)
			}
			walk(p.Children)
		}
	}
	walk(Properties)
	for _, p := range Properties {
		if seen[p.Attr] {
			t.Errorf("two properties map to attribute %s", p.Attr)
		}
		seen[p.Attr] = true
	}
}

// TestPropertiesRoundTrip: what Payload sends for every property, parsed
// back, is the same subscription; Get and Set agree for every kind.
func TestPropertiesRoundTrip(t *testing.T) {
	sub := fullSubscription()
	sub.HTTPHeaders = nil
	sub.OEMProtocol, sub.OEMSubscriptionType = ptr("ContosoBus"), ptr("ContosoTrap")
	body := marshal(t, Payload(sub))
	got, err := parseSubscription(body, "/redfish/v1/EventService/Subscriptions/1")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Properties {
		if Absent(p.Get(&sub)) {
			t.Errorf("fullSubscription leaves %s unset: set it, so this test covers it", p.Name)
		}
		if p.Secret {
			continue
		}
		if w, g := p.Get(&sub), p.Get(got); !reflect.DeepEqual(w, g) {
			t.Errorf("%s: sent %#v, read back %#v", p.Name, w, g)
		}
		var copied Subscription
		p.Set(&copied, p.Get(&sub))
		if w, g := p.Get(&sub), p.Get(&copied); !reflect.DeepEqual(w, g) {
			t.Errorf("%s: Set(Get) = %#v, want %#v", p.Name, g, w)
		}
	}
}
