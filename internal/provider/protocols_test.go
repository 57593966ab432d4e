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

// An SNMPv3 subscription: its keys reach the BMC and never state; bumping
// snmp_wo_version replaces it with the new keys; an import plans clean.
func TestAccEventSubscription_snmp(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, "reads the keys the BMC stored")
	config := func(version int, authKey string) string {
		return resourceConfig(tg, fmt.Sprintf(`  destination = "snmp://trap.example.com:162"
  protocol    = "SNMPv3"
  context     = "snmp"
  snmp = {
    authentication_protocol = "HMAC_SHA96"
    encryption_protocol     = "CFB128_AES128"
  }
  snmp_authentication_key_wo = %q
  snmp_encryption_key_wo     = "priv-key-456"
  snmp_wo_version            = %d
`, authKey, version))
	}
	storedKey := func(want string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			subs := tg.Created()
			if len(subs) != 1 {
				return fmt.Errorf("BMC holds %d subscriptions, want 1", len(subs))
			}
			if !strings.Contains(string(subs[0].SNMP), `"AuthenticationKey":"`+want+`"`) {
				return fmt.Errorf("BMC stored SNMP %s, want AuthenticationKey %s", subs[0].SNMP, want)
			}
			return noValueInState(s, want, "priv-key-456")
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(1, "auth-key-123"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("snmp").AtMapKey("authentication_key_set"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("snmp").AtMapKey("encryption_key_set"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("snmp_authentication_key_wo"), knownvalue.Null()),
				},
				Check: storedKey("auth-key-123"),
			},
			{
				// A new key alone is invisible to Terraform: nothing to do.
				Config:   config(1, "auth-key-789"),
				PlanOnly: true,
			},
			{
				Config: config(2, "auth-key-789"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionReplace),
				}},
				Check: storedKey("auth-key-789"),
			},
			{
				ResourceName:            testResource,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"snmp_wo_version"},
			},
		},
	})
}

// A syslog subscription with filters and a backup destination.
func TestAccEventSubscription_syslog(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, "reads what the BMC stored")
	config := func(severity string) string {
		return resourceConfig(tg, fmt.Sprintf(`  destination = "syslog://192.0.2.8:6514"
  protocol    = "SyslogTLS"
  context     = "syslog"
  syslog_filters = [
    { log_facilities = ["Auth", "Daemon"], lowest_severity = %q },
  ]
  backup_destinations = ["syslog://192.0.2.9:6514"]
`, severity))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("Warning"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("syslog_filters"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"log_facilities":  knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("Auth"), knownvalue.StringExact("Daemon")}),
							"lowest_severity": knownvalue.StringExact("Warning"),
						}),
					})),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("subscription_type"), knownvalue.StringExact("Syslog")),
				},
				Check: func(*terraform.State) error {
					subs := tg.Created()
					if len(subs) != 1 || !strings.Contains(string(subs[0].SyslogFilters), `"LowestSeverity":"Warning"`) ||
						len(subs[0].BackupDestinations) != 1 {
						return fmt.Errorf("BMC stored %+v", subs)
					}
					return nil
				},
			},
			{
				Config: config("Error"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionReplace),
				}},
			},
			{ResourceName: testResource, ImportState: true, ImportStateVerify: true},
		},
	})
}

// A BMC that does not take a property says so, on the attribute.
func TestAccEventSubscription_snmpRefused(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "openbmc"})
	tg.RequireEmulator(t, "a profile that refuses SNMP")
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: resourceConfig(tg, `  destination = "snmp://trap.example.com"
  protocol    = "SNMPv2c"
  snmp_trap_community_wo = "community-secret"
`),
			ExpectError: regexp.MustCompile(`(?s)protocol|SNMP`),
		}},
	})
}

// noValueInState fails when any attribute of any resource holds one of values.
func noValueInState(s *terraform.State, values ...string) error {
	for addr, rs := range s.RootModule().Resources {
		for k, v := range rs.Primary.Attributes {
			for _, secret := range values {
				if strings.Contains(v, secret) {
					return fmt.Errorf("%s.%s holds a secret", addr, k)
				}
			}
		}
	}
	return nil
}

// The data source lists SNMP settings as the BMC shows them (keys: set or
// not, never their values) and filters by protocol.
func TestAccEventSubscriptionsDataSource_protocolFilter(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, "an SNMP-capable profile")
	cfg := tg.ProviderConfig() + fmt.Sprintf(`
resource "bmc_event_subscription" "snmp" {
  destination                = "snmp://trap.example.com"
  protocol                   = "SNMPv3"
  snmp                       = { authentication_protocol = "HMAC_SHA96" }
  snmp_authentication_key_wo = "auth-key-123"
}
resource "bmc_event_subscription" "redfish" {
  destination = %q
}
data "bmc_event_subscriptions" "snmp" {
  protocol   = "snmpv3"
  depends_on = [bmc_event_subscription.snmp, bmc_event_subscription.redfish]
}
`, acctest.Destination("ds-protocol"))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.bmc_event_subscriptions.snmp", tfjsonpath.New("subscriptions"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"protocol": knownvalue.StringExact("SNMPv3"),
						"snmp": knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"authentication_protocol": knownvalue.StringExact("HMAC_SHA96"),
							"authentication_key_set":  knownvalue.Bool(true),
						}),
					}),
				})),
			},
			Check: func(s *terraform.State) error { return noValueInState(s, "auth-key-123") },
		}},
	})
}
