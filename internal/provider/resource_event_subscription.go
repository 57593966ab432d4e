package provider

import (
	"context"
	"errors"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

var (
	_ resource.Resource                   = (*eventSubscriptionResource)(nil)
	_ resource.ResourceWithConfigure      = (*eventSubscriptionResource)(nil)
	_ resource.ResourceWithImportState    = (*eventSubscriptionResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*eventSubscriptionResource)(nil)
	_ resource.ResourceWithValidateConfig = (*eventSubscriptionResource)(nil)
)

func newEventSubscriptionResource() resource.Resource { return &eventSubscriptionResource{} }

type eventSubscriptionResource struct {
	data *providerData
}

// eventSubscriptionModel is the resource's state.
type eventSubscriptionModel struct {
	subscriptionReadModel
	Endpoint             types.String `tfsdk:"endpoint"`
	BMC                  types.Object `tfsdk:"bmc"`
	HTTPHeaders          types.Map    `tfsdk:"http_headers"`
	HTTPHeadersWO        types.Map    `tfsdk:"http_headers_wo"`
	HTTPHeadersWOVersion types.Int64  `tfsdk:"http_headers_wo_version"`
}

// statusNeedingReplacement is the Status.State of a subscription the BMC has
// stopped delivering to (SuspendRetries after failed deliveries, or an admin);
// Redfish offers no standard way to resume it, so the next plan recreates it.
const statusNeedingReplacement = "Disabled"

func (r *eventSubscriptionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_event_subscription"
}

func (r *eventSubscriptionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "The subscription's Redfish path (`@odata.id`), e.g. `/redfish/v1/EventService/Subscriptions/5`.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"subscription_id": schema.StringAttribute{
			MarkdownDescription: "The subscription's Redfish `Id`, e.g. `5`.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"name": schema.StringAttribute{
			MarkdownDescription: "The subscription's Redfish `Name`, chosen by the BMC.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"status": schema.StringAttribute{
			MarkdownDescription: "The subscription's `Status.State` as the BMC reports it (`Enabled`, `Disabled`…; empty when the BMC does not report it). " +
				"A subscription the BMC has `Disabled` (for example after failed deliveries with `delivery_retry_policy = \"SuspendRetries\"`) " +
				"no longer delivers events, so the next plan replaces it.",
			Computed:      true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"endpoint": schema.StringAttribute{
			MarkdownDescription: "The BMC this subscription lives on: `bmc.endpoint` when set, else the provider's `endpoint`, " +
				"normalised (no trailing slash or `/redfish/v1`). When it changes, the subscription is replaced.",
			Computed: true,
		},
		"bmc": resourceBMCAttribute(),
		"http_headers": schema.MapAttribute{
			MarkdownDescription: "HTTP headers the BMC sends with every event POST, e.g. `{ Authorization = \"Bearer ...\" }`. " +
				"Redfish property `HttpHeaders`, sent as the schema's array of objects. The BMC never reads them back, so they are kept " +
				"in state as written (marked sensitive); prefer `http_headers_wo`, which keeps them out of state. Changing it replaces the subscription.",
			ElementType: types.StringType,
			Optional:    true,
			Sensitive:   true,
			Validators: []validator.Map{
				mapvalidator.KeysAre(httpHeaderNameValidator{}),
				mapvalidator.ValueStringsAre(httpHeaderValueValidator{}),
			},
			PlanModifiers: []planmodifier.Map{replaceMap()},
		},
		"http_headers_wo": schema.MapAttribute{
			MarkdownDescription: "Write-only HTTP headers the BMC sends with every event POST: sent on create, never stored in plan or state. " +
				"Requires Terraform 1.11 or later. Since Terraform cannot see a change to it, bump `http_headers_wo_version` to replace " +
				"the subscription with new headers (for example after rotating a token). Conflicts with `http_headers`.",
			ElementType: types.StringType,
			Optional:    true,
			Sensitive:   true,
			WriteOnly:   true,
			Validators: []validator.Map{
				mapvalidator.KeysAre(httpHeaderNameValidator{}),
				mapvalidator.ValueStringsAre(httpHeaderValueValidator{}),
				mapvalidator.ConflictsWith(path.MatchRoot("http_headers")),
			},
		},
		"http_headers_wo_version": schema.Int64Attribute{
			MarkdownDescription: "Any number you change whenever `http_headers_wo` changes; changing it replaces the subscription so the new headers are sent.",
			Optional:            true,
			Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("http_headers_wo"))},
			PlanModifiers:       []planmodifier.Int64{replaceInt64()},
		},
	}
	for _, p := range subscriptionProperties {
		attrs[p.attr] = p.resourceAttribute()
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Redfish event subscription (`EventDestination`) on a BMC: the BMC POSTs the events that pass its filters " +
			"to `destination`. Every argument forces replacement, since BMCs do not reliably support changing a subscription in place. " +
			"A subscription deleted, changed or disabled outside Terraform shows up in the next plan.\n\n" +
			"Arguments left unset are not sent to the BMC; whatever the BMC then reports for them is recorded without causing a diff. " +
			"Removing an argument from the configuration therefore keeps the subscription as it is; set a new value to change it.",
		Attributes: attrs,
	}
}

func (r *eventSubscriptionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected Provider Data", "This is a bug in the provider; please report it.")
		return
	}
	r.data = data
}

// ValidateConfig checks what single-attribute validators cannot see: that
// the destination's scheme suits the protocol.
func (r *eventSubscriptionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config eventSubscriptionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// EventDestination v1_9_0: OEMProtocol "shall be present if Protocol is
	// OEM", and likewise OEMSubscriptionType for SubscriptionType OEM.
	requireOEMName(config.Protocol, config.OEMProtocol, "protocol", "oem_protocol", &resp.Diagnostics)
	requireOEMName(config.SubscriptionType, config.OEMSubscriptionType, "subscription_type", "oem_subscription_type", &resp.Diagnostics)

	destination, protocol := config.Destination, config.Protocol
	if destination.IsNull() || destination.IsUnknown() || protocol.IsUnknown() {
		return
	}
	proto := redfish.ProtocolRedfish
	if !protocol.IsNull() {
		proto = protocol.ValueString()
	}
	if problem := destinationSchemeProblem(proto, destination.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(path.Root("destination"), "Destination Does Not Fit Protocol",
			"The "+problem)
	}
}

func requireOEMName(kind, name types.String, kindAttr, nameAttr string, diags *diag.Diagnostics) {
	if kind.ValueString() == "OEM" && name.IsNull() {
		diags.AddAttributeError(path.Root(nameAttr), "Missing "+nameAttr,
			"With "+kindAttr+" = \"OEM\", Redfish requires the vendor's name for it: set "+nameAttr+".")
	}
}

// ModifyPlan works out which BMC the subscription lives on, and replaces it
// when that changes or when the BMC has disabled it.
func (r *eventSubscriptionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return // destroy, or the provider is not configured yet (validation)
	}
	var planBMC types.Object
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("bmc"), &planBMC)...)
	override, diags := bmcFromObject(ctx, planBMC)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	planned := types.StringUnknown()
	if endpoint, known := effectiveEndpoint(r.data.defaults, override); known && !planBMC.IsUnknown() {
		planned = types.StringValue(endpoint)
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("endpoint"), planned)...)

	if req.State.Raw.IsNull() {
		return // create
	}
	var prior eventSubscriptionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !planned.Equal(prior.Endpoint) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("endpoint"))
	}
	if strings.EqualFold(prior.Status.ValueString(), statusNeedingReplacement) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("status"))
	}
}

func (r *eventSubscriptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan eventSubscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var writeOnlyHeaders types.Map
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("http_headers_wo"), &writeOnlyHeaders)...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, diags := r.client(ctx, plan.BMC, "")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	sub, diags := plan.toRedfish(ctx)
	resp.Diagnostics.Append(diags...)
	headers, diags := httpHeaders(ctx, plan.HTTPHeaders, writeOnlyHeaders)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	sub.HTTPHeaders = headers
	secrets := headerValues(headers)
	ctx = tflog.SetField(ctx, "endpoint", client.Endpoint())
	ctx = tflog.MaskMessageStrings(ctx, secrets...)
	// The destination is not logged: webhook URLs often carry a token.
	tflog.Debug(ctx, "creating event subscription")
	id, err := client.CreateSubscription(ctx, sub)
	if id != "" {
		// The subscription exists from here on: record it at once, so that any
		// failure below leaves a tainted resource, never an orphan on the BMC.
		plan.Endpoint = types.StringValue(client.Endpoint())
		recordCreated(&plan, id)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	}
	if err != nil {
		resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot Create Event Subscription", client.Endpoint(), err, secrets...)...)
		return
	}

	created, err := client.GetSubscription(ctx, id)
	if err != nil {
		resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot Read Created Event Subscription", client.Endpoint(), err)...)
		return
	}
	tflog.Info(ctx, "created event subscription", map[string]any{"subscription": id})
	resp.Diagnostics.Append(unreportedPropertyWarnings(sub, created)...)
	planned := plan.subscriptionPropertiesModel
	plan.setReadOnly(created)
	plan.setFromRedfish(created, planned)
	resp.Diagnostics.Append(storedDifferently(client.Endpoint(), planned, plan.subscriptionPropertiesModel)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// recordCreated fills what state needs once only the id is known: no value
// may stay unknown in state.
func recordCreated(m *eventSubscriptionModel, id string) {
	m.ID = types.StringValue(id)
	m.SubscriptionID = types.StringValue(lastPathSegment(id))
	m.Name = types.StringNull()
	m.Status = types.StringNull()
	m.setFromRedfish(&redfish.Subscription{Destination: m.Destination.ValueString()}, m.subscriptionPropertiesModel)
}

func (r *eventSubscriptionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, client, diags := r.stateAndClient(ctx, req.State)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	sub, err := client.GetSubscription(ctx, state.ID.ValueString())
	if errors.Is(err, redfish.ErrNotFound) {
		tflog.Warn(ctx, "event subscription is gone from the BMC; removing it from state", map[string]any{
			"endpoint": client.Endpoint(), "subscription": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if errors.Is(err, redfish.ErrUnauthorized) && !state.BMC.IsNull() {
		// The credentials in state may have been rotated already: the
		// configuration's new ones reach state in Update, after this refresh.
		resp.Diagnostics.AddWarning("Cannot Refresh Event Subscription",
			"BMC "+client.Endpoint()+" rejected the credentials stored in state ("+err.Error()+"). "+
				"The subscription is kept as last read; if the configuration has new credentials, apply to store them.")
		return
	}
	if err != nil {
		resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot Read Event Subscription", client.Endpoint(), err)...)
		return
	}
	if !sameURI(sub.Destination, state.Destination.ValueString()) && !state.Destination.IsNull() {
		// Destination cannot be changed on a Redfish subscription: another
		// destination at this path is someone else's subscription (the BMC
		// reused the id after ours was deleted). Ours is gone; replacing
		// would delete theirs.
		tflog.Warn(ctx, "the BMC holds another subscription at this path; ours is gone", map[string]any{
			"endpoint": client.Endpoint(), "subscription": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	state.Endpoint = types.StringValue(client.Endpoint())
	state.setReadOnly(sub)
	state.setFromRedfish(sub, state.subscriptionPropertiesModel)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only ever changes how Terraform reaches the BMC (credentials, TLS
// settings in the bmc block): every argument of the subscription itself
// forces replacement, so the subscription is not changed, only read.
func (r *eventSubscriptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state eventSubscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Check the new settings with a read, so that a mistyped password fails
	// this apply rather than the next refresh.
	client, diags := r.client(ctx, plan.BMC, state.Endpoint.ValueString())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := client.GetSubscription(ctx, state.ID.ValueString()); err != nil {
		resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot Use New BMC Connection Settings", client.Endpoint(), err)...)
		return
	}
	if imported, _ := req.Private.GetKey(ctx, privateImported); imported != nil {
		// The first apply after an import adopts what the BMC could not
		// report (see replacement.go); the plan holds those values.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, nil)...)
		return
	}
	state.BMC = plan.BMC
	state.Endpoint = plan.Endpoint
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *eventSubscriptionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, client, diags := r.stateAndClient(ctx, req.State)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := client.DeleteSubscription(ctx, state.ID.ValueString()); err != nil {
		resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot Delete Event Subscription", client.Endpoint(), err)...)
		return
	}
	tflog.Info(ctx, "deleted event subscription", map[string]any{
		"endpoint": client.Endpoint(), "subscription": state.ID.ValueString()})
}

// ImportState accepts the subscription's full URL, or its path when the
// provider has an endpoint.
func (r *eventSubscriptionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	endpoint, id, err := redfish.ParseSubscriptionURL(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error())
		return
	}
	if endpoint == "" && r.data != nil {
		endpoint = normalizeEndpoint(r.data.defaults.Endpoint)
	}
	if endpoint == "" {
		resp.Diagnostics.AddError("Invalid Import ID",
			"The import ID "+quote(req.ID)+" is a path, but the provider has no endpoint to find it on. "+
				"Import with the full URL, such as https://10.0.0.5/redfish/v1/EventService/Subscriptions/5, "+
				"or set the provider's endpoint (or BMC_ENDPOINT).")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("endpoint"), endpoint)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateImported, []byte("true"))...)
}

// stateAndClient decodes the state and returns the client for the BMC the
// subscription lives on (its recorded endpoint, with the state's bmc block).
func (r *eventSubscriptionResource) stateAndClient(ctx context.Context, st tfsdk.State) (eventSubscriptionModel, *redfish.Client, diag.Diagnostics) {
	var state eventSubscriptionModel
	diags := st.Get(ctx, &state)
	if diags.HasError() {
		return state, nil, diags
	}
	client, d := r.client(ctx, state.BMC, state.Endpoint.ValueString())
	diags.Append(d...)
	return state, client, diags
}

// client returns the pooled Redfish client for a subscription's BMC.
func (r *eventSubscriptionResource) client(ctx context.Context, bmc types.Object, endpoint string) (*redfish.Client, diag.Diagnostics) {
	return pooledClient(ctx, r.data, bmc, endpoint)
}
