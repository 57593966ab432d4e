package bmcsim

import (
	"slices"
	"strings"
)

// matches applies every filter of an EventDestination to one event record,
// each as its longDescription in EventDestination.v1_16_0 says. An empty or
// absent filter never excludes anything.
func matches(s *Subscription, ev *EventRecord) bool {
	return eventTypeMatches(s, ev) &&
		registryMatches(s, ev) &&
		!excluded(s, ev) &&
		resourceTypeMatches(s, ev) &&
		originMatches(s, ev) &&
		severityMatches(s, ev)
}

// eventTypeMatches: EventTypes "shall contain an array that contains the
// types of events that shall be sent to the destination". The schema's
// default of ["Other"] for subscriptions without EventTypes is not applied
// as a filter: doing so would withhold every Alert from modern
// RegistryPrefixes-based subscriptions, which no service does.
func eventTypeMatches(s *Subscription, ev *EventRecord) bool {
	return len(s.EventTypes) == 0 || slices.Contains(s.EventTypes, ev.eventType())
}

// registryMatches is the inclusive pair RegistryPrefixes/MessageIds:
// "Events with a MessageId that is not from a message registry contained in
// this array and is not contained by MessageIds shall not be sent".
func registryMatches(s *Subscription, ev *EventRecord) bool {
	if len(s.RegistryPrefixes) == 0 && len(s.MessageIds) == 0 {
		return true
	}
	prefix, _ := splitMessageID(ev.MessageId)
	return slices.Contains(s.RegistryPrefixes, prefix) || messageIDListed(s.MessageIds, ev.MessageId)
}

// excluded is ExcludeRegistryPrefixes and ExcludeMessageIds.
func excluded(s *Subscription, ev *EventRecord) bool {
	prefix, _ := splitMessageID(ev.MessageId)
	return slices.Contains(s.ExcludeRegistryPrefixes, prefix) || messageIDListed(s.ExcludeMessageIds, ev.MessageId)
}

// messageIDListed compares MessageIds as the schema asks: "in the
// MessageRegistryPrefix.MessageKey format. If included, the MessageId major
// and minor version details should be ignored." A bare key (bmcweb's form)
// matches that key in any registry.
func messageIDListed(list []string, messageID string) bool {
	prefix, key := splitMessageID(messageID)
	for _, entry := range list {
		ep, ek := splitMessageID(entry)
		if ek == key && (ep == "" || ep == prefix) {
			return true
		}
	}
	return false
}

// resourceTypeMatches: "Events with the resource type of the resource
// referenced by the OriginOfCondition property that is not contained in
// this array shall not be sent" (an event without an origin has no type).
func resourceTypeMatches(s *Subscription, ev *EventRecord) bool {
	if len(s.ResourceTypes) == 0 {
		return true
	}
	return slices.Contains(s.ResourceTypes, ev.resourceType())
}

// originMatches: OriginResources lists the allowed OriginOfCondition
// values, and with SubordinateResources true their subordinates too (path
// descendants; "resources associated through the Links section are not
// considered subordinate").
func originMatches(s *Subscription, ev *EventRecord) bool {
	if len(s.OriginResources) == 0 {
		return true
	}
	origin := normalizePath(ev.OriginOfCondition)
	if origin == "" {
		return false
	}
	sub := s.SubordinateResources != nil && *s.SubordinateResources
	for _, r := range s.OriginResources {
		r = normalizePath(r)
		if origin == r || (sub && strings.HasPrefix(origin, r+"/")) {
			return true
		}
	}
	return false
}

// severityMatches: Severities are "the allowable values for the
// MessageSeverity property within an event".
func severityMatches(s *Subscription, ev *EventRecord) bool {
	return len(s.Severities) == 0 || slices.Contains(s.Severities, ev.messageSeverity())
}

// collectionMemberTypes maps a collection's path segment to the schema of
// its members, for deriving ResourceTypes from OriginOfCondition.
var collectionMemberTypes = map[string]string{
	"Systems": "ComputerSystem", "Chassis": "Chassis", "Managers": "Manager",
	"Tasks": "Task", "Processors": "Processor", "Memory": "Memory",
	"Storage": "Storage", "Drives": "Drive", "Volumes": "Volume",
	"Certificates": "Certificate", "Fans": "Fan", "PowerSupplies": "PowerSupply",
	"Sensors": "Sensor", "LogServices": "LogService", "Entries": "LogEntry",
	"Accounts": "ManagerAccount", "Sessions": "Session",
	"Subscriptions": "EventDestination", "VirtualMedia": "VirtualMedia",
	"EthernetInterfaces": "EthernetInterface", "FirmwareInventory": "SoftwareInventory",
	"SoftwareInventory": "SoftwareInventory", "NetworkAdapters": "NetworkAdapter",
	"PCIeDevices": "PCIeDevice", "MetricReports": "MetricReport",
}

// singletonTypes maps singleton resources' path segments to their schema.
var singletonTypes = map[string]string{
	"Thermal": "Thermal", "Power": "Power", "EventService": "EventService",
	"SessionService": "SessionService", "AccountService": "AccountService",
	"UpdateService": "UpdateService", "TaskService": "TaskService",
	"TelemetryService": "TelemetryService", "Bios": "Bios",
	"ThermalSubsystem": "ThermalSubsystem", "PowerSubsystem": "PowerSubsystem",
	"NetworkProtocol": "ManagerNetworkProtocol", "SecureBoot": "SecureBoot",
}

// resourceTypeOf derives the schema name of the resource at path:
// "/redfish/v1/Systems/1" is a ComputerSystem, "/redfish/v1/Chassis/1/Thermal"
// a Thermal, "/redfish/v1/Systems" a ComputerSystemCollection. "" if unknown.
func resourceTypeOf(path string) string {
	rest, ok := strings.CutPrefix(normalizePath(path), pathRoot+"/")
	if !ok || rest == "" {
		return ""
	}
	segs := strings.Split(rest, "/")
	last := segs[len(segs)-1]
	if t, ok := singletonTypes[last]; ok {
		return t
	}
	if t, ok := collectionMemberTypes[last]; ok {
		return t + "Collection"
	}
	if len(segs) >= 2 {
		if t, ok := collectionMemberTypes[segs[len(segs)-2]]; ok {
			return t
		}
	}
	return ""
}
