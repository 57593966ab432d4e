package bmcsim

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// Create validation from EventDestination.v1_16_0 under the dmtf profile.
func TestCreateValidationDMTF(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	long := strings.Repeat("x", 3000)
	for _, tc := range []struct {
		name    string
		body    any
		id      string // MessageId of the first message
		related string
	}{
		{"no destination", map[string]any{"Protocol": "Redfish"}, "PropertyMissing", "#/Destination"},
		{"no protocol", map[string]any{"Destination": "https://h/e"}, "PropertyMissing", "#/Protocol"},
		{"empty object", map[string]any{}, "GeneralError", ""},
		{"unknown property", with(map[string]any{"Colour": "blue"}), "PropertyUnknown", "#/Colour"},
		{"read-only Id", with(map[string]any{"Id": "7"}), "PropertyNotWritable", "#/Id"},
		{"read-only Status", with(map[string]any{"Status": map[string]any{"State": "Enabled"}}), "PropertyNotWritable", "#/Status"},
		{"read-only @odata.id", with(map[string]any{"@odata.id": "/x"}), "PropertyNotWritable", "#/@odata.id"},
		{"protocol wrong type", map[string]any{"Destination": "https://h/e", "Protocol": 5}, "PropertyValueTypeError", "#/Protocol"},
		{"protocol not in enum", map[string]any{"Destination": "https://h/e", "Protocol": "Carrier-Pigeon"}, "PropertyValueNotInList", "#/Protocol"},
		{"context wrong type", with(map[string]any{"Context": 12}), "PropertyValueTypeError", "#/Context"},
		{"event type not in enum", with(map[string]any{"EventTypes": []string{"Alert", "Gossip"}}), "PropertyValueNotInList", "#/EventTypes/1"},
		{"event types not array", with(map[string]any{"EventTypes": "Alert"}), "PropertyValueTypeError", "#/EventTypes"},
		{"severity not health", with(map[string]any{"Severities": []string{"Fatal"}}), "PropertyValueNotInList", "#/Severities/0"},
		{"retry policy not in enum", with(map[string]any{"DeliveryRetryPolicy": "Never"}), "PropertyValueNotInList", "#/DeliveryRetryPolicy"},
		{"verify not bool", with(map[string]any{"VerifyCertificate": "yes"}), "PropertyValueTypeError", "#/VerifyCertificate"},
		{"heartbeat out of range", with(map[string]any{"HeartbeatIntervalMinutes": 0}), "PropertyValueOutOfRange", "#/HeartbeatIntervalMinutes"},
		{"heartbeat not integer", with(map[string]any{"HeartbeatIntervalMinutes": 1.5}), "PropertyValueTypeError", "#/HeartbeatIntervalMinutes"},
		{"origin not idref", with(map[string]any{"OriginResources": []string{"/redfish/v1/Systems/1"}}), "PropertyValueTypeError", "#/OriginResources/0"},
		{"headers as object (gofish style)", with(map[string]any{"HttpHeaders": map[string]string{"A": "b"}}), "PropertyValueTypeError", "#/HttpHeaders"},
		{"header value not string", with(map[string]any{"HttpHeaders": []any{map[string]any{"A": 1}}}), "PropertyValueTypeError", "#/HttpHeaders/0/A"},
		{"header name not a token", with(map[string]any{"HttpHeaders": []any{map[string]any{"Bad Name": "v"}}}), "PropertyValueFormatError", "#/HttpHeaders/0"},
		{"relative destination", map[string]any{"Destination": "/events", "Protocol": "Redfish"}, "PropertyValueFormatError", "#/Destination"},
		{"ftp destination for Redfish", map[string]any{"Destination": "ftp://h/e", "Protocol": "Redfish"}, "PropertyValueFormatError", "#/Destination"},
		{"userinfo in destination", map[string]any{"Destination": "https://u:p@h/e", "Protocol": "Redfish"}, "PropertyValueFormatError", "#/Destination"},
		{"syslog without syslog://", map[string]any{"Destination": "https://h", "Protocol": "SyslogUDP"}, "PropertyValueFormatError", "#/Destination"},
		{"SSE by POST", with(map[string]any{"SubscriptionType": "SSE"}), "PropertyValueNotInList", "#/SubscriptionType"},
		{"type contradicts protocol", with(map[string]any{"SubscriptionType": "Syslog"}), "PropertyValueConflict", "#/SubscriptionType"},
		{"OEM protocol without OEMProtocol", map[string]any{"Destination": "x-oem://h", "Protocol": "OEM"}, "PropertyMissing", "#/OEMProtocol"},
		{"malformed JSON", `{"Destination": `, "MalformedJSON", ""},
		{"not an object", `["Destination"]`, "MalformedJSON", ""},
		{"trailing garbage", `{"Destination":"https://h/e","Protocol":"Redfish"} {}`, "MalformedJSON", ""},
		{"long destination is fine in dmtf", map[string]any{"Destination": "https://h/" + long, "Protocol": "Redfish", "Context": long}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.do(http.MethodPost, pathSubscriptions, tc.body)
			if tc.id == "" {
				if r.status != http.StatusCreated {
					t.Fatalf("status %d: %s", r.status, r.body)
				}
				return
			}
			if r.status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", r.status, r.body)
			}
			conforms(t, refError, r.body)
			ids := r.messageIDs(t)
			if tc.id == "GeneralError" {
				if len(ids) < 2 || r.json(t)["error"].(map[string]any)["code"] != "Base.1.22.GeneralError" {
					t.Errorf("want several messages under GeneralError, got %v", ids)
				}
				return
			}
			if ids[0] != "Base.1.22."+tc.id {
				t.Errorf("MessageIds %v, want Base.1.22.%s first", ids, tc.id)
			}
			if tc.related != "" && !strings.Contains(string(r.body), `"RelatedProperties":["`+tc.related+`"]`) {
				t.Errorf("RelatedProperties %s missing: %s", tc.related, r.body)
			}
		})
	}
	if n := len(b.Subscriptions()); n != 1 {
		t.Errorf("%d subscriptions stored, only the valid create should be", n)
	}
}

// with is a valid create body plus extra properties.
func with(extra map[string]any) map[string]any {
	m := map[string]any{"Destination": "https://h/e", "Protocol": "Redfish"}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// Every settable property of the schema is accepted and read back.
func TestCreateAcceptsEveryPropertyDMTF(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	body := map[string]any{
		"Destination": "https://127.0.0.1:9/e", "Protocol": "Redfish", "Context": "all",
		"Name": "mine", "Description": "every property", "SubscriptionType": "RedfishEvent",
		"EventFormatType": "Event", "DeliveryRetryPolicy": "RetryForever",
		"EventTypes": []string{"Alert"}, "RegistryPrefixes": []string{"Base"},
		"ExcludeRegistryPrefixes": []string{"Task"}, "ResourceTypes": []string{"Chassis"},
		"MessageIds": []string{"ResourceEvent.ResourceCreated"}, "ExcludeMessageIds": []string{"Base.Success"},
		"OriginResources":      []map[string]string{{"@odata.id": "/redfish/v1/Chassis/1"}},
		"SubordinateResources": true, "IncludeOriginOfCondition": false, "VerifyCertificate": false,
		"SendHeartbeat": true, "HeartbeatIntervalMinutes": 5, "Severities": []string{"Critical", "Warning"},
		"MetricReportDefinitions": []map[string]string{{"@odata.id": "/redfish/v1/TelemetryService/MetricReportDefinitions/A"}},
		"BackupDestinations":      []string{"https://127.0.0.1:9/backup"},
		"HttpHeaders":             []map[string]string{{"X-Key": "v"}}, "Oem": map[string]any{"Contoso": map[string]any{"Flag": true}},
		"SyslogFilters": []map[string]any{{"LowestSeverity": "Warning"}},
	}
	r := c.expect(http.MethodPost, pathSubscriptions, body, http.StatusCreated)
	conforms(t, refDestination, r.body)
	m := r.json(t)
	for k, v := range body {
		if k == "HttpHeaders" {
			continue
		}
		if _, ok := m[k]; !ok {
			t.Errorf("%s (%v) not read back", k, v)
		}
	}
	s := b.Subscriptions()[0]
	if !slices.Equal(s.OriginResources, []string{"/redfish/v1/Chassis/1"}) || *s.HeartbeatIntervalMinutes != 5 || !*s.SubordinateResources {
		t.Errorf("stored: %+v", s)
	}
	if len(s.Set) != len(body) {
		t.Errorf("Set has %d properties, body had %d: %v", len(s.Set), len(body), s.Set)
	}
}

func TestMessagesSortedByProperty(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	r := c.expect(http.MethodPost, pathSubscriptions, map[string]any{"Zeta": 1, "Alpha": 2, "Destination": "https://h", "Protocol": "Redfish"}, http.StatusBadRequest)
	if !strings.Contains(string(r.body), "#/Alpha") || strings.Index(string(r.body), "#/Alpha") > strings.Index(string(r.body), "#/Zeta") {
		t.Errorf("messages not in property order: %s", r.body)
	}
}

func TestDestinationFits(t *testing.T) {
	for _, tc := range []struct {
		dest, proto           string
		https, userinfo, want bool
	}{
		{"https://h/e", "Redfish", true, false, true},
		{"http://h/e", "Redfish", false, false, true},
		{"http://h/e", "Redfish", true, false, false},
		{"https:///e", "Redfish", false, false, false},
		{"mailto:a@b", "SMTP", false, false, true},
		{"https://h", "SMTP", false, false, false},
		{"snmp://h:162", "SNMPv2c", false, false, true},
		{"syslog://h:514", "SyslogTCP", false, false, true},
		{"kafka://broker:9092", "Kafka", false, false, true},
		{"relative/path", "Kafka", false, false, false},
		{"https://u:p@h/e", "Redfish", false, false, false},
		{"https://u:p@h/e", "Redfish", false, true, true},
	} {
		if got := destinationFits(tc.dest, tc.proto, tc.https, tc.userinfo); got != tc.want {
			t.Errorf("destinationFits(%q, %s, https=%v, userinfo=%v) = %v", tc.dest, tc.proto, tc.https, tc.userinfo, got)
		}
	}
}
