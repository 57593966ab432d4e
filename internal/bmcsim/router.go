package bmcsim

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// URIs of the resources the emulator serves (DSP0266 clause "Resource URI
// patterns", and the uris of each schema).
const (
	pathRedfish               = "/redfish"
	pathRoot                  = "/redfish/v1"
	pathSessionService        = "/redfish/v1/SessionService"
	pathSessions              = pathSessionService + "/Sessions"
	pathEventService          = "/redfish/v1/EventService"
	pathSubscriptions         = pathEventService + "/Subscriptions"
	pathActionInfo            = pathEventService + "/SubmitTestEventActionInfo"
	pathSubmitTestEvent       = pathEventService + "/Actions/EventService.SubmitTestEvent"
	pathTestEventSubscription = pathEventService + "/Actions/EventService.TestEventSubscription"
	actionSuspend             = "Actions/EventDestination.SuspendSubscription"
	actionResume              = "Actions/EventDestination.ResumeSubscription"
)

// RequestKind classifies requests for accounting and fault injection.
type RequestKind string

// Request kinds. KindAny matches every kind when injecting faults.
const (
	KindAny                   RequestKind = "any"
	KindServiceRoot           RequestKind = "service_root"
	KindSessionService        RequestKind = "session_service"
	KindSessionList           RequestKind = "session_list"
	KindSessionCreate         RequestKind = "session_create"
	KindSessionGet            RequestKind = "session_get"
	KindSessionDelete         RequestKind = "session_delete"
	KindEventService          RequestKind = "event_service"
	KindActionInfo            RequestKind = "action_info"
	KindSubmitTestEvent       RequestKind = "submit_test_event"
	KindTestEventSubscription RequestKind = "test_event_subscription"
	KindSubscriptionList      RequestKind = "subscription_list"
	KindSubscriptionCreate    RequestKind = "subscription_create"
	KindSubscriptionGet       RequestKind = "subscription_get"
	KindSubscriptionPatch     RequestKind = "subscription_patch"
	KindSubscriptionDelete    RequestKind = "subscription_delete"
	KindSubscriptionAction    RequestKind = "subscription_action"
	// A subscription's Certificates and ClientCertificates collections.
	KindCertificateList   RequestKind = "certificate_list"
	KindCertificateCreate RequestKind = "certificate_create"
	KindCertificateGet    RequestKind = "certificate_get"
	KindCertificateDelete RequestKind = "certificate_delete"
	KindOther             RequestKind = "other"
)

// RequestKinds lists every kind, for flag help and validation.
func RequestKinds() []RequestKind {
	return []RequestKind{
		KindAny, KindServiceRoot, KindSessionService, KindSessionList, KindSessionCreate,
		KindSessionGet, KindSessionDelete, KindEventService, KindActionInfo,
		KindSubmitTestEvent, KindTestEventSubscription, KindSubscriptionList,
		KindSubscriptionCreate, KindSubscriptionGet, KindSubscriptionPatch,
		KindSubscriptionDelete, KindSubscriptionAction, KindCertificateList,
		KindCertificateCreate, KindCertificateGet, KindCertificateDelete, KindOther,
	}
}

// route is a resolved request: its kind, whether it is served without
// authentication, whether its handler reads a request body (whose
// Content-Type is then checked), and the handler.
type route struct {
	kind      RequestKind
	public    bool
	readsBody bool
	serve     http.HandlerFunc
}

// methodSet maps HTTP methods to handlers and kinds for one resource.
type methodSet map[string]methodRoute

type methodRoute struct {
	kind  RequestKind
	serve http.HandlerFunc
}

// pick resolves method within ms; HEAD is served by GET (DSP0266 clause
// "HEAD": the headers a GET would return), anything else is 405 counted
// under fallback.
func (ms methodSet) pick(method string, fallback RequestKind) route {
	if method == http.MethodHead {
		method = http.MethodGet
	}
	if m, ok := ms[method]; ok {
		return route{kind: m.kind, serve: m.serve, readsBody: bodyMethods[method]}
	}
	allow := make([]string, 0, len(ms)+1)
	for k := range ms {
		allow = append(allow, k)
	}
	if _, ok := ms[http.MethodGet]; ok {
		allow = append(allow, http.MethodHead)
	}
	sort.Strings(allow)
	return route{kind: fallback, serve: func(w http.ResponseWriter, r *http.Request) {
		writeMethodNotAllowed(w, strings.Join(allow, ", "))
	}}
}

// normalizePath drops a trailing '/', so that "/redfish/v1/" and
// "/redfish/v1" (and iLO-style ".../Subscriptions/1/") name one resource.
func normalizePath(p string) string {
	for len(p) > 1 && strings.HasSuffix(p, "/") {
		p = strings.TrimSuffix(p, "/")
	}
	return p
}

// resolve maps a request to its route.
func (b *BMC) resolve(method, rawPath string) route {
	p := normalizePath(rawPath)
	if len(b.opts.Paths) > 0 {
		// Served where Options.Paths put it, and only there.
		dmtf := movePath(b.opts.Paths, p, true)
		if movePath(b.opts.Paths, dmtf, false) != p {
			return route{kind: KindOther, serve: writeNotFound}
		}
		p = dmtf
	}
	switch {
	case p == pathRedfish:
		rt := methodSet{http.MethodGet: {KindServiceRoot, b.getRedfish}}.pick(method, KindServiceRoot)
		rt.public = true
		return rt
	case p == pathRoot:
		// DSP0266 clause "Service root request": the service root is
		// readable without authentication so clients can discover the login.
		rt := methodSet{http.MethodGet: {KindServiceRoot, b.getServiceRoot}}.pick(method, KindServiceRoot)
		rt.public = true
		return rt
	case p == pathSessionService:
		return methodSet{http.MethodGet: {KindSessionService, b.getSessionService}}.pick(method, KindSessionService)
	case p == pathSessions:
		rt := methodSet{
			http.MethodGet:  {KindSessionList, b.getSessions},
			http.MethodPost: {KindSessionCreate, b.postSession},
		}.pick(method, KindSessionList)
		// Logging in is the one POST that needs no credentials.
		rt.public = rt.kind == KindSessionCreate
		return rt
	case strings.HasPrefix(p, pathSessions+"/"):
		id := strings.TrimPrefix(p, pathSessions+"/")
		return methodSet{
			http.MethodGet:    {KindSessionGet, func(w http.ResponseWriter, r *http.Request) { b.getSession(w, id) }},
			http.MethodDelete: {KindSessionDelete, func(w http.ResponseWriter, r *http.Request) { b.deleteSession(w, id) }},
		}.pick(method, KindSessionGet)
	case strings.HasPrefix(p, pathEventService):
		return b.resolveEventService(method, p)
	}
	return route{kind: KindOther, serve: writeNotFound}
}

func (b *BMC) resolveEventService(method, p string) route {
	switch {
	case p == pathEventService:
		return methodSet{
			http.MethodGet:   {KindEventService, b.getEventService},
			http.MethodPatch: {KindEventService, b.patchEventService},
		}.pick(method, KindEventService)
	case p == pathActionInfo && b.profile.ActionInfo:
		return methodSet{http.MethodGet: {KindActionInfo, b.getActionInfo}}.pick(method, KindActionInfo)
	case p == pathSubmitTestEvent:
		return methodSet{http.MethodPost: {KindSubmitTestEvent, b.postSubmitTestEvent}}.pick(method, KindSubmitTestEvent)
	case p == pathTestEventSubscription && b.profile.TestEventAction:
		return methodSet{http.MethodPost: {KindTestEventSubscription, b.postTestEventSubscription}}.pick(method, KindTestEventSubscription)
	case p == pathSubscriptions:
		// EventDestinationCollection: insertable, not updatable or deletable.
		return methodSet{
			http.MethodGet:  {KindSubscriptionList, b.getSubscriptions},
			http.MethodPost: {KindSubscriptionCreate, b.postSubscription},
		}.pick(method, KindSubscriptionList)
	case strings.HasPrefix(p, pathSubscriptions+"/"):
		return b.resolveSubscription(method, strings.TrimPrefix(p, pathSubscriptions+"/"))
	}
	return route{kind: KindOther, serve: writeNotFound}
}

func (b *BMC) resolveSubscription(method, rest string) route {
	id, action, hasAction := strings.Cut(rest, "/")
	coll, certID, _ := strings.Cut(action, "/")
	if hasAction && b.profile.SubscriptionCertificates && (coll == collCertificates || coll == collClientCertificates) {
		return b.resolveCertificates(method, id, coll, certID)
	}
	if hasAction {
		if !b.subscriptionActionOffered(action) {
			return route{kind: KindSubscriptionAction, serve: writeNotFound}
		}
		return methodSet{http.MethodPost: {KindSubscriptionAction, func(w http.ResponseWriter, r *http.Request) {
			b.postSubscriptionAction(w, r, id, action)
		}}}.pick(method, KindSubscriptionAction)
	}
	return methodSet{
		http.MethodGet:    {KindSubscriptionGet, func(w http.ResponseWriter, r *http.Request) { b.getSubscription(w, id) }},
		http.MethodPatch:  {KindSubscriptionPatch, func(w http.ResponseWriter, r *http.Request) { b.patchSubscription(w, r, id) }},
		http.MethodDelete: {KindSubscriptionDelete, func(w http.ResponseWriter, r *http.Request) { b.deleteSubscriptionHTTP(w, id) }},
	}.pick(method, KindSubscriptionGet)
}

// resolveCertificates routes a subscription's CertificateCollection (GET,
// POST) and its members (GET, DELETE).
func (b *BMC) resolveCertificates(method, id, coll, certID string) route {
	if certID == "" {
		return methodSet{
			http.MethodGet:  {KindCertificateList, func(w http.ResponseWriter, r *http.Request) { b.getCertificates(w, id, coll) }},
			http.MethodPost: {KindCertificateCreate, func(w http.ResponseWriter, r *http.Request) { b.postCertificate(w, r, id, coll) }},
		}.pick(method, KindCertificateList)
	}
	return methodSet{
		http.MethodGet:    {KindCertificateGet, func(w http.ResponseWriter, r *http.Request) { b.getCertificate(w, id, coll, certID) }},
		http.MethodDelete: {KindCertificateDelete, func(w http.ResponseWriter, r *http.Request) { b.deleteCertificate(w, id, coll, certID) }},
	}.pick(method, KindCertificateGet)
}

func (b *BMC) subscriptionActionOffered(action string) bool {
	switch action {
	case actionSuspend:
		return b.profile.SuspendAction
	case actionResume:
		return b.profile.ResumeAction
	}
	return false
}

// odataID renders a resource path as the profile writes @odata.id values.
func (b *BMC) odataID(path string) string {
	if len(b.opts.Paths) > 0 {
		path = movePath(b.opts.Paths, path, false)
	}
	if b.profile.TrailingSlashIDs && !strings.HasSuffix(path, "/") {
		return path + "/"
	}
	return path
}

// link is a Redfish reference object.
func (b *BMC) link(path string) map[string]any {
	return map[string]any{"@odata.id": b.odataID(path)}
}

// checkPaths refuses Options.Paths entries the router could not serve.
func checkPaths(paths map[string]string) error {
	for from, to := range paths {
		for _, p := range []string{from, to} {
			if !strings.HasPrefix(p, pathRoot+"/") || normalizePath(p) != p {
				return fmt.Errorf("bmcsim: Paths entry %q: %q is not a path below %s/ without a trailing slash", from, p, pathRoot)
			}
		}
	}
	return nil
}

// movePath rewrites p by the longest key of moves that is p or one of its
// parents (the values, with reverse); p is returned as is when none is.
func movePath(moves map[string]string, p string, reverse bool) string {
	best, repl := "", ""
	for from, to := range moves {
		if reverse {
			from, to = to, from
		}
		if (p == from || strings.HasPrefix(p, from+"/")) && len(from) > len(best) {
			best, repl = from, to
		}
	}
	if best == "" {
		return p
	}
	return repl + p[len(best):]
}
