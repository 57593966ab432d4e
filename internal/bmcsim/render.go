package bmcsim

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"
)

// How a stored Subscription is served as an EventDestination, per profile.

// bmcwebArrays are the filter arrays bmcweb always renders, [] when unset.
var bmcwebArrays = map[string]bool{"RegistryPrefixes": true, "ResourceTypes": true, "MessageIds": true, "MetricReportDefinitions": true}

// renderSubscription is the EventDestination as the profile serves it.
func (b *BMC) renderSubscription(s *Subscription) map[string]any {
	p := &b.profile
	m := map[string]any{
		"@odata.type":      p.EventDestinationType,
		"@odata.id":        b.odataID(s.ODataID),
		"Id":               s.ID,
		"Name":             b.nameOf(s),
		"Protocol":         s.Protocol,
		"SubscriptionType": s.SubscriptionType,
		"Context":          b.contextValue(s),
	}
	if !p.OmitStatus {
		m["Status"] = map[string]any{"State": s.State, "Health": "OK"}
	}
	if dest, ok := p.DestinationReport.render(s.Destination); ok {
		m["Destination"] = dest
	}
	if s.Protocol == "Redfish" {
		b.renderRedfishOnly(m, s)
	}
	b.certificateLinks(m, s)
	b.renderProperties(m, s)
	if acts := b.subscriptionActions(s); len(acts) > 0 {
		m["Actions"] = acts
	}
	if p.ILOAnnotations {
		m["@odata.context"] = "/redfish/v1/$metadata#EventDestination.EventDestination"
		m["@odata.etag"] = etagOf(m)
		if !s.Set["Description"] {
			m["Description"] = "iLO Event Subscription"
		}
	}
	return m
}

func (b *BMC) nameOf(s *Subscription) string {
	if s.Name != "" {
		return s.Name
	}
	return b.profile.memberName(s.ID)
}

// contextValue: Context is required in responses, typed string-or-null.
func (b *BMC) contextValue(s *Subscription) any {
	if s.Set["Context"] || b.profile.ContextEmptyString {
		return s.Context
	}
	return nil
}

// renderRedfishOnly adds what only push subscriptions have.
func (b *BMC) renderRedfishOnly(m map[string]any, s *Subscription) {
	p := &b.profile
	// EventFormatType: "If this property is not present, the
	// EventFormatType shall be assumed to be Event."
	m["EventFormatType"] = "Event"
	if s.EventFormatType != "" {
		m["EventFormatType"] = s.EventFormatType
	}
	// HttpHeaders: "This object shall be null or an empty array in responses."
	if p.HTTPHeadersNull {
		m["HttpHeaders"] = nil
	} else {
		m["HttpHeaders"] = []any{}
	}
	if p.ReportsRetryPolicy {
		if pol := b.retryPolicy(s); pol != "" {
			m["DeliveryRetryPolicy"] = pol
		}
	}
}

// renderedApart are the properties renderSubscription writes by rules of
// their own (always present, Redfish-only, rewritten or redacted); every
// other row of destinationProps is rendered from its field by
// renderProperties, so a new row reads back with no code here.
var renderedApart = map[string]bool{
	"Name": true, "Destination": true, "Protocol": true, "SubscriptionType": true, "Context": true,
	"EventFormatType": true, "DeliveryRetryPolicy": true, "HttpHeaders": true, "SNMP": true,
}

// renderProperties renders every other property that holds a value; a
// list the client set is rendered even when empty, and bmcweb renders its
// filter arrays always.
func (b *BMC) renderProperties(m map[string]any, s *Subscription) {
	p := &b.profile
	for name, rule := range destinationProps {
		if renderedApart[name] || (name == "OriginResources" && p.OmitOriginResources) {
			continue
		}
		_, isList := rule.field(s).(*[]string)
		shown := rule.holds(s) || (isList && s.Set[name]) ||
			(isList && p.RenderEmptyArrays && bmcwebArrays[name] && s.Protocol == "Redfish")
		if shown {
			m[name] = rule.render(s)
		}
	}
	if s.Protocol == "Redfish" {
		for name, v := range p.RenderDefaults {
			if _, set := m[name]; !set {
				m[name] = v
			}
		}
	}
	if s.SNMP != nil || (p.SNMP.Render && strings.HasPrefix(s.Protocol, "SNMP")) {
		m["SNMP"] = p.renderSNMP(s)
	}
}

// render is the row's value as JSON wants it: idRef lists as
// {"@odata.id": …} objects, pointers dereferenced, lists never null.
func (r propRule) render(s *Subscription) any {
	switch f := r.field(s).(type) {
	case *string:
		return *f
	case *[]string:
		if r.kind == pkIDRefArray {
			refs := make([]any, len(*f))
			for i, id := range *f {
				refs[i] = map[string]any{"@odata.id": id}
			}
			return refs
		}
		return nonNil(*f)
	case **bool:
		return **f
	case **int64:
		return **f
	case *json.RawMessage:
		return *f
	case *[]map[string]string:
		return *f
	}
	return nil
}

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

func (b *BMC) subscriptionActions(s *Subscription) map[string]any {
	acts := map[string]any{}
	if b.profile.SuspendAction {
		acts["#EventDestination.SuspendSubscription"] = map[string]any{"target": b.odataID(s.ODataID + "/" + actionSuspend)}
	}
	if b.profile.ResumeAction {
		acts["#EventDestination.ResumeSubscription"] = map[string]any{"target": b.odataID(s.ODataID + "/" + actionResume)}
	}
	return acts
}

// etagOf is a weak ETag over the representation, as iLO sends W/"…".
func etagOf(m map[string]any) string {
	data, _ := json.Marshal(m)
	h := fnv.New32a()
	_, _ = h.Write(data)
	return fmt.Sprintf("W/\"%08X\"", h.Sum32())
}
