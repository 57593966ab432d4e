package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// testAccProtoV6ProviderFactories runs the provider in-process, behind the
// same redaction layer as the released binary; the terraform binary on PATH
// talks to it over the plugin protocol.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"bmc": NewProtocol6ServerWithError("test"),
}

func TestProviderSchemaIsValid(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	var resp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(ctx); diags.HasError() {
		t.Fatalf("schema implementation: %v", diags)
	}
}

// resourceConfig is the target's provider block plus one subscription.
func resourceConfig(tg *acctest.Target, body string) string {
	return tg.ProviderConfig() + fmt.Sprintf("resource \"bmc_event_subscription\" \"test\" {\n%s\n}\n", body)
}

// onlySubscription returns the one subscription the emulated BMC holds.
func onlySubscription(t *testing.T, tg *acctest.Target) bmcsim.Subscription {
	t.Helper()
	subs := tg.Created()
	if len(subs) != 1 {
		t.Fatalf("emulated BMC holds %d subscriptions, want 1: %+v", len(subs), subs)
	}
	return subs[0]
}

// checkSimHolds asserts, after an apply, how many subscriptions the emulated
// BMC holds, so that "applied" means "on the BMC", not just "in state".
func checkSimHolds(tg *acctest.Target, want int) func(*terraform.State) error {
	return func(*terraform.State) error {
		if tg.Sim == nil {
			return nil
		}
		if got := len(tg.Created()); got != want {
			return fmt.Errorf("emulated BMC holds %d subscriptions, want %d", got, want)
		}
		return nil
	}
}

// checkStateHasNo fails when any attribute of any resource in state holds
// secret: write-only values must never reach state.
func checkStateHasNo(secret string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				if strings.Contains(v, secret) {
					return fmt.Errorf("%s.%s holds the write-only secret", name, k)
				}
			}
		}
		return nil
	}
}

// importURL builds the full-URL import ID of the test subscription.
func importURL(resourceName string) func(*terraform.State) (string, error) {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[resourceName]
		if !ok {
			return "", fmt.Errorf("%s not in state", resourceName)
		}
		return rs.Primary.Attributes["endpoint"] + rs.Primary.Attributes["id"], nil
	}
}
