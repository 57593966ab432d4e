package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// upgradeBaseline is the last commit before the ownership rules changed what
// Read, Create and Delete do. State written by the provider built from it
// must plan clean with this one: every argument forces replacement, so a
// changed Read would replace a whole fleet on upgrade. When a later change
// of Read lands, keep this test and add that change's parent as a baseline.
const upgradeBaseline = "dd74843"

var baselineProvider struct {
	once sync.Once
	dir  string
	err  error
}

// baselineProviderDir builds the provider as it was at upgradeBaseline, from
// this repository's git history.
func baselineProviderDir(t *testing.T) string {
	t.Helper()
	baselineProvider.once.Do(func() {
		root := repoRoot(t)
		dir, err := os.MkdirTemp("", "tf-provider-bmc-baseline-") //nolint:usetesting // shared, removed by TestMain
		if err != nil {
			baselineProvider.err = err
			return
		}
		baselineProvider.dir = dir
		src := filepath.Join(dir, "src")
		archive := exec.Command("sh", "-c", fmt.Sprintf("mkdir -p %q && git -C %q archive %s | tar -x -C %q", src, root, upgradeBaseline, src))
		if out, err := archive.CombinedOutput(); err != nil {
			baselineProvider.err = fmt.Errorf("extracting %s from git history (a clone with its history is needed): %v\n%s",
				upgradeBaseline, err, out)
			return
		}
		baselineProvider.err = goBuild(src, dir)
	})
	if baselineProvider.err != nil {
		t.Fatalf("building the baseline provider: %v", baselineProvider.err)
	}
	return baselineProvider.dir
}

// State written by the previous provider plans clean with this one, on every
// profile.
func TestAccUpgrade_previousStatePlansClean(t *testing.T) {
	requireCLI(t)
	old, current := baselineProviderDir(t), currentProviderDir(t)
	for _, p := range profileCases {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			tg := acctest.NewTarget(t, p.options())
			tg.RequireEmulator(t, "runs a vendor profile")
			w := newCLIWorkdir(t, old, p.config(tg, "upgrade-"+p.name))
			out, code := w.run("apply", "-auto-approve")
			if code != 0 {
				// The baseline could not apply on this profile (a fidelity
				// fix it did not have): there is no state of it to keep.
				t.Logf("the baseline provider cannot apply on %s:\n%s", p.name, out)
				w.useProvider(current)
				w.mustRun("apply", "-auto-approve")
				w.mustRun("plan", "-detailed-exitcode")
				w.mustRun("destroy", "-auto-approve")
				return
			}
			before := w.state()
			w.useProvider(current)
			if out, code := w.run("plan", "-detailed-exitcode"); code != 0 {
				t.Fatalf("state written by the baseline does not plan clean (exit %d):\n%s", code, out)
			}
			// And an apply changes nothing either.
			w.mustRun("apply", "-auto-approve")
			if after := w.state(); len(after) != 1 || after[0].ID != before[0].ID {
				t.Fatalf("the subscription changed on upgrade: %v → %v", before, after)
			}
			w.mustRun("destroy", "-auto-approve")
			if n := len(tg.Created()); n != 0 {
				t.Fatalf("destroy left %d subscriptions", n)
			}
		})
	}
}

// The baseline provider imported anything below /redfish/v1 and deleted it
// on destroy. State it wrote for another user's session is refused by this
// provider: the refresh fails naming what it is, and a destroy that skips
// the refresh deletes nothing.
func TestAccUpgrade_importedNonSubscriptionIsNotDeleted(t *testing.T) {
	requireCLI(t)
	old, current := baselineProviderDir(t), currentProviderDir(t)
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf", Username: "admin", Password: "s3cret"})
	tg.RequireEmulator(t, "holds another user's session")
	session, token := loginSession(t, tg)
	w := newCLIWorkdir(t, old, subscriptionsConfig(tg, 1, acctest.Destination("upgrade-import"), "    auth_method = \"session\""))
	if out, code := w.run("import", "bmc_event_subscription.s[0]", tg.Endpoint+session); code != 0 {
		t.Fatalf("the baseline provider no longer imports a session, so this test shows nothing:\n%s", out)
	}
	w.useProvider(current)
	out, code := w.run("plan")
	if code == 0 || !strings.Contains(out, "Not an Event Subscription") {
		t.Fatalf("plan with a session in state: exit %d\n%s", code, out)
	}
	out = w.mustRun("destroy", "-auto-approve", "-refresh=false")
	if !strings.Contains(out, "Not an Event Subscription") {
		t.Errorf("destroy gave no warning:\n%s", out)
	}
	checkSessionAlive(t, tg, session, token)
}
