package redfish

import (
	"reflect"
	"strings"
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
	notProperties := map[string]bool{"ODataID": true, "ID": true, "Name": true, "HTTPHeaders": true, "State": true, "ResumeTarget": true,
		"CertificatesURI": true, "ClientCertificatesURI": true}
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
	// Secrets are sent and never read back, read-only members only read
	// (TestSecretsSentNeverRead): the round trip covers the rest.
	sub.SNMP = &SNMPSettings{AuthenticationProtocol: ptr("HMAC_SHA96"), EncryptionProtocol: ptr("CFB128_AES128"),
		HideCommunityStrings: ptr(true)}
	sub.SyslogFilters = []SyslogFilter{{LogFacilities: []string{"Auth", "Daemon"}, LowestSeverity: ptr("Warning")}}
	sub.BackupDestinations = []string{"https://backup.example.com/events"}
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

func TestSecretsSentNeverRead(t *testing.T) {
	sub := Subscription{Destination: "snmp://trap.example.com", Protocol: ptr("SNMPv3"), SNMP: &SNMPSettings{
		AuthenticationProtocol: ptr("HMAC_SHA96"), AuthenticationKey: ptr("auth-secret"),
		EncryptionProtocol: ptr("CFB128_AES128"), EncryptionKey: ptr("priv-secret"), TrapCommunity: ptr("community"),
		AuthenticationKeySet: ptr(true)}}
	body := string(marshal(t, Payload(sub)))
	for _, want := range []string{`"AuthenticationKey":"auth-secret"`, `"EncryptionKey":"priv-secret"`, `"TrapCommunity":"community"`} {
		if !strings.Contains(body, want) {
			t.Errorf("payload %s lacks %s", body, want)
		}
	}
	if strings.Contains(body, "KeySet") {
		t.Errorf("payload %s sends a read-only property", body)
	}
	reported := `{"@odata.type":"#EventDestination.v1_16_0.EventDestination","Id":"1","Destination":"snmp://trap.example.com",
		"Protocol":"SNMPv3","SNMP":{"AuthenticationProtocol":"HMAC_SHA96","AuthenticationKey":"leaked","AuthenticationKeySet":true,
		"EncryptionProtocol":"CFB128_AES128","EncryptionKey":null,"EncryptionKeySet":true,"TrapCommunity":"leaked"}}`
	got, err := parseSubscription([]byte(reported), "/redfish/v1/EventService/Subscriptions/1")
	if err != nil {
		t.Fatal(err)
	}
	if got.SNMP == nil || got.SNMP.AuthenticationKey != nil || got.SNMP.TrapCommunity != nil {
		t.Fatalf("a secret was read back: %+v", got.SNMP)
	}
	if got.SNMP.AuthenticationKeySet == nil || !*got.SNMP.AuthenticationKeySet {
		t.Errorf("AuthenticationKeySet not read: %+v", got.SNMP)
	}
	if fp := Fingerprint(*got); strings.Contains(fp, "leaked") || strings.Contains(fp, "KeySet") {
		t.Errorf("fingerprint %s holds a secret or a read-only flag", fp)
	}
	if !ProvablyEqual(sub, *got) {
		t.Error("secrets and read-only flags must not disprove equality")
	}
	other := *got
	other.SNMP = &SNMPSettings{AuthenticationProtocol: ptr("HMAC_MD5")}
	if ProvablyEqual(sub, other) {
		t.Error("another authentication protocol must disprove equality")
	}
}
