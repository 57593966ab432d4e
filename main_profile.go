//go:build profile

package main

// A profiling build (go build -tags profile) writes a CPU profile of the
// whole provider process to the file BMC_PROVIDER_CPUPROFILE names, with the
// process id appended (Terraform starts several provider processes per
// command). The benchmark builds it to show where the provider's CPU goes.

import (
	"fmt"
	"os"
	"runtime/pprof"
)

func init() {
	prefix := os.Getenv("BMC_PROVIDER_CPUPROFILE")
	if prefix == "" {
		return
	}
	f, err := os.Create(fmt.Sprintf("%s.%d", prefix, os.Getpid()))
	if err != nil {
		return
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return
	}
	stopProfiling = func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}
