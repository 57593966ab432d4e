package bmcsim

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestOpenBMCCreateRules(t *testing.T) {
	b := startBMC(t, Options{Profile: "openbmc"})
	c := newClient(t, b)
	post := func(extra map[string]any) string {
		body := map[string]any{"Destination": "https://127.0.0.1:9/e", "Protocol": "Redfish"}
		for k, v := range extra {
			body[k] = v
		}
		return firstID(t, c, http.MethodPost, pathSubscriptions, body, http.StatusBadRequest)
	}
	bigHeaders := []map[string]string{{"X-A": strings.Repeat("a", 4000)}, {"X-B": strings.Repeat("b", 4100)}}
	for name, tc := range map[string]struct {
		extra map[string]any
		want  string
	}{
		"EventTypes unknown":         {map[string]any{"EventTypes": []string{"Alert"}}, "PropertyUnknown"},
		"Severities unknown":         {map[string]any{"Severities": []string{"OK"}}, "PropertyUnknown"},
		"read-only is unknown too":   {map[string]any{"Id": "1"}, "PropertyUnknown"},
		"userinfo":                   {map[string]any{"Destination": "https://u:p@127.0.0.1:9/e"}, "PropertyValueFormatError"},
		"relative destination":       {map[string]any{"Destination": "/events"}, "PropertyValueFormatError"},
		"context over 256":           {map[string]any{"Context": strings.Repeat("c", 257)}, "StringValueTooLong"},
		"destination over 2000":      {map[string]any{"Destination": "https://h/" + strings.Repeat("d", 2000)}, "StringValueTooLong"},
		"headers over 8096":          {map[string]any{"HttpHeaders": bigHeaders}, "ArraySizeTooLong"},
		"MessageIds with prefixes":   {map[string]any{"MessageIds": []string{"Created"}, "RegistryPrefixes": []string{"Base"}}, "PropertyValueConflict"},
		"MessageIds versioned":       {map[string]any{"MessageIds": []string{"Base.1.0.Created"}}, "PropertyValueNotInList"},
		"prefix not supported":       {map[string]any{"RegistryPrefixes": []string{"ResourceEvent"}}, "PropertyValueNotInList"},
		"resource type not in list":  {map[string]any{"ResourceTypes": []string{"Chassis"}}, "PropertyValueNotInList"},
		"SMTP not supported":         {map[string]any{"Protocol": "SMTP", "Destination": "mailto:a@b"}, "PropertyValueNotInList"},
		"SNMPv2c with Context":       {map[string]any{"Protocol": "SNMPv2c", "Destination": "snmp://h", "Context": "c"}, "PropertyValueConflict"},
		"SNMPv2c with https":         {map[string]any{"Protocol": "SNMPv2c", "Destination": "https://h"}, "PropertyValueConflict"},
		"backoff policy unsupported": {map[string]any{"DeliveryRetryPolicy": "RetryForeverWithBackoff"}, "PropertyValueNotInList"},
		"heartbeat interval 0":       {map[string]any{"HeartbeatIntervalMinutes": 0}, "PropertyValueOutOfRange"},
		"header value not a string":  {map[string]any{"HttpHeaders": []map[string]any{{"X-A": 1}}}, "PropertyValueTypeError"},
	} {
		if got := post(tc.extra); got != "Base.1.22."+tc.want {
			t.Errorf("%s: %s, want %s", name, got, tc.want)
		}
	}
	// Any absolute URI since 2023; heartbeat prefixes and types since 2024;
	// headers up to 8096; SNMPv2c with snmp:// as a trap client.
	for _, body := range []map[string]any{
		{"Destination": "http://127.0.0.1:9/e", "Protocol": "Redfish"},
		{"Destination": "kafka://broker:9092/t", "Protocol": "Redfish"},
		{"Destination": "https://127.0.0.1:9/e", "Protocol": "Redfish", "RegistryPrefixes": []string{"HeartbeatEvent"}, "ResourceTypes": []string{"Heartbeat"}, "SendHeartbeat": true, "HeartbeatIntervalMinutes": 5},
		{"Destination": "https://127.0.0.1:9/e", "Protocol": "Redfish", "HttpHeaders": []map[string]string{{"X-A": strings.Repeat("a", 8000)}}},
	} {
		c.expect(http.MethodPost, pathSubscriptions, body, http.StatusCreated)
	}
	snmp := c.expect(http.MethodPost, pathSubscriptions, map[string]any{"Destination": "snmp://192.0.2.1:162", "Protocol": "SNMPv2c"}, http.StatusCreated)
	if loc := snmp.header.Get("Location"); loc != pathSubscriptions+"/snmp1" {
		t.Errorf("SNMPv2c trap client at %q, want snmp1", loc)
	}
}

func TestOpenBMCAnswersAndReadBack(t *testing.T) {
	b := startBMC(t, Options{Profile: "openbmc"})
	c := newClient(t, b)
	r := c.expect(http.MethodPost, pathSubscriptions, map[string]any{
		"Destination": "HTTPS://Listener.Example.COM/%7eev/%2f", "Protocol": "Redfish",
		"Context": strings.Repeat("c", 256), "MessageIds": []string{"TaskStarted", "Created"},
		"OriginResources": []map[string]string{{"@odata.id": "/redfish/v1/Systems/1"}},
	}, http.StatusCreated)
	conformsMessages(t, r.body)
	loc := r.header.Get("Location")
	if !regexp.MustCompile(`^/redfish/v1/EventService/Subscriptions/\d+$`).MatchString(loc) {
		t.Errorf("Location %q: want a relative path ending in bmcweb's random number", loc)
	}
	m := c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t)
	// setPortDefaults and set_path("/") after url::normalize: the stored
	// URI (where events go) is the client's.
	if m["Destination"] != "https://listener.example.com:443/~ev/%2F" {
		t.Errorf("Destination read back %v", m["Destination"])
	}
	if s := b.Subscriptions()[0]; s.Destination != "HTTPS://Listener.Example.COM/%7eev/%2f" {
		t.Errorf("stored %q", s.Destination)
	}
	for _, arr := range []string{"HttpHeaders", "RegistryPrefixes", "ResourceTypes", "MetricReportDefinitions"} {
		if v, ok := m[arr].([]any); !ok || len(v) != 0 {
			t.Errorf("%s = %v, bmcweb renders []", arr, m[arr])
		}
	}
	for _, absent := range []string{"Status", "OriginResources"} {
		if _, ok := m[absent]; ok {
			t.Errorf("bmcweb renders no %s: %v", absent, m[absent])
		}
	}
	if m["DeliveryRetryPolicy"] != "TerminateAfterRetries" || m["SendHeartbeat"] != false || m["VerifyCertificate"] != true || m["HeartbeatIntervalMinutes"] != nil {
		t.Errorf("defaults read back: %v", m)
	}

	p := c.expect(http.MethodPatch, loc, map[string]any{"Context": "x", "SendHeartbeat": true, "HeartbeatIntervalMinutes": 2}, http.StatusOK)
	if len(p.body) != 0 {
		t.Errorf("PATCH answered a body: %s", p.body)
	}
	if id := firstID(t, c, http.MethodPatch, loc, map[string]any{"EventFormatType": "Event"}, http.StatusBadRequest); id != "Base.1.22.PropertyUnknown" {
		t.Errorf("PATCH EventFormatType: %s", id)
	}
	if id := firstID(t, c, http.MethodPatch, pathEventService, map[string]any{"DeliveryRetryAttempts": 5}, http.StatusBadRequest); id != "Base.1.22.PropertyValueOutOfRange" {
		t.Errorf("EventService PATCH: %s", id)
	}

	for _, method := range []string{http.MethodGet, http.MethodPatch} {
		if nf := c.expect(method, pathSubscriptions+"/12345", map[string]any{"Context": "x"}, http.StatusNotFound); len(nf.body) != 0 {
			t.Errorf("%s of an unknown member answered a body: %s", method, nf.body)
		}
	}
	// Session idle timeout 30 minutes (bmcweb dc414b50c1, per issue #9).
	if ss := c.expect(http.MethodGet, pathSessionService, nil, http.StatusOK).json(t); ss["SessionTimeout"] != 1800.0 {
		t.Errorf("SessionTimeout %v, want 1800", ss["SessionTimeout"])
	}
	del := c.expect(http.MethodDelete, loc, nil, http.StatusOK)
	if ids := messageListIDs(t, del.body); len(ids) != 1 || ids[0] != "Base.1.22.Success" {
		t.Errorf("DELETE: %s", del.body)
	}
	if id := firstID(t, c, http.MethodDelete, loc, nil, http.StatusNotFound); id != "Base.1.22.ResourceNotFound" {
		t.Errorf("DELETE of an unknown member: %s", id)
	}
}
