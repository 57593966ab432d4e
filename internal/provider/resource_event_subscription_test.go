package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
	"github.com/bmc-events/terraform-provider-bmc/internal/redfish"
)

const testResource = "bmc_event_subscription.test"

// profileCase is one emulator profile with the arguments a BMC of its kind
// is used with, so that its read-back normalisation is exercised on them.
type profileCase struct {
	name     string
	tls      bool
	username string
	auth     string
	// extra holds arguments of the kind this BMC is used with, so that
	// its read-back normalisation is exercised on them too.
	extra string
	// rewritesDestination: the BMC reports Destination in another
	// spelling (bmcweb writes out ":443/"), so an import reads that one.
	rewritesDestination bool
}

// profileCases are the profiles the acceptance tests run on.
var profileCases = []profileCase{
	{name: "dmtf", extra: `severities = ["Critical"]
  registry_prefixes = ["ResourceEvent"]
  origin_resources = ["/redfish/v1/Chassis/1/"]`},
	{name: "openbmc", tls: true, username: "root", auth: "session", rewritesDestination: true, extra: `registry_prefixes = ["Base", "TaskEvent"]
  resource_types = ["Task"]
  delivery_retry_policy = "SuspendRetries"
  http_headers = { "X-Token" = "t0k" }`},
	{name: "idrac9", tls: true, username: "root", auth: "session", extra: `event_types = ["Alert", "StatusChange"]
  severities = ["Critical", "Warning"]`},
	{name: "idrac10", tls: true, username: "root", auth: "session", extra: `event_types = ["Alert", "StatusChange"]`},
	{name: "ilo5", tls: true, username: "admin", auth: "basic", extra: `event_types = ["Alert", "StatusChange"]
  event_format_type = "Event"
  oem = jsonencode({ Hpe = { Tag = "rack-12" } })
  http_headers = { "X-Token" = "t0k", "X-Team" = "storage" }`},
	{name: "ilo6", tls: true, username: "admin", auth: "basic", extra: `registry_prefixes = ["iLOEvents"]`},
	{name: "xcc2", username: "USERID", auth: "session", extra: `registry_prefixes = ["ResourceEvent"]
  severities = ["Critical", "Warning"]`},
	{name: "xcc3", username: "USERID", auth: "session"},
	{name: "minimal", username: "admin", auth: "basic", extra: `severities = ["Critical"]`},
}

func (p profileCase) options() bmcsim.Options {
	opts := bmcsim.Options{Profile: p.name, TLS: p.tls}
	if p.username != "" {
		opts.Username, opts.Password = p.username, "s3cret-"+p.name
	}
	return opts
}

// config is the provider block and one subscription "test" to a destination
// named name, with context "profile-<profile>".
func (p profileCase) config(tg *acctest.Target, name string) string {
	body := fmt.Sprintf("  destination = %q\n  context = \"profile-%s\"\n  %s\n", acctest.Destination(name), p.name, p.extra)
	cfg := resourceConfig(tg, body)
	if p.auth != "" {
		cfg = strings.Replace(cfg, "provider \"bmc\" {\n", fmt.Sprintf("provider \"bmc\" {\n    auth_method = %q\n", p.auth), 1)
	}
	return cfg
}

// Every emulator profile: create, empty plan, the data source, import by URL
// and by path, destroy.
// Profiles are run with different transports and auth so that each
// combination is exercised somewhere.
func TestAccEventSubscription_profiles(t *testing.T) {
	profiles := append([]profileCase{}, profileCases...)
	if acctest.External() {
		// A real BMC is one profile, with rules of its own: run once, with
		// only the arguments every Redfish service takes.
		profiles = profiles[:1]
		profiles[0].name, profiles[0].extra = "external", ""
		// It may report Destination in another spelling of the same URI
		// (bmcweb writes out ":443"); the import block step still shows
		// that costs no replacement.
		profiles[0].rewritesDestination = true
	}
	for _, p := range profiles {
		t.Run(p.name, func(t *testing.T) {
			tg := acctest.NewTarget(t, p.options())
			// After an import, headers (never read back) are adopted from
			// the configuration in place; nothing else differs.
			afterImport := plancheck.ResourceActionNoop
			if strings.Contains(p.extra, "http_headers") {
				afterImport = plancheck.ResourceActionUpdate
			}
			cfg := p.config(tg, "profiles-"+p.name)
			var created string // the id of the first apply's subscription
			// A BMC never reads HTTP headers back; origin_resources is
			// configured with a trailing slash the BMC drops; the plan
			// check of the import block below shows neither costs a
			// replacement, and neither does a rewritten destination.
			verifyIgnore := []string{"http_headers", "origin_resources"}
			if p.rewritesDestination {
				verifyIgnore = append(verifyIgnore, "destination")
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				// The import block step needs Terraform 1.5.
				TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
				CheckDestroy:           checkBMCDestroyed(tg),
				Steps: []resource.TestStep{
					{
						Config: cfg,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(testResource, tfjsonpath.New("id"),
								knownvalue.StringRegexp(regexp.MustCompile(`^/redfish/v1/EventService/Subscriptions/[^/]+$`))),
							statecheck.ExpectKnownValue(testResource, tfjsonpath.New("context"), knownvalue.StringExact("profile-"+p.name)),
							statecheck.ExpectKnownValue(testResource, tfjsonpath.New("protocol"), knownvalue.StringExact("Redfish")),
							statecheck.ExpectKnownValue(testResource, tfjsonpath.New("endpoint"), knownvalue.StringExact(tg.Endpoint)),
							statecheck.ExpectKnownValue(testResource, tfjsonpath.New("status"), knownvalue.NotNull()),
						},
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						Check: resource.ComposeAggregateTestCheckFunc(checkBMCHolds(tg, 1), rememberID(testResource, &created)),
					},
					{
						// The data source lists it, read back like the resource reads it.
						Config: cfg + fmt.Sprintf(`
data "bmc_event_subscriptions" "test" {
  context    = "profile-%s"
  depends_on = [bmc_event_subscription.test]
}`, p.name),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("data.bmc_event_subscriptions.test", tfjsonpath.New("subscriptions"), knownvalue.ListSizeExact(1)),
							statecheck.CompareValuePairs("data.bmc_event_subscriptions.test", tfjsonpath.New("subscriptions").AtSliceIndex(0).AtMapKey("id"),
								testResource, tfjsonpath.New("id"), compareEqual),
							// The data source shows the BMC's spelling (bmcweb writes
							// out ":443/"); the resource keeps the configuration's.
							statecheck.CompareValuePairs("data.bmc_event_subscriptions.test", tfjsonpath.New("subscriptions").AtSliceIndex(0).AtMapKey("destination"),
								testResource, tfjsonpath.New("destination"), sameURIComparer{}),
							statecheck.ExpectKnownValue("data.bmc_event_subscriptions.test", tfjsonpath.New("event_service").AtMapKey("service_enabled"), knownvalue.Bool(true)),
						},
					},
					{
						ResourceName:            testResource,
						ImportState:             true,
						ImportStateIdFunc:       importURL(testResource),
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: verifyIgnore,
					},
					{
						ResourceName: testResource,
						ImportState:  true,
						ImportStateIdFunc: func(s *terraform.State) (string, error) {
							return s.RootModule().Resources[testResource].Primary.ID, nil
						},
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: verifyIgnore,
					},
					{
						// After an import (state in the BMC's spelling) the
						// configuration plans no replacement.
						ResourceName:      testResource,
						ImportState:       true,
						ImportStateKind:   resource.ImportBlockWithID,
						ImportStateIdFunc: importURL(testResource),
						ImportPlanChecks: resource.ImportPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, afterImport)},
						},
						ExpectNonEmptyPlan: afterImport != plancheck.ResourceActionNoop,
					},
					{
						// Drift: deleted on the BMC (over Redfish when it is an
						// external one), created again.
						PreConfig: func() {
							if err := tg.DeleteSubscription(context.Background(), created); err != nil {
								t.Fatalf("deleting %s out of band: %v", created, err)
							}
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionCreate)},
						},
						Check: checkBMCHolds(tg, 1),
					},
				},
			})
		})
	}
}

// allArguments sets every argument the dmtf profile accepts.
func allArguments(destination string) string {
	return fmt.Sprintf(`
  destination                 = %q
  context                     = "all-arguments"
  protocol                    = "Redfish"
  subscription_type           = "RedfishEvent"
  event_format_type           = "Event"
  event_types                 = ["Alert", "StatusChange"]
  registry_prefixes           = ["ResourceEvent"]
  exclude_registry_prefixes   = ["Base"]
  resource_types              = ["Chassis"]
  message_ids                 = ["ResourceEvent.ResourceErrorsDetected"]
  exclude_message_ids         = ["ResourceEvent.ResourceCreated"]
  origin_resources            = ["/redfish/v1/Chassis/1"]
  subordinate_resources       = true
  include_origin_of_condition = false
  severities                  = ["Critical", "Warning"]
  metric_report_definitions   = ["/redfish/v1/TelemetryService/MetricReportDefinitions/PowerMetrics"]
  delivery_retry_policy       = "SuspendRetries"
  verify_certificate          = false
  send_heartbeat              = true
  heartbeat_interval_minutes  = 60
  oem                         = jsonencode({ Contoso = { Team = "storage" } })
  http_headers                = { "X-Api-Key" = "k1" }
`, destination)
}

// Every argument is sent (the emulator holds exactly what was set) and each
// change of one argument replaces the subscription.
func TestAccEventSubscription_everyArgumentReplaces(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, "checks what the BMC stored, including write-only headers")
	base := allArguments(acctest.Destination("all-args"))

	changes := []struct{ from, to string }{
		{`destination                 = "` + acctest.Destination("all-args") + `"`, `destination = "` + acctest.Destination("all-args-2") + `"`},
		{`context                     = "all-arguments"`, `context = "changed"`},
		{`subscription_type           = "RedfishEvent"`, "subscription_type = \"OEM\"\n oem_subscription_type = \"ContosoPush\""},
		{`oem_subscription_type = "ContosoPush"`, `oem_subscription_type = "ContosoPull"`},
		{`event_format_type           = "Event"`, `event_format_type = "MetricReport"`},
		{`event_types                 = ["Alert", "StatusChange"]`, `event_types = ["Alert"]`},
		{`registry_prefixes           = ["ResourceEvent"]`, `registry_prefixes = ["ResourceEvent", "TaskEvent"]`},
		{`exclude_registry_prefixes   = ["Base"]`, `exclude_registry_prefixes = ["Base", "Update"]`},
		{`resource_types              = ["Chassis"]`, `resource_types = ["ComputerSystem"]`},
		{`message_ids                 = ["ResourceEvent.ResourceErrorsDetected"]`, `message_ids = ["ResourceEvent.ResourceErrorThresholdExceeded"]`},
		{`exclude_message_ids         = ["ResourceEvent.ResourceCreated"]`, `exclude_message_ids = ["ResourceEvent.ResourceRemoved"]`},
		{`origin_resources            = ["/redfish/v1/Chassis/1"]`, `origin_resources = ["/redfish/v1/Systems/1"]`},
		{`subordinate_resources       = true`, `subordinate_resources = false`},
		{`include_origin_of_condition = false`, `include_origin_of_condition = true`},
		{`severities                  = ["Critical", "Warning"]`, `severities = ["Critical"]`},
		{`metric_report_definitions   = ["/redfish/v1/TelemetryService/MetricReportDefinitions/PowerMetrics"]`, `metric_report_definitions = []`},
		{`delivery_retry_policy       = "SuspendRetries"`, `delivery_retry_policy = "RetryForever"`},
		{`verify_certificate          = false`, `verify_certificate = true`},
		{`send_heartbeat              = true`, `send_heartbeat = false`},
		{`heartbeat_interval_minutes  = 60`, `heartbeat_interval_minutes = 30`},
		{`oem                         = jsonencode({ Contoso = { Team = "storage" } })`, `oem = jsonencode({ Contoso = { Team = "network" } })`},
		{`http_headers                = { "X-Api-Key" = "k1" }`, `http_headers = { "X-Api-Key" = "k2" }`},
		{`protocol                    = "Redfish"`, "protocol = \"OEM\"\n oem_protocol = \"ContosoBus\""},
		{`oem_protocol = "ContosoBus"`, `oem_protocol = "ContosoQueue"`},
	}

	steps := []resource.TestStep{{
		Config: resourceConfig(tg, base),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(testResource, tfjsonpath.New("severities"),
				knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("Critical"), knownvalue.StringExact("Warning")})),
			statecheck.ExpectKnownValue(testResource, tfjsonpath.New("heartbeat_interval_minutes"), knownvalue.Int64Exact(60)),
			statecheck.ExpectSensitiveValue(testResource, tfjsonpath.New("http_headers")),
		},
		Check: func(*terraform.State) error {
			s := onlySubscription(t, tg)
			if s.Context != "all-arguments" || s.DeliveryRetryPolicy != "SuspendRetries" || len(s.MessageIds) != 1 ||
				s.HeartbeatIntervalMinutes == nil || *s.HeartbeatIntervalMinutes != 60 || s.SendHeartbeat == nil || !*s.SendHeartbeat {
				return fmt.Errorf("BMC holds %+v, not what was configured", s)
			}
			if len(s.HttpHeaders) != 1 || s.HttpHeaders[0]["X-Api-Key"] != "k1" {
				return fmt.Errorf("BMC holds HttpHeaders %v, want [{X-Api-Key: k1}]", s.HttpHeaders)
			}
			return nil
		},
	}}
	current := base
	for _, c := range changes {
		if !strings.Contains(current, c.from) {
			t.Fatalf("test table out of date: %q not in config", c.from)
		}
		current = strings.Replace(current, c.from, c.to, 1)
		steps = append(steps, resource.TestStep{
			Config: resourceConfig(tg, current),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionDestroyBeforeCreate)},
			},
			Check: checkBMCHolds(tg, 1),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkBMCDestroyed(tg),
		Steps:                    steps,
	})
}

// What happens on the BMC behind Terraform's back shows up in the next plan.
func TestAccEventSubscription_outOfBandChanges(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, "changes subscriptions out of band")
	cfg := resourceConfig(tg, fmt.Sprintf("  destination = %q\n  context = \"oob\"\n", acctest.Destination("oob")))
	modify := func(fn func(*bmcsim.Subscription)) func() {
		return func() {
			s := onlySubscription(t, tg)
			if !tg.Sim.ModifySubscription(s.ID, fn) {
				t.Fatalf("could not modify subscription %s", s.ID)
			}
		}
	}
	replace := resource.ConfigPlanChecks{
		PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionDestroyBeforeCreate)},
	}
	var disabledID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: checkBMCHolds(tg, 1)},
			{
				PreConfig: func() { tg.Sim.DeleteSubscription(onlySubscription(t, tg).ID) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionCreate)},
				},
				Check: checkBMCHolds(tg, 1),
			},
			{PreConfig: modify(func(s *bmcsim.Subscription) { s.Context = "edited in the web UI" }), Config: cfg, ConfigPlanChecks: replace},
			{
				// dmtf offers #EventDestination.ResumeSubscription: the
				// subscription is resumed in place, not replaced.
				PreConfig: func() {
					disabledID = onlySubscription(t, tg).ID
					modify(func(s *bmcsim.Subscription) { s.State = "Disabled" })()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(testResource, tfjsonpath.New("status")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("status"), knownvalue.StringExact("Enabled")),
				},
				Check: func(*terraform.State) error {
					if s := onlySubscription(t, tg); s.State != "Enabled" || s.Context != "oob" || s.ID != disabledID {
						return fmt.Errorf("after resuming %s the BMC holds %+v", disabledID, s)
					}
					return nil
				},
			},
			{
				// Destination cannot change on a Redfish subscription: another
				// destination at our path is someone else's subscription (the
				// BMC reused the id). Ours is recreated; theirs is left alone.
				PreConfig: modify(func(s *bmcsim.Subscription) { s.Destination = "https://someone-else.example.com/" }),
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionCreate)},
				},
				Check: checkBMCHolds(tg, 2),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			left := tg.Created()
			if len(left) != 1 || left[0].Destination != "https://someone-else.example.com/" {
				return fmt.Errorf("after destroy the BMC holds %+v, want only the foreign subscription", left)
			}
			return nil
		},
	})
}

// Write-only headers are sent to the BMC, used for delivery, and never stored.
func TestAccEventSubscription_writeOnlyHeadersDelivered(t *testing.T) {
	sink := acctest.NewSink(t, true)
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "openbmc", TLS: true, DeliveryRootCAs: sink.CertPool()})
	tg.RequireEmulator(t, "receives the delivered event")
	const secret = "Bearer wo-s3cret-token"
	cfg := func(version int) string {
		return resourceConfig(tg, fmt.Sprintf(`
  destination             = %q
  context                 = "wo-context"
  verify_certificate      = true
  http_headers_wo         = { Authorization = %q }
  http_headers_wo_version = %d
`, sink.URL(), secret, version))
	}
	submitTestEvent := func(*terraform.State) error {
		if err := postTestEvent(tg); err != nil {
			return err
		}
		events, err := sink.WaitFor(1, 10*time.Second)
		if err != nil {
			return err
		}
		got := events[len(events)-1]
		if h := got.Header.Get("Authorization"); h != secret {
			return fmt.Errorf("event arrived with Authorization %q, want the write-only header", h)
		}
		if !strings.Contains(string(got.Body), `"wo-context"`) {
			return fmt.Errorf("event body lacks the context: %s", got.Body)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// Write-only attributes need Terraform 1.11.
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:           checkBMCDestroyed(tg),
		Steps: []resource.TestStep{
			{
				Config: cfg(1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("http_headers_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("http_headers"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(checkStateHasNo("wo-s3cret"), submitTestEvent),
			},
			{
				Config: cfg(2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: checkBMCHolds(tg, 1),
			},
		},
	})
}

// postTestEvent asks the BMC, over Redfish, to send a test event.
func postTestEvent(tg *acctest.Target) error {
	body := strings.NewReader(`{"EventType":"Alert","MessageId":"ResourceEvent.1.4.ResourceErrorsDetected","Message":"test","Severity":"Critical","MessageSeverity":"Critical","OriginOfCondition":"/redfish/v1/Chassis/1"}`)
	req, err := http.NewRequest(http.MethodPost, tg.Endpoint+"/redfish/v1/EventService/Actions/EventService.SubmitTestEvent", body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if tg.Username != "" {
		req.SetBasicAuth(tg.Username, tg.Password)
	}
	client := tg.HTTPClient()
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("SubmitTestEvent answered %s", resp.Status)
	}
	return nil
}

// sameURIComparer passes when the values are URIs provably equal.
type sameURIComparer struct{}

func (sameURIComparer) CompareValues(values ...any) error {
	for i := 1; i < len(values); i++ {
		a, okA := values[0].(string)
		b, okB := values[i].(string)
		if !okA || !okB || !redfish.EqualURI(a, b) {
			return fmt.Errorf("%v and %v are not the same URI", values[0], values[i])
		}
	}
	return nil
}

// A BMC without the ResumeSubscription action (iLO 5 documents none): a
// subscription it has Disabled is replaced.
func TestAccEventSubscription_disabledReplacedWithoutResume(t *testing.T) {
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "ilo5"})
	tg.RequireEmulator(t, "disables a subscription out of band")
	cfg := resourceConfig(tg, fmt.Sprintf("  destination = %q\n  context = \"no-resume\"\n  event_types = [\"Alert\"]\n", acctest.Destination("no-resume")))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					if !tg.Sim.SetSubscriptionState(onlySubscription(t, tg).ID, "Disabled") {
						t.Fatal("could not disable the subscription")
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testResource, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(testResource, tfjsonpath.New("status"), knownvalue.StringExact("Enabled")),
				},
			},
		},
	})
}
