package bmcsim

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestRedactSNMP(t *testing.T) {
	p := dmtfProfile()
	redactSNMP := func(raw json.RawMessage) map[string]any {
		return p.renderSNMP(&Subscription{Protocol: "SNMPv3", SNMP: raw})
	}
	out := redactSNMP(json.RawMessage(`{"AuthenticationKey":"k","EncryptionKey":null,"TrapCommunity":"public","HideCommunityStrings":false,"AuthenticationProtocol":"HMAC_SHA96"}`))
	if out["AuthenticationKey"] != nil || out["AuthenticationKeySet"] != true || out["EncryptionKeySet"] != false {
		t.Errorf("keys %v", out)
	}
	if out["TrapCommunity"] != "public" || out["AuthenticationProtocol"] != "HMAC_SHA96" {
		t.Errorf("community shown when HideCommunityStrings is false: %v", out)
	}
	if hidden := redactSNMP(json.RawMessage(`{"TrapCommunity":"public"}`)); hidden["TrapCommunity"] != nil {
		t.Errorf("community must be null unless HideCommunityStrings is false: %v", hidden)
	}
}

func TestRenderDefaults(t *testing.T) {
	b := startBMC(t, Options{Profile: "openbmc"})
	id := b.AddSubscription(Subscription{Destination: "https://h/e"})
	s, _ := b.Subscription(id)
	m := b.renderSubscription(&s)
	if m["Name"] != "Event Destination "+id || m["EventFormatType"] != "Event" || m["Context"] != "" {
		t.Errorf("openbmc defaults %v", m)
	}
	if _, ok := m["Actions"]; ok {
		t.Error("bmcweb offers no subscription actions")
	}
	snmp := b.AddSubscription(Subscription{Destination: "snmp://h", Protocol: "SNMPv2c"})
	s, _ = b.Subscription(snmp)
	m = b.renderSubscription(&s)
	for _, k := range []string{"HttpHeaders", "EventFormatType", "RegistryPrefixes", "DeliveryRetryPolicy"} {
		if _, ok := m[k]; ok {
			t.Errorf("non-Redfish destination renders %s", k)
		}
	}
	if e := etagOf(map[string]any{"a": 1}); !strings.HasPrefix(e, `W/"`) || e == etagOf(map[string]any{"a": 2}) {
		t.Errorf("etag %s", e)
	}
}
