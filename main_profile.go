//go:build profile

package main

// A profiling build (go build -tags profile) writes profiles of the whole
// provider process, with the process id appended to the file names
// (Terraform starts several provider processes per command):
//
//   - BMC_PROVIDER_CPUPROFILE=prefix: a CPU profile, prefix.<pid>;
//   - BMC_PROVIDER_HEAPPROFILE=prefix: a heap profile taken when the heap
//     in use was at its largest (checked every 100 ms), prefix.<pid>.
//
// The benchmark builds it to show where the provider's CPU and memory go.

import (
	"fmt"
	"github.com/bmc-events/terraform-provider-bmc/internal/profiling"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

func init() {
	stops := []func(){profiling.StartCPU(), startHeapWatch()}
	stopProfiling = func() {
		for _, stop := range stops {
			stop()
		}
	}
}

func startHeapWatch() func() {
	prefix := os.Getenv("BMC_PROVIDER_HEAPPROFILE")
	if prefix == "" {
		return func() {}
	}
	path := fmt.Sprintf("%s.%d", prefix, os.Getpid())
	done := make(chan struct{})
	go func() {
		var peak uint64
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse <= peak*11/10 {
				continue
			}
			peak = m.HeapInuse
			if f, err := os.Create(path); err == nil { //nolint:gosec // the developer names the file
				_ = pprof.Lookup("heap").WriteTo(f, 0)
				_ = f.Close()
			}
		}
	}()
	return func() { close(done) }
}
