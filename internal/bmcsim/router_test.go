package bmcsim

import (
	"net/http"
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
