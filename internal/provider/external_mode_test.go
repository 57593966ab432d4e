package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// The checks that look at the BMC look at it in both modes: with the
// subscription deleted out of band, every one of them fails, against the
// emulator and against an external BMC alike; and the destroy check fails
// while the subscription is still there.
//
// The external case starts an emulator on its own listener and points the
// BMC_ACC_* variables at it, so that the fixtures know nothing of it (no
// emulator handle) and take the code path a real BMC gets. Not parallel:
// it sets environment variables, which parallel tests would see.
func TestAccChecksLookAtTheBMC(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	t.Run("emulator", func(t *testing.T) {
		t.Setenv(acctest.EnvEndpoint, "") // whatever the run points at
		tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
		if tg.Sim == nil {
			t.Fatal("the target has no emulator handle")
		}
		proveChecksLook(t, tg, tg.Sim)
	})
	t.Run("external", func(t *testing.T) {
		sim, err := bmcsim.Start(bmcsim.Options{Profile: "openbmc", TLS: true, Username: "root", Password: "ext-Pa55word"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(sim.Close)
		caFile := filepath.Join(t.TempDir(), "ca.pem")
		if err := os.WriteFile(caFile, sim.CACertPEM(), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv(acctest.EnvEndpoint, sim.URL())
		t.Setenv(acctest.EnvUsername, "root")
		t.Setenv(acctest.EnvPassword, "ext-Pa55word")
		t.Setenv(acctest.EnvCACertFile, caFile)
		t.Setenv(acctest.EnvAuthMethod, "session")
		t.Setenv(acctest.EnvInsecure, "false")
		tg := acctest.NewTarget(t, bmcsim.Options{})
		if tg.Sim != nil || !acctest.External() {
			t.Fatal("the target is the emulator, not an external BMC")
		}
		gets := sim.Stats().Count(http.MethodGet, bmcsim.KindSubscriptionGet)
		proveChecksLook(t, tg, sim)
		if sim.Stats().Count(http.MethodGet, bmcsim.KindSubscriptionGet) == gets {
			t.Error("the checks never read a subscription from the BMC")
		}

		// What TestMain does when the run ends logs out every session the
		// provider and the fixtures opened on the BMC.
		if sim.SessionCount() == 0 {
			t.Fatal("no session open on the BMC before the shutdown; the test proves nothing")
		}
		ctx := context.Background()
		Shutdown(ctx)
		acctest.Shutdown(ctx)
		if n := sim.SessionCount(); n != 0 {
			t.Errorf("%d sessions still open on the BMC after the shutdown", n)
		}
	})
}

// proveChecksLook applies one subscription to tg, whose BMC sim is, and
// runs every BMC-looking check on the resulting state three times: as is
// (they pass, the destroy check fails), with the subscription deleted out of
// band (they fail, the destroy check passes), and restored.
func proveChecksLook(t *testing.T, tg *acctest.Target, sim *bmcsim.BMC) {
	t.Helper()
	cfg := resourceConfig(tg, fmt.Sprintf("  destination = %q\n  context = \"look\"\n", acctest.Destination("look")))
	checks := map[string]resource.TestCheckFunc{
		"checkBMCHolds": checkBMCHolds(tg, 1),
	}
	if tg.Sim != nil {
		checks["checkStateMatchesSim"] = checkStateMatchesSim(t, tg)
	}
	prove := func(s *terraform.State) error {
		for name, check := range checks {
			if err := check(s); err != nil {
				return fmt.Errorf("%s with the subscription in place: %w", name, err)
			}
		}
		if checkBMCDestroyed(tg)(s) == nil {
			return fmt.Errorf("checkBMCDestroyed passed with the subscription still on the BMC")
		}
		id := s.RootModule().Resources[testResource].Primary.ID
		saved, ok := sim.Subscription(lastPathSegment(id))
		if !ok {
			return fmt.Errorf("the BMC has no subscription %s", id)
		}
		sim.DeleteSubscription(saved.ID)
		for name, check := range checks {
			if check(s) == nil {
				return fmt.Errorf("%s passed with the subscription deleted out of band", name)
			}
		}
		if err := checkBMCDestroyed(tg)(s); err != nil {
			return fmt.Errorf("checkBMCDestroyed with the subscription deleted: %w", err)
		}
		// Someone else's subscription at the reused id is not ours either.
		foreign := saved
		foreign.Destination = "https://someone-else.example.com/hook"
		if got := sim.AddSubscription(foreign); got != saved.ID {
			return fmt.Errorf("the foreign subscription landed at %s, not %s", got, saved.ID)
		}
		if check := checks["checkBMCHolds"]; check(s) == nil {
			return fmt.Errorf("checkBMCHolds passed with another destination at the subscription's id")
		}
		sim.DeleteSubscription(saved.ID)
		if got := sim.AddSubscription(saved); got != saved.ID {
			return fmt.Errorf("the subscription came back as %s, not %s", got, saved.ID)
		}
		return checkBMCHolds(tg, 1)(s)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBMCDestroyed(tg),
		Steps:                    []resource.TestStep{{Config: cfg, Check: prove}},
	})
}
