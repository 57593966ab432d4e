package bmcsim

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// rejectUnknown is the profile's answer to a property it does not know.
func (p *Profile) rejectUnknown(prop string) Message {
	if p.Rejects == RejectILO {
		return iloNotWritableOrUnknown(prop)
	}
	return baseMsg("PropertyUnknown", prop).related(prop)
}

// rejectReadOnly is the profile's answer to a property it will not set.
func (p *Profile) rejectReadOnly(prop string) Message {
	switch p.Rejects {
	case RejectILO:
		return iloNotWritableOrUnknown(prop)
	case RejectUnknown:
		return baseMsg("PropertyUnknown", prop).related(prop)
	}
	return baseMsg("PropertyNotWritable", prop).related(prop)
}

// decodeBody type-checks every property of a create (patch false) or PATCH
// body and sorts out those the profile does not accept.
func (p *Profile) decodeBody(obj map[string]any, patch bool) ([]decodedProp, []Message) {
	var props []decodedProp
	var msgs []Message
	for _, k := range sortedKeys(obj) {
		rule, known := destinationProps[k]
		spec := rule.propSpec
		switch {
		case serviceOwnedProps[k]:
			msgs = append(msgs, p.rejectReadOnly(k))
			continue
		case !known:
			msgs = append(msgs, p.rejectUnknown(k))
			continue
		case !patch && p.CreateProperties != nil && !slices.Contains(p.CreateProperties, k):
			msgs = append(msgs, p.rejectUnknown(k))
			continue
		case patch && !p.patchable(k, spec):
			msgs = append(msgs, p.rejectReadOnly(k))
			continue
		}
		var val any
		var bad []Message
		if k == "HttpHeaders" {
			val, bad = p.decodeHTTPHeaders(obj[k])
		} else {
			val, bad = decodeProp(k, spec, obj[k])
		}
		if len(bad) > 0 {
			msgs = append(msgs, bad...)
			continue
		}
		props = append(props, decodedProp{name: k, val: val})
	}
	return props, msgs
}

func (p *Profile) patchable(name string, spec propSpec) bool {
	if p.PatchProperties != nil {
		return slices.Contains(p.PatchProperties, name)
	}
	return spec.patch
}

// parseCreate turns a create body into a Subscription, or the messages that
// reject it (EventDestination.v1_16_0 plus the profile's rules).
func (b *BMC) parseCreate(obj map[string]any) (Subscription, []Message) {
	props, msgs := b.profile.decodeBody(obj, false)
	s := Subscription{Set: map[string]bool{}}
	msgs = append(msgs, storeAll(&s, props)...)
	if len(msgs) == 0 {
		msgs = b.profile.checkCreate(&s)
	}
	sortMessages(msgs)
	return s, msgs
}

// parsePatch applies a PATCH body to a copy of cur.
func (b *BMC) parsePatch(obj map[string]any, cur Subscription) (Subscription, []Message) {
	if len(obj) == 0 {
		return cur, []Message{baseMsg("EmptyJSON")}
	}
	props, msgs := b.profile.decodeBody(obj, true)
	next := cur.clone()
	props = mergePatch(&cur, props)
	msgs = append(msgs, storeAll(&next, props)...)
	if len(msgs) == 0 {
		msgs = append(msgs, b.profile.checkContext(&next)...)
		msgs = append(msgs, b.profile.checkRetryPolicy(&next)...)
		msgs = append(msgs, b.profile.checkFeatures(&next)...)
	}
	sortMessages(msgs)
	return next, msgs
}

// checkFeatures applies the rules of the v1_7_0+ properties: the SNMP
// settings the profile knows, backup destinations of the same kind as
// Destination. (SyslogFilters and SNMP are not tied to a Protocol by the
// schema, so they are not here either.)
func (p *Profile) checkFeatures(s *Subscription) []Message {
	var msgs []Message
	msgs = append(msgs, p.checkSNMP(s)...)
	for i, d := range s.BackupDestinations {
		if !destinationFits(d, s.Protocol, p.RequireHTTPS, false, p.AnyURIScheme) {
			item := "BackupDestinations/" + strconv.Itoa(i)
			msgs = append(msgs, baseMsg("PropertyValueFormatError", d, item).related(item))
		}
	}
	return msgs
}

// mergePatch turns a PATCH of an object property into the object the
// resource holds afterwards (DSP0266 clause "PATCH on objects": only the
// properties sent change).
func mergePatch(cur *Subscription, props []decodedProp) []decodedProp {
	for i, dp := range props {
		if raw, ok := dp.val.(json.RawMessage); ok && dp.name == "SNMP" && cur.SNMP != nil {
			props[i].val = mergeSNMP(cur.SNMP, raw)
		}
	}
	return props
}

// storeAll stores decoded properties in s. A property the table cannot
// store is the emulator's own bug: it answers InternalError rather than
// dropping the value.
func storeAll(s *Subscription, props []decodedProp) []Message {
	var msgs []Message
	for _, dp := range props {
		if err := setField(s, dp.name, dp.val); err != nil {
			msgs = append(msgs, baseMsg("InternalError"))
		}
	}
	return msgs
}

// checkCreate applies the rules that need more than one property or the
// profile's limits; s holds only well-typed values.
func (p *Profile) checkCreate(s *Subscription) []Message {
	var msgs []Message
	if !s.Set["Destination"] {
		msgs = append(msgs, baseMsg("PropertyMissing", "Destination").related("Destination"))
	}
	if !s.Set["Protocol"] {
		if p.ProtocolOptional {
			s.Protocol = "Redfish"
		} else {
			msgs = append(msgs, baseMsg("PropertyMissing", "Protocol").related("Protocol"))
		}
	}
	if p.RequireContext && !s.Set["Context"] {
		msgs = append(msgs, baseMsg("PropertyMissing", "Context").related("Context"))
	}
	if p.RequireEventTypes && !s.Set["EventTypes"] {
		msgs = append(msgs, baseMsg("PropertyMissing", "EventTypes").related("EventTypes"))
	}
	if len(msgs) > 0 {
		return msgs
	}
	if p.SNMPTrapClients && s.Protocol == "SNMPv2c" {
		return p.checkSNMPTrapClient(s)
	}
	msgs = append(msgs, p.checkDestination(s)...)
	msgs = append(msgs, p.checkContext(s)...)
	msgs = append(msgs, p.checkProtocol(s)...)
	msgs = append(msgs, p.checkRetryPolicy(s)...)
	msgs = append(msgs, p.checkFilters(s)...)
	msgs = append(msgs, p.checkFeatures(s)...)
	return msgs
}

func (p *Profile) checkDestination(s *Subscription) []Message {
	d := s.Destination
	if p.MaxDestinationLen > 0 && len(d) > p.MaxDestinationLen {
		// bmcweb passes the property name, not the value, as %1.
		return []Message{baseMsg("StringValueTooLong", "Destination", strconv.Itoa(p.MaxDestinationLen)).related("Destination")}
	}
	if !destinationFits(d, s.Protocol, p.RequireHTTPS, p.DestinationReport.MaskPassword, p.AnyURIScheme) {
		return []Message{baseMsg("PropertyValueFormatError", d, "Destination").related("Destination")}
	}
	return nil
}

// destinationFits checks Destination against its longDescription: an
// absolute URI, "consistent with RFC3986" for HTTP(S), RFC6068 mailto: for
// SMTP, RFC4088 snmp: for SNMP, the syslog:// scheme for syslog.
// A BMC that masks passwords in what it reports (DestinationReport.
// MaskPassword) takes userinfo, or there would be nothing to mask.
// anyScheme takes any absolute URI with a host for Redfish (bmcweb).
func destinationFits(dest, protocol string, httpsOnly, userinfoOK, anyScheme bool) bool {
	u, err := url.Parse(dest)
	if err != nil || !u.IsAbs() {
		return false
	}
	switch protocol {
	case "Redfish":
		// RFC 9110 §4.2.4: senders must not put userinfo in http(s) URIs.
		ok := u.Scheme == "https" || (u.Scheme == "http" && !httpsOnly) || (anyScheme && !httpsOnly)
		return ok && u.Host != "" && (u.User == nil || userinfoOK)
	case "SMTP":
		return u.Scheme == "mailto"
	case "SNMPv1", "SNMPv2c", "SNMPv3":
		return u.Scheme == "snmp"
	case "SyslogTLS", "SyslogTCP", "SyslogUDP", "SyslogRELP":
		return u.Scheme == "syslog"
	}
	return true
}

func (p *Profile) checkContext(s *Subscription) []Message {
	if p.MaxContextLen > 0 && len(s.Context) > p.MaxContextLen {
		return []Message{baseMsg("StringValueTooLong", "Context", strconv.Itoa(p.MaxContextLen)).related("Context")}
	}
	return nil
}

func (p *Profile) checkProtocol(s *Subscription) []Message {
	if p.Protocols != nil && !slices.Contains(p.Protocols, s.Protocol) {
		return []Message{notInList(s.Protocol, "Protocol")}
	}
	if s.Protocol == "OEM" && !s.Set["OEMProtocol"] {
		// OEMProtocol: "This property shall be present if Protocol is OEM."
		return []Message{baseMsg("PropertyMissing", "OEMProtocol").related("OEMProtocol")}
	}
	st := s.SubscriptionType
	if st == "" {
		return nil
	}
	// DSP0266 clause "Server-sent events": SSE subscriptions come into being
	// when a client opens the ServerSentEventUri stream, not through POST.
	if st == "SSE" || (p.SubscriptionTypes != nil && s.Protocol == "Redfish" && !slices.Contains(p.SubscriptionTypes, st)) {
		return []Message{notInList(st, "SubscriptionType")}
	}
	if st != "OEM" && st != defaultSubscriptionType(s.Protocol) && (st != "SNMPInform" || !strings.HasPrefix(s.Protocol, "SNMP")) {
		return []Message{baseMsg("PropertyValueConflict", "SubscriptionType", "Protocol").related("SubscriptionType")}
	}
	return nil
}

func (p *Profile) checkRetryPolicy(s *Subscription) []Message {
	if s.Set["DeliveryRetryPolicy"] && p.RetryPolicies != nil && !slices.Contains(p.RetryPolicies, s.DeliveryRetryPolicy) {
		return []Message{notInList(s.DeliveryRetryPolicy, "DeliveryRetryPolicy")}
	}
	return nil
}

func (p *Profile) checkFilters(s *Subscription) []Message {
	var msgs []Message
	notIn := func(prop string, vals, allowed []string) {
		for i, v := range vals {
			if !slices.Contains(allowed, v) {
				msgs = append(msgs, notInList(v, prop+"/"+strconv.Itoa(i)))
			}
		}
	}
	if p.RestrictEventTypes {
		notIn("EventTypes", s.EventTypes, p.EventTypesForSubscription)
	}
	if p.RestrictFilters {
		notIn("RegistryPrefixes", s.RegistryPrefixes, p.RegistryPrefixes)
		notIn("ResourceTypes", s.ResourceTypes, p.ResourceTypes)
	}
	if p.RejectMessageIDsWithPrefixes && len(s.MessageIds) > 0 && len(s.RegistryPrefixes) > 0 {
		msgs = append(msgs, baseMsg("PropertyValueConflict", "MessageIds", "RegistryPrefixes").related("MessageIds"))
	}
	if p.MessageIDsAreKeys {
		msgs = append(msgs, p.checkMessageKeys(s)...)
	}
	return msgs
}

// taskEventKeys are the messages of DMTF's TaskEvent registry, one of the
// registries bmcweb accepts MessageIds from.
var taskEventKeys = []string{
	"TaskAborted", "TaskCancelled", "TaskCompletedOK", "TaskCompletedWarning",
	"TaskPaused", "TaskProgressChanged", "TaskRemoved", "TaskResumed", "TaskStarted",
}

// checkMessageKeys is bmcweb's MessageIds check: each entry must equal a
// message key of one of the subscription's RegistryPrefixes (all supported
// ones when empty). The OpenBMC registry is not embedded, so its keys are
// refused here although bmcweb would take them.
func (p *Profile) checkMessageKeys(s *Subscription) []Message {
	prefixes := s.RegistryPrefixes
	if len(prefixes) == 0 {
		prefixes = p.RegistryPrefixes
	}
	var msgs []Message
	for i, id := range s.MessageIds {
		ok := false
		for _, pre := range prefixes {
			switch pre {
			case "Base":
				ok = ok || slices.Contains(baseMessageKeys, id)
			case "TaskEvent":
				ok = ok || slices.Contains(taskEventKeys, id)
			}
		}
		if !ok {
			msgs = append(msgs, notInList(id, "MessageIds/"+strconv.Itoa(i)))
		}
	}
	return msgs
}

// snmpTrapClientConflicts are the properties bmcweb refuses next to
// Protocol SNMPv2c (PropertyValueConflict with Protocol), in its order.
var snmpTrapClientConflicts = []string{
	"Context", "EventFormatType", "DeliveryRetryPolicy", "SendHeartbeat",
	"HeartbeatIntervalMinutes", "MessageIds", "RegistryPrefixes", "ResourceTypes",
	"HttpHeaders", "MetricReportDefinitions",
}

// checkSNMPTrapClient is bmcweb's SNMPv2c branch: no Redfish-only
// property, and an snmp:// Destination. bmcweb names the first conflict
// only; so does this. Its message for DeliveryRetryPolicy says
// "RetryPolicy", kept here.
func (p *Profile) checkSNMPTrapClient(s *Subscription) []Message {
	for _, prop := range snmpTrapClientConflicts {
		if s.Set[prop] {
			name := prop
			if prop == "DeliveryRetryPolicy" {
				name = "RetryPolicy"
			}
			return []Message{baseMsg("PropertyValueConflict", name, "Protocol").related(prop)}
		}
	}
	u, err := url.Parse(s.Destination)
	if err != nil || !u.IsAbs() || u.Scheme != "snmp" {
		return []Message{baseMsg("PropertyValueConflict", "Destination", "Protocol").related("Destination")}
	}
	return nil
}

// decodeHTTPHeaders reads HttpHeaders in the profile's form and checks
// its size limit.
func (p *Profile) decodeHTTPHeaders(v any) (any, []Message) {
	const name = "HttpHeaders"
	if p.HTTPHeadersObject {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, []Message{typeError(v, name)}
		}
		v = []any{obj}
	}
	val, msgs := decodeHeaders(name, v)
	if len(msgs) > 0 || p.MaxHTTPHeadersSize <= 0 {
		return val, msgs
	}
	headers, _ := val.([]map[string]string)
	size := 0
	for _, h := range headers {
		for k, hv := range h {
			// bmcweb counts `"key": "value"`: name, value and 6 characters.
			size += len(k) + len(hv) + 6
		}
	}
	if size > p.MaxHTTPHeadersSize {
		return nil, []Message{baseMsg("ArraySizeTooLong", name, strconv.Itoa(p.MaxHTTPHeadersSize)).related(name)}
	}
	return val, nil
}
