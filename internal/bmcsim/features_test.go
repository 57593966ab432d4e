package bmcsim

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func snmpV3Body() map[string]any {
	return map[string]any{
		"Destination": "snmp://ops@192.0.2.1:162", "Protocol": "SNMPv3",
		"SNMP": map[string]any{
			"AuthenticationProtocol": "HMAC192_SHA256", "AuthenticationKey": "Passphrase:auth-secret",
			"EncryptionProtocol": "CFB128_AES128", "EncryptionKey": "Hex:00112233445566778899aabbccddeeff",
		},
	}
}

// SNMPv3 keys are stored, never read back, and the "****" mask in a PATCH
// keeps them; TrapCommunity shows only with HideCommunityStrings false.
func TestSNMPSettingsDMTF(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	loc := c.create(snmpV3Body())
	r := c.expect(http.MethodGet, loc, nil, http.StatusOK)
	conforms(t, refDestination, r.body)
	if strings.Contains(string(r.body), "auth-secret") || strings.Contains(string(r.body), "aabbcc") {
		t.Fatalf("a key was read back: %s", r.body)
	}
	snmp := r.json(t)["SNMP"].(map[string]any)
	if snmp["AuthenticationKeySet"] != true || snmp["EncryptionKeySet"] != true || snmp["AuthenticationProtocol"] != "HMAC192_SHA256" || snmp["TrapCommunity"] != nil {
		t.Errorf("SNMP read back: %v", snmp)
	}
	c.expect(http.MethodPatch, loc, map[string]any{"SNMP": map[string]any{"AuthenticationKey": "******", "TrapCommunity": "team-a", "HideCommunityStrings": false}}, http.StatusOK)
	s := b.Subscriptions()[0]
	if !strings.Contains(string(s.SNMP), "Passphrase:auth-secret") {
		t.Errorf("the mask replaced the key: %s", s.SNMP)
	}
	snmp = c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t)["SNMP"].(map[string]any)
	if snmp["TrapCommunity"] != "team-a" || snmp["EncryptionProtocol"] != "CFB128_AES128" {
		t.Errorf("after PATCH: %v", snmp)
	}
}

func TestSNMPSettingsRejected(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	for _, tc := range []struct {
		snmp    map[string]any
		message string
		related string
	}{
		{map[string]any{"AuthenticationKey": "k\tsecret"}, "PropertyValueError", "#/SNMP/AuthenticationKey"},
		{map[string]any{"AuthenticationKeySet": true}, "PropertyNotWritable", "#/SNMP/AuthenticationKeySet"},
		{map[string]any{"EncryptionProtocol": "ROT13"}, "PropertyValueNotInList", "#/SNMP/EncryptionProtocol"},
		{map[string]any{"Community": "x"}, "PropertyUnknown", "#/SNMP/Community"},
	} {
		body := snmpV3Body()
		body["SNMP"] = tc.snmp
		r := c.expect(http.MethodPost, pathSubscriptions, body, http.StatusBadRequest)
		if ids := r.messageIDs(t); len(ids) != 1 || ids[0] != baseRegistry+"."+tc.message || !strings.Contains(string(r.body), tc.related) {
			t.Errorf("%v: %s", tc.snmp, r.body)
		}
		if strings.Contains(string(r.body), "secret") {
			t.Errorf("a rejected key is echoed: %s", r.body)
		}
	}
}

func TestSyslogFiltersAndBackupDestinationsDMTF(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	loc := c.create(map[string]any{
		"Destination": "syslog://192.0.2.7:6514", "Protocol": "SyslogTLS",
		"SyslogFilters":      []any{map[string]any{"LogFacilities": []string{"Auth", "Local7"}, "LowestSeverity": "Warning"}},
		"BackupDestinations": []string{"syslog://192.0.2.8:6514"},
	})
	m := c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t)
	f := m["SyslogFilters"].([]any)[0].(map[string]any)
	if f["LowestSeverity"] != "Warning" || len(f["LogFacilities"].([]any)) != 2 || m["SubscriptionType"] != "Syslog" {
		t.Errorf("syslog read back: %v", m)
	}
	if bd := m["BackupDestinations"].([]any); len(bd) != 1 || bd[0] != "syslog://192.0.2.8:6514" {
		t.Errorf("BackupDestinations: %v", bd)
	}
	r := c.expect(http.MethodPost, pathSubscriptions, map[string]any{
		"Destination": "syslog://h", "Protocol": "SyslogUDP",
		"SyslogFilters": []any{map[string]any{"LogFacilities": []string{"Kernel"}, "LowestSeverity": "Loud"}},
	}, http.StatusBadRequest)
	for _, want := range []string{"#/SyslogFilters/0/LogFacilities/0", "#/SyslogFilters/0/LowestSeverity"} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("no message for %s: %s", want, r.body)
		}
	}
	r = c.expect(http.MethodPost, pathSubscriptions, map[string]any{
		"Destination": "https://127.0.0.1:9/e", "Protocol": "Redfish", "BackupDestinations": []string{"mailto:x@example.com"},
	}, http.StatusBadRequest)
	if ids := r.messageIDs(t); !slices.Equal(ids, []string{baseRegistry + ".PropertyValueFormatError"}) || !strings.Contains(string(r.body), "#/BackupDestinations/0") {
		t.Errorf("backup of another scheme: %s", r.body)
	}
}

// Vendors without evidence of SNMP, syslog filters or backup destinations
// refuse them as they refuse any property they do not take.
func TestFeaturesRefusedByVendorProfiles(t *testing.T) {
	for _, tc := range []struct {
		profile, prop string
		value         any
		want          string
	}{
		{"openbmc", "SNMP", map[string]any{"TrapCommunity": "x"}, "PropertyUnknown"},
		{"openbmc", "BackupDestinations", []string{"https://127.0.0.1:9/b"}, "PropertyUnknown"},
		{"idrac9", "SNMP", map[string]any{"TrapCommunity": "x"}, "PropertyUnknown"},
		{"idrac10", "SyslogFilters", []any{}, "PropertyUnknown"},
		{"idrac9", "BackupDestinations", []string{"https://127.0.0.1:9/b"}, "PropertyUnknown"},
		{"xcc2", "SNMP", map[string]any{"TrapCommunity": "x"}, "PropertyUnknown"},
		{"ilo6", "SyslogFilters", []any{}, "PropertyNotWritableOrUnknown"},
		{"ilo5", "BackupDestinations", []string{"https://127.0.0.1:9/b"}, "PropertyNotWritableOrUnknown"},
	} {
		b := startBMC(t, Options{Profile: tc.profile})
		c := newClient(t, b)
		body := createBody(b, "https://127.0.0.1:9/e")
		body[tc.prop] = tc.value
		r := c.expect(http.MethodPost, pathSubscriptions, body, http.StatusBadRequest)
		if !strings.Contains(string(r.body), tc.want) || !strings.Contains(string(r.body), tc.prop) {
			t.Errorf("%s %s: %s", tc.profile, tc.prop, r.body)
		}
	}
	b := startBMC(t, Options{Profile: "idrac9"})
	r := newClient(t, b).expect(http.MethodPost, pathSubscriptions, map[string]any{"Destination": "snmp://h", "Protocol": "SNMPv3", "Context": "c"}, http.StatusBadRequest)
	if ids := r.messageIDs(t); !slices.Equal(ids, []string{baseRegistry + ".PropertyValueNotInList"}) {
		t.Errorf("iDRAC SNMPv3: %s", r.body)
	}
}

// XCC's SNMPv3 members read back "SNMP": {"TrapCommunity": null}, as the
// XCC2 guide shows.
func TestXCCRendersSNMPCommunityOnly(t *testing.T) {
	b := startBMC(t, Options{Profile: "xcc2"})
	m := newClient(t, b).expect(http.MethodGet, pathSubscriptions+"/REST-SNMPv3-1-1", nil, http.StatusOK).json(t)
	snmp, ok := m["SNMP"].(map[string]any)
	if v, has := snmp["TrapCommunity"]; !ok || !has || v != nil || len(snmp) != 1 {
		t.Errorf("SNMP: %v", m["SNMP"])
	}
}
