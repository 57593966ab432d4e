package bmcsim

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestIDRAC9Rules(t *testing.T) {
	b := startBMC(t, Options{Profile: "idrac9", MaxSubscriptions: 3})
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
	if ids := messageListIDs(t, r.body); len(ids) != 2 || ids[0] != "Base.1.22.Created" || !strings.HasSuffix(ids[1], ".SYS414") {
		t.Errorf("create messages %v, want Created and SYS414", ids)
	}
	m := r.json(t)
	if m["DeliveryRetryPolicy"] != "SuspendRetries" {
		t.Errorf("iDRAC default policy: %s", r.body)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`).MatchString(m["Id"].(string)) {
		t.Errorf("iDRAC9 Id %v is not a UUID", m["Id"])
	}
	dup := c.expect(http.MethodPost, pathSubscriptions, dest("a"), http.StatusBadRequest)
	conforms(t, refError, dup.body)
	if ids := dup.messageIDs(t); strings.Join(ids, ",") != "Base.1.22.ResourceAlreadyExists,Base.1.22.ResourceAlreadyExists" ||
		!strings.Contains(string(dup.body), `"#/Destination"`) || !strings.Contains(string(dup.body), `"#/Context"`) {
		t.Errorf("duplicate: %s", dup.body)
	}
	loc := strings.TrimPrefix(r.header.Get("Location"), b.URL())
	p := c.expect(http.MethodPatch, loc, map[string]any{"Context": "d", "DeliveryRetryPolicy": "RetryForever"}, http.StatusOK)
	if !strings.Contains(string(p.body), "Base.1.22.Success") {
		t.Errorf("PATCH answer lacks Success: %s", p.body)
	}
	for _, prop := range []map[string]any{{"VerifyCertificate": true}, {"HttpHeaders": []map[string]string{{"X": "y"}}}} {
		if id := firstID(t, c, http.MethodPatch, loc, prop, http.StatusBadRequest); id != "Base.1.22.PropertyNotWritable" {
			t.Errorf("PATCH %v: %s", prop, id)
		}
	}
	c.create(dest("b"))
	c.create(dest("c"))
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, dest("d"), http.StatusBadRequest); id != "Base.1.22.CreateLimitReachedForResource" {
		t.Errorf("limit: %s", id)
	}
	if q, _ := LookupProfile("idrac9"); q.MaxSubscriptions != 20 {
		t.Errorf("iDRAC cap %d", q.MaxSubscriptions)
	}
}

func TestIDRAC10Rules(t *testing.T) {
	b := startBMC(t, Options{Profile: "idrac10"})
	c := newClient(t, b)
	body := map[string]any{"Destination": "http://127.0.0.1:9/a", "Protocol": "Redfish", "Context": "c"}
	r := c.expect(http.MethodPost, pathSubscriptions, body, http.StatusCreated)
	if id := r.json(t)["Id"]; id != "1" {
		t.Errorf("iDRAC10 Id %v, want small numbers", id)
	}
	c.expect(http.MethodDelete, pathSubscriptions+"/1", nil, http.StatusNoContent)
	body["Destination"] = "http://127.0.0.1:9/b"
	if id := c.expect(http.MethodPost, pathSubscriptions, body, http.StatusCreated).json(t)["Id"]; id != "2" {
		t.Errorf("next Id %v", id)
	}
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, body, http.StatusBadRequest); id != "Base.1.22.ResourceAlreadyExists" {
		t.Errorf("duplicate: %s", id)
	}
}

func TestILO5Rules(t *testing.T) {
	b := startBMC(t, Options{Profile: "ilo5"})
	c := newClient(t, b)
	// The HPE example POST has no Protocol; HttpHeaders in object form.
	r := c.expect(http.MethodPost, pathSubscriptions+"/", map[string]any{
		"Destination": "https://127.0.0.1:9/e", "EventTypes": []string{"Alert", "StatusChange", "MetricReport"}, "Context": "Public",
		"HttpHeaders": map[string]string{"X-Token": "t"},
	}, http.StatusCreated)
	conforms(t, refError, r.body)
	if want := `{"error":{"code":"iLO.0.10.ExtendedInfo","message":"See @Message.ExtendedInfo for more information.","@Message.ExtendedInfo":[{"MessageId":"Base.1.17.Created"}]}}`; string(r.body) != want {
		t.Errorf("create body %s", r.body)
	}
	if h := b.Subscriptions()[0].HttpHeaders; len(h) != 1 || h[0]["X-Token"] != "t" {
		t.Errorf("object-form headers stored as %v", h)
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
	refused := func(body map[string]any) []string {
		e := c.expect(http.MethodPost, pathSubscriptions, body, http.StatusBadRequest)
		conforms(t, refError, e.body)
		if e.json(t)["error"].(map[string]any)["code"] != "iLO.0.10.ExtendedInfo" {
			t.Errorf("not iLO-shaped: %s", e.body)
		}
		return e.messageIDs(t)
	}
	for _, prop := range []string{"DeliveryRetryPolicy", "RegistryPrefixes", "Id"} {
		body := map[string]any{"Destination": "https://127.0.0.1:9/e", "EventTypes": []string{"Alert"}, prop: []string{"Base"}}
		if ids := refused(body); ids[0] != "iLO.2.8.PropertyNotWritableOrUnknown" {
			t.Errorf("%s: %v", prop, ids)
		}
	}
	for name, tc := range map[string]struct {
		body map[string]any
		want string
	}{
		"no EventTypes (Tacklebox #89)": {map[string]any{"Destination": "https://127.0.0.1:9/e"}, "Base.1.17.PropertyMissing"},
		"http destination":              {map[string]any{"Destination": "http://127.0.0.1:9/e", "EventTypes": []string{"Alert"}}, "Base.1.17.PropertyValueFormatError"},
		"array-form HttpHeaders": {map[string]any{"Destination": "https://127.0.0.1:9/e", "EventTypes": []string{"Alert"},
			"HttpHeaders": []map[string]string{{"X-Token": "t"}}}, "Base.1.17.PropertyValueTypeError"},
	} {
		if ids := refused(tc.body); ids[0] != tc.want {
			t.Errorf("%s: %v, want %s", name, ids, tc.want)
		}
	}
	for _, path := range []string{"/redfish/v1/", pathEventService, pathSubscriptions} {
		if id := c.expect(http.MethodGet, path, nil, http.StatusOK).json(t)["@odata.id"].(string); !strings.HasSuffix(id, "/") {
			t.Errorf("%s: @odata.id %q lacks the trailing slash", path, id)
		}
	}
	p := c.expect(http.MethodPatch, loc, map[string]any{"Context": "new"}, http.StatusOK)
	conforms(t, refError, p.body)
	if p.messageIDs(t)[0] != "Base.1.17.Success" {
		t.Errorf("PATCH: %s", p.body)
	}
	nf := c.expect(http.MethodGet, pathSubscriptions+"/404/", nil, http.StatusNotFound)
	if nf.messageIDs(t)[0] != "Base.1.17.ResourceNotFound" {
		t.Errorf("404: %s", nf.body)
	}
	if d := c.expect(http.MethodDelete, loc, nil, http.StatusOK); d.messageIDs(t)[0] != "Base.1.17.Success" {
		t.Errorf("DELETE: %s", d.body)
	}
}

func TestILO6Rules(t *testing.T) {
	b := startBMC(t, Options{Profile: "ilo6"})
	c := newClient(t, b)
	// RegistryPrefixes-based: no EventTypes needed.
	c.expect(http.MethodPost, pathSubscriptions, map[string]any{"Destination": "https://127.0.0.1:9/e", "RegistryPrefixes": []string{"iLOEvents"}, "Context": "c"}, http.StatusCreated)
	// Syslog subscriptions (firmware 1.68 and later).
	c.expect(http.MethodPost, pathSubscriptions, map[string]any{"Destination": "syslog://192.0.2.5:514", "Protocol": "SyslogUDP", "SubscriptionType": "Syslog"}, http.StatusCreated)
	if id := c.expect(http.MethodPost, pathSubscriptions, map[string]any{"Destination": "syslog://192.0.2.5:514", "Protocol": "SyslogTCP"}, http.StatusBadRequest).messageIDs(t)[0]; id != "Base.1.17.PropertyValueNotInList" {
		t.Errorf("SyslogTCP: %s", id)
	}
	var syslog *Subscription
	for _, s := range b.Subscriptions() {
		if s.Protocol == "SyslogUDP" {
			syslog = &s
		}
	}
	if syslog == nil || syslog.SubscriptionType != "Syslog" {
		t.Errorf("syslog subscription: %+v", syslog)
	}
	e := c.expect(http.MethodPost, pathSubscriptions, map[string]any{"Destination": "mailto:a@b", "Protocol": "SMTP"}, http.StatusBadRequest)
	if e.messageIDs(t)[0] != "Base.1.17.PropertyValueNotInList" {
		t.Errorf("SMTP: %s", e.body)
	}
}

func TestXCC2Rules(t *testing.T) {
	b := startBMC(t, Options{Profile: "xcc2"})
	c := newClient(t, b)
	coll := c.expect(http.MethodGet, pathSubscriptions+"?$expand=.", nil, http.StatusOK)
	conforms(t, refCollection, coll.body)
	ids := map[string]string{}
	for _, mem := range coll.json(t)["Members"].([]any) {
		m := mem.(map[string]any)
		ids[m["Id"].(string)] = m["Protocol"].(string) + "/" + m["SubscriptionType"].(string) + "/" + m["Name"].(string)
	}
	if ids["REST-SNMPv3-1-1"] != "SNMPv3/RedfishEvent/Destination" || ids["REST-SMTP-1"] != "SMTP/RedfishEvent/Destination" {
		t.Errorf("preloaded members: %v", ids)
	}
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, map[string]any{"Destination": "https://127.0.0.1:9/e", "Protocol": "Redfish"}, http.StatusBadRequest); id != "Base.1.22.PropertyMissing" {
		t.Errorf("XCC2 without Context: %s", id)
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
	if id := strings.TrimPrefix(first, pathSubscriptions+"/"); !regexp.MustCompile(`^[0-9A-F]{8}$`).MatchString(id) {
		t.Errorf("XCC id %q: want 8 uppercase hex digits", id)
	}
	m := c.expect(http.MethodGet, first, nil, 200).json(t)
	if v, ok := m["HttpHeaders"]; !ok || v != nil || m["Name"] != "Destination" {
		t.Errorf("xcc member %v", m)
	}
}

func TestXCC3Rules(t *testing.T) {
	b := startBMC(t, Options{Profile: "xcc3"})
	c := newClient(t, b)
	c.expect(http.MethodPost, pathSubscriptions, map[string]any{"Destination": "https://127.0.0.1:9/e", "Protocol": "Redfish"}, http.StatusCreated)
	for i := range 19 {
		c.create(redfishDest(fmt.Sprintf("https://127.0.0.1:9/%d", i)))
	}
	if id := firstID(t, c, http.MethodPost, pathSubscriptions, redfishDest("https://127.0.0.1:9/x"), http.StatusBadRequest); id != "Base.1.22.CreateLimitReachedForResource" {
		t.Errorf("21st Redfish subscription: %s", id)
	}
}
