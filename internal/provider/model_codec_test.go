package provider

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The codec must agree with the framework's own conversions: a model
// written with setModel reads back the same through tfsdk.State.Get, and
// every tagged field, embedded ones included, is covered.
func TestModelCodecAgreesWithTheFramework(t *testing.T) {
	ctx := context.Background()
	var m eventSubscriptionModel
	m.ID = types.StringValue("/redfish/v1/EventService/Subscriptions/7")
	m.SubscriptionID = types.StringValue("7")
	m.Name = types.StringNull()
	m.Status = types.StringValue("Enabled")
	m.Endpoint = types.StringValue("https://10.0.0.5")
	m.BMC = types.ObjectNull(resourceType().AttrTypes["bmc"].(types.ObjectType).AttrTypes)
	m.HTTPHeaders = types.MapValueMust(types.StringType, map[string]attr.Value{"X-A": types.StringValue("b")})
	m.HTTPHeadersWO = types.MapNull(types.StringType)
	m.HTTPHeadersWOVersion = types.Int64Value(3)
	m.Certificates = types.SetNull(types.StringType)
	m.ClientCertificate = types.StringNull()
	m.ClientKeyWO = types.StringNull()
	m.ClientKeyWOVersion = types.Int64Null()
	props := propertyValues{
		"destination": types.StringValue("https://collector.example.com/events"),
		"event_types": types.SetValueMust(types.StringType, []attr.Value{types.StringValue("Alert")}),
	}

	state := tfsdk.State{Schema: eventSubscriptionSchema()}
	if diags := setModel(ctx, &state, &m, props); diags.HasError() {
		t.Fatalf("setModel: %v", diags)
	}
	var viaFramework types.Object
	if diags := state.Get(ctx, &viaFramework); diags.HasError() {
		t.Fatalf("the framework cannot read what setModel wrote: %v", diags)
	}
	frameworkAttrs := viaFramework.Attributes()
	for name, want := range map[string]attr.Value{
		"id": m.ID, "status": m.Status, "http_headers": m.HTTPHeaders, "http_headers_wo_version": m.HTTPHeadersWOVersion,
		"destination": props["destination"], "event_types": props["event_types"], "context": types.StringNull(),
	} {
		if got := frameworkAttrs[name]; !got.Equal(want) {
			t.Errorf("%s: the framework reads %v, want %v", name, got, want)
		}
	}

	var back eventSubscriptionModel
	gotProps, diags := getModel(ctx, state.Raw, &back)
	if diags.HasError() {
		t.Fatalf("getModel: %v", diags)
	}
	backAttrs, _ := encodeStruct(&back)
	wantAttrs, _ := encodeStruct(&m)
	for name, want := range wantAttrs {
		if got := backAttrs[name]; !got.Equal(want) {
			t.Errorf("getModel(setModel(m)).%s = %v, want %v", name, got, want)
		}
	}
	for name, want := range props {
		if got := gotProps[name]; !got.Equal(want) {
			t.Errorf("property %s = %v, want %v", name, got, want)
		}
	}
	if got := gotProps["snmp"]; got == nil || !got.IsNull() {
		t.Errorf("unset property snmp = %v, want null", got)
	}
	if len(structFields(reflect.TypeOf(m))) != 13 {
		t.Errorf("eventSubscriptionModel has %d tagged fields (embedded included), want 13", len(structFields(reflect.TypeOf(m))))
	}
}

func TestDecodeStructRefusesMismatches(t *testing.T) {
	var m bmcModel
	diags := decodeStruct(map[string]attr.Value{"endpoint": types.BoolValue(true)}, &m)
	text := diagsText(diags)
	for _, want := range []string{"attribute endpoint is a basetypes.BoolValue", "no value for attribute username"} {
		if !strings.Contains(text, want) {
			t.Errorf("decodeStruct diagnostics %q lack %q", text, want)
		}
	}
}

func TestModelValueRefusesUnknownAttributes(t *testing.T) {
	var m eventSubscriptionModel
	_, diags := modelValue(context.Background(), &m, propertyValues{"no_such_attribute": types.StringValue("x")})
	if !strings.Contains(diagsText(diags), "no_such_attribute") {
		t.Errorf("modelValue accepted a value for an attribute the schema lacks: %v", diags)
	}
}

func TestSetPlanAttributeChangesOnlyThatAttribute(t *testing.T) {
	ctx := context.Background()
	var m eventSubscriptionModel
	m.Endpoint = types.StringValue("https://a")
	raw, diags := modelValue(ctx, &m, nil)
	if diags.HasError() {
		t.Fatal(diags)
	}
	resp := &resource.ModifyPlanResponse{Plan: tfsdk.Plan{Schema: eventSubscriptionSchema(), Raw: raw}}
	if diags := setPlanAttribute(ctx, resp, "endpoint", types.StringValue("https://a")); diags.HasError() || !resp.Plan.Raw.Equal(raw) {
		t.Errorf("setting the value the plan holds changed the plan (%v)", diags)
	}
	if diags := setPlanAttribute(ctx, resp, "endpoint", types.StringUnknown()); diags.HasError() {
		t.Fatal(diags)
	}
	var endpoint, status types.String
	resp.Plan.GetAttribute(ctx, path.Root("endpoint"), &endpoint)
	resp.Plan.GetAttribute(ctx, path.Root("status"), &status)
	if !endpoint.IsUnknown() || !status.IsNull() {
		t.Errorf("after setting endpoint unknown: endpoint %v, status %v; want unknown and null", endpoint, status)
	}
	if !resp.Plan.Raw.Type().Equal(tftypes.Type(resourceTerraformType())) {
		t.Errorf("the plan's type changed")
	}
}

func TestIdentityTypeIsTheIdentitySchemas(t *testing.T) {
	var resp resource.IdentitySchemaResponse
	(&eventSubscriptionResource{}).IdentitySchema(context.Background(), resource.IdentitySchemaRequest{}, &resp)
	if want := resp.IdentitySchema.Type().TerraformType(context.Background()); !identityType.Equal(want) {
		t.Errorf("identityType = %v, want the identity schema's %v", identityType, want)
	}
}

func diagsText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary() + ": " + d.Detail() + "\n")
	}
	return b.String()
}
