package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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
	_ resource.ResourceWithIdentity       = (*eventSubscriptionResource)(nil)
)

func newEventSubscriptionResource() resource.Resource { return &eventSubscriptionResource{} }

type eventSubscriptionResource struct {
	data *providerData
}

// eventSubscriptionModel is the resource's state.
// The subscription's properties are not in it: see getModel.
type eventSubscriptionModel struct {
	readOnlyModel
	Endpoint             types.String `tfsdk:"endpoint"`
	BMC                  types.Object `tfsdk:"bmc"`
	HTTPHeaders          types.Map    `tfsdk:"http_headers"`
	HTTPHeadersWO        types.Map    `tfsdk:"http_headers_wo"`
	HTTPHeadersWOVersion types.Int64  `tfsdk:"http_headers_wo_version"`
	certificateModel
}

// statusDisabled is the Status.State of a subscription the BMC has stopped
// delivering to (SuspendRetries after failed deliveries, or an admin). The
// next plan resumes it in place where the BMC offers the
// #EventDestination.ResumeSubscription action (EventDestination v1_8_0), and
// replaces it where it does not.
const statusDisabled = "Disabled"

// privateResume holds the target of the ResumeSubscription action the member
// offered when last read (a JSON string); absent when it offered none.
const privateResume = "resume"

func writeResumeTarget(ctx context.Context, p privateSetter, target string) diag.Diagnostics {
	if target == "" {
		return p.SetKey(ctx, privateResume, nil)
	}
	raw, _ := json.Marshal(target)
	return p.SetKey(ctx, privateResume, raw)
}

func readResumeTarget(ctx context.Context, p privateState) string {
	raw, _ := p.GetKey(ctx, privateResume)
	var target string
	if len(raw) == 0 || json.Unmarshal(raw, &target) != nil {
		return ""
	}
	return target
}

func (r *eventSubscriptionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_event_subscription"
}

func (r *eventSubscriptionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = eventSubscriptionSchema()
}

// eventSubscriptionSchema is built once: the framework asks for the schema
// at every call, and a fleet's plan makes thousands.
var eventSubscriptionSchema = sync.OnceValue(func() schema.Schema {
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
				mapvalidator.KeysAre(httpHeaderNameValidator),
				mapvalidator.ValueStringsAre(httpHeaderValueValidator),
				uniqueHeaderNamesValidator{},
			},
			PlanModifiers: []planmodifier.Map{replaceMapUnlessAdopting()},
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
				mapvalidator.KeysAre(httpHeaderNameValidator),
				mapvalidator.ValueStringsAre(httpHeaderValueValidator),
				mapvalidator.ConflictsWith(path.MatchRoot("http_headers")),
				uniqueHeaderNamesValidator{},
			},
		},
		"http_headers_wo_version": schema.Int64Attribute{
			MarkdownDescription: "Any number you change whenever `http_headers_wo` changes; changing it replaces the subscription so the new headers are sent.",
			Optional:            true,
			Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("http_headers_wo"))},
			PlanModifiers:       []planmodifier.Int64{replaceInt64UnlessAdopting()},
		},
	}
	for _, p := range subscriptionProperties {
		attrs[p.Attr] = p.resourceAttribute()
	}
	maps.Copy(attrs, writeOnlyResourceAttributes())
	maps.Copy(attrs, certificateAttributes())
	return schema.Schema{
		MarkdownDescription: "A Redfish event subscription (`EventDestination`) on a BMC: the BMC POSTs the events that pass its filters " +
			"to `destination`. Every argument forces replacement, since BMCs do not reliably support changing a subscription in place. " +
			"A subscription deleted, changed or disabled outside Terraform shows up in the next plan.\n\n" +
			"Arguments left unset are not sent to the BMC; whatever the BMC then reports for them is recorded without causing a diff. " +
			"Removing an argument from the configuration therefore keeps the subscription as it is; set a new value to change it.",
		Attributes: attrs,
	}
})

func (r *eventSubscriptionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks what single-attribute validators cannot see: that
// the destination's scheme suits the protocol.
func (r *eventSubscriptionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	props := propertyValues{}
	for _, name := range []string{"protocol", "oem_protocol", "subscription_type", "oem_subscription_type", "destination"} {
		v, diags := stringAttribute(ctx, req.Config.Raw, name)
		resp.Diagnostics.Append(diags...)
		props[name] = v
	}
	if resp.Diagnostics.HasError() {
		return
	}
	// EventDestination v1_9_0: OEMProtocol "shall be present if Protocol is
	// OEM", and likewise OEMSubscriptionType for SubscriptionType OEM.
	requireOEMName(props.String("protocol"), props.String("oem_protocol"), "protocol", "oem_protocol", &resp.Diagnostics)
	requireOEMName(props.String("subscription_type"), props.String("oem_subscription_type"), "subscription_type", "oem_subscription_type", &resp.Diagnostics)

	destination, protocol := props.String("destination"), props.String("protocol")
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
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	if !req.State.Raw.IsNull() && !req.Plan.Raw.Equal(req.State.Raw) {
		resp.Diagnostics.Append(r.planPropertyChanges(ctx, req, resp)...)
	}
	if r.data == nil {
		return // the provider is not configured yet (validation)
	}
	planBMCValue, diags := attribute(ctx, req.Plan.Raw, "bmc")
	resp.Diagnostics.Append(diags...)
	planBMC, _ := planBMCValue.(types.Object)
	override, diags := bmcFromObject(planBMC)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	planned := types.StringUnknown()
	if endpoint, known := effectiveEndpoint(r.data.defaults, override); known && !planBMC.IsUnknown() {
		planned = types.StringValue(endpoint)
	}
	resp.Diagnostics.Append(setPlanAttribute(ctx, resp, "endpoint", planned)...)

	if req.State.Raw.IsNull() {
		if !planned.IsUnknown() {
			resp.Diagnostics.Append(r.checkCapabilities(ctx, req, planBMC, planned.ValueString())...)
		}
		return // create
	}
	// Two attributes of the state, not the whole model: a fleet's plan
	// makes this call for every resource (see internal/bench).
	var prior struct{ Endpoint, Status types.String }
	prior.Endpoint, diags = stringAttribute(ctx, req.State.Raw, "endpoint")
	resp.Diagnostics.Append(diags...)
	prior.Status, diags = stringAttribute(ctx, req.State.Raw, "status")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !planned.Equal(prior.Endpoint) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("endpoint"))
	}
	if !planned.IsUnknown() {
		// Read keeps the state when the BMC rejects the state's credentials
		// (a rotation in progress); the configured ones must work.
		resp.Diagnostics.Append(checkConfiguredCredentials(ctx, r.data, planBMC, planned.ValueString())...)
	}
	if strings.EqualFold(prior.Status.ValueString(), statusDisabled) {
		resp.Diagnostics.Append(setPlanAttribute(ctx, resp, "status", types.StringUnknown())...)
		if readResumeTarget(ctx, req.Private) == "" {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("status"))
		}
	}
	if len(resp.RequiresReplace) > 0 && !planned.IsUnknown() {
		resp.Diagnostics.Append(r.checkCapabilities(ctx, req, planBMC, planned.ValueString())...)
	}
}

// setPlanAttribute sets one attribute of the plan, unless it already holds
// that value (as the endpoint of an unchanged resource does). It works on
// the raw plan: Plan.SetAttribute walks the whole value through the schema
// (see model_codec.go).
func setPlanAttribute(ctx context.Context, resp *resource.ModifyPlanResponse, name string, v attr.Value) diag.Diagnostics {
	current, diags := attribute(ctx, resp.Plan.Raw, name)
	if diags.HasError() || current.Equal(v) {
		return diags
	}
	resp.Plan.Raw, diags = withAttribute(ctx, resp.Plan.Raw, name, v)
	return diags
}

// planPropertyChanges applies planProperties to an update's plan.
func (r *eventSubscriptionResource) planPropertyChanges(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) diag.Diagnostics {
	var config, state, plan eventSubscriptionModel
	configProps, diags := getModel(ctx, req.Config.Raw, &config)
	stateProps, d := getModel(ctx, req.State.Raw, &state)
	diags.Append(d...)
	planProps, d := getModel(ctx, req.Plan.Raw, &plan)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	changed, replace := planProperties(configProps, stateProps, planProps, readImportMark(ctx, req.Private) != nil)
	for name, v := range changed {
		diags.Append(setPlanAttribute(ctx, resp, name, v)...)
	}
	resp.RequiresReplace = append(resp.RequiresReplace, replace...)
	return diags
}

// privateFingerprint holds redfish.Fingerprint of what the BMC last reported
// about this subscription, while it was provably ours: Read and Delete
// compare the member at our path with it (see redfish.View.Delete).
const privateFingerprint = "fingerprint"

func (r *eventSubscriptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan eventSubscriptionModel
	props, diags := getModel(ctx, req.Plan.Raw, &plan)
	resp.Diagnostics.Append(diags...)
	var config eventSubscriptionModel
	configProps, diags := getModel(ctx, req.Config.Raw, &config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	view, diags := r.view(ctx, plan.BMC, "")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := view.Client()
	sub := props.toRedfish()
	propertySecrets := configProps.withSecrets(&sub)
	redfish.RegisterSecrets(propertySecrets...)
	headers, diags := httpHeaders(ctx, plan.HTTPHeaders, config.HTTPHeadersWO)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	sub.HTTPHeaders = headers
	secrets := append(headerValues(headers), propertySecrets...)
	ctx = tflog.SetField(ctx, "endpoint", client.Endpoint())
	ctx = tflog.MaskMessageStrings(ctx, secrets...)
	// The destination is not logged: webhook URLs often carry a token.
	tflog.Debug(ctx, "creating event subscription")
	created, err := view.Create(ctx, sub, redfish.CreateOptions{AdoptExisting: r.data.adoptExisting})
	if created.ODataID != "" {
		// The subscription exists from here on: record it at once, so that any
		// failure below leaves a tainted resource, never an orphan on the BMC.
		plan.Endpoint = types.StringValue(client.Endpoint())
		recordCreated(&plan, created.ODataID)
		resp.Diagnostics.Append(setModel(ctx, &resp.State, &plan, setFromRedfish(&sub, props))...)
	}
	if err != nil && created.ODataID != "" {
		resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot Read Created Event Subscription", client.Endpoint(), err, secrets...)...)
		return
	}
	if err != nil && redfish.IsSubscriptionCap(err) {
		resp.Diagnostics.Append(capDiagnostic(ctx, view, err, secrets)...)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(createErrorDiagnostic(client.Endpoint(), err, secrets)...)
		return
	}
	if created.Adopted != "" {
		resp.Diagnostics.AddWarning("Existing Event Subscription Recorded",
			fmt.Sprintf("BMC %s: this resource now manages the existing subscription %s (%s). It is provably identical "+
				"to the configuration in every property the BMC reports; HTTP headers cannot be checked, since BMCs never report them.",
				client.Endpoint(), created.ODataID, created.Adopted))
	}
	tflog.Info(ctx, "created event subscription", map[string]any{"subscription": created.ODataID})
	reported := created.Reported
	resp.Diagnostics.Append(unreportedPropertyWarnings(sub, reported)...)
	plan.setReadOnly(reported)
	stored := setFromRedfish(reported, props)
	resp.Diagnostics.Append(storedDifferently(client.Endpoint(), props, stored)...)
	resp.Diagnostics.Append(setModel(ctx, &resp.State, &plan, stored)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.Endpoint, plan.SubscriptionID)...)
	// The certificate collections exist only now; a failure here leaves
	// the subscription in state, tainted, never an orphan.
	resp.Diagnostics.Append(applyCertificates(ctx, client, reported, plan.certificateModel, nil, config.ClientKeyWO.ValueString())...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateFingerprint, []byte(redfish.Fingerprint(*reported)))...)
}

// recordCreated fills what state needs once only the id is known: no value
// may stay unknown in state (the properties: setFromRedfish of what was sent).
func recordCreated(m *eventSubscriptionModel, id string) {
	m.ID = types.StringValue(id)
	m.SubscriptionID = types.StringValue(lastPathSegment(id))
	m.Name = types.StringNull()
	m.Status = types.StringNull()
}

func (r *eventSubscriptionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state eventSubscriptionModel
	props, diags := getModel(ctx, req.State.Raw, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Every Read that keeps the resource must return its identity, the
	// ones that keep the state as last read (a BMC down, credentials being
	// rotated) included; state written by Terraform before 1.12 has none.
	subscriptionID := state.SubscriptionID
	if subscriptionID.IsNull() && state.ID.ValueString() != "" {
		subscriptionID = types.StringValue(lastPathSegment(state.ID.ValueString())) // imported by URL
	}
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.Endpoint, subscriptionID)...)
	client, keep, diags := refreshClient(ctx, r.data, state.BMC, state.Endpoint.ValueString())
	resp.Diagnostics.Append(diags...)
	if keep || resp.Diagnostics.HasError() {
		return
	}
	view := r.data.inventory.View(client)
	id := state.ID.ValueString()
	if id == "" {
		// Imported by identity: the path is the member of this BMC's
		// Subscriptions collection with that Id.
		id, err := memberPath(ctx, client, state.SubscriptionID.ValueString())
		if err != nil {
			resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot Read Event Subscription", client.Endpoint(), err)...)
			return
		}
		state.ID = types.StringValue(id)
	}
	id = state.ID.ValueString()
	sub, err := view.Get(ctx, id)
	var notSub *redfish.NotSubscriptionError
	switch {
	case errors.As(err, &notSub):
		resp.Diagnostics.AddError("Not an Event Subscription",
			fmt.Sprintf("BMC %s: %s. This resource manages one event subscription, a member of the EventService's "+
				"Subscriptions collection, and acts on nothing else: nothing was changed or deleted on the BMC. If this "+
				"ID was imported by mistake, remove it from state with `terraform state rm <address>`; to find the "+
				"subscription to import, list them with the bmc_event_subscriptions data source.", client.Endpoint(), notSub.Error()))
		return
	case errors.Is(err, redfish.ErrNotFound):
		tflog.Warn(ctx, "event subscription is gone from the BMC; removing it from state", map[string]any{
			"endpoint": client.Endpoint(), "subscription": id})
		resp.State.RemoveResource(ctx)
		return
	case err != nil && unreachableTolerated(r.data, client.Endpoint(), err, &resp.Diagnostics):
		return
	case err != nil && staleCredentials(client.Endpoint(), state.BMC, err, &resp.Diagnostics):
		// The credentials in state may have been rotated already: the
		// configuration's new ones reach state in Update, after this refresh.
		return
	case err != nil:
		resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot Read Event Subscription", client.Endpoint(), err)...)
		return
	}
	fingerprint, _ := req.Private.GetKey(ctx, privateFingerprint)
	if destination := props.String("destination"); !destination.IsNull() && !redfish.SameDestinationAtPath(destination.ValueString(), sub.Destination) &&
		(len(fingerprint) == 0 || redfish.Fingerprint(*sub) != string(fingerprint)) {
		// Destination cannot be changed on a Redfish subscription: another
		// destination at this path is someone else's subscription (the BMC
		// reused the id after ours was deleted). Ours is gone; replacing
		// would delete theirs.
		resp.Diagnostics.AddWarning("Event Subscription Gone",
			fmt.Sprintf("BMC %s now holds a different subscription at %s (to %s): this resource's subscription was deleted "+
				"and the BMC reused its id. The other subscription is left alone; the next apply creates this one again.",
				client.Endpoint(), id, redfish.RedactedURI(sub.Destination)))
		resp.State.RemoveResource(ctx)
		return
	}
	state.Endpoint = types.StringValue(client.Endpoint())
	state.setReadOnly(sub)
	if err := readCertificates(ctx, client, sub, &state.certificateModel); err != nil {
		resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot Read Subscription Certificates", client.Endpoint(), err)...)
		return
	}
	resp.Diagnostics.Append(setModel(ctx, &resp.State, &state, setFromRedfish(sub, props))...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.Endpoint, state.SubscriptionID)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateFingerprint, []byte(redfish.Fingerprint(*sub)))...)
	resp.Diagnostics.Append(writeResumeTarget(ctx, resp.Private, sub.ResumeTarget)...)
	if m := readImportMark(ctx, req.Private); m != nil {
		resp.Diagnostics.Append(writeImportMark(ctx, resp.Private, settleImportMark(m))...)
	}
}

// Update changes how Terraform reaches the BMC (credentials, TLS settings in
// the bmc block), adopts headers after an import, resumes a subscription the
// BMC has disabled, and updates the subscription's certificate collections:
// every property of the subscription itself forces replacement.
func (r *eventSubscriptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state eventSubscriptionModel
	planProps, diags := getModel(ctx, req.Plan.Raw, &plan)
	resp.Diagnostics.Append(diags...)
	props, diags := getModel(ctx, req.State.Raw, &state)
	resp.Diagnostics.Append(diags...)
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
	current, err := client.GetSubscription(ctx, state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot Use New BMC Connection Settings", client.Endpoint(), err)...)
		return
	}
	resume := strings.EqualFold(current.State, statusDisabled) && current.ResumeTarget != ""
	if resume || plan.wantsCertificates() || state.wantsCertificates() {
		// About to act on the member at our id: it must provably be ours
		// (the id may have been reused since the plan's refresh).
		fingerprint, _ := req.Private.GetKey(ctx, privateFingerprint)
		if !redfish.ProvablyOurs(props.toRedfish(), *current, string(fingerprint)) {
			resp.Diagnostics.AddError("Event Subscription Not Provably This Resource's",
				fmt.Sprintf("BMC %s holds at %s a subscription (to %s) that cannot be proven to be this resource's: its id may "+
					"have been reused since the plan. Nothing was changed on it. Run terraform plan again: the refresh finds "+
					"out whether this resource's subscription is still there, and plans to create it again if not.",
					client.Endpoint(), current.ODataID, redfish.RedactedURI(current.Destination)))
			return
		}
	}
	if resume {
		resumed, err := r.data.inventory.View(client).Resume(ctx, current)
		if err != nil {
			resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot Resume Event Subscription", client.Endpoint(), err)...)
			return
		}
		tflog.Info(ctx, "resumed event subscription", map[string]any{"endpoint": client.Endpoint(), "subscription": resumed.ODataID})
		current = resumed
	}
	state.Status = types.StringValue(current.State)
	key, diags := stringAttribute(ctx, req.Config.Raw, "client_key_wo")
	resp.Diagnostics.Append(diags...)
	prior := state.certificateModel
	resp.Diagnostics.Append(applyCertificates(ctx, client, current, plan.certificateModel, &prior, key.ValueString())...)
	if resp.Diagnostics.HasError() {
		return
	}
	state.Certificates, state.ClientCertificate = plan.Certificates, plan.ClientCertificate
	state.ClientKeyWOVersion = plan.ClientKeyWOVersion
	if readImportMark(ctx, req.Private) != nil {
		// The first apply after an import adopts the headers and their
		// version, which the BMC could not report (see replacement.go).
		state.HTTPHeaders = plan.HTTPHeaders
		state.HTTPHeadersWOVersion = plan.HTTPHeadersWOVersion
		for _, name := range versionAttributes() {
			props[name] = planProps[name]
		}
		resp.Diagnostics.Append(writeImportMark(ctx, resp.Private, nil)...)
	}
	state.BMC = plan.BMC
	state.Endpoint = plan.Endpoint
	resp.Diagnostics.Append(setModel(ctx, &resp.State, &state, props)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.Endpoint, state.SubscriptionID)...)
}

func (r *eventSubscriptionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state eventSubscriptionModel
	props, diags := getModel(ctx, req.State.Raw, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	view, diags := r.view(ctx, state.BMC, state.Endpoint.ValueString())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := view.Client()
	ours := props.toRedfish()
	fingerprint, _ := req.Private.GetKey(ctx, privateFingerprint)
	notOurs, err := view.Delete(ctx, state.ID.ValueString(), ours, string(fingerprint))
	var notSub *redfish.NotSubscriptionError
	switch {
	case errors.As(err, &notSub):
		resp.Diagnostics.AddWarning("Not an Event Subscription",
			fmt.Sprintf("BMC %s: %s. Nothing was deleted; the resource is removed from state.", client.Endpoint(), notSub.Error()))
		return
	case err != nil:
		resp.Diagnostics.Append(bmcErrorDiagnostic("Cannot Delete Event Subscription", client.Endpoint(), err)...)
		return
	case notOurs != "":
		resp.Diagnostics.AddWarning("Event Subscription Already Gone",
			notOurs+". This resource's own subscription is no longer on the BMC, so there was nothing to delete.")
		return
	}
	tflog.Info(ctx, "deleted event subscription", map[string]any{
		"endpoint": client.Endpoint(), "subscription": state.ID.ValueString()})
}

// ImportState accepts the subscription's full URL, or its path when the
// provider has an endpoint. The Read that follows checks that the path is a
// member of the BMC's Subscriptions collection and an EventDestination.
func (r *eventSubscriptionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" && req.Identity != nil {
		r.importByIdentity(ctx, req, resp)
		return
	}
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
	resp.Diagnostics.Append(writeImportMark(ctx, resp.Private, &importMark{})...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, types.StringValue(endpoint), types.StringValue(lastPathSegment(id)))...)
}

// view returns this configuration's view of a subscription's BMC.
func (r *eventSubscriptionResource) view(ctx context.Context, bmc types.Object, endpoint string) (*redfish.View, diag.Diagnostics) {
	client, diags := r.client(ctx, bmc, endpoint)
	if diags.HasError() {
		return nil, diags
	}
	return r.data.inventory.View(client), diags
}

// client returns the pooled Redfish client for a subscription's BMC.
func (r *eventSubscriptionResource) client(ctx context.Context, bmc types.Object, endpoint string) (*redfish.Client, diag.Diagnostics) {
	return pooledClient(ctx, r.data, bmc, endpoint)
}

// createErrorDiagnostic explains a failed create: a subscription that
// already exists, or a create whose outcome cannot be proven, name every
// subscription involved with its import ID, since the provider will not take
// any of them over on a guess.
func createErrorDiagnostic(endpoint string, err error, secrets []string) diag.Diagnostics {
	var exists *redfish.ExistsError
	var ambiguous *redfish.AmbiguousCreateError
	switch {
	case errors.As(err, &exists):
		var diags diag.Diagnostics
		detail := fmt.Sprintf("BMC %s already holds a subscription identical to this one in every property it reports: %s.\n\n"+
			"Creating another would deliver every event twice, and it may belong to another team or another Terraform "+
			"state, so the provider does not take it over on its own.", endpoint, strings.Join(importIDs(endpoint, exists.IDs), ", "))
		if exists.Claimed {
			detail += " Another resource of this configuration has just created it: give the two resources different " +
				"arguments (a different context, for example)."
		} else {
			detail += "\n\nIf it is this resource's (left behind by an interrupted apply, for example), import it:\n\n" +
				importTemplate(endpoint, exists.IDs[0]) +
				"\n\nor set adopt_existing_subscriptions = true in the provider block to let the provider record such a " +
				"subscription by itself. If it is someone else's, give this resource a different destination or context. " +
				"(create_before_destroy cannot work with this resource: the new subscription would be identical to the old one.)"
		}
		diags.AddError("Event Subscription Already Exists", redfish.Redact(detail))
		return diags
	case errors.As(err, &ambiguous) && len(ambiguous.Candidates) > 0:
		diags := bmcErrorDiagnostic("Cannot Create Event Subscription", endpoint, err, secrets...)
		var d diag.Diagnostics
		d.AddError("Cannot Tell Which Subscription Is This Resource's",
			"These subscriptions identical to this resource appeared on BMC "+endpoint+" while it was being created: "+
				strings.Join(importIDs(endpoint, ambiguous.Candidates), ", ")+". One may be this resource's; the others may "+
				"belong to another Terraform run that applied the same configuration at the same time. Nothing was recorded "+
				"or deleted. Find out which is this resource's and import it:\n\n"+importTemplate(endpoint, ambiguous.Candidates[0])+
				"\n\n(with its id), and leave the others to their owners, or delete them on the BMC.")
		return append(diags, d...)
	}
	if errors.As(err, &ambiguous) {
		// Whether the BMC created it is unknown; the next apply's duplicate
		// check finds out, and names it rather than creating a second one.
		err = fmt.Errorf("%w.\n\nRun terraform apply again: if the BMC did create the subscription after all, "+
			"the apply names it with its import ID instead of creating a second one", err)
	}
	return bmcErrorDiagnostic("Cannot Create Event Subscription", endpoint, err, secrets...)
}

// capDiagnostic explains a create refused because the BMC holds as many
// subscriptions as it can: how many it holds, and for each its id and where
// it sends events, as scheme://host:port only (a full destination can carry
// another team's token).
func capDiagnostic(ctx context.Context, view *redfish.View, err error, secrets []string) diag.Diagnostics {
	endpoint := view.Client().Endpoint()
	diags := bmcErrorDiagnostic("Cannot Create Event Subscription", endpoint, err, secrets...)
	subs, lerr := view.List(ctx)
	if lerr != nil {
		return diags
	}
	held := make([]string, 0, len(subs))
	for _, m := range subs {
		held = append(held, fmt.Sprintf("%s (%s)", m.ODataID, redfish.RedactedURI(m.Destination)))
	}
	diags.AddError("BMC Holds As Many Subscriptions As It Can",
		fmt.Sprintf("BMC %s holds %d event subscriptions and refuses more: %s.\n\nDelete one it no longer needs "+
			"(on the BMC, or with the Terraform configuration that manages it), then apply again.",
			endpoint, len(subs), strings.Join(held, ", ")))
	return diags
}

// importIDs turns subscription paths into import IDs (full URLs).
func importIDs(endpoint string, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = endpoint + id
	}
	return out
}

// importTemplate is an import block for a subscription. The provider cannot
// know the resource's address, so it is a placeholder.
func importTemplate(endpoint, id string) string {
	return fmt.Sprintf("  import {\n    to = bmc_event_subscription.<name>\n    id = %q\n  }", endpoint+id)
}

// staleCredentials adds the warning and reports true when err is the BMC
// rejecting the credentials in state's bmc block (see staleCredentialsWarning).
func staleCredentials(endpoint string, stateBMC types.Object, err error, diags *diag.Diagnostics) bool {
	w, ok := staleCredentialsWarning(endpoint, stateBMC, err)
	if ok {
		diags.Append(w...)
	}
	return ok
}
