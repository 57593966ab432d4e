// Package profiling writes CPU profiles of a provider process for the
// benchmark (internal/bench): the real provider's profiling build and the
// floor provider use it alike, so their profiles compare.
package profiling

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// CPUProfileEnv names the file prefix of a CPU profile; the process id is
// appended (Terraform starts several provider processes per command).
const CPUProfileEnv = "BMC_PROVIDER_CPUPROFILE"

// StartCPU starts a CPU profile when CPUProfileEnv is set, and returns the
// function that stops and writes it (a no-op otherwise).
func StartCPU() func() {
	prefix := os.Getenv(CPUProfileEnv)
	if prefix == "" {
		return func() {}
	}
	f, err := os.Create(fmt.Sprintf("%s.%d", prefix, os.Getpid()))
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}
