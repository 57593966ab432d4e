// Command fleetbench is `make bench`: the provider on an emulated BMC fleet
// with the real terraform binary, printing each figure as a line
// "scenario.figure value". BENCH_SCALE (default 1: 50 BMCs × 10
// subscriptions) scales the number of BMCs, e.g. 0.1 for a CI smoke run;
// BENCH_ROUNDS (default 3) is how many times each setup runs its commands.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "fleetbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	cpuprofile := flag.String("cpuprofile", "", "write CPU profiles of the provider processes to files with this prefix (builds the provider with -tags profile)")
	heapprofile := flag.String("heapprofile", "", "write a heap profile of each provider process at its peak to files with this prefix (builds the provider with -tags profile)")
	only := flag.String("only", "", "run only the setup of this name and what it is compared with (50ms, 300ms, minimal_50ms: with its zero-latency run and the floor beside it), or only floor, dmtf_0ms or minimal_0ms alone")
	keep := flag.Bool("keep", false, "keep the working directories")
	flag.Parse()

	scale := 1.0
	if v := os.Getenv("BENCH_SCALE"); v != "" {
		s, err := strconv.ParseFloat(v, 64)
		if err != nil || s <= 0 {
			return fmt.Errorf("BENCH_SCALE=%q: want a positive number, e.g. 0.1", v)
		}
		scale = s
	}
	rounds := 3
	if v := os.Getenv("BENCH_ROUNDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fmt.Errorf("BENCH_ROUNDS=%q: want a whole number of at least 1, e.g. 3", v)
		}
		rounds = n
	}
	work, err := os.MkdirTemp("", "fleetbench-")
	if err != nil {
		return err
	}
	if *keep {
		fmt.Fprintln(os.Stderr, "fleetbench: working directories in", work)
	} else {
		defer os.RemoveAll(work)
	}
	bin, err := build(work, *cpuprofile != "" || *heapprofile != "")
	if err != nil {
		return err
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		return err
	}
	r := &bench.Runner{
		BMCs: max(1, int(50*scale+0.5)), Subs: 10, Deleted: 1,
		Terraform: tf, Bin: bin, SessionCap: 2, CPUProfile: *cpuprofile, HeapProfile: *heapprofile, WorkDir: work,
		Rounds: rounds,
	}
	fmt.Printf("# %d BMCs × %d subscriptions, terraform -parallelism=%d, %d rounds (CPU: the least; wall: the median; RSS: the largest)\n",
		r.BMCs, r.Subs, bench.Parallelism, rounds)
	return runSetups(ctx, r, *only)
}

// build compiles the provider, the floor provider and the rusage wrapper.
func build(dir string, profile bool) (bench.Binaries, error) {
	b := bench.Binaries{
		Provider: filepath.Join(dir, "bin", "provider"),
		Floor:    filepath.Join(dir, "bin", "floorprovider"),
		Wrapper:  filepath.Join(dir, "bin", "rusage"),
	}
	providerArgs := []string{"build", "-o", b.Provider}
	if profile {
		providerArgs = append(providerArgs, "-tags", "profile")
	}
	for _, args := range [][]string{
		append(providerArgs, "."),
		{"build", "-o", b.Floor, "./internal/bench/cmd/floorprovider"},
		{"build", "-o", b.Wrapper, "./internal/bench/cmd/rusage"},
	} {
		if out, err := exec.Command("go", args...).CombinedOutput(); err != nil { //nolint:gosec // go build
			return b, fmt.Errorf("go %v: %v\n%s", args, err, out)
		}
	}
	return b, nil
}

func runSetups(ctx context.Context, r *bench.Runner, only string) error {
	floor := bench.Setup{Name: "floor", Floor: true}
	zero := map[string]bench.Setup{
		"dmtf":    {Name: "dmtf_0ms", Profile: "dmtf"},
		"minimal": {Name: "minimal_0ms", Profile: "minimal"},
	}
	measured := []bench.Setup{
		{Name: "50ms", Profile: "dmtf", Latency: 50 * time.Millisecond, Login: 500 * time.Millisecond},
		{Name: "300ms", Profile: "dmtf", Latency: 300 * time.Millisecond, Login: 2 * time.Second},
		{Name: "minimal_50ms", Profile: "minimal", Latency: 50 * time.Millisecond, Login: 500 * time.Millisecond},
	}
	results := map[string][]bench.Result{}
	// The zero-latency runs only bound the wall time: one round each.
	once := *r
	once.Rounds = 1
	runOnce := func(s bench.Setup, withFloor bool) ([]bench.Result, []bench.Result, bench.Capabilities, error) {
		start := time.Now()
		runner := &once
		if withFloor {
			runner = r
		}
		res, floorRes, caps, err := runner.Run(ctx, s, withFloor)
		fmt.Fprintf(os.Stderr, "fleetbench: %s took %s\n", s.Name, time.Since(start).Round(time.Second))
		results[s.Name] = res
		return res, floorRes, caps, err
	}
	if only == floor.Name || only == zero["dmtf"].Name || only == zero["minimal"].Name {
		// One setup alone, e.g. to profile it: its raw figures.
		s := map[string]bench.Setup{floor.Name: floor, zero["dmtf"].Name: zero["dmtf"], zero["minimal"].Name: zero["minimal"]}[only]
		res, _, _, err := runOnce(s, false)
		for _, run := range res {
			resources := float64(r.BMCs * r.Subs)
			fmt.Printf("%s_%s.requests %d\n", run.Command.Name, s.Name, run.Requests)
			fmt.Printf("%s_%s.wall_s %.3g\n", run.Command.Name, s.Name, run.Wall.Seconds())
			fmt.Printf("%s_%s.provider_cpu_ms_per_resource %.3g\n", run.Command.Name, s.Name, run.Usage.CPUMillis/resources)
			fmt.Printf("%s_%s.provider_peak_rss_mb %.3g\n", run.Command.Name, s.Name, run.Usage.PeakRSSMB)
		}
		return err
	}
	for _, s := range measured {
		if only != "" && s.Name != only {
			continue
		}
		z := zero[s.Profile]
		if _, ok := results[z.Name]; !ok {
			if _, _, _, err := runOnce(z, false); err != nil {
				return err
			}
		}
		// The floor runs beside the setup, command by command (see
		// bench.Runner.Run): CPU is compared between runs seconds apart.
		res, floorRes, caps, err := runOnce(s, true)
		if err != nil {
			return err
		}
		for i, run := range res {
			sc := bench.Scenario{
				Name: run.Command.Name + "_" + s.Name, Setup: s, BMCs: r.BMCs, Subs: r.Subs, Caps: caps,
				Run: run, ZeroLatency: results[z.Name][i], Floor: floorRes[i],
			}
			sc.Print(os.Stdout)
		}
	}
	return nil
}
