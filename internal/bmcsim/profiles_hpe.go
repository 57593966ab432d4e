package bmcsim

import (
	"net/http"
	"time"
)

// Sources the HPE profiles cite.
const (
	srcILOEvents    = "HPE iLO Event services supplement (servermanagementportal.ext.hpe.com/docs/redfishservices/ilos/supplementdocuments/iloeventservices), iLO 5 and iLO 6"
	srcHPEEvents    = "HPE Redfish Event Service concepts (servermanagementportal.ext.hpe.com/docs/concepts/redfishevents)"
	srcTacklebox89  = "DMTF/Redfish-Tacklebox issue #89 (HPE iLO, 2022-09)"
	srcILOTelemetry = "HPE iLO Telemetry service documentation (ilo-rest-api-docs), as cited in issue #9 (not re-read)"
	srcODIM309      = "ODIM-Project/ODIM issue #309 (iLO 5 event naming Subscriptions/6595, 2021)"
	srcILORest      = "HPE iLOrest documentation (iLO.2.8.PropertyNotWritableOrUnknown, iLO.0.10.ExtendedInfo)"
)

// ilo5Profile is HPE iLO 5 (Gen10/Gen10 Plus), firmware 2.x–3.x.
func ilo5Profile() Profile {
	p := derive(dmtfProfile())
	p.Name = "ilo5"
	p.Summary = "HPE iLO 5 (ProLiant Gen10, EventTypes-based)"
	p.Vendor = "HPE"
	p.Firmware = "iLO 5 2.x–3.x"

	p.MaxSubscriptions = 0
	p.unverified(TopicCap, "HPE documents no subscription limit; none modelled")
	p.IDs = IDSequential
	p.cite(TopicIDs, srcODIM309, "numbers (an event names Subscriptions/6595); sequential assumed")

	p.CreateProperties = []string{
		"Context", "Destination", "EventTypes", "HttpHeaders", "Oem", "Protocol",
		"EventFormatType", "MetricReportDefinitions",
	}
	p.Rejects = RejectILO
	p.ProtocolOptional = true
	// Tacklebox #89: a create without EventTypes fails 400, "The property
	// EventTypes is a required property and must be included in the request."
	p.RequireEventTypes = true
	p.cite(TopicCreateProps, srcILOEvents+"; "+srcTacklebox89+"; "+srcILORest,
		"Context, Destination, EventTypes (required: 400 PropertyMissing), HttpHeaders, Oem, Protocol (optional, Redfish), EventFormatType, MetricReportDefinitions; anything else iLO.2.8.PropertyNotWritableOrUnknown")

	p.RequireHTTPS = true
	p.cite(TopicDestination, srcHPEEvents, "\"the URL of an HTTPS server\": https only")

	// iLO 5 "implements a version of the Redfish Event Service older than
	// version 1.3": EventTypes-based; MetricReport for telemetry.
	p.EventTypesForSubscription = []string{"StatusChange", "ResourceUpdated", "ResourceAdded", "ResourceRemoved", "Alert", "MetricReport"}
	p.RestrictEventTypes = true
	p.RegistryPrefixes = nil
	p.ResourceTypes = nil
	p.cite(TopicFilters, srcILOEvents+"; "+srcILOTelemetry, "EventTypes ⊆ StatusChange, ResourceUpdated, ResourceAdded, ResourceRemoved, Alert, MetricReport (MetricReport on recent firmware)")

	p.HTTPHeadersObject = true
	p.unverified(TopicHTTPHeaders, "HPE documents HttpHeaders as one object {\"Header\": \"Value\"} (per issue #9); that the schema's array form is refused (400 PropertyValueTypeError naming HttpHeaders) is assumed")

	p.ILOErrors = true
	p.Create = CreateILOExtendedInfo
	p.cite(TopicCreateAnswer, srcILOEvents, "201, Location, an error-shaped body holding Base.1.17.Created")
	p.Patch = PatchILOExtendedInfo
	p.PatchProperties = []string{"Context"}
	p.unverified(TopicPatch, "only Context; 200 with an error-shaped body holding Base.1.17.Success (iLOrest output; the writable list is not documented)")
	p.Delete = DeleteILOExtendedInfo
	p.cite(TopicDelete, srcILORest, "200 with an error-shaped body holding Base.1.17.Success")

	p.TrailingSlashIDs = true
	p.MemberName = "Event Subscription"
	p.ILOAnnotations = true
	p.SuspendAction = false
	p.ResumeAction = false
	p.ActionInfo = false
	p.TestEventAction = false
	p.cite(TopicRender, srcILOEvents, "@odata.id ending in /, @odata.context, @odata.etag, Description; HttpHeaders []")

	p.SNMP = SNMPSupport{}
	p.SubscriptionCertificates = false
	p.SMTPSettings = false
	p.cite(TopicSNMP, srcILOEvents, "no SNMP destinations through Subscriptions (CreateProperties has no SNMP: iLO.2.8.PropertyNotWritableOrUnknown); iLO SNMP alerting is configured under Managers")
	p.cite(TopicSyslog, srcILOEvents, "no syslog subscriptions on iLO 5")
	p.unverified(TopicBackup, "no source shows BackupDestinations (EventDestination v1_13_0 predates v1_15_0): refused")
	p.unverified(TopicCertificates, "no source shows per-subscription Certificates: not served")
	p.cite(TopicResume, srcILOEvents, "no subscription actions in the documented member")
	p.cite(TopicAdvertise, srcILOEvents+"; "+srcILOTelemetry, "EventTypesForSubscription (enforced), no RegistryPrefixes/ResourceTypes; no Severities or Exclude* flags")
	p.ReportsRetryPolicy = false
	p.DefaultRetryPolicy = ""
	p.unverified(TopicRetry, "no DeliveryRetryPolicy (EventDestination older than v1_6): an event is dropped after DeliveryRetryAttempts, the subscription kept")
	p.SubmitTestEventCode = http.StatusOK
	p.SessionTimeout = 30 * time.Minute
	p.unverified(TopicSessions, "idle timeout 30 minutes (iLO default); no cap modelled")
	p.RedfishVersion = "1.13.0"
	p.EventDestinationType = "#EventDestination.v1_13_0.EventDestination"
	p.EventServiceType = "#EventService.v1_2_0.EventService"
	p.cite(TopicSchemas, srcILOEvents, "EventService older than v1_3 (v1_2_0 here), EventDestination v1_13_0 (unverified)")
	return p
}

// ilo6Profile is HPE iLO 6 (Gen11) from firmware 1.68: RegistryPrefixes-
// based subscriptions, and Syslog subscriptions.
func ilo6Profile() Profile {
	p := derive(ilo5Profile())
	p.Name = "ilo6"
	p.Summary = "HPE iLO 6 (ProLiant Gen11, RegistryPrefixes-based, Syslog from 1.68)"
	p.Firmware = "iLO 6 1.68 and later"

	// "HPE iLO 6 implements a version of the Redfish Event Service that is
	// newer than version 1.3. As such, events are based on the
	// RegistryPrefixes property."
	p.RequireEventTypes = false
	p.RestrictEventTypes = false
	p.CreateProperties = []string{
		"Context", "Destination", "EventFormatType", "EventTypes", "HttpHeaders", "MessageIds",
		"MetricReportDefinitions", "Oem", "OriginResources", "Protocol", "RegistryPrefixes",
		"ResourceTypes", "SubscriptionType",
	}
	p.RegistryPrefixes = []string{"Base", "iLOEvents", "ResourceEvent"}
	p.ResourceTypes = nil
	p.cite(TopicFilters, srcILOEvents, "RegistryPrefixes-based (Base, iLOEvents, ResourceEvent reported: unverified list), EventTypes no longer required")
	p.unverified(TopicCreateProps, "the accepted property list extends iLO 5's with RegistryPrefixes, ResourceTypes, MessageIds, OriginResources, SubscriptionType, SyslogFilters: assumed")

	// "Syslog subscription": iLO 6 from 1.68 takes Syslog protocols with a
	// syslog:// Destination.
	p.Protocols = []string{"Redfish", "SyslogTLS", "SyslogUDP"}
	p.cite(TopicProtocols, srcILOEvents, "Redfish, and from iLO 6 1.68 Syslog subscriptions: SubscriptionType Syslog with Protocol SyslogTLS or SyslogUDP (syslog:// Destination assumed)")

	p.unverified(TopicSyslog, "Syslog subscriptions (SyslogTLS, SyslogUDP) are documented from iLO 6 1.68; SyslogFilters are not: refused (iLO.2.8.PropertyNotWritableOrUnknown), the conservative answer")
	p.cite(TopicAdvertise, srcILOEvents, "RegistryPrefixes Base, iLOEvents, ResourceEvent (list unverified, not enforced); no EventTypes restriction")
	p.EventServiceType = "#EventService.v1_10_0.EventService"
	p.unverified(TopicSchemas, "EventService newer than v1_3 (v1_10_0 here) and EventDestination v1_13_0: versions assumed")
	return p
}
