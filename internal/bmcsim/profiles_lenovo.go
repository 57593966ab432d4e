package bmcsim

import "net/http"

// Sources the Lenovo profiles cite.
const (
	srcXCC2Guide = "Lenovo XCC2 REST API guide, resource EventSubscription (pubs.lenovo.com/xcc2-restapi/resource_event_subscription)"
	srcXCC3Guide = "Lenovo XCC3 REST API guide (pubs.lenovo.com/xcc3-restapi), as cited in issue #9 (not re-read)"
	srcXCCSNMPv3 = "Lenovo XCC2 REST API guide, GET – Event subscriptions for SNMPv3-{N}-{M} (pubs.lenovo.com/xcc2-restapi/event_subscriptions_for_snmpv3_get)"
	srcXCCIssue9 = "Lenovo XCC2/XCC3 REST API guides and lenovo/python-redfish-lenovo, as summarised in issue #9 (not re-read)"
)

// xcc2Profile is Lenovo XClarity Controller 2 (ThinkSystem V3).
func xcc2Profile() Profile {
	p := derive(dmtfProfile())
	p.Name = "xcc2"
	p.Summary = "Lenovo XClarity Controller 2 (ThinkSystem V3)"
	p.Vendor = "Lenovo"
	p.Firmware = "XCC2 1.x"

	// "N1 is 0 to 12 for SSE and Redfish Event"; SMTP and SNMP destinations
	// live in the same collection with quotas of their own.
	p.MaxSubscriptions = 12
	p.LimitCountsRedfishOnly = true
	p.LimitStatus = http.StatusBadRequest
	p.LimitMessage = "CreateLimitReachedForResource"
	p.cite(TopicCap, srcXCC2Guide, "12 Redfish and SSE subscriptions (SMTP/SNMP entries not counted); the answer at the cap (400 CreateLimitReachedForResource) is assumed")

	p.IDs = IDHex8Upper
	p.cite(TopicIDs, srcXCCIssue9, "8 uppercase hex digits; SMTP/SNMP entries REST-SMTP-<n>, REST-SNMPv3-<n>-<m>")

	p.RequireContext = true
	p.cite(TopicCreateProps, srcXCCIssue9, "Context is mandatory on XCC2 (PropertyMissing); otherwise as DSP0266 (assumed)")

	p.MemberName = "Destination"
	p.HTTPHeadersNull = true
	p.cite(TopicRender, srcXCCIssue9, `members are named "Destination"; HttpHeaders read back null (the schema allows null; which XCC sends is unverified)`)

	p.EventDestinationType = "#EventDestination.v1_13_0.EventDestination"
	p.unverified(TopicSchemas, "EventDestination v1_13_0 assumed")

	// The XCC2 guide's SNMPv3 member reads back "SNMP": {"TrapCommunity":
	// null} and nothing else; SNMPv3 destinations are set per XCC user
	// account, and no POST of an SNMP object is documented.
	p.CreateProperties = schemaCreateProps("SNMP", "SyslogFilters", "BackupDestinations")
	p.SNMP = SNMPSupport{Render: true}
	p.SubscriptionCertificates = false
	p.SMTPSettings = false
	p.cite(TopicSNMP, srcXCCSNMPv3, `SNMP members read back "SNMP": {"TrapCommunity": null} only (no *KeySet flags); a create may not carry SNMP (PropertyUnknown: SNMPv3 destinations are XCC user settings)`)
	p.unverified(TopicSyslog, "no source shows syslog subscriptions: SyslogFilters PropertyUnknown")
	p.unverified(TopicBackup, "EventDestination v1_13_0 predates BackupDestinations (v1_15_0): PropertyUnknown")
	p.unverified(TopicCertificates, "no source shows per-subscription Certificates: not served")
	p.unverified(TopicResume, "no source shows subscription actions; the DMTF reference's are kept (assumed)")
	p.unverified(TopicAdvertise, "EventService advertising as the DMTF reference (assumed)")
	p.Preload = []Subscription{
		{
			ID: "REST-SNMPv3-1-1", Name: "Destination",
			Destination: "snmp://trapuser@192.0.2.10:162", Protocol: "SNMPv3",
			SubscriptionType: "RedfishEvent",
		},
		{
			ID: "REST-SMTP-1", Name: "Destination",
			Destination: "mailto:ops@example.com", Protocol: "SMTP",
			SubscriptionType: "RedfishEvent",
		},
	}
	p.cite(TopicProtocols, srcXCC2Guide+"; "+srcXCCIssue9, "SMTP and SNMPv3 destinations appear as REST-SMTP-<n> / REST-SNMPv3-<n>-<m> members with SubscriptionType RedfishEvent")
	return p
}

// xcc3Profile is Lenovo XClarity Controller 3 (ThinkSystem V4).
func xcc3Profile() Profile {
	p := derive(xcc2Profile())
	p.Name = "xcc3"
	p.Summary = "Lenovo XClarity Controller 3 (ThinkSystem V4)"
	p.Firmware = "XCC3 1.x"
	p.MaxSubscriptions = 20
	p.cite(TopicCap, srcXCC3Guide, "20 Redfish and SSE subscriptions (SSE ≤ 10 of them; SMTP/SNMP entries not counted); the answer at the cap is assumed")
	p.RequireContext = false
	p.unverified(TopicCreateProps, "Context optional (issue #9 names it mandatory on XCC2 only); otherwise as DSP0266 (assumed)")
	return p
}
