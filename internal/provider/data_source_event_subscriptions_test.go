package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

func TestAccEventSubscriptionsDataSource(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf", TLS: true})
	cfg := tg.ProviderConfig() + fmt.Sprintf(`
resource "bmc_event_subscription" "critical" {
  destination = %q
  context     = "ds-critical"
  severities  = ["Critical"]
}

resource "bmc_event_subscription" "warning" {
  destination = %q
  context     = "ds-warning"
  severities  = ["Warning"]
}

data "bmc_event_subscriptions" "all" {
  depends_on = [bmc_event_subscription.critical, bmc_event_subscription.warning]
}

data "bmc_event_subscriptions" "critical" {
  context    = "ds-critical"
  depends_on = [bmc_event_subscription.critical, bmc_event_subscription.warning]
}
`, acctest.Destination("ds-critical"), acctest.Destination("ds-warning"))

	critical := "data.bmc_event_subscriptions.critical"
	// An external BMC may hold other subscriptions; the emulator holds only ours.
	var allCount knownvalue.Check = knownvalue.ListSizeExact(2)
	if tg.Sim == nil {
		allCount = knownvalue.NotNull()
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.bmc_event_subscriptions.all", tfjsonpath.New("subscriptions"), allCount),
				statecheck.ExpectKnownValue(critical, tfjsonpath.New("subscriptions"), knownvalue.ListSizeExact(1)),
				statecheck.CompareValuePairs(critical, tfjsonpath.New("subscriptions").AtSliceIndex(0).AtMapKey("id"),
					"bmc_event_subscription.critical", tfjsonpath.New("id"), compareEqual),
				statecheck.ExpectKnownValue(critical, tfjsonpath.New("subscriptions").AtSliceIndex(0).AtMapKey("severities"),
					knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("Critical")})),
				statecheck.ExpectKnownValue(critical, tfjsonpath.New("subscriptions").AtSliceIndex(0).AtMapKey("destination"),
					knownvalue.StringExact(acctest.Destination("ds-critical"))),
				statecheck.ExpectKnownValue(critical, tfjsonpath.New("subscriptions").AtSliceIndex(0).AtMapKey("status"),
					knownvalue.StringExact("Enabled")),
				statecheck.ExpectKnownValue(critical, tfjsonpath.New("event_service").AtMapKey("service_enabled"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(critical, tfjsonpath.New("event_service").AtMapKey("submit_test_event_supported"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(critical, tfjsonpath.New("event_service").AtMapKey("severities"),
					knownvalue.SetPartial([]knownvalue.Check{knownvalue.StringExact("Critical")})),
				statecheck.ExpectKnownValue(critical, tfjsonpath.New("endpoint"), knownvalue.StringExact(tg.Endpoint)),
			},
		}},
	})
}

// The xcc profile lists SNMP and syslog destinations in the same collection;
// the data source must list them too, with their protocol.
func TestAccEventSubscriptionsDataSource_nonRedfishMembers(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "xcc"})
	tg.RequireEmulator(t, "needs the xcc profile's preloaded destinations")
	preloaded := len(tg.Sim.Subscriptions())
	if preloaded == 0 {
		t.Fatal("the xcc profile should preload non-Redfish destinations")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.ProviderConfig() + `data "bmc_event_subscriptions" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.bmc_event_subscriptions.all", tfjsonpath.New("subscriptions"), knownvalue.ListSizeExact(preloaded)),
				statecheck.ExpectKnownValue("data.bmc_event_subscriptions.all", tfjsonpath.New("subscriptions"),
					knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"protocol": knownvalue.StringRegexp(notRedfish),
					})})),
			},
		}},
	})
}
