package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// Setup is one run of the commands on a fresh fleet.
type Setup struct {
	Name    string
	Profile string
	// Latency is added to every request; Login is the whole time a login
	// takes (latency included).
	Latency, Login time.Duration
	// Floor runs the floor provider instead of the real one.
	Floor bool
}

// Binaries are what Terraform runs as the provider: Wrapper (the rusage
// command, installed as terraform-provider-bmc) runs Provider or Floor.
type Binaries struct {
	Wrapper, Provider, Floor string
}

// Runner runs setups on fleets of BMCs × Subs subscriptions.
type Runner struct {
	BMCs, Subs, Deleted int
	Terraform           string
	Bin                 Binaries
	// SessionCap is each BMC's concurrent-session cap: going over fails
	// the login, and so the run.
	SessionCap int
	// CPUProfile, when set, is the prefix of the provider processes' CPU
	// profiles (the provider must be a profiling build; the floor always is).
	CPUProfile string
	// HeapProfile, when set, is the prefix of heap profiles taken at each
	// provider process's peak (a profiling build too).
	HeapProfile string
	WorkDir     string
	// Rounds is how many times each setup's commands run (see Combine).
	Rounds int
}

// Result is what one command cost.
type Result struct {
	Command  Command
	Requests int64
	Sessions int64
	Wall     time.Duration
	Usage    Usage
}

// Run runs the commands of a setup, in order, r.Rounds times over (at least
// once) on a fresh fleet and a fresh working directory, and combines the
// rounds (see Combine). With withFloor, each command is also run against the
// floor provider (in a working directory of its own) right after the real
// provider's: the machine's speed drifts by a third over minutes (shared
// cores), so CPU is compared only between runs a few seconds apart.
func (r *Runner) Run(ctx context.Context, s Setup, withFloor bool) (provider, floor []Result, caps Capabilities, err error) {
	fleet, err := bmcsim.StartFleet(r.BMCs, bmcsim.Options{
		Profile: s.Profile, TLS: true, Username: "admin", Password: "pw",
		Latency: s.Latency, SessionCap: r.SessionCap, MaxSubscriptions: -1,
	})
	if err != nil {
		return nil, nil, Capabilities{}, err
	}
	defer fleet.Close()
	if extra := s.Login - s.Latency; extra > 0 {
		for _, b := range fleet.BMCs {
			b.InjectFault(bmcsim.KindSessionCreate, bmcsim.Fault{Type: bmcsim.FaultLatency, Latency: extra})
		}
	}
	caps = CapabilitiesOf(fleet.BMCs[0].ProfileRules(), true)
	dir := filepath.Join(r.WorkDir, s.Name)
	if err := r.prepare(dir, fleet); err != nil {
		return nil, nil, caps, err
	}
	floorSetup := Setup{Name: s.Name + "_floor", Floor: true}
	floorDir := filepath.Join(r.WorkDir, floorSetup.Name)
	if withFloor {
		if err := r.prepare(floorDir, fleet); err != nil {
			return nil, nil, caps, err
		}
	}
	var providerRounds, floorRounds [][]Result
	for range max(r.Rounds, 1) {
		p, f, err := r.round(ctx, fleet, s, dir, floorSetup, floorDir, withFloor)
		if err != nil {
			return nil, nil, caps, err
		}
		providerRounds, floorRounds = append(providerRounds, p), append(floorRounds, f)
	}
	if withFloor {
		floor = Combine(floorRounds)
	}
	return Combine(providerRounds), floor, caps, nil
}

// round runs every command once: apply, plans, destroy, leaving the fleet
// empty again.
func (r *Runner) round(ctx context.Context, fleet *bmcsim.Fleet, s Setup, dir string, floorSetup Setup, floorDir string, withFloor bool) (provider, floor []Result, err error) {
	for _, c := range Commands(r.Subs, r.Deleted) {
		if c.Name == "plan_deletes" {
			deleteOutOfBand(fleet, r.Deleted)
		}
		res, err := r.runCommand(ctx, dir, fleet, s, c)
		if err != nil {
			return nil, nil, fmt.Errorf("%s, %s: %w", s.Name, c.Name, err)
		}
		provider = append(provider, res)
		if err := r.check(fleet, s, c); err != nil {
			return nil, nil, fmt.Errorf("%s, %s: %w", s.Name, c.Name, err)
		}
		if !withFloor {
			continue
		}
		res, err = r.runCommand(ctx, floorDir, fleet, floorSetup, c)
		if err != nil {
			return nil, nil, fmt.Errorf("%s, %s: %w", floorSetup.Name, c.Name, err)
		}
		floor = append(floor, res)
	}
	return provider, floor, nil
}

// Combine merges the rounds of a setup command by command: the least CPU
// time (interference from other work on the machine only ever adds to it),
// the median wall time, and the largest peak RSS, requests and logins.
func Combine(rounds [][]Result) []Result {
	if len(rounds) == 0 {
		return nil
	}
	out := make([]Result, len(rounds[0]))
	for i := range out {
		var walls []time.Duration
		out[i] = rounds[0][i]
		for _, round := range rounds {
			res := round[i]
			walls = append(walls, res.Wall)
			out[i].Requests = max(out[i].Requests, res.Requests)
			out[i].Sessions = max(out[i].Sessions, res.Sessions)
			out[i].Usage.CPUMillis = min(out[i].Usage.CPUMillis, res.Usage.CPUMillis)
			out[i].Usage.PeakRSSMB = max(out[i].Usage.PeakRSSMB, res.Usage.PeakRSSMB)
			out[i].Usage.Processes = max(out[i].Usage.Processes, res.Usage.Processes)
		}
		slices.Sort(walls)
		out[i].Wall = walls[len(walls)/2]
	}
	return out
}

// deleteOutOfBand deletes n subscriptions of each BMC behind Terraform's back.
func deleteOutOfBand(f *bmcsim.Fleet, n int) {
	for _, b := range f.BMCs {
		for i, s := range b.Subscriptions() {
			if i >= n {
				break
			}
			b.DeleteSubscription(s.ID)
		}
	}
}

// check verifies that the real provider did what the command says.
func (r *Runner) check(f *bmcsim.Fleet, s Setup, c Command) error {
	if s.Floor {
		return nil
	}
	want := map[string]int{"apply": r.Subs, "plan": r.Subs, "plan_deletes": r.Subs - r.Deleted, "destroy": 0}[c.Name]
	for _, b := range f.BMCs {
		if got := len(b.Subscriptions()); got != want {
			return fmt.Errorf("BMC %s holds %d subscriptions, want %d", b.URL(), got, want)
		}
		if st := b.Stats(); st.SessionsLive != 0 {
			return fmt.Errorf("BMC %s has %d sessions left open", b.URL(), st.SessionsLive)
		}
	}
	return nil
}

func (r *Runner) prepare(dir string, f *bmcsim.Fleet) error {
	plugins := filepath.Join(dir, "plugins")
	if err := os.MkdirAll(plugins, 0o750); err != nil {
		return err
	}
	wrapper, err := os.ReadFile(r.Bin.Wrapper)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(plugins, "terraform-provider-bmc"), wrapper, 0o755); err != nil { //nolint:gosec // an executable
		return err
	}
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"bmc-events/bmc\" = %q\n  }\n  direct {}\n}\n", plugins)
	if err := os.WriteFile(filepath.Join(dir, "cli.tfrc"), []byte(rc), 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), f.CACertPEM(), 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(fleetConfig(f.URLs(), r.Subs)), 0o600)
}

// fleetConfig is the configuration a user writes for a fleet: one for_each
// over (BMC, n) pairs, each resource naming its BMC in its bmc block.
func fleetConfig(urls []string, subs int) string {
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    bmc = { source = \"bmc-events/bmc\" }\n  }\n}\n\nlocals {\n  bmcs = {\n")
	for i, u := range urls {
		fmt.Fprintf(&b, "    %q = %q\n", fmt.Sprintf("bmc%03d", i), u)
	}
	fmt.Fprintf(&b, `  }
  subscriptions = {
    for pair in setproduct(keys(local.bmcs), range(%d)) :
    "${pair[0]}/${pair[1]}" => { bmc = pair[0], n = pair[1] }
  }
}

resource "bmc_event_subscription" "s" {
  for_each = local.subscriptions

  bmc = {
    endpoint       = local.bmcs[each.value.bmc]
    username       = "admin"
    password       = "pw"
    auth_method    = "session"
    ca_certificate = file("${path.module}/ca.pem")
  }
  destination = "https://collector.example.com/events/${each.key}"
  context     = each.key
}
`, subs)
	return b.String()
}

func (r *Runner) runCommand(ctx context.Context, dir string, f *bmcsim.Fleet, s Setup, c Command) (Result, error) {
	for _, b := range f.BMCs {
		b.ResetStats()
	}
	usageLog := filepath.Join(dir, "rusage-"+c.Name+".jsonl")
	_ = os.Remove(usageLog)
	target := r.Bin.Provider
	if s.Floor {
		target = r.Bin.Floor
	}
	cmd := exec.CommandContext(ctx, r.Terraform, append(c.Args, "-no-color")...) //nolint:gosec // the benchmark's terraform
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(),
		"TF_CLI_CONFIG_FILE="+filepath.Join(dir, "cli.tfrc"), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"BENCH_PROVIDER="+target, "BENCH_RUSAGE_LOG="+usageLog)
	if r.CPUProfile != "" {
		cmd.Env = append(cmd.Env, "BMC_PROVIDER_CPUPROFILE="+r.CPUProfile+"-"+s.Name+"-"+c.Name)
	}
	if r.HeapProfile != "" {
		cmd.Env = append(cmd.Env, "BMC_PROVIDER_HEAPPROFILE="+r.HeapProfile+"-"+s.Name+"-"+c.Name)
	}
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		return Result{}, err
	}
	// The floor reads nothing, so it sees no out-of-band deletes.
	floorSeesNoChange := s.Floor && c.ExitCode == 2 && code == 0
	if code != c.ExitCode && !floorSeesNoChange {
		return Result{}, fmt.Errorf("terraform %s exited %d, want %d:\n%s", strings.Join(c.Args, " "), code, c.ExitCode, tail(out, 4000))
	}
	usage, err := ReadUsage(usageLog)
	if err != nil {
		return Result{}, err
	}
	st := f.Stats()
	return Result{Command: c, Requests: st.Total, Sessions: st.SessionsCreated, Wall: wall, Usage: usage}, nil
}

// cleanEnv is the environment without TF_* and BMC_* variables: the
// provider runs with default settings, as users run it.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "TF_") && !strings.HasPrefix(k, "BMC_") {
			env = append(env, kv)
		}
	}
	return env
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
