package bmcsim

import (
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"time"
)

// eventServiceProps are the EventService.v1_12_0 properties; PATCH may
// change only the three the schema marks readonly:false.
var eventServiceProps = map[string]bool{
	"@odata.context": true, "@odata.etag": true, "@odata.id": true, "@odata.type": true,
	"Actions": true, "Description": true, "EventFormatTypes": true,
	"EventTypesForSubscription": true, "ExcludeMessageId": true, "ExcludeRegistryPrefix": true,
	"Id": true, "IncludeOriginOfConditionSupported": true, "Name": true, "Oem": true,
	"OriginResourcesSupported": true, "RegistryPrefixes": true, "ResourceTypes": true,
	"SMTP": true, "SSEFilterPropertiesSupported": true, "SSEIncludeOriginOfConditionSupported": true,
	"ServerSentEventUri": true, "Severities": true, "Status": true,
	"SubordinateResourcesSupported": true, "Subscriptions": true,
	"DeliveryRetryAttempts": true, "DeliveryRetryIntervalSeconds": true, "ServiceEnabled": true,
}

func (b *BMC) getEventService(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, b.eventServiceBody())
}

func (b *BMC) eventServiceBody() map[string]any {
	p := &b.profile
	b.mu.Lock()
	st := b.evsvc
	b.mu.Unlock()
	state := "Enabled"
	if !st.enabled {
		state = "Disabled"
	}
	body := map[string]any{
		"@odata.type":                  p.EventServiceType,
		"@odata.id":                    b.odataID(pathEventService),
		"Id":                           "EventService",
		"Name":                         "Event Service",
		"Status":                       map[string]any{"State": state, "Health": "OK"},
		"ServiceEnabled":               st.enabled,
		"DeliveryRetryAttempts":        st.retryAttempts,
		"DeliveryRetryIntervalSeconds": int64(math.Ceil(st.retryInterval.Seconds())),
		"EventFormatTypes":             eventFormatValues,
		"Subscriptions":                b.link(pathSubscriptions),
		"Actions":                      b.eventServiceActions(),
		// No ServerSentEventUri is served, so no SSE filter is supported.
		"SSEFilterPropertiesSupported": map[string]any{
			"EventFormatType": false, "MessageId": false, "MetricReportDefinition": false,
			"OriginResource": false, "RegistryPrefix": false, "ResourceType": false,
			"SubordinateResources": false,
		},
	}
	if p.EventTypesForSubscription != nil {
		body["EventTypesForSubscription"] = p.EventTypesForSubscription
	}
	if p.RegistryPrefixes != nil {
		body["RegistryPrefixes"] = p.RegistryPrefixes
	}
	if p.ResourceTypes != nil {
		body["ResourceTypes"] = p.ResourceTypes
	}
	// The v1_8_0+ support flags follow what a create may carry.
	if p.acceptsOnCreate("ExcludeMessageIds") {
		body["ExcludeMessageId"] = true
		body["ExcludeRegistryPrefix"] = true
	}
	if p.acceptsOnCreate("SubordinateResources") {
		body["SubordinateResourcesSupported"] = true
	}
	if p.acceptsOnCreate("OriginResources") {
		body["OriginResourcesSupported"] = true
	}
	if p.acceptsOnCreate("Severities") {
		body["Severities"] = healthValues
	}
	if p.ServerSentEventURI != "" {
		body["ServerSentEventUri"] = p.ServerSentEventURI
	}
	if p.SMTPSettings {
		// EventService v1_5_0 SMTP, as DMTF's public-liquid-cooled-server
		// mockup shows it; the emulator sends no mail, so it is off.
		body["SMTP"] = map[string]any{"ServiceEnabled": false, "Port": 25, "ServerAddress": "", "FromAddress": "", "ConnectionProtocol": "AutoDetect", "Authentication": "None", "Username": "", "Password": nil}
	}
	if p.acceptsOnCreate("IncludeOriginOfCondition") {
		// Stored but not honoured: Event v1_13_0 types OriginOfCondition as
		// an idRef (additionalProperties false), leaving no room to expand it.
		body["IncludeOriginOfConditionSupported"] = false
	}
	return body
}

func (p *Profile) acceptsOnCreate(prop string) bool {
	return p.CreateProperties == nil || slices.Contains(p.CreateProperties, prop)
}

func (b *BMC) eventServiceActions() map[string]any {
	p := &b.profile
	submit := map[string]any{"target": b.odataID(pathSubmitTestEvent)}
	switch {
	case p.ActionInfo:
		submit["@Redfish.ActionInfo"] = b.odataID(pathActionInfo)
	case p.EventTypesForSubscription != nil:
		submit["EventType@Redfish.AllowableValues"] = p.EventTypesForSubscription
	}
	actions := map[string]any{"#EventService.SubmitTestEvent": submit}
	if p.TestEventAction {
		actions["#EventService.TestEventSubscription"] = map[string]any{"target": b.odataID(pathTestEventSubscription)}
	}
	return actions
}

// patchEventService changes ServiceEnabled, DeliveryRetryAttempts and
// DeliveryRetryIntervalSeconds (EventService.v1_12_0 readonly:false).
func (b *BMC) patchEventService(w http.ResponseWriter, r *http.Request) {
	obj, msg, ok := readJSONObject(r)
	if !ok {
		b.fail(w, http.StatusBadRequest, msg)
		return
	}
	b.mu.Lock()
	next := b.evsvc
	b.mu.Unlock()
	var msgs []Message
	for _, k := range sortedKeys(obj) {
		msgs = append(msgs, b.patchEventServiceProp(&next, k, obj[k])...)
	}
	if len(obj) == 0 {
		msgs = append(msgs, baseMsg("EmptyJSON"))
	}
	if len(msgs) > 0 {
		b.fail(w, http.StatusBadRequest, msgs...)
		return
	}
	b.mu.Lock()
	b.evsvc = next
	b.mu.Unlock()
	b.writePatched(w, b.eventServiceBody())
}

func (b *BMC) patchEventServiceProp(st *eventServiceState, k string, v any) []Message {
	p := &b.profile
	switch k {
	case "ServiceEnabled":
		on, ok := v.(bool)
		if !ok || !p.ServiceEnabledPatch {
			if !ok {
				return []Message{typeError(v, k)}
			}
			return []Message{p.rejectReadOnly(k)}
		}
		st.enabled = on
	case "DeliveryRetryAttempts", "DeliveryRetryIntervalSeconds":
		n, err := v.(json.Number)
		i, ierr := n.Int64()
		if !err || ierr != nil {
			return []Message{typeError(v, k)}
		}
		rng := p.RetryAttemptsRange
		if k == "DeliveryRetryIntervalSeconds" {
			rng = p.RetryIntervalRange
		}
		if !inRange(int(i), rng) {
			if rng != [2]int{} && b.profile.RetryRangeMessage == "QueryParameterOutOfRange" {
				// bmcweb answers with QueryParameterOutOfRange and the
				// range as text, e.g. "[1-3]".
				return []Message{baseMsg("QueryParameterOutOfRange", n.String(), k, rangeString(rng)).related(k)}
			}
			return []Message{baseMsg("PropertyValueOutOfRange", n.String(), k).related(k)}
		}
		if k == "DeliveryRetryAttempts" {
			st.retryAttempts = int(i)
		} else {
			st.retryInterval = time.Duration(i) * time.Second
		}
	default:
		if eventServiceProps[k] {
			return []Message{p.rejectReadOnly(k)}
		}
		return []Message{p.rejectUnknown(k)}
	}
	return nil
}

// writePatched answers a successful PATCH as the profile's firmware does.
func (b *BMC) writePatched(w http.ResponseWriter, body map[string]any) {
	switch b.profile.Patch {
	case PatchNoContent:
		w.WriteHeader(http.StatusNoContent)
	case PatchEmptyOK:
		w.WriteHeader(http.StatusOK)
	case PatchILOExtendedInfo:
		writeJSON(w, http.StatusOK, iloBody(baseMsg("Success")))
	case PatchResourceWithMessage:
		body["@Message.ExtendedInfo"] = []Message{baseMsg("Success")}
		writeJSON(w, http.StatusOK, body)
	default:
		writeJSON(w, http.StatusOK, body)
	}
}

// getActionInfo serves SubmitTestEventActionInfo, modelled on DMTF's
// public-rackmount1 mockup, with the parameters of EventService v1_12_0.
func (b *BMC) getActionInfo(w http.ResponseWriter, r *http.Request) {
	param := func(name, typ string, required bool, allowable []string) map[string]any {
		m := map[string]any{"Name": name, "Required": required, "DataType": typ}
		if allowable != nil {
			m["AllowableValues"] = allowable
		}
		return m
	}
	eventTypes := b.profile.EventTypesForSubscription
	if eventTypes == nil {
		eventTypes = allEventTypes
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"@odata.type": "#ActionInfo.v1_5_0.ActionInfo",
		"@odata.id":   b.odataID(pathActionInfo),
		"Id":          "SubmitTestEventActionInfo",
		"Name":        "SubmitTestEvent Action Info",
		"Parameters": []any{
			param("EventType", "String", false, eventTypes),
			param("EventId", "String", false, nil),
			param("EventTimestamp", "String", false, nil),
			param("Severity", "String", false, nil),
			param("MessageSeverity", "String", false, healthValues),
			param("Message", "String", false, nil),
			param("MessageId", "String", true, nil),
			param("MessageArgs", "StringArray", false, nil),
			param("OriginOfCondition", "String", false, nil),
			param("EventGroupId", "Number", false, nil),
		},
	})
}

func (b *BMC) serviceEnabled() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.evsvc.enabled
}
