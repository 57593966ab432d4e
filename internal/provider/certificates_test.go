package provider

import (
	"context"
	"encoding/pem"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// deliverOne raises an event on the emulated BMC and returns the result of
// its first delivery attempt to the only subscription.
func deliverOne(t *testing.T, tg *acctest.Target) bmcsim.DeliveryResult {
	t.Helper()
	rep := tg.Sim.RaiseEvent(context.Background(), bmcsim.EventRecord{EventType: "Alert", MessageId: "Base.1.22.Success"})
	if len(rep.Results) != 1 {
		t.Fatalf("the event went to %d subscriptions, want 1: %+v", len(rep.Results), rep)
	}
	return rep.Results[0]
}

// The CA certificates of a subscription decide whether the BMC trusts the
// collector: a delivery to an HTTPS sink fails with the wrong CA and
// succeeds once the right one replaces it, in place, on the same
// subscription.
func TestAccEventSubscription_certificates(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, "delivers events")
	sink, other := acctest.NewSink(t, true), acctest.NewSink(t, true)
	config := func(ca []byte) string {
		// RetryForever: the failed delivery of the first step must not make
		// the BMC delete the subscription (TerminateAfterRetries).
		return resourceConfig(tg, fmt.Sprintf(`  destination           = %q
  verify_certificate    = true
  delivery_retry_policy = "RetryForever"
  certificates          = [%q]
`, sink.URL(), string(ca)))
	}
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(other.CACertPEM()),
				Check: func(*terraform.State) error {
					id = onlySubscription(t, tg).ID
					if r := deliverOne(t, tg); r.Delivered || r.CertificateError == "" {
						return fmt.Errorf("with the wrong CA the delivery was %+v, want a certificate error", r)
					}
					return nil
				},
			},
			{
				Config: config(sink.CACertPEM()),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					s := onlySubscription(t, tg)
					if s.ID != id || len(s.Certificates) != 1 {
						return fmt.Errorf("after the rotation the BMC holds %s with %d certificates, want %s with 1", s.ID, len(s.Certificates), id)
					}
					if r := deliverOne(t, tg); !r.Delivered {
						return fmt.Errorf("with the right CA the delivery was %+v", r)
					}
					return nil
				},
			},
			{
				// Deleted on the BMC: the next plan puts it back, in place.
				PreConfig: func() {
					tg.Sim.ModifySubscription(onlySubscription(t, tg).ID, func(s *bmcsim.Subscription) { s.Certificates = nil })
				},
				Config: config(sink.CACertPEM()),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate),
				}},
			},
		},
	})
}

// A collector that requires a client certificate gets the events once the
// subscription's ClientCertificates holds one; the key never enters state.
func TestAccEventSubscription_clientCertificate(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, "delivers events")
	sink, err := bmcsim.StartSinkWith(bmcsim.SinkOptions{TLS: true, RequireClientCert: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sink.Close)
	bundle, err := sink.ClientCertificatePEM("bmc-rack12")
	if err != nil {
		t.Fatal(err)
	}
	cert, key := splitPEM(bundle)
	cfg := resourceConfig(tg, fmt.Sprintf(`  destination           = %q
  verify_certificate    = true
  certificates          = [%q]
  client_certificate    = %q
  client_key_wo         = %q
  client_key_wo_version = 1
`, sink.URL(), string(sink.CACertPEM()), cert, key))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(s *terraform.State) error {
				if r := deliverOne(t, tg); !r.Delivered {
					return fmt.Errorf("the delivery was %+v", r)
				}
				got, err := sink.WaitFor(1, 5*time.Second)
				if err != nil {
					return err
				}
				if got[0].ClientCommonName != "bmc-rack12" {
					return fmt.Errorf("the sink saw client certificate %q", got[0].ClientCommonName)
				}
				return noValueInState(s, strings.TrimSpace(key))
			},
		}},
	})
}

// splitPEM separates a bundle's certificate blocks from its key.
func splitPEM(bundle string) (cert, key string) {
	rest := []byte(bundle)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return cert, key
		}
		if block.Type == "CERTIFICATE" {
			cert += string(pem.EncodeToMemory(block))
		} else {
			key += string(pem.EncodeToMemory(block))
		}
	}
}
