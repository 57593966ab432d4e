package bmcsim

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

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
	pkObject                         // an object (Oem)
	pkSNMP                           // SNMPSettings
	pkSyslogFilters                  // array of SyslogFilter or null
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

// destinationProps are the EventDestination properties a create may carry,
// one row each: the schema's rule for the value (propSpec) and the
// Subscription field that stores it. Adding a property is one row here (a
// field on Subscription if it needs one) plus its profile rule; decoding,
// storing, Set bookkeeping and the completeness test follow from the row.
// Name and Description are readonly but describe the instance; the dmtf
// profile lets a client name its subscription (DSP0266 leaves it to the
// service), vendors mostly do not (see Profile.CreateProperties).
var destinationProps = map[string]propRule{
	"BackupDestinations":       {propSpec{kind: pkStringArray, patch: true}, func(s *Subscription) any { return &s.BackupDestinations }},
	"Context":                  {propSpec{kind: pkNullableString, patch: true}, func(s *Subscription) any { return &s.Context }},
	"DeliveryRetryPolicy":      {propSpec{kind: pkNullableEnum, enum: retryPolicyValues, patch: true}, func(s *Subscription) any { return &s.DeliveryRetryPolicy }},
	"Description":              {propSpec{kind: pkNullableString}, func(s *Subscription) any { return &s.Description }},
	"Destination":              {propSpec{kind: pkString}, func(s *Subscription) any { return &s.Destination }},
	"EventFormatType":          {propSpec{kind: pkNullableEnum, enum: eventFormatValues}, func(s *Subscription) any { return &s.EventFormatType }},
	"EventTypes":               {propSpec{kind: pkEnumArray, enum: allEventTypes}, func(s *Subscription) any { return &s.EventTypes }},
	"ExcludeMessageIds":        {propSpec{kind: pkStringArray}, func(s *Subscription) any { return &s.ExcludeMessageIds }},
	"ExcludeRegistryPrefixes":  {propSpec{kind: pkStringArray}, func(s *Subscription) any { return &s.ExcludeRegistryPrefixes }},
	"HeartbeatIntervalMinutes": {propSpec{kind: pkNullableInt, min: 1, max: 65535}, func(s *Subscription) any { return &s.HeartbeatIntervalMinutes }},
	// HttpHeaders has no readonly annotation: it is writable, and write-only
	// in effect ("null or an empty array in responses").
	"HttpHeaders":              {propSpec{kind: pkHeaderArray, patch: true}, func(s *Subscription) any { return &s.HttpHeaders }},
	"IncludeOriginOfCondition": {propSpec{kind: pkNullableBool}, func(s *Subscription) any { return &s.IncludeOriginOfCondition }},
	"MessageIds":               {propSpec{kind: pkStringArray}, func(s *Subscription) any { return &s.MessageIds }},
	"MetricReportDefinitions":  {propSpec{kind: pkIDRefArray}, func(s *Subscription) any { return &s.MetricReportDefinitions }},
	"Name":                     {propSpec{kind: pkString}, func(s *Subscription) any { return &s.Name }},
	"OEMProtocol":              {propSpec{kind: pkString}, func(s *Subscription) any { return &s.OEMProtocol }},
	"OEMSubscriptionType":      {propSpec{kind: pkString}, func(s *Subscription) any { return &s.OEMSubscriptionType }},
	"Oem":                      {propSpec{kind: pkObject, patch: true}, func(s *Subscription) any { return &s.Oem }},
	"OriginResources":          {propSpec{kind: pkIDRefArray}, func(s *Subscription) any { return &s.OriginResources }},
	"Protocol":                 {propSpec{kind: pkEnum, enum: protocolValues}, func(s *Subscription) any { return &s.Protocol }},
	"RegistryPrefixes":         {propSpec{kind: pkStringArray}, func(s *Subscription) any { return &s.RegistryPrefixes }},
	"ResourceTypes":            {propSpec{kind: pkStringArray}, func(s *Subscription) any { return &s.ResourceTypes }},
	// SNMP (v1_7_0) is SNMPSettings, checked by decodeSNMP (snmp.go).
	"SNMP":                 {propSpec{kind: pkSNMP, patch: true}, func(s *Subscription) any { return &s.SNMP }},
	"SendHeartbeat":        {propSpec{kind: pkNullableBool}, func(s *Subscription) any { return &s.SendHeartbeat }},
	"Severities":           {propSpec{kind: pkEnumArray, enum: healthValues, nullItems: true}, func(s *Subscription) any { return &s.Severities }},
	"SubordinateResources": {propSpec{kind: pkNullableBool}, func(s *Subscription) any { return &s.SubordinateResources }},
	"SubscriptionType":     {propSpec{kind: pkNullableEnum, enum: subscriptionTypeValues}, func(s *Subscription) any { return &s.SubscriptionType }},
	// SyslogFilters (v1_9_0) is an array of SyslogFilter, checked by
	// decodeSyslogFilters (syslog.go).
	"SyslogFilters":     {propSpec{kind: pkSyslogFilters, patch: true}, func(s *Subscription) any { return &s.SyslogFilters }},
	"VerifyCertificate": {propSpec{kind: pkNullableBool, patch: true}, func(s *Subscription) any { return &s.VerifyCertificate }},
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

// propRule is one row of destinationProps: what the schema allows, and
// where a Subscription keeps the value. field returns a pointer to that
// field: *string, *[]string, **bool, **int64, *[]map[string]string or
// *json.RawMessage.
type propRule struct {
	propSpec
	field func(*Subscription) any
}

// setField stores a decoded property in s (a null clears it) and keeps
// s.Set in step. A name outside the table, or a value of another type than
// the row's field, is an error: nothing is stored by default.
func setField(s *Subscription, name string, val any) error {
	rule, ok := destinationProps[name]
	if !ok {
		return fmt.Errorf("bmcsim: no EventDestination property %q in the property table", name)
	}
	present, err := rule.store(s, val)
	if err != nil {
		return fmt.Errorf("bmcsim: property %s: %w", name, err)
	}
	if s.Set == nil {
		s.Set = map[string]bool{}
	}
	if present {
		s.Set[name] = true
	} else {
		delete(s.Set, name)
	}
	return nil
}

// store writes val, as decodeProp produced it, into the row's field and
// reports whether the property now holds a value.
func (r propRule) store(s *Subscription, val any) (bool, error) {
	switch f := r.field(s).(type) {
	case *string:
		switch v := val.(type) {
		case string:
			*f = v
			return true, nil
		case *string:
			if v == nil {
				*f = ""
				return false, nil
			}
			*f = *v
			return true, nil
		}
	case *[]string:
		if v, ok := val.([]string); ok {
			*f = v
			return v != nil, nil
		}
	case **bool:
		if v, ok := val.(*bool); ok {
			*f = v
			return v != nil, nil
		}
	case **int64:
		if v, ok := val.(*int64); ok {
			*f = v
			return v != nil, nil
		}
	case *[]map[string]string:
		if v, ok := val.([]map[string]string); ok {
			*f = v
			return v != nil, nil
		}
	case *json.RawMessage:
		if v, ok := val.(json.RawMessage); ok {
			*f = v
			return v != nil, nil
		}
	default:
		return false, fmt.Errorf("field of type %T has no store rule", f)
	}
	return false, fmt.Errorf("value of type %T does not fit field %T", val, r.field(s))
}

// holds reports whether s holds a value for the row (what AddSubscription
// callers set without saying so in Set).
func (r propRule) holds(s *Subscription) bool {
	switch f := r.field(s).(type) {
	case *string:
		return *f != ""
	case *[]string:
		return *f != nil
	case **bool:
		return *f != nil
	case **int64:
		return *f != nil
	case *[]map[string]string:
		return *f != nil
	case *json.RawMessage:
		return *f != nil
	}
	return false
}

// copyField replaces the row's field in s by a copy that shares no memory
// with the original.
func (r propRule) copyField(s *Subscription) {
	switch f := r.field(s).(type) {
	case *[]string:
		*f = slices.Clone(*f)
	case **bool:
		*f = clonePtr(*f)
	case **int64:
		*f = clonePtr(*f)
	case *json.RawMessage:
		*f = slices.Clone(*f)
	case *[]map[string]string:
		if *f != nil {
			hs := make([]map[string]string, len(*f))
			for i, h := range *f {
				hs[i] = maps.Clone(h)
			}
			*f = hs
		}
	}
}
