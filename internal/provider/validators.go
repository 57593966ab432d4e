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

var _ validator.Map = uniqueHeaderNamesValidator{}

// stringCheck is a string validator made of a function that says what is
// wrong with a value (or ""), so that each check is one function, used
// alike by its validator and by the environment variables that stand for
// the same argument.
type stringCheck struct {
	description string
	summary     string
	problem     func(string) string
}

var _ validator.String = stringCheck{}

func (c stringCheck) Description(context.Context) string { return c.description }

func (c stringCheck) MarkdownDescription(context.Context) string { return c.description }

func (c stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := c.problem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, c.summary, problem)
	}
}

var (
	// endpointValidator accepts an http(s) URL with a host and nothing after
	// it but an optional /redfish/v1.
	endpointValidator = stringCheck{"must be an http:// or https:// URL of a BMC, such as https://10.0.0.5",
		"Invalid BMC Endpoint", endpointProblem}
	// pemCertificateValidator checks that a CA certificate is PEM with at
	// least one CERTIFICATE block, so a pasted DER file or a key is caught
	// at plan time.
	pemCertificateValidator = stringCheck{"must be a PEM-encoded certificate (-----BEGIN CERTIFICATE-----)",
		"Invalid CA Certificate", pemProblem}
	// absoluteURIValidator checks that a value is an absolute URI. Which
	// schemes fit which protocol is checked by the resource's
	// ValidateConfig, which sees both attributes.
	absoluteURIValidator = stringCheck{"must be an absolute URI, such as https://events.example.com/redfish",
		"Invalid Destination", absoluteURIProblem}
	jsonObjectValidator = stringCheck{"must be a JSON object, e.g. jsonencode({ Vendor = { ... } })",
		"Invalid JSON Object", jsonObjectProblem}
	// httpHeaderNameValidator rejects header names a BMC would refuse or
	// that would corrupt the event POST (spaces, colons, empty names).
	httpHeaderNameValidator = stringCheck{"must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)",
		"Invalid HTTP Header Name", httpHeaderNameProblem}
	// httpHeaderValueValidator rejects line breaks and NUL in header values
	// (a token read with file() keeps its trailing newline). Its message
	// never repeats the value: header values are secrets.
	httpHeaderValueValidator = stringCheck{"must not contain line breaks or NUL characters",
		"Invalid HTTP Header Value", httpHeaderValueProblem}
)

func absoluteURIProblem(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || (u.Host == "" && u.Opaque == "") {
		return "The destination " + quote(raw) + " is not an absolute URI. Give the full URL the BMC should send events to, " +
			"such as https://events.example.com/redfish (or mailto:, snmp://, syslog:// for those protocols)."
	}
	return ""
}

func jsonObjectProblem(raw string) string {
	var obj map[string]any
	if err := json.Unmarshal([]byte(raw), &obj); err != nil {
		return "The value is not a JSON object (" + err.Error() + "). Build it with jsonencode({ ... })."
	}
	return ""
}

// httpHeaderName is an RFC 9110 field name (a token).
var httpHeaderName = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

func httpHeaderNameProblem(name string) string {
	if !httpHeaderName.MatchString(name) {
		return "The header name " + quote(name) + " is not a valid HTTP header name: use letters, digits and - only " +
			"(for example Authorization or X-Api-Key), with no spaces or colon."
	}
	return ""
}

func httpHeaderValueProblem(value string) string {
	if strings.ContainsAny(value, "\r\n\x00") {
		return "The header value contains a line break or NUL character, which HTTP does not allow. " +
			"If it comes from a file, wrap it in trimspace(), e.g. trimspace(file(\"token\")). (The value is not shown: it may be a secret.)"
	}
	return ""
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
