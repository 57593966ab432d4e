package bmcsim

import (
	"net/http"
	"strings"
	"testing"
)

func TestNormalizePath(t *testing.T) {
	for in, want := range map[string]string{"/redfish/v1/": "/redfish/v1", "/a//": "/a", "/": "/", "": ""} {
		if got := normalizePath(in); got != want {
			t.Errorf("normalizePath(%q) = %q", in, got)
		}
	}
}

func TestResolveKinds(t *testing.T) {
	b := startBMC(t, Options{})
	for _, tc := range []struct {
		method, path string
		kind         RequestKind
		public       bool
	}{
		{"GET", "/redfish", KindServiceRoot, true},
		{"GET", "/redfish/v1/", KindServiceRoot, true},
		{"POST", pathSessions, KindSessionCreate, true},
		{"GET", pathSessions, KindSessionList, false},
		{"DELETE", pathSessions + "/abc", KindSessionDelete, false},
		{"GET", pathSessions + "/abc/", KindSessionGet, false},
		{"PATCH", pathEventService, KindEventService, false},
		{"GET", pathActionInfo, KindActionInfo, false},
		{"POST", pathSubmitTestEvent, KindSubmitTestEvent, false},
		{"POST", pathTestEventSubscription, KindTestEventSubscription, false},
		{"GET", pathSubscriptions + "/", KindSubscriptionList, false},
		{"PUT", pathSubscriptions, KindSubscriptionList, false},
		{"POST", pathSubscriptions, KindSubscriptionCreate, false},
		{"GET", pathSubscriptions + "/7", KindSubscriptionGet, false},
		{"HEAD", pathSubscriptions + "/7", KindSubscriptionGet, false},
		{"PATCH", pathSubscriptions + "/7", KindSubscriptionPatch, false},
		{"DELETE", pathSubscriptions + "/7/", KindSubscriptionDelete, false},
		{"POST", pathSubscriptions + "/7/" + actionSuspend, KindSubscriptionAction, false},
		{"GET", "/redfish/v1/Systems", KindOther, false},
	} {
		rt := b.resolve(tc.method, tc.path)
		if rt.kind != tc.kind || rt.public != tc.public {
			t.Errorf("%s %s: kind %s public %v", tc.method, tc.path, rt.kind, rt.public)
		}
	}
	for _, k := range RequestKinds() {
		if k == "" {
			t.Error("empty kind")
		}
	}
}

func TestMethodSetAllow(t *testing.T) {
	rt := methodSet{http.MethodGet: {KindServiceRoot, nil}, http.MethodPost: {KindSessionCreate, nil}}.pick(http.MethodDelete, KindOther)
	if rt.kind != KindOther || rt.serve == nil {
		t.Fatalf("%+v", rt)
	}
}

func TestPathsMoveResources(t *testing.T) {
	const (
		es   = "/redfish/v1/Managers/bmc/EventService"
		subs = es + "/Destinations"
		sess = pathSessionService + "/Sessions2"
	)
	b := startBMC(t, Options{Username: "admin", Password: "s3cret-Pa55", Paths: map[string]string{
		pathEventService: es, pathSubscriptions: subs, pathSessions: sess,
	}})
	c := newClient(t, b)
	c.unchecked = true // the schemas' URI patterns name DMTF's paths only
	root := c.expect(http.MethodGet, "/redfish/v1", nil, http.StatusOK).json(t)
	if got := root["EventService"].(map[string]any)["@odata.id"]; got != es {
		t.Errorf("root links the EventService at %v", got)
	}
	if got := root["Links"].(map[string]any)["Sessions"].(map[string]any)["@odata.id"]; got != sess {
		t.Errorf("root links Sessions at %v", got)
	}
	body := c.expect(http.MethodGet, es, nil, http.StatusOK).json(t)
	if body["@odata.id"] != es || body["Subscriptions"].(map[string]any)["@odata.id"] != subs {
		t.Errorf("EventService at %v, Subscriptions at %v", body["@odata.id"], body["Subscriptions"])
	}
	target := body["Actions"].(map[string]any)["#EventService.SubmitTestEvent"].(map[string]any)["target"]
	if target != es+"/Actions/EventService.SubmitTestEvent" {
		t.Errorf("SubmitTestEvent target %v", target)
	}
	loc := c.expect(http.MethodPost, subs, redfishDest("https://l.example.com/e"), http.StatusCreated).header.Get("Location")
	loc = strings.TrimPrefix(loc, b.URL()) // the dmtf profile sends it absolute
	if !strings.HasPrefix(loc, subs+"/") {
		t.Fatalf("Location %q is not in %s", loc, subs)
	}
	if m := c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t); m["@odata.id"] != loc {
		t.Errorf("member @odata.id %v, Location %s", m["@odata.id"], loc)
	}
	r := c.expect(http.MethodPost, sess, map[string]any{"UserName": "admin", "Password": "s3cret-Pa55"}, http.StatusCreated)
	if l := r.header.Get("Location"); !strings.HasPrefix(l, sess+"/") {
		t.Errorf("session Location %q", l)
	}
	// Only there: DMTF's paths, and the old names below a moved parent, are 404.
	for _, p := range []string{pathEventService, pathSubscriptions, pathSubscriptions + loc[len(subs):], es + "/Subscriptions", pathSessions} {
		c.expect(http.MethodGet, p, nil, http.StatusNotFound)
	}
	if _, err := Start(Options{Paths: map[string]string{pathEventService: "/elsewhere/"}}); err == nil {
		t.Error("a Paths value outside /redfish/v1/ was accepted")
	}
}
