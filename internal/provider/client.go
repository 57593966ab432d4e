package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// pooledClient resolves the connection (provider defaults, then the `bmc`
// block, then endpointOverride) and returns the shared client for it.
//
// When the BMC rejects the credentials (now or earlier in this process), the
// client returned fails every call at once with that rejection, sending
// nothing: each operation then reports it in its own terms, and Read keeps
// the state with a warning when the rejected credentials are the state's
// own (a rotation in progress, see refreshClient).
func pooledClient(ctx context.Context, data *providerData, bmc types.Object, endpointOverride string) (*redfish.Client, diag.Diagnostics) {
	client, cfg, diags, err := connect(ctx, data, bmc, endpointOverride)
	switch {
	case errors.Is(err, redfish.ErrUnauthorized):
		return redfish.RejectedClient(cfg.Endpoint, err), diags
	case err != nil:
		diags.Append(bmcErrorDiagnostic("Cannot Connect to BMC", cfg.Endpoint, err)...)
	}
	return client, diags
}

// connect is pooledClient with the connection error returned as it is
// (diags hold only configuration problems), for callers that decide what a
// rejected login means.
func connect(ctx context.Context, data *providerData, bmc types.Object, endpointOverride string) (*redfish.Client, redfish.ConnectionConfig, diag.Diagnostics, error) {
	var diags diag.Diagnostics
	if data == nil {
		diags.AddError("Provider Not Configured", "The bmc provider was not configured before use. This is a bug in the provider; please report it.")
		return nil, redfish.ConnectionConfig{}, diags, nil
	}
	override, d := bmcFromObject(bmc)
	diags.Append(d...)
	cfg, d := connectionConfig(data.defaults, override, endpointOverride)
	diags.Append(d...)
	if diags.HasError() {
		return nil, cfg, diags, nil
	}
	redfish.RegisterCredentials(cfg.Username, cfg.Password)
	client, err := data.pool.Client(ctx, cfg)
	return client, cfg, diags, err
}

// refreshClient is pooledClient for Read. Credentials in a resource's `bmc`
// block reach state only when an apply stores them, after the refresh that
// plan and apply start with; so while a password is being rotated, Read
// holds the OLD one. When the BMC rejects the credentials of the state's
// `bmc` block, refreshClient returns keep = true with a warning: Read keeps
// the state as last read, ModifyPlan checks the configured credentials
// (checkConfiguredCredentials) and fails the plan if those are rejected too,
// and the apply stores and verifies the new ones. Credentials that do not
// come from the state (the provider's, bmc_credentials) are the configured
// ones: their rejection is an error.
func refreshClient(ctx context.Context, data *providerData, stateBMC types.Object, endpoint string) (client *redfish.Client, keep bool, diags diag.Diagnostics) {
	client, cfg, diags, err := connect(ctx, data, stateBMC, endpoint)
	if err == nil || diags.HasError() {
		return client, false, diags
	}
	if w, ok := staleCredentialsWarning(cfg.Endpoint, stateBMC, err); ok {
		diags.Append(w...)
		return nil, true, diags
	}
	if unreachableTolerated(data, cfg.Endpoint, err, &diags) {
		return nil, true, diags
	}
	diags.Append(bmcErrorDiagnostic("Cannot Connect to BMC", cfg.Endpoint, err)...)
	return nil, false, diags
}

// unreachableTolerated adds a warning and reports true when err says the BMC
// could not be reached at all and the provider's tolerate_unreachable_bmcs
// is on: the refresh then keeps the state as last read.
func unreachableTolerated(data *providerData, endpoint string, err error, diags *diag.Diagnostics) bool {
	if !data.tolerateUnreachable || !redfish.IsUnreachable(err) {
		return false
	}
	diags.AddWarning("BMC Unreachable, State Kept",
		fmt.Sprintf("BMC %s could not be reached (%s). With tolerate_unreachable_bmcs, its subscriptions keep the state "+
			"last read, and the plan goes on: it cannot show changes made on this BMC meanwhile. If the BMC is retired, "+
			"remove its resources with a removed block (lifecycle { destroy = false }).", endpoint, redfish.Redact(err.Error())))
	return true
}

// staleCredentialsWarning returns the warning for a refresh the BMC refused
// with the credentials of the state's `bmc` block, and ok = true; ok is
// false for any other error (Read reports those as errors). Read calls it
// for the error of its GET too: under basic authentication the credentials
// are checked by requests, not by a login.
func staleCredentialsWarning(endpoint string, stateBMC types.Object, err error) (diag.Diagnostics, bool) {
	if !errors.Is(err, redfish.ErrUnauthorized) {
		return nil, false
	}
	override, d := bmcFromObject(stateBMC)
	if d.HasError() || override == nil || (override.Password.IsNull() && override.Username.IsNull()) {
		return nil, false
	}
	var diags diag.Diagnostics
	diags.AddWarning("Cannot Refresh Event Subscription",
		redfish.Redact("BMC "+endpoint+" rejected the credentials stored in state ("+err.Error()+"). "+
			"The subscription is kept as last read. If the configuration has new credentials, the plan checks them "+
			"and the apply stores them; if it has the same ones, the plan fails."))
	return diags, true
}

// checkConfiguredCredentials is for ModifyPlan of an existing subscription:
// it connects with the credentials the configuration gives (plannedBMC, the
// planned `bmc` block) and fails the plan when the BMC rejects them. Read
// only sees the state's credentials and keeps the state when those are
// rejected (a rotation in progress); without this check a wrong password
// would turn into a green plan with drift detection silently off. The
// client is the pool's, so credentials that worked cost no request, and
// rejected ones are not sent again.
func checkConfiguredCredentials(ctx context.Context, data *providerData, plannedBMC types.Object, endpoint string) diag.Diagnostics {
	if data == nil || plannedBMC.IsUnknown() || endpoint == "" {
		return nil
	}
	if override, _ := bmcFromObject(plannedBMC); override != nil &&
		(override.Username.IsUnknown() || override.Password.IsUnknown()) {
		return nil // known at apply; Update verifies them
	}
	_, cfg, diags, err := connect(ctx, data, plannedBMC, endpoint)
	if diags.HasError() || !errors.Is(err, redfish.ErrUnauthorized) {
		return diags // other failures are Read's and the apply's to report
	}
	diags.Append(bmcErrorDiagnostic("BMC Rejected the Configured Credentials", cfg.Endpoint, err)...)
	return diags
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
	for k, v := range values {
		names = append(names, k)
		// From here on the values are secrets of this run: a BMC that
		// quotes them back in an error does not get them shown.
		redfish.RegisterSecrets(v)
	}
	if a, b, dup := duplicateHeaderName(slices.Clone(names)); dup {
		diags.AddAttributeError(path.Root("http_headers"), "Duplicate HTTP Header Name",
			"The headers "+quote(a)+" and "+quote(b)+" differ only in case; HTTP header names are case-insensitive, so keep one of them.")
		return nil, diags
	}
	sort.Strings(names)
	headers := make([]redfish.HTTPHeader, len(names))
	for i, n := range names {
		headers[i] = redfish.HTTPHeader{Name: n, Value: values[n]}
	}
	return headers, diags
}

// headerValues are the secrets to keep out of logs and diagnostics.
func headerValues(headers []redfish.HTTPHeader) []string {
	values := make([]string, 0, len(headers))
	for _, h := range headers {
		values = append(values, h.Value)
	}
	return values
}
