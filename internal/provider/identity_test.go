package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// Resource identity: the BMC and the subscription's Redfish Id, recorded
// on create and usable in an import block instead of a URL. Terraform 1.11
// has no resource identity (the version check skips this there); CI runs it
// under OpenTofu 1.12 (`make testacc-tofu`).
func TestAccEventSubscription_importByIdentity(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	cfg := resourceConfig(tg, fmt.Sprintf("  destination = %q\n  context = \"identity\"\n", acctest.Destination("identity")))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(testResource, map[string]knownvalue.Check{
						"endpoint":        knownvalue.StringExact(tg.Endpoint),
						"subscription_id": knownvalue.NotNull(),
					}),
				},
			},
			{
				ResourceName:    testResource,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}
