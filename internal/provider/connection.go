package provider

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rsschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// connectionSettings is the provider-level connection, after environment
// variables and defaults have been applied.
type connectionSettings struct {
	Endpoint        string
	EndpointUnknown bool
	Username        string
	Password        string
	Insecure        bool
	CACertificate   string
	AuthMethod      string
	Timeout         time.Duration
	MaxRetries      int
	RetryWait       time.Duration
	// Credentials is bmc_credentials, keyed by normalised endpoint.
	Credentials map[string]credentialsModel
}

// bmcModel is the optional per-resource `bmc` block that overrides the
// provider's connection, so that one configuration can for_each over a fleet.
type bmcModel struct {
	Endpoint      types.String `tfsdk:"endpoint"`
	Username      types.String `tfsdk:"username"`
	Password      types.String `tfsdk:"password"`
	Insecure      types.Bool   `tfsdk:"insecure"`
	CACertificate types.String `tfsdk:"ca_certificate"`
	AuthMethod    types.String `tfsdk:"auth_method"`
}

const bmcBlockDescription = "Connection to the BMC for this %s, overriding the provider's settings attribute by attribute " +
	"(an attribute left unset here falls back to the provider block and its environment variables). " +
	"Use it to `for_each` over a fleet of BMCs from one configuration."

// bmcAttributeDescriptions keeps the resource and data source `bmc` blocks documented alike.
var bmcAttributeDescriptions = map[string]string{
	"endpoint": "Base URL of the BMC's Redfish service, e.g. `https://10.0.0.5`. Overrides the provider's `endpoint`. " +
		"Credentials in the URL are refused: give them in `username` and `password`.",
	"username": "Redfish user name. Overrides the provider's `username` and the `bmc_credentials` entry's.",
	"password": "Redfish password. Overrides the provider's `bmc_credentials` entry for this endpoint and its `password`. " +
		"On a resource it is stored in state (marked sensitive) so that refresh and destroy can reach the BMC; the " +
		"provider's `bmc_credentials` keeps per-BMC passwords out of state.",
	"insecure": "Skip verification of the BMC's TLS certificate. Overrides the provider's `insecure`.",
	"ca_certificate": "PEM-encoded CA certificate that signed the BMC's TLS certificate. " +
		"Overrides the provider's `ca_certificate`.",
	"auth_method": quotedList(redfish.AuthMethods) + ". Overrides the provider's `auth_method` (default `auto`).",
}

// resourceBMCAttribute is the `bmc` block of bmc_event_subscription. Changing
// the endpoint moves the subscription to another BMC, so the resource's
// ModifyPlan replaces it; credentials and TLS settings only change how we talk
// to the same BMC and are updated in state without touching the subscription.
func resourceBMCAttribute() rsschema.SingleNestedAttribute {
	d := bmcAttributeDescriptions
	return rsschema.SingleNestedAttribute{
		MarkdownDescription: fmt.Sprintf(bmcBlockDescription, "subscription") +
			" Changing `endpoint` replaces the subscription; changing credentials or TLS settings updates state only.",
		Optional: true,
		Attributes: map[string]rsschema.Attribute{
			"endpoint": rsschema.StringAttribute{MarkdownDescription: d["endpoint"], Optional: true,
				Validators: []validator.String{endpointValidator}},
			"username": rsschema.StringAttribute{MarkdownDescription: d["username"], Optional: true},
			"password": rsschema.StringAttribute{MarkdownDescription: d["password"], Optional: true, Sensitive: true},
			"insecure": rsschema.BoolAttribute{MarkdownDescription: d["insecure"], Optional: true},
			"ca_certificate": rsschema.StringAttribute{MarkdownDescription: d["ca_certificate"], Optional: true,
				Validators: []validator.String{pemCertificateValidator}},
			"auth_method": rsschema.StringAttribute{MarkdownDescription: d["auth_method"], Optional: true,
				Validators: []validator.String{stringvalidator.OneOf(redfish.AuthMethods...)}},
		},
	}
}

// dataSourceBMCAttribute is the same block for the data source.
func dataSourceBMCAttribute() dsschema.SingleNestedAttribute {
	d := bmcAttributeDescriptions
	return dsschema.SingleNestedAttribute{
		MarkdownDescription: fmt.Sprintf(bmcBlockDescription, "data source"),
		Optional:            true,
		Attributes: map[string]dsschema.Attribute{
			"endpoint": dsschema.StringAttribute{MarkdownDescription: d["endpoint"], Optional: true,
				Validators: []validator.String{endpointValidator}},
			"username": dsschema.StringAttribute{MarkdownDescription: d["username"], Optional: true},
			"password": dsschema.StringAttribute{MarkdownDescription: d["password"], Optional: true, Sensitive: true},
			"insecure": dsschema.BoolAttribute{MarkdownDescription: d["insecure"], Optional: true},
			"ca_certificate": dsschema.StringAttribute{MarkdownDescription: d["ca_certificate"], Optional: true,
				Validators: []validator.String{pemCertificateValidator}},
			"auth_method": dsschema.StringAttribute{MarkdownDescription: d["auth_method"], Optional: true,
				Validators: []validator.String{stringvalidator.OneOf(redfish.AuthMethods...)}},
		},
	}
}

// bmcFromObject decodes the `bmc` attribute; nil when it is not set.
func bmcFromObject(obj types.Object) (*bmcModel, diag.Diagnostics) {
	if obj.IsNull() || obj.IsUnknown() {
		return nil, nil
	}
	var m bmcModel
	diags := decodeStruct(obj.Attributes(), &m) // not obj.As: see model_codec.go
	return &m, diags
}

// effectiveEndpoint is the endpoint a resource talks to: its own bmc.endpoint
// or else the provider's. known is false while either is unknown at plan time.
func effectiveEndpoint(defaults connectionSettings, override *bmcModel) (endpoint string, known bool) {
	if override != nil {
		if override.Endpoint.IsUnknown() {
			return "", false
		}
		if !override.Endpoint.IsNull() {
			return normalizeEndpoint(override.Endpoint.ValueString()), true
		}
	}
	if defaults.EndpointUnknown {
		return "", false
	}
	return normalizeEndpoint(defaults.Endpoint), true
}

// connectionConfig merges the provider's settings with a resource's `bmc`
// block. endpointOverride, when not empty, wins over both (an imported
// subscription knows its BMC from the URL it was imported with).
func connectionConfig(defaults connectionSettings, override *bmcModel, endpointOverride string) (redfish.ConnectionConfig, diag.Diagnostics) {
	var diags diag.Diagnostics
	cfg := redfish.ConnectionConfig{
		Endpoint:         defaults.Endpoint,
		Username:         defaults.Username,
		Password:         defaults.Password,
		Insecure:         defaults.Insecure,
		CACertificatePEM: defaults.CACertificate,
		AuthMethod:       redfish.AuthMethod(defaults.AuthMethod),
		Timeout:          defaults.Timeout,
		MaxRetries:       defaults.MaxRetries,
		RetryWait:        defaults.RetryWait,
	}
	if override != nil {
		overrideString(&cfg.Endpoint, override.Endpoint)
		overrideString(&cfg.Username, override.Username)
		overrideString(&cfg.Password, override.Password)
		overrideString(&cfg.CACertificatePEM, override.CACertificate)
		if !override.Insecure.IsNull() && !override.Insecure.IsUnknown() {
			cfg.Insecure = override.Insecure.ValueBool()
		}
		var auth string
		overrideString(&auth, override.AuthMethod)
		if auth != "" {
			cfg.AuthMethod = redfish.AuthMethod(auth)
		}
	}
	if endpointOverride != "" {
		cfg.Endpoint = endpointOverride
	}
	cfg.Endpoint = normalizeEndpoint(cfg.Endpoint)
	if c, ok := defaults.Credentials[cfg.Endpoint]; ok && (override == nil || override.Password.IsNull()) {
		// bmc_credentials: between the bmc block and the provider's own.
		cfg.Password = c.Password.ValueString()
		if !c.Username.IsNull() && (override == nil || override.Username.IsNull()) {
			cfg.Username = c.Username.ValueString()
		}
	}
	if cfg.Endpoint == "" {
		diags.AddAttributeError(path.Root("bmc").AtName("endpoint"), "No BMC Endpoint",
			"No BMC endpoint is configured. Set `endpoint` in the provider block, the BMC_ENDPOINT environment "+
				"variable, or `bmc.endpoint` on this resource or data source.")
	}
	return cfg, diags
}

func overrideString(dst *string, v types.String) {
	if !v.IsNull() && !v.IsUnknown() {
		*dst = v.ValueString()
	}
}

// normalizeEndpoint is redfish.NormalizeEndpoint (lower-case host, no default
// port, no trailing slash or /redfish/v1), so that equal BMCs compare equal and
// a cosmetic edit of an endpoint does not replace subscriptions. An invalid
// endpoint is returned trimmed and without userinfo (it becomes the computed
// `endpoint` in the plan); the endpoint validator reports it.
func normalizeEndpoint(s string) string {
	if n, err := redfish.NormalizeEndpoint(s); err == nil {
		return n
	}
	return redfish.Redact(strings.TrimSpace(s))
}
