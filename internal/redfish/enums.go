package redfish

import "strings"

// Enumerations from DMTF's EventDestination.v1_16_0, Event.v1_13_0 and Resource
// schemas. They are the single source for both the provider's plan-time
// validators and its attribute descriptions, so docs and checks cannot drift.

// Protocol values (EventDestination.EventDestinationProtocol).
var Protocols = []string{
	"Redfish", "Kafka", "SNMPv1", "SNMPv2c", "SNMPv3", "SMTP",
	"SyslogTLS", "SyslogTCP", "SyslogUDP", "SyslogRELP", "OEM",
}

// ProtocolRedfish is the default protocol: HTTP(S) POSTs of Event payloads.
const ProtocolRedfish = "Redfish"

// SubscriptionTypes (EventDestination.SubscriptionType, v1_3_0).
var SubscriptionTypes = []string{"RedfishEvent", "SSE", "SNMPTrap", "SNMPInform", "Syslog", "OEM"}

// EventFormatTypes (Event.EventFormatType, EventDestination v1_4_0).
var EventFormatTypes = []string{"Event", "MetricReport"}

// EventTypes (Event.EventType); deprecated in EventDestination v1_5_0 in favour
// of RegistryPrefixes/ResourceTypes, but still the only filter some BMCs (iLO 5) honour.
var EventTypes = []string{
	"StatusChange", "ResourceUpdated", "ResourceAdded", "ResourceRemoved",
	"Alert", "MetricReport", "Other",
}

// DeliveryRetryPolicies (EventDestination.DeliveryRetryPolicy, v1_6_0).
var DeliveryRetryPolicies = []string{
	"TerminateAfterRetries", "SuspendRetries", "RetryForever", "RetryForeverWithBackoff",
}

// Severities (Resource.Health), used by EventDestination.Severities (v1_13_0).
var Severities = []string{"OK", "Warning", "Critical"}

// SNMPAuthProtocols (EventDestination.SNMPAuthenticationProtocols, v1_7_0).
var SNMPAuthProtocols = []string{
	"None", "CommunityString", "HMAC_MD5", "HMAC_SHA96", "HMAC128_SHA224",
	"HMAC192_SHA256", "HMAC256_SHA384", "HMAC384_SHA512",
}

// SNMPEncryptionProtocols (EventDestination.SNMPEncryptionProtocols, v1_7_0).
var SNMPEncryptionProtocols = []string{"None", "CBC_DES", "CFB128_AES128", "CFB128_AES192", "CFB128_AES256"}

// SyslogFacilities (EventDestination.SyslogFacility, v1_9_0).
var SyslogFacilities = []string{
	"Kern", "User", "Mail", "Daemon", "Auth", "Syslog", "LPR", "News", "UUCP", "Cron", "Authpriv", "FTP",
	"NTP", "Security", "Console", "SolarisCron", "Local0", "Local1", "Local2", "Local3", "Local4", "Local5",
	"Local6", "Local7",
}

// SyslogSeverities (EventDestination.SyslogSeverity, v1_9_0).
var SyslogSeverities = []string{
	"Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug", "All",
}

// CanonicalEnum returns the member of allowed that equals value ignoring case,
// or value unchanged when none does. Some BMCs echo enum values in another
// case than they were sent ("redfish" for "Redfish"); comparing through this
// keeps such echoes from showing up as drift.
func CanonicalEnum(allowed []string, value string) string {
	for _, a := range allowed {
		if strings.EqualFold(a, value) {
			return a
		}
	}
	return value
}

// DestinationSchemes says which URI schemes each protocol's Destination takes,
// per EventDestination.v1_16_0 Destination's longDescription: SMTP uses RFC 6068
// mailto:, SNMP uses RFC 4088 snmp://, syslog uses syslog://, Redfish uses HTTP(S).
// Protocols not listed (Kafka, OEM) take any absolute URI.
var DestinationSchemes = map[string][]string{
	"Redfish":    {"https", "http"},
	"SMTP":       {"mailto"},
	"SNMPv1":     {"snmp"},
	"SNMPv2c":    {"snmp"},
	"SNMPv3":     {"snmp"},
	"SyslogTLS":  {"syslog"},
	"SyslogTCP":  {"syslog"},
	"SyslogUDP":  {"syslog"},
	"SyslogRELP": {"syslog"},
}
