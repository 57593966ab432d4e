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
	b.renderLists(m, s)
	b.renderScalars(m, s)
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

func (b *BMC) renderLists(m map[string]any, s *Subscription) {
	lists := map[string][]string{
		"EventTypes": s.EventTypes, "RegistryPrefixes": s.RegistryPrefixes,
		"ExcludeRegistryPrefixes": s.ExcludeRegistryPrefixes, "ResourceTypes": s.ResourceTypes,
		"MessageIds": s.MessageIds, "ExcludeMessageIds": s.ExcludeMessageIds,
		"Severities": s.Severities, "BackupDestinations": s.BackupDestinations,
	}
	for name, vals := range lists {
		if s.Set[name] || (b.profile.RenderEmptyArrays && bmcwebArrays[name] && s.Protocol == "Redfish") {
			m[name] = nonNil(vals)
		}
	}
	for name, ids := range map[string][]string{"OriginResources": s.OriginResources, "MetricReportDefinitions": s.MetricReportDefinitions} {
		if name == "OriginResources" && b.profile.OmitOriginResources {
			continue
		}
		if s.Set[name] || (b.profile.RenderEmptyArrays && bmcwebArrays[name] && s.Protocol == "Redfish") {
			refs := make([]any, len(ids))
			for i, id := range ids {
				refs[i] = map[string]any{"@odata.id": id}
			}
			m[name] = refs
		}
	}
}

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

func (b *BMC) renderScalars(m map[string]any, s *Subscription) {
	for name, v := range map[string]*bool{
		"SubordinateResources": s.SubordinateResources, "IncludeOriginOfCondition": s.IncludeOriginOfCondition,
		"VerifyCertificate": s.VerifyCertificate, "SendHeartbeat": s.SendHeartbeat,
	} {
		if v != nil {
			m[name] = *v
		}
	}
	if s.HeartbeatIntervalMinutes != nil {
		m["HeartbeatIntervalMinutes"] = *s.HeartbeatIntervalMinutes
	}
	if s.Protocol == "Redfish" {
		for name, v := range b.profile.RenderDefaults {
			if _, set := m[name]; !set {
				m[name] = v
			}
		}
	}
	for name, v := range map[string]string{"Description": s.Description, "OEMProtocol": s.OEMProtocol, "OEMSubscriptionType": s.OEMSubscriptionType} {
		if v != "" {
			m[name] = v
		}
	}
	if s.Oem != nil {
		m["Oem"] = s.Oem
	}
	if s.SyslogFilters != nil {
		m["SyslogFilters"] = s.SyslogFilters
	}
	if s.SNMP != nil || (b.profile.SNMP.Render && strings.HasPrefix(s.Protocol, "SNMP")) {
		m["SNMP"] = b.profile.renderSNMP(s)
	}
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
