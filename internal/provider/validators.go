package provider

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"net/url"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

var (
	_ validator.String = endpointValidator{}
	_ validator.String = pemCertificateValidator{}
	_ validator.String = absoluteURIValidator{}
	_ validator.String = jsonObjectValidator{}
)

// endpointValidator accepts an http(s) URL with a host and nothing after it but
// an optional /redfish/v1.
type endpointValidator struct{}

func (endpointValidator) Description(context.Context) string {
	return "must be an http:// or https:// URL of a BMC, such as https://10.0.0.5"
}

func (v endpointValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v endpointValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	u, err := url.Parse(strings.TrimSuffix(strings.TrimRight(strings.TrimSpace(raw), "/"), "/redfish/v1"))
	switch {
	case err != nil:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid BMC Endpoint",
			"The endpoint "+quote(raw)+" is not a URL ("+err.Error()+"). Use the BMC's base URL, such as https://10.0.0.5.")
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid BMC Endpoint",
			"The endpoint "+quote(raw)+" must start with https:// (or http://) followed by the BMC's host name or address, such as https://10.0.0.5.")
	case strings.Trim(u.Path, "/") != "" || u.RawQuery != "":
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid BMC Endpoint",
			"The endpoint "+quote(raw)+" has a path; give only the scheme and host, such as https://10.0.0.5: Redfish paths are discovered from /redfish/v1.")
	}
}

// pemCertificateValidator checks that a CA certificate is PEM with at least one
// CERTIFICATE block, so a pasted DER file or a key is caught at plan time.
type pemCertificateValidator struct{}

func (pemCertificateValidator) Description(context.Context) string {
	return "must be a PEM-encoded certificate (-----BEGIN CERTIFICATE-----)"
}

func (v pemCertificateValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (pemCertificateValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	rest := []byte(req.ConfigValue.ValueString())
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type == "CERTIFICATE" {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid CA Certificate",
		"The value holds no PEM certificate block (-----BEGIN CERTIFICATE-----). "+
			"Pass the CA certificate in PEM form, for example with file(\"bmc-ca.pem\").")
}

// absoluteURIValidator checks that a value is an absolute URI (scheme and
// something after it). Which schemes fit which protocol is checked by the
// resource's ValidateConfig, which sees both attributes.
type absoluteURIValidator struct{}

func (absoluteURIValidator) Description(context.Context) string {
	return "must be an absolute URI, such as https://events.example.com/redfish"
}

func (v absoluteURIValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (absoluteURIValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	raw := req.ConfigValue.ValueString()
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || (u.Host == "" && u.Opaque == "") {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Destination",
			"The destination "+quote(raw)+" is not an absolute URI. Give the full URL the BMC should send events to, "+
				"such as https://events.example.com/redfish (or mailto:, snmp://, syslog:// for those protocols).")
	}
}

// jsonObjectValidator checks that a string is a JSON object.
type jsonObjectValidator struct{}

func (jsonObjectValidator) Description(context.Context) string {
	return "must be a JSON object, e.g. jsonencode({ Vendor = { ... } })"
}

func (v jsonObjectValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (jsonObjectValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &obj); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON Object",
			"The value is not a JSON object ("+err.Error()+"). Build it with jsonencode({ ... }).")
	}
}

// destinationSchemeProblem returns why destination does not fit protocol, or "".
func destinationSchemeProblem(protocol, destination string) string {
	schemes, ok := redfish.DestinationSchemes[protocol]
	if !ok {
		return ""
	}
	u, err := url.Parse(destination)
	if err != nil {
		return "" // absoluteURIValidator reports it
	}
	if slices.Contains(schemes, strings.ToLower(u.Scheme)) {
		return ""
	}
	return "protocol " + quote(protocol) + " sends to " + strings.Join(schemes, ": or ") +
		": destinations, but " + quote(destination) + " uses " + quote(u.Scheme+":") +
		". Change the destination's scheme or set `protocol` to the one that fits it."
}

// quotedList renders ["a","b"] as "`a`, `b`" for descriptions.
func quotedList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}

func quote(s string) string { return "\"" + s + "\"" }
