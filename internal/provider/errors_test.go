package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

var (
	compareEqual = compare.ValuesSame()
	notRedfish   = regexp.MustCompile(`^(SNMP|Syslog|SMTP|OEM)`)
)

// Bad input is caught at plan time, with a message that says how to fix it.
func TestAccEventSubscription_planTimeValidation(t *testing.T) {
	provider := `provider "bmc" { endpoint = "https://192.0.2.1" }` + "\n"
	cases := []struct {
		name, body string
		want       string
	}{
		{"relative destination", `destination = "events/in"`, `not an absolute URI`},
		{"scheme does not fit protocol", `destination = "ftp://events.example.com/"`, `protocol "Redfish" sends to https: or http:`},
		{"smtp needs mailto", "destination = \"https://x.example.com\"\n protocol = \"SMTP\"", `sends to mailto:`},
		{"OEM protocol without its name", "destination = \"https://x.example.com\"\n protocol = \"OEM\"", `set oem_protocol`},
		{"OEM type without its name", "destination = \"https://x.example.com\"\n subscription_type = \"OEM\"", `set oem_subscription_type`},
		{"unknown protocol", "destination = \"https://x.example.com\"\n protocol = \"Carrier-Pigeon\"", `value must be one of`},
		{"unknown severity", "destination = \"https://x.example.com\"\n severities = [\"Fatal\"]", `value must be one of`},
		{"unknown retry policy", "destination = \"https://x.example.com\"\n delivery_retry_policy = \"Sometimes\"", `value must be one of`},
		{"heartbeat out of range", "destination = \"https://x.example.com\"\n heartbeat_interval_minutes = 0", `between 1 and 65535`},
		{"oem not JSON", "destination = \"https://x.example.com\"\n oem = \"{nope\"", `not a JSON object`},
		{"header names differing in case", "destination = \"https://x.example.com\"\n http_headers = { Authorization = \"a\", authorization = \"b\" }", `differ only in case`},
		{"header name with space", "destination = \"https://x.example.com\"\n http_headers = { \"Bad Header\" = \"v\" }", `not a valid HTTP header name`},
		{"header value with a line break", "destination = \"https://x.example.com\"\n http_headers_wo = { Authorization = \"Bearer tok-123\\n\" }", `contains a line break`},
		{"both header forms", "destination = \"https://x.example.com\"\n http_headers = { A = \"v\" }\n http_headers_wo = { B = \"v\" }", `cannot be specified when`},
		{"version without headers", "destination = \"https://x.example.com\"\n http_headers_wo_version = 1", `must be specified when`},
		{"endpoint without scheme", "destination = \"https://x.example.com\"\n bmc = { endpoint = \"10.0.0.5\" }", `must start with https://`},
		{"endpoint with path", "destination = \"https://x.example.com\"\n bmc = { endpoint = \"https://10.0.0.5/ui\" }", `has a path`},
		{"ca not PEM", "destination = \"https://x.example.com\"\n bmc = { ca_certificate = \"junk\" }", `no PEM certificate block`},
		{"auth method", "destination = \"https://x.example.com\"\n bmc = { auth_method = \"kerberos\" }", `value must be one of`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      provider + "resource \"bmc_event_subscription\" \"test\" {\n" + c.body + "\n}\n",
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(c.want), " ", `\s+`)),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// A BMC's refusal reaches the user with the BMC's own words and the attribute.
func TestAccEventSubscription_bmcRejection(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "openbmc", TLS: true})
	tg.RequireEmulator(t, "relies on the openbmc profile's rules")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// bmcweb refuses userinfo in a destination (RFC 9110 §4.2.4).
				Config:      resourceConfig(tg, `destination = "https://user:pass@events.example.com/userinfo"`),
				ExpectError: regexp.MustCompile(`(?s)Cannot Create Event Subscription.*` + regexp.QuoteMeta(tg.Endpoint) + `.*Destination`),
			},
			{
				// bmcweb refuses EventTypes on create.
				Config:      resourceConfig(tg, fmt.Sprintf("destination = %q\n event_types = [\"Alert\"]", acctest.Destination("reject"))),
				ExpectError: regexp.MustCompile(`(?s)Cannot Create Event Subscription.*EventTypes`),
			},
		},
		CheckDestroy: checkBMCDestroyed(tg),
	})
}

// A TLS BMC is refused without its CA, accepted with it.
func TestAccEventSubscription_tlsVerification(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf", TLS: true})
	tg.RequireEmulator(t, "needs the emulator's generated CA")
	untrusted := fmt.Sprintf("provider \"bmc\" { endpoint = %q }\n", tg.Endpoint) +
		fmt.Sprintf("resource \"bmc_event_subscription\" \"test\" {\n destination = %q\n}\n", acctest.Destination("tls"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBMCDestroyed(tg),
		Steps: []resource.TestStep{
			{Config: untrusted, ExpectError: regexp.MustCompile(`certificate`)},
			{Config: resourceConfig(tg, fmt.Sprintf("destination = %q", acctest.Destination("tls"))), Check: checkBMCHolds(tg, 1)},
		},
	})
}

// A Redfish service without an EventService (sushy-tools is one) or with the
// EventService disabled gets an error that says exactly that.
func TestAccEventSubscription_noUsableEventService(t *testing.T) {
	noEventService := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/redfish/v1", "/redfish/v1/":
			fmt.Fprint(w, `{"@odata.id":"/redfish/v1","@odata.type":"#ServiceRoot.v1_5_0.ServiceRoot","Id":"RootService","Name":"Root Service","RedfishVersion":"1.5.0","Systems":{"@odata.id":"/redfish/v1/Systems"}}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer noEventService.Close()

	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, "disables the emulator's EventService")
	tg.Sim.SetServiceEnabled(false)

	config := func(endpoint string) string {
		return fmt.Sprintf("provider \"bmc\" { endpoint = %q }\nresource \"bmc_event_subscription\" \"test\" {\n destination = %q\n}\n",
			endpoint, acctest.Destination("no-es"))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(noEventService.URL), ExpectError: regexp.MustCompile(`(?s)has no.*EventService`)},
			{Config: config(tg.Endpoint), ExpectError: regexp.MustCompile(`(?s)ServiceEnabled`)},
		},
	})
}

var regexpBMCBlock = regexp.MustCompile(`  bmc = \{\n`)

// Header values a BMC echoes in its error never reach the diagnostic.
func TestBMCErrorDiagnosticRedactsSecrets(t *testing.T) {
	err := fmt.Errorf("400 Bad Request: The value 'Bearer tok-123 ' for the property HttpHeaders/0/Authorization is not a format")
	diags := bmcErrorDiagnostic("Cannot Create Event Subscription", "https://bmc", err, "Bearer tok-123 ")
	if got := diags[0].Detail(); strings.Contains(got, "tok-123") || !strings.Contains(got, "***") {
		t.Fatalf("secret not redacted: %s", got)
	}
}
