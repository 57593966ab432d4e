// Package acctest holds the fixtures the provider's acceptance tests share: a
// Redfish service to run against (the in-repo emulator, or an external one
// named by environment variables) and an event sink to receive deliveries.
package acctest

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

// Environment variables that point the acceptance tests at an external
// Redfish service (sushy-tools, a real BMC) instead of the emulator.
const (
	EnvEndpoint = "BMC_ACC_ENDPOINT"
	EnvUsername = "BMC_ACC_USERNAME"
	EnvPassword = "BMC_ACC_PASSWORD"
	EnvInsecure = "BMC_ACC_INSECURE"
	// EnvCACertFile names a PEM file with the CA of the external service's certificate.
	EnvCACertFile = "BMC_ACC_CA_CERT_FILE"
	// EnvAuthMethod is the provider's auth_method for the external service:
	// auto (the default), session or basic.
	EnvAuthMethod = "BMC_ACC_AUTH_METHOD"
	// EnvDestination is a URL the external BMC will accept as a destination;
	// it defaults to https://events.example.com/... (nothing needs to listen there).
	EnvDestination = "BMC_ACC_DESTINATION"
)

// External reports whether the tests run against an external Redfish service.
func External() bool { return os.Getenv(EnvEndpoint) != "" }

// Target is the Redfish service one test runs against.
type Target struct {
	Endpoint  string
	Username  string
	Password  string
	Insecure  bool
	CACertPEM string
	// AuthMethod is the provider's auth_method; empty leaves the provider's
	// default (auto).
	AuthMethod string
	// Sim is the emulated BMC; nil against an external service.
	Sim *bmcsim.BMC
	// preloaded holds the IDs of subscriptions the BMC had before the test
	// (the xcc profile ships with SNMP and syslog destinations).
	preloaded map[string]bool
	opts      bmcsim.Options
}

// NewTarget starts an emulated BMC with opts (closed when the test ends), or
// returns the external service when BMC_ACC_ENDPOINT is set.
func NewTarget(t testing.TB, opts bmcsim.Options) *Target {
	t.Helper()
	if External() {
		return externalTarget(t)
	}
	sim, err := bmcsim.Start(opts)
	if err != nil {
		t.Fatalf("starting emulated BMC (profile %q): %v", opts.Profile, err)
	}
	t.Cleanup(sim.Close)
	tg := &Target{
		Endpoint:  sim.URL(),
		Username:  opts.Username,
		Password:  opts.Password,
		CACertPEM: string(sim.CACertPEM()),
		Sim:       sim,
		preloaded: map[string]bool{},
		opts:      opts,
	}
	for _, s := range sim.Subscriptions() {
		tg.preloaded[s.ID] = true
	}
	return tg
}

// ChangePassword changes the emulated BMC's password, as an administrator
// rotating it does: the new password holds from the next login on, and the
// sessions open end.
func (tg *Target) ChangePassword(t testing.TB, password string) {
	t.Helper()
	tg.RequireEmulator(t, "changing the BMC's password")
	// In place: restarting the emulator on its port raced other tests
	// for the port ("address already in use").
	tg.Sim.SetPassword(password)
	tg.Sim.ExpireSessions()
	tg.opts.Password, tg.Password = password, password
}

// Created returns the emulated BMC's subscriptions that were not there when
// the test started.
func (tg *Target) Created() []bmcsim.Subscription {
	var out []bmcsim.Subscription
	for _, s := range tg.Sim.Subscriptions() {
		if !tg.preloaded[s.ID] {
			out = append(out, s)
		}
	}
	return out
}

// HTTPClient is an HTTP client that trusts the target's certificate, for
// tests that call Redfish directly (SubmitTestEvent).
func (tg *Target) HTTPClient() *http.Client {
	tlsConfig := &tls.Config{InsecureSkipVerify: tg.Insecure} //nolint:gosec // only when the user asked for it
	if tg.CACertPEM != "" {
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM([]byte(tg.CACertPEM))
		tlsConfig.RootCAs = pool
	}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: tlsConfig}}
}

func externalTarget(t testing.TB) *Target {
	t.Helper()
	tg := &Target{
		Endpoint: os.Getenv(EnvEndpoint),
		Username: os.Getenv(EnvUsername),
		Password: os.Getenv(EnvPassword),
	}
	if v := os.Getenv(EnvInsecure); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			t.Fatalf("%s=%q: want true or false", EnvInsecure, v)
		}
		tg.Insecure = b
	}
	if f := os.Getenv(EnvCACertFile); f != "" {
		pem, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("%s: %v", EnvCACertFile, err)
		}
		tg.CACertPEM = string(pem)
	}
	if v := os.Getenv(EnvAuthMethod); v != "" {
		if !slices.Contains(redfish.AuthMethods, v) {
			t.Fatalf("%s=%q: want one of %s", EnvAuthMethod, v, strings.Join(redfish.AuthMethods, ", "))
		}
		tg.AuthMethod = v
	}
	return tg
}

// RequireEmulator skips the test when it runs against an external service,
// because it needs powers only the emulator has (out-of-band changes, fault
// injection, choosing a vendor profile). Against the emulator it never skips.
func (tg *Target) RequireEmulator(t testing.TB, why string) {
	t.Helper()
	if tg.Sim == nil {
		t.Skipf("needs the in-repo emulator (%s); skipped because %s points at an external Redfish service", why, EnvEndpoint)
	}
}

// Destination returns an event destination URL for tests that only need the
// BMC to accept it, unique per name so parallel tests do not collide on
// BMCs that reject duplicate destinations.
func Destination(name string) string {
	if d := os.Getenv(EnvDestination); d != "" {
		return strings.TrimRight(d, "/") + "/" + name
	}
	return "https://events.example.com/" + name
}

// ProviderConfig is a provider block that connects to the target.
func (tg *Target) ProviderConfig() string {
	return "provider \"bmc\" {\n" + tg.connectionAttributes() + "}\n"
}

// BMCBlock is the same connection as a resource's `bmc` attribute, for a
// provider block with no endpoint.
func (tg *Target) BMCBlock() string {
	return "  bmc = {\n" + tg.connectionAttributes() + "  }\n"
}

func (tg *Target) connectionAttributes() string {
	var b strings.Builder
	fmt.Fprintf(&b, "    endpoint = %q\n", tg.Endpoint)
	if tg.Username != "" {
		fmt.Fprintf(&b, "    username = %q\n    password = %q\n", tg.Username, tg.Password)
	}
	if tg.Insecure {
		b.WriteString("    insecure = true\n")
	}
	if tg.AuthMethod != "" {
		fmt.Fprintf(&b, "    auth_method = %q\n", tg.AuthMethod)
	}
	if tg.CACertPEM != "" {
		fmt.Fprintf(&b, "    ca_certificate = <<-EOT\n%s    EOT\n", indent(tg.CACertPEM, "    "))
	}
	return b.String()
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n") + "\n"
}

// NewSink starts an event listener for deliveries, closed when the test ends.
func NewSink(t testing.TB, tls bool) *bmcsim.Sink {
	t.Helper()
	sink, err := bmcsim.StartSink(tls)
	if err != nil {
		t.Fatalf("starting event sink: %v", err)
	}
	t.Cleanup(sink.Close)
	return sink
}
