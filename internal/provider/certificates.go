package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// A subscription's certificates are the one exception to replace-on-change:
// they live in the subscription's own Certificates and ClientCertificates
// collections (EventDestination v1_9_0 and v1_11_0), which a BMC lets us
// change without touching the subscription. Rotating a collector's CA
// across a fleet then updates each subscription in place instead of
// replacing them all.

// certificateModel holds the certificate arguments of the resource.
type certificateModel struct {
	Certificates       types.Set    `tfsdk:"certificates"`
	ClientCertificate  types.String `tfsdk:"client_certificate"`
	ClientKeyWO        types.String `tfsdk:"client_key_wo"`
	ClientKeyWOVersion types.Int64  `tfsdk:"client_key_wo_version"`
}

func certificateAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"certificates": schema.SetAttribute{
			MarkdownDescription: "PEM CA certificates the BMC trusts for `destination`'s TLS certificate when " +
				"`verify_certificate = true`, uploaded to the subscription's `Certificates` collection (EventDestination v1_9_0). " +
				"Changing them updates the collection in place, without replacing the subscription: new ones are uploaded " +
				"first, then the ones no longer listed are deleted. A certificate deleted on the BMC shows up in the next plan.",
			ElementType: types.StringType,
			Optional:    true,
			Validators:  []validator.Set{setvalidator.ValueStringsAre(pemCertificateValidator)},
		},
		"client_certificate": schema.StringAttribute{
			MarkdownDescription: "PEM client certificate the BMC presents to `destination` for mutual TLS, uploaded with " +
				"`client_key_wo` to the subscription's `ClientCertificates` collection (EventDestination v1_11_0). Changing it " +
				"updates the collection in place: the new certificate is uploaded, then the old one deleted.",
			Optional:   true,
			Validators: []validator.String{pemCertificateValidator, stringvalidator.AlsoRequires(path.MatchRoot("client_key_wo"))},
		},
		"client_key_wo": schema.StringAttribute{
			MarkdownDescription: "Write-only PEM private key of `client_certificate`, sent with it and never stored. " +
				"Requires Terraform 1.11 or later. Bump `client_key_wo_version` to send a new one.",
			Optional: true, Sensitive: true, WriteOnly: true,
			Validators: []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("client_certificate"))},
		},
		"client_key_wo_version": schema.Int64Attribute{
			MarkdownDescription: "Any number you change whenever `client_key_wo` changes; changing it uploads the client " +
				"certificate and key again, in place.",
			Optional:   true,
			Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("client_key_wo"))},
		},
	}
}

// wantsCertificates reports whether the configuration manages either collection.
func (m certificateModel) wantsCertificates() bool {
	return (!m.Certificates.IsNull() && !m.Certificates.IsUnknown()) || !m.ClientCertificate.IsNull()
}

// applyCertificates makes the subscription's collections hold what plan
// asks for: the CAs of plan.Certificates, and the client certificate with
// key when it is new (prior is the state before, nil on create).
func applyCertificates(ctx context.Context, client *redfish.Client, sub *redfish.Subscription, plan certificateModel,
	prior *certificateModel, key string) diag.Diagnostics {
	var diags diag.Diagnostics
	if !plan.wantsCertificates() && (prior == nil || !prior.wantsCertificates()) {
		return nil
	}
	managedCAs := !plan.Certificates.IsNull() || (prior != nil && !prior.Certificates.IsNull())
	if managedCAs {
		if sub.CertificatesURI == "" {
			return unsupportedCertificates(client.Endpoint(), "certificates", "Certificates (EventDestination v1_9_0)")
		}
		if err := syncCollection(ctx, client, sub.CertificatesURI, setStrings(plan.Certificates), false); err != nil {
			diags.Append(bmcErrorDiagnostic("Cannot Update Subscription Certificates", client.Endpoint(), err)...)
			return diags
		}
	}
	clientChanged := prior == nil || !plan.ClientCertificate.Equal(prior.ClientCertificate) ||
		!plan.ClientKeyWOVersion.Equal(prior.ClientKeyWOVersion)
	if !clientChanged {
		return diags
	}
	if sub.ClientCertificatesURI == "" {
		return unsupportedCertificates(client.Endpoint(), "client_certificate", "ClientCertificates (EventDestination v1_11_0)")
	}
	var want []string
	if !plan.ClientCertificate.IsNull() {
		want = []string{plan.ClientCertificate.ValueString() + "\n" + key}
	}
	if err := syncCollection(ctx, client, sub.ClientCertificatesURI, want, true); err != nil {
		diags.Append(bmcErrorDiagnostic("Cannot Update Subscription Client Certificate", client.Endpoint(), err)...)
	}
	return diags
}

func unsupportedCertificates(endpoint, attr, what string) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddAttributeError(path.Root(attr), "BMC Has No Subscription Certificates",
		fmt.Sprintf("BMC %s does not offer the subscription's %s collection, so it cannot hold per-subscription "+
			"certificates. Remove %s, or trust the collector's CA in the BMC's own certificate store.", endpoint, what, attr))
	return diags
}

// syncCollection uploads the certificates of want the collection lacks, then
// deletes the members want does not list. With replaceAll (a client
// certificate, whose key cannot be read back to compare) it uploads all of
// want and deletes every member that was there before.
func syncCollection(ctx context.Context, client *redfish.Client, coll string, want []string, replaceAll bool) error {
	have, err := client.Certificates(ctx, coll)
	if err != nil {
		return err
	}
	for _, w := range want {
		if replaceAll || !containsCertificate(have, w) {
			if _, err := client.AddCertificate(ctx, coll, w); err != nil {
				return err
			}
		}
	}
	for _, h := range have {
		if replaceAll || !wanted(want, h.PEM) {
			if err := client.DeleteCertificate(ctx, h.ODataID); err != nil {
				return err
			}
		}
	}
	return nil
}

func containsCertificate(have []redfish.Certificate, pemText string) bool {
	for _, h := range have {
		if redfish.SameCertificate(h.PEM, pemText) {
			return true
		}
	}
	return false
}

func wanted(want []string, pemText string) bool {
	for _, w := range want {
		if redfish.SameCertificate(w, pemText) {
			return true
		}
	}
	return false
}

// readCertificates records what the collections hold, keeping the state's
// spelling of each certificate the BMC still holds: only what the state
// manages is read.
func readCertificates(ctx context.Context, client *redfish.Client, sub *redfish.Subscription, state *certificateModel) error {
	if !state.Certificates.IsNull() && sub.CertificatesURI != "" {
		have, err := client.Certificates(ctx, sub.CertificatesURI)
		if err != nil {
			return err
		}
		var kept []string
		for _, h := range have {
			pemText := h.PEM
			for _, s := range setStrings(state.Certificates) {
				if redfish.SameCertificate(s, h.PEM) {
					pemText = s
				}
			}
			kept = append(kept, pemText)
		}
		if kept == nil {
			kept = []string{}
		}
		state.Certificates = stringSet(kept)
	}
	if !state.ClientCertificate.IsNull() && sub.ClientCertificatesURI != "" {
		have, err := client.Certificates(ctx, sub.ClientCertificatesURI)
		if err != nil {
			return err
		}
		switch {
		case containsCertificate(have, state.ClientCertificate.ValueString()):
		case len(have) == 0:
			state.ClientCertificate = types.StringNull()
		default:
			state.ClientCertificate = types.StringValue(have[0].PEM)
		}
	}
	return nil
}
