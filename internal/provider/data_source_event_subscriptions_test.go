package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
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
	want := dataSourceExpectations(t, tg)
	cfg := tg.ProviderConfig() + fmt.Sprintf(`
resource "bmc_event_subscription" "critical" {
  destination = %q
  context     = "ds-critical"
  %s
}

resource "bmc_event_subscription" "warning" {
  destination = %q
  context     = "ds-warning"
  %s
}

data "bmc_event_subscriptions" "all" {
  depends_on = [bmc_event_subscription.critical, bmc_event_subscription.warning]
}

data "bmc_event_subscriptions" "critical" {
  context    = "ds-critical"
  depends_on = [bmc_event_subscription.critical, bmc_event_subscription.warning]
}
`, acctest.Destination("ds-critical"), want.filter("Critical"), acctest.Destination("ds-warning"), want.filter("Warning"))

	critical := "data.bmc_event_subscriptions.critical"
	member := tfjsonpath.New("subscriptions").AtSliceIndex(0)
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.bmc_event_subscriptions.all", tfjsonpath.New("subscriptions"), want.allCount),
		statecheck.ExpectKnownValue(critical, tfjsonpath.New("subscriptions"), knownvalue.ListSizeExact(1)),
		statecheck.CompareValuePairs(critical, member.AtMapKey("id"),
			"bmc_event_subscription.critical", tfjsonpath.New("id"), compareEqual),
		statecheck.CompareValuePairs(critical, member.AtMapKey("destination"),
			"bmc_event_subscription.critical", tfjsonpath.New("destination"), sameURIComparer{}),
		statecheck.ExpectKnownValue(critical, member.AtMapKey("status"), want.status),
		// Creating the subscriptions needed an enabled service.
		statecheck.ExpectKnownValue(critical, tfjsonpath.New("event_service").AtMapKey("service_enabled"), knownvalue.Bool(true)),
		statecheck.ExpectKnownValue(critical, tfjsonpath.New("event_service").AtMapKey("submit_test_event_supported"), knownvalue.Bool(want.submitTestEvent)),
		statecheck.ExpectKnownValue(critical, tfjsonpath.New("event_service").AtMapKey("severities"), want.serviceSeverities),
		statecheck.ExpectKnownValue(critical, tfjsonpath.New("endpoint"), knownvalue.StringExact(tg.Endpoint)),
	}
	if tg.Sim != nil {
		// The emulator reports Destination as it was sent.
		checks = append(checks, statecheck.ExpectKnownValue(critical, member.AtMapKey("destination"),
			knownvalue.StringExact(acctest.Destination("ds-critical"))))
	}
	if want.severities {
		checks = append(checks, statecheck.ExpectKnownValue(critical, member.AtMapKey("severities"),
			knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("Critical")})))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBMCDestroyed(tg),
		Steps: []resource.TestStep{{
			Config:            cfg,
			ConfigStateChecks: checks,
			Check:             checkBMCHolds(tg, 2),
		}},
	})
}

// dataSourceWant is what the data source test may expect of its BMC.
type dataSourceWant struct {
	// severities: the BMC filters on Severities, so the test's
	// subscriptions use them and the data source reads them back.
	severities        bool
	allCount          knownvalue.Check
	status            knownvalue.Check
	submitTestEvent   bool
	serviceSeverities knownvalue.Check
}

func (w dataSourceWant) filter(severity string) string {
	if !w.severities {
		return ""
	}
	return fmt.Sprintf("severities  = [%q]", severity)
}

// dataSourceExpectations is strict against the emulator (the dmtf profile
// advertises and reports everything). Against an external BMC it expects
// only what the DMTF schema requires and what the BMC advertises: Status is
// optional in EventDestination, Severities and SubmitTestEvent optional in
// EventService, and the BMC may hold other people's subscriptions.
func dataSourceExpectations(t *testing.T, tg *acctest.Target) dataSourceWant {
	t.Helper()
	if tg.Sim != nil {
		return dataSourceWant{
			severities:        true,
			allCount:          knownvalue.ListSizeExact(2),
			status:            knownvalue.StringExact("Enabled"),
			submitTestEvent:   true,
			serviceSeverities: knownvalue.SetPartial([]knownvalue.Check{knownvalue.StringExact("Critical")}),
		}
	}
	es, err := tg.EventService(context.Background())
	if err != nil {
		t.Fatalf("reading the EventService of %s: %v", tg.Endpoint, err)
	}
	w := dataSourceWant{
		severities: slices.Contains(es.Severities, "Critical") && slices.Contains(es.Severities, "Warning"),
		allCount:   knownvalue.NotNull(),
		// Status.State, when reported, is one of the schema's State values.
		status:          knownvalue.StringRegexp(regexp.MustCompile(`^(|Enabled|Disabled|StandbyOffline|StandbySpare|InTest|Starting|Absent|UnavailableOffline|Deferring|Quiesced|Updating|Qualified|Degraded)$`)),
		submitTestEvent: es.SubmitTestEventTarget != "",
	}
	w.serviceSeverities = nullOrEmptySet{}
	if len(es.Severities) > 0 {
		advertised := make([]knownvalue.Check, 0, len(es.Severities))
		for _, s := range es.Severities {
			advertised = append(advertised, knownvalue.StringExact(s))
		}
		w.serviceSeverities = knownvalue.SetExact(advertised)
	}
	return w
}

// nullOrEmptySet passes for a set attribute with nothing in it.
type nullOrEmptySet struct{}

func (nullOrEmptySet) CheckValue(v any) error {
	if v == nil {
		return nil
	}
	if s, ok := v.([]any); ok && len(s) == 0 {
		return nil
	}
	return fmt.Errorf("expected a null or empty set, got %v", v)
}

func (nullOrEmptySet) String() string { return "null or empty set" }

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
