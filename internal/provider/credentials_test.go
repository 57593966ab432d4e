package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

func TestEndpointWithCredentialsIsRefused(t *testing.T) {
	for _, raw := range []string{"http://admin:s3cret-Pa55@10.0.0.5", "https://admin@bmc.example.com/", "https://:s3cret-Pa55@10.0.0.5/redfish/v1"} {
		var resp validator.StringResponse
		endpointValidator.ValidateString(context.Background(), validator.StringRequest{
			Path: path.Root("endpoint"), ConfigValue: types.StringValue(raw)}, &resp)
		if !resp.Diagnostics.HasError() {
			t.Errorf("%q accepted", raw)
			continue
		}
		detail := resp.Diagnostics[0].Detail()
		if strings.Contains(detail, "s3cret") || !strings.Contains(detail, "`password`") {
			t.Errorf("%q: %s", raw, detail)
		}
	}
	// Nothing else shows userinfo either: the computed endpoint of an
	// invalid one, an error about its path.
	if got := normalizeEndpoint("http://admin:s3cret-Pa55@10.0.0.5/ui"); strings.Contains(got, "s3cret") {
		t.Errorf("normalizeEndpoint kept the password: %s", got)
	}
}

func TestHeaderNamesUniqueIgnoringCase(t *testing.T) {
	m := types.MapValueMust(types.StringType, map[string]attr.Value{
		"Authorization": types.StringValue("Bearer a-secret-1"),
		"authorization": types.StringValue("Bearer a-secret-2"),
		"X-Other":       types.StringValue("v"),
	})
	var resp validator.MapResponse
	uniqueHeaderNamesValidator{}.ValidateMap(context.Background(), validator.MapRequest{Path: path.Root("http_headers"), ConfigValue: m}, &resp)
	if !resp.Diagnostics.HasError() {
		t.Fatal("duplicate header names accepted")
	}
	d := resp.Diagnostics[0].Detail()
	if !strings.Contains(d, `"Authorization"`) || !strings.Contains(d, `"authorization"`) || strings.Contains(d, "a-secret") {
		t.Errorf("detail: %s", d)
	}
	// The same check guards the create itself.
	if _, diags := httpHeaders(context.Background(), m, types.MapNull(types.StringType)); !diags.HasError() {
		t.Error("httpHeaders sent both spellings")
	}
}

func TestEnvironmentVariablesValidatedLikeArguments(t *testing.T) {
	cases := []struct {
		env, value string
		want       string
	}{
		{"BMC_MAX_RETRIES", "21", "between 0 and 20"},
		{"BMC_MAX_RETRIES", "-1", "between 0 and 20"},
		{"BMC_REQUEST_TIMEOUT_SECONDS", "0", "between 1 and 3600"},
		{"BMC_REQUEST_TIMEOUT_SECONDS", "thirty", "between 1 and 3600"},
		{"BMC_RETRY_WAIT_SECONDS", "301", "between 0 and 300"},
	}
	for _, c := range cases {
		t.Run(c.env+"="+c.value, func(t *testing.T) {
			t.Setenv(c.env, c.value)
			var diags diag.Diagnostics
			setting := map[string]intSetting{
				"BMC_MAX_RETRIES": maxRetriesSetting, "BMC_REQUEST_TIMEOUT_SECONDS": requestTimeoutSetting,
				"BMC_RETRY_WAIT_SECONDS": retryWaitSetting,
			}[c.env]
			if _, ok := setting.fromConfigOrEnv(types.Int64Null(), &diags); ok || !strings.Contains(diags[0].Detail(), c.want) ||
				!strings.Contains(diags[0].Detail(), c.env) {
				t.Errorf("ok %v, %v", ok, diags)
			}
		})
	}
	t.Setenv("BMC_MAX_RETRIES", "7")
	var diags diag.Diagnostics
	if n, ok := maxRetriesSetting.fromConfigOrEnv(types.Int64Null(), &diags); !ok || n != 7 {
		t.Errorf("7 read as %d, %v", n, diags)
	}
	if problem := endpointProblem("https://root:calvin-Pa55@10.0.0.5"); problem == "" || strings.Contains(problem, "calvin") {
		t.Errorf("BMC_ENDPOINT check: %q", problem)
	}
}

func TestBMCCredentialsPrecedence(t *testing.T) {
	defaults := connectionSettings{
		Endpoint: "https://a.example.com", Username: "provider-user", Password: "provider-pass",
		Credentials: map[string]credentialsModel{
			"https://b.example.com": {Username: types.StringValue("map-user"), Password: types.StringValue("map-pass")},
			"https://c.example.com": {Username: types.StringNull(), Password: types.StringValue("map-pass-c")},
		},
	}
	block := func(endpoint string, user, pass types.String) *bmcModel {
		return &bmcModel{Endpoint: types.StringValue(endpoint), Username: user, Password: pass,
			Insecure: types.BoolNull(), CACertificate: types.StringNull(), AuthMethod: types.StringNull()}
	}
	null := types.StringNull()
	cases := []struct {
		name           string
		override       *bmcModel
		user, password string
	}{
		{"provider only", nil, "provider-user", "provider-pass"},
		{"map entry", block("https://B.example.com:443/", null, null), "map-user", "map-pass"},
		{"map without username keeps the provider's", block("https://c.example.com", null, null), "provider-user", "map-pass-c"},
		{"block username with map password", block("https://b.example.com", types.StringValue("block-user"), null), "block-user", "map-pass"},
		{"block password wins", block("https://b.example.com", types.StringValue("u"), types.StringValue("block-pass")), "u", "block-pass"},
	}
	for _, c := range cases {
		cfg, diags := connectionConfig(defaults, c.override, "")
		if diags.HasError() || cfg.Username != c.user || cfg.Password != c.password {
			t.Errorf("%s: %s/%s, %v", c.name, cfg.Username, cfg.Password, diags)
		}
	}
}

// bmcObject builds a resource's `bmc` value.
func bmcObject(endpoint, username, password string) types.Object {
	return types.ObjectValueMust(map[string]attr.Type{
		"endpoint": types.StringType, "username": types.StringType, "password": types.StringType,
		"insecure": types.BoolType, "ca_certificate": types.StringType, "auth_method": types.StringType,
	}, map[string]attr.Value{
		"endpoint": types.StringValue(endpoint), "username": types.StringValue(username), "password": types.StringValue(password),
		"insecure": types.BoolNull(), "ca_certificate": types.StringNull(), "auth_method": types.StringNull(),
	})
}

// TestRotationHelpers drives the Read and ModifyPlan halves of a rotation
// against the emulator: the state's rejected credentials warn and keep
// state; the configuration's rejected credentials fail the plan; good ones
// pass; and the BMC sees one refused login for the bad password.
func TestRotationHelpers(t *testing.T) {
	sim, err := bmcsim.Start(bmcsim.Options{Username: "admin", Password: "current-Pa55"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	ctx := context.Background()
	data := &providerData{pool: redfish.NewPool(), defaults: connectionSettings{Timeout: 5 * time.Second, RetryWait: time.Millisecond}}

	old := bmcObject(sim.URL(), "admin", "previous-Pa55")
	client, keep, diags := refreshClient(ctx, data, old, sim.URL())
	if !keep || client != nil || diags.HasError() || diags.WarningsCount() != 1 ||
		!strings.Contains(diags[0].Detail(), "rejected the credentials stored in state") {
		t.Fatalf("refresh with the state's old password: keep %v, %v", keep, diags)
	}
	if d := checkConfiguredCredentials(ctx, data, old, sim.URL()); !d.HasError() ||
		d[0].Summary() != "BMC Rejected the Configured Credentials" {
		t.Fatalf("plan with a rejected configured password: %v", d)
	}
	if d := checkConfiguredCredentials(ctx, data, bmcObject(sim.URL(), "admin", "current-Pa55"), sim.URL()); d.HasError() {
		t.Fatalf("plan with the right password: %v", d)
	}
	if n := sim.Stats().FailedLogins; n != 1 {
		t.Errorf("the BMC refused %d logins; want 1", n)
	}
	// Credentials that are not the state's (the provider's) are the
	// configured ones: an error, not a warning.
	data.defaults.Username, data.defaults.Password = "admin", "previous-Pa55"
	stateBMC := types.ObjectValueMust(old.AttributeTypes(ctx), map[string]attr.Value{
		"endpoint": types.StringValue(sim.URL()), "username": types.StringNull(), "password": types.StringNull(),
		"insecure": types.BoolNull(), "ca_certificate": types.StringNull(), "auth_method": types.StringNull(),
	})
	if _, keep, diags := refreshClient(ctx, data, stateBMC, sim.URL()); keep || !diags.HasError() {
		t.Errorf("provider credentials rejected: keep %v, %v", keep, diags)
	}
}

// Plan-time checks of the connection arguments, for the provider block and
// the bmc block alike.
func TestAccCredentialArgumentsValidated(t *testing.T) {
	body := "resource \"bmc_event_subscription\" \"test\" {\n destination = \"https://x.example.com\"\n%s\n}\n"
	cases := []struct {
		name, config, want string
	}{
		{"credentials in the provider endpoint", `provider "bmc" { endpoint = "https://root:calvin-Pa55@192.0.2.1" }` + "\n" + strings.ReplaceAll(body, "%s", ""),
			"has credentials in it"},
		{"credentials in a bmc endpoint", `provider "bmc" {}` + "\n" + strings.ReplaceAll(body, "%s", `bmc = { endpoint = "https://root:calvin-Pa55@192.0.2.1" }`),
			"has credentials in it"},
		{"credentials in a bmc_credentials key", `provider "bmc" {
  endpoint = "https://192.0.2.1"
  bmc_credentials = { "https://root:calvin-Pa55@192.0.2.2" = { password = "x-Pa55" } }
}` + "\n" + strings.ReplaceAll(body, "%s", ""), "has credentials in it"},
		{"max_retries out of range", `provider "bmc" {
  endpoint    = "https://192.0.2.1"
  max_retries = 21
}` + "\n" + strings.ReplaceAll(body, "%s", ""), "between 0 and 20"},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      c.config,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(c.want), " ", `\s+`)),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// bmc_credentials: a fleet's per-BMC passwords come from the provider block
// and never reach state.
func TestAccBMCCredentialsMap(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Username: "admin", Password: "per-bmc-Pa55word"})
	tg.RequireEmulator(t, "needs a BMC whose password only the map holds")
	config := `provider "bmc" {
  username = "admin"
  password = "the-fleet-default-is-wrong"
  bmc_credentials = {
    "` + tg.Endpoint + `/redfish/v1" = { password = "per-bmc-Pa55word" }
  }
}

resource "bmc_event_subscription" "test" {
  bmc         = { endpoint = "` + tg.Endpoint + `" }
  destination = "https://events.example.com/map"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkBMCHolds(tg, 1),
				checkStateHasNo("per-bmc-Pa55word"),
				resource.TestCheckNoResourceAttr(testResource, "bmc.password"),
			),
		}},
		CheckDestroy: checkBMCDestroyed(tg),
	})
}

// The plugin server redacts diagnostics whoever wrote them.
func TestRedactingServerRedactsDiagnostics(t *testing.T) {
	redfish.RegisterSecrets("server-Secret-42")
	diags := []*tfprotov6.Diagnostic{{Summary: "x", Detail: "the BMC said server-Secret-42 and https://u:p-long@h/"}}
	redactDiagnostics(diags)
	if strings.Contains(diags[0].Detail, "server-Secret-42") || strings.Contains(diags[0].Detail, "p-long") {
		t.Errorf("detail: %s", diags[0].Detail)
	}
}

// Environment variables are checked like the arguments they stand for,
// when the provider is configured.
func TestAccEnvironmentVariablesValidated(t *testing.T) {
	cases := []struct{ env, value, want string }{
		{"BMC_ENDPOINT", "https://root:calvin-Pa55@192.0.2.1", "BMC_ENDPOINT: The endpoint"},
		{"BMC_MAX_RETRIES", "99", "between 0 and 20"},
		{"BMC_REQUEST_TIMEOUT_SECONDS", "0", "between 1 and 3600"},
		{"BMC_CA_CERTIFICATE", "not a certificate", "no PEM certificate block"},
		{"BMC_AUTH_METHOD", "kerberos", "use one of"},
	}
	for _, c := range cases {
		t.Run(c.env, func(t *testing.T) {
			t.Setenv(c.env, c.value)
			if c.env != "BMC_ENDPOINT" {
				t.Setenv("BMC_ENDPOINT", "https://192.0.2.1")
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      "provider \"bmc\" {}\n\nresource \"bmc_event_subscription\" \"test\" {\n destination = \"https://x.example.com\"\n}\n",
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(c.want), " ", `\s+`)),
				}},
			})
		})
	}
}
