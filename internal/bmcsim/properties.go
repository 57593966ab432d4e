package bmcsim

// What EventDestination.v1_16_0.json says about each property a client may
// send: its JSON type, its enum, and whether it is readonly. "readonly" in
// Redfish schemas means "not changeable by PATCH"; properties like
// Destination are readonly yet set at create (requiredOnCreate).

type propKind int

const (
	pkString         propKind = iota // "type": "string"
	pkNullableString                 // ["string", "null"]
	pkEnum                           // $ref to an enum
	pkNullableEnum                   // anyOf [enum, null]
	pkNullableBool                   // ["boolean", "null"]
	pkNullableInt                    // ["integer", "null"] with minimum/maximum
	pkStringArray                    // array of ["string", "null"]
	pkEnumArray                      // array of an enum (items may be null)
	pkIDRefArray                     // array of {"@odata.id": …}
	pkHeaderArray                    // HttpHeaderProperty: array of {name: value}
	pkObject                         // an object (Oem, SNMP)
	pkObjectArray                    // array of objects or null (SyslogFilters)
)

type propSpec struct {
	kind      propKind
	enum      []string
	nullItems bool
	patch     bool // "readonly": false (or no readonly at all on a settable property)
	min, max  int64
}

var (
	protocolValues         = []string{"Redfish", "Kafka", "SNMPv1", "SNMPv2c", "SNMPv3", "SMTP", "SyslogTLS", "SyslogTCP", "SyslogUDP", "SyslogRELP", "OEM"}
	subscriptionTypeValues = []string{"RedfishEvent", "SSE", "SNMPTrap", "SNMPInform", "Syslog", "OEM"}
	retryPolicyValues      = []string{"TerminateAfterRetries", "SuspendRetries", "RetryForever", "RetryForeverWithBackoff"}
	eventFormatValues      = []string{"Event", "MetricReport"}
	healthValues           = []string{"OK", "Warning", "Critical"}
)

// destinationProps are the EventDestination properties a create may carry.
// Name and Description are readonly but describe the instance; the dmtf
// profile lets a client name its subscription (DSP0266 leaves it to the
// service), vendors mostly do not (see Profile.CreateProperties).
var destinationProps = map[string]propSpec{
	"BackupDestinations":       {kind: pkStringArray, patch: true},
	"Context":                  {kind: pkNullableString, patch: true},
	"DeliveryRetryPolicy":      {kind: pkNullableEnum, enum: retryPolicyValues, patch: true},
	"Description":              {kind: pkNullableString},
	"Destination":              {kind: pkString},
	"EventFormatType":          {kind: pkNullableEnum, enum: eventFormatValues},
	"EventTypes":               {kind: pkEnumArray, enum: allEventTypes},
	"ExcludeMessageIds":        {kind: pkStringArray},
	"ExcludeRegistryPrefixes":  {kind: pkStringArray},
	"HeartbeatIntervalMinutes": {kind: pkNullableInt, min: 1, max: 65535},
	// HttpHeaders has no readonly annotation: it is writable, and write-only
	// in effect ("null or an empty array in responses").
	"HttpHeaders":              {kind: pkHeaderArray, patch: true},
	"IncludeOriginOfCondition": {kind: pkNullableBool},
	"MessageIds":               {kind: pkStringArray},
	"MetricReportDefinitions":  {kind: pkIDRefArray},
	"Name":                     {kind: pkString},
	"OEMProtocol":              {kind: pkString},
	"OEMSubscriptionType":      {kind: pkString},
	"Oem":                      {kind: pkObject, patch: true},
	"OriginResources":          {kind: pkIDRefArray},
	"Protocol":                 {kind: pkEnum, enum: protocolValues},
	"RegistryPrefixes":         {kind: pkStringArray},
	"ResourceTypes":            {kind: pkStringArray},
	"SNMP":                     {kind: pkObject, patch: true},
	"SendHeartbeat":            {kind: pkNullableBool},
	"Severities":               {kind: pkEnumArray, enum: healthValues, nullItems: true},
	"SubordinateResources":     {kind: pkNullableBool},
	"SubscriptionType":         {kind: pkNullableEnum, enum: subscriptionTypeValues},
	"SyslogFilters":            {kind: pkObjectArray, patch: true},
	"VerifyCertificate":        {kind: pkNullableBool, patch: true},
}

// serviceOwnedProps are in the schema but belong to the service: a client
// that sends them is told they are read-only.
var serviceOwnedProps = map[string]bool{
	"@odata.id": true, "@odata.type": true, "@odata.context": true, "@odata.etag": true,
	"Id": true, "Status": true, "Actions": true, "Certificates": true, "ClientCertificates": true,
	"MetricReportDefinitions@odata.count": true, "OriginResources@odata.count": true,
}

// knownResourceTypes are the schema names resourceTypeOf can derive from an
// OriginOfCondition path, reported by the dmtf EventService as ResourceTypes.
func knownResourceTypes() []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, t := range collectionMemberTypes {
		add(t)
	}
	for _, t := range singletonTypes {
		add(t)
	}
	sortStrings(out)
	return out
}
