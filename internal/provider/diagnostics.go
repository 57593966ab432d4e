package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// bmcErrorDiagnostic turns an error from package redfish into a diagnostic
// that says which BMC, quotes the BMC's own messages (they are in err's text)
// and, where the BMC names the offending property, points at our attribute.
// Any of secrets found in the BMC's text (a BMC may echo a rejected header
// value) is replaced by "***".
func bmcErrorDiagnostic(summary, endpoint string, err error, secrets ...string) diag.Diagnostics {
	var diags diag.Diagnostics
	detail := redact(fmt.Sprintf("BMC %s: %s", endpoint, err.Error()), secrets)
	switch {
	case errors.Is(err, redfish.ErrNoEventService):
		detail += "\n\nThis Redfish service has no EventService, so it cannot send events (sushy-tools and some older " +
			"firmware are like this). Point the provider at a BMC whose firmware supports Redfish eventing."
	case errors.Is(err, redfish.ErrEventServiceDisabled):
		detail += "\n\nEnable the BMC's EventService (ServiceEnabled = true) in its web interface or with a Redfish PATCH, then apply again."
	case errors.Is(err, redfish.ErrUnauthorized):
		detail += "\n\nCheck the user name and password: `bmc.username`/`bmc.password` on the resource, else the provider's " +
			"`username`/`password` (or BMC_USERNAME/BMC_PASSWORD). The user needs a role that may configure the BMC's EventService."
	}
	if rfErr := redfish.AsError(err); rfErr != nil {
		if attr := blamedAttribute(rfErr); attr != "" {
			diags.AddAttributeError(path.Root(attr), summary, detail)
			return diags
		}
	}
	diags.AddError(summary, detail)
	return diags
}

// blamedAttribute is the attribute of the first property the BMC blames,
// through RelatedProperties or, for BMCs such as iLO that only send
// MessageArgs, an argument that names a property.
func blamedAttribute(e *redfish.Error) string {
	candidates := e.RelatedProperties()
	for _, m := range e.Messages {
		candidates = append(candidates, m.MessageArgs...)
	}
	for _, c := range candidates {
		if attr := attributeForRedfishProperty(c); attr != "" {
			return attr
		}
	}
	return ""
}

// attributeForRedfishProperty maps a Redfish property name, or a JSON pointer
// to one such as "#/Context" or "#/HttpHeaders/0", to our attribute name.
func attributeForRedfishProperty(pointer string) string {
	name := redfish.PropertyName(pointer)
	if name == "HttpHeaders" {
		return "http_headers"
	}
	for _, p := range subscriptionProperties {
		if p.redfishName == name {
			return p.attr
		}
	}
	return ""
}

func redact(s string, secrets []string) string {
	for _, secret := range secrets {
		if strings.TrimSpace(secret) != "" {
			s = strings.ReplaceAll(s, secret, "***")
			s = strings.ReplaceAll(s, strings.TrimSpace(secret), "***")
		}
	}
	return s
}

// unreportedPropertyWarnings warns about properties the user set that the BMC
// does not report after creating the subscription: a BMC that silently
// ignores a filter would otherwise deliver more than the user asked for. It
// compares the payload we sent with the payload the read-back would make.
func unreportedPropertyWarnings(sent redfish.Subscription, created *redfish.Subscription) diag.Diagnostics {
	var diags diag.Diagnostics
	reported := redfish.Payload(*created)
	for name, value := range redfish.Payload(sent) {
		if _, ok := reported[name]; ok || name == "HttpHeaders" || isEmpty(value) {
			continue
		}
		attr := attributeForRedfishProperty(name)
		if attr == "" {
			continue
		}
		diags.AddAttributeWarning(path.Root(attr), "BMC Does Not Report "+name,
			fmt.Sprintf("The BMC accepted the subscription but does not report its %s, so it may not support or honour it. "+
				"Check the events the BMC sends, or its firmware's Redfish support (see the attribute's documentation for "+
				"the EventDestination version that introduced it).", name))
	}
	return diags
}

// isEmpty reports an empty array or string: a BMC may drop those, and an
// empty filter means "no filtering" anyway.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case []string:
		return len(x) == 0
	case []map[string]string:
		return len(x) == 0
	case string:
		return x == ""
	}
	return false
}

// tflogLogger routes package redfish's log lines to tflog, with the fields
// it gives (never credentials or header values: package redfish leaves those out).
func tflogLogger(ctx context.Context, msg string, fields map[string]any) {
	if fields["level"] == "warn" {
		tflog.Warn(ctx, msg, fields)
		return
	}
	tflog.Debug(ctx, msg, fields)
}

func lastPathSegment(p string) string {
	p = strings.TrimRight(p, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}
