package bmcsim

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/schemacheck"
)

// TestEveryAnswerConforms walks every resource, method and failure of each
// profile so that every kind of body the emulator serves passes through
// the automatic checks of client.try (checkServed): resources, collections
// (paged and expanded), create/PATCH/DELETE answers, 401, 404, 405, 415,
// validation errors, fault answers, the session cap, and the events the
// sink receives (startSink). The assertions here are only on status codes;
// the bodies are the checker's.
func TestEveryAnswerConforms(t *testing.T) {
	for _, name := range ProfileNames() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sink := startSink(t, true)
			b := startBMC(t, Options{Profile: name, Username: "u", Password: "p", PageSize: 2, SessionCap: 1,
				DeliveryRootCAs: sink.CertPool(), DeliveryRetryInterval: 10 * time.Millisecond, DeliveryRetryAttempts: 1})
			p := b.ProfileRules()
			c := newClient(t, b)
			get := func(path string) response { return c.expect(http.MethodGet, path, nil, http.StatusOK) }

			get(pathRedfish)
			get(pathRoot)
			get(pathSessionService)
			get(pathEventService)
			if p.ActionInfo {
				get(pathActionInfo)
			}

			// Sessions: login, list, member, the cap, logout.
			login := map[string]any{"UserName": "u", "Password": "p"}
			sloc := c.expect(http.MethodPost, pathSessions, login, http.StatusCreated).header.Get("Location")
			get(pathSessions)
			get(sloc)
			c.do(http.MethodPost, pathSessions, login) // over the cap of 1: the profile's answer
			c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": "u", "Password": "wrong"}, http.StatusUnauthorized)
			c.expect(http.MethodPost, pathSessions, map[string]any{"UserName": 1}, http.StatusBadRequest)
			c.expect(http.MethodDelete, sloc, nil, http.StatusNoContent)
			c.expect(http.MethodDelete, sloc, nil, http.StatusNotFound)
			c.expect(http.MethodGet, sloc, nil, http.StatusNotFound)

			// Subscriptions: creates (good and bad), list pages, $expand, member.
			var locs []string
			for i := range 3 {
				body := createBody(b, fmt.Sprintf("%s/%d", sink.URL(), i))
				body["Context"] = "sweep"
				locs = append(locs, c.create(body))
			}
			c.expect(http.MethodPost, pathSubscriptions, map[string]any{"Destination": "https://127.0.0.1:9/e", "Protocol": "Redfish", "Context": "c", "Bogus": 1}, http.StatusBadRequest)
			c.expect(http.MethodPost, pathSubscriptions, map[string]any{}, http.StatusBadRequest)
			c.expect(http.MethodPost, pathSubscriptions, "{not json", http.StatusBadRequest)
			list := get(pathSubscriptions).json(t)
			if next, ok := list["Members@odata.nextLink"].(string); ok {
				get(next)
			}
			get(pathSubscriptions + "?$top=1&$skip=1")
			c.expect(http.MethodGet, pathSubscriptions+"?$skip=x", nil, http.StatusBadRequest)
			if p.SupportsExpand {
				get(pathSubscriptions + "?$expand=.")
			} else {
				c.expect(http.MethodGet, pathSubscriptions+"?$expand=.", nil, http.StatusNotImplemented)
			}
			get(locs[0])
			c.expect(http.MethodGet, pathSubscriptions+"/nope", nil, http.StatusNotFound)

			// PATCH: accepted, refused property, refused value, unknown member.
			c.do(http.MethodPatch, locs[0], map[string]any{"Context": "patched"})
			c.do(http.MethodPatch, locs[0], map[string]any{"Destination": "https://127.0.0.1:9/x"})
			c.do(http.MethodPatch, locs[0], map[string]any{"Context": 5})
			c.expect(http.MethodPatch, pathSubscriptions+"/nope", map[string]any{"Context": "x"}, http.StatusNotFound)
			c.do(http.MethodPatch, pathEventService, map[string]any{"DeliveryRetryAttempts": 1})
			c.do(http.MethodPatch, pathEventService, map[string]any{"DeliveryRetryAttempts": -1})
			c.do(http.MethodPatch, pathEventService, map[string]any{"Nope": true})

			// Actions.
			c.do(http.MethodPost, pathSubmitTestEvent, map[string]any{"MessageId": "Base.1.22.Success", "Context": "x"})
			c.do(http.MethodPost, pathSubmitTestEvent, map[string]any{"MessageId": "Base.1.22.Success", "EventType": "Alert"})
			if p.TestEventAction {
				c.expect(http.MethodPost, pathTestEventSubscription, nil, http.StatusNoContent)
			}
			if p.SuspendAction {
				c.expect(http.MethodPost, locs[1]+"/"+actionSuspend, nil, http.StatusNoContent)
				c.expect(http.MethodPost, locs[1]+"/"+actionSuspend, map[string]any{"Bogus": 1}, http.StatusBadRequest)
			}
			if p.ResumeAction {
				c.expect(http.MethodPost, locs[1]+"/"+actionResume, map[string]any{"DeliverBufferedEventDuration": "soon"}, http.StatusBadRequest)
				c.expect(http.MethodPost, locs[1]+"/"+actionResume, nil, http.StatusNoContent)
			}

			// 405 on every resource, 404, 415, 401.
			for _, path := range []string{pathRedfish, pathRoot, pathSessionService, pathSessions, pathEventService, pathSubscriptions, locs[0], pathSubmitTestEvent} {
				c.expect(http.MethodPut, path, map[string]any{}, http.StatusMethodNotAllowed)
			}
			c.expect(http.MethodDelete, pathSubscriptions, nil, http.StatusMethodNotAllowed)
			c.expect(http.MethodGet, "/redfish/v1/Systems", nil, http.StatusNotFound)
			c.contentType = "text/plain"
			c.do(http.MethodPost, pathSubscriptions, map[string]any{})
			c.contentType = ""
			anon := newClient(t, b)
			anon.user = ""
			anon.expect(http.MethodGet, pathEventService, nil, http.StatusUnauthorized)
			anon.token = "stale"
			anon.expect(http.MethodGet, pathEventService, nil, http.StatusUnauthorized)

			// Fault answers that carry a body.
			b.InjectFault(KindEventService, Fault{Type: FaultUnavailable, Count: 1})
			c.expect(http.MethodGet, pathEventService, nil, http.StatusServiceUnavailable)
			b.InjectFault(KindEventService, Fault{Type: FaultInternalError, Count: 1})
			c.expect(http.MethodGet, pathEventService, nil, http.StatusInternalServerError)

			// Deliveries, failing ones included (retried, then the policy).
			sink.FailNext(2, http.StatusInternalServerError)
			b.RaiseEvent(t.Context(), EventRecord{MessageId: "ResourceEvent.1.4.ResourceCreated", OriginOfCondition: "/redfish/v1/Systems/1", MessageArgs: []string{}})
			c.expect(http.MethodPost, pathSubmitTestEvent, map[string]any{"MessageId": "Base.1.22.Created", "OriginOfCondition": "/redfish/v1/Chassis/1"}, p.SubmitTestEventCode)
			if _, err := sink.WaitFor(2, 5*time.Second); err != nil {
				t.Errorf("the sink must have events to check: %v", err)
			}

			for _, loc := range locs {
				c.do(http.MethodDelete, loc, nil)
			}
			c.expect(http.MethodDelete, locs[0], nil, http.StatusNotFound)
		})
	}
}

// recorder is a testing.TB that keeps the errors the checks report
// instead of failing, to prove the checks catch what they should.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.errs
	r.errs = nil
	return out
}

// The automatic checks must reject non-conforming bodies of every kind
// they handle, and accept conforming ones.
func TestCheckServedCatchesNonConformingBodies(t *testing.T) {
	schemacheck.ForTest(t) // skips (fails in CI) without ../shared/redfish
	rec := &recorder{TB: t}
	jsonHeader := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	for _, tc := range []struct {
		name, path, body string
		header           http.Header
	}{
		{"error with an unknown member", pathSubscriptions, `{"error":{"code":"X","message":"m","extra":1}}`, nil},
		{"error without message", pathSubscriptions, `{"error":{"code":"X"}}`, nil},
		{"error message without MessageId", pathSubscriptions, `{"error":{"code":"X","message":"m","@Message.ExtendedInfo":[{"Message":"m"}]}}`, nil},
		{"error message with MessageSeverity Informational", pathSessions, `{"error":{"code":"X","message":"m","@Message.ExtendedInfo":[{"MessageId":"A.1.0.B","MessageSeverity":"Informational"}]}}`, nil},
		{"EventDestination with a bad Protocol", "/x", `{"@odata.type":"#EventDestination.v1_16_0.EventDestination","@odata.id":"/x","Id":"1","Name":"n","Destination":"https://h","SubscriptionType":"RedfishEvent","Protocol":"Pigeon","Context":null}`, nil},
		{"EventDestination errata fallback still checks", "/x", `{"@odata.type":"#EventDestination.v1_14_1.EventDestination","@odata.id":"/x","Id":"1","Name":"n","Destination":"https://h","SubscriptionType":"RedfishEvent","Protocol":"Redfish","Context":7}`, nil},
		{"older EventService checked against a later minor", pathEventService, `{"@odata.type":"#EventService.v1_5_0.EventService","@odata.id":"/e","Id":"e","Name":"n","DeliveryRetryAttempts":"three"}`, nil},
		{"collection without Members@odata.count", pathSubscriptions, `{"@odata.type":"#EventDestinationCollection.EventDestinationCollection","@odata.id":"/c","Name":"n","Members":[]}`, nil},
		{"ServiceRoot without UUID", pathRoot, `{"@odata.type":"#ServiceRoot.v1_17_0.ServiceRoot","@odata.id":"/redfish/v1","Id":"r","Name":"n","RedfishVersion":"1.22.0","Links":{}}`, nil},
		{"Session without Id", pathSessions + "/1", `{"@odata.type":"#Session.v1_7_0.Session","@odata.id":"/s","Name":"n"}`, nil},
		{"SessionCollection miscounted", pathSessions, `{"@odata.type":"#SessionCollection.SessionCollection","@odata.id":"/s","Name":"n","Members":[{"@odata.id":"/s/1"}],"Members@odata.count":0}`, nil},
		{"message list with a bad message", pathSubscriptions, `{"@Message.ExtendedInfo":[{"MessageId":"A.1.0.B","MessageSeverity":"Informational"}]}`, nil},
		{"resource with a bad ExtendedInfo entry", "/x", `{"@odata.type":"#EventDestination.v1_16_0.EventDestination","@odata.id":"/x","Id":"1","Name":"n","Destination":"https://h","SubscriptionType":"RedfishEvent","Protocol":"Redfish","Context":null,"@Message.ExtendedInfo":[{"Message":"no id"}]}`, nil},
		{"version document", pathRedfish, `{"v1":"/redfish/v1"}`, nil},
		{"untyped body", pathEventService, `{"Name":"n"}`, nil},
		{"not JSON", pathEventService, `{"a":`, nil},
		{"wrong Content-Type", pathEventService, `{"v1":"/redfish/v1/"}`, http.Header{"Content-Type": {"text/html"}}},
	} {
		h := tc.header
		if h == nil {
			h = jsonHeader
		}
		checkServed(rec, http.MethodGet, tc.path, http.StatusOK, h, []byte(tc.body))
		if errs := rec.take(); len(errs) == 0 {
			t.Errorf("%s: accepted", tc.name)
		}
	}
	for _, ok := range []struct{ path, body string }{
		{pathRedfish, `{"v1":"/redfish/v1/"}`},
		{pathSubscriptions, `{"@Message.ExtendedInfo":[{"MessageId":"Base.1.22.Created"}]}`},
		{"/x", `{"@odata.type":"#EventDestination.v1_13_0.EventDestination","@odata.id":"/x","Id":"1","Name":"n","Destination":"https://h","SubscriptionType":"RedfishEvent","Protocol":"Redfish","Context":null,"HttpHeaders":null}`},
		{pathSessions, `{"@odata.type":"#SessionCollection.SessionCollection","@odata.id":"/s","Name":"n","Members":[{"@odata.id":"/s/1"}],"Members@odata.count":1}`},
		{pathEventService, ``},
		{controlPrefix + "stats", `{"total":1}`},
	} {
		checkServed(rec, http.MethodGet, ok.path, http.StatusOK, jsonHeader, []byte(ok.body))
		if errs := rec.take(); len(errs) != 0 {
			t.Errorf("%s %s rejected: %v", ok.path, ok.body, errs)
		}
	}
	checkEvent(rec, ReceivedEvent{Path: "/events", Body: []byte(`{"@odata.type":"#Event.v1_13_0.Event","Id":"1","Name":"n"}`)})
	if errs := rec.take(); len(errs) == 0 || !strings.Contains(errs[0], "Events") {
		t.Errorf("an Event without Events accepted: %v", errs)
	}
}

func TestSchemaRefForType(t *testing.T) {
	v := schemacheck.ForTest(t)
	for typ, want := range map[string]string{
		"#EventDestination.v1_16_0.EventDestination":             "EventDestination.v1_16_0.json#/definitions/EventDestination",
		"#EventDestination.v1_14_1.EventDestination":             "EventDestination.v1_14_3.json#/definitions/EventDestination",
		"#EventService.v1_5_0.EventService":                      "EventService.v1_12_0.json#/definitions/EventService",
		"#EventDestinationCollection.EventDestinationCollection": "EventDestinationCollection.json#/definitions/EventDestinationCollection",
		"#Event.v1_13_0.Event":                                   "Event.v1_13_0.json#/definitions/Event",
		"#EventService.v1_99_0.EventService":                     "",
		"#ServiceRoot.v1_17_0.ServiceRoot":                       "",
		"#SessionCollection.SessionCollection":                   "",
		"#EventDestination.v2_0_0.EventDestination":              "",
		"#EventDestination.v1_16_0.Other":                        "",
	} {
		got, _, ok := schemaRefForType(v, typ)
		if got != want || ok != (want != "") {
			t.Errorf("%s: %q %v, want %q", typ, got, ok, want)
		}
	}
}
