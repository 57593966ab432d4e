package bmcsim

import (
	"net/http"
	"time"
)

// Sources the Dell profiles cite.
const (
	srcIDRACAnsible = "dell/dellemc-openmanage-ansible-modules, redfish_event_subscription module docs: a captured iDRAC9 create answer (2021)"
	srcIDRACTelem   = "dell/iDRAC-Telemetry-Scripting pull request #7 (iDRAC9, 2022)"
	srcIDRAC370     = "dell/iDRAC-Redfish-Scripting issue #370 (R470, iDRAC10, 2026-04)"
	srcIDRACGuide   = "Dell iDRAC9 Redfish API Guide, firmware 4.20, as cited in issue #9 (not re-read)"
	srcMetalOp862   = "ironcore-dev/metal-operator issue #862 and pull requests #865/#868/#870 (2026-05)"
	srcIDRACSession = "stmcginnis/gofish issue #75 (2020) and bb-Ricardo/check_redfish issue #89 (2022)"
)

// idrac9Profile is Dell iDRAC9 (14G–16G PowerEdge, firmware 4.x–7.x).
func idrac9Profile() Profile {
	p := derive(dmtfProfile())
	p.Name = "idrac9"
	p.Summary = "Dell iDRAC9 (PowerEdge 14G–16G)"
	p.Vendor = "Dell"
	p.Firmware = "iDRAC9 4.x–7.x"

	p.MaxSubscriptions = 20
	p.LimitStatus = http.StatusBadRequest
	p.LimitMessage = "CreateLimitReachedForResource"
	p.unverified(TopicCap, "20 subscriptions per the iDRAC9 Redfish API Guide as cited in issue #9; the answer at the cap (400 CreateLimitReachedForResource) is assumed")

	// The create answer in the Ansible module docs names the member
	// 5d432f36-81f4-11eb-9dc0-2cea7ff7ff9a; Telemetry-Scripting #7 lists two
	// more of the same form.
	p.IDs = IDUUID
	p.cite(TopicIDs, srcIDRACAnsible+"; "+srcIDRACTelem, "UUIDs, e.g. 5d432f36-81f4-11eb-9dc0-2cea7ff7ff9a")

	p.RequireContext = true
	p.unverified(TopicCreateProps, "Context and Protocol required on create per the iDRAC9 Redfish API Guide as cited in issue #9; unknown properties answered as DSP0266 says (assumed)")

	// The Ansible module's destination: "The HTTPS URI of the destination to
	// send events. HTTPS is required." A second subscription to the same
	// Destination: 400 with ResourceAlreadyExists for Destination and for
	// Context (metal-operator #862 per issue #9).
	p.RequireHTTPS = true
	p.RejectDuplicateDestination = true
	p.DuplicateStatus = http.StatusBadRequest
	p.DuplicateNamesContext = true
	p.cite(TopicDestination, "dell/dellemc-openmanage-ansible-modules redfish_event_subscription docs (\"HTTPS is required\"); "+srcMetalOp862,
		"https only; a second subscription to the same Destination: 400 with two ResourceAlreadyExists (Destination, Context)")

	p.EventTypesForSubscription = []string{"Alert", "MetricReport", "Other", "StatusChange"}
	p.RestrictEventTypes = true
	p.cite(TopicFilters, srcIDRACAnsible+"; "+srcIDRAC370, "EventTypes-based (Alert, MetricReport, Other, StatusChange); the module offers Alert and MetricReport")

	p.cite(TopicCreateAnswer, srcIDRACAnsible, "201, the resource with @Message.ExtendedInfo [Base Created, IDRAC.2.x.SYS414 \"A new resource is successfully created.\"]")
	p.Create = CreateResourceWithMessage
	p.CreateMessages = []map[string]any{{
		"MessageId":                     "IDRAC.2.9.SYS414",
		"Message":                       "A new resource is successfully created.",
		"MessageArgs":                   []string{},
		"MessageArgs@odata.count":       0,
		"RelatedProperties":             []string{},
		"RelatedProperties@odata.count": 0,
		"Resolution":                    "No response action is required.",
		"Severity":                      "Informational",
	}}

	p.PatchProperties = []string{"Context", "DeliveryRetryPolicy"}
	p.Patch = PatchResourceWithMessage
	p.cite(TopicPatch, srcIDRACGuide+"; "+srcIDRAC370, "only Context and DeliveryRetryPolicy; 200 with the resource and Base Success (and IDRAC.2.x.SYS413)")

	p.unverified(TopicDelete, "DELETE answered as DSP0266 says (204); not captured")

	p.MemberName = "EventSubscription %s"
	p.SuspendAction = false
	p.ResumeAction = true
	p.TestEventAction = false
	p.cite(TopicRender, srcIDRACAnsible+"; "+srcIDRAC370, `Name "EventSubscription <Id>", Status, HttpHeaders [], only ResumeSubscription among the actions`)

	p.DefaultRetryPolicy = "SuspendRetries"
	p.cite(TopicRetry, srcIDRAC370, "after failed deliveries the subscription is Disabled and resumable (SuspendRetries)")

	p.SessionCap = 8
	p.SessionCapStatus = http.StatusServiceUnavailable
	p.SessionCapBody = idracSessionCapBody
	p.SessionTimeout = 30 * time.Minute
	p.cite(TopicSessions, srcIDRACSession, "login over the cap: 503, Base GeneralError with IDRAC.2.x.RAC0218; the cap of 8 comes from field reports; idle timeout 1800 s (RACADM cfgSsnMgtWebserverTimeout)")

	// iDRAC's event delivery checks certificates per the global attribute
	// iDRAC.RedfishEventing.IgnoreCertificateErrors, not per subscription.
	// No source shows SNMP, syslog or BackupDestinations on Redfish
	// subscriptions (iDRAC's SNMP and syslog targets are iDRAC attributes):
	// refused, the conservative answer.
	p.CreateProperties = schemaCreateProps("SNMP", "SyslogFilters", "BackupDestinations")
	p.Protocols = []string{"Redfish"}
	p.SNMP = SNMPSupport{}
	p.SubscriptionCertificates = false
	p.SMTPSettings = false
	p.unverified(TopicSNMP, "no evidence of SNMP destinations through Subscriptions (iDRAC SNMP trap targets are iDRAC.SNMPAlert attributes): Protocol other than Redfish PropertyValueNotInList, SNMP PropertyUnknown")
	p.unverified(TopicSyslog, "no evidence of syslog destinations through Subscriptions: SyslogFilters PropertyUnknown")
	p.unverified(TopicBackup, "EventDestination v1_15_1 has BackupDestinations, but no source shows iDRAC taking it: PropertyUnknown")
	p.cite(TopicCertificates, "Dell iDRAC Redfish API Guide, section Eventing (iDRAC.RedfishEventing.IgnoreCertificateErrors, manualshelf.com copy of the R630 guide)",
		"certificate checks are one global attribute; no Certificates/ClientCertificates per subscription")
	p.cite(TopicResume, srcIDRAC370, "ResumeSubscription only (no SuspendSubscription): a subscription Disabled after SuspendRetries is resumed by it")
	p.cite(TopicAdvertise, srcIDRACAnsible+"; "+srcIDRAC370,
		"EventTypesForSubscription Alert, MetricReport, Other, StatusChange (enforced); RegistryPrefixes/ResourceTypes as the DMTF reference (not enforced, unverified); no ServerSentEventUri modelled")

	p.RedfishVersion = "1.20.1"
	p.EventDestinationType = "#EventDestination.v1_15_1.EventDestination"
	p.cite(TopicSchemas, srcIDRAC370, "EventDestination v1_15_1")
	return p
}

// idrac10Profile is Dell iDRAC10 (17G PowerEdge, firmware 1.x): as iDRAC9
// but with small numeric Ids and http:// destinations accepted.
func idrac10Profile() Profile {
	p := derive(idrac9Profile())
	p.Name = "idrac10"
	p.Summary = "Dell iDRAC10 (PowerEdge 17G)"
	p.Firmware = "iDRAC10 1.x (1.30.10.50 in dell/iDRAC-Redfish-Scripting #377)"
	p.IDs = IDSequential
	p.cite(TopicIDs, srcIDRAC370, `small numbers: the subscription read back in #370 is "89"`)
	p.RequireHTTPS = false
	p.cite(TopicDestination, srcIDRAC370+"; "+srcMetalOp862,
		"http:// accepted (#370 subscribed http://10.101.152.73:8001/…); duplicate Destination: 400 with two ResourceAlreadyExists (assumed as iDRAC9)")
	p.cite(TopicPatch, srcIDRAC370, "PATCH of DeliveryRetryPolicy answered 200 with the resource, Base.1.18.Success and IDRAC.2.16.SYS413; only Context and DeliveryRetryPolicy (assumed as iDRAC9)")
	p.cite(TopicRetry, srcIDRAC370, "SuspendRetries leaves the subscription Disabled with a ResumeSubscription action")
	return p
}

// idracSessionCapBody is iDRAC's answer to a login over the session cap:
// two captures (gofish #75, IDRAC.2.1, Base.1.5; check_redfish #89,
// IDRAC.2.4, Base.1.7) agree on a 503 whose code is Base GeneralError with
// iDRAC's own message, and one ExtendedInfo entry RAC0218 with empty
// MessageArgs and RelatedProperties, Severity "Informational" and no
// MessageSeverity (which could not hold that value: it is a
// Resource.Health). Texts are #89's; Base is the emulator's 1.22.
func idracSessionCapBody() any {
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
