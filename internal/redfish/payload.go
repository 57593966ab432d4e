package redfish

import "encoding/json"

// Payload is the body View.Create POSTs for sub.
//
// We build it ourselves instead of calling gofish's
// EventService.CreateEventSubscription(Instance): those send only
// Destination, EventTypes or RegistryPrefixes/ResourceTypes, Protocol,
// Context, DeliveryRetryPolicy and Oem, and model HttpHeaders as a map
// (one object holding every header), whereas EventDestination v1_16_0
// defines an array of HttpHeaderProperty objects, one per header.
//
// Only properties the caller set are sent (nil pointers and nil slices are
// left out; an empty non-nil slice is sent as []), so a BMC applies its own
// defaults for the rest. Protocol, required on create, defaults to Redfish.
func Payload(sub Subscription) map[string]any {
	p := map[string]any{"Destination": sub.Destination}
	protocol := ProtocolRedfish
	if sub.Protocol != nil {
		protocol = *sub.Protocol
	}
	p["Protocol"] = protocol

	putString := func(name string, v *string) {
		if v != nil {
			p[name] = *v
		}
	}
	putBool := func(name string, v *bool) {
		if v != nil {
			p[name] = *v
		}
	}
	putList := func(name string, v []string) {
		if v != nil {
			p[name] = append([]string{}, v...)
		}
	}
	putRefs := func(name string, v []string) {
		if v != nil {
			refs := make([]map[string]string, 0, len(v))
			for _, id := range v {
				refs = append(refs, map[string]string{"@odata.id": id})
			}
			p[name] = refs
		}
	}

	putString("Context", sub.Context)
	putString("SubscriptionType", sub.SubscriptionType)
	putString("EventFormatType", sub.EventFormatType)
	putList("EventTypes", sub.EventTypes)
	putList("RegistryPrefixes", sub.RegistryPrefixes)
	putList("ExcludeRegistryPrefixes", sub.ExcludeRegistryPrefixes)
	putList("ResourceTypes", sub.ResourceTypes)
	putList("MessageIds", sub.MessageIDs)
	putList("ExcludeMessageIds", sub.ExcludeMessageIDs)
	putRefs("OriginResources", sub.OriginResources)
	putBool("SubordinateResources", sub.SubordinateResources)
	putBool("IncludeOriginOfCondition", sub.IncludeOriginOfCondition)
	putList("Severities", sub.Severities)
	putRefs("MetricReportDefinitions", sub.MetricReportDefinitions)
	putString("DeliveryRetryPolicy", sub.DeliveryRetryPolicy)
	putBool("VerifyCertificate", sub.VerifyCertificate)
	putBool("SendHeartbeat", sub.SendHeartbeat)
	putString("OEMProtocol", sub.OEMProtocol)
	putString("OEMSubscriptionType", sub.OEMSubscriptionType)
	if sub.HeartbeatIntervalMinutes != nil {
		p["HeartbeatIntervalMinutes"] = *sub.HeartbeatIntervalMinutes
	}
	if len(sub.Oem) > 0 && string(sub.Oem) != "null" {
		p["Oem"] = json.RawMessage(append([]byte(nil), sub.Oem...))
	}
	if sub.HTTPHeaders != nil {
		// HttpHeaderProperty: "The header name is the property name", one
		// object per header, so two headers of the same name stay two.
		headers := make([]map[string]string, 0, len(sub.HTTPHeaders))
		for _, h := range sub.HTTPHeaders {
			headers = append(headers, map[string]string{h.Name: h.Value})
		}
		p["HttpHeaders"] = headers
	}
	return p
}

// withHeaderObject rewrites a payload's HttpHeaders into the object form
// HPE documents for iLO ({"Name": "Value", ...}: one object holding every
// header) instead of the schema's array of one-header objects.
func withHeaderObject(p map[string]any, headers []HTTPHeader) map[string]any {
	if headers == nil {
		return p
	}
	obj := make(map[string]string, len(headers))
	for _, h := range headers {
		obj[h.Name] = h.Value
	}
	p["HttpHeaders"] = obj
	return p
}
