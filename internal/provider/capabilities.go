package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// The capability_checks setting: what a plan does with a configured value
// the BMC's EventService says it does not support.
const (
	capabilityError = "error"
	capabilityWarn  = "warn"
	capabilityOff   = "off"
)

var capabilityModes = []string{capabilityError, capabilityWarn, capabilityOff}

// capabilityProbeTimeout bounds the one request a plan may make to learn
// what a BMC supports, so a fleet with a BMC down still plans quickly.
const capabilityProbeTimeout = 5 * time.Second

// checkCapabilities compares a subscription about to be created (or
// replaced) with what its BMC's EventService advertises, and reports each
// unsupported value on its attribute. The EventService is the one discovery
// already reads (cached per provider process). A BMC that cannot be reached
// leaves the plan as it was, with a note; one that rejects the credentials
// fails it.
func (r *eventSubscriptionResource) checkCapabilities(ctx context.Context, req resource.ModifyPlanRequest, planBMC types.Object, endpoint string) diag.Diagnostics {
	var diags diag.Diagnostics
	if r.data.capabilityChecks == capabilityOff || endpoint == "" {
		return nil
	}
	var plan eventSubscriptionModel
	props, d := getModel(ctx, req.Plan.Raw, &plan)
	if d.HasError() {
		return nil // Read and the apply report what is wrong with the plan
	}
	client, d := pooledClient(ctx, r.data, planBMC, endpoint)
	if d.HasError() {
		return nil
	}
	probe, cancel := context.WithTimeout(ctx, capabilityProbeTimeout)
	defer cancel()
	es, err := client.EventService(probe)
	switch {
	case errors.Is(err, redfish.ErrUnauthorized) || errors.Is(err, redfish.ErrForbidden):
		return bmcErrorDiagnostic("BMC Rejected the Configured Credentials", client.Endpoint(), err)
	case err != nil:
		diags.AddWarning("BMC Capabilities Not Checked",
			fmt.Sprintf("BMC %s could not be asked what it supports (%s); the plan goes on without checking it.",
				client.Endpoint(), redfish.Redact(err.Error())))
		return diags
	}
	for _, u := range es.Unsupported(props.toRedfish()) {
		attr := attributeForRedfishProperty(u.Property)
		summary, detail := "BMC Does Not Support "+u.Property, unsupportedDetail(client.Endpoint(), attr, u)
		if r.data.capabilityChecks == capabilityError {
			diags.AddAttributeError(path.Root(attr), summary, detail)
		} else {
			diags.AddAttributeWarning(path.Root(attr), summary, detail+
				" The apply will try anyway (capability_checks = \"warn\"): firmware sometimes supports more than it advertises.")
		}
	}
	return diags
}

func unsupportedDetail(endpoint, attr string, u redfish.Unsupported) string {
	if len(u.Supported) == 0 && len(u.Values) > 0 {
		return fmt.Sprintf("BMC %s does not support %s %s: its EventService has no %s.",
			endpoint, attr, quotedList(u.Values), u.Advertisement)
	}
	if len(u.Values) == 0 {
		return fmt.Sprintf("BMC %s reports %s = false, so it does not support %s: remove it or set it to false.",
			endpoint, u.Advertisement, attr)
	}
	return fmt.Sprintf("BMC %s does not support %s %s: its EventService %s lists %s.",
		endpoint, attr, quotedList(u.Values), u.Advertisement, quotedList(u.Supported))
}

// capabilityMode reads the capability_checks setting (or its environment
// variable); "" when it is invalid, with an error.
func capabilityMode(v types.String, diags *diag.Diagnostics) string {
	mode := strings.ToLower(stringFromConfigOrEnv(v, "BMC_CAPABILITY_CHECKS"))
	if mode == "" {
		mode = capabilityWarn
	}
	for _, m := range capabilityModes {
		if mode == m {
			return mode
		}
	}
	diags.AddAttributeError(path.Root("capability_checks"), "Invalid Capability Checks Setting",
		fmt.Sprintf("%q is not one of %s (from capability_checks or BMC_CAPABILITY_CHECKS).", mode, quotedList(capabilityModes)))
	return ""
}
