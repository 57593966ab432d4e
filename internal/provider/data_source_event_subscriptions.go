package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

var (
	_ datasource.DataSource              = (*eventSubscriptionsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*eventSubscriptionsDataSource)(nil)
)

func newEventSubscriptionsDataSource() datasource.DataSource { return &eventSubscriptionsDataSource{} }

type eventSubscriptionsDataSource struct {
	data *providerData
}

type eventSubscriptionsModel struct {
	BMC           types.Object       `tfsdk:"bmc"`
	Destination   types.String       `tfsdk:"destination"`
	Context       types.String       `tfsdk:"context"`
	Protocol      types.String       `tfsdk:"protocol"`
	Endpoint      types.String       `tfsdk:"endpoint"`
	Subscriptions types.List         `tfsdk:"subscriptions"`
	EventService  *eventServiceModel `tfsdk:"event_service"`
}

type eventServiceModel struct {
	ServiceEnabled                    types.Bool   `tfsdk:"service_enabled"`
	DeliveryRetryAttempts             types.Int64  `tfsdk:"delivery_retry_attempts"`
	DeliveryRetryIntervalSeconds      types.Int64  `tfsdk:"delivery_retry_interval_seconds"`
	EventTypesForSubscription         types.Set    `tfsdk:"event_types_for_subscription"`
	EventFormatTypes                  types.Set    `tfsdk:"event_format_types"`
	RegistryPrefixes                  types.Set    `tfsdk:"registry_prefixes"`
	ResourceTypes                     types.Set    `tfsdk:"resource_types"`
	Severities                        types.Set    `tfsdk:"severities"`
	ExcludeMessageIDSupported         types.Bool   `tfsdk:"exclude_message_id_supported"`
	ExcludeRegistryPrefixSupported    types.Bool   `tfsdk:"exclude_registry_prefix_supported"`
	IncludeOriginOfConditionSupported types.Bool   `tfsdk:"include_origin_of_condition_supported"`
	SubordinateResourcesSupported     types.Bool   `tfsdk:"subordinate_resources_supported"`
	ServerSentEventURI                types.String `tfsdk:"server_sent_event_uri"`
	SubmitTestEventSupported          types.Bool   `tfsdk:"submit_test_event_supported"`
}

func (d *eventSubscriptionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_event_subscriptions"
}

func (d *eventSubscriptionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	subscription := map[string]schema.Attribute{
		"id":              schema.StringAttribute{MarkdownDescription: "The subscription's Redfish path (`@odata.id`); use it with `terraform import`.", Computed: true},
		"subscription_id": schema.StringAttribute{MarkdownDescription: "The subscription's Redfish `Id`.", Computed: true},
		"name":            schema.StringAttribute{MarkdownDescription: "The subscription's Redfish `Name`.", Computed: true},
		"status":          schema.StringAttribute{MarkdownDescription: "The subscription's `Status.State` (`Enabled`, `Disabled`…), empty when not reported.", Computed: true},
	}
	for _, p := range subscriptionProperties {
		subscription[p.Attr] = p.dataSourceAttribute()
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the event subscriptions a BMC has (of every protocol, including ones Terraform does not manage) " +
			"and what its Redfish EventService supports. Use it to review a BMC before managing it, or to find IDs to import.",
		Attributes: map[string]schema.Attribute{
			"bmc": dataSourceBMCAttribute(),
			"destination": schema.StringAttribute{
				MarkdownDescription: "Only list subscriptions with this destination (a trailing slash is ignored).",
				Optional:            true,
			},
			"context": schema.StringAttribute{
				MarkdownDescription: "Only list subscriptions with exactly this context.",
				Optional:            true,
			},
			"protocol": schema.StringAttribute{
				MarkdownDescription: "Only list subscriptions of this protocol (`Redfish`, `SNMPv3`, `SyslogTLS`…; case is ignored). " +
					"A subscription that does not report its protocol is a `Redfish` one, as Redfish defines.",
				Optional: true,
			},
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "The BMC that was read, normalised.",
				Computed:            true,
			},
			"subscriptions": schema.ListNestedAttribute{
				MarkdownDescription: "The subscriptions, in the BMC's order. HTTP headers are never listed: Redfish BMCs do not read them back.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: subscription},
			},
			"event_service": schema.SingleNestedAttribute{
				MarkdownDescription: "What the BMC's EventService supports.",
				Computed:            true,
				Attributes:          eventServiceAttributes(),
			},
		},
	}
}

func eventServiceAttributes() map[string]schema.Attribute {
	flag := func(desc string) schema.Attribute {
		return schema.BoolAttribute{MarkdownDescription: desc, Computed: true}
	}
	list := func(desc string) schema.Attribute {
		return schema.SetAttribute{MarkdownDescription: desc, ElementType: types.StringType, Computed: true}
	}
	return map[string]schema.Attribute{
		"service_enabled":                       flag("Whether the EventService is enabled (`ServiceEnabled`); a disabled one sends no events and accepts no subscriptions on most BMCs."),
		"delivery_retry_attempts":               schema.Int64Attribute{MarkdownDescription: "How often the BMC retries a failed delivery (`DeliveryRetryAttempts`).", Computed: true},
		"delivery_retry_interval_seconds":       schema.Int64Attribute{MarkdownDescription: "Seconds between delivery retries (`DeliveryRetryIntervalSeconds`).", Computed: true},
		"event_types_for_subscription":          list("Event types the BMC can filter on (`EventTypesForSubscription`), for `event_types`."),
		"event_format_types":                    list("Event formats the BMC can send (`EventFormatTypes`), for `event_format_type`."),
		"registry_prefixes":                     list("Message registry prefixes the BMC can filter on (`RegistryPrefixes`), for `registry_prefixes`."),
		"resource_types":                        list("Resource types the BMC can filter on (`ResourceTypes`), for `resource_types`."),
		"severities":                            list("Severities the BMC can filter on (`Severities`), for `severities`."),
		"exclude_message_id_supported":          flag("Whether `exclude_message_ids` is supported (`ExcludeMessageId`)."),
		"exclude_registry_prefix_supported":     flag("Whether `exclude_registry_prefixes` is supported (`ExcludeRegistryPrefix`)."),
		"include_origin_of_condition_supported": flag("Whether `include_origin_of_condition` is supported (`IncludeOriginOfConditionSupported`)."),
		"subordinate_resources_supported":       flag("Whether `subordinate_resources` is supported (`SubordinateResourcesSupported`)."),
		"server_sent_event_uri":                 schema.StringAttribute{MarkdownDescription: "URI of the BMC's server-sent event stream (`ServerSentEventUri`), empty when it has none.", Computed: true},
		"submit_test_event_supported":           flag("Whether the BMC offers the `SubmitTestEvent` action, to check a destination end to end."),
	}
}

func (d *eventSubscriptionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *eventSubscriptionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model eventSubscriptionsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, diags := pooledClient(ctx, d.data, model.BMC, "")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	service, err := client.EventService(ctx)
	if err != nil {
		resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot Read EventService", client.Endpoint(), err)...)
		return
	}
	subs, err := d.data.inventory.View(client).List(ctx)
	if err != nil {
		resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot List Event Subscriptions", client.Endpoint(), err)...)
		return
	}
	model.Endpoint = types.StringValue(client.Endpoint())
	model.EventService = eventServiceFromRedfish(service)
	listType, ok := resp.State.Schema.GetAttributes()["subscriptions"].GetType().(types.ListType)
	if !ok {
		resp.Diagnostics.AddError("Provider Bug", "the subscriptions attribute is not a list; please report it")
		return
	}
	elemType, ok := listType.ElemType.(types.ObjectType)
	if !ok {
		resp.Diagnostics.AddError("Provider Bug", "the subscriptions attribute is not a list of objects; please report it")
		return
	}
	elems := []attr.Value{}
	for i := range subs {
		if !matchesFilters(&subs[i], model.Destination, model.Context, model.Protocol) {
			continue
		}
		var m readOnlyModel
		m.setReadOnly(&subs[i])
		obj, diags := modelObject(ctx, elemType, &m, setFromRedfish(&subs[i], nil))
		resp.Diagnostics.Append(diags...)
		elems = append(elems, obj)
	}
	list, diags := types.ListValue(elemType, elems)
	resp.Diagnostics.Append(diags...)
	model.Subscriptions = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

func matchesFilters(s *redfish.Subscription, destination, context, protocol types.String) bool {
	if !protocol.IsNull() {
		got := redfish.ProtocolRedfish
		if s.Protocol != nil {
			got = *s.Protocol
		}
		if !redfish.CompareEnum.Same(redfish.Provably, got, protocol.ValueString()) {
			return false
		}
	}
	if !destination.IsNull() && !redfish.EquivalentURI(destination.ValueString(), s.Destination) {
		return false
	}
	if !context.IsNull() {
		got := ""
		if s.Context != nil {
			got = *s.Context
		}
		if got != context.ValueString() {
			return false
		}
	}
	return true
}

func eventServiceFromRedfish(s *redfish.EventService) *eventServiceModel {
	return &eventServiceModel{
		ServiceEnabled:                    types.BoolValue(s.ServiceEnabled),
		DeliveryRetryAttempts:             types.Int64PointerValue(s.DeliveryRetryAttempts),
		DeliveryRetryIntervalSeconds:      types.Int64PointerValue(s.DeliveryRetryIntervalSeconds),
		EventTypesForSubscription:         stringSet(s.EventTypesForSubscription),
		EventFormatTypes:                  stringSet(s.EventFormatTypes),
		RegistryPrefixes:                  stringSet(s.RegistryPrefixes),
		ResourceTypes:                     stringSet(s.ResourceTypes),
		Severities:                        stringSet(s.Severities),
		ExcludeMessageIDSupported:         types.BoolPointerValue(s.ExcludeMessageIDSupported),
		ExcludeRegistryPrefixSupported:    types.BoolPointerValue(s.ExcludeRegistryPrefixSupported),
		IncludeOriginOfConditionSupported: types.BoolPointerValue(s.IncludeOriginOfConditionSupported),
		SubordinateResourcesSupported:     types.BoolPointerValue(s.SubordinateResourcesSupported),
		ServerSentEventURI:                types.StringValue(s.ServerSentEventURI),
		SubmitTestEventSupported:          types.BoolValue(s.SubmitTestEventTarget != ""),
	}
}
