package bmcsim

import (
	"encoding/json"
	"regexp"
	"slices"
)

// SNMP settings of an EventDestination (SNMPSettings, EventDestination
// v1_7_0; the *KeySet flags v1_10_0; HideCommunityStrings v1_16_0).

var (
	snmpAuthProtocols = []string{"None", "CommunityString", "HMAC_MD5", "HMAC_SHA96", "HMAC128_SHA224", "HMAC192_SHA256", "HMAC256_SHA384", "HMAC384_SHA512"}
	snmpEncProtocols  = []string{"None", "CBC_DES", "CFB128_AES128", "CFB128_AES192", "CFB128_AES256"}
	// The schema's patterns for the keys: printable ASCII (a passphrase),
	// "Passphrase:…", "Hex:…" of the right length, or the "****" mask a
	// client sends back to leave a key unchanged.
	snmpAuthKeyPattern = regexp.MustCompile(`(^[ -~]+$)|(^Passphrase:[ -~]+$)|(^Hex:[0-9A-Fa-f]{24,96}$)|(^\*+$)`)
	snmpEncKeyPattern  = regexp.MustCompile(`(^[ -~]+$)|(^Passphrase:[ -~]+$)|(^Hex:[0-9A-Fa-f]{16,64}$)|(^\*+$)`)
	maskedKey          = regexp.MustCompile(`^\*+$`)
)

// snmpSecrets are the SNMPSettings properties that are never read back.
var snmpSecrets = []string{"AuthenticationKey", "EncryptionKey"}

// decodeSNMP checks an SNMPSettings object. A malformed key is answered
// with PropertyValueError, which names the property but not the value: the
// value is a secret.
func decodeSNMP(name string, v any) (any, []Message) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, []Message{typeError(v, name)}
	}
	var msgs []Message
	for _, k := range sortedKeys(obj) {
		path := name + "/" + k
		val := obj[k]
		switch k {
		case "AuthenticationKey", "EncryptionKey":
			pattern := snmpAuthKeyPattern
			if k == "EncryptionKey" {
				pattern = snmpEncKeyPattern
			}
			s, isString := val.(string)
			switch {
			case val == nil:
			case !isString:
				msgs = append(msgs, baseMsg("PropertyValueTypeError", "(hidden)", path).related(path))
			case !pattern.MatchString(s):
				msgs = append(msgs, baseMsg("PropertyValueError", path).related(path))
			}
		case "AuthenticationProtocol", "EncryptionProtocol":
			enum := snmpAuthProtocols
			if k == "EncryptionProtocol" {
				enum = snmpEncProtocols
			}
			if _, bad := decodeEnum(path, propSpec{kind: pkNullableEnum, enum: enum}, val); bad != nil {
				msgs = append(msgs, bad...)
			}
		case "TrapCommunity":
			// A community string is a secret too: never echoed.
			if _, isString := val.(string); val != nil && !isString {
				msgs = append(msgs, baseMsg("PropertyValueTypeError", "(hidden)", path).related(path))
			}
		case "HideCommunityStrings":
			if _, isBool := val.(bool); val != nil && !isBool {
				msgs = append(msgs, typeError(val, path))
			}
		case "AuthenticationKeySet", "EncryptionKeySet":
			msgs = append(msgs, baseMsg("PropertyNotWritable", path).related(path))
		default:
			msgs = append(msgs, baseMsg("PropertyUnknown", path).related(path))
		}
	}
	if len(msgs) > 0 {
		return nil, msgs
	}
	data, _ := json.Marshal(obj)
	return json.RawMessage(data), nil
}

// mergeSNMP is a PATCH of SNMP: the properties sent replace those stored,
// the others stay (DSP0266 clause "PATCH on objects"); a key sent as the
// "****" mask keeps the stored key.
func mergeSNMP(cur, patch json.RawMessage) json.RawMessage {
	var old, upd map[string]any
	_ = json.Unmarshal(cur, &old)
	_ = json.Unmarshal(patch, &upd)
	if old == nil {
		old = map[string]any{}
	}
	for k, v := range upd {
		if s, ok := v.(string); ok && slices.Contains(snmpSecrets, k) && maskedKey.MatchString(s) {
			continue
		}
		old[k] = v
	}
	data, _ := json.Marshal(old)
	return data
}

// checkSNMP refuses the SNMPSettings properties the profile's
// EventDestination version does not have. The schema ties SNMP to no
// Protocol, so neither does this (it is stored, and read back, whatever the
// Protocol).
func (p *Profile) checkSNMP(s *Subscription) []Message {
	if s.SNMP == nil {
		return nil
	}
	var obj map[string]any
	_ = json.Unmarshal(s.SNMP, &obj)
	var msgs []Message
	for _, k := range sortedKeys(obj) {
		if !slices.Contains(p.snmpProperties(), k) {
			msgs = append(msgs, p.rejectUnknown("SNMP/"+k))
		}
	}
	return msgs
}

// snmpProperties are the SNMPSettings properties the profile's
// EventDestination version has.
func (p *Profile) snmpProperties() []string {
	props := []string{"AuthenticationKey", "AuthenticationProtocol", "EncryptionKey", "EncryptionProtocol", "TrapCommunity"}
	if p.SNMP.HideCommunityStrings {
		props = append(props, "HideCommunityStrings")
	}
	return props
}

// SNMPSupport is how a profile takes and shows SNMPSettings.
type SNMPSupport struct {
	// Render shows the SNMP object on every member with an SNMP Protocol,
	// set or not.
	Render bool
	// Settings: a create may carry the SNMP object (with an SNMP Protocol).
	Settings bool
	// KeySetFlags reports AuthenticationKeySet and EncryptionKeySet
	// (v1_10_0) in responses.
	KeySetFlags bool
	// HideCommunityStrings takes the v1_16_0 property: TrapCommunity reads
	// back only when it is false. Without it TrapCommunity is always null
	// ("If HideCommunityStrings … is not supported, the value shall be null").
	HideCommunityStrings bool
}

// renderSNMP is the SNMP object of a member: keys null, the *KeySet flags
// where the profile reports them, TrapCommunity null unless the profile
// supports HideCommunityStrings and the client set it false.
func (p *Profile) renderSNMP(s *Subscription) map[string]any {
	var in map[string]any
	if s.SNMP != nil {
		_ = json.Unmarshal(s.SNMP, &in)
	}
	out := map[string]any{}
	for k, v := range in {
		out[k] = v
	}
	for _, k := range snmpSecrets {
		v, given := in[k]
		if given {
			out[k] = nil
		}
		if p.SNMP.KeySetFlags {
			out[k+"Set"] = given && v != nil
		}
	}
	if !p.SNMP.HideCommunityStrings || in["HideCommunityStrings"] != false {
		out["TrapCommunity"] = nil
	}
	return out
}
