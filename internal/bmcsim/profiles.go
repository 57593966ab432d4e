package bmcsim

import (
	"net/http"
	"sort"
	"strconv"
	"time"
)

// A Profile is everything that makes one kind of BMC answer differently from
// another. Each rule carries, in its comment, the evidence it comes from; the
// dmtf profile follows DSP0266 and the DMTF schemas literally, and the others
// start from it and change only what the vendor is known to do differently.
type Profile struct {
	Name    string
	Summary string
	Vendor  string

	// MaxSubscriptions caps the Subscriptions collection; creating one more
	// answers LimitStatus with the Base message LimitMessage. 0 = no cap.
	MaxSubscriptions int
	LimitStatus      int
	LimitMessage     string
	// LimitCountsRedfishOnly: only Protocol=Redfish members count against
	// MaxSubscriptions (SNMP/SMTP destinations have their own quotas).
	LimitCountsRedfishOnly bool
	IDs                    IDStyle

	// CreateProperties lists the properties a create may carry; nil means
	// every EventDestination property the schema lets a client set.
	CreateProperties []string
	// Rejects says which messages reject properties the BMC does not take.
	Rejects RejectStyle
	// ProtocolOptional accepts a create without Protocol (defaulting to
	// Redfish) although the schema lists it in requiredOnCreate.
	ProtocolOptional bool
	RequireContext   bool
	// RedfishOnly rejects any Protocol but Redfish with PropertyValueNotInList.
	RedfishOnly  bool
	RequireHTTPS bool
	// MaxContextLen and MaxDestinationLen reject longer strings with
	// StringValueTooLong; 0 = unlimited.
	MaxContextLen     int
	MaxDestinationLen int
	// RejectMessageIDsWithPrefixes rejects non-empty MessageIds together with
	// non-empty RegistryPrefixes (PropertyValueConflict).
	RejectMessageIDsWithPrefixes bool
	// MessageIDsAreKeys: MessageIds must be bare message keys ("TaskStarted")
	// of a registry the BMC knows, not "Registry.Key".
	MessageIDsAreKeys bool
	// RegistryPrefixes and ResourceTypes are what the EventService reports;
	// when RestrictFilters is set, creates may use only these values.
	RegistryPrefixes []string
	ResourceTypes    []string
	RestrictFilters  bool
	// RetryPolicies are the DeliveryRetryPolicy values accepted on create and
	// PATCH; nil = every schema value.
	RetryPolicies []string
	// EventTypesForSubscription is reported by the EventService; with
	// RestrictEventTypes they are the only EventTypes a create may use.
	EventTypesForSubscription []string
	RestrictEventTypes        bool
	// RejectDuplicateDestination refuses a second subscription to the same
	// Destination with ResourceAlreadyExists and DuplicateStatus.
	RejectDuplicateDestination bool
	DuplicateStatus            int

	Create CreateStyle
	// RelativeLocation sends Location as an absolute path instead of a full URL.
	RelativeLocation bool
	Patch            PatchStyle
	// PatchProperties lists what PATCH may change; nil = the schema's
	// readonly:false properties.
	PatchProperties []string

	// TrailingSlashIDs ends every @odata.id (and Location) with '/'.
	TrailingSlashIDs bool
	// RootID is the service root's @odata.id.
	RootID         string
	RedfishVersion string
	// ILOErrors shapes error bodies as iLO does: code iLO.0.10.ExtendedInfo
	// and messages that carry only MessageId and MessageArgs.
	ILOErrors bool
	// HTTPHeadersNull reads HttpHeaders back as null instead of [] (the schema
	// allows both, preferring []).
	HTTPHeadersNull bool
	// RenderEmptyArrays always renders the filter arrays, [] when unset, as
	// bmcweb does; otherwise only properties that were set are rendered.
	RenderEmptyArrays bool
	// ContextEmptyString renders an unset Context as "" instead of null.
	ContextEmptyString bool
	// DestinationReport rewrites Destination in what is served (never in
	// what is stored or where events go).
	DestinationReport    DestinationReport
	EventDestinationType string
	EventServiceType     string
	MemberName           string // Name of members; "%s" is replaced by the Id
	ILOAnnotations       bool   // @odata.context, @odata.etag and Description on members
	SuspendAction        bool
	ResumeAction         bool
	ActionInfo           bool
	TestEventAction      bool
	ReportsRetryPolicy   bool
	SupportsExpand       bool
	// OmitProtocolFeatures leaves ProtocolFeaturesSupported out of the
	// service root (ServiceRoot v1_3_0 made it optional).
	OmitProtocolFeatures bool
	ServiceEnabledPatch  bool
	// RetryAttemptsRange/RetryIntervalRange bound PATCHes of the EventService;
	// zero = any non-negative value.
	RetryAttemptsRange  [2]int
	RetryIntervalRange  [2]int
	SubmitTestEventCode int
	Preload             []Subscription

	// DefaultRetryPolicy applies when a subscription has none; "" means the
	// event is dropped after the retries and the subscription kept, which is
	// what services without DeliveryRetryPolicy (pre EventDestination v1_6) do.
	DefaultRetryPolicy       string
	DefaultVerifyCertificate bool

	// SessionCap limits concurrent sessions (0 = none); the next login is
	// answered with SessionCapStatus and the body SessionCapBody returns,
	// or Base SessionLimitExceeded when it is nil.
	SessionCap       int
	SessionCapStatus int
	SessionCapBody   func() any
	SessionTimeout   time.Duration

	// MediaTypeStatus answers a request body whose Content-Type is not
	// application/json (0: 415, as DSP0266 says); MediaTypeMessage is the
	// Base message key sent then ("": HeaderInvalid or HeaderMissing).
	MediaTypeStatus  int
	MediaTypeMessage string
}

// IDStyle is how a profile names new subscriptions.
type IDStyle int

const (
	IDSequential    IDStyle = iota // 1, 2, 3…
	IDRandomNumeric                // bmcweb: a random uint32 in decimal
	IDRandomHex                    // XCC: a random identifier
)

// RejectStyle is how a profile rejects properties it does not accept.
type RejectStyle int

const (
	// RejectBase: PropertyUnknown for unknown, PropertyNotWritable for
	// read-only properties, as DSP0266 describes.
	RejectBase RejectStyle = iota
	// RejectUnknown: every property outside the accepted list is
	// PropertyUnknown (bmcweb's json_util::readJsonPatch knows no others).
	RejectUnknown
	// RejectILO: iLO's own iLO.2.x.PropertyNotWritableOrUnknown.
	RejectILO
)

// CreateStyle is how a BMC answers a successful subscription create.
type CreateStyle int

const (
	CreateResource            CreateStyle = iota // 201, Location, the new resource
	CreateMessage                                // 201, Location, {"@Message.ExtendedInfo":[Created]}
	CreateResourceWithMessage                    // 201, Location, resource + @Message.ExtendedInfo
	CreateILOExtendedInfo                        // 201, Location, error-shaped body holding Base Created
	CreateNoContent                              // 204, Location, no body
)

// PatchStyle is how a BMC answers a successful PATCH.
type PatchStyle int

const (
	PatchResource            PatchStyle = iota // 200 and the resource
	PatchResourceWithMessage                   // 200, resource + @Message.ExtendedInfo [Success]
	PatchNoContent                             // 204
	PatchILOExtendedInfo                       // 200, error-shaped body holding Base Success
)

var allEventTypes = []string{"StatusChange", "ResourceUpdated", "ResourceAdded", "ResourceRemoved", "Alert", "MetricReport", "Other"}

// ProfileNames lists the built-in profiles, sorted.
func ProfileNames() []string {
	names := make([]string, 0, len(profiles))
	for n := range profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// LookupProfile returns a copy of the named built-in profile.
func LookupProfile(name string) (Profile, bool) {
	mk, ok := profiles[name]
	if !ok {
		return Profile{}, false
	}
	return mk(), true
}

var profiles = map[string]func() Profile{
	"dmtf":    dmtfProfile,
	"openbmc": openbmcProfile,
	"idrac":   idracProfile,
	"ilo5":    ilo5Profile,
	"xcc":     xccProfile,
	"minimal": minimalProfile,
}

// dmtfProfile is the reference: DSP0266 v1.22, EventDestination v1_16_0,
// EventService v1_12_0 and DMTF's public-rackmount1 mockup.
func dmtfProfile() Profile {
	return Profile{
		Name:    "dmtf",
		Summary: "DMTF reference: DSP0266 and the 2025.4 schemas, taken literally",
		Vendor:  "DMTF",
		// DSP0266 sets no subscription limit. A cap exists so that clients can
		// be tested against CreateLimitReachedForResource, the Base message
		// for "the resource has reached its create limit"; DSP0266 clause
		// "POST (create)" leaves the status to the service, 400 is the norm.
		MaxSubscriptions: 100,
		LimitStatus:      http.StatusBadRequest,
		LimitMessage:     "CreateLimitReachedForResource",
		IDs:              IDSequential,
		Rejects:          RejectBase,
		// The registries the emulator can raise events from, and the schema
		// names its OriginOfCondition paths map to (see resourceTypeOf).
		RegistryPrefixes:          []string{"Base", "HeartbeatEvent", "ResourceEvent"},
		ResourceTypes:             knownResourceTypes(),
		EventTypesForSubscription: allEventTypes,
		RootID:                    "/redfish/v1/", // public-rackmount1 index.json
		RedfishVersion:            "1.22.0",
		// EventDestination v1_16_0 requiredOnCreate: Destination, Protocol.
		// "Redfish" destinations are HTTP(S) URIs (longDescription of
		// Destination: "consistent with RFC3986").
		// DSP0266 "POST (create)": 201 Created, Location of the new
		// resource, body "a representation of the new resource".
		Create:               CreateResource,
		Patch:                PatchResource,
		EventDestinationType: "#EventDestination.v1_16_0.EventDestination",
		EventServiceType:     "#EventService.v1_12_0.EventService",
		MemberName:           "EventSubscription %s", // as in public-rackmount1
		SuspendAction:        true,                   // v1_12_0 actions
		ResumeAction:         true,
		ActionInfo:           true, // mockup SubmitTestEventActionInfo
		TestEventAction:      true, // EventService v1_10_0 TestEventSubscription
		ReportsRetryPolicy:   true,
		SupportsExpand:       true, // DSP0266 clause "Query parameters": $expand
		ServiceEnabledPatch:  true,
		SubmitTestEventCode:  http.StatusNoContent,
		// The schema offers all four policies and prescribes no default; the
		// first enum value, TerminateAfterRetries, is what most services use.
		DefaultRetryPolicy: "TerminateAfterRetries",
		// VerifyCertificate longDescription: "If this property is not
		// supported by the service or specified by the client in the create
		// request, it shall be assumed to be false."
		DefaultVerifyCertificate: false,
		SessionTimeout:           30 * time.Minute,
	}
}

// openbmcProfile is bmcweb, OpenBMC's Redfish server. Evidence: bmcweb
// redfish-core/lib/event_service.hpp (handler of POST/PATCH on
// /redfish/v1/EventService/Subscriptions), redfish-core/include/
// event_service_manager.hpp (addSubscription) and
// redfish-core/src/error_messages.cpp (status codes), 2023–2025 trees.
func openbmcProfile() Profile {
	p := dmtfProfile()
	p.Name = "openbmc"
	p.Summary = "OpenBMC bmcweb"
	p.Vendor = "OpenBMC"
	// event_service.hpp: maxNoOfSubscriptions = 20, answered with
	// messages::eventSubscriptionLimitExceeded, which error_messages.cpp
	// sends as 503 Service Unavailable.
	p.MaxSubscriptions = 20
	p.LimitStatus = http.StatusServiceUnavailable
	p.LimitMessage = "EventSubscriptionLimitExceeded"
	// addSubscription: id = std::to_string(uniform_int_distribution<uint32_t>).
	p.IDs = IDRandomNumeric
	// readJsonPatch(...) names exactly these keys; any other key (EventTypes,
	// Severities, ExcludeMessageIds, Oem…) is PropertyUnknown.
	p.CreateProperties = []string{
		"Context", "DeliveryRetryPolicy", "Destination", "EventFormatType",
		"HeartbeatIntervalMinutes", "HttpHeaders", "MessageIds",
		"MetricReportDefinitions", "OriginResources", "Protocol",
		"RegistryPrefixes", "ResourceTypes", "SendHeartbeat",
		"SubscriptionType", "VerifyCertificate",
	}
	p.Rejects = RejectUnknown
	// `if (protocol != "Redfish") propertyValueNotInList(protocol, "Protocol")`
	// (SNMPv2c is handled by a separate D-Bus trap client, not emulated).
	p.RedfishOnly = true
	// Only https unless built with BMCWEB_INSECURE_PUSH_STYLE_NOTIFICATION,
	// which is off by default: propertyValueFormatError(destUrl, "Destination").
	p.RequireHTTPS = true
	// maxContextSize = 256 ("selected arbitrarily"), maxDestinationSize =
	// 2000; both answered with stringValueTooLong(<property name>, limit).
	p.MaxContextLen = 256
	p.MaxDestinationLen = 2000
	// `if (!regPrefixes->empty() && !msgIds->empty())
	//      propertyValueConflict("MessageIds", "RegistryPrefixes")`
	p.RejectMessageIDsWithPrefixes = true
	// MessageIds are checked with `id == messageEntry.first`, i.e. against
	// bare message keys of the selected registries.
	p.MessageIDsAreKeys = true
	// supportedRegPrefixes = {"Base", "OpenBMC", "TaskEvent"};
	// supportedResourceTypes = {"Task"}; anything else PropertyValueNotInList.
	p.RegistryPrefixes = []string{"Base", "OpenBMC", "TaskEvent"}
	p.ResourceTypes = []string{"Task"}
	p.RestrictFilters = true
	// supportedRetryPolicies: RetryForeverWithBackoff is not among them.
	p.RetryPolicies = []string{"TerminateAfterRetries", "SuspendRetries", "RetryForever"}
	// bmcweb's EventService reports no EventTypesForSubscription at all and
	// EventTypes is unknown on create (see CreateProperties).
	p.EventTypesForSubscription = nil
	// redfish_v1.hpp / service_root.hpp: "@odata.id" = "/redfish/v1".
	p.RootID = "/redfish/v1"
	p.RedfishVersion = "1.17.0"
	// messages::created() in the body, and
	// addHeader("Location", "/redfish/v1/EventService/Subscriptions/" + id).
	p.Create = CreateMessage
	p.RelativeLocation = true
	// PATCH handler: readJsonPatch("Context", "DeliveryRetryPolicy",
	// "HttpHeaders", …) and no response body; newer trees add
	// VerifyCertificate. Answered here as 204 No Content.
	p.PatchProperties = []string{"Context", "DeliveryRetryPolicy", "HttpHeaders", "VerifyCertificate"}
	p.Patch = PatchNoContent
	// GET handler: jsonValue["HttpHeaders"] = nlohmann::json::array(); the
	// filter arrays are assigned unconditionally (empty when unset), Context
	// from customText (a std::string, "" when unset).
	p.RenderEmptyArrays = true
	p.ContextEmptyString = true
	p.EventDestinationType = "#EventDestination.v1_14_1.EventDestination"
	p.EventServiceType = "#EventService.v1_5_0.EventService"
	p.MemberName = "Event Destination %s"
	p.SuspendAction = false
	p.ResumeAction = false
	p.ActionInfo = false      // bmcweb serves no SubmitTestEventActionInfo
	p.TestEventAction = false // only SubmitTestEvent is routed
	// $expand needs BMCWEB_INSECURE_ENABLE_REDFISH_QUERY, off by default.
	p.SupportsExpand = false
	// PATCH EventService: DeliveryRetryAttempts "Supported range [1-3]",
	// DeliveryRetryIntervalSeconds "[5-180]", both queryParameterOutOfRange.
	p.RetryAttemptsRange = [2]int{1, 3}
	p.RetryIntervalRange = [2]int{5, 180}
	// SubmitTestEvent: res.result(no_content).
	p.SubmitTestEventCode = http.StatusNoContent
	// "Default \"TerminateAfterRetries\"" when DeliveryRetryPolicy is absent.
	p.DefaultRetryPolicy = "TerminateAfterRetries"
	// bmcweb's http_client verifies the destination's certificate unless
	// told otherwise; UserSubscription::verifyCertificate is only ever set
	// from the request, so an unset VerifyCertificate verifies.
	p.DefaultVerifyCertificate = true
	// persistent_data::SessionStore default timeout: 3600 s.
	p.SessionTimeout = time.Hour
	// Request bodies go through json_util::processJsonFromRequest
	// (redfish-core/src/utils/json_utils.cpp; in older trees
	// redfish-core/include/utils/json_utils.hpp) and
	// parseRequestAsJson (http/parsing.hpp): a Content-Type that
	// isJsonContentType refuses (not application/json, optionally with
	// charset=utf-8) is JsonParseResult::BadContentType, answered with
	// messages::unrecognizedRequestBody, a 400 in error_messages.cpp. Only
	// the legacy D-Bus REST API (include/openbmc_dbus_rest.hpp) sends 415.
	p.MediaTypeStatus = http.StatusBadRequest
	p.MediaTypeMessage = "UnrecognizedRequestBody"
	return p
}

// idracProfile is Dell iDRAC9. Evidence: Dell's "iDRAC9 Redfish API Reference
// Guide" (EventDestination sections), as summarised in issue 2 and not
// re-read for this code, and a subscription read back from an R470 in
// github.com/dell/iDRAC-Redfish-Scripting/issues/370 (HttpHeaders [],
// Status.State Disabled after SuspendRetries, a ResumeSubscription action,
// EventTypes ["Alert", "Other"], @odata.type v1_15_1, PATCH answered with
// Base Success). Note #370's iDRAC accepted an http:// destination, so the
// HTTPS rule belongs to older firmware or a hardened configuration.
func idracProfile() Profile {
	p := dmtfProfile()
	p.Name = "idrac"
	p.Summary = "Dell iDRAC9"
	p.Vendor = "Dell"
	// API guide: at most 20 subscriptions; the answer at the cap is not
	// documented, Base CreateLimitReachedForResource with 400 is assumed.
	p.MaxSubscriptions = 20
	p.LimitStatus = http.StatusBadRequest
	p.LimitMessage = "CreateLimitReachedForResource"
	// API guide: "Destination" must be an HTTPS URI; Context and Protocol
	// are both required on POST.
	p.RequireHTTPS = true
	p.RequireContext = true
	// iDRAC refuses a second subscription to the same destination; the
	// status (409, DSP0266's "conflict in the current state") is assumed.
	p.RejectDuplicateDestination = true
	p.DuplicateStatus = http.StatusConflict
	// iDRAC9 subscriptions are EventTypes-based (plus MetricReport for
	// telemetry); seen in #370: ["Alert", "Other"].
	p.EventTypesForSubscription = []string{"Alert", "MetricReport", "Other", "StatusChange"}
	p.RestrictEventTypes = true
	p.RedfishVersion = "1.20.1"
	// #370: the PATCH answer holds Base Success (and an IDRAC.2.x.SYS413)
	// next to the resource; creates are assumed to answer alike, with Created.
	p.Create = CreateResourceWithMessage
	p.Patch = PatchResourceWithMessage
	p.EventDestinationType = "#EventDestination.v1_15_1.EventDestination" // #370
	p.MemberName = "EventSubscription %s"
	p.SuspendAction = false // #370 shows only ResumeSubscription
	p.ResumeAction = true
	p.TestEventAction = false
	// #370: a subscription whose deliveries failed ends Disabled, resumable.
	p.DefaultRetryPolicy = "SuspendRetries"
	// Logins beyond the session cap: two captures of real iDRACs answering
	// POST /redfish/v1/SessionService/Sessions, stmcginnis/gofish issue #75
	// (2020, IDRAC.2.1, Base.1.5) and bb-Ricardo/check_redfish issue #89
	// (2022, IDRAC.2.4, Base.1.7), agree: 503, "code" Base GeneralError with
	// iDRAC's own "message", and one ExtendedInfo entry RAC0218 "The maximum
	// number of user sessions is reached." with empty MessageArgs and
	// RelatedProperties (and their @odata.count), Severity "Informational"
	// and no MessageSeverity. MessageSeverity could not carry that value
	// anyway: it is a Resource.Health (OK, Warning, Critical). The message
	// and resolution texts are #89's; Base is the emulator's 1.22.
	// The cap itself, 8 concurrent sessions, comes from field reports, not
	// from Dell's guide; neither capture states it.
	p.SessionCap = 8
	p.SessionCapStatus = http.StatusServiceUnavailable
	p.SessionCapBody = func() any {
		return redfishErrorBody(baseMsg("GeneralError").MessageID,
			"A general error has occurred. See ExtendedInfo for more information",
			map[string]any{
				"MessageId":                     "IDRAC.2.4.RAC0218",
				"Message":                       "The maximum number of user sessions is reached.",
				"MessageArgs":                   []string{},
				"MessageArgs@odata.count":       0,
				"RelatedProperties":             []string{},
				"RelatedProperties@odata.count": 0,
				"Resolution": "Make sure that the number of active sessions is less than or equal to the threshold limit. " +
					"To end a current session and start a new session, do one of the following: " +
					"1) Log out of iDRAC by using a Graphical User Interface (GUI). " +
					"2) End any unused session by running the following RACADM command at the Command Line Interface (CLI): racadm closessn -i [session id]." +
					"Warning: Ending a session may abruptly stop any running operation on that specific iDRAC session.",
				"Severity": "Informational",
			})
	}
	// Web server idle timeout default 1800 s (cfgSsnMgtWebserverTimeout,
	// iDRAC RACADM reference guide).
	p.SessionTimeout = 30 * time.Minute
	return p
}

// ilo5Profile is HPE iLO 5. Evidence: HPE "iLO Event services" supplement
// (servermanagementportal.ext.hpe.com/docs/redfishservices/ilos/
// supplementdocuments/iloeventservices): iLO 5 "implements a version of the
// Redfish Event Service older than version 1.3", subscriptions are
// EventTypes-based, the POST example omits Protocol, the create answers with
// an error-shaped body holding Base Created, members end with '/'. iLOrest
// docs for iLO.2.x.PropertyNotWritableOrUnknown.
func ilo5Profile() Profile {
	p := dmtfProfile()
	p.Name = "ilo5"
	p.Summary = "HPE iLO 5"
	p.Vendor = "HPE"
	// HPE documents no subscription limit for iLO 5.
	p.MaxSubscriptions = 0
	p.CreateProperties = []string{
		"Context", "Destination", "EventTypes", "HttpHeaders", "Oem", "Protocol",
		"EventFormatType", "MetricReportDefinitions",
	}
	p.Rejects = RejectILO
	p.ProtocolOptional = true
	p.EventTypesForSubscription = []string{"StatusChange", "ResourceUpdated", "ResourceAdded", "ResourceRemoved", "Alert"}
	p.RestrictEventTypes = true
	p.RegistryPrefixes = nil
	p.ResourceTypes = nil
	p.RedfishVersion = "1.13.0"
	// Every iLO error body in the HPE docs and iLOrest output looks like
	// {"error":{"code":"iLO.0.10.ExtendedInfo","message":"See
	// @Message.ExtendedInfo for more information.","@Message.ExtendedInfo":
	// [{"MessageId":"iLO.2.8.PropertyNotWritableOrUnknown","MessageArgs":[…]}]}}.
	p.ILOErrors = true
	p.Create = CreateILOExtendedInfo
	p.Patch = PatchILOExtendedInfo
	p.PatchProperties = []string{"Context"}
	p.TrailingSlashIDs = true
	p.EventDestinationType = "#EventDestination.v1_13_0.EventDestination"
	p.EventServiceType = "#EventService.v1_2_0.EventService"
	p.MemberName = "Event Subscription"
	p.ILOAnnotations = true
	p.SuspendAction = false
	p.ResumeAction = false
	p.ActionInfo = false
	p.TestEventAction = false
	// iLO 5 has no DeliveryRetryPolicy: it retries DeliveryRetryAttempts
	// times, then drops the event and keeps the subscription.
	p.ReportsRetryPolicy = false
	p.DefaultRetryPolicy = ""
	p.SubmitTestEventCode = http.StatusOK
	// iLO 5 default session timeout: 30 minutes.
	p.SessionTimeout = 30 * time.Minute
	return p
}

// xccProfile is Lenovo XClarity Controller. Evidence: Lenovo "XClarity
// Controller REST API Guide", resource EventSubscription
// (pubs.lenovo.com/xcc2-restapi/resource_event_subscription): "N1 is 0 to 12
// for SSE and Redfish Event", SMTP/SNMPv3/SNMPv1/SNMPv2c destinations live in
// the same collection as REST-SMTP-{N}, REST-SNMPv3-{N}…, Redfish ones get a
// "{random ID}".
func xccProfile() Profile {
	p := dmtfProfile()
	p.Name = "xcc"
	p.Summary = "Lenovo XClarity Controller"
	p.Vendor = "Lenovo"
	p.MaxSubscriptions = 12
	p.LimitCountsRedfishOnly = true
	// The answer at the cap is not documented; CreateLimitReachedForResource
	// with 400 is assumed.
	p.LimitStatus = http.StatusBadRequest
	p.LimitMessage = "CreateLimitReachedForResource"
	p.IDs = IDRandomHex
	p.EventDestinationType = "#EventDestination.v1_13_0.EventDestination"
	// The schema allows null or []; which one XCC sends is not documented,
	// so this profile exercises the null branch.
	p.HTTPHeadersNull = true
	p.Preload = []Subscription{
		{
			ID: "REST-SNMPv3-1", Name: "SNMPv3 trap destination",
			Destination: "snmp://trapuser@192.0.2.10:162", Protocol: "SNMPv3",
			SubscriptionType: "SNMPTrap", Context: "",
		},
		{
			ID: "REST-SMTP-1", Name: "Email alert recipient",
			Destination: "mailto:ops@example.com", Protocol: "SMTP",
			SubscriptionType: "OEM", OEMSubscriptionType: "Email",
		},
	}
	return p
}

// minimalProfile is the least a conforming service may do: DSP0266 allows a
// create to answer 204 with only a Location, and $expand is optional.
func minimalProfile() Profile {
	p := dmtfProfile()
	p.Name = "minimal"
	p.Summary = "bare minimum a conforming service may do: 204 creates, no $expand, no extras"
	p.Vendor = "bmcsim"
	p.Create = CreateNoContent
	p.RelativeLocation = true
	p.Patch = PatchNoContent
	p.HTTPHeadersNull = true
	p.SupportsExpand = false
	p.OmitProtocolFeatures = true
	p.SuspendAction = false
	p.ResumeAction = false
	p.ActionInfo = false
	p.TestEventAction = false
	p.MemberName = "Subscription %s"
	return p
}

// memberName renders MemberName for id.
func (p *Profile) memberName(id string) string {
	out := []byte{}
	for i := 0; i < len(p.MemberName); i++ {
		if p.MemberName[i] == '%' && i+1 < len(p.MemberName) && p.MemberName[i+1] == 's' {
			out = append(out, id...)
			i++
			continue
		}
		out = append(out, p.MemberName[i])
	}
	return string(out)
}

// inRange reports whether v is within r, where a zero range allows any
// non-negative value.
func inRange(v int, r [2]int) bool {
	if r == [2]int{} {
		return v >= 0
	}
	return v >= r[0] && v <= r[1]
}

func rangeString(r [2]int) string {
	return "[" + strconv.Itoa(r[0]) + "-" + strconv.Itoa(r[1]) + "]"
}
