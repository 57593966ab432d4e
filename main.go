// Command terraform-provider-bmc serves the bmc Terraform provider, which manages
// Redfish BMC event subscriptions.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/bmc-events/terraform-provider-bmc/internal/provider"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

// providerAddress names the provider to Terraform; its last part ("bmc")
// names the provider's own log level variable, TF_LOG_PROVIDER_BMC.
const providerAddress = "registry.terraform.io/bmc-events/bmc"

// stopProfiling ends a CPU profile started by a profiling build
// (main_profile.go); a release build has none.
var stopProfiling = func() {}

func main() {
	tuneMemory(os.Getenv, debug.SetMemoryLimit, debug.SetGCPercent)
	var debugFlag bool
	flag.BoolVar(&debugFlag, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debugFlag {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if quietUnlessAsked(os.Environ(), os.Setenv) {
		// go-plugin's own lines (mTLS, plugin address) too.
		opts = append(opts, tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
		provider.SetLogsOff(true)
	}
	// The framework's server behind the redaction layer, which every
	// diagnostic passes through (see provider.NewProtocol6Server).
	err := tf6server.Serve(providerAddress, provider.NewProtocol6Server(version), opts...)
	// Serve returns when Terraform stops the plugin: log out of BMC sessions
	// before exiting, with a bound so a dead BMC cannot hold up terraform.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	provider.Shutdown(ctx)
	cancel()
	stopProfiling()
	if err != nil {
		log.Fatal(err.Error())
	}
}

// pluginLogLevels are the variables terraform-plugin-go, the framework and
// tflog read for the level of the provider's loggers. When one is unset its
// logger logs at TRACE: every line JSON-encoded and sent to Terraform, which
// parses it and, with no TF_LOG, throws it away. For a plan of a fleet that
// was 40% of the provider's CPU.
var pluginLogLevels = []string{
	"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_BMC",
}

// quietUnlessAsked turns the provider's loggers off when the user asked for
// no logs at all: no TF_LOG* variable is set (TF_LOG, TF_LOG_PROVIDER,
// TF_LOG_SDK*, TF_LOG_CORE, TF_LOG_PATH…; Terraform passes its environment
// to the plugins it starts), and says so. With any of them set, nothing
// changes: the levels are whatever the user and the SDK defaults make them.
func quietUnlessAsked(environ []string, setenv func(key, value string) error) bool {
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_LOG") && v != "" {
			return false
		}
	}
	for _, k := range pluginLogLevels {
		if err := setenv(k, "off"); err != nil {
			log.Printf("[WARN] cannot set %s: %v", k, err)
		}
	}
	return true
}

// defaultMemoryLimit is the provider's soft memory limit when GOMEMLIMIT
// sets none. A plan of a 500-subscription fleet keeps about 30 MB live, but
// left to GOGC alone the collector lets the heap grow to twice what it last
// marked, garbage allocated during its concurrent marking included: the
// process peaked at 110-118 MB (internal/bench, provider_peak_rss_mb). With
// this limit it peaks at about 96 MB. The limit is soft: a process that
// needs more gets it, the runtime then collecting more often (for at most
// half the CPU). The user's GOMEMLIMIT or GOGC replaces it (tuneMemory).
const defaultMemoryLimit = 80 << 20

// defaultGCPercent replaces GOGC's 100 when the provider sets the memory
// limit: with the limit bounding the heap, collecting at twice the live heap
// (60 MB for that plan) only adds collections the limit would not need; at
// 200 the collector runs about when the heap nears the limit: fewer
// collections for the same peak (make bench: peak RSS unchanged, about 96 MB).
const defaultGCPercent = 200

// tuneMemory sets defaultMemoryLimit and defaultGCPercent unless the user
// tunes the collector: with GOMEMLIMIT or GOGC set (GOGC=off included), the
// runtime has applied them already and the provider changes neither.
func tuneMemory(getenv func(string) string, setLimit func(int64) int64, setGCPercent func(int) int) {
	if getenv("GOMEMLIMIT") != "" || getenv("GOGC") != "" {
		return
	}
	setLimit(defaultMemoryLimit)
	setGCPercent(defaultGCPercent)
}
