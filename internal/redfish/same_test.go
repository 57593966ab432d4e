package redfish

import (
	"encoding/json"
	"testing"
)

func TestEqualURI(t *testing.T) {
	equal := [][2]string{
		{"https://h", "https://h:443/"}, // bmcweb's rewrite
		{"HTTPS://H.Example.com/x", "https://h.example.com/x"},
		{"http://h/x", "http://h:80/x"},
		{"https://h/%7Euser/a", "https://h/~user/a"}, // unreserved percent-encoding
		{"https://h/a%2fb", "https://h/a%2Fb"},       // escape case
		{"https://h/a/./b/../c", "https://h/a/c"},
		{"snmp://h", "snmp://h:162"},
		{"mailto:ops@example.com", "mailto:ops@example.com"},
	}
	for _, c := range equal {
		if !EqualURI(c[0], c[1]) || !EqualURI(c[1], c[0]) {
			t.Errorf("EqualURI(%q, %q) = false", c[0], c[1])
		}
	}
	different := [][2]string{
		{"https://h/hook?token=A", "https://h/hook?token=B"},
		{"https://h/hook?token=A", "https://h/hook"},
		{"https://u:secret@h/x", "https://u:******@h/x"}, // masked is not provable
		{"https://h/x", ""},
		{"https://h/X", "https://h/x"},
		{"https://h/x", "https://h/x/"},
		{"https://h:8443/x", "https://h/x"},
		{"http://h/x", "https://h/x"},
	}
	for _, c := range different {
		if EqualURI(c[0], c[1]) || EqualURI(c[1], c[0]) {
			t.Errorf("EqualURI(%q, %q) = true", c[0], c[1])
		}
	}
}

func TestSameDestinationAtPath(t *testing.T) {
	const ours = "https://user:secret@collector.example.com/hooks/~bmc?token=abc"
	same := []string{
		ours,
		"", // not reported
		"https://user:******@collector.example.com/hooks/~bmc?token=abc", // password masked
		"https://collector.example.com/hooks/~bmc",                       // userinfo and query dropped
		"https://user@collector.example.com:443/hooks/%7Ebmc",            // explicit port, encoding
		"https://collector.example.com/hooks/~bmc/",
	}
	for _, r := range same {
		if !SameDestinationAtPath(ours, r) {
			t.Errorf("SameDestinationAtPath(ours, %q) = false", r)
		}
	}
	other := []string{
		"https://someone-else.example.com/",
		"https://collector.example.com/hooks/other",
		"https://collector.example.com/hooks/~bmc?token=xyz",
		"https://admin:******@collector.example.com/hooks/~bmc",
		"http://collector.example.com/hooks/~bmc",
		"https://collector.example.com:8443/hooks/~bmc",
	}
	for _, r := range other {
		if SameDestinationAtPath(ours, r) {
			t.Errorf("SameDestinationAtPath(ours, %q) = true", r)
		}
	}
	if !SameDestinationAtPath("https://h", "https://h:443/") {
		t.Error("bmcweb's rewrite of an empty path")
	}
}

func TestProvablyEqual(t *testing.T) {
	want := Subscription{Destination: "https://h/e", Context: ptr("c"), Severities: []string{"Critical", "Warning"},
		RegistryPrefixes: []string{"ResourceEvent"}}
	same := []Subscription{
		{Destination: "https://H:443/e", Context: ptr("c"), Protocol: ptr("redfish"), Severities: []string{"warning", "Critical"},
			RegistryPrefixes: []string{"ResourceEvent"}, DeliveryRetryPolicy: ptr("TerminateAfterRetries"), MessageIDs: []string{}},
		// Properties the BMC does not report cannot disprove it.
		{Destination: "https://h/e", Context: ptr("c")},
	}
	for i, g := range same {
		if !ProvablyEqual(want, g) {
			t.Errorf("same[%d]: ProvablyEqual = false", i)
		}
	}
	different := []Subscription{
		{Destination: "", Context: ptr("c")},                // Destination not reported
		{Destination: "https://h/e", Context: ptr("other")}, // another context
		{Destination: "https://h/e"},                        // no context
		{Destination: "https://h/e", Context: ptr("c"), Severities: []string{"Critical"}},
		{Destination: "https://h/e", Context: ptr("c"), ResourceTypes: []string{"Chassis"}}, // a filter we do not set
		{Destination: "https://h/e", Context: ptr("c"), Protocol: ptr("SNMPv2c")},
		{Destination: "https://h/e?x=1", Context: ptr("c")},
	}
	for i, g := range different {
		if ProvablyEqual(want, g) {
			t.Errorf("different[%d]: ProvablyEqual = true", i)
		}
	}
	// Every compared property disproves equality when the BMC reports
	// another value: a property missing from comparedProperties fails here.
	full := Subscription{
		Destination: "https://h/e", Context: ptr("c"), Protocol: ptr("Redfish"), SubscriptionType: ptr("RedfishEvent"),
		EventFormatType: ptr("Event"), DeliveryRetryPolicy: ptr("RetryForever"), OEMProtocol: ptr("a"), OEMSubscriptionType: ptr("a"),
		EventTypes: []string{"Alert"}, RegistryPrefixes: []string{"A"}, ExcludeRegistryPrefixes: []string{"A"},
		ResourceTypes: []string{"A"}, MessageIDs: []string{"A"}, ExcludeMessageIDs: []string{"A"},
		OriginResources: []string{"/a"}, Severities: []string{"OK"}, MetricReportDefinitions: []string{"/a"},
		SubordinateResources: ptr(true), IncludeOriginOfCondition: ptr(true), VerifyCertificate: ptr(true),
		SendHeartbeat: ptr(true), HeartbeatIntervalMinutes: ptr(int64(5)), Oem: json.RawMessage(`{"A":1}`),
	}
	if !ProvablyEqual(full, full) {
		t.Fatal("a subscription is not provably equal to itself")
	}
	var payload map[string]any
	b, _ := json.Marshal(Payload(full))
	_ = json.Unmarshal(b, &payload)
	for name := range payload {
		changed := full
		if !mutate(&changed, name) {
			t.Errorf("property %s: no mutation defined", name)
			continue
		}
		if ProvablyEqual(full, changed) {
			t.Errorf("property %s: a different value is still provably equal", name)
		}
	}
}

// mutate changes one property of s, named as in the payload.
func mutate(s *Subscription, name string) bool {
	switch name {
	case "Destination":
		s.Destination = "https://other/e"
	case "Context":
		s.Context = ptr("x")
	case "Protocol":
		s.Protocol = ptr("Kafka")
	case "SubscriptionType":
		s.SubscriptionType = ptr("SSE")
	case "EventFormatType":
		s.EventFormatType = ptr("MetricReport")
	case "DeliveryRetryPolicy":
		s.DeliveryRetryPolicy = ptr("SuspendRetries")
	case "OEMProtocol":
		s.OEMProtocol = ptr("b")
	case "OEMSubscriptionType":
		s.OEMSubscriptionType = ptr("b")
	case "EventTypes":
		s.EventTypes = []string{"StatusChange"}
	case "RegistryPrefixes":
		s.RegistryPrefixes = []string{"B"}
	case "ExcludeRegistryPrefixes":
		s.ExcludeRegistryPrefixes = []string{"B"}
	case "ResourceTypes":
		s.ResourceTypes = []string{"B"}
	case "MessageIds":
		s.MessageIDs = []string{"B"}
	case "ExcludeMessageIds":
		s.ExcludeMessageIDs = []string{"B"}
	case "OriginResources":
		s.OriginResources = []string{"/b"}
	case "Severities":
		s.Severities = []string{"Critical"}
	case "MetricReportDefinitions":
		s.MetricReportDefinitions = []string{"/b"}
	case "SubordinateResources":
		s.SubordinateResources = ptr(false)
	case "IncludeOriginOfCondition":
		s.IncludeOriginOfCondition = ptr(false)
	case "VerifyCertificate":
		s.VerifyCertificate = ptr(false)
	case "SendHeartbeat":
		s.SendHeartbeat = ptr(false)
	case "HeartbeatIntervalMinutes":
		s.HeartbeatIntervalMinutes = ptr(int64(6))
	case "Oem":
		s.Oem = json.RawMessage(`{"A":2}`)
	default:
		return false
	}
	return true
}

func TestFingerprint(t *testing.T) {
	a := Subscription{Destination: "https://u:******@h/e", Context: ptr("c"), State: "Enabled", Name: "x"}
	b := a
	b.State, b.Name = "Disabled", "y"
	if Fingerprint(a) != Fingerprint(b) {
		t.Error("status or name changed the fingerprint")
	}
	b.Context = ptr("d")
	if Fingerprint(a) == Fingerprint(b) {
		t.Error("another context has the same fingerprint")
	}
}

func TestRedactedURI(t *testing.T) {
	for in, want := range map[string]string{
		"https://u:p@h.example.com:8443/x?token=s": "https://h.example.com:8443",
		"https://h/x":            "https://h",
		"mailto:ops@example.com": "mailto:…",
		"":                       "…",
	} {
		if got := RedactedURI(in); got != want {
			t.Errorf("RedactedURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// ProvablyOurs: the recorded report, or provable equality; a foreign member
// at our id is neither.
func TestProvablyOurs(t *testing.T) {
	ours := Subscription{Destination: "https://h/e", Context: ptr("c")}
	masked := Subscription{ODataID: "/redfish/v1/EventService/Subscriptions/1", Destination: "https://h/******", Context: ptr("c")}
	foreign := Subscription{ODataID: "/redfish/v1/EventService/Subscriptions/1", Destination: "https://other/e", Context: ptr("x")}
	switch {
	case !ProvablyOurs(ours, ours, ""):
		t.Error("a provably equal member is ours")
	case !ProvablyOurs(ours, masked, Fingerprint(masked)):
		t.Error("the member whose report was recorded is ours")
	case ProvablyOurs(ours, masked, ""):
		t.Error("a masked member without a recorded report is not provably ours")
	case ProvablyOurs(ours, foreign, Fingerprint(masked)):
		t.Error("a foreign member at our id is not ours")
	}
}
