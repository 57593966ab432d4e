package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// checkStateMatchesSim asserts the state's id is the one subscription the BMC holds.
func checkStateMatchesSim(t *testing.T, tg *acctest.Target) func(*terraform.State) error {
	t.Helper()
	return func(s *terraform.State) error {
		created := tg.Created()
		if len(created) != 1 {
			return fmt.Errorf("emulated BMC holds %d subscriptions, want 1: %+v", len(created), created)
		}
		sub := created[0]
		if got := s.RootModule().Resources[testResource].Primary.ID; got != sub.ODataID {
			return fmt.Errorf("state holds %s, the BMC %s", got, sub.ODataID)
		}
		return nil
	}
}

// Creates whose answer never arrives, or arrives without a Location, still
// end with exactly one subscription, recorded in state.
func TestAccEventSubscription_createAnswerLost(t *testing.T) {
	for _, fault := range []bmcsim.FaultType{bmcsim.FaultCommitThenDrop, bmcsim.FaultCreateNoLocation, bmcsim.FaultUnavailable} {
		t.Run(string(fault), func(t *testing.T) {
			tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
			tg.RequireEmulator(t, "injects faults")
			tg.Sim.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: fault, Count: 1})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy:             checkBMCDestroyed(tg),
				Steps: []resource.TestStep{{
					Config: resourceConfig(tg, fmt.Sprintf("destination = %q\n context = \"lost-%s\"", acctest.Destination("lost"), fault)),
					Check:  checkStateMatchesSim(t, tg),
				}},
			})
		})
	}
}

// A failure after the subscription exists leaves a tainted resource, which
// the next apply replaces: never an orphan on the BMC.
func TestAccEventSubscription_failureAfterCreateTaints(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, "injects faults")
	cfg := resourceConfig(tg, fmt.Sprintf("destination = %q", acctest.Destination("taint")))
	cfg = strings.Replace(cfg, "provider \"bmc\" {\n", "provider \"bmc\" {\n    max_retries = 0\n", 1)
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBMCDestroyed(tg),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					// The create's answer is cut short, so the provider reads
					// the subscription back, and that read fails.
					tg.Sim.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultMalformedJSON, Count: 1})
					tg.Sim.InjectFault(bmcsim.KindSubscriptionGet, bmcsim.Fault{Type: bmcsim.FaultInternalError, Count: 1})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`Cannot Read Created Event Subscription`),
			},
			{
				PreConfig: func() {
					first = onlySubscription(t, tg).ID
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(s *terraform.State) error {
					if id := onlySubscription(t, tg).ID; id == first {
						return fmt.Errorf("the tainted subscription %s was not replaced", id)
					}
					return checkStateMatchesSim(t, tg)(s)
				},
			},
		},
	})
}

// A BMC that drops sessions (idle timeout, reboot) mid-run costs a re-login,
// not a failed plan.
func TestAccEventSubscription_sessionExpiresMidRun(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "idrac", TLS: true, Username: "root", Password: "calvin"})
	tg.RequireEmulator(t, "expires sessions")
	cfg := resourceConfig(tg, fmt.Sprintf("destination = %q\n context = \"sessions\"", acctest.Destination("sessions")))
	var before int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBMCDestroyed(tg),
		Steps: []resource.TestStep{
			{Config: cfg, Check: checkBMCHolds(tg, 1)},
			{
				PreConfig: func() {
					before = tg.Sim.Stats().SessionsCreated
					// The refresh lists the collection: the session expires there.
					tg.Sim.InjectFault(bmcsim.KindSubscriptionList, bmcsim.Fault{Type: bmcsim.FaultSessionExpiry, Count: 1})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if after := tg.Sim.Stats().SessionsCreated; after <= before {
						return fmt.Errorf("no new session after the BMC expired them (%d before, %d after)", before, after)
					}
					return nil
				},
			},
		},
	})
}

// An imported subscription adopts what the BMC cannot report (its headers,
// the write-only version) in place; afterwards every argument replaces again.
func TestAccEventSubscription_importAdoptsUnreadableArguments(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, "creates the subscription to import out of band")
	id := tg.Sim.AddSubscription(bmcsim.Subscription{
		Destination: acctest.Destination("adopt"), Context: "adopt", Protocol: "Redfish",
		HttpHeaders: []map[string]string{{"Authorization": "Bearer made-by-hand"}},
	})
	config := func(version int) string {
		return resourceConfig(tg, fmt.Sprintf(`
  destination             = %q
  context                 = "adopt"
  http_headers_wo         = { Authorization = "Bearer made-by-hand" }
  http_headers_wo_version = %d
`, acctest.Destination("adopt"), version)) + fmt.Sprintf(`
import {
  to = bmc_event_subscription.test
  id = "%s/redfish/v1/EventService/Subscriptions/%s"
}
`, tg.Endpoint, id)
	}
	sameSubscription := func(*terraform.State) error {
		if got := onlySubscription(t, tg).ID; got != id {
			return fmt.Errorf("the imported subscription %s was replaced by %s", id, got)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// Write-only attributes need Terraform 1.11, import blocks 1.5.
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config: config(1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate)},
				},
				Check: sameSubscription,
			},
			{
				Config: config(2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
		},
	})
}

// After `terraform import` (the CLI command), a configuration without
// headers plans clean; adding headers later replaces the subscription (they
// must reach the BMC). Driven through the CLI harness: terraform-plugin-
// testing's persisted import step runs without an initialised working
// directory, which OpenTofu refuses.
func TestAccEventSubscription_cliImportThenChanges(t *testing.T) {
	requireCLI(t)
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, "creates the subscription to import out of band")
	id := tg.Sim.AddSubscription(bmcsim.Subscription{
		Destination: acctest.Destination("cli-import"), Context: "cli-import", Protocol: "Redfish",
	})
	base := fmt.Sprintf("  destination = %q\n  context = \"cli-import\"\n", acctest.Destination("cli-import"))
	w := newCLIWorkdir(t, currentProviderDir(t), resourceConfig(tg, base))
	w.mustRun("import", testResource, fmt.Sprintf("%s/redfish/v1/EventService/Subscriptions/%s", tg.Endpoint, id))
	w.mustRun("plan", "-detailed-exitcode")
	w.write(resourceConfig(tg, base+"  http_headers = { X-Token = \"new\" }\n"))
	out, code := w.run("plan", "-detailed-exitcode")
	if code != 2 || !strings.Contains(out, "must be replaced") {
		t.Fatalf("adding headers after terraform import: exit %d, want a replacement:\n%s", code, out)
	}
	if got := onlySubscription(t, tg).ID; got != id {
		t.Fatalf("a plan changed the BMC: %s became %s", id, got)
	}
}

// An import block whose apply changes nothing leaves no mark behind: weeks
// later, adding headers replaces the subscription (they must reach the
// BMC), and so does setting a filter the BMC never reported.
func TestAccEventSubscription_importBlockNoopThenChanges(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, "creates the subscription to import out of band")
	id := tg.Sim.AddSubscription(bmcsim.Subscription{
		Destination: acctest.Destination("noop-import"), Context: "noop-import", Protocol: "Redfish",
	})
	importBlock := fmt.Sprintf("\nimport {\n  to = %s\n  id = \"%s/redfish/v1/EventService/Subscriptions/%s\"\n}\n", testResource, tg.Endpoint, id)
	base := fmt.Sprintf("  destination = %q\n  context = \"noop-import\"\n", acctest.Destination("noop-import"))
	replaced := resource.ConfigPlanChecks{
		PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionDestroyBeforeCreate)},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// Import blocks need Terraform 1.5.
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		Steps: []resource.TestStep{
			{
				Config: resourceConfig(tg, base) + importBlock,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionNoop)},
				},
			},
			// The very next plan: no window in which headers are adopted.
			{Config: resourceConfig(tg, base+"  http_headers = { X-Token = \"new\" }\n"), ConfigPlanChecks: replaced},
			{Config: resourceConfig(tg, base+"  http_headers = { X-Token = \"new\" }\n  severities = [\"Critical\"]\n"), ConfigPlanChecks: replaced},
		},
	})
}

// A service that serves no query strings answers $expand with 404 although
// its service root advertises it: listings fall back to one GET per member,
// and the data source, create, refresh and delete all work.
func TestAccEventSubscription_expandAnswered404(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf", NoQueryStrings: true})
	tg.RequireEmulator(t, "refuses query strings")
	cfg := resourceConfig(tg, fmt.Sprintf("  destination = %q\n  context = \"no-expand\"\n", acctest.Destination("no-expand"))) + `
data "bmc_event_subscriptions" "all" {
  context    = "no-expand"
  depends_on = [bmc_event_subscription.test]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBMCDestroyed(tg),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.bmc_event_subscriptions.all", tfjsonpath.New("subscriptions"), knownvalue.ListSizeExact(1)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(s *terraform.State) error {
					if tg.Sim.Stats().ByStatus["404"] == 0 {
						return fmt.Errorf("the emulator answered no $expand with 404: the test shows nothing")
					}
					return checkBMCHolds(tg, 1)(s)
				},
			},
		},
	})
}
