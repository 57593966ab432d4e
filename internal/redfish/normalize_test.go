package redfish

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestNormalizeEndpoint(t *testing.T) {
	ok := map[string]string{
		"https://10.0.0.5":                   "https://10.0.0.5",
		" https://10.0.0.5/ ":                "https://10.0.0.5",
		"https://BMC.Example.com/redfish/v1": "https://bmc.example.com",
		"https://bmc/redfish/v1/":            "https://bmc",
		"https://bmc:443":                    "https://bmc",
		"http://bmc:80/":                     "http://bmc",
		"https://bmc:8443":                   "https://bmc:8443",
		"HTTPS://bmc":                        "https://bmc",
		"https://[fe80::1]:8443":             "https://[fe80::1]:8443",
		"https://[fe80::1]":                  "https://[fe80::1]",
	}
	for in, want := range ok {
		got, err := NormalizeEndpoint(in)
		if err != nil || got != want {
			t.Errorf("NormalizeEndpoint(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := []string{"", "10.0.0.5", "ftp://bmc", "https://", "https://bmc/other", "https://bmc?x=1",
		"https://admin:pw@bmc"}
	for _, in := range bad {
		if got, err := NormalizeEndpoint(in); err == nil {
			t.Errorf("NormalizeEndpoint(%q) = %q, want an error", in, got)
		}
	}
	// Credentials in the URL must not be echoed in the error.
	if _, err := NormalizeEndpoint("https://admin:hunter2@bmc"); err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error %v echoes the password", err)
	}
}

func TestNormalizeODataID(t *testing.T) {
	cases := map[string]string{
		"/redfish/v1/EventService/Subscriptions/5":                  "/redfish/v1/EventService/Subscriptions/5",
		"/redfish/v1/EventService/Subscriptions/5/":                 "/redfish/v1/EventService/Subscriptions/5",
		"https://10.0.0.5/redfish/v1/EventService/Subscriptions/5":  "/redfish/v1/EventService/Subscriptions/5",
		"https://bmc:8443/redfish/v1/EventService/Subscriptions/5/": "/redfish/v1/EventService/Subscriptions/5",
		"/redfish/v1/": "/redfish/v1",
		"":             "",
		"/":            "/",
		// Whitespace left at the end by the cut of a query, or among
		// trailing slashes (FuzzParseSubscription found the first).
		"/redfish/v1/EventService/Subscriptions/5\v?x": "/redfish/v1/EventService/Subscriptions/5",
		"/redfish/v1/EventService/Subscriptions/5 /":   "/redfish/v1/EventService/Subscriptions/5",
		"/ ?x": "/",
	}
	for in, want := range cases {
		got := NormalizeODataID(in)
		if got != want {
			t.Errorf("NormalizeODataID(%q) = %q, want %q", in, got, want)
		}
		if again := NormalizeODataID(got); again != got {
			t.Errorf("NormalizeODataID(%q) = %q: not its own normal form", got, again)
		}
	}
}

func TestParseSubscriptionURL(t *testing.T) {
	type result struct{ endpoint, id string }
	ok := map[string]result{
		"https://bmc/redfish/v1/EventService/Subscriptions/5":            {"https://bmc", "/redfish/v1/EventService/Subscriptions/5"},
		"https://10.0.0.5:8443/redfish/v1/EventService/Subscriptions/5/": {"https://10.0.0.5:8443", "/redfish/v1/EventService/Subscriptions/5"},
		"/redfish/v1/EventService/Subscriptions/5":                       {"", "/redfish/v1/EventService/Subscriptions/5"},
		" /redfish/v1/EventService/Subscriptions/abc-1 ":                 {"", "/redfish/v1/EventService/Subscriptions/abc-1"},
		"http://BMC/redfish/v1/Managers/1/EventService/Subscriptions/2":  {"http://bmc", "/redfish/v1/Managers/1/EventService/Subscriptions/2"},
	}
	for in, want := range ok {
		ep, id, err := ParseSubscriptionURL(in)
		if err != nil || ep != want.endpoint || id != want.id {
			t.Errorf("ParseSubscriptionURL(%q) = %q, %q, %v; want %q, %q", in, ep, id, err, want.endpoint, want.id)
		}
	}
	bad := []string{
		"5", "Subscriptions/5", "bmc/redfish/v1/EventService/Subscriptions/5", "https://bmc",
		"https://bmc/redfish/v1", "/redfish/v1/EventService", "/other/EventService/Subscriptions/5",
		"ftp://bmc/redfish/v1/EventService/Subscriptions/5", "/redfish/v1/EventService/Subscriptions/5?x=1",
		"/redfish/v1/EventService/../Subscriptions/5", "",
	}
	for _, in := range bad {
		_, _, err := ParseSubscriptionURL(in)
		if err == nil {
			t.Errorf("ParseSubscriptionURL(%q): no error", in)
			continue
		}
		// The error shows both accepted forms.
		msg := err.Error()
		if !strings.Contains(msg, "https://10.0.0.5/redfish/v1/EventService/Subscriptions/5") ||
			!strings.Contains(msg, "e.g. /redfish/v1/EventService/Subscriptions/5") {
			t.Errorf("ParseSubscriptionURL(%q) error does not show both forms: %v", in, err)
		}
	}
}

func TestResolveLocation(t *testing.T) {
	const coll = "/redfish/v1/EventService/Subscriptions"
	cases := map[string]string{
		"https://10.0.0.5/redfish/v1/EventService/Subscriptions/7":      coll + "/7",
		"https://10.0.0.5:443/redfish/v1/EventService/Subscriptions/7/": coll + "/7",
		"/redfish/v1/EventService/Subscriptions/7/":                     coll + "/7",
		"redfish/v1/EventService/Subscriptions/7":                       coll + "/7",
		"7": coll + "/7",
		"":  "",
	}
	for in, want := range cases {
		if got := resolveLocation(in, coll); got != want {
			t.Errorf("resolveLocation(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseSubscriptionNormalises(t *testing.T) {
	body := `{
		"@odata.id": "https://10.0.0.5/redfish/v1/EventService/Subscriptions/5/",
		"@odata.type": "#EventDestination.v1_9_0.EventDestination",
		"Name": "Sub 5",
		"Destination": "https://listener.example.com/events",
		"Context": "",
		"Protocol": "redfish",
		"SubscriptionType": "REDFISHEVENT",
		"EventTypes": ["alert", "StatusChange", null],
		"Severities": ["critical"],
		"RegistryPrefixes": [],
		"MessageIds": ["Base.1.0.Foo"],
		"OriginResources": [{"@odata.id": "/redfish/v1/Systems/1/"}, "/redfish/v1/Chassis/1"],
		"MetricReportDefinitions": [{"@odata.id": "https://10.0.0.5/redfish/v1/TelemetryService/MetricReportDefinitions/X/"}],
		"DeliveryRetryPolicy": "retryforever",
		"HttpHeaders": [{"Authorization": "Bearer should-never-be-read"}],
		"VerifyCertificate": "yes",
		"SendHeartbeat": false,
		"HeartbeatIntervalMinutes": 5.0,
		"Oem": {"Vendor": {"A": 1}},
		"UnknownVendorThing": {"x": 1},
		"Status": {"State": "Disabled", "Health": "OK"}
	}`
	got, err := parseSubscription([]byte(body), "")
	if err != nil {
		t.Fatal(err)
	}
	want := &Subscription{
		ODataID:                  "/redfish/v1/EventService/Subscriptions/5",
		ID:                       "5", // from the path: the BMC sent no Id
		Name:                     "Sub 5",
		Destination:              "https://listener.example.com/events",
		Protocol:                 ptr("Redfish"),
		SubscriptionType:         ptr("RedfishEvent"),
		EventTypes:               []string{"Alert", "StatusChange"},
		Severities:               []string{"Critical"},
		RegistryPrefixes:         []string{},
		MessageIDs:               []string{"Base.1.0.Foo"},
		OriginResources:          []string{"/redfish/v1/Systems/1", "/redfish/v1/Chassis/1"},
		MetricReportDefinitions:  []string{"/redfish/v1/TelemetryService/MetricReportDefinitions/X"},
		DeliveryRetryPolicy:      ptr("RetryForever"),
		SendHeartbeat:            ptr(false),
		HeartbeatIntervalMinutes: ptr(int64(5)),
		Oem:                      json.RawMessage(`{"Vendor": {"A": 1}}`),
		State:                    "Disabled",
	}
	if !reflect.DeepEqual(got, want) {
		gb, _ := json.MarshalIndent(got, "", " ")
		wb, _ := json.MarshalIndent(want, "", " ")
		t.Fatalf("parsed\n%s\nwant\n%s", gb, wb)
	}
	// Context "" and null are both "no context"; absent properties are nil.
	for _, body := range []string{`{"Context": null, "Destination": "https://x"}`, `{"@odata.type": "#EventDestination.v1_0_0.EventDestination"}`} {
		s, err := parseSubscription([]byte(body), "/redfish/v1/EventService/Subscriptions/9/")
		if err != nil {
			t.Fatal(err)
		}
		if s.Context != nil || s.EventFormatType != nil || s.EventTypes != nil || s.HTTPHeaders != nil || s.Oem != nil {
			t.Errorf("%s parsed to %+v", body, s)
		}
		if s.ODataID != "/redfish/v1/EventService/Subscriptions/9" || s.ID != "9" {
			t.Errorf("fallback id: %q %q", s.ODataID, s.ID)
		}
	}
	// Not an EventDestination: an error, never a subscription without
	// properties (which Read would take for someone else's).
	for _, body := range []string{`[1]`, ``, ` `, `{}`, `null`,
		`{"error": {"code": "Base.1.8.GeneralError", "message": "busy"}}`,
		`{"@odata.type": "#ComputerSystem.v1_20_0.ComputerSystem", "Id": "1"}`} {
		if s, err := parseSubscription([]byte(body), "/redfish/v1/Systems/1"); err == nil {
			t.Errorf("%q parsed as a subscription: %+v", body, s)
		}
	}
	_, err = parseSubscription([]byte(`{"@odata.type": "#ManagerAccount.v1_12_0.ManagerAccount"}`), "/redfish/v1/AccountService/Accounts/2")
	var ns *NotSubscriptionError
	if !errors.As(err, &ns) || ns.Path != "/redfish/v1/AccountService/Accounts/2" || !strings.Contains(err.Error(), "ManagerAccount") {
		t.Errorf("account: %v", err)
	}
}

func TestParseEventService(t *testing.T) {
	body := `{
		"@odata.id": "/redfish/v1/EventService/",
		"DeliveryRetryAttempts": 3,
		"EventTypesForSubscription": ["statuschange", "Alert"],
		"ExcludeMessageId": true,
		"Subscriptions": {"@odata.id": "/redfish/v1/EventService/Subscriptions/"},
		"Actions": {"#EventService.SubmitTestEvent": {"target": "https://bmc/redfish/v1/EventService/Actions/EventService.SubmitTestEvent"}}
	}`
	es, err := parseEventService([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := &EventService{
		ODataID:                   "/redfish/v1/EventService",
		ServiceEnabled:            true, // absent counts as enabled
		DeliveryRetryAttempts:     ptr(int64(3)),
		EventTypesForSubscription: []string{"StatusChange", "Alert"},
		ExcludeMessageIDSupported: ptr(true),
		SubscriptionsURI:          "/redfish/v1/EventService/Subscriptions",
		SubmitTestEventTarget:     "/redfish/v1/EventService/Actions/EventService.SubmitTestEvent",
	}
	if !reflect.DeepEqual(es, want) {
		t.Fatalf("parsed %+v\nwant   %+v", es, want)
	}
	es, _ = parseEventService([]byte(`{"ServiceEnabled": false}`))
	if es.ServiceEnabled {
		t.Error("ServiceEnabled false read as true")
	}
}
