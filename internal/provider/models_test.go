package provider

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

func TestJSONContains(t *testing.T) {
	cases := []struct {
		want, got string
		ok        bool
	}{
		{`{"A":{"B":1}}`, `{"A":{"B":1}}`, true},
		{`{"A":{"B":1}}`, `{ "A" : { "B" : 1, "Vendor": true }, "Other": [] }`, true},
		{`{"A":{"B":1}}`, `{"A":{"B":2}}`, false},
		{`{"A":[1,2]}`, `{"A":[2,1]}`, false},
		{`{"A":1}`, `{}`, false},
		{`{"A":1}`, `not json`, false},
	}
	for _, c := range cases {
		if got := redfish.JSONContains(c.want, c.got); got != c.ok {
			t.Errorf("redfish.JSONContains(%s, %s) = %v, want %v", c.want, c.got, got, c.ok)
		}
	}
}

func TestNormalizeEndpoint(t *testing.T) {
	for in, want := range map[string]string{
		"https://10.0.0.5":              "https://10.0.0.5",
		"https://10.0.0.5/":             "https://10.0.0.5",
		"https://10.0.0.5/redfish/v1/":  "https://10.0.0.5",
		" https://bmc:8443/redfish/v1 ": "https://bmc:8443",
	} {
		if got := normalizeEndpoint(in); got != want {
			t.Errorf("normalizeEndpoint(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDestinationSchemeProblem(t *testing.T) {
	cases := []struct {
		protocol, destination string
		ok                    bool
	}{
		{"Redfish", "https://e.example.com/x", true},
		{"Redfish", "HTTP://e.example.com/x", true},
		{"Redfish", "ftp://e.example.com/x", false},
		{"SMTP", "mailto:ops@example.com", true},
		{"SMTP", "https://e.example.com", false},
		{"SNMPv2c", "snmp://10.0.0.9:162", true},
		{"SyslogUDP", "syslog://10.0.0.9:514", true},
		{"Kafka", "kafka://broker:9092/topic", true},
	}
	for _, c := range cases {
		if got := destinationSchemeProblem(c.protocol, c.destination) == ""; got != c.ok {
			t.Errorf("destinationSchemeProblem(%q, %q) ok = %v, want %v", c.protocol, c.destination, got, c.ok)
		}
	}
}

func TestAttributeForRedfishProperty(t *testing.T) {
	for in, want := range map[string]string{
		"#/Context":       "context",
		"#/HttpHeaders/0": "http_headers",
		"#/MessageIds/2":  "message_ids",
		"#/Unknown":       "",
	} {
		if got := attributeForRedfishProperty(in); got != want {
			t.Errorf("attributeForRedfishProperty(%q) = %q, want %q", in, got, want)
		}
	}
}

// What the BMC normalises keeps the prior spelling; a real change does not.
func TestSetFromRedfishKeepsEquivalentPriorValues(t *testing.T) {
	prior := propertyValues{
		"destination":       types.StringValue("https://e.example.com/in/"),
		"context":           types.StringValue(""),
		"protocol":          types.StringValue("Redfish"),
		"severities":        stringSet([]string{"Critical", "Warning"}),
		"origin_resources":  stringSet([]string{"/redfish/v1/Chassis/1/"}),
		"oem":               types.StringValue(`{"Contoso":{"Team":"storage"}}`),
		"event_format_type": types.StringUnknown(),
	}
	reported := &redfish.Subscription{
		Destination:     "https://e.example.com/in",
		Context:         new(""),
		Protocol:        new("redfish"),
		Severities:      []string{"warning", "critical"},
		OriginResources: []string{"/redfish/v1/Chassis/1"},
		Oem:             json.RawMessage(`{"Contoso": {"Team": "storage", "Added": 1}}`),
	}
	got := setFromRedfish(reported, prior)
	for _, name := range []string{"destination", "context", "protocol", "severities", "origin_resources", "oem"} {
		if !equalValues(got[name], prior[name]) {
			t.Errorf("%s = %v, want prior %v kept", name, got[name], prior[name])
		}
	}
	if !got["event_format_type"].IsNull() {
		t.Errorf("event_format_type omitted by the BMC and unknown before should be null, got %v", got["event_format_type"])
	}

	reported.Context = new("changed")
	reported.Severities = []string{"Critical"}
	got = setFromRedfish(reported, prior)
	if got.String("context").ValueString() != "changed" {
		t.Errorf("a changed context must be recorded, got %v", got["context"])
	}
	if got["severities"].Equal(prior["severities"]) {
		t.Errorf("changed severities must be recorded, got %v", got["severities"])
	}
	if sub := got.toRedfish(); sub.Context == nil || *sub.Context != "changed" {
		t.Errorf("toRedfish lost the context: %+v", sub)
	}
}

func equalValues(a, b any) bool {
	type equaler interface{ Equal(attr.Value) bool }
	x, ok := a.(equaler)
	y, ok2 := b.(attr.Value)
	return ok && ok2 && x.Equal(y)
}

func TestPlanPropertiesKeepsSameJSON(t *testing.T) {
	prior := types.StringValue(`{"Contoso":{"Team":"storage","Rack":12}}`)
	cases := []struct {
		planned string
		keep    bool
	}{
		{"{\n  \"Contoso\": { \"Rack\": 12, \"Team\": \"storage\" }\n}\n", true},
		{`{"Contoso":{"Team":"network","Rack":12}}`, false},
		{`{"Contoso":{"Team":"storage"}}`, false},
	}
	for _, c := range cases {
		planned := types.StringValue(c.planned)
		changed, replace := planProperties(propertyValues{"oem": planned}, propertyValues{"oem": prior}, propertyValues{"oem": planned}, false)
		kept := changed["oem"] != nil && changed["oem"].Equal(prior)
		if kept != c.keep || (len(replace) == 0) != c.keep {
			t.Errorf("planned %s: kept prior = %v, replace = %v; want kept %v", c.planned, kept, replace, c.keep)
		}
	}
}

// planProperties does what UseStateForUnknown and RequiresReplace did per
// attribute.
func TestPlanPropertiesUnknownAndReplace(t *testing.T) {
	state := propertyValues{"context": types.StringValue("a"), "severities": stringSet([]string{"Critical"}),
		"destination": types.StringValue("https://h/x/"), "oem": types.StringNull()}
	plan := propertyValues{"context": types.StringUnknown(), "severities": stringSet([]string{"critical"}),
		"destination": types.StringValue("https://H/x"), "oem": types.StringUnknown()}
	changed, replace := planProperties(propertyValues{"context": types.StringNull()}, state, plan, false)
	if !changed["context"].Equal(state["context"]) || !changed["severities"].Equal(state["severities"]) ||
		!changed["destination"].Equal(state["destination"]) || !changed["oem"].IsNull() || len(replace) != 0 {
		t.Fatalf("changed %v, replace %v: want the state kept for all three and no replacement", changed, replace)
	}
	// An unknown configuration stays unknown, and replaces.
	changed, replace = planProperties(propertyValues{"context": types.StringUnknown()}, state, propertyValues{"context": types.StringUnknown()}, false)
	if len(changed) != 0 || len(replace) != 1 {
		t.Fatalf("unknown config: changed %v, replace %v", changed, replace)
	}
	plan["context"] = types.StringValue("b")
	_, replace = planProperties(propertyValues{}, state, plan, false)
	if len(replace) != 1 || replace[0].String() != "context" {
		t.Fatalf("a changed context must replace, got %v", replace)
	}
}

// A value the BMC stored differently is an error on that attribute, not a
// silent change (or Terraform's "inconsistent result").
func TestStoredDifferently(t *testing.T) {
	planned := propertyValues{
		"destination":                types.StringValue("https://e.example.com/in"),
		"verify_certificate":         types.BoolValue(true),
		"heartbeat_interval_minutes": types.Int64Unknown(),
	}
	stored := propertyValues{}
	for k, v := range planned {
		stored[k] = v
	}
	if diags := storedDifferently("https://bmc", planned, stored); diags.HasError() {
		t.Fatalf("same values reported: %v", diags)
	}
	stored["verify_certificate"] = types.BoolValue(false)
	stored["heartbeat_interval_minutes"] = types.Int64Value(1440) // unknown in the plan: the BMC's to choose
	diags := storedDifferently("https://bmc", planned, stored)
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), "verify_certificate") {
		t.Fatalf("want one error on verify_certificate, got %v", diags)
	}
}
