package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// bmcErrorDiagnostic turns an error from package redfish into a diagnostic
// that says which BMC, quotes the BMC's own messages (they are in err's text)
// and, where the BMC names the offending property, points at our attribute.
// The text passes through the redaction layer (redfish.Redact): every
// secret of the run, extra secrets given here, credential headers and URL
// userinfo become "***" (a BMC may echo a rejected header value).
func bmcErrorDiagnostic(summary, endpoint string, err error, secrets ...string) diag.Diagnostics {
	var diags diag.Diagnostics
	redfish.RegisterSecrets(secrets...)
	detail := fmt.Sprintf("BMC %s: %s", endpoint, err.Error())
	switch {
	case errors.Is(err, redfish.ErrNoEventService):
		detail += "\n\nThis Redfish service has no EventService, so it cannot send events (sushy-tools and some older " +
			"firmware are like this). Point the provider at a BMC whose firmware supports Redfish eventing."
	case errors.Is(err, redfish.ErrEventServiceDisabled):
		detail += "\n\nEnable the BMC's EventService (ServiceEnabled = true) in its web interface or with a Redfish PATCH, then apply again."
	case errors.Is(err, redfish.ErrUnauthorized):
		detail += "\n\nCheck the user name and password: `bmc.username`/`bmc.password` on the resource, else the provider's " +
			"`bmc_credentials` entry for this endpoint, else its `username`/`password` (or BMC_USERNAME/BMC_PASSWORD). " +
			"This run sends no further login with these credentials, so that the BMC does not lock the account."
	case errors.Is(err, redfish.ErrForbidden):
		detail += "\n\nThe credentials are right, but the user's role may not do this: give the account a role with the " +
			"ConfigureManager privilege (Administrator on most BMCs), or use another account."
	case errors.Is(err, redfish.ErrNoSessions), errors.Is(err, redfish.ErrNoSessionToken):
		detail += "\n\nSet `auth_method = \"basic\"` (in the provider block, the resource's `bmc` block, or BMC_AUTH_METHOD) " +
			"to send HTTP Basic credentials instead of logging in to a session."
	}
	detail = redfish.Redact(detail)
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
		if p.Name == name {
			return p.Attr
		}
	}
	return ""
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
// it gives (already redacted by package redfish: see Pool.SetLogger).
// logsOff is set by SetLogsOff when the user asked for no logs at all.
var logsOff atomic.Bool

// SetLogsOff tells the provider that its loggers are off (main decides it
// from the environment), so it does not build log lines and masks nobody
// reads.
func SetLogsOff(off bool) { logsOff.Store(off) }

func tflogLogger(ctx context.Context, msg string, fields map[string]any) {
	if logsOff.Load() {
		return
	}
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

// NewProtocol6Server returns the provider's plugin server: the framework's,
// with the redaction layer on its way out. Every diagnostic of every call
// (summary and detail, whoever wrote it) and every error passes through
// redfish.Redact before terraform-plugin-go logs it or Terraform shows it,
// and the provider's own log records get the run's known secrets masked.
func NewProtocol6Server(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return redactingServer{ProviderServer: providerserver.NewProtocol6(New(version)())()}
	}
}

// NewProtocol6ServerWithError is NewProtocol6Server in the form
// terraform-plugin-testing's ProtoV6ProviderFactories take.
func NewProtocol6ServerWithError(version string) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) { return NewProtocol6Server(version)(), nil }
}

// redactingServer wraps each call that answers with diagnostics.
type redactingServer struct {
	tfprotov6.ProviderServer
}

func maskLogs(ctx context.Context) context.Context {
	if logsOff.Load() {
		return ctx // nothing is logged: nothing to mask
	}
	known := redfish.SecretValues()
	if len(known) == 0 {
		return ctx
	}
	ctx = tflog.MaskMessageStrings(ctx, known...)
	return tflog.MaskAllFieldValuesStrings(ctx, known...)
}

func redactDiagnostics(diags []*tfprotov6.Diagnostic) {
	for _, d := range diags {
		if d != nil {
			d.Summary = redfish.Redact(d.Summary)
			d.Detail = redfish.Redact(d.Detail)
		}
	}
}

func (s redactingServer) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateProviderConfig(maskLogs(ctx), req)
	if resp != nil {
		redactDiagnostics(resp.Diagnostics)
	}
	return resp, redfish.RedactError(err)
}

func (s redactingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	resp, err := s.ProviderServer.ConfigureProvider(maskLogs(ctx), req)
	if resp != nil {
		redactDiagnostics(resp.Diagnostics)
	}
	return resp, redfish.RedactError(err)
}

func (s redactingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateResourceConfig(maskLogs(ctx), req)
	if resp != nil {
		redactDiagnostics(resp.Diagnostics)
	}
	return resp, redfish.RedactError(err)
}

func (s redactingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	resp, err := s.ProviderServer.UpgradeResourceState(maskLogs(ctx), req)
	if resp != nil {
		redactDiagnostics(resp.Diagnostics)
	}
	return resp, redfish.RedactError(err)
}

func (s redactingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(maskLogs(ctx), req)
	if resp != nil {
		redactDiagnostics(resp.Diagnostics)
	}
	return resp, redfish.RedactError(err)
}

func (s redactingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.ProviderServer.PlanResourceChange(maskLogs(ctx), req)
	if resp != nil {
		redactDiagnostics(resp.Diagnostics)
	}
	return resp, redfish.RedactError(err)
}

func (s redactingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.ProviderServer.ApplyResourceChange(maskLogs(ctx), req)
	if resp != nil {
		redactDiagnostics(resp.Diagnostics)
	}
	return resp, redfish.RedactError(err)
}

func (s redactingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	resp, err := s.ProviderServer.ImportResourceState(maskLogs(ctx), req)
	if resp != nil {
		redactDiagnostics(resp.Diagnostics)
	}
	return resp, redfish.RedactError(err)
}

func (s redactingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	resp, err := s.ProviderServer.ValidateDataResourceConfig(maskLogs(ctx), req)
	if resp != nil {
		redactDiagnostics(resp.Diagnostics)
	}
	return resp, redfish.RedactError(err)
}

func (s redactingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(maskLogs(ctx), req)
	if resp != nil {
		redactDiagnostics(resp.Diagnostics)
	}
	return resp, redfish.RedactError(err)
}
