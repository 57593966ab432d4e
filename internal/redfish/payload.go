package redfish

// Payload is the body View.Create POSTs for sub.
//
// We build it ourselves instead of calling gofish's
// EventService.CreateEventSubscription(Instance): those send only
// Destination, EventTypes or RegistryPrefixes/ResourceTypes, Protocol,
// Context, DeliveryRetryPolicy and Oem, and model HttpHeaders as a map
// (one object holding every header), whereas EventDestination v1_16_0
// defines an array of HttpHeaderProperty objects, one per header.
//
// Every property of the Properties table the caller set is sent (nil
// pointers and nil slices are left out; an empty non-nil slice is sent as
// []), so a BMC applies its own defaults for the rest. Protocol, required on
// create, defaults to Redfish (its tag's default).
func Payload(sub Subscription) map[string]any {
	p := encodeObject(Properties, objectValues(&sub))
	for _, prop := range Properties {
		if _, set := p[prop.Name]; !set && prop.Default != "" {
			p[prop.Name] = prop.Default
		}
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

// objectValues returns every property of sub by Redfish name.
func objectValues(sub *Subscription) map[string]any {
	m := make(map[string]any, len(Properties))
	for _, p := range Properties {
		m[p.Name] = p.Get(sub)
	}
	return m
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
