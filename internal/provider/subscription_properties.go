package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rsschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// propertyKind is the Terraform type of a subscription property.
type propertyKind int

const (
	kindString propertyKind = iota
	kindStringSet
	kindBool
	kindInt64
)

// subscriptionProperty describes one EventDestination property once, so the
// resource's arguments and the data source's attributes are documented and
// validated from the same words and the same enum lists.
type subscriptionProperty struct {
	attr        string
	redfishName string
	kind        propertyKind
	since       string   // Redfish EventDestination version that introduced it
	enum        []string // allowed values (for a set: of each element)
	description string
	deprecation string
	// same says when two spellings mean the same to a BMC (URI case and
	// trailing slash, enum case); nil means only equal strings do.
	same func(a, b string) bool
	// validators beyond the enum check, for the resource's argument.
	stringValidators []validator.String
	int64Validators  []validator.Int64
}

var subscriptionProperties = []subscriptionProperty{
	{attr: "destination", same: redfish.EquivalentURI, redfishName: "Destination", kind: kindString, since: "v1_0_0",
		description: "URI the BMC sends events to, e.g. `https://events.example.com/redfish`. " +
			"Its scheme must suit `protocol`: `https` or `http` for `Redfish`, `mailto` for `SMTP`, `snmp` for SNMP, `syslog` for syslog.",
		stringValidators: []validator.String{absoluteURIValidator{}}},
	{attr: "context", redfishName: "Context", kind: kindString, since: "v1_0_0",
		description: "Opaque string the BMC returns in every event it sends to this subscription, so the receiver can tell where it came from."},
	{attr: "protocol", redfishName: "Protocol", kind: kindString, since: "v1_0_0", enum: redfish.Protocols,
		description: "Protocol the BMC uses to send events. Defaults to `" + redfish.ProtocolRedfish + "` (HTTP POSTs of Redfish `Event` payloads)."},
	{attr: "oem_protocol", redfishName: "OEMProtocol", kind: kindString, since: "v1_9_0",
		description: "Name of the vendor protocol when `protocol` is `OEM`, where Redfish requires it."},
	{attr: "subscription_type", redfishName: "SubscriptionType", kind: kindString, since: "v1_3_0", enum: redfish.SubscriptionTypes,
		description: "Type of subscription. BMCs default it to `RedfishEvent` for the `Redfish` protocol."},
	{attr: "oem_subscription_type", redfishName: "OEMSubscriptionType", kind: kindString, since: "v1_9_0",
		description: "Name of the vendor subscription type when `subscription_type` is `OEM`."},
	{attr: "event_format_type", redfishName: "EventFormatType", kind: kindString, since: "v1_4_0", enum: redfish.EventFormatTypes,
		description: "Content of the events sent: `Event` or `MetricReport`. Redfish says a BMC that omits it sends `Event`."},
	{attr: "event_types", redfishName: "EventTypes", kind: kindStringSet, since: "v1_0_0", enum: redfish.EventTypes,
		description: "Event types to send. Deprecated by Redfish in EventDestination v1_5_0 in favour of `registry_prefixes` and " +
			"`resource_types`, but still the filter some BMCs (iLO 5) use; OpenBMC rejects it.",
		deprecation: "Redfish deprecated EventTypes in EventDestination v1_5_0; use registry_prefixes, message_ids or resource_types where the BMC supports them."},
	{attr: "registry_prefixes", redfishName: "RegistryPrefixes", kind: kindStringSet, since: "v1_4_0",
		description: "Message registry prefixes (e.g. `ResourceEvent`, `Base`) whose messages are sent. Empty or unset: no filtering by registry."},
	{attr: "exclude_registry_prefixes", redfishName: "ExcludeRegistryPrefixes", kind: kindStringSet, since: "v1_12_0",
		description: "Message registry prefixes whose messages are not sent."},
	{attr: "resource_types", redfishName: "ResourceTypes", kind: kindStringSet, since: "v1_4_0",
		description: "Resource types (e.g. `Chassis`, `ComputerSystem`) whose events are sent. Empty or unset: no filtering by resource type."},
	{attr: "message_ids", redfishName: "MessageIds", kind: kindStringSet, since: "v1_1_0",
		description: "Message IDs, in `RegistryPrefix.MessageKey` form (e.g. `ResourceEvent.ResourceErrorsDetected`), that are sent. " +
			"Empty or unset: no filtering by message."},
	{attr: "exclude_message_ids", redfishName: "ExcludeMessageIds", kind: kindStringSet, since: "v1_12_0",
		description: "Message IDs, in `RegistryPrefix.MessageKey` form, that are not sent."},
	{attr: "origin_resources", same: redfish.SamePath, redfishName: "OriginResources", kind: kindStringSet, since: "v1_1_0",
		description: "Redfish resource paths (e.g. `/redfish/v1/Chassis/1`) that are the only allowed `OriginOfCondition` of the events sent."},
	{attr: "subordinate_resources", redfishName: "SubordinateResources", kind: kindBool, since: "v1_4_0",
		description: "Whether events from resources below those in `origin_resources` are sent too."},
	{attr: "include_origin_of_condition", redfishName: "IncludeOriginOfCondition", kind: kindBool, since: "v1_8_0",
		description: "Whether events embed the full resource named by `OriginOfCondition`."},
	{attr: "severities", redfishName: "Severities", kind: kindStringSet, since: "v1_13_0", enum: redfish.Severities,
		description: "Message severities that are sent. Empty or unset: no filtering by severity."},
	{attr: "metric_report_definitions", same: redfish.SamePath, redfishName: "MetricReportDefinitions", kind: kindStringSet, since: "v1_6_0",
		description: "Paths of the metric report definitions whose reports are sent (for `event_format_type = \"MetricReport\"`)."},
	{attr: "delivery_retry_policy", redfishName: "DeliveryRetryPolicy", kind: kindString, since: "v1_6_0", enum: redfish.DeliveryRetryPolicies,
		description: "What the BMC does when delivery keeps failing. With `SuspendRetries` the subscription becomes `Disabled` " +
			"(and the next plan replaces it); with `TerminateAfterRetries` the BMC deletes it (and the next plan recreates it). " +
			"iLO 5 does not accept this property."},
	{attr: "verify_certificate", redfishName: "VerifyCertificate", kind: kindBool, since: "v1_9_0",
		description: "Whether the BMC verifies the TLS certificate of `destination` against its certificate store. Redfish assumes `false` when unset."},
	{attr: "send_heartbeat", redfishName: "SendHeartbeat", kind: kindBool, since: "v1_11_0",
		description: "Whether the BMC periodically sends a `RedfishServiceFunctional` heartbeat event."},
	{attr: "heartbeat_interval_minutes", redfishName: "HeartbeatIntervalMinutes", kind: kindInt64, since: "v1_11_0",
		description:     "Minutes between heartbeat events, 1 to 65535. Only meaningful with `send_heartbeat = true`.",
		int64Validators: []validator.Int64{int64validator.Between(1, 65535)}},
	{attr: "oem", same: redfish.JSONEqual, redfishName: "Oem", kind: kindString, since: "v1_0_0",
		description: "Vendor-specific `Oem` object as a JSON string, e.g. `jsonencode({ Hpe = { ... } })`. " +
			"Compared semantically: extra vendor keys the BMC adds, key order and white space cause no diff.",
		stringValidators: []validator.String{jsonObjectValidator{}}},
}

// fullDescription is the MarkdownDescription shared by resource and data source.
func (p subscriptionProperty) fullDescription() string {
	d := p.description
	if len(p.enum) > 0 {
		if p.kind == kindStringSet {
			d += " Each one of " + quotedList(p.enum) + "."
		} else {
			d += " One of " + quotedList(p.enum) + "."
		}
	}
	return d + fmt.Sprintf(" Redfish property `%s` (EventDestination %s).", p.redfishName, p.since)
}

// resourceAttribute builds the argument of bmc_event_subscription. Every
// argument forces replacement: BMCs do not reliably support PATCH of a
// subscription. Optional arguments are also Computed, so what the BMC fills in
// for an unset property (its defaults) is recorded without causing a diff, and
// an imported subscription plans clean.
func (p subscriptionProperty) resourceAttribute() rsschema.Attribute {
	desc := p.fullDescription() + " Changing it replaces the subscription."
	same := p.same
	if same == nil && len(p.enum) > 0 {
		same = strings.EqualFold
	}
	switch p.kind {
	case kindStringSet:
		var v []validator.Set
		if len(p.enum) > 0 {
			v = append(v, setvalidator.ValueStringsAre(stringvalidator.OneOf(p.enum...)))
		}
		return rsschema.SetAttribute{
			MarkdownDescription: desc, ElementType: types.StringType, Optional: true, Computed: true,
			DeprecationMessage: p.deprecation, Validators: v,
			PlanModifiers: []planmodifier.Set{
				setplanmodifier.UseStateForUnknown(), keepStateIfSame{same: same}, setplanmodifier.RequiresReplace(),
			},
		}
	case kindBool:
		return rsschema.BoolAttribute{
			MarkdownDescription: desc, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown(), boolplanmodifier.RequiresReplace()},
		}
	case kindInt64:
		return rsschema.Int64Attribute{
			MarkdownDescription: desc, Optional: true, Computed: true, Validators: p.int64Validators,
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown(), int64planmodifier.RequiresReplace()},
		}
	}
	v := append([]validator.String{}, p.stringValidators...)
	if len(p.enum) > 0 {
		v = append(v, stringvalidator.OneOf(p.enum...))
	}
	attr := rsschema.StringAttribute{
		MarkdownDescription: desc, Optional: true, Computed: true, Validators: v,
		PlanModifiers: []planmodifier.String{
			stringplanmodifier.UseStateForUnknown(), keepStateIfSame{same: same}, stringplanmodifier.RequiresReplace(),
		},
	}
	switch p.attr {
	case "destination":
		attr.Required, attr.Optional, attr.Computed = true, false, false
		attr.PlanModifiers = []planmodifier.String{keepStateIfSame{same: same}, stringplanmodifier.RequiresReplace()}
	case "protocol":
		attr.Default = stringdefault.StaticString(redfish.ProtocolRedfish)
	}
	return attr
}

// keepStateIfSame plans the state's value when the configured one means the
// same to a BMC (a trailing slash, the case of an enum or a host, JSON
// formatting), so spelling an argument differently from how the BMC reports
// it (after an import, say) does not replace the subscription.
type keepStateIfSame struct {
	same func(a, b string) bool
}

var (
	_ planmodifier.String = keepStateIfSame{}
	_ planmodifier.Set    = keepStateIfSame{}
)

func (keepStateIfSame) Description(context.Context) string {
	return "a value spelled differently but meaning the same is not a change"
}

func (m keepStateIfSame) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m keepStateIfSame) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if m.same == nil || !known(req.StateValue) || !known(req.PlanValue) {
		return
	}
	if m.same(req.PlanValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

func (m keepStateIfSame) PlanModifySet(_ context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if m.same == nil || !known(req.StateValue) || !known(req.PlanValue) {
		return
	}
	if redfish.SameSet(setStrings(req.PlanValue), setStrings(req.StateValue), m.same) {
		resp.PlanValue = req.StateValue
	}
}

func known(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

// dataSourceAttribute builds the read-only attribute of one subscription in
// the bmc_event_subscriptions data source.
func (p subscriptionProperty) dataSourceAttribute() dsschema.Attribute {
	desc := p.fullDescription()
	switch p.kind {
	case kindStringSet:
		return dsschema.SetAttribute{MarkdownDescription: desc, ElementType: types.StringType, Computed: true}
	case kindBool:
		return dsschema.BoolAttribute{MarkdownDescription: desc, Computed: true}
	case kindInt64:
		return dsschema.Int64Attribute{MarkdownDescription: desc, Computed: true}
	}
	return dsschema.StringAttribute{MarkdownDescription: desc, Computed: true}
}
