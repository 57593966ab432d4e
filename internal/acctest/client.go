package acctest

import (
	"context"
	"fmt"
	"path"

	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// clients holds the Redfish sessions the fixtures open to look at what a
// BMC holds (one per connection setting, shared by every test of the run);
// Shutdown logs them out.
var clients = redfish.NewPool()

// ConnectionConfig is how the fixtures' own Redfish client reaches the
// target: the settings the provider is configured with.
func (tg *Target) ConnectionConfig() redfish.ConnectionConfig {
	return redfish.ConnectionConfig{
		Endpoint:         tg.Endpoint,
		Username:         tg.Username,
		Password:         tg.Password,
		Insecure:         tg.Insecure,
		CACertificatePEM: tg.CACertPEM,
		AuthMethod:       redfish.AuthMethod(tg.AuthMethod),
	}
}

// Client returns a Redfish client for the target, through which checks look
// at the BMC itself rather than at Terraform's state. Against an external
// BMC it is the only way to look; against the emulator it sees what any
// Redfish client would.
func (tg *Target) Client(ctx context.Context) (*redfish.Client, error) {
	c, err := clients.Client(ctx, tg.ConnectionConfig())
	if err != nil {
		return nil, fmt.Errorf("connecting to the BMC at %s to check what it holds: %w", tg.Endpoint, err)
	}
	return c, nil
}

// EventService is what the target's EventService advertises, for tests that
// must assume only that against an external BMC.
func (tg *Target) EventService(ctx context.Context) (*redfish.EventService, error) {
	c, err := tg.Client(ctx)
	if err != nil {
		return nil, err
	}
	return c.EventService(ctx)
}

// DeleteSubscription deletes the subscription at odataID behind Terraform's
// back, as an operator in the BMC's web interface would: on the emulator
// directly, on an external BMC with a Redfish DELETE.
func (tg *Target) DeleteSubscription(ctx context.Context, odataID string) error {
	if tg.Sim != nil {
		if !tg.Sim.DeleteSubscription(path.Base(redfish.NormalizeODataID(odataID))) {
			return fmt.Errorf("the emulated BMC has no subscription %s to delete", odataID)
		}
		return nil
	}
	c, err := tg.Client(ctx)
	if err != nil {
		return err
	}
	sub, err := c.GetSubscription(ctx, odataID)
	if err != nil {
		return err
	}
	notOurs, err := redfish.NewInventory().View(c).Delete(ctx, sub.ODataID, *sub, "")
	if err != nil {
		return err
	}
	if notOurs != "" {
		return fmt.Errorf("deleting %s: %s", odataID, notOurs)
	}
	return nil
}

// Shutdown logs out of every Redfish session the fixtures opened. TestMain
// calls it when the run ends, so that a test run leaves no session behind
// on the BMC (BMCs cap concurrent sessions at a handful).
func Shutdown(ctx context.Context) { clients.Close(ctx) }
