package provider

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

var (
	_ validator.Map    = uniqueHeaderNamesValidator{}
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

func (v endpointValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := endpointProblem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid BMC Endpoint", problem)
	}
}

// endpointProblem says what is wrong with a BMC endpoint, or "". It is the
// one check for the endpoint arguments, the bmc_credentials keys and
// BMC_ENDPOINT. It never repeats a URL's userinfo.
func endpointProblem(raw string) string {
	shown := quote(redfish.Redact(raw))
	u, err := url.Parse(strings.TrimSuffix(strings.TrimRight(strings.TrimSpace(raw), "/"), "/redfish/v1"))
	switch {
	case err != nil:
		return "The endpoint " + shown + " is not a URL (" + redfish.Redact(err.Error()) + "). Use the BMC's base URL, such as https://10.0.0.5."
	case u.User != nil:
		return "The endpoint " + shown + " has credentials in it (user:password@). Remove them from the URL: give the user " +
			"name in `username` and the password in `password` (or BMC_USERNAME and BMC_PASSWORD, or the provider's " +
			"bmc_credentials map), which are kept out of logs and, in the provider block, out of state."
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
		return "The endpoint " + shown + " must start with https:// (or http://) followed by the BMC's host name or address, such as https://10.0.0.5."
	case strings.Trim(u.Path, "/") != "" || u.RawQuery != "":
		return "The endpoint " + shown + " has a path; give only the scheme and host, such as https://10.0.0.5: Redfish paths are discovered from /redfish/v1."
	}
	return ""
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
	if problem := pemProblem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid CA Certificate", problem)
	}
}

// pemProblem says why s is not a PEM certificate, or ""; for the argument
// and BMC_CA_CERTIFICATE alike.
func pemProblem(s string) string {
	rest := []byte(s)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type == "CERTIFICATE" {
			return ""
		}
	}
	return "The value holds no PEM certificate block (-----BEGIN CERTIFICATE-----). " +
		"Pass the CA certificate in PEM form, for example with file(\"bmc-ca.pem\")."
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

// uniqueHeaderNamesValidator rejects a headers map with two names that
// differ only in case ("Authorization" and "authorization"): HTTP field
// names are case-insensitive (RFC 9110 §5.1), so a BMC would send both or
// keep either, and which one is not up to the user.
type uniqueHeaderNamesValidator struct{}

func (uniqueHeaderNamesValidator) Description(context.Context) string {
	return "header names must be unique regardless of case"
}

func (v uniqueHeaderNamesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (uniqueHeaderNamesValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	names := make([]string, 0, len(req.ConfigValue.Elements()))
	for name := range req.ConfigValue.Elements() {
		names = append(names, name)
	}
	if a, b, dup := duplicateHeaderName(names); dup {
		resp.Diagnostics.AddAttributeError(req.Path, "Duplicate HTTP Header Name",
			"The headers "+quote(a)+" and "+quote(b)+" differ only in case. HTTP header names are case-insensitive, "+
				"so they name one header and the BMC would send both or either; keep one of them.")
	}
}

// duplicateHeaderName returns the first two names that are equal ignoring case.
func duplicateHeaderName(names []string) (a, b string, dup bool) {
	slices.Sort(names)
	seen := map[string]string{}
	for _, n := range names {
		k := strings.ToLower(n)
		if first, ok := seen[k]; ok {
			return first, n, true
		}
		seen[k] = n
	}
	return "", "", false
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
