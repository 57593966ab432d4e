package provider

import (
	"context"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// pooledClient resolves the connection (provider defaults, then the `bmc`
// block, then endpointOverride) and returns the shared client for it.
func pooledClient(ctx context.Context, data *providerData, bmc types.Object, endpointOverride string) (*redfish.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		diags.AddError("Provider Not Configured", "The bmc provider was not configured before use. This is a bug in the provider; please report it.")
		return nil, diags
	}
	override, d := bmcFromObject(ctx, bmc)
	diags.Append(d...)
	cfg, d := connectionConfig(data.defaults, override, endpointOverride)
	diags.Append(d...)
	if diags.HasError() {
		return nil, diags
	}
	if cfg.Password != "" {
		ctx = tflog.MaskMessageStrings(ctx, cfg.Password)
	}
	client, err := data.pool.Client(ctx, cfg)
	if err != nil {
		diags.Append(bmcErrorDiagnostic("Cannot Connect to BMC", cfg.Endpoint, err)...)
		return nil, diags
	}
	return client, diags
}

// httpHeaders merges the stored and write-only header maps (at most one is set:
// the schema makes them conflict) into the Redfish form, sorted for a stable payload.
func httpHeaders(ctx context.Context, stored, writeOnly types.Map) ([]redfish.HTTPHeader, diag.Diagnostics) {
	var diags diag.Diagnostics
	values := map[string]string{}
	for _, m := range []types.Map{stored, writeOnly} {
		if m.IsNull() || m.IsUnknown() {
			continue
		}
		var part map[string]string
		diags.Append(m.ElementsAs(ctx, &part, false)...)
		for k, v := range part {
			values[k] = v
		}
	}
	if len(values) == 0 {
		return nil, diags
	}
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	headers := make([]redfish.HTTPHeader, len(names))
	for i, n := range names {
		headers[i] = redfish.HTTPHeader{Name: n, Value: values[n]}
	}
	return headers, diags
}

// httpHeaderName is an RFC 9110 field name (a token).
var httpHeaderName = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

// httpHeaderNameValidator rejects header names a BMC would refuse or that
// would corrupt the event POST (spaces, colons, empty names).
type httpHeaderNameValidator struct{}

var _ validator.String = httpHeaderNameValidator{}

func (httpHeaderNameValidator) Description(context.Context) string {
	return "must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)"
}

func (v httpHeaderNameValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (httpHeaderNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if name := req.ConfigValue.ValueString(); !httpHeaderName.MatchString(name) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid HTTP Header Name",
			"The header name "+quote(name)+" is not a valid HTTP header name: use letters, digits and - only "+
				"(for example Authorization or X-Api-Key), with no spaces or colon.")
	}
}

// httpHeaderValueValidator rejects line breaks and NUL in header values (a
// token read with file() keeps its trailing newline). Its message never
// repeats the value: header values are secrets.
type httpHeaderValueValidator struct{}

var _ validator.String = httpHeaderValueValidator{}

func (httpHeaderValueValidator) Description(context.Context) string {
	return "must not contain line breaks or NUL characters"
}

func (v httpHeaderValueValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (httpHeaderValueValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if strings.ContainsAny(req.ConfigValue.ValueString(), "\r\n\x00") {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid HTTP Header Value",
			"The header value contains a line break or NUL character, which HTTP does not allow. "+
				"If it comes from a file, wrap it in trimspace(), e.g. trimspace(file(\"token\")). (The value is not shown: it may be a secret.)")
	}
}

// headerValues are the secrets to keep out of logs and diagnostics.
func headerValues(headers []redfish.HTTPHeader) []string {
	values := make([]string, 0, len(headers))
	for _, h := range headers {
		values = append(values, h.Value)
	}
	return values
}
