package bmcsim

import (
	"net/http"
	"time"
)

// Sources the openbmc profile cites. The handler source was read for this
// profile; the commits named after it are those issue #9 cites for changes
// since, which were not re-read here.
const (
	srcBmcwebHandlers = "openbmc/bmcweb redfish-core/lib/event_service.cpp (2025 tree, read for this profile)"
	srcBmcwebErrors   = "openbmc/bmcweb redfish-core/src/error_messages.cpp (2023–2025 trees)"
)

// openbmcProfile is bmcweb, OpenBMC's Redfish server, as of its 2025–2026
// trees.
func openbmcProfile() Profile {
	p := derive(dmtfProfile())
	p.Name = "openbmc"
	p.Summary = "OpenBMC bmcweb (2025–2026 trees)"
	p.Vendor = "OpenBMC"
	p.Firmware = "bmcweb master, 2025-2026"

	// maxNoOfSubscriptions = 20 (SSE streams count too, at most 10 of
	// them; the emulator serves no SSE), answered with
	// eventSubscriptionLimitExceeded, a 503 in error_messages.cpp.
	p.MaxSubscriptions = 20
	p.LimitStatus = http.StatusServiceUnavailable
	p.LimitMessage = "EventSubscriptionLimitExceeded"
	p.cite(TopicCap, srcBmcwebHandlers+"; "+srcBmcwebErrors, "20 subscriptions, SSE streams included (≤ 10 of them); the 21st: 503 EventSubscriptionLimitExceeded")

	// addPushSubscription: std::to_string of a uniform_int_distribution<uint32_t>.
	p.IDs = IDRandomNumeric
	p.cite(TopicIDs, "openbmc/bmcweb redfish-core/include/event_service_manager.hpp (addSubscription, 2023–2025)", "random uint32 in decimal; SNMPv2c trap clients are snmp<N>")

	// readJsonPatch names exactly these keys; any other is PropertyUnknown.
	p.CreateProperties = []string{
		"Context", "DeliveryRetryPolicy", "Destination", "EventFormatType",
		"HeartbeatIntervalMinutes", "HttpHeaders", "MessageIds",
		"MetricReportDefinitions", "OriginResources", "Protocol",
		"RegistryPrefixes", "ResourceTypes", "SendHeartbeat",
		"SubscriptionType", "VerifyCertificate",
	}
	p.Rejects = RejectUnknown
	p.cite(TopicCreateProps, srcBmcwebHandlers, "readJsonPatch keys only (EventTypes, Severities, Oem… are PropertyUnknown); Context ≤ 256 (StringValueTooLong)")
	p.MaxContextLen = 256

	// parse_absolute_uri accepts any scheme (commit a716aa7495, 2023, per
	// issue #9); userinfo is PropertyValueFormatError; ≤ 2000 characters.
	p.RequireHTTPS = false
	p.AnyURIScheme = true
	p.MaxDestinationLen = 2000
	p.cite(TopicDestination, srcBmcwebHandlers+"; commit a716aa7495 (2023) per issue #9",
		"any absolute URI (boost::urls::parse_absolute_uri), no userinfo, a valid port, ≤ 2000 characters (StringValueTooLong)")

	// supportedRegPrefixes / supportedResourceTypes, with the heartbeat
	// entries added in 2024 (commits 5064a25bc6, fb54610544 per issue #9).
	p.RegistryPrefixes = []string{"Base", "OpenBMC", "TaskEvent", "HeartbeatEvent"}
	p.ResourceTypes = []string{"Task", "Heartbeat"}
	p.RestrictFilters = true
	p.RejectMessageIDsWithPrefixes = true
	p.MessageIDsAreKeys = true
	p.EventTypesForSubscription = nil
	p.cite(TopicFilters, srcBmcwebHandlers,
		"RegistryPrefixes ⊆ Base, OpenBMC, TaskEvent, HeartbeatEvent; ResourceTypes ⊆ Task, Heartbeat; MessageIds are bare keys of those registries and conflict with RegistryPrefixes (PropertyValueConflict); no EventTypes")

	// protocol != "Redfish" → PropertyValueNotInList, except SNMPv2c, which
	// becomes a D-Bus trap client; SubscriptionType only RedfishEvent.
	p.Protocols = []string{"Redfish", "SNMPv2c"}
	p.SubscriptionTypes = []string{"RedfishEvent"}
	p.SNMPTrapClients = true
	p.cite(TopicProtocols, srcBmcwebHandlers,
		"Redfish, or SNMPv2c with an snmp:// Destination and no other property (PropertyValueConflict with Protocol); SubscriptionType RedfishEvent only. The SNMP create answer (snmp_trap_event_clients.hpp) was not read: 201 + Created assumed")

	// Header values must be strings; their summed size ≤ 8096.
	p.MaxHTTPHeadersSize = 8096
	p.cite(TopicHTTPHeaders, srcBmcwebHandlers, "values must be strings; name + value + 6 summed over all headers ≤ 8096 (ArraySizeTooLong); read back []")

	p.Create = CreateMessage
	p.RelativeLocation = true
	p.cite(TopicCreateAnswer, srcBmcwebHandlers, "201, body {@Message.ExtendedInfo: [Created]}, relative Location")

	// PATCH handler: readJsonPatch of these keys, no body set: 200, empty.
	p.PatchProperties = []string{"Context", "DeliveryRetryPolicy", "HeartbeatIntervalMinutes", "HttpHeaders", "SendHeartbeat", "VerifyCertificate"}
	p.Patch = PatchEmptyOK
	p.cite(TopicPatch, srcBmcwebHandlers, "Context, DeliveryRetryPolicy, HeartbeatIntervalMinutes, HttpHeaders, SendHeartbeat, VerifyCertificate; 200 with an empty body")

	// DELETE: messages::success (200); unknown GET/PATCH: result(not_found)
	// with no body; unknown DELETE: resourceNotFound.
	p.Delete = DeleteSuccessMessage
	p.NotFoundEmptyBody = true
	p.cite(TopicDelete, srcBmcwebHandlers, "200 {@Message.ExtendedInfo: [Success]}; unknown member: GET and PATCH 404 with an empty body, DELETE 404 ResourceNotFound")

	// GET handler: every UserSubscription field, HttpHeaders [], no Status,
	// no OriginResources; Destination is the normalized URL with an explicit
	// port and a "/" path (setPortDefaults, set_path("/")).
	p.RenderEmptyArrays = true
	p.ContextEmptyString = true
	p.OmitStatus = true
	p.OmitOriginResources = true
	// UserSubscription defaults (include/event_service_store.hpp):
	// verifyCertificate true, sendHeartbeat false, hbIntervalMinutes 0.
	// bmcweb renders that 0, which EventDestination's minimum of 1 forbids;
	// the emulator leaves HeartbeatIntervalMinutes out until it is set, so
	// its bodies stay valid.
	p.RenderDefaults = map[string]any{"SendHeartbeat": false, "VerifyCertificate": true}
	p.DestinationReport = DestinationReport{Normalize: true, ExplicitPort: true}
	p.MemberName = "Event Destination %s"
	p.cite(TopicRender, srcBmcwebHandlers+"; openbmc/bmcweb include/event_service_store.hpp (2025 tree, UserSubscription defaults); openbmc/bmcweb redfish-core/src/subscription.cpp (2025 tree: the Subscription constructor stores the rewritten URL as destinationUrl, which GET renders)",
		`Name "Event Destination <Id>"; no Status, no OriginResources; Context "" and filter arrays [] when unset; SendHeartbeat (false) and VerifyCertificate (true) always, HeartbeatIntervalMinutes once set (bmcweb renders its default 0, below the schema's minimum of 1); Destination normalized with an explicit port and "/" path: https://h reads back https://h:443/ (the ports come from setPortDefaults in http/utility.hpp, not read: 80, 443, 162 for snmp assumed)`)

	p.RetryPolicies = []string{"TerminateAfterRetries", "SuspendRetries", "RetryForever"}
	p.DefaultRetryPolicy = "TerminateAfterRetries"
	p.DefaultVerifyCertificate = true
	p.RetryAttemptsRange = [2]int{1, 3}
	p.RetryIntervalRange = [2]int{5, 180}
	p.RetryRangeMessage = "PropertyValueOutOfRange"
	p.cite(TopicRetry, srcBmcwebHandlers+"; commit 509ced5b5b (2026-07) per issue #9",
		"no RetryForeverWithBackoff; TerminateAfterRetries when unset; VerifyCertificate true when unset; EventService DeliveryRetryAttempts [1-3], DeliveryRetryIntervalSeconds [5-180], out of range PropertyValueOutOfRange (QueryParameterOutOfRange before 2026-07)")

	// Session timeout 30 minutes since commit dc414b50c1 (per issue #9).
	p.SessionTimeout = 30 * time.Minute
	p.unverified(TopicSessions, "idle timeout 30 minutes per commit dc414b50c1 as cited in issue #9 (not re-read); no session cap modelled")

	p.RootID = "/redfish/v1"
	p.RedfishVersion = "1.17.0"
	p.SuspendAction = false
	p.ResumeAction = false
	p.ActionInfo = false
	p.TestEventAction = false
	p.SupportsExpand = false
	p.SubmitTestEventCode = http.StatusNoContent
	p.cite(TopicQuery, "openbmc/bmcweb meson_options (BMCWEB_INSECURE_ENABLE_REDFISH_QUERY off by default)", "$expand 501 QueryNotSupported")

	p.MediaTypeStatus = http.StatusBadRequest
	p.MediaTypeMessage = "UnrecognizedRequestBody"
	p.cite(TopicMediaType, "openbmc/bmcweb http/parsing.hpp and redfish-core/src/utils/json_utils.cpp (2024–2025)", "a non-JSON Content-Type: 400 UnrecognizedRequestBody")

	// The create keys above have no SNMP, SyslogFilters or
	// BackupDestinations (PropertyUnknown); the GET handler renders no
	// Certificates link and no SNMP object.
	p.SNMP = SNMPSupport{}
	p.SubscriptionCertificates = false
	p.SMTPSettings = false
	p.cite(TopicSNMP, srcBmcwebHandlers, "no SNMP object: SNMPv2c trap clients take only Destination; SNMP is PropertyUnknown")
	p.cite(TopicSyslog, srcBmcwebHandlers, "no syslog protocols, SyslogFilters PropertyUnknown")
	p.cite(TopicBackup, srcBmcwebHandlers, "BackupDestinations PropertyUnknown")
	p.cite(TopicCertificates, srcBmcwebHandlers,
		"no Certificates/ClientCertificates links or routes under a subscription; VerifyCertificate is a plain boolean (which trust store bmcweb's HTTP client then uses was not read)")
	p.cite(TopicResume, srcBmcwebHandlers, "no subscription actions")
	p.cite(TopicAdvertise, srcBmcwebHandlers,
		"RegistryPrefixes and ResourceTypes as above (enforced: PropertyValueNotInList); no EventTypesForSubscription, Severities or Exclude* flags; no ServerSentEventUri here (bmcweb serves one; the emulator serves no SSE)")
	p.EventDestinationType = "#EventDestination.v1_14_1.EventDestination"
	p.EventServiceType = "#EventService.v1_5_0.EventService"
	p.cite(TopicSchemas, srcBmcwebHandlers, "EventDestination v1_14_1, EventService v1_5_0")
	return p
}
