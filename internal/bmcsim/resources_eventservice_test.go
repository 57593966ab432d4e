package bmcsim

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestEventServiceEveryProfile(t *testing.T) {
	for _, name := range ProfileNames() {
		t.Run(name, func(t *testing.T) {
			b := startBMC(t, Options{Profile: name, DeliveryRetryInterval: 1500 * time.Millisecond, DeliveryRetryAttempts: 4})
			c := newClient(t, b)
			r := c.expect(http.MethodGet, pathEventService, nil, http.StatusOK)
			conforms(t, refEventService, r.body)
			m := r.json(t)
			p := b.ProfileRules()
			if m["DeliveryRetryIntervalSeconds"].(float64) != 2 || m["DeliveryRetryAttempts"].(float64) != 4 || m["ServiceEnabled"] != true {
				t.Errorf("retry settings %v %v", m["DeliveryRetryIntervalSeconds"], m["DeliveryRetryAttempts"])
			}
			if m["Subscriptions"].(map[string]any)["@odata.id"] != b.odataID(pathSubscriptions) {
				t.Errorf("Subscriptions link %v", m["Subscriptions"])
			}
			_, hasTypes := m["EventTypesForSubscription"]
			if hasTypes != (p.EventTypesForSubscription != nil) {
				t.Errorf("EventTypesForSubscription present %v", hasTypes)
			}
			acts := m["Actions"].(map[string]any)
			submit := acts["#EventService.SubmitTestEvent"].(map[string]any)
			if submit["target"] != b.odataID(pathSubmitTestEvent) {
				t.Errorf("target %v", submit["target"])
			}
			if info, ok := submit["@Redfish.ActionInfo"].(string); ok != p.ActionInfo || (ok && info != pathActionInfo) {
				t.Errorf("ActionInfo %v", submit)
			}
			if _, ok := acts["#EventService.TestEventSubscription"]; ok != p.TestEventAction {
				t.Errorf("TestEventSubscription offered %v", ok)
			}
			if p.ActionInfo {
				conforms(t, refActionInfo, c.expect(http.MethodGet, pathActionInfo, nil, http.StatusOK).body)
			}
			_, excl := m["ExcludeMessageId"]
			if excl != p.acceptsOnCreate("ExcludeMessageIds") {
				t.Errorf("ExcludeMessageId reported %v", excl)
			}
		})
	}
}

func TestPatchEventService(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	r := c.expect(http.MethodPatch, pathEventService, map[string]any{"DeliveryRetryAttempts": 1, "DeliveryRetryIntervalSeconds": 7}, http.StatusOK)
	conforms(t, refEventService, r.body)
	if m := r.json(t); m["DeliveryRetryAttempts"].(float64) != 1 || m["DeliveryRetryIntervalSeconds"].(float64) != 7 {
		t.Errorf("%s", r.body)
	}
	if n, d := b.retrySettings(); n != 1 || d != 7*time.Second {
		t.Errorf("stored %d %v", n, d)
	}
	for body, want := range map[string]string{
		`{"Subscriptions":{}}`:          "PropertyNotWritable",
		`{"Flavour":"x"}`:               "PropertyUnknown",
		`{"DeliveryRetryAttempts":"x"}`: "PropertyValueTypeError",
		`{"DeliveryRetryAttempts":-1}`:  "PropertyValueOutOfRange",
		`{"ServiceEnabled":"yes"}`:      "PropertyValueTypeError",
		`{}`:                            "EmptyJSON",
	} {
		e := c.expect(http.MethodPatch, pathEventService, body, http.StatusBadRequest)
		conforms(t, refError, e.body)
		if id := e.messageIDs(t)[0]; !strings.HasSuffix(id, "."+want) {
			t.Errorf("%s: %s", body, id)
		}
	}
}
