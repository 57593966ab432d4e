package bmcsim

import (
	"slices"
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
	// Firmware names the firmware generation and versions the rules were
	// checked against, for the vendor notes.
	Firmware string
	// Evidence says, topic by topic, where each rule below comes from; a
	// topic without a source is unverified (see Evidence and derive).
	Evidence []Evidence

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
	// Protocols are the Protocol values a create may use (others:
	// PropertyValueNotInList); nil = every schema value.
	Protocols []string
	// SubscriptionTypes are the SubscriptionType values a create of a
	// Redfish subscription may name; nil = any the Protocol allows.
	SubscriptionTypes []string
	RequireHTTPS      bool
	// AnyURIScheme takes any absolute URI as a Redfish Destination, as
	// bmcweb's boost::urls::parse_absolute_uri does, not only http(s).
	AnyURIScheme bool
	// RequireEventTypes refuses a create without EventTypes (PropertyMissing).
	RequireEventTypes bool
	// HTTPHeadersObject takes HttpHeaders only as one JSON object
	// {"Name": "Value"}, the form iLO documents; the schema's array of
	// objects is refused with PropertyValueTypeError.
	HTTPHeadersObject bool
	// MaxHTTPHeadersSize caps the summed size of HttpHeaders (name + value +
	// 6 per header, bmcweb's count) with ArraySizeTooLong; 0 = unlimited.
	MaxHTTPHeadersSize int
	// SNMPTrapClients accepts Protocol SNMPv2c with an snmp:// Destination as
	// bmcweb does: no other property may come with it (PropertyValueConflict
	// with Protocol) and the member is named snmp<N>.
	SNMPTrapClients bool
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
	// DuplicateNamesContext adds a second ResourceAlreadyExists for Context
	// to the duplicate answer, as iDRAC does.
	DuplicateNamesContext bool

	Create CreateStyle
	// CreateMessages are added after Base Created to a
	// CreateResourceWithMessage answer (iDRAC's SYS414).
	CreateMessages []map[string]any
	Delete         DeleteStyle
	// NotFoundEmptyBody answers GET and PATCH of an unknown member 404 with
	// no body at all, as bmcweb does.
	NotFoundEmptyBody bool
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
	DestinationReport DestinationReport
	// OmitStatus leaves Status out of members; OmitOriginResources never
	// renders OriginResources, even when it was set.
	OmitStatus          bool
	OmitOriginResources bool
	// RenderDefaults are rendered, with these values, when the client did
	// not set them (bmcweb writes every property of its UserSubscription).
	RenderDefaults       map[string]any
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
	RetryAttemptsRange [2]int
	RetryIntervalRange [2]int
	// RetryRangeMessage is the Base message for an out-of-range value:
	// "" or "PropertyValueOutOfRange", or "QueryParameterOutOfRange" (older
	// bmcweb, with the range as text).
	RetryRangeMessage   string
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

	// SNMP is how SNMPSettings (EventDestination v1_7_0) are taken and read
	// back; a create may carry SNMP only if CreateProperties allows it too.
	SNMP SNMPSupport
	// SubscriptionCertificates serves each subscription's Certificates
	// (v1_9_0) and ClientCertificates (v1_11_0) collections, which
	// deliveries then use (certificates.go).
	SubscriptionCertificates bool
	// ServerSentEventURI is the EventService's ServerSentEventUri; "" when
	// the profile serves no SSE stream (the emulator serves none yet).
	ServerSentEventURI string
	// SMTPSettings adds the EventService SMTP object (v1_5_0) that a service
	// sending SMTP destinations reports.
	SMTPSettings bool

	// MediaTypeStatus answers a request body whose Content-Type is not
	// application/json (0: 415, as DSP0266 says); MediaTypeMessage is the
	// Base message key sent then ("": HeaderInvalid or HeaderMissing).
	MediaTypeStatus  int
	MediaTypeMessage string
}

// schemaCreateProps is every property a create may carry by the schema,
// except those named: for a vendor that takes the schema's properties but
// not the named ones (PropertyUnknown).
func schemaCreateProps(except ...string) []string {
	var out []string
	for name := range destinationProps {
		if !slices.Contains(except, name) {
			out = append(out, name)
		}
	}
	sortStrings(out)
	return out
}

// IDStyle is how a profile names new subscriptions.
type IDStyle int

const (
	IDSequential    IDStyle = iota // 1, 2, 3…
	IDRandomNumeric                // bmcweb: a random uint32 in decimal
	IDHex8Upper                    // XCC: 8 uppercase hex digits
	IDUUID                         // iDRAC9: a UUID
)

// String names the scheme for the vendor notes.
func (s IDStyle) String() string {
	switch s {
	case IDRandomNumeric:
		return "random 32-bit number in decimal (e.g. 3418947021)"
	case IDHex8Upper:
		return "8 uppercase hex digits (e.g. 5F3A09C2)"
	case IDUUID:
		return "UUID (e.g. 5d432f36-81f4-11eb-9dc0-2cea7ff7ff9a)"
	}
	return "sequential small numbers (1, 2, 3…); freed numbers are reused"
}

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
	PatchEmptyOK                               // 200 with an empty body
)

// DeleteStyle is how a BMC answers a successful DELETE.
type DeleteStyle int

const (
	DeleteNoContent       DeleteStyle = iota // 204
	DeleteSuccessMessage                     // 200, {"@Message.ExtendedInfo":[Success]}
	DeleteILOExtendedInfo                    // 200, error-shaped body holding Base Success
)

var allEventTypes = []string{"StatusChange", "ResourceUpdated", "ResourceAdded", "ResourceRemoved", "Alert", "MetricReport", "Other"}

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
