package provider

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// These tests run the provider as Terraform runs it for a user: the binary
// built from this tree, one plugin process per terraform command (through a
// dev_overrides CLI configuration), so that "per provider process" and
// "every log line" mean what they mean in production. The in-process
// harness of terraform-plugin-testing shares one process, and one client
// pool, across all steps.

// tfDir is a cliWorkdir (see cli_harness_test.go) that logs at TRACE to a
// file of its own and keeps a transcript of every command's output.
type tfDir struct {
	*cliWorkdir
	// output collects every command's stdout and stderr, in order.
	output strings.Builder
}

func newTFDir(t *testing.T) *tfDir {
	t.Helper()
	requireCLI(t)
	w := newCLIWorkdir(t, currentProviderDir(t), "")
	w.env = append(w.env, "TF_LOG=TRACE", "TF_LOG_PATH="+filepath.Join(w.dir, "terraform.log"))
	return &tfDir{cliWorkdir: w}
}

// run runs terraform with args and returns its combined output and error.
func (d *tfDir) run(args ...string) (string, error) {
	d.t.Helper()
	cmd := exec.Command(terraformBinary(), args...)
	cmd.Dir, cmd.Env = d.dir, d.env
	out, err := cmd.CombinedOutput()
	fmt.Fprintf(&d.output, "$ terraform %s\n%s\n", strings.Join(args, " "), out)
	return string(out), err
}

// must runs terraform and fails the test when it fails.
func (d *tfDir) must(args ...string) string {
	d.t.Helper()
	out, err := d.run(args...)
	if err != nil {
		d.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func (d *tfDir) log() string {
	b, _ := os.ReadFile(filepath.Join(d.dir, "terraform.log"))
	return string(b)
}

// stateValues returns the resources of `terraform show -json` by address.
func (d *tfDir) stateValues(showArgs ...string) (raw string, byAddress map[string]map[string]any) {
	d.t.Helper()
	raw = d.must(append([]string{"show", "-json", "-no-color"}, showArgs...)...)
	var doc struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		d.t.Fatalf("terraform show -json: %v\n%s", err, raw)
	}
	byAddress = map[string]map[string]any{}
	for _, r := range doc.Values.RootModule.Resources {
		byAddress[r.Address] = r.Values
	}
	return raw, byAddress
}

// leakForms are the spellings a secret is looked for in: plain, base64
// (standard and URL alphabet) and URL-encoded.
func leakForms(secret string) []string {
	return []string{
		secret,
		base64.StdEncoding.EncodeToString([]byte(secret)),
		base64.RawURLEncoding.EncodeToString([]byte(secret)),
		url.QueryEscape(secret),
		url.PathEscape(secret),
	}
}

// leaks returns "secret as form" for every secret found in text.
func leaks(text string, secrets []string) []string {
	var found []string
	for _, s := range secrets {
		for _, f := range leakForms(s) {
			if strings.Contains(text, f) {
				found = append(found, fmt.Sprintf("%q as %q", s, f))
			}
		}
	}
	return found
}

// tokenRecorder is a reverse proxy in front of an emulated BMC that notes
// every X-Auth-Token the BMC hands out, so the test knows the session
// tokens of the run.
type tokenRecorder struct {
	srv    *httptest.Server
	mu     sync.Mutex
	tokens []string
}

func recordTokens(t *testing.T, sim *bmcsim.BMC) *tokenRecorder {
	t.Helper()
	target, err := url.Parse(sim.URL())
	if err != nil {
		t.Fatal(err)
	}
	r := &tokenRecorder{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if tok := resp.Header.Get("X-Auth-Token"); tok != "" {
			r.mu.Lock()
			r.tokens = append(r.tokens, tok)
			r.mu.Unlock()
		}
		return nil
	}
	r.srv = httptest.NewServer(proxy)
	t.Cleanup(r.srv.Close)
	return r
}

func (r *tokenRecorder) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.tokens...)
}

func startSim(t *testing.T, opts bmcsim.Options) *bmcsim.BMC {
	t.Helper()
	sim, err := bmcsim.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	return sim
}

const tfRequiredProviders = `terraform {
  required_providers {
    bmc = { source = "bmc-events/bmc" }
  }
}
`

// TestAccSecretsNeverLeak runs create (failed, then good), plan, import,
// plan and destroy with TF_LOG=TRACE against three BMCs that echo requests
// (headers, credentials and bodies) in their error answers, and scans the
// log, every command's output (diagnostics included), and the state and
// plan JSON for every secret of the run in plain, base64 and URL-encoded
// form. State and plan may hold bmc.password and http_headers (stored by
// design, sensitive); nothing else.
func TestAccSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	const (
		providerPassword = "Prov1der/Pa55+word=A"
		mapPassword      = "Map/Pa55+word=B-per-bmc"
		blockPassword    = "Bl0ck/Pa55+word=C"
		writeOnlyValue   = "wo-T0ken/abc+def=123"
		storedHeader     = "st0red/Header+Value=9"
	)
	// Ephemeral variables need Terraform 1.10, write-only attributes 1.11.
	requireCLIVersion(t, tfversion.Version1_11_0, "write-only attributes")
	d := newTFDir(t)
	simA := startSim(t, bmcsim.Options{Username: "admin", Password: providerPassword})
	simB := startSim(t, bmcsim.Options{Username: "admin", Password: mapPassword})
	simC := startSim(t, bmcsim.Options{Username: "admin", Password: blockPassword})
	a, b := recordTokens(t, simA), recordTokens(t, simB)
	endpointA, endpointB, endpointC := a.srv.URL, b.srv.URL, simC.URL()

	// The secrets that must never be stored come from ephemeral variables
	// (Terraform 1.10+), as they would in production; a literal in the
	// configuration would be copied into the plan by Terraform itself.
	d.env = append(d.env, "TF_VAR_provider_password="+providerPassword, "TF_VAR_map_password="+mapPassword,
		"TF_VAR_bearer="+writeOnlyValue)
	d.write(tfRequiredProviders + fmt.Sprintf(`
variable "provider_password" {
  type      = string
  ephemeral = true
  sensitive = true
}
variable "map_password" {
  type      = string
  ephemeral = true
  sensitive = true
}
variable "bearer" {
  type      = string
  ephemeral = true
  sensitive = true
}

provider "bmc" {
  endpoint    = %[1]q
  username    = "admin"
  password    = var.provider_password
  max_retries = 3
  retry_wait_seconds = 1
  bmc_credentials = {
    %[2]q = { password = var.map_password }
  }
}

resource "bmc_event_subscription" "a" {
  destination             = "https://events.example.com/a"
  http_headers_wo         = { Authorization = "Bearer ${var.bearer}" }
  http_headers_wo_version = 1
}

resource "bmc_event_subscription" "b" {
  bmc          = { endpoint = %[2]q }
  destination  = "https://events.example.com/b"
  http_headers = { "X-Api-Key" = %[8]q }
}

resource "bmc_event_subscription" "c" {
  bmc = {
    endpoint    = %[3]q
    username    = "admin"
    password    = %[6]q
    auth_method = "basic"
  }
  destination = "https://events.example.com/c"
}
`, endpointA, endpointB, endpointC, "", "", blockPassword, "", storedHeader))

	// 1. Every create is answered by an echo of the request: a Redfish error
	// quoting headers and body (the write-only header value and the session
	// token in it), an HTML proxy page, a 500 with the request as text.
	simA.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultEchoRedfish, Count: 1})
	simB.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultEchoHTML, Count: 1})
	simC.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultEcho500, Count: 1})
	if out, err := d.run("apply", "-auto-approve", "-input=false", "-no-color"); err == nil {
		t.Fatalf("the apply against echoing BMCs succeeded:\n%s", out)
	} else if !strings.Contains(out, "Cannot Create Event Subscription") {
		t.Fatalf("unexpected failure:\n%s", out)
	}
	for _, sim := range []*bmcsim.BMC{simA, simB, simC} {
		if n := sim.Stats().FaultsInjected; n[bmcsim.FaultEchoRedfish]+n[bmcsim.FaultEchoHTML]+n[bmcsim.FaultEcho500] != 1 {
			t.Fatalf("an echo fault was not hit: %v", n)
		}
	}

	// 2. Apply for real, through echoed 500s on reads (retried, logged at
	// DEBUG with the error) on every BMC.
	for _, sim := range []*bmcsim.BMC{simA, simB, simC} {
		sim.InjectFault(bmcsim.KindEventService, bmcsim.Fault{Type: bmcsim.FaultEcho500, Count: 1})
	}
	d.must("apply", "-auto-approve", "-input=false", "-no-color")
	_, state := d.stateValues()
	if len(state) != 3 {
		t.Fatalf("state holds %d resources", len(state))
	}

	// 3. A refresh through HTML echo pages (502, retried), then an empty plan.
	for _, sim := range []*bmcsim.BMC{simA, simB, simC} {
		sim.InjectFault(bmcsim.KindSubscriptionGet, bmcsim.Fault{Type: bmcsim.FaultEchoHTML, Count: 1})
	}
	d.must("plan", "-detailed-exitcode", "-input=false", "-no-color", "-out=plan.tfplan")
	planJSON, _ := d.stateValues("plan.tfplan")

	// 4. Import A again, its read answered once by an echoing Redfish error.
	id, _ := state["bmc_event_subscription.a"]["id"].(string)
	d.must("state", "rm", "bmc_event_subscription.a")
	simA.InjectFault(bmcsim.KindSubscriptionGet, bmcsim.Fault{Type: bmcsim.FaultEcho500, Count: 1})
	d.must("import", "-input=false", "-no-color", "bmc_event_subscription.a", endpointA+id)
	d.run("plan", "-input=false", "-no-color") //nolint:errcheck // only its output and log matter

	// 5. Destroy through echoed 500s on the DELETEs (retried).
	for _, sim := range []*bmcsim.BMC{simA, simB, simC} {
		sim.InjectFault(bmcsim.KindSubscriptionDelete, bmcsim.Fault{Type: bmcsim.FaultEcho500, Count: 1})
	}
	stateJSON, _ := d.stateValues()
	d.must("destroy", "-auto-approve", "-input=false", "-no-color")
	for _, sim := range []*bmcsim.BMC{simA, simB, simC} {
		if n := len(sim.Subscriptions()); n != 0 {
			t.Errorf("%d subscriptions left on %s", n, sim.URL())
		}
	}

	tokens := append(a.seen(), b.seen()...)
	if len(tokens) == 0 {
		t.Fatal("no session token was handed out: the test does not cover sessions")
	}
	secrets := append([]string{providerPassword, mapPassword, blockPassword, writeOnlyValue, storedHeader,
		"admin:" + providerPassword, "admin:" + mapPassword, "admin:" + blockPassword}, tokens...)

	logText := d.log()
	if !strings.Contains(logText, "retrying BMC request") || !strings.Contains(logText, "Internal Server Error") {
		t.Fatal("the log has no retried echo: the test does not cover the retry log")
	}
	if l := leaks(logText, secrets); len(l) > 0 {
		t.Errorf("the TF_LOG=TRACE log holds secrets: %s", strings.Join(l, ", "))
		for _, line := range strings.Split(logText, "\n") {
			if len(leaks(line, secrets)) > 0 {
				t.Logf("log: %.400s", line)
			}
		}
	}
	// The CLI output includes `terraform show -json`, where Terraform
	// prints stored sensitive values (bmc.password, http_headers) in clear
	// by design; everything else must be absent from it.
	cliSecrets := []string{providerPassword, mapPassword, writeOnlyValue,
		"admin:" + providerPassword, "admin:" + mapPassword, "admin:" + blockPassword}
	cliSecrets = append(cliSecrets, tokens...)
	if l := leaks(d.output.String(), cliSecrets); len(l) > 0 {
		t.Errorf("terraform's output (diagnostics included) holds secrets: %s\n%s", strings.Join(l, ", "), d.output.String())
	}
	for name, doc := range map[string]string{"state": stateJSON, "plan": planJSON} {
		if l := leaks(doc, cliSecrets); len(l) > 0 {
			t.Errorf("%s JSON holds secrets: %s", name, strings.Join(l, ", "))
		}
	}
	t.Logf("scanned %d bytes of log and %d bytes of output for %d secrets", len(logText), d.output.Len(), len(secrets))
}

// TestAccWrongPasswordOneLoginPerProcess: twelve subscriptions on one BMC
// with a wrong password cost the BMC exactly one refused login per
// terraform command (one provider process each), with session and with
// basic authentication.
func TestAccWrongPasswordOneLoginPerProcess(t *testing.T) {
	t.Parallel()
	for _, auth := range []string{"auto", "basic"} {
		t.Run(auth, func(t *testing.T) {
			t.Parallel()
			d := newTFDir(t)
			sim := startSim(t, bmcsim.Options{Username: "admin", Password: "the-right-Pa55word"})
			d.write(tfRequiredProviders + fmt.Sprintf(`
provider "bmc" {
  endpoint    = %q
  username    = "admin"
  password    = "a-wrong-Pa55word"
  auth_method = %q
}

resource "bmc_event_subscription" "fleet" {
  count       = 12
  destination = "https://events.example.com/${count.index}"
}
`, sim.URL(), auth))
			refused := func() int64 {
				s := sim.Stats()
				return s.FailedLogins + s.BasicAuthFailures
			}
			for run := 1; run <= 2; run++ {
				out, err := d.run("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=12")
				if err == nil {
					t.Fatalf("apply with a wrong password succeeded:\n%s", out)
				}
				if !strings.Contains(strings.Join(strings.Fields(out), " "), "rejected the credentials") {
					t.Fatalf("apply failed for another reason:\n%s", out)
				}
				if got := refused(); got != int64(run) {
					t.Errorf("after %d applies the BMC refused %d logins; want %d (one per provider process)", run, got, run)
				}
			}
			t.Logf("%s: %d refused logins over 2 applies of 12 subscriptions", auth, refused())
		})
	}
}

// TestAccCredentialRotation: the password in a resource's bmc block is
// rotated on the BMC and in the configuration; the next apply (a new
// provider process, whose refresh still holds the old password in state)
// warns, stores the new password and keeps the subscription.
func TestAccCredentialRotation(t *testing.T) {
	t.Parallel()
	for _, auth := range []string{"auto", "session", "basic"} {
		t.Run(auth, func(t *testing.T) {
			t.Parallel()
			d := newTFDir(t)
			tg := acctest.NewTarget(t, bmcsim.Options{Username: "admin", Password: "old-Pa55word"})
			tg.RequireEmulator(t, "changing the BMC's password")
			config := func(password string) string {
				return tfRequiredProviders + fmt.Sprintf(`
provider "bmc" {}

resource "bmc_event_subscription" "r" {
  bmc = {
    endpoint    = %q
    username    = "admin"
    password    = %q
    auth_method = %q
  }
  destination = "https://events.example.com/rotation"
}
`, tg.Endpoint, password, auth)
			}
			d.write(config("old-Pa55word"))
			d.must("apply", "-auto-approve", "-input=false", "-no-color")
			_, before := d.stateValues()
			id := before["bmc_event_subscription.r"]["id"]

			tg.ChangePassword(t, "new-Pa55word")
			d.write(config("new-Pa55word"))
			out := d.must("apply", "-auto-approve", "-input=false", "-no-color")
			if !strings.Contains(out, "Cannot Refresh Event Subscription") || !strings.Contains(out, "1 changed") {
				t.Errorf("the rotation apply did not warn and update in place:\n%s", out)
			}
			_, after := d.stateValues()
			r := after["bmc_event_subscription.r"]
			bmc, _ := r["bmc"].(map[string]any)
			if r["id"] != id || bmc["password"] != "new-Pa55word" {
				t.Errorf("after the rotation: id %v (was %v), stored password %v", r["id"], id, bmc["password"])
			}
			if len(tg.Created()) != 1 {
				t.Errorf("%d subscriptions on the BMC; want 1", len(tg.Created()))
			}
			if _, err := d.run("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
				var ee *exec.ExitError
				if errors.As(err, &ee) && ee.ExitCode() == 2 {
					t.Error("the plan after the rotation is not empty")
				} else {
					t.Errorf("plan after the rotation: %v", err)
				}
			}
			// The BMC rejects the configured credentials now: the plan
			// fails, rather than going green with drift detection off.
			tg.ChangePassword(t, "newer-Pa55word")
			out, err := d.run("plan", "-input=false", "-no-color")
			if err == nil || !strings.Contains(strings.Join(strings.Fields(out), " "), "BMC Rejected the Configured Credentials") {
				t.Errorf("plan with rejected configured credentials: %v\n%s", err, out)
			}
		})
	}
}
