package provider

// A harness for acceptance tests that terraform-plugin-testing cannot
// express: terraform killed or interrupted mid-apply, two terraform
// processes at once, a saved plan applied after the BMC changed, and state
// written by an older build of this provider. It runs the real terraform
// binary on PATH, as a user would, against a provider binary built from this
// repository (or from a commit of its history), installed with a
// dev_overrides CLI configuration (no terraform init, nothing downloaded).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

func TestMain(m *testing.M) {
	code := m.Run()
	// Log out of the sessions the in-process provider and the fixtures
	// opened, as the released binary does when Terraform stops it: against
	// an external BMC, sessions left to expire would lock out the next run.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	Shutdown(ctx)
	acctest.Shutdown(ctx)
	cancel()
	for _, dir := range []string{builtProvider.dir, baselineProvider.dir} {
		if dir != "" {
			_ = os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

// cliVersion is the version the terraform binary on PATH reports, once per
// test binary (OpenTofu reports its own, which tracks Terraform's features).
var cliVersion = sync.OnceValues(func() ([]int, error) {
	out, err := exec.Command(terraformBinary(), "version", "-json").Output()
	if err != nil {
		return nil, fmt.Errorf("%s version -json: %w", terraformBinary(), err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("%s version -json: %w", terraformBinary(), err)
	}
	return parseVersion(v.Version)
})

// parseVersion reads "1.11.4" (or "1.12.0-beta1") into its numbers.
func parseVersion(s string) ([]int, error) {
	core, _, _ := strings.Cut(strings.TrimPrefix(s, "v"), "-")
	var nums []int
	for _, part := range strings.Split(core, ".") {
		n, err := strconv.Atoi(part)
		if err != nil {
			return nil, fmt.Errorf("version %q: %w", s, err)
		}
		nums = append(nums, n)
	}
	return nums, nil
}

// requireCLIVersion skips a CLI-harness test when the terraform binary is
// older than minimum, the version that brought feature: the CLI harness
// runs outside terraform-plugin-testing, whose TerraformVersionChecks gate
// the other tests.
func requireCLIVersion(t *testing.T, minimum interface {
	Segments() []int
	String() string
}, feature string) {
	t.Helper()
	requireCLI(t)
	got, err := cliVersion()
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range minimum.Segments() {
		n := 0
		if i < len(got) {
			n = got[i]
		}
		if n != want {
			if n < want {
				t.Skipf("%s needs Terraform %s or later; %s is %v", feature, minimum, terraformBinary(), got)
			}
			return
		}
	}
}

// repoRoot is the module root, two levels above this package.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

var builtProvider struct {
	once sync.Once
	dir  string
	err  error
}

// currentProviderDir builds this repository's provider once per test binary
// and returns the folder holding terraform-provider-bmc.
func currentProviderDir(t testing.TB) string {
	t.Helper()
	builtProvider.once.Do(func() {
		// Shared by every test of the binary, so not t.TempDir (removed
		// when the first test ends); TestMain removes it.
		dir, err := os.MkdirTemp("", "tf-provider-bmc-current-") //nolint:usetesting // see above
		if err != nil {
			builtProvider.err = err
			return
		}
		builtProvider.dir = dir
		builtProvider.err = goBuild(repoRoot(t), dir)
	})
	if builtProvider.err != nil {
		t.Fatalf("building the provider: %v", builtProvider.err)
	}
	return builtProvider.dir
}

func goBuild(src, outDir string) error {
	cmd := exec.Command("go", "build", "-o", filepath.Join(outDir, "terraform-provider-bmc"), ".")
	cmd.Dir = src
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build in %s: %v\n%s", src, err, out)
	}
	return nil
}

// cliWorkdir is one Terraform working directory with its own state.
type cliWorkdir struct {
	t   testing.TB
	dir string
	env []string
}

func newCLIWorkdir(t testing.TB, providerDir, config string) *cliWorkdir {
	t.Helper()
	dir := t.TempDir()
	w := &cliWorkdir{t: t, dir: dir}
	w.useProvider(providerDir)
	w.write(config)
	return w
}

// useProvider points the working directory at another provider build.
func (w *cliWorkdir) useProvider(providerDir string) {
	rc := filepath.Join(w.dir, "cli.tfrc")
	// Both addresses: configurations that name no source (hashicorp/bmc)
	// and those that name the registry's (bmc-events/bmc).
	body := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"hashicorp/bmc\" = %q\n"+
		"    \"bmc-events/bmc\" = %q\n  }\n  direct {}\n}\n", providerDir, providerDir)
	if err := os.WriteFile(rc, []byte(body), 0o600); err != nil {
		w.t.Fatal(err)
	}
	// Neither the developer's Terraform settings nor BMC_* credentials
	// reach the commands: each test sets what it means to.
	env := []string{}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "TF_") && !strings.HasPrefix(k, "BMC_") {
			env = append(env, kv)
		}
	}
	w.env = append(env, "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
}

func (w *cliWorkdir) write(config string) {
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// terraformBinary is what terraform-plugin-testing runs too: the binary
// TF_ACC_TERRAFORM_PATH names (OpenTofu's tofu, say), else terraform on PATH.
func terraformBinary() string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	return "terraform"
}

func (w *cliWorkdir) command(args ...string) *exec.Cmd {
	cmd := exec.Command(terraformBinary(), append(args, "-no-color")...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	// Its own process group, so that a test can signal terraform and its
	// provider plugin together, as a terminal does.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd
}

// run runs terraform to completion and returns its output and exit code.
func (w *cliWorkdir) run(args ...string) (string, int) {
	w.t.Helper()
	cmd := w.command(args...)
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			w.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return string(out), code
}

// mustRun runs terraform and fails the test unless it exits 0.
func (w *cliWorkdir) mustRun(args ...string) string {
	w.t.Helper()
	out, code := w.run(args...)
	if code != 0 {
		w.t.Fatalf("terraform %s exited %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// start starts terraform in the background; its output collects in the buffer.
func (w *cliWorkdir) start(args ...string) (*exec.Cmd, *syncBuffer) {
	w.t.Helper()
	cmd := w.command(args...)
	buf := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = buf, buf
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	return cmd, buf
}

// signalGroup sends sig to terraform's process group (terraform and its
// provider plugin), as Ctrl-C in a terminal or kill -9 of a CI job does.
func signalGroup(t testing.TB, cmd *exec.Cmd, sig syscall.Signal) {
	t.Helper()
	if err := syscall.Kill(-cmd.Process.Pid, sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// stateInstance is one bmc_event_subscription instance of a state file.
type stateInstance struct {
	Address string
	ID      string
	Tainted bool
}

// state reads the working directory's terraform.tfstate (none yet: empty).
func (w *cliWorkdir) state() []stateInstance {
	w.t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		w.t.Fatal(err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil // a terraform killed mid-write leaves it empty; terraform reads that as no state
	}
	var st struct {
		Resources []struct {
			Mode, Type, Name string
			Instances        []struct {
				IndexKey   any    `json:"index_key"`
				Status     string `json:"status"`
				Attributes struct {
					ID string `json:"id"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		w.t.Fatalf("terraform.tfstate: %v", err)
	}
	var out []stateInstance
	for _, r := range st.Resources {
		if r.Mode != "managed" || r.Type != "bmc_event_subscription" {
			continue
		}
		for _, in := range r.Instances {
			addr := r.Type + "." + r.Name
			if in.IndexKey != nil {
				addr += fmt.Sprintf("[%v]", in.IndexKey)
			}
			out = append(out, stateInstance{Address: addr, ID: in.Attributes.ID, Tainted: in.Status == "tainted"})
		}
	}
	return out
}

// ownership is what a test knows of a BMC: the subscriptions that were there
// before Terraform ran (other teams'), which must stay exactly as they were.
type ownership struct {
	tg      *acctest.Target
	foreign map[string]bmcsim.Subscription
}

func newOwnership(tg *acctest.Target) *ownership {
	o := &ownership{tg: tg, foreign: map[string]bmcsim.Subscription{}}
	for _, s := range tg.Sim.Subscriptions() {
		o.foreign[s.ID] = s
	}
	return o
}

// check asserts the invariant of ownership: every foreign subscription is
// untouched; no subscription is in two states; every subscription a state
// records exists on the BMC unless allowMissing (a failed destroy may leave
// state pointing at one it deleted); and every other subscription on the
// BMC (a leftover) is named, by its import ID, in output. It returns the
// leftovers' paths.
func (o *ownership) check(t testing.TB, output string, allowMissing bool, states ...*cliWorkdir) []string {
	t.Helper()
	onBMC := map[string]bmcsim.Subscription{}
	for _, s := range o.tg.Sim.Subscriptions() {
		onBMC[s.ODataID] = s
	}
	for id, f := range o.foreign {
		got, ok := o.tg.Sim.Subscription(id)
		if !ok {
			t.Fatalf("the foreign subscription %s was deleted", id)
		}
		got.Created, f.Created = time.Time{}, time.Time{}
		if !reflect.DeepEqual(got, f) {
			t.Fatalf("the foreign subscription %s was changed:\nbefore %+v\nafter  %+v", id, f, got)
		}
		delete(onBMC, f.ODataID)
	}
	owner := map[string]string{}
	for i, w := range states {
		for _, in := range w.state() {
			if prev, dup := owner[in.ID]; dup {
				t.Fatalf("%s is owned twice: by %s and by %s of state %d", in.ID, prev, in.Address, i)
			}
			owner[in.ID] = fmt.Sprintf("%s of state %d", in.Address, i)
			if _, ok := onBMC[in.ID]; !ok && !allowMissing {
				if _, foreign := o.foreign[lastPathSegment(in.ID)]; foreign {
					t.Fatalf("%s records the foreign subscription %s", in.Address, in.ID)
				}
				t.Fatalf("%s records %s, which the BMC does not hold", in.Address, in.ID)
			}
			delete(onBMC, in.ID)
		}
	}
	var leftovers []string
	for id := range onBMC {
		leftovers = append(leftovers, id)
		if !strings.Contains(output, o.tg.Endpoint+id) {
			t.Fatalf("the BMC holds %s, which no state records, and no output named its import ID %s:\n%s",
				id, o.tg.Endpoint+id, output)
		}
	}
	sort.Strings(leftovers)
	return leftovers
}

// subscriptionsConfig is a provider block and count subscriptions, each with
// its own context; extraProvider goes into the provider block.
func subscriptionsConfig(tg *acctest.Target, count int, destination, extraProvider string) string {
	cfg := tg.ProviderConfig()
	if extraProvider != "" {
		cfg = strings.Replace(cfg, "provider \"bmc\" {\n", "provider \"bmc\" {\n"+extraProvider+"\n", 1)
	}
	return cfg + fmt.Sprintf(`
resource "bmc_event_subscription" "s" {
  count       = %d
  destination = %q
  context     = "own-${count.index}"
  severities  = ["Critical"]
}
`, count, destination)
}
