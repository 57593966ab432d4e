package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

func TestTuneMemory(t *testing.T) {
	for _, tc := range []struct {
		gomemlimit, gogc string
		wantLimit        int64 // 0: the provider leaves the runtime's limit alone
		wantPercent      int   // 0: the provider leaves GOGC alone
	}{
		{"", "", defaultMemoryLimit, defaultGCPercent},
		{"", "50", 0, 0},
		{"", "off", 0, 0},
		{"200MiB", "", 0, 0},
		{"off", "", 0, 0},
		{"off", "300", 0, 0},
	} {
		env := map[string]string{"GOMEMLIMIT": tc.gomemlimit, "GOGC": tc.gogc}
		var limit int64
		var percent int
		tuneMemory(func(k string) string { return env[k] },
			func(n int64) int64 { limit = n; return 0 },
			func(n int) int { percent = n; return 100 })
		if limit != tc.wantLimit || percent != tc.wantPercent {
			t.Errorf("GOMEMLIMIT=%q GOGC=%q: the provider set the limit to %d and GOGC to %d, want %d and %d",
				tc.gomemlimit, tc.gogc, limit, percent, tc.wantLimit, tc.wantPercent)
		}
	}
}

func TestQuietUnlessAsked(t *testing.T) {
	for _, tc := range []struct {
		name    string
		environ []string
		quiet   bool
	}{
		{"nothing set", []string{"HOME=/root", "TF_IN_AUTOMATION=1"}, true},
		{"empty TF_LOG is unset", []string{"TF_LOG="}, true},
		{"TF_LOG", []string{"TF_LOG=debug"}, false},
		{"TF_LOG_PROVIDER", []string{"TF_LOG_PROVIDER=trace"}, false},
		{"TF_LOG_PROVIDER_BMC", []string{"TF_LOG_PROVIDER_BMC=info"}, false},
		{"TF_LOG_SDK_FRAMEWORK", []string{"TF_LOG_SDK_FRAMEWORK=trace"}, false},
		{"TF_LOG_PATH", []string{"TF_LOG_PATH=/tmp/tf.log"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := map[string]string{}
			quiet := quietUnlessAsked(tc.environ, func(k, v string) error { set[k] = v; return nil })
			if quiet != tc.quiet {
				t.Fatalf("quiet = %v, want %v", quiet, tc.quiet)
			}
			if !tc.quiet {
				if len(set) != 0 {
					t.Fatalf("with %v set, the provider changed the log levels: %v", tc.environ, set)
				}
				return
			}
			for _, k := range pluginLogLevels {
				if set[k] != "off" {
					t.Errorf("%s = %q, want off", k, set[k])
				}
			}
		})
	}
}

// The built provider, run by the real terraform binary as users run it:
// with no TF_LOG* variable it writes nothing to stderr (where go-plugin
// carries plugin logs to Terraform); with TF_LOG_PROVIDER set it logs
// the SDK's and its own lines as before.
func TestAccProviderLogsOnlyWhenAsked(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (it runs the terraform binary)")
	}
	bmc, err := bmcsim.Start(bmcsim.Options{Username: "admin", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bmc.Close)

	dir := t.TempDir()
	built := filepath.Join(dir, "real-provider")
	if out, err := exec.Command("go", "build", "-o", built, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// Terraform runs this script as the provider; it keeps what the
	// provider writes to stderr.
	plugins := filepath.Join(dir, "plugins")
	stderrLog := filepath.Join(dir, "provider-stderr.log")
	script := "#!/bin/sh\nexec " + built + " \"$@\" 2>>" + stderrLog + "\n"
	if err := os.MkdirAll(plugins, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(plugins, "terraform-provider-bmc"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(dir, "cli.tfrc")
	if err := os.WriteFile(rc, []byte("provider_installation {\n  dev_overrides {\n    \"bmc-events/bmc\" = \""+plugins+"\"\n  }\n  direct {}\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	config := `terraform {
  required_providers {
    bmc = { source = "bmc-events/bmc" }
  }
}
provider "bmc" {
  endpoint = "` + bmc.URL() + `"
  username = "admin"
  password = "pw"
}
resource "bmc_event_subscription" "s" {
  destination = "https://collector.example.com/events"
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	var base []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "TF_") && !strings.HasPrefix(k, "BMC_") {
			base = append(base, kv)
		}
	}
	base = append(base, "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	terraform := func(extraEnv []string, args ...string) string {
		t.Helper()
		if err := os.WriteFile(stderrLog, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("terraform", append(args, "-no-color")...)
		cmd.Dir, cmd.Env = dir, append(append([]string{}, base...), extraEnv...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, err, out)
		}
		got, err := os.ReadFile(stderrLog)
		if err != nil {
			t.Fatal(err)
		}
		return string(got)
	}

	if got := terraform(nil, "apply", "-auto-approve"); got != "" {
		t.Errorf("with no TF_LOG* set, the provider wrote %d bytes of logs:\n%.2000s", len(got), got)
	}
	if n := len(bmc.Subscriptions()); n != 1 {
		t.Fatalf("the BMC holds %d subscriptions after the apply, want 1", n)
	}
	got := terraform([]string{"TF_LOG_PROVIDER=trace"}, "plan")
	for _, want := range []string{`"@module":"sdk.proto"`, `"@module":"sdk.framework"`, `"tf_resource_type":"bmc_event_subscription"`} {
		if !strings.Contains(got, want) {
			t.Errorf("with TF_LOG_PROVIDER=trace the provider's logs lack %s; got %d bytes:\n%.2000s", want, len(got), got)
		}
	}
	if got := terraform(nil, "destroy", "-auto-approve"); got != "" {
		t.Errorf("with no TF_LOG* set, the provider wrote %d bytes of logs during destroy:\n%.2000s", len(got), got)
	}
}
