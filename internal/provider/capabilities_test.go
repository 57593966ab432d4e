package provider

import (
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// withCapabilityChecks sets capability_checks in a configuration's provider block.
func withCapabilityChecks(cfg, mode string) string {
	return strings.Replace(cfg, "provider \"bmc\" {\n", fmt.Sprintf("provider \"bmc\" {\n  capability_checks = %q\n", mode), 1)
}

// A subscription asking for what the BMC does not advertise is reported at
// plan time on the attribute, with what the BMC supports: an error with
// capability_checks = "error", a warning (the plan goes on) by default, and
// nothing with "off".
func TestAccEventSubscription_capabilityChecks(t *testing.T) {
	openbmc := acctest.NewTarget(t, bmcsim.Options{Profile: "openbmc"})
	dmtf := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	openbmc.RequireEmulator(t, "profiles with known advertisements")
	prefixes := resourceConfig(openbmc, fmt.Sprintf("  destination = %q\n  registry_prefixes = [\"Base\", \"ResourceEvent\"]\n",
		acctest.Destination("caps")))
	origin := resourceConfig(dmtf, fmt.Sprintf("  destination = %q\n  include_origin_of_condition = true\n",
		acctest.Destination("caps")))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      withCapabilityChecks(prefixes, "error"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)BMC Does Not Support RegistryPrefixes.*registry_prefixes.*"?ResourceEvent.*RegistryPrefixes lists.*OpenBMC`),
			},
			{
				Config:      withCapabilityChecks(origin, "error"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)IncludeOriginOfConditionSupported = false.*include_origin_of_condition`),
			},
			{
				// Redfish lists no protocols; SMTP needs the EventService's
				// SMTP settings, which bmcweb does not have.
				Config: withCapabilityChecks(resourceConfig(openbmc, `  destination = "mailto:ops@example.com"
  protocol    = "SMTP"
`), "error"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)BMC Does Not Support Protocol.*"SMTP".*has no SMTP`),
			},
			{Config: withCapabilityChecks(prefixes, "warn"), PlanOnly: true, ExpectNonEmptyPlan: true},
			{Config: prefixes, PlanOnly: true, ExpectNonEmptyPlan: true},
			{Config: withCapabilityChecks(prefixes, "off"), PlanOnly: true, ExpectNonEmptyPlan: true},
		},
	})
}

// A BMC that cannot be reached is not checked: the plan goes on.
func TestAccEventSubscription_capabilityChecksUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	_ = ln.Close()
	cfg := fmt.Sprintf(`provider "bmc" {
  endpoint          = %q
  capability_checks = "error"
  max_retries       = 0
}
resource "bmc_event_subscription" "test" {
  destination       = %q
  registry_prefixes = ["ResourceEvent"]
}
`, dead, acctest.Destination("caps"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: cfg, PlanOnly: true, ExpectNonEmptyPlan: true}},
	})
}

// At the BMC's cap, the create fails and says how many subscriptions the
// BMC holds, with their ids and scheme://host:port only: a full destination
// can carry another team's token.
func TestAccEventSubscription_subscriptionCap(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "openbmc", MaxSubscriptions: 1})
	tg.RequireEmulator(t, "a BMC with a cap of one")
	foreign := bmcsim.Subscription{Destination: "https://other-team.example.com:8443/hook?token=s3cr3t-t0ken",
		Context: "theirs", Protocol: "Redfish"}
	cfg := resourceConfig(tg, fmt.Sprintf("  destination = %q\n", acctest.Destination("cap")))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if id := tg.Sim.AddSubscription(foreign); id == "" {
					t.Fatal("could not add the foreign subscription")
				}
			},
			Config:      cfg,
			ExpectError: regexp.MustCompile(`(?s)BMC Holds As Many Subscriptions As It Can.*holds 1 event\s+subscriptions.*\(https://other-team\.example\.com:8443\)`),
		}, {
			Config:   cfg,
			PlanOnly: true, ExpectNonEmptyPlan: true,
			PreConfig: func() {
				if subs := tg.Sim.Subscriptions(); len(subs) != 1 || subs[0].Context != "theirs" {
					t.Errorf("the BMC holds %+v, want only the foreign subscription", subs)
				}
			},
		}},
	})
}

// The capability probe logs in: credentials the BMC rejects fail the plan.
func TestAccEventSubscription_capabilityChecksRejectedLogin(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf", Username: "admin", Password: "right"})
	tg.RequireEmulator(t, "a BMC with a password")
	cfg := strings.Replace(resourceConfig(tg, fmt.Sprintf("  destination = %q\n", acctest.Destination("caps-auth"))),
		`"right"`, `"wrong"`, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      withCapabilityChecks(cfg, "warn"),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`BMC Rejected the Configured Credentials`),
		}},
	})
}
