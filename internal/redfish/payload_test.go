package redfish

import (
	"encoding/json"
	"net/http"
	"reflect"
	"sort"
	"testing"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
	"github.com/bmc-events/terraform-provider-bmc/internal/schemacheck"
)

func ptr[T any](v T) *T { return &v }

// fullSubscription sets every property Payload knows.
func fullSubscription() Subscription {
	return Subscription{
		Destination:              "https://listener.example.com:8443/events",
		Context:                  ptr("rack-12"),
		Protocol:                 ptr("Redfish"),
		SubscriptionType:         ptr("RedfishEvent"),
		EventFormatType:          ptr("Event"),
		EventTypes:               []string{"Alert", "StatusChange"},
		RegistryPrefixes:         []string{"Base", "ResourceEvent"},
		ExcludeRegistryPrefixes:  []string{"TaskEvent"},
		ResourceTypes:            []string{"Chassis", "ComputerSystem"},
		MessageIDs:               []string{"ResourceEvent.1.4.ResourceStatusChangedCritical"},
		ExcludeMessageIDs:        []string{"Base.1.22.Success"},
		OriginResources:          []string{"/redfish/v1/Systems/1", "/redfish/v1/Chassis/1"},
		SubordinateResources:     ptr(true),
		IncludeOriginOfCondition: ptr(false),
		Severities:               []string{"Warning", "Critical"},
		MetricReportDefinitions:  []string{"/redfish/v1/TelemetryService/MetricReportDefinitions/PowerMetrics"},
		DeliveryRetryPolicy:      ptr("RetryForeverWithBackoff"),
		VerifyCertificate:        ptr(true),
		SendHeartbeat:            ptr(true),
		HeartbeatIntervalMinutes: ptr(int64(15)),
		Oem:                      json.RawMessage(`{"Contoso":{"Priority":2}}`),
		HTTPHeaders: []HTTPHeader{
			{Name: "Authorization", Value: "Bearer abc.def"},
			{Name: "X-Tenant", Value: "blue"},
		},
	}
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPayloadSendsOnlyWhatIsSet(t *testing.T) {
	got := Payload(Subscription{Destination: "https://l.example.com/e"})
	want := map[string]any{"Destination": "https://l.example.com/e", "Protocol": "Redfish"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Payload = %v, want %v", got, want)
	}

	// Explicit empties are the user's choice and are sent as such.
	got = Payload(Subscription{Destination: "d", Context: ptr(""), EventTypes: []string{}, Protocol: ptr("SNMPv2c")})
	b := string(marshal(t, got))
	if want := `{"Context":"","Destination":"d","EventTypes":[],"Protocol":"SNMPv2c"}`; b != want {
		t.Fatalf("Payload JSON = %s, want %s", b, want)
	}
}

func TestPayloadShapes(t *testing.T) {
	p := Payload(fullSubscription())
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(marshal(t, p), &doc); err != nil {
		t.Fatal(err)
	}
	wantNames := []string{
		"Context", "DeliveryRetryPolicy", "Destination", "EventFormatType", "EventTypes",
		"ExcludeMessageIds", "ExcludeRegistryPrefixes", "HeartbeatIntervalMinutes", "HttpHeaders",
		"IncludeOriginOfCondition", "MessageIds", "MetricReportDefinitions", "Oem", "OriginResources",
		"Protocol", "RegistryPrefixes", "ResourceTypes", "SendHeartbeat", "Severities",
		"SubordinateResources", "SubscriptionType", "VerifyCertificate",
	}
	var names []string
	for k := range doc {
		names = append(names, k)
	}
	sort.Strings(names)
	if !reflect.DeepEqual(names, wantNames) {
		t.Fatalf("properties = %v\nwant        %v", names, wantNames)
	}
	checks := map[string]string{
		// One object per header, header name as the property name (HttpHeaderProperty).
		"HttpHeaders":              `[{"Authorization":"Bearer abc.def"},{"X-Tenant":"blue"}]`,
		"OriginResources":          `[{"@odata.id":"/redfish/v1/Systems/1"},{"@odata.id":"/redfish/v1/Chassis/1"}]`,
		"MetricReportDefinitions":  `[{"@odata.id":"/redfish/v1/TelemetryService/MetricReportDefinitions/PowerMetrics"}]`,
		"Oem":                      `{"Contoso":{"Priority":2}}`,
		"HeartbeatIntervalMinutes": `15`,
		"IncludeOriginOfCondition": `false`,
		"MessageIds":               `["ResourceEvent.1.4.ResourceStatusChangedCritical"]`,
	}
	for name, want := range checks {
		if got := string(doc[name]); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
}

// TestPayloadMatchesDMTFSchema validates the full payload against
// EventDestination v1_16_0. The schema describes the resource, so the
// properties the BMC adds (@odata.id, Id, Name…) are added for validation.
func TestPayloadMatchesDMTFSchema(t *testing.T) {
	v := schemacheck.ForTest(t)
	const ref = "EventDestination.v1_16_0.json#/definitions/EventDestination"
	asResource := func(p map[string]any) []byte {
		doc := map[string]any{}
		for k, val := range p {
			doc[k] = val
		}
		doc["@odata.id"] = "/redfish/v1/EventService/Subscriptions/1"
		doc["@odata.type"] = "#EventDestination.v1_16_0.EventDestination"
		doc["Id"] = "1"
		doc["Name"] = "Subscription 1"
		return marshal(t, doc)
	}
	if err := v.Validate(ref, asResource(Payload(fullSubscription()))); err != nil {
		t.Fatalf("full payload: %v", err)
	}
	sub := fullSubscription()
	sub.Protocol = ptr("SNMPv3")
	sub.SubscriptionType = ptr("SNMPTrap")
	if err := v.Validate(ref, asResource(Payload(sub))); err != nil {
		t.Fatalf("SNMP payload: %v", err)
	}

	sub = Subscription{Destination: "https://l.example.com/e", Protocol: ptr("OEM"), OEMProtocol: ptr("ContosoPush"),
		SubscriptionType: ptr("OEM"), OEMSubscriptionType: ptr("ContosoStream"), Context: ptr("")}
	if err := v.Validate(ref, asResource(Payload(sub))); err != nil {
		t.Fatalf("OEM payload: %v", err)
	}

	// The validator must be able to fail: gofish's map-shaped HttpHeaders,
	// and an enum value outside the schema, are rejected.
	bad := Payload(fullSubscription())
	bad["HttpHeaders"] = map[string]string{"Authorization": "Bearer abc.def", "X-Tenant": "blue"}
	if err := v.Validate(ref, asResource(bad)); err == nil {
		t.Fatal("map-shaped HttpHeaders validated; the schema wants an array of objects")
	}
	bad = Payload(fullSubscription())
	bad["DeliveryRetryPolicy"] = "RetryALot"
	if err := v.Validate(ref, asResource(bad)); err == nil {
		t.Fatal("an unknown DeliveryRetryPolicy validated")
	}
}

// iLO documents HttpHeaders as one object; a BMC that answers the schema's
// array form with a 400 blaming HttpHeaders gets the create once more in
// the object form (the 400 created nothing), and every create after it.
func TestCreateRetriesHeadersAsObject(t *testing.T) {
	// The ilo5 profile takes HttpHeaders as one object (and requires
	// EventTypes); the first create gets the 400 iLO was seen to send.
	b := startRecordedSim(t, bmcsim.Options{Profile: "ilo5"})
	b.InjectFault(bmcsim.KindSubscriptionCreate, answer(http.StatusBadRequest, 1,
		`{"error":{"code":"iLO.0.10.ExtendedInfo","message":"See @Message.ExtendedInfo for more information.",`+
			`"@Message.ExtendedInfo":[{"MessageId":"Base.1.4.PropertyValueTypeError","MessageArgs":["[...]","HttpHeaders"]}]}}`))
	c := connectTo(t, simConfig(b, ""))
	ctx := testCtx(t)
	headers := []HTTPHeader{{Name: "Authorization", Value: "Bearer t"}, {Name: "X-Team", Value: "storage"}}
	alert := []string{"Alert"}
	for _, ctxName := range []string{"a", "b"} {
		if _, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e", Context: ptr(ctxName), EventTypes: alert, HTTPHeaders: headers}); err != nil {
			t.Fatal(err)
		}
	}
	if n := b.CountRequests(http.MethodPost, simSubs, false); n != 3 {
		t.Fatalf("POSTs = %d, want the refused one and one per create", n)
	}
	sent := posted(t, b)
	if _, ok := sent[0]["HttpHeaders"].([]any); !ok {
		t.Errorf("the first create sent HttpHeaders %#v, want the schema's array", sent[0]["HttpHeaders"])
	}
	for i, p := range sent[1:] { // the ones the BMC acted on
		obj, ok := p["HttpHeaders"].(map[string]any)
		if !ok || obj["Authorization"] != "Bearer t" || obj["X-Team"] != "storage" {
			t.Errorf("create %d sent HttpHeaders %#v, want one object", i, p["HttpHeaders"])
		}
	}
	if n := len(b.Subscriptions()); n != 2 {
		t.Errorf("the BMC holds %d subscriptions, want 2", n)
	}
	// A 400 that blames another property is not retried.
	b.InjectFault(bmcsim.KindSubscriptionCreate, answer(http.StatusBadRequest, 1,
		`{"error":{"@Message.ExtendedInfo":[{"MessageId":"Base.1.4.PropertyValueNotInList","RelatedProperties":["#/Context"]}]}}`))
	if _, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e", Context: ptr("c"), EventTypes: alert, HTTPHeaders: headers}); err == nil {
		t.Fatal("a 400 about Context was retried into success")
	}
	if n := b.CountRequests(http.MethodPost, simSubs, false); n != 4 {
		t.Fatalf("POSTs = %d after a 400 about Context, want 4", n)
	}
}
