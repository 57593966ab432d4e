// Package redfish holds everything this project knows about Redfish event
// subscriptions: a pool of gofish-based clients (one per BMC and credential
// set), discovery of the EventService, the subscription payload we POST,
// normalisation of what BMCs answer, and translation of Redfish error bodies.
//
// It never imports terraform-plugin-*: the provider package maps Terraform
// values to the types here and back.
package redfish

import (
	"encoding/json"
	"time"
)

// AuthMethod selects how the client authenticates to the BMC.
type AuthMethod string

const (
	// AuthAuto, the default, uses a session when the service root links
	// the Sessions collection (Links.Sessions, required by Redfish since
	// 1.0 but absent on sushy-tools and some older firmware), and HTTP
	// Basic otherwise.
	AuthAuto AuthMethod = "auto"
	// AuthSession creates a Redfish session (SessionService/Sessions) and sends
	// its X-Auth-Token; it is what BMC vendors recommend.
	AuthSession AuthMethod = "session"
	// AuthBasic sends HTTP Basic credentials with every request.
	AuthBasic AuthMethod = "basic"
)

// AuthMethods lists the accepted AuthMethod values, for validators and docs.
var AuthMethods = []string{string(AuthAuto), string(AuthSession), string(AuthBasic)}

// ConnectionConfig says how to reach one BMC. Two configs that are equal share
// one client in a Pool.
type ConnectionConfig struct {
	// Endpoint is the BMC's base URL, scheme and host[:port], e.g.
	// "https://10.0.0.5". A trailing "/redfish/v1" or "/" is tolerated.
	Endpoint string
	Username string
	Password string
	// Insecure skips TLS verification of the BMC's certificate.
	Insecure bool
	// CACertificatePEM, when set, is the only CA trusted for the BMC's certificate.
	CACertificatePEM string
	// AuthMethod defaults to AuthAuto when empty. With no Username, no
	// authentication is sent at all.
	AuthMethod AuthMethod
	// Timeout bounds each HTTP request; zero means 30s.
	Timeout time.Duration
	// MaxRetries is how often an idempotent request (GET, DELETE) or a request the
	// BMC refused before acting on it (503, 429, connection refused) is retried.
	MaxRetries int
	// RetryWait is the first wait between retries (doubled each time, capped,
	// and overridden by a Retry-After header); zero means 1s.
	RetryWait time.Duration
}

// HTTPHeader is one header the BMC sends with each event POST.
type HTTPHeader struct {
	Name  string
	Value string
}

// Subscription is an EventDestination as this project reads and writes it.
// Pointer and slice fields are nil when the BMC omitted the property (or, in a
// create request, when the user left it unset: unset properties are not sent).
type Subscription struct {
	// ODataID is the subscription's @odata.id path, normalised: no trailing slash.
	ODataID string
	// ID is the Id property (the last path segment when the BMC omits Id).
	ID   string
	Name string

	Destination              string   `redfish:"Destination,since=v1_0_0,required,cmp=uri"`
	Context                  *string  `redfish:"Context,since=v1_0_0,unsetisempty"`
	Protocol                 *string  `redfish:"Protocol,since=v1_0_0,enum=Protocols,default=Redfish"`
	SubscriptionType         *string  `redfish:"SubscriptionType,since=v1_3_0,enum=SubscriptionTypes"`
	EventFormatType          *string  `redfish:"EventFormatType,since=v1_4_0,enum=EventFormatTypes"`
	EventTypes               []string `redfish:"EventTypes,since=v1_0_0,enum=EventTypes"`
	RegistryPrefixes         []string `redfish:"RegistryPrefixes,since=v1_4_0"`
	ExcludeRegistryPrefixes  []string `redfish:"ExcludeRegistryPrefixes,since=v1_12_0"`
	ResourceTypes            []string `redfish:"ResourceTypes,since=v1_4_0"`
	MessageIDs               []string `redfish:"MessageIds,since=v1_1_0"`
	ExcludeMessageIDs        []string `redfish:"ExcludeMessageIds,since=v1_12_0"`
	OriginResources          []string `redfish:"OriginResources,since=v1_1_0,ref"` // @odata.id paths
	SubordinateResources     *bool    `redfish:"SubordinateResources,since=v1_4_0"`
	IncludeOriginOfCondition *bool    `redfish:"IncludeOriginOfCondition,since=v1_8_0"`
	Severities               []string `redfish:"Severities,since=v1_13_0,enum=Severities"`
	MetricReportDefinitions  []string `redfish:"MetricReportDefinitions,since=v1_6_0,ref"` // @odata.id paths
	DeliveryRetryPolicy      *string  `redfish:"DeliveryRetryPolicy,since=v1_6_0,enum=DeliveryRetryPolicies"`
	VerifyCertificate        *bool    `redfish:"VerifyCertificate,since=v1_9_0"`
	SendHeartbeat            *bool    `redfish:"SendHeartbeat,since=v1_11_0"`
	HeartbeatIntervalMinutes *int64   `redfish:"HeartbeatIntervalMinutes,since=v1_11_0"`
	// Oem is the raw Oem object, or nil.
	Oem json.RawMessage `redfish:"Oem,since=v1_0_0"`
	// OEMProtocol names the protocol when Protocol is "OEM", where the schema
	// requires it; OEMSubscriptionType names the type when SubscriptionType
	// is "OEM" (both EventDestination v1_9_0).
	OEMProtocol         *string `redfish:"OEMProtocol,since=v1_9_0"`
	OEMSubscriptionType *string `redfish:"OEMSubscriptionType,since=v1_9_0"`
	// SNMP holds what an SNMP destination (Protocol SNMPv1, SNMPv2c or
	// SNMPv3) needs; its secrets are sent, never read back.
	SNMP *SNMPSettings `redfish:"SNMP,since=v1_7_0"`
	// SyslogFilters select what a syslog destination receives.
	SyslogFilters []SyslogFilter `redfish:"SyslogFilters,since=v1_9_0"`
	// BackupDestinations are tried, in no order Redfish defines, when
	// Destination cannot be reached.
	BackupDestinations []string `redfish:"BackupDestinations,since=v1_15_0,cmp=uri"`
	// HTTPHeaders is only ever set in create requests: Redfish requires BMCs to
	// read HttpHeaders back as null or an empty array.
	HTTPHeaders []HTTPHeader

	// State is Status.State ("Enabled", "Disabled"…), empty when not reported.
	State string
	// ResumeTarget is the target of the #EventDestination.ResumeSubscription
	// action (v1_8_0), empty when the BMC does not offer it.
	ResumeTarget string
	// CertificatesURI and ClientCertificatesURI are the subscription's
	// certificate collections (v1_9_0, v1_11_0), empty when the BMC has none.
	CertificatesURI, ClientCertificatesURI string
}

// SNMPSettings is EventDestination's SNMPSettings (v1_7_0).
type SNMPSettings struct {
	TrapCommunity          *string `redfish:"TrapCommunity,since=v1_7_0,secret"`
	AuthenticationProtocol *string `redfish:"AuthenticationProtocol,since=v1_7_0,enum=SNMPAuthProtocols"`
	AuthenticationKey      *string `redfish:"AuthenticationKey,since=v1_7_0,secret"`
	EncryptionProtocol     *string `redfish:"EncryptionProtocol,since=v1_7_0,enum=SNMPEncryptionProtocols"`
	EncryptionKey          *string `redfish:"EncryptionKey,since=v1_7_0,secret"`
	AuthenticationKeySet   *bool   `redfish:"AuthenticationKeySet,since=v1_10_0,readonly"`
	EncryptionKeySet       *bool   `redfish:"EncryptionKeySet,since=v1_10_0,readonly"`
	HideCommunityStrings   *bool   `redfish:"HideCommunityStrings,since=v1_16_0"`
}

// SyslogFilter is EventDestination's SyslogFilter (v1_9_0).
type SyslogFilter struct {
	LogFacilities  []string `redfish:"LogFacilities,since=v1_9_0,enum=SyslogFacilities"`
	LowestSeverity *string  `redfish:"LowestSeverity,since=v1_9_0,enum=SyslogSeverities"`
}

// EventService is what a BMC's EventService says it supports.
type EventService struct {
	ODataID                           string
	ServiceEnabled                    bool
	DeliveryRetryAttempts             *int64
	DeliveryRetryIntervalSeconds      *int64
	EventTypesForSubscription         []string
	EventFormatTypes                  []string
	RegistryPrefixes                  []string
	ResourceTypes                     []string
	Severities                        []string
	ExcludeMessageIDSupported         *bool
	ExcludeRegistryPrefixSupported    *bool
	IncludeOriginOfConditionSupported *bool
	SubordinateResourcesSupported     *bool
	ServerSentEventURI                string
	// SMTPSettings is true when the EventService has an SMTP object
	// (v1_5_0), the only sign the schema gives that SMTP destinations work.
	SMTPSettings bool
	// SubmitTestEventTarget is the action's target URI, empty when the BMC does
	// not offer SubmitTestEvent.
	SubmitTestEventTarget string
	// SubscriptionsURI is the @odata.id of the Subscriptions collection.
	SubscriptionsURI string
}

// TestEvent holds the parameters of the EventService.SubmitTestEvent action.
// Empty fields are not sent. MessageID is required by the schema.
type TestEvent struct {
	EventGroupID      *int64   `json:"EventGroupId,omitempty"`
	EventID           string   `json:"EventId,omitempty"`
	EventTimestamp    string   `json:"EventTimestamp,omitempty"`
	EventType         string   `json:"EventType,omitempty"` // deprecated in Redfish 1.6, still read by some BMCs
	Message           string   `json:"Message,omitempty"`
	MessageArgs       []string `json:"MessageArgs,omitempty"`
	MessageID         string   `json:"MessageId,omitempty"`
	MessageSeverity   string   `json:"MessageSeverity,omitempty"`
	OriginOfCondition string   `json:"OriginOfCondition,omitempty"`
	Severity          string   `json:"Severity,omitempty"`
}
