// Package provider is the Terraform side of terraform-provider-bmc: schemas,
// validators, plan modifiers, models and diagnostics. Everything it knows about
// Redfish comes from package redfish.
package provider

import (
	"context"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

var _ provider.Provider = (*bmcProvider)(nil)

// Defaults and ranges of the request settings, quoted in the attribute
// descriptions and applied alike to the arguments and to their environment
// variables.
const (
	defaultRequestTimeoutSeconds = 30
	defaultMaxRetries            = 3
	defaultRetryWaitSeconds      = 1
)

// intSetting is one whole-number provider argument and its environment variable.
type intSetting struct {
	attr, env string
	def       int64
	min, max  int64
}

var (
	requestTimeoutSetting = intSetting{"request_timeout_seconds", "BMC_REQUEST_TIMEOUT_SECONDS", defaultRequestTimeoutSeconds, 1, 3600}
	maxRetriesSetting     = intSetting{"max_retries", "BMC_MAX_RETRIES", defaultMaxRetries, 0, 20}
	retryWaitSetting      = intSetting{"retry_wait_seconds", "BMC_RETRY_WAIT_SECONDS", defaultRetryWaitSeconds, 0, 300}
)

func (s intSetting) validators() []validator.Int64 {
	return []validator.Int64{int64validator.Between(s.min, s.max)}
}

// New returns a constructor for the provider, as providerserver.Serve wants.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &bmcProvider{version: version}
	}
}

type bmcProvider struct {
	version string
}

// providerData is handed to every resource and data source. The pool is shared
// so that all of them reuse one client (and one session) per BMC.
type providerData struct {
	pool     *redfish.Pool
	defaults connectionSettings
	// inventory is this configuration's view of each BMC's subscriptions:
	// one per Configure, so that a listing never outlives the terraform
	// command that took it (in-process tests configure once per command).
	inventory *redfish.Inventory
	// adoptExisting is the adopt_existing_subscriptions setting.
	adoptExisting bool
	// tolerateUnreachable is the tolerate_unreachable_bmcs setting.
	tolerateUnreachable bool
	// capabilityChecks is the capability_checks setting.
	capabilityChecks string
}

func (p *bmcProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "bmc"
	resp.Version = p.version
}

func (p *bmcProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The `bmc` provider manages Redfish event subscriptions on baseboard management " +
			"controllers (iDRAC, iLO, XCC, OpenBMC, Supermicro and any other Redfish service), so that BMCs POST " +
			"hardware events to a URL of yours. The connection configured here is the default for every resource " +
			"and data source; each of them can override it with its own `bmc` block, which is how one " +
			"configuration manages a fleet.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "Base URL of the BMC's Redfish service, scheme and host, e.g. `https://10.0.0.5`. " +
					"Paths are discovered from `/redfish/v1`. Can also be set with the `BMC_ENDPOINT` environment variable. " +
					"Optional when every resource and data source sets `bmc.endpoint`. Credentials in the URL " +
					"(`https://user:password@host`) are refused: give them in `username` and `password`.",
				Optional:   true,
				Validators: []validator.String{endpointValidator},
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "Redfish user name. Can also be set with `BMC_USERNAME`. Leave unset for a BMC that needs no authentication.",
				Optional:            true,
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "Redfish password. Can also be set with `BMC_PASSWORD`. Provider configuration is never " +
					"stored in state or plan files, so this (like `bmc_credentials`) may be an ephemeral value.",
				Optional:  true,
				Sensitive: true,
			},
			"bmc_credentials": schema.MapNestedAttribute{
				MarkdownDescription: "Per-BMC credentials, keyed by endpoint (`https://10.0.0.5`, compared after the same " +
					"normalisation as `endpoint`). A resource or data source whose `bmc` block sets no `password` uses the " +
					"entry for its endpoint, before the provider's `username` and `password`. Unlike `bmc.password`, " +
					"which is stored in state (sensitive), provider configuration never reaches state or plan files, and " +
					"it accepts ephemeral values (for example from an ephemeral secrets-manager resource).",
				Optional: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"username": schema.StringAttribute{
							MarkdownDescription: "Redfish user name for this BMC; defaults to `bmc.username`, else the provider's `username`.",
							Optional:            true,
						},
						"password": schema.StringAttribute{
							MarkdownDescription: "Redfish password for this BMC.",
							Required:            true,
							Sensitive:           true,
						},
					},
				},
				Validators: []validator.Map{mapvalidator.KeysAre(endpointValidator)},
			},
			"insecure": schema.BoolAttribute{
				MarkdownDescription: "Skip verification of the BMC's TLS certificate. Defaults to `false`. " +
					"Can also be set with `BMC_INSECURE`. Prefer `ca_certificate` for BMCs with self-signed certificates.",
				Optional: true,
			},
			"ca_certificate": schema.StringAttribute{
				MarkdownDescription: "PEM-encoded CA certificate that signed the BMC's TLS certificate; when set, it is the only CA trusted. " +
					"Can also be set with `BMC_CA_CERTIFICATE`.",
				Optional:   true,
				Validators: []validator.String{pemCertificateValidator},
			},
			"auth_method": schema.StringAttribute{
				MarkdownDescription: "How to authenticate: " + quotedList(redfish.AuthMethods) + ". Defaults to `auto`: a " +
					"Redfish session when the BMC's service root links one (`Links.Sessions`), else HTTP Basic. `session` " +
					"always logs in to a session (logged out when Terraform is done) and sends its `X-Auth-Token`; `basic` " +
					"sends HTTP Basic credentials with every request. Can also be set with `BMC_AUTH_METHOD`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(redfish.AuthMethods...)},
			},
			"request_timeout_seconds": schema.Int64Attribute{
				MarkdownDescription: "Timeout of each HTTP request to a BMC, in seconds, " + requestTimeoutSetting.rangeText() +
					". Defaults to `" + strconv.Itoa(defaultRequestTimeoutSeconds) + "`. Can also be set with `BMC_REQUEST_TIMEOUT_SECONDS`.",
				Optional:   true,
				Validators: requestTimeoutSetting.validators(),
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How often a request is retried when the BMC is busy (503, 429) or unreachable; " +
					"reads and deletes are also retried on other server errors. A create is never repeated once the BMC may have acted on it. " +
					"From " + maxRetriesSetting.rangeText() + "; defaults to `" + strconv.Itoa(defaultMaxRetries) + "`. " +
					"Can also be set with `BMC_MAX_RETRIES`.",
				Optional:   true,
				Validators: maxRetriesSetting.validators(),
			},
			"adopt_existing_subscriptions": schema.BoolAttribute{
				MarkdownDescription: "When a `bmc_event_subscription` is created and the BMC already holds exactly one subscription " +
					"provably identical to it (same destination, context, protocol and filters, as far as the BMC reports them), " +
					"record that subscription instead of failing. Defaults to `false`: by default the create fails and names the " +
					"subscription's import ID, because the existing subscription may belong to another team or another Terraform " +
					"state, and two states owning one subscription would delete it from under each other. Turn it on to take over " +
					"subscriptions left behind by an interrupted apply. HTTP headers are never reported by BMCs, so an adopted " +
					"subscription keeps the headers it was created with. Can also be set with `BMC_ADOPT_EXISTING_SUBSCRIPTIONS`.",
				Optional: true,
			},
			"capability_checks": schema.StringAttribute{
				MarkdownDescription: "What a plan does when a `bmc_event_subscription` to create asks for something the BMC's " +
					"EventService says it does not support (a registry prefix, resource type, severity or event type it does not " +
					"list, or a feature whose `...Supported` flag is false): `warn` (the default) reports it on the attribute and " +
					"lets the apply try, since firmware sometimes supports more than it advertises; `error` fails the plan; `off` " +
					"does not check. The check reads the EventService the provider reads anyway; a BMC that cannot be reached within " +
					"5 seconds is not checked (the plan says so), one that rejects the credentials fails the plan. Can also be set " +
					"with `BMC_CAPABILITY_CHECKS`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(capabilityModes...)},
			},
			"tolerate_unreachable_bmcs": schema.BoolAttribute{
				MarkdownDescription: "When a refresh cannot reach a BMC at all (connection refused, no route, or no answer within " +
					"`request_timeout_seconds`), warn and keep the subscription's state as last read instead of failing the plan, " +
					"so that one rebooting or retired BMC does not block the plan of a whole fleet. A BMC that answers, even with an " +
					"error or a credentials failure, is never skipped. Defaults to `false`: a plan then shows every subscription as " +
					"it is now. Creates and deletes on an unreachable BMC still fail. Can also be set with `BMC_TOLERATE_UNREACHABLE_BMCS`.",
				Optional: true,
			},
			"retry_wait_seconds": schema.Int64Attribute{
				MarkdownDescription: "First wait between retries, in seconds, doubled after each retry; a `Retry-After` " +
					"header from the BMC takes precedence. From " + retryWaitSetting.rangeText() + "; defaults to `" +
					strconv.Itoa(defaultRetryWaitSeconds) + "`. Can also be set with `BMC_RETRY_WAIT_SECONDS`.",
				Optional:   true,
				Validators: retryWaitSetting.validators(),
			},
		},
	}
}

// providerModel maps the provider block.
type providerModel struct {
	// The connection arguments are the bmc block's.
	bmcModel
	RequestTimeoutSeconds types.Int64  `tfsdk:"request_timeout_seconds"`
	MaxRetries            types.Int64  `tfsdk:"max_retries"`
	RetryWaitSeconds      types.Int64  `tfsdk:"retry_wait_seconds"`
	AdoptExisting         types.Bool   `tfsdk:"adopt_existing_subscriptions"`
	TolerateUnreachable   types.Bool   `tfsdk:"tolerate_unreachable_bmcs"`
	CapabilityChecks      types.String `tfsdk:"capability_checks"`
	BMCCredentials        types.Map    `tfsdk:"bmc_credentials"`
}

// credentialsModel is one entry of bmc_credentials.
type credentialsModel struct {
	Username types.String `tfsdk:"username"`
	Password types.String `tfsdk:"password"`
}

func (p *bmcProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	settings := connectionSettings{
		Endpoint:      stringFromConfigOrEnv(cfg.Endpoint, "BMC_ENDPOINT"),
		Username:      stringFromConfigOrEnv(cfg.Username, "BMC_USERNAME"),
		Password:      stringFromConfigOrEnv(cfg.Password, "BMC_PASSWORD"),
		CACertificate: stringFromConfigOrEnv(cfg.CACertificate, "BMC_CA_CERTIFICATE"),
		AuthMethod:    stringFromConfigOrEnv(cfg.AuthMethod, "BMC_AUTH_METHOD"),
	}
	settings.EndpointUnknown = cfg.Endpoint.IsUnknown()
	// Known before any request, so that even an error about the endpoint
	// or a BMC quoting them cannot show them.
	redfish.RegisterCredentials(settings.Username, settings.Password)

	// The environment variables get the checks the arguments' validators make.
	if cfg.Endpoint.IsNull() && settings.Endpoint != "" {
		if problem := endpointProblem(settings.Endpoint); problem != "" {
			resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Invalid Environment Variable", "BMC_ENDPOINT: "+problem)
		}
	}
	if cfg.CACertificate.IsNull() && settings.CACertificate != "" {
		if problem := pemProblem(settings.CACertificate); problem != "" {
			resp.Diagnostics.AddAttributeError(path.Root("ca_certificate"), "Invalid Environment Variable", "BMC_CA_CERTIFICATE: "+problem)
		}
	}
	var ok bool
	if settings.Insecure, ok = boolFromConfigOrEnv(cfg.Insecure, "BMC_INSECURE", false, &resp.Diagnostics); !ok {
		return
	}
	adoptExisting, ok := boolFromConfigOrEnv(cfg.AdoptExisting, "BMC_ADOPT_EXISTING_SUBSCRIPTIONS", false, &resp.Diagnostics)
	if !ok {
		return
	}
	tolerateUnreachable, ok := boolFromConfigOrEnv(cfg.TolerateUnreachable, "BMC_TOLERATE_UNREACHABLE_BMCS", false, &resp.Diagnostics)
	if !ok {
		return
	}
	capabilityChecks := capabilityMode(cfg.CapabilityChecks, &resp.Diagnostics)
	if capabilityChecks == "" {
		return
	}
	timeout, ok1 := requestTimeoutSetting.fromConfigOrEnv(cfg.RequestTimeoutSeconds, &resp.Diagnostics)
	retries, ok2 := maxRetriesSetting.fromConfigOrEnv(cfg.MaxRetries, &resp.Diagnostics)
	wait, ok3 := retryWaitSetting.fromConfigOrEnv(cfg.RetryWaitSeconds, &resp.Diagnostics)
	if !ok1 || !ok2 || !ok3 {
		return
	}
	settings.Timeout = time.Duration(timeout) * time.Second
	settings.MaxRetries = int(retries)
	settings.RetryWait = time.Duration(wait) * time.Second

	if settings.AuthMethod != "" && !slices.Contains(redfish.AuthMethods, settings.AuthMethod) {
		resp.Diagnostics.AddAttributeError(path.Root("auth_method"), "Invalid Environment Variable",
			"BMC_AUTH_METHOD is "+strconv.Quote(settings.AuthMethod)+"; use one of "+quotedList(redfish.AuthMethods)+".")
	}
	settings.Credentials = credentialsFromConfig(ctx, cfg.BMCCredentials, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	data := &providerData{
		pool: sharedPool(), defaults: settings, inventory: redfish.NewInventory(),
		adoptExisting:       adoptExisting,
		tolerateUnreachable: tolerateUnreachable,
		capabilityChecks:    capabilityChecks,
	}
	resp.ResourceData = data
	resp.DataSourceData = data
}

func (p *bmcProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{newEventSubscriptionResource}
}

func (p *bmcProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newEventSubscriptionsDataSource}
}

// sharedPool is the process's one client pool: one Redfish client (and one
// session) per BMC and credential set, shared by every resource, data source
// and provider instance in this process. (Terraform starts one provider
// process per command; in-process acceptance tests configure many instances
// in one process, and BMCs cap concurrent sessions.)
var sharedPool = sync.OnceValue(func() *redfish.Pool {
	pool := redfish.NewPool()
	pool.SetLogger(tflogLogger)
	return pool
})

// Shutdown logs out of every Redfish session the provider opened. main calls
// it when Terraform stops the plugin: BMCs cap concurrent sessions (iDRAC and
// iLO at a handful), so sessions left to expire would lock out the next run.
func Shutdown(ctx context.Context) {
	sharedPool().Close(ctx)
}

// stringFromConfigOrEnv prefers the configuration, then the environment.
func stringFromConfigOrEnv(v types.String, env string) string {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

func boolFromConfigOrEnv(v types.Bool, env string, def bool, diags diagAdder) (bool, bool) {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueBool(), true
	}
	s := os.Getenv(env)
	if s == "" {
		return def, true
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		diags.AddError("Invalid Environment Variable", env+" is "+strconv.Quote(s)+"; set it to true or false.")
		return def, false
	}
	return b, true
}

// fromConfigOrEnv reads the setting from the configuration (its validator
// checked the range), else from its environment variable, checked against
// the same range, else the default.
func (s intSetting) fromConfigOrEnv(v types.Int64, diags diagAdder) (int64, bool) {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueInt64(), true
	}
	raw := os.Getenv(s.env)
	if raw == "" {
		return s.def, true
	}
	n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	if err != nil || n < s.min || n > s.max {
		diags.AddError("Invalid Environment Variable", s.env+" is "+strconv.Quote(raw)+"; set it to a whole number "+
			s.rangeText()+" (it stands for the provider's `"+s.attr+"`), or unset it for the default of "+
			strconv.FormatInt(s.def, 10)+".")
		return s.def, false
	}
	return n, true
}

func (s intSetting) rangeText() string {
	return "between " + strconv.FormatInt(s.min, 10) + " and " + strconv.FormatInt(s.max, 10)
}

// credentialsFromConfig reads bmc_credentials, keyed by normalised
// endpoint. Entries not known yet (plan time, values from resources not
// created yet) are left out until apply.
func credentialsFromConfig(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]credentialsModel {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	var raw map[string]credentialsModel
	diags.Append(m.ElementsAs(ctx, &raw, false)...)
	creds := make(map[string]credentialsModel, len(raw))
	for endpoint, c := range raw {
		if c.Password.IsUnknown() || c.Username.IsUnknown() {
			continue
		}
		redfish.RegisterCredentials(c.Username.ValueString(), c.Password.ValueString())
		key := normalizeEndpoint(endpoint)
		if _, dup := creds[key]; dup {
			diags.AddAttributeError(path.Root("bmc_credentials"), "Duplicate BMC Credentials",
				"Two entries of bmc_credentials name the same BMC, "+quote(key)+" (endpoints are compared after "+
					"normalisation: scheme and host case, default port, trailing slash or /redfish/v1). Keep one.")
			continue
		}
		creds[key] = c
	}
	return creds
}

// diagAdder is the part of diag.Diagnostics the helpers above need.
type diagAdder interface {
	AddError(summary, detail string)
}

// configuredData is the provider's data handed to a resource or data source
// by Configure; nil before the provider is configured (validation).
func configuredData(given any, diags *diag.Diagnostics) *providerData {
	if given == nil {
		return nil
	}
	data, ok := given.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data", "This is a bug in the provider; please report it.")
	}
	return data
}
