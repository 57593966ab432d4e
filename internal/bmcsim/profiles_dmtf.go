package bmcsim

import (
	"net/http"
	"time"
)

// Sources the dmtf profile cites.
const (
	srcDSP0266   = "DMTF DSP0266 v1.22 (Redfish Specification), 2025"
	srcSchema    = "DMTF EventDestination v1_16_0 and EventService v1_12_0 schemas (2025.4)"
	srcRackmount = "DMTF public-rackmount1 mockup (2025.4)"
)

// dmtfProfile is the reference: DSP0266 v1.22, EventDestination v1_16_0,
// EventService v1_12_0 and DMTF's public-rackmount1 mockup, taken
// literally. A newer EventDestination (v1_17_0, 2026.1) exists, but the
// schema checks run against the 2025.4 set, so this stays on v1_16_0.
func dmtfProfile() Profile {
	p := Profile{
		Name:     "dmtf",
		Summary:  "DMTF reference: DSP0266 and the 2025.4 schemas, taken literally",
		Vendor:   "DMTF",
		Firmware: "any conforming Redfish service",
		// DSP0266 sets no subscription limit. This cap is the emulator's
		// own, so that clients meet CreateLimitReachedForResource, the Base
		// message for "the resource has reached its create limit"; DSP0266
		// clause "POST (create)" leaves the status to the service.
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
		RootID:                    "/redfish/v1/",
		RedfishVersion:            "1.22.0",
		Create:                    CreateResource,
		Patch:                     PatchResource,
		Delete:                    DeleteNoContent,
		EventDestinationType:      "#EventDestination.v1_16_0.EventDestination",
		EventServiceType:          "#EventService.v1_12_0.EventService",
		MemberName:                "EventSubscription %s",
		SuspendAction:             true,
		ResumeAction:              true,
		ActionInfo:                true,
		TestEventAction:           true,
		ReportsRetryPolicy:        true,
		SupportsExpand:            true,
		ServiceEnabledPatch:       true,
		SubmitTestEventCode:       http.StatusNoContent,
		DefaultRetryPolicy:        "TerminateAfterRetries",
		DefaultVerifyCertificate:  false,
		SessionTimeout:            30 * time.Minute,
		// EventDestination v1_16_0 has every SNMPSettings property, and the
		// Certificates (v1_9_0) and ClientCertificates (v1_11_0) collections.
		SNMP:                     SNMPSupport{Render: true, Settings: true, KeySetFlags: true, HideCommunityStrings: true},
		SubscriptionCertificates: true,
		SMTPSettings:             true,
	}
	p.unverified(TopicCap, "DSP0266 sets no limit: the cap of 100 (400 CreateLimitReachedForResource) is the emulator's own, a test device")
	p.cite(TopicIDs, srcDSP0266, "the service names members; sequential numbers as in the mockups")
	p.cite(TopicCreateProps, srcSchema, "every property the schema lets a client set; requiredOnCreate Destination and Protocol; unknown → PropertyUnknown, read-only → PropertyNotWritable")
	p.cite(TopicDestination, srcSchema, `Destination "consistent with RFC3986": an absolute http(s) URI for Redfish, mailto: for SMTP, snmp: for SNMP, syslog: for syslog; userinfo refused (RFC 9110 §4.2.4)`)
	p.cite(TopicFilters, srcSchema, "EventTypes, RegistryPrefixes, ResourceTypes, MessageIds, OriginResources and their exclusions, checked for type only")
	p.cite(TopicProtocols, srcSchema, "every Protocol and SubscriptionType of the schema, paired as the SubscriptionType enum descriptions say")
	p.cite(TopicHTTPHeaders, srcSchema, "array of objects of string values; write-only, read back as []")
	p.cite(TopicCreateAnswer, srcDSP0266, `clause "POST (create)": 201, Location, the new resource`)
	p.cite(TopicPatch, srcSchema, "the schema's writable properties; 200 with the resource")
	p.cite(TopicDelete, srcDSP0266, "204 No Content; unknown member 404 ResourceNotFound")
	p.cite(TopicRender, srcRackmount, `Name "EventSubscription <Id>", Status, unset properties left out, HttpHeaders []`)
	p.cite(TopicRetry, srcSchema, "all four DeliveryRetryPolicy values; TerminateAfterRetries when unset (the schema prescribes no default: unverified choice)")
	p.cite(TopicSessions, srcDSP0266, "no session cap; idle timeout 30 minutes (SessionService SessionTimeout default of the mockup)")
	p.cite(TopicQuery, srcDSP0266, `clause "Query parameters": $expand, $top, $skip; unsupported parameters 501 QueryNotSupported`)
	p.cite(TopicMediaType, srcDSP0266, "a body that is not application/json: 415 with Base HeaderInvalid or HeaderMissing")
	p.cite(TopicSchemas, srcSchema, "EventDestination v1_16_0 (v1_17_0 of 2026.1 is not in the schema set the checks use), EventService v1_12_0")
	p.cite(TopicSNMP, srcSchema, "SNMP object on SNMPv1/v2c/v3 members: keys null with AuthenticationKeySet/EncryptionKeySet, TrapCommunity null unless HideCommunityStrings is false; SNMP with another Protocol: PropertyValueConflict")
	p.cite(TopicSyslog, srcSchema, "SyslogFilters (v1_9_0) with SyslogTLS/TCP/UDP/RELP; with another Protocol: PropertyValueConflict")
	p.cite(TopicBackup, srcSchema, "BackupDestinations (v1_15_0), each of the same scheme as Destination (PropertyValueFormatError)")
	p.cite(TopicCertificates, srcSchema+"; CertificateCollection and Certificate v1_11_0 schemas",
		"Certificates and ClientCertificates under each subscription: POST {CertificateString, CertificateType PEM}, GET and DELETE members; replace = POST the new one, DELETE the old (the collections are insertable, members deletable; no CertificateService is served). Deliveries verify the destination against Certificates and present ClientCertificates")
	p.cite(TopicResume, srcSchema, "SuspendSubscription (v1_12_0) and ResumeSubscription in Actions")
	p.cite(TopicAdvertise, srcSchema+"; DMTF public-liquid-cooled-server mockup (EventService SMTP)",
		"EventTypesForSubscription, RegistryPrefixes, ResourceTypes, Severities, ExcludeMessageId/ExcludeRegistryPrefix and SubordinateResourcesSupported true, IncludeOriginOfConditionSupported false, OriginResourcesSupported true, SMTP settings; no ServerSentEventUri (no SSE stream is served). Filters are advertised, not enforced (the reference takes any value of the right type)")
	return p
}

// minimalProfile is the least a conforming service may do: DSP0266 allows a
// create to answer 204 with only a Location, and $expand is optional.
func minimalProfile() Profile {
	p := derive(dmtfProfile())
	p.Name = "minimal"
	p.Summary = "bare minimum a conforming service may do: 204 creates, no $expand, no extras"
	p.Vendor = "bmcsim"
	p.Firmware = "none: the least DSP0266 allows"
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
	p.SubscriptionCertificates = false
	p.SMTPSettings = false
	p.cite(TopicCertificates, srcSchema, "Certificates and ClientCertificates are optional (readonly links a service may leave out): not served")
	p.cite(TopicResume, srcSchema, "no subscription actions: both are optional")
	p.cite(TopicCreateAnswer, srcDSP0266, `clause "POST (create)": the body is optional; 204 with a relative Location`)
	p.cite(TopicPatch, srcDSP0266, `clause "PATCH (update)": 204 No Content is allowed`)
	p.cite(TopicRender, srcSchema, `HttpHeaders "shall be null or an empty array in responses": null here`)
	p.cite(TopicQuery, srcDSP0266, "$expand is optional; ProtocolFeaturesSupported left out (ServiceRoot v1_3_0 made it optional)")
	return p
}
