package bmcsim

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// firstID is the first MessageId of an error answer with the given status.
func firstID(t *testing.T, c *client, method, path string, body any, status int) string {
	t.Helper()
	r := c.expect(method, path, body, status)
	conforms(t, refError, r.body)
	return r.messageIDs(t)[0]
}

func TestProfileNamesAndLookup(t *testing.T) {
	want := []string{"dmtf", "idrac", "ilo5", "minimal", "openbmc", "xcc"}
	if got := ProfileNames(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("ProfileNames() = %v", got)
	}
	if _, err := Start(Options{Profile: "supermicro"}); err == nil || !strings.Contains(err.Error(), "dmtf") {
		t.Errorf("unknown profile: %v", err)
	}
	p, _ := LookupProfile("openbmc")
	p.MaxSubscriptions = 1
	if q, _ := LookupProfile("openbmc"); q.MaxSubscriptions != 20 {
		t.Error("LookupProfile must return a copy")
	}
}

func TestDMTFCreateLimit(t *testing.T) {
	b := startBMC(t, Options{MaxSubscriptions: 2})
	c := newClient(t, b)
	c.create(redfishDest("https://127.0.0.1:9/a"))
	c.create(redfishDest("https://127.0.0.1:9/a")) // dmtf allows duplicates
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, redfishDest("https://127.0.0.1:9/b"), http.StatusBadRequest); id != "Base.1.22.CreateLimitReachedForResource" {
		t.Errorf("limit: %s", id)
	}
	if p, _ := LookupProfile("dmtf"); p.MaxSubscriptions != 100 {
		t.Errorf("dmtf default cap %d", p.MaxSubscriptions)
	}
}

func TestOpenBMCRules(t *testing.T) {
	b := startBMC(t, Options{Profile: "openbmc"})
	c := newClient(t, b)
	post := func(extra map[string]any) string {
		body := map[string]any{"Destination": "https://127.0.0.1:9/e", "Protocol": "Redfish"}
		for k, v := range extra {
			body[k] = v
		}
		return firstID(t, c, http.MethodPost, pathSubscriptions, body, http.StatusBadRequest)
	}
	for name, tc := range map[string]struct {
		extra map[string]any
		want  string
	}{
		"EventTypes unknown":          {map[string]any{"EventTypes": []string{"Alert"}}, "PropertyUnknown"},
		"Severities unknown":          {map[string]any{"Severities": []string{"OK"}}, "PropertyUnknown"},
		"read-only is unknown too":    {map[string]any{"Id": "1"}, "PropertyUnknown"},
		"http destination":            {map[string]any{"Destination": "http://127.0.0.1:9/e"}, "PropertyValueFormatError"},
		"context over 256":            {map[string]any{"Context": strings.Repeat("c", 257)}, "StringValueTooLong"},
		"destination over 2000":       {map[string]any{"Destination": "https://h/" + strings.Repeat("d", 2000)}, "StringValueTooLong"},
		"MessageIds with prefixes":    {map[string]any{"MessageIds": []string{"Created"}, "RegistryPrefixes": []string{"Base"}}, "PropertyValueConflict"},
		"MessageIds versioned":        {map[string]any{"MessageIds": []string{"Base.1.0.Created"}}, "PropertyValueNotInList"},
		"prefix not supported":        {map[string]any{"RegistryPrefixes": []string{"ResourceEvent"}}, "PropertyValueNotInList"},
		"resource type not in list":   {map[string]any{"ResourceTypes": []string{"Chassis"}}, "PropertyValueNotInList"},
		"protocol other than Redfish": {map[string]any{"Protocol": "SNMPv2c", "Destination": "snmp://h"}, "PropertyValueNotInList"},
		"backoff policy unsupported":  {map[string]any{"DeliveryRetryPolicy": "RetryForeverWithBackoff"}, "PropertyValueNotInList"},
	} {
		if got := post(tc.extra); got != "Base.1.22."+tc.want {
			t.Errorf("%s: %s, want %s", name, got, tc.want)
		}
	}
	// Context of exactly 256 and MessageIds as bare keys are fine.
	r := c.expect(http.MethodPost, pathSubscriptions, map[string]any{
		"Destination": "https://127.0.0.1:9/e", "Protocol": "Redfish",
		"Context": strings.Repeat("c", 256), "MessageIds": []string{"TaskStarted", "Created"},
	}, http.StatusCreated)
	conformsMessages(t, r.body)
	loc := r.header.Get("Location")
	if !regexp.MustCompile(`^/redfish/v1/EventService/Subscriptions/\d+$`).MatchString(loc) {
		t.Errorf("Location %q: want a relative path ending in bmcweb's random number", loc)
	}
	m := c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t)
	for _, arr := range []string{"HttpHeaders", "RegistryPrefixes", "ResourceTypes", "MetricReportDefinitions"} {
		if v, ok := m[arr].([]any); !ok || len(v) != 0 {
			t.Errorf("%s = %v, bmcweb renders []", arr, m[arr])
		}
	}
	if m["DeliveryRetryPolicy"] != "TerminateAfterRetries" {
		t.Errorf("default policy %v", m["DeliveryRetryPolicy"])
	}
	c.expect(http.MethodPatch, loc, map[string]any{"Context": "x"}, http.StatusNoContent)
	if id := firstID(t, c, http.MethodPatch, loc, map[string]any{"EventFormatType": "Event"}, http.StatusBadRequest); id != "Base.1.22.PropertyUnknown" {
		t.Errorf("PATCH EventFormatType: %s", id)
	}
	// Without a Context, bmcweb reads back "".
	loc2 := c.create(map[string]any{"Destination": "https://127.0.0.1:9/f", "Protocol": "Redfish"})
	if v := c.expect(http.MethodGet, loc2, nil, 200).json(t)["Context"]; v != "" {
		t.Errorf("unset Context reads back %v", v)
	}
	if id := firstID(t, c, http.MethodPatch, pathEventService, map[string]any{"DeliveryRetryAttempts": 5}, http.StatusBadRequest); id != "Base.1.22.QueryParameterOutOfRange" {
		t.Errorf("EventService PATCH: %s", id)
	}
	es := c.expect(http.MethodGet, pathEventService, nil, 200).json(t)
	if _, ok := es["EventTypesForSubscription"]; ok {
		t.Error("bmcweb reports no EventTypesForSubscription")
	}
}

func TestOpenBMCLimitIs20With503(t *testing.T) {
	b := startBMC(t, Options{Profile: "openbmc"})
	c := newClient(t, b)
	for i := range 20 {
		c.create(map[string]any{"Destination": fmt.Sprintf("https://127.0.0.1:9/%d", i), "Protocol": "Redfish"})
	}
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, map[string]any{"Destination": "https://127.0.0.1:9/x", "Protocol": "Redfish"}, http.StatusServiceUnavailable); id != "Base.1.22.EventSubscriptionLimitExceeded" {
		t.Errorf("limit: %s", id)
	}
	for _, s := range b.Subscriptions() {
		if _, err := strconv.ParseUint(s.ID, 10, 32); err != nil {
			t.Errorf("id %q is not a uint32", s.ID)
		}
	}
}

func TestIDRACRules(t *testing.T) {
	b := startBMC(t, Options{Profile: "idrac", MaxSubscriptions: 3})
	c := newClient(t, b)
	dest := func(path string) map[string]any {
		return map[string]any{"Destination": "https://127.0.0.1:9/" + path, "Protocol": "Redfish", "Context": "c"}
	}
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, map[string]any{"Destination": "https://127.0.0.1:9/a", "Protocol": "Redfish"}, http.StatusBadRequest); id != "Base.1.22.PropertyMissing" {
		t.Errorf("no Context: %s", id)
	}
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, map[string]any{"Destination": "http://127.0.0.1:9/a", "Protocol": "Redfish", "Context": "c"}, http.StatusBadRequest); id != "Base.1.22.PropertyValueFormatError" {
		t.Errorf("http: %s", id)
	}
	body := dest("a")
	body["EventTypes"] = []string{"ResourceAdded"}
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, body, http.StatusBadRequest); id != "Base.1.22.PropertyValueNotInList" {
		t.Errorf("EventTypes: %s", id)
	}
	r := c.expect(http.MethodPost, pathSubscriptions, dest("a"), http.StatusCreated)
	conforms(t, refDestination, r.body)
	conformsMessages(t, r.body)
	if r.json(t)["DeliveryRetryPolicy"] != "SuspendRetries" {
		t.Errorf("iDRAC default policy: %s", r.body)
	}
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, dest("a"), http.StatusConflict); id != "Base.1.22.ResourceAlreadyExists" {
		t.Errorf("duplicate: %s", id)
	}
	loc := strings.TrimPrefix(r.header.Get("Location"), b.URL())
	p := c.expect(http.MethodPatch, loc, map[string]any{"Context": "d"}, http.StatusOK)
	if !strings.Contains(string(p.body), "Base.1.22.Success") {
		t.Errorf("PATCH answer lacks Success: %s", p.body)
	}
	c.create(dest("b"))
	c.create(dest("c"))
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, dest("d"), http.StatusBadRequest); id != "Base.1.22.CreateLimitReachedForResource" {
		t.Errorf("limit: %s", id)
	}
	if q, _ := LookupProfile("idrac"); q.MaxSubscriptions != 20 {
		t.Errorf("iDRAC cap %d", q.MaxSubscriptions)
	}
}

func TestILO5Rules(t *testing.T) {
	b := startBMC(t, Options{Profile: "ilo5"})
	c := newClient(t, b)
	// The HPE example POST has no Protocol.
	r := c.expect(http.MethodPost, pathSubscriptions+"/", map[string]any{
		"Destination": "https://127.0.0.1:9/e", "EventTypes": []string{"Alert", "StatusChange"}, "Context": "Public",
	}, http.StatusCreated)
	conforms(t, refError, r.body)
	if want := `{"error":{"code":"iLO.0.10.ExtendedInfo","message":"See @Message.ExtendedInfo for more information.","@Message.ExtendedInfo":[{"MessageId":"Base.1.4.Created"}]}}`; string(r.body) != want {
		t.Errorf("create body %s", r.body)
	}
	loc := r.header.Get("Location")
	if !strings.HasPrefix(loc, b.URL()) || !strings.HasSuffix(loc, "/") {
		t.Errorf("Location %q", loc)
	}
	m := c.expect(http.MethodGet, loc, nil, http.StatusOK)
	conforms(t, refDestination, m.body)
	mm := m.json(t)
	if _, ok := mm["DeliveryRetryPolicy"]; ok {
		t.Error("iLO 5 has no DeliveryRetryPolicy")
	}
	if mm["Protocol"] != "Redfish" || !strings.HasPrefix(mm["@odata.etag"].(string), `W/"`) || mm["Description"] != "iLO Event Subscription" {
		t.Errorf("member %s", m.body)
	}
	for _, prop := range []string{"DeliveryRetryPolicy", "RegistryPrefixes", "Id"} {
		body := map[string]any{"Destination": "https://127.0.0.1:9/e", "DeliveryRetryPolicy": "RetryForever"}
		if prop != "DeliveryRetryPolicy" {
			body = map[string]any{"Destination": "https://127.0.0.1:9/e", prop: []string{"Base"}}
		}
		e := c.expect(http.MethodPost, pathSubscriptions, body, http.StatusBadRequest)
		conforms(t, refError, e.body)
		ids := e.messageIDs(t)
		if ids[0] != "iLO.2.8.PropertyNotWritableOrUnknown" || e.json(t)["error"].(map[string]any)["code"] != "iLO.0.10.ExtendedInfo" {
			t.Errorf("%s: %s", prop, e.body)
		}
	}
	for _, path := range []string{"/redfish/v1/", pathEventService, pathSubscriptions} {
		if id := c.expect(http.MethodGet, path, nil, http.StatusOK).json(t)["@odata.id"].(string); !strings.HasSuffix(id, "/") {
			t.Errorf("%s: @odata.id %q lacks the trailing slash", path, id)
		}
	}
	p := c.expect(http.MethodPatch, loc, map[string]any{"Context": "new"}, http.StatusOK)
	conforms(t, refError, p.body)
	if p.messageIDs(t)[0] != "Base.1.4.Success" {
		t.Errorf("PATCH: %s", p.body)
	}
	nf := c.expect(http.MethodGet, pathSubscriptions+"/404/", nil, http.StatusNotFound)
	if nf.messageIDs(t)[0] != "Base.1.4.ResourceNotFound" {
		t.Errorf("404: %s", nf.body)
	}
}

func TestXCCRules(t *testing.T) {
	b := startBMC(t, Options{Profile: "xcc"})
	c := newClient(t, b)
	coll := c.expect(http.MethodGet, pathSubscriptions+"?$expand=.", nil, http.StatusOK)
	conforms(t, refCollection, coll.body)
	protocols := map[string]bool{}
	for _, mem := range coll.json(t)["Members"].([]any) {
		protocols[mem.(map[string]any)["Protocol"].(string)] = true
	}
	if !protocols["SNMPv3"] || !protocols["SMTP"] {
		t.Errorf("XCC lists non-Redfish destinations in the collection, got %v", protocols)
	}
	var first string
	for i := range 12 {
		loc := c.create(redfishDest(fmt.Sprintf("https://127.0.0.1:9/%d", i)))
		if i == 0 {
			first = loc
		}
	}
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, redfishDest("https://127.0.0.1:9/x"), http.StatusBadRequest); id != "Base.1.22.CreateLimitReachedForResource" {
		t.Errorf("13th Redfish subscription: %s", id)
	}
	if len(b.Subscriptions()) != 14 {
		t.Errorf("%d members, want 12 Redfish + 2 preloaded", len(b.Subscriptions()))
	}
	id := strings.TrimPrefix(first, pathSubscriptions+"/")
	if _, err := strconv.Atoi(id); err == nil {
		t.Errorf("XCC ids are random identifiers, got %q", id)
	}
	if v, ok := c.expect(http.MethodGet, first, nil, 200).json(t)["HttpHeaders"]; !ok || v != nil {
		t.Errorf("xcc HttpHeaders %v", v)
	}
}

func TestMinimalRules(t *testing.T) {
	b := startBMC(t, Options{Profile: "minimal"})
	c := newClient(t, b)
	r := c.expect(http.MethodPost, pathSubscriptions, redfishDest("https://127.0.0.1:9/e"), http.StatusNoContent)
	if len(r.body) != 0 || r.header.Get("Location") != pathSubscriptions+"/1" {
		t.Errorf("create: %q Location %q", r.body, r.header.Get("Location"))
	}
	root := c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusOK).json(t)
	if _, ok := root["ProtocolFeaturesSupported"]; ok {
		t.Error("minimal advertises ProtocolFeaturesSupported")
	}
	c.expect(http.MethodGet, pathSubscriptions+"?$expand=*", nil, http.StatusNotImplemented)
	c.expect(http.MethodPatch, pathSubscriptions+"/1", map[string]any{"Context": "x"}, http.StatusNoContent)
	c.expect(http.MethodGet, pathActionInfo, nil, http.StatusNotFound)
}
