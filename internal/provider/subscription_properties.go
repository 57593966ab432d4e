package provider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rsschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// propertyDoc is what Terraform users read about one EventDestination
// property (the redfish.Properties row it belongs to holds the Redfish
// facts: name, type, version, enum, comparison), and the plan-time checks
// beyond the enum. It is keyed by the property's Redfish name, with a dot
// for a member of a nested property ("SNMP.TrapCommunity").
type propertyDoc struct {
	description      string
	deprecation      string
	stringValidators []validator.String
	int64Validators  []validator.Int64
}

var propertyDocs = map[string]propertyDoc{
	"Destination": {description: "URI the BMC sends events to, e.g. `https://events.example.com/redfish`. " +
		"Its scheme must suit `protocol`: `https` or `http` for `Redfish`, `mailto` for `SMTP`, `snmp` for SNMP, `syslog` for syslog.",
		stringValidators: []validator.String{absoluteURIValidator}},
	"Context":             {description: "Opaque string the BMC returns in every event it sends to this subscription, so the receiver can tell where it came from."},
	"Protocol":            {description: "Protocol the BMC uses to send events. Defaults to `" + redfish.ProtocolRedfish + "` (HTTP POSTs of Redfish `Event` payloads)."},
	"OEMProtocol":         {description: "Name of the vendor protocol when `protocol` is `OEM`, where Redfish requires it."},
	"SubscriptionType":    {description: "Type of subscription. BMCs default it to `RedfishEvent` for the `Redfish` protocol."},
	"OEMSubscriptionType": {description: "Name of the vendor subscription type when `subscription_type` is `OEM`."},
	"EventFormatType":     {description: "Content of the events sent: `Event` or `MetricReport`. Redfish says a BMC that omits it sends `Event`."},
	"EventTypes": {description: "Event types to send. Deprecated by Redfish in EventDestination v1_5_0 in favour of `registry_prefixes` and " +
		"`resource_types`, but still the filter some BMCs (iLO 5) use; OpenBMC rejects it.",
		deprecation: "Redfish deprecated EventTypes in EventDestination v1_5_0; use registry_prefixes, message_ids or resource_types where the BMC supports them."},
	"RegistryPrefixes":        {description: "Message registry prefixes (e.g. `ResourceEvent`, `Base`) whose messages are sent. Empty or unset: no filtering by registry."},
	"ExcludeRegistryPrefixes": {description: "Message registry prefixes whose messages are not sent."},
	"ResourceTypes":           {description: "Resource types (e.g. `Chassis`, `ComputerSystem`) whose events are sent. Empty or unset: no filtering by resource type."},
	"MessageIds": {description: "Message IDs, in `RegistryPrefix.MessageKey` form (e.g. `ResourceEvent.ResourceErrorsDetected`), that are sent. " +
		"Empty or unset: no filtering by message."},
	"ExcludeMessageIds":        {description: "Message IDs, in `RegistryPrefix.MessageKey` form, that are not sent."},
	"OriginResources":          {description: "Redfish resource paths (e.g. `/redfish/v1/Chassis/1`) that are the only allowed `OriginOfCondition` of the events sent."},
	"SubordinateResources":     {description: "Whether events from resources below those in `origin_resources` are sent too."},
	"IncludeOriginOfCondition": {description: "Whether events embed the full resource named by `OriginOfCondition`."},
	"Severities":               {description: "Message severities that are sent. Empty or unset: no filtering by severity."},
	"MetricReportDefinitions":  {description: "Paths of the metric report definitions whose reports are sent (for `event_format_type = \"MetricReport\"`)."},
	"DeliveryRetryPolicy": {description: "What the BMC does when delivery keeps failing. With `SuspendRetries` the subscription becomes `Disabled` " +
		"(and the next plan replaces it); with `TerminateAfterRetries` the BMC deletes it (and the next plan recreates it). " +
		"iLO 5 does not accept this property."},
	"VerifyCertificate": {description: "Whether the BMC verifies the TLS certificate of `destination` against its certificate store. Redfish assumes `false` when unset."},
	"SendHeartbeat":     {description: "Whether the BMC periodically sends a `RedfishServiceFunctional` heartbeat event."},
	"HeartbeatIntervalMinutes": {description: "Minutes between heartbeat events, 1 to 65535. Only meaningful with `send_heartbeat = true`.",
		int64Validators: []validator.Int64{int64validator.Between(1, 65535)}},
	"SNMP": {description: "Settings of an SNMP destination (`protocol` `SNMPv1`, `SNMPv2c` or `SNMPv3`, `destination` `snmp://host[:port]`). " +
		"Its secrets (trap community, authentication and encryption keys) are the write-only arguments `snmp_trap_community_wo`, " +
		"`snmp_authentication_key_wo` and `snmp_encryption_key_wo`: never stored in plan or state."},
	"SNMP.AuthenticationProtocol": {description: "SNMP authentication protocol; `CommunityString` for SNMPv1/v2c, an HMAC for SNMPv3."},
	"SNMP.EncryptionProtocol":     {description: "SNMPv3 encryption (privacy) protocol."},
	"SNMP.HideCommunityStrings":   {description: "Whether the BMC hides the trap community when it reports the subscription."},
	"SNMP.AuthenticationKeySet":   {description: "Whether the BMC holds an authentication key (it never shows the key)."},
	"SNMP.EncryptionKeySet":       {description: "Whether the BMC holds an encryption key (it never shows the key)."},
	"SNMP.TrapCommunity": {description: "Write-only SNMP trap community (SNMPv1/v2c), sent on create and never stored. " +
		"Bump `snmp_wo_version` to send a new one (the subscription is replaced)."},
	"SNMP.AuthenticationKey": {description: "Write-only SNMPv3 authentication key, sent on create and never stored. " +
		"Bump `snmp_wo_version` to send a new one (the subscription is replaced)."},
	"SNMP.EncryptionKey": {description: "Write-only SNMPv3 encryption key, sent on create and never stored. " +
		"Bump `snmp_wo_version` to send a new one (the subscription is replaced)."},
	"SyslogFilters": {description: "What a syslog destination (`protocol` `SyslogTLS`, `SyslogTCP`, `SyslogUDP` or `SyslogRELP`) " +
		"receives: each filter names facilities and the lowest severity sent. Empty or unset: everything."},
	"SyslogFilters.LogFacilities":  {description: "Syslog facilities this filter sends; empty or unset: all."},
	"SyslogFilters.LowestSeverity": {description: "Lowest severity this filter sends (`All` for every one)."},
	"BackupDestinations": {description: "URIs the BMC sends events to when `destination` cannot be reached, " +
		"of the same scheme as `destination`.",
		stringValidators: []validator.String{absoluteURIValidator}},
	"Oem": {description: "Vendor-specific `Oem` object as a JSON string, e.g. `jsonencode({ Hpe = { ... } })`. " +
		"Compared semantically: extra vendor keys the BMC adds, key order and white space cause no diff.",
		stringValidators: []validator.String{jsonObjectValidator}},
}

// subscriptionProperty is one row of redfish.Properties with its docs.
type subscriptionProperty struct {
	redfish.Property
	doc      propertyDoc
	children []subscriptionProperty
}

// subscriptionProperties are the EventDestination properties, as arguments
// of bmc_event_subscription and attributes of each subscription the data
// source lists.
var subscriptionProperties = withDocs(redfish.Properties, "")

func withDocs(props []redfish.Property, prefix string) []subscriptionProperty {
	out := make([]subscriptionProperty, 0, len(props))
	for _, p := range props {
		out = append(out, subscriptionProperty{Property: p, doc: propertyDocs[prefix+p.Name],
			children: withDocs(p.Children, prefix+p.Name+".")})
	}
	return out
}

// fullDescription is the MarkdownDescription shared by resource and data source.
func (p subscriptionProperty) fullDescription() string {
	d := p.doc.description
	if len(p.Enum) > 0 {
		if p.Kind == redfish.KindStringSet {
			d += " Each one of " + quotedList(p.Enum) + "."
		} else {
			d += " One of " + quotedList(p.Enum) + "."
		}
	}
	return d + fmt.Sprintf(" Redfish property `%s` (EventDestination %s).", p.Name, p.Since)
}

// sameSpelled says when a configured value and the state's mean the same to
// a BMC (URI case and trailing slash, enum case, JSON formatting); nil when
// only equal strings do.
func (p subscriptionProperty) sameSpelled() func(a, b string) bool {
	if p.Compare == redfish.CompareExact {
		return nil
	}
	return p.Compare.Func(redfish.Spelled)
}

// resourceAttribute builds the argument of bmc_event_subscription. Every
// argument forces replacement: BMCs do not reliably support PATCH of a
// subscription (planProperties does it, for all of them at once). Optional arguments are also Computed, so what the BMC fills in
// for an unset property (its defaults) is recorded without causing a diff, and
// an imported subscription plans clean.
func (p subscriptionProperty) resourceAttribute() rsschema.Attribute {
	desc := p.fullDescription()
	if !p.ReadOnly {
		desc += " Changing it replaces the subscription."
	}
	switch p.Kind {
	case redfish.KindStringSet:
		var v []validator.Set
		if len(p.Enum) > 0 {
			v = append(v, setvalidator.ValueStringsAre(stringvalidator.OneOf(p.Enum...)))
		}
		if len(p.doc.stringValidators) > 0 {
			v = append(v, setvalidator.ValueStringsAre(p.doc.stringValidators...))
		}
		return rsschema.SetAttribute{
			MarkdownDescription: desc, ElementType: types.StringType, Optional: !p.ReadOnly, Computed: true,
			DeprecationMessage: p.doc.deprecation, Validators: v,
		}
	case redfish.KindObject:
		return rsschema.SingleNestedAttribute{
			MarkdownDescription: desc, Optional: true, Computed: true, Attributes: p.resourceChildren(),
		}
	case redfish.KindObjectList:
		// Members of a set are identified by their whole value: they are
		// not computed, so what the configuration says is what is planned.
		return rsschema.SetNestedAttribute{
			MarkdownDescription: desc, Optional: true, Computed: true,
			NestedObject: rsschema.NestedAttributeObject{Attributes: p.resourceChildren()},
		}
	case redfish.KindBool:
		return rsschema.BoolAttribute{
			MarkdownDescription: desc, Optional: !p.ReadOnly, Computed: true,
		}
	case redfish.KindInt64:
		return rsschema.Int64Attribute{
			MarkdownDescription: desc, Optional: true, Computed: true, Validators: p.doc.int64Validators,
		}
	}
	v := append([]validator.String{}, p.doc.stringValidators...)
	if len(p.Enum) > 0 {
		v = append(v, stringvalidator.OneOf(p.Enum...))
	}
	attr := rsschema.StringAttribute{
		MarkdownDescription: desc, Optional: !p.ReadOnly, Computed: true, Validators: v,
	}
	if p.Required {
		attr.Required, attr.Optional, attr.Computed = true, false, false
	}
	if p.Default != "" {
		attr.Default = stringdefault.StaticString(p.Default)
	}
	return attr
}

// resourceChildren are the members of a nested argument; its secrets are
// write-only arguments of their own (see writeOnlyAttributes).
func (p subscriptionProperty) resourceChildren() map[string]rsschema.Attribute {
	attrs := map[string]rsschema.Attribute{}
	for _, c := range p.stored() {
		a := c.resourceAttribute()
		if p.Kind == redfish.KindObjectList {
			a = c.setMemberAttribute()
		}
		attrs[c.Attr] = a
	}
	return attrs
}

// setMemberAttribute is a member of a set of objects: optional, not computed.
func (p subscriptionProperty) setMemberAttribute() rsschema.Attribute {
	desc := p.fullDescription()
	if p.Kind == redfish.KindStringSet {
		var v []validator.Set
		if len(p.Enum) > 0 {
			v = append(v, setvalidator.ValueStringsAre(stringvalidator.OneOf(p.Enum...)))
		}
		return rsschema.SetAttribute{MarkdownDescription: desc, ElementType: types.StringType, Optional: true, Validators: v}
	}
	var v []validator.String
	if len(p.Enum) > 0 {
		v = append(v, stringvalidator.OneOf(p.Enum...))
	}
	return rsschema.StringAttribute{MarkdownDescription: desc, Optional: true, Validators: v}
}

// stored are the children of a nested property that plan and state hold:
// all but its secrets.
func (p subscriptionProperty) stored() []subscriptionProperty {
	var out []subscriptionProperty
	for _, c := range p.children {
		if !c.Secret {
			out = append(out, c)
		}
	}
	return out
}

// writeOnlyAttribute is a secret member of a nested property, as a
// top-level write-only argument: "snmp_authentication_key_wo". Terraform
// keeps write-only values out of plan and state; the version argument of
// its parent ("snmp_wo_version") replaces the subscription to send new ones.
type writeOnlyAttribute struct {
	name   string
	parent subscriptionProperty
	secret subscriptionProperty
}

// writeOnlyAttributes lists them for every property with secret members.
func writeOnlyAttributes() []writeOnlyAttribute {
	var out []writeOnlyAttribute
	for _, p := range subscriptionProperties {
		for _, c := range p.children {
			if c.Secret {
				out = append(out, writeOnlyAttribute{name: p.Attr + "_" + c.Attr + "_wo", parent: p, secret: c})
			}
		}
	}
	return out
}

// versionAttributes are the "<parent>_wo_version" arguments, one per
// property with secret members.
func versionAttributes() []string {
	var out []string
	for _, w := range writeOnlyAttributes() {
		if name := w.parent.Attr + "_wo_version"; !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// writeOnlyResourceAttributes are the schema of both.
func writeOnlyResourceAttributes() map[string]rsschema.Attribute {
	attrs := map[string]rsschema.Attribute{}
	for _, w := range writeOnlyAttributes() {
		attrs[w.name] = rsschema.StringAttribute{
			MarkdownDescription: w.secret.fullDescription() + " Requires Terraform 1.11 or later.",
			Optional:            true, Sensitive: true, WriteOnly: true,
		}
	}
	for _, name := range versionAttributes() {
		parent := strings.TrimSuffix(name, "_wo_version")
		attrs[name] = rsschema.Int64Attribute{
			MarkdownDescription: "Any number you change whenever a write-only `" + parent + "_*_wo` argument changes; " +
				"changing it replaces the subscription so that the new secrets are sent.",
			Optional: true,
		}
	}
	return attrs
}

// dataSourceAttribute builds the read-only attribute of one subscription in
// the bmc_event_subscriptions data source.
func (p subscriptionProperty) dataSourceAttribute() dsschema.Attribute {
	desc := p.fullDescription()
	switch p.Kind {
	case redfish.KindObject:
		return dsschema.SingleNestedAttribute{MarkdownDescription: desc, Computed: true, Attributes: p.dataSourceChildren()}
	case redfish.KindObjectList:
		return dsschema.SetNestedAttribute{MarkdownDescription: desc, Computed: true,
			NestedObject: dsschema.NestedAttributeObject{Attributes: p.dataSourceChildren()}}
	case redfish.KindStringSet:
		return dsschema.SetAttribute{MarkdownDescription: desc, ElementType: types.StringType, Computed: true}
	case redfish.KindBool:
		return dsschema.BoolAttribute{MarkdownDescription: desc, Computed: true}
	case redfish.KindInt64:
		return dsschema.Int64Attribute{MarkdownDescription: desc, Computed: true}
	}
	return dsschema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

func (p subscriptionProperty) dataSourceChildren() map[string]dsschema.Attribute {
	attrs := map[string]dsschema.Attribute{}
	for _, c := range p.stored() {
		attrs[c.Attr] = c.dataSourceAttribute()
	}
	return attrs
}
