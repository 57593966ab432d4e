package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
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

// stateSubscription is one bmc_event_subscription of the state, on the target.
type stateSubscription struct {
	name, id, destination string
}

// subscriptionsInState lists the state's subscriptions on tg's BMC (a
// resource may name another BMC in its bmc block).
func subscriptionsInState(s *terraform.State, tg *acctest.Target) []stateSubscription {
	var out []stateSubscription
	for name, rs := range s.RootModule().Resources {
		if rs.Type != "bmc_event_subscription" || rs.Primary == nil {
			continue
		}
		a := rs.Primary.Attributes
		if ep, err := redfish.NormalizeEndpoint(a["endpoint"]); err != nil || !strings.EqualFold(ep, normalizedEndpoint(tg.Endpoint)) {
			continue
		}
		out = append(out, stateSubscription{name: name, id: rs.Primary.ID, destination: a["destination"]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// normalizedEndpoint is e as the provider records it in state, or e itself
// when it does not parse.
func normalizedEndpoint(e string) string {
	ep, err := redfish.NormalizeEndpoint(e)
	if err != nil {
		return e
	}
	return ep
}

// onBMC reads the subscription at id from the BMC: the emulator's record, or
// a Redfish GET through the fixtures' client against an external BMC. ok is
// false when the BMC has no subscription there.
func onBMC(tg *acctest.Target, id string) (destination string, ok bool, err error) {
	if tg.Sim != nil {
		s, ok := tg.Sim.Subscription(lastPathSegment(id))
		return s.Destination, ok, nil
	}
	ctx := context.Background()
	c, err := tg.Client(ctx)
	if err != nil {
		return "", false, err
	}
	sub, err := c.GetSubscription(ctx, id)
	if errors.Is(err, redfish.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return sub.Destination, true, nil
}

// checkBMCHolds asserts, after an apply, that every subscription in state is
// on the BMC, at its id and to its destination, and that want of them are
// there: "applied" means "on the BMC", not just "in state". Against the
// emulator it also counts what the test created (a subscription the BMC
// holds that state lost fails it); an external BMC may hold other people's
// subscriptions, so there it reads each one in state through Redfish.
func checkBMCHolds(tg *acctest.Target, want int) func(*terraform.State) error {
	return func(s *terraform.State) error {
		found := 0
		for _, sub := range subscriptionsInState(s, tg) {
			dest, ok, err := onBMC(tg, sub.id)
			if err != nil {
				return fmt.Errorf("%s: %w", sub.name, err)
			}
			if !ok {
				return fmt.Errorf("%s: the BMC at %s has no subscription %s, which state holds", sub.name, tg.Endpoint, sub.id)
			}
			if !redfish.SameDestinationAtPath(sub.destination, dest) {
				return fmt.Errorf("%s: the BMC holds a subscription to %s at %s, state one to %s", sub.name, dest, sub.id, sub.destination)
			}
			found++
		}
		if tg.Sim != nil {
			if got := len(tg.Created()); got != want {
				return fmt.Errorf("emulated BMC holds %d subscriptions, want %d", got, want)
			}
			return nil
		}
		if found != want {
			return fmt.Errorf("the BMC at %s holds %d of the subscriptions in state, want %d", tg.Endpoint, found, want)
		}
		return nil
	}
}

// checkBMCDestroyed is a CheckDestroy: none of the subscriptions state held
// before the destroy is still on the BMC (a subscription to another
// destination at a reused id is someone else's). Against the emulator the
// test must also have left nothing behind.
func checkBMCDestroyed(tg *acctest.Target) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for _, sub := range subscriptionsInState(s, tg) {
			dest, ok, err := onBMC(tg, sub.id)
			if err != nil {
				return fmt.Errorf("%s: %w", sub.name, err)
			}
			if ok && redfish.SameDestinationAtPath(sub.destination, dest) {
				return fmt.Errorf("%s: the BMC at %s still holds subscription %s to %s after the destroy", sub.name, tg.Endpoint, sub.id, dest)
			}
		}
		if tg.Sim != nil {
			if left := tg.Created(); len(left) != 0 {
				return fmt.Errorf("after the destroy the emulated BMC holds %d subscriptions the test created: %+v", len(left), left)
			}
		}
		return nil
	}
}

// rememberID records the id of resourceName in *id, for a later step that
// acts on the BMC behind Terraform's back.
func rememberID(resourceName string, id *string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[resourceName]
		if !ok {
			return fmt.Errorf("%s not in state", resourceName)
		}
		*id = rs.Primary.ID
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
