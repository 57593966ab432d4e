package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

var basetypesObjectAsOptions = basetypes.ObjectAsOptions{}

// subscriptionReadModel is what Terraform knows of a subscription once it
// exists; shared by the resource and by each element of the data source.
type subscriptionReadModel struct {
	ID             types.String `tfsdk:"id"`
	SubscriptionID types.String `tfsdk:"subscription_id"`
	Name           types.String `tfsdk:"name"`
	Status         types.String `tfsdk:"status"`
	subscriptionPropertiesModel
}

// subscriptionPropertiesModel holds the EventDestination properties, with the
// attribute names of subscriptionProperties.
type subscriptionPropertiesModel struct {
	Destination              types.String `tfsdk:"destination"`
	Context                  types.String `tfsdk:"context"`
	Protocol                 types.String `tfsdk:"protocol"`
	OEMProtocol              types.String `tfsdk:"oem_protocol"`
	OEMSubscriptionType      types.String `tfsdk:"oem_subscription_type"`
	SubscriptionType         types.String `tfsdk:"subscription_type"`
	EventFormatType          types.String `tfsdk:"event_format_type"`
	EventTypes               types.Set    `tfsdk:"event_types"`
	RegistryPrefixes         types.Set    `tfsdk:"registry_prefixes"`
	ExcludeRegistryPrefixes  types.Set    `tfsdk:"exclude_registry_prefixes"`
	ResourceTypes            types.Set    `tfsdk:"resource_types"`
	MessageIDs               types.Set    `tfsdk:"message_ids"`
	ExcludeMessageIDs        types.Set    `tfsdk:"exclude_message_ids"`
	OriginResources          types.Set    `tfsdk:"origin_resources"`
	SubordinateResources     types.Bool   `tfsdk:"subordinate_resources"`
	IncludeOriginOfCondition types.Bool   `tfsdk:"include_origin_of_condition"`
	Severities               types.Set    `tfsdk:"severities"`
	MetricReportDefinitions  types.Set    `tfsdk:"metric_report_definitions"`
	DeliveryRetryPolicy      types.String `tfsdk:"delivery_retry_policy"`
	VerifyCertificate        types.Bool   `tfsdk:"verify_certificate"`
	SendHeartbeat            types.Bool   `tfsdk:"send_heartbeat"`
	HeartbeatIntervalMinutes types.Int64  `tfsdk:"heartbeat_interval_minutes"`
	Oem                      types.String `tfsdk:"oem"`
}

// toRedfish builds the subscription to create from the planned values. Unknown
// and null values are left out, so properties the user leaves unset are not sent.
func (m subscriptionPropertiesModel) toRedfish(ctx context.Context) (redfish.Subscription, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := redfish.Subscription{
		Destination:              m.Destination.ValueString(),
		Context:                  knownString(m.Context),
		Protocol:                 knownString(m.Protocol),
		OEMProtocol:              knownString(m.OEMProtocol),
		OEMSubscriptionType:      knownString(m.OEMSubscriptionType),
		SubscriptionType:         knownString(m.SubscriptionType),
		EventFormatType:          knownString(m.EventFormatType),
		SubordinateResources:     knownBool(m.SubordinateResources),
		IncludeOriginOfCondition: knownBool(m.IncludeOriginOfCondition),
		DeliveryRetryPolicy:      knownString(m.DeliveryRetryPolicy),
		VerifyCertificate:        knownBool(m.VerifyCertificate),
		SendHeartbeat:            knownBool(m.SendHeartbeat),
		HeartbeatIntervalMinutes: knownInt64(m.HeartbeatIntervalMinutes),
	}
	sets := []struct {
		from types.Set
		to   *[]string
	}{
		{m.EventTypes, &s.EventTypes}, {m.RegistryPrefixes, &s.RegistryPrefixes},
		{m.ExcludeRegistryPrefixes, &s.ExcludeRegistryPrefixes}, {m.ResourceTypes, &s.ResourceTypes},
		{m.MessageIDs, &s.MessageIDs}, {m.ExcludeMessageIDs, &s.ExcludeMessageIDs},
		{m.OriginResources, &s.OriginResources}, {m.Severities, &s.Severities},
		{m.MetricReportDefinitions, &s.MetricReportDefinitions},
	}
	for _, f := range sets {
		if f.from.IsNull() || f.from.IsUnknown() {
			continue
		}
		var values []string
		diags.Append(f.from.ElementsAs(ctx, &values, false)...)
		sort.Strings(values)
		*f.to = values
	}
	if !m.Oem.IsNull() && !m.Oem.IsUnknown() {
		s.Oem = json.RawMessage(m.Oem.ValueString())
	}
	return s, diags
}

// setFromRedfish records what the BMC reports. prior is what Terraform knew
// before (the plan after a create, the state on a refresh); where the BMC's
// value means the same as prior's, prior's spelling is kept so that BMC
// normalisations (enum case, trailing slashes, element order, an Oem object
// with extra vendor keys, a dropped empty Context) cause no diff. Where the
// BMC omits a property it is taken as unchanged.
func (m *subscriptionPropertiesModel) setFromRedfish(s *redfish.Subscription, prior subscriptionPropertiesModel) {
	// Lenient on purpose: this is our own subscription (Read checked it), and a
	// BMC may report its Destination masked or rewritten (bmcweb writes out
	// ":443/"); the state keeps the configuration's spelling.
	m.Destination = keepPriorString(prior.Destination, &s.Destination, redfish.SameDestinationAtPath)
	m.Context = keepPriorString(prior.Context, emptyAsNil(s.Context), nil)
	m.Protocol = keepPriorString(prior.Protocol, s.Protocol, strings.EqualFold)
	m.OEMProtocol = keepPriorString(prior.OEMProtocol, s.OEMProtocol, nil)
	m.OEMSubscriptionType = keepPriorString(prior.OEMSubscriptionType, s.OEMSubscriptionType, nil)
	m.SubscriptionType = keepPriorString(prior.SubscriptionType, s.SubscriptionType, strings.EqualFold)
	m.EventFormatType = keepPriorString(prior.EventFormatType, s.EventFormatType, strings.EqualFold)
	m.DeliveryRetryPolicy = keepPriorString(prior.DeliveryRetryPolicy, s.DeliveryRetryPolicy, strings.EqualFold)
	m.Oem = keepPriorString(prior.Oem, rawToStringPtr(s.Oem), redfish.JSONContains)

	m.EventTypes = keepPriorSet(prior.EventTypes, s.EventTypes, strings.EqualFold)
	m.RegistryPrefixes = keepPriorSet(prior.RegistryPrefixes, s.RegistryPrefixes, nil)
	m.ExcludeRegistryPrefixes = keepPriorSet(prior.ExcludeRegistryPrefixes, s.ExcludeRegistryPrefixes, nil)
	m.ResourceTypes = keepPriorSet(prior.ResourceTypes, s.ResourceTypes, nil)
	m.MessageIDs = keepPriorSet(prior.MessageIDs, s.MessageIDs, nil)
	m.ExcludeMessageIDs = keepPriorSet(prior.ExcludeMessageIDs, s.ExcludeMessageIDs, nil)
	m.OriginResources = keepPriorSet(prior.OriginResources, s.OriginResources, redfish.SamePath)
	m.Severities = keepPriorSet(prior.Severities, s.Severities, strings.EqualFold)
	m.MetricReportDefinitions = keepPriorSet(prior.MetricReportDefinitions, s.MetricReportDefinitions, redfish.SamePath)

	m.SubordinateResources = keepPriorBool(prior.SubordinateResources, s.SubordinateResources)
	m.IncludeOriginOfCondition = keepPriorBool(prior.IncludeOriginOfCondition, s.IncludeOriginOfCondition)
	m.VerifyCertificate = keepPriorBool(prior.VerifyCertificate, s.VerifyCertificate)
	m.SendHeartbeat = keepPriorBool(prior.SendHeartbeat, s.SendHeartbeat)
	m.HeartbeatIntervalMinutes = keepPriorInt64(prior.HeartbeatIntervalMinutes, s.HeartbeatIntervalMinutes)
}

// setReadOnly records the computed identity and status.
func (m *subscriptionReadModel) setReadOnly(s *redfish.Subscription) {
	m.ID = types.StringValue(s.ODataID)
	m.SubscriptionID = types.StringValue(s.ID)
	m.Name = types.StringValue(s.Name)
	m.Status = types.StringValue(s.State)
}

// knownString and its siblings return nil for a null or unknown value: an
// argument the user left unset is not sent (ValueStringPointer would turn an
// unknown into "").
func knownString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueStringPointer()
}

func knownBool(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueBoolPointer()
}

func knownInt64(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueInt64Pointer()
}

func keepPriorString(prior types.String, reported *string, same func(a, b string) bool) types.String {
	if reported == nil {
		if prior.IsUnknown() || prior.IsNull() {
			return types.StringNull()
		}
		return prior
	}
	if !prior.IsNull() && !prior.IsUnknown() {
		p := prior.ValueString()
		if p == *reported || (same != nil && same(p, *reported)) {
			return prior
		}
	}
	return types.StringValue(*reported)
}

func keepPriorBool(prior types.Bool, reported *bool) types.Bool {
	if reported == nil {
		if prior.IsUnknown() || prior.IsNull() {
			return types.BoolNull()
		}
		return prior
	}
	return types.BoolValue(*reported)
}

func keepPriorInt64(prior types.Int64, reported *int64) types.Int64 {
	if reported == nil {
		if prior.IsUnknown() || prior.IsNull() {
			return types.Int64Null()
		}
		return prior
	}
	return types.Int64Value(*reported)
}

// keepPriorSet keeps prior when it holds the same elements as reported (each
// compared with same, or exactly when same is nil).
func keepPriorSet(prior types.Set, reported []string, same func(a, b string) bool) types.Set {
	if reported == nil {
		if prior.IsUnknown() || prior.IsNull() {
			return types.SetNull(types.StringType)
		}
		return prior
	}
	if !prior.IsNull() && !prior.IsUnknown() && redfish.SameSet(setStrings(prior), reported, same) {
		return prior
	}
	return stringSet(reported)
}

func setStrings(set types.Set) []string {
	var values []string
	for _, e := range set.Elements() {
		if s, ok := e.(types.String); ok {
			values = append(values, s.ValueString())
		}
	}
	return values
}

func stringSet(values []string) types.Set {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return types.SetValueMust(types.StringType, elems)
}

// storedDifferently reports, as attribute errors, each argument the user set
// that the BMC stored with another meaning (a clamped interval, a refused
// flag). Terraform would otherwise fail with "inconsistent result"; this way
// the resource is tainted and the message says what the BMC did.
func storedDifferently(endpoint string, planned, stored subscriptionPropertiesModel) diag.Diagnostics {
	var diags diag.Diagnostics
	pv, sv := reflect.ValueOf(planned), reflect.ValueOf(stored)
	for i := 0; i < pv.NumField(); i++ {
		want, okW := pv.Field(i).Interface().(attr.Value)
		got, okG := sv.Field(i).Interface().(attr.Value)
		if !okW || !okG || want.IsNull() || want.IsUnknown() || want.Equal(got) {
			continue
		}
		name := pv.Type().Field(i).Tag.Get("tfsdk")
		diags.AddAttributeError(path.Root(name), "BMC Stored a Different Value",
			fmt.Sprintf("BMC %s accepted the subscription but stored %s as %s instead of %s, so it does not support "+
				"the value asked for. Set %s to a value the BMC keeps (or remove it), then apply again: the subscription "+
				"is marked for replacement.", endpoint, name, got.String(), want.String(), name))
	}
	return diags
}

// emptyAsNil treats an empty Context like an absent one: BMCs differ in
// whether they echo "" or drop it.
func emptyAsNil(s *string) *string {
	if s != nil && *s == "" {
		return nil
	}
	return s
}

func rawToStringPtr(raw json.RawMessage) *string {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	s := string(raw)
	return &s
}
