package redfish

import "strings"

// Unsupported is a property of a subscription that the BMC's EventService
// says it cannot honour: a value outside an advertised list, or a feature
// whose support flag is false. Firmware sometimes under-advertises, so the
// caller decides whether this is an error.
type Unsupported struct {
	// Property is the Redfish property name (a row of Properties).
	Property string
	// Values are the configured values outside Supported; empty for a flag.
	Values []string
	// Supported is what the EventService advertises (for a flag: nothing).
	Supported []string
	// Advertisement names the EventService property that says so.
	Advertisement string
}

// advertisedLists maps properties to the EventService list of values they
// may take. A list the BMC does not advertise (nil) checks nothing.
var advertisedLists = []struct {
	property, advertisement string
	list                    func(*EventService) []string
}{
	{"EventTypes", "EventTypesForSubscription", func(es *EventService) []string { return es.EventTypesForSubscription }},
	{"RegistryPrefixes", "RegistryPrefixes", func(es *EventService) []string { return es.RegistryPrefixes }},
	{"ExcludeRegistryPrefixes", "RegistryPrefixes", func(es *EventService) []string { return es.RegistryPrefixes }},
	{"ResourceTypes", "ResourceTypes", func(es *EventService) []string { return es.ResourceTypes }},
	{"Severities", "Severities", func(es *EventService) []string { return es.Severities }},
	{"EventFormatType", "EventFormatTypes", func(es *EventService) []string { return es.EventFormatTypes }},
}

// advertisedFlags maps properties to the EventService flag that says
// whether the BMC supports them. Only a flag reported false counts.
var advertisedFlags = []struct {
	property, advertisement string
	flag                    func(*EventService) *bool
}{
	{"ExcludeMessageIds", "ExcludeMessageId", func(es *EventService) *bool { return es.ExcludeMessageIDSupported }},
	{"ExcludeRegistryPrefixes", "ExcludeRegistryPrefix", func(es *EventService) *bool { return es.ExcludeRegistryPrefixSupported }},
	{"IncludeOriginOfCondition", "IncludeOriginOfConditionSupported", func(es *EventService) *bool { return es.IncludeOriginOfConditionSupported }},
	{"SubordinateResources", "SubordinateResourcesSupported", func(es *EventService) *bool { return es.SubordinateResourcesSupported }},
}

// Unsupported compares a subscription to create with what the EventService
// advertises. It only reads what discovery already holds: no request.
func (es *EventService) Unsupported(sub Subscription) []Unsupported {
	var out []Unsupported
	for _, a := range advertisedLists {
		p, ok := propertyByName(a.property)
		supported := a.list(es)
		if !ok || len(supported) == 0 {
			continue
		}
		var outside []string
		for _, v := range valuesOf(p.Get(&sub)) {
			if !containsAll([]string{v}, supported, p.Compare.Func(Provably)) {
				outside = append(outside, v)
			}
		}
		if len(outside) > 0 {
			out = append(out, Unsupported{Property: a.property, Values: outside, Supported: supported, Advertisement: a.advertisement})
		}
	}
	for _, f := range advertisedFlags {
		p, ok := propertyByName(f.property)
		if flag := f.flag(es); ok && flag != nil && !*flag && isSet(p.Get(&sub)) {
			out = append(out, Unsupported{Property: f.property, Advertisement: f.advertisement})
		}
	}
	// Redfish has no list of supported protocols; an SMTP destination needs
	// the EventService's SMTP settings, which a BMC without it lacks.
	if p := sub.Protocol; p != nil && strings.EqualFold(*p, "SMTP") && !es.SMTPSettings {
		out = append(out, Unsupported{Property: "Protocol", Values: []string{*p}, Advertisement: "SMTP"})
	}
	if t := sub.SubscriptionType; t != nil && strings.EqualFold(*t, "SSE") && es.ServerSentEventURI == "" {
		out = append(out, Unsupported{Property: "SubscriptionType", Values: []string{*t}, Advertisement: "ServerSentEventUri"})
	}
	return out
}

func propertyByName(name string) (Property, bool) {
	for _, p := range Properties {
		if p.Name == name {
			return p, true
		}
	}
	return Property{}, false
}

// valuesOf returns the strings of a set or scalar value (as Get returns).
func valuesOf(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case *string:
		if x != nil {
			return []string{*x}
		}
	}
	return nil
}

// isSet reports whether a value asks for the feature: a true flag or a
// non-empty list.
func isSet(v any) bool {
	switch x := v.(type) {
	case *bool:
		return x != nil && *x
	case []string:
		return len(x) > 0
	}
	return false
}
