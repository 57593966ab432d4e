// Command rusage stands in for a provider binary: Terraform starts it from a
// dev_overrides folder, it runs the provider that BENCH_PROVIDER names with
// the same arguments, standard streams and environment, and when the
// provider exits it appends the provider's resource usage (user and system
// CPU, peak RSS) as one JSON line to the file BENCH_RUSAGE_LOG names.
// Terraform starts a provider process per walk (validate, plan, apply), so
// this is how the benchmark sums a command's provider CPU.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bench"
)

func main() {
	os.Exit(run())
}

func run() int {
	target := os.Getenv("BENCH_PROVIDER")
	if target == "" {
		fmt.Fprintln(os.Stderr, "rusage: BENCH_PROVIDER names no provider binary")
		return 2
	}
	cmd := exec.Command(target, os.Args[1:]...) //nolint:gosec // the benchmark names the binary
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "rusage:", err)
		return 1
	}
	// Terraform's interrupts go to the provider, as if it were the child.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "rusage:", err)
		code = 1
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		record(bench.ProcessUsage{
			Pid:        cmd.ProcessState.Pid(),
			CPUMillis:  float64(time.Duration(ru.Utime.Nano()+ru.Stime.Nano())) / float64(time.Millisecond),
			PeakRSSKB:  ru.Maxrss, // kilobytes on Linux
			WallMillis: float64(time.Since(start)) / float64(time.Millisecond),
		})
	}
	return code
}

func record(u bench.ProcessUsage) {
	path := os.Getenv("BENCH_RUSAGE_LOG")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600) //nolint:gosec // the benchmark names the file
	if err != nil {
		fmt.Fprintln(os.Stderr, "rusage:", err)
		return
	}
	defer f.Close()
	line, _ := json.Marshal(u)
	_, _ = f.Write(append(line, '\n'))
}
