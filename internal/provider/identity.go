package provider

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// A subscription's resource identity is its BMC and its Redfish Id, so that
// `import { to = ..., identity = { endpoint = "https://10.0.0.5",
// subscription_id = "5" } }` works without building a URL (Terraform 1.12+,
// OpenTofu 1.12+).
type identityModel struct {
	Endpoint       types.String `tfsdk:"endpoint"`
	SubscriptionID types.String `tfsdk:"subscription_id"`
}

func (r *eventSubscriptionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"endpoint": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The BMC's base URL, e.g. https://10.0.0.5 (as the resource's endpoint attribute).",
			},
			"subscription_id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The subscription's Redfish Id, e.g. 5 (the last segment of its path).",
			},
		},
	}
}

// setIdentity records the identity; identity is nil for a Terraform that
// does not support it (before 1.12).
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, endpoint, subscriptionID types.String) diag.Diagnostics {
	if identity == nil || endpoint.IsUnknown() || endpoint.IsNull() || subscriptionID.IsUnknown() || subscriptionID.IsNull() {
		return nil
	}
	// A raw value: the framework's reflection over identityModel costs more
	// than the rest of a refresh's bookkeeping (see model_codec.go).
	return identity.Set(ctx, tftypes.NewValue(identityType, map[string]tftypes.Value{
		"endpoint":        tftypes.NewValue(tftypes.String, endpoint.ValueString()),
		"subscription_id": tftypes.NewValue(tftypes.String, subscriptionID.ValueString()),
	}))
}

// identityType is the Terraform type of the identity schema.
var identityType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"endpoint": tftypes.String, "subscription_id": tftypes.String,
}}

// importByIdentity starts an import from an identity: the Read that follows
// finds the member with that Id in the BMC's Subscriptions collection and
// checks, as for any import, that it is an event subscription.
func (r *eventSubscriptionResource) importByIdentity(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var identity identityModel
	resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
	if resp.Diagnostics.HasError() {
		return
	}
	endpoint, err := redfish.NormalizeEndpoint(identity.Endpoint.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("endpoint"), "Invalid Import Identity", err.Error())
		return
	}
	id := identity.SubscriptionID.ValueString()
	if id == "" || strings.ContainsAny(id, "/?#") {
		resp.Diagnostics.AddAttributeError(path.Root("subscription_id"), "Invalid Import Identity",
			fmt.Sprintf("subscription_id %q is not a Redfish Id: give the last segment of the subscription's path, "+
				"such as 5 for /redfish/v1/EventService/Subscriptions/5.", id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), "")...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("subscription_id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("endpoint"), endpoint)...)
	resp.Diagnostics.Append(writeImportMark(ctx, resp.Private, &importMark{})...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, types.StringValue(endpoint), types.StringValue(id))...)
}

// memberPath is the path of the member with Redfish Id id in the BMC's
// Subscriptions collection.
func memberPath(ctx context.Context, client *redfish.Client, id string) (string, error) {
	es, err := client.EventService(ctx)
	if err != nil {
		return "", err
	}
	if es.SubscriptionsURI == "" {
		return "", fmt.Errorf("the BMC's EventService links no Subscriptions collection")
	}
	return es.SubscriptionsURI + "/" + url.PathEscape(id), nil
}
