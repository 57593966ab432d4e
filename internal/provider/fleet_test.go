package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// One configuration, a provider block with no endpoint, and for_each over
// BMCs through the resource's bmc block. Rotating how Terraform connects
// updates state only; moving a subscription to another BMC replaces it.
func TestAccEventSubscription_fleetOverride(t *testing.T) {
	opts := bmcsim.Options{Profile: "dmtf", TLS: true, Username: "admin", Password: "pw"}
	a, b, c := acctest.NewTarget(t, opts), acctest.NewTarget(t, opts), acctest.NewTarget(t, opts)
	a.RequireEmulator(t, "needs three BMCs")

	config := func(bmcs map[string]*acctest.Target, authMethod string) string {
		cfg := "provider \"bmc\" {}\n"
		for name, tg := range bmcs {
			cfg += fmt.Sprintf(`
resource "bmc_event_subscription" %q {
  destination = %q
  context     = %q
%s}
`, name, acctest.Destination("fleet-"+name), name, tg.BMCBlock())
		}
		return replaceAuth(cfg, authMethod)
	}
	byID := map[string]string{}
	remember := func(*terraform.State) error {
		for name, tg := range map[string]*acctest.Target{"a": a, "b": b} {
			subs := tg.Created()
			if len(subs) != 1 {
				return fmt.Errorf("BMC %s holds %d subscriptions, want 1", name, len(subs))
			}
			byID[name] = subs[0].ID
		}
		return nil
	}
	untouched := func(*terraform.State) error {
		for name, tg := range map[string]*acctest.Target{"a": a, "b": b} {
			if subs := tg.Created(); len(subs) != 1 || subs[0].ID != byID[name] {
				return fmt.Errorf("BMC %s's subscription changed: %+v", name, subs)
			}
		}
		return nil
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(map[string]*acctest.Target{"a": a, "b": b}, "session"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("bmc_event_subscription.a", tfjsonpath.New("endpoint"), knownvalue.StringExact(a.Endpoint)),
					statecheck.ExpectKnownValue("bmc_event_subscription.b", tfjsonpath.New("endpoint"), knownvalue.StringExact(b.Endpoint)),
				},
				Check: remember,
			},
			{
				// Rotating the authentication method is an in-place update of state only.
				Config: config(map[string]*acctest.Target{"a": a, "b": b}, "basic"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("bmc_event_subscription.a", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("bmc_event_subscription.b", plancheck.ResourceActionUpdate),
				}},
				Check: untouched,
			},
			{
				// Moving b to BMC c replaces it: deleted on b, created on c.
				Config: config(map[string]*acctest.Target{"a": a, "b": c}, "basic"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("bmc_event_subscription.a", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("bmc_event_subscription.b", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(*terraform.State) error {
					if n := len(b.Created()); n != 0 {
						return fmt.Errorf("old BMC still holds %d subscriptions", n)
					}
					if n := len(c.Created()); n != 1 {
						return fmt.Errorf("new BMC holds %d subscriptions, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// replaceAuth sets auth_method in every bmc block.
func replaceAuth(cfg, authMethod string) string {
	return regexpBMCBlock.ReplaceAllString(cfg, fmt.Sprintf("  bmc = {\n    auth_method = %q\n", authMethod))
}

// One BMC of a fleet down (its web server restarting: connection refused)
// fails the plan of the whole fleet, unless tolerate_unreachable_bmcs is
// on: then the plan goes on and keeps that BMC's state as last read. A BMC
// that answers is never skipped.
func TestAccEventSubscription_unreachableBMCTolerated(t *testing.T) {
	opts := bmcsim.Options{Profile: "dmtf", Username: "admin", Password: "pw"}
	up, down := acctest.NewTarget(t, opts), acctest.NewTarget(t, opts)
	up.RequireEmulator(t, "takes a BMC down")

	config := func(tolerate string) string {
		cfg := "provider \"bmc\" {\n  max_retries = 0\n" + tolerate + "}\n"
		for name, tg := range map[string]*acctest.Target{"up": up, "down": down} {
			cfg += fmt.Sprintf(`
resource "bmc_event_subscription" %q {
  destination = %q
  context     = %q
%s}
`, name, acctest.Destination("fleet-"+name), name, tg.BMCBlock())
		}
		return cfg
	}
	const window = 60 * time.Second
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("")},
			{
				PreConfig:   func() { down.Sim.Reboot(window) },
				Config:      config(""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Cannot Connect to BMC|Cannot Read Event Subscription`),
			},
			{
				Config:   config("  tolerate_unreachable_bmcs = true\n"),
				PlanOnly: true,
			},
			{
				// Deleted out of band on a BMC that answers: the setting
				// does not hide it.
				PreConfig: func() {
					if !down.Sim.Rebooting() {
						t.Error("the BMC came back before the tolerant plan ran: lengthen the window")
					}
					for _, s := range up.Created() {
						up.Sim.DeleteSubscription(s.ID)
					}
				},
				Config:             config("  tolerate_unreachable_bmcs = true\n"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() {
					deadline := time.Now().Add(window + 10*time.Second)
					for down.Sim.Rebooting() && time.Now().Before(deadline) {
						time.Sleep(200 * time.Millisecond)
					}
				},
				Config: config(""),
			},
		},
	})
}
