package provider

// Acceptance tests of the ownership rule: the provider acts only on a
// subscription it can prove this configuration manages; when it cannot
// prove it, it stops with an error that names what it found and its import
// ID. Each test ends with ownership.check: every foreign subscription is
// untouched, nothing is owned twice, and every subscription no state
// records was named in terraform's output.

import (
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/acctest"
	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// requireCLI skips unless acceptance tests are enabled, like resource.Test.
func requireCLI(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc does)")
	}
}

// fastFailing keeps fault tests short: a hung request is abandoned after a
// second, and retries wait a second.
const fastFailing = "    request_timeout_seconds = 2\n    max_retries = 2\n    retry_wait_seconds = 1"

// A foreign subscription to the same destination with the same context as
// one of ours but other filters, present before Terraform runs: another
// team's. Nothing may adopt, change or delete it.
func addForeignTwin(tg *acctest.Target, destination string) {
	tg.Sim.AddSubscription(bmcsim.Subscription{
		Destination: destination, Context: "own-0", Protocol: "Redfish", Severities: []string{"Warning"},
	})
}

// foreignTwinTarget starts an emulated BMC (dmtf) that holds, before
// Terraform runs, a foreign twin of own-0 (see addForeignTwin), and returns
// the provider build, the BMC, the destination and the ownership checker.
func foreignTwinTarget(t *testing.T, name, why string) (string, *acctest.Target, string, *ownership) {
	t.Helper()
	requireCLI(t)
	provider := currentProviderDir(t)
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, why)
	dest := acctest.Destination(name)
	addForeignTwin(tg, dest)
	return provider, tg, dest, newOwnership(tg)
}

// Every fault the emulator can inject, on create, on refresh and on delete:
// whatever terraform reports, the BMC holds exactly what state says, the
// foreign twin is untouched, and every leftover is named with its import ID.
func TestAccOwnership_everyFault(t *testing.T) {
	requireCLI(t)
	for _, fault := range bmcsim.FaultTypes() {
		t.Run(string(fault), func(t *testing.T) {
			t.Parallel()
			provider, tg, dest, o := foreignTwinTarget(t, "fault-"+string(fault), "injects faults")
			w := newCLIWorkdir(t, provider, subscriptionsConfig(tg, 2, dest, fastFailing))
			f := bmcsim.Fault{Type: fault, Count: 1, Latency: 300 * time.Millisecond, Duration: time.Second}

			// Create.
			tg.Sim.InjectFault(bmcsim.KindSubscriptionCreate, f)
			out, _ := w.run("apply", "-auto-approve")
			o.check(t, out, false, w)
			tg.Sim.ClearFaults()
			out, code := w.run("apply", "-auto-approve")
			if code != 0 {
				// A leftover the first apply could not prove its own: the
				// second names it, and the opt-in setting adopts it.
				if !strings.Contains(out, "Already Exists") {
					t.Fatalf("second apply failed for another reason:\n%s", out)
				}
				w.env = append(w.env, "BMC_ADOPT_EXISTING_SUBSCRIPTIONS=true")
				out = w.mustRun("apply", "-auto-approve")
			}
			if left := o.check(t, out, false, w); len(left) != 0 || len(w.state()) != 2 {
				t.Fatalf("after converging: leftovers %v, state %v", left, w.state())
			}

			// Refresh: a failed refresh fails the plan; it never plans to
			// create what exists.
			tg.Sim.InjectFault(bmcsim.KindSubscriptionList, f)
			tg.Sim.InjectFault(bmcsim.KindSubscriptionGet, f)
			out, code = w.run("plan", "-detailed-exitcode")
			if code == 2 {
				t.Fatalf("a fault on refresh planned changes:\n%s", out)
			}
			tg.Sim.ClearFaults()
			o.check(t, out, false, w)
			w.mustRun("plan", "-detailed-exitcode")

			// Delete.
			tg.Sim.InjectFault(bmcsim.KindSubscriptionDelete, f)
			out, _ = w.run("destroy", "-auto-approve")
			o.check(t, out, true, w)
			tg.Sim.ClearFaults()
			out = w.mustRun("destroy", "-auto-approve")
			if left := o.check(t, out, false, w); len(left) != 0 || len(w.state()) != 0 {
				t.Fatalf("after destroy: leftovers %v, state %v", left, w.state())
			}
		})
	}
}

// Two terraform processes apply the same configuration to one BMC at the
// same time, while the BMC drops the answers to creates it performed; then
// both destroy. Nothing foreign is touched, nothing is owned by both states,
// and every leftover is named with its import ID.
func TestAccOwnership_twoStatesAtOnce(t *testing.T) {
	provider, tg, dest, o := foreignTwinTarget(t, "two-states", "injects faults")
	cfg := subscriptionsConfig(tg, 5, dest, fastFailing)
	a, b := newCLIWorkdir(t, provider, cfg), newCLIWorkdir(t, provider, cfg)
	tg.Sim.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultCommitThenDrop, Count: 6})
	tg.Sim.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultLatency, Latency: 50 * time.Millisecond})

	both := func(args ...string) string {
		ca, oa := a.start(args...)
		cb, ob := b.start(args...)
		_ = ca.Wait()
		_ = cb.Wait()
		return oa.String() + "\n" + ob.String()
	}
	out := both("apply", "-auto-approve")
	left := o.check(t, out, false, a, b)
	t.Logf("after both applies: state A %d, state B %d, leftovers %v", len(a.state()), len(b.state()), left)
	tg.Sim.ClearFaults()
	// A leftover named by the applies stays named.
	out += both("destroy", "-auto-approve")
	left = o.check(t, out, false, a, b)
	if len(a.state())+len(b.state()) != 0 {
		t.Fatalf("after both destroys, state A %v, state B %v", a.state(), b.state())
	}
	t.Logf("after both destroys: leftovers %v", left)
}

// terraform killed (SIGKILL) in the middle of an apply of 20: the next apply
// creates no duplicate and names every subscription the killed run left
// behind with its import ID; importing one works, adopting the others with
// the opt-in setting works, and destroy then leaves nothing.
func TestAccOwnership_killedMidApply(t *testing.T) {
	provider, tg, dest, o := foreignTwinTarget(t, "killed", "counts what the killed run created")
	w := newCLIWorkdir(t, provider, subscriptionsConfig(tg, 20, dest, ""))
	tg.Sim.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultLatency, Latency: 200 * time.Millisecond})

	cmd, _ := w.start("apply", "-auto-approve", "-parallelism=4")
	waitFor(t, 60*time.Second, func() bool { return len(tg.Created()) >= 1+6 })
	signalGroup(t, cmd, syscall.SIGKILL)
	_ = cmd.Wait()
	tg.Sim.ClearFaults()
	created := len(tg.Created()) - 1
	t.Logf("killed with %d of 20 created, %d in state", created, len(w.state()))

	out, code := w.run("apply", "-auto-approve")
	if code == 0 && len(w.state()) < created {
		t.Fatalf("the apply after the kill succeeded without recording what the killed run created:\n%s", out)
	}
	left := o.check(t, out, false, w)
	checkNoTwins(t, tg)
	if code != 0 && !strings.Contains(out, "Event Subscription Already Exists") {
		t.Fatalf("the apply after the kill failed for another reason:\n%s", out)
	}
	if len(left) > 0 {
		// Import one leftover as the error says, by its import ID.
		s, ok := tg.Sim.Subscription(lastPathSegment(left[0]))
		if !ok {
			t.Fatalf("leftover %s vanished", left[0])
		}
		index := strings.TrimPrefix(s.Context, "own-")
		w.mustRun("import", fmt.Sprintf("bmc_event_subscription.s[%s]", index), tg.Endpoint+left[0])
	}
	// Adopt the rest with the opt-in setting.
	w.env = append(w.env, "BMC_ADOPT_EXISTING_SUBSCRIPTIONS=true")
	out = w.mustRun("apply", "-auto-approve")
	if left := o.check(t, out, false, w); len(left) != 0 || len(w.state()) != 20 {
		t.Fatalf("after adopting: leftovers %v, %d in state", left, len(w.state()))
	}
	checkNoTwins(t, tg)
	w.mustRun("destroy", "-auto-approve")
	if got := len(tg.Created()); got != 1 {
		t.Fatalf("after destroy the BMC holds %d subscriptions besides none of ours, want only the foreign one", got)
	}
	o.check(t, "", false, w)
}

// checkNoTwins fails when the BMC holds two subscriptions with one of our
// contexts besides the foreign twin: a duplicate delivers every event twice.
func checkNoTwins(t *testing.T, tg *acctest.Target) {
	t.Helper()
	seen := map[string]string{}
	for _, s := range tg.Sim.Subscriptions() {
		if len(s.Severities) == 1 && s.Severities[0] == "Warning" {
			continue // the foreign twin
		}
		if prev, ok := seen[s.Context]; ok {
			t.Fatalf("duplicate: %s and %s both have context %s", prev, s.ID, s.Context)
		}
		seen[s.Context] = s.ID
	}
}

func waitFor(t *testing.T, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %s", limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Ctrl-C (SIGINT) in the middle of an apply: terraform stops, and nothing
// the BMC created is tainted or left out of state.
func TestAccOwnership_interruptedApply(t *testing.T) {
	requireCLI(t)
	provider := currentProviderDir(t)
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf", Username: "admin", Password: "s3cret"})
	tg.RequireEmulator(t, "slows creates down")
	dest := acctest.Destination("interrupted")
	o := newOwnership(tg)
	w := newCLIWorkdir(t, provider, subscriptionsConfig(tg, 10, dest, "    auth_method = \"session\""))
	tg.Sim.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultLatency, Latency: 300 * time.Millisecond})

	cmd, buf := w.start("apply", "-auto-approve", "-parallelism=3")
	waitFor(t, 60*time.Second, func() bool { return len(tg.Created()) >= 3 })
	signalGroup(t, cmd, syscall.SIGINT)
	_ = cmd.Wait()
	tg.Sim.ClearFaults()
	out := buf.String()
	for _, in := range w.state() {
		if in.Tainted {
			t.Fatalf("%s (%s) is tainted after the interrupt:\n%s", in.Address, in.ID, out)
		}
	}
	if left := o.check(t, out, false, w); len(left) != 0 {
		t.Fatalf("the interrupted apply left %v out of state:\n%s", left, out)
	}
	t.Logf("interrupted with %d created, all in state", len(w.state()))
	// The provider logged out of its session on the way out.
	waitFor(t, 10*time.Second, func() bool { return tg.Sim.SessionCount() == 0 })
	w.mustRun("apply", "-auto-approve")
	w.mustRun("destroy", "-auto-approve")
	o.check(t, "", false, w)
}

// The BMC deletes ours and gives its id to another team's subscription
// between plan and apply: the apply of the saved plan leaves theirs alone.
func TestAccOwnership_idReusedBetweenPlanAndApply(t *testing.T) {
	requireCLI(t)
	provider := currentProviderDir(t)
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf"})
	tg.RequireEmulator(t, "reuses an id out of band")
	dest := acctest.Destination("reused")
	w := newCLIWorkdir(t, provider, subscriptionsConfig(tg, 1, dest, ""))
	w.mustRun("apply", "-auto-approve")
	ours := w.state()[0].ID

	// A change that replaces the subscription, planned and saved.
	w.write(strings.Replace(subscriptionsConfig(tg, 1, dest, ""), `["Critical"]`, `["Critical", "Warning"]`, 1))
	w.mustRun("plan", "-out=replace.tfplan")
	id := lastPathSegment(ours)
	tg.Sim.DeleteSubscription(id)
	if got := tg.Sim.AddSubscription(bmcsim.Subscription{ID: id, Destination: "https://other-team.example.com/hook",
		Context: "theirs", Protocol: "Redfish"}); got != id {
		t.Fatalf("could not reuse id %s (got %s)", id, got)
	}
	o := newOwnership(tg)
	out := w.mustRun("apply", "replace.tfplan")
	if !strings.Contains(out, "Event Subscription Already Gone") {
		t.Errorf("no warning about the reused id:\n%s", out)
	}
	if left := o.check(t, out, false, w); len(left) != 0 || len(w.state()) != 1 || w.state()[0].ID == ours {
		t.Fatalf("leftovers %v, state %v", left, w.state())
	}
}

// An import ID that names something other than a subscription (the
// EventService, another user's session, a system) fails and deletes nothing.
func TestAccOwnership_importOnlySubscriptions(t *testing.T) {
	requireCLI(t)
	provider := currentProviderDir(t)
	tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf", Username: "admin", Password: "s3cret"})
	tg.RequireEmulator(t, "counts deletes")
	session, token := loginSession(t, tg)
	w := newCLIWorkdir(t, provider, subscriptionsConfig(tg, 1, acctest.Destination("import-only"), "    auth_method = \"session\""))
	for path, what := range map[string]*regexp.Regexp{
		"/redfish/v1/EventService":                 regexp.MustCompile(`Invalid Import ID`),
		"/redfish/v1/EventService/Subscriptions":   regexp.MustCompile(`is\s+not\s+an\s+event\s+subscription:\s+it\s+is\s+a\s+EventDestinationCollection`),
		session:                                    regexp.MustCompile(`is\s+not\s+an\s+event\s+subscription:\s+it\s+is\s+a\s+Session`),
		"/redfish/v1/Systems/1":                    regexp.MustCompile(`is\s+not\s+an\s+event\s+subscription:\s+it\s+is\s+nothing`),
		"/redfish/v1/EventService/Subscriptions/9": regexp.MustCompile(`Cannot import non-existent remote object`),
	} {
		out, code := w.run("import", "bmc_event_subscription.s[0]", tg.Endpoint+path)
		if code == 0 || !what.MatchString(out) {
			t.Errorf("import of %s: exit %d, want an error matching %q:\n%s", path, code, what, out)
		}
	}
	if len(w.state()) != 0 {
		t.Fatalf("state after failed imports: %v", w.state())
	}
	checkSessionAlive(t, tg, session, token)
	if n := tg.Sim.Stats().Count(http.MethodDelete, bmcsim.KindSubscriptionDelete); n != 0 {
		t.Fatalf("%d subscription DELETEs", n)
	}
}

// checkSessionAlive fails when the session at path no longer answers.
func checkSessionAlive(t *testing.T, tg *acctest.Target, path, token string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, tg.Endpoint+path, nil)
	req.Header.Set("X-Auth-Token", token)
	resp, err := tg.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the session %s was deleted: it answers %s", path, resp.Status)
	}
}

// loginSession opens a Redfish session as another client would and returns
// its path and token.
func loginSession(t *testing.T, tg *acctest.Target) (string, string) {
	t.Helper()
	body := fmt.Sprintf(`{"UserName": %q, "Password": %q}`, tg.Username, tg.Password)
	resp, err := tg.HTTPClient().Post(tg.Endpoint+"/redfish/v1/SessionService/Sessions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusCreated || loc == "" {
		t.Fatalf("login: %s, Location %q", resp.Status, loc)
	}
	return strings.TrimPrefix(loc, tg.Endpoint), resp.Header.Get("X-Auth-Token")
}

// BMCs that report our own Destination masked, shortened or rewritten, or
// answer one refresh with garbage: no orphan, no duplicate, no foreign
// subscription adopted, and destroy still deletes ours.
func TestAccOwnership_lossyDestinations(t *testing.T) {
	requireCLI(t)
	provider := currentProviderDir(t)
	// RFC 9110 §4.2.4 says not to put userinfo in http(s) URIs, and the
	// emulator takes it only where it masks it.
	const plain = "https://events.example.com/lossy/~bmc?token=abc"
	const withUser = "https://hook-user:hook-pass@events.example.com/lossy/~bmc?token=abc"
	cases := map[string]bmcsim.DestinationReport{
		"masked password":  {MaskPassword: true},
		"query dropped":    {DropQuery: true},
		"explicit port":    {ExplicitPort: true},
		"percent-encoding": {EncodeUnreserved: true},
		"omitted":          {Omit: true},
		"empty":            {Empty: true},
		"all of them":      {MaskPassword: true, DropQuery: true, ExplicitPort: true, EncodeUnreserved: true},
	}
	for name, report := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dest := plain
			if report.MaskPassword {
				dest = withUser
			}
			tg := acctest.NewTarget(t, bmcsim.Options{Profile: "dmtf", Destination: report})
			tg.RequireEmulator(t, "rewrites what it reports")
			// A foreign subscription to the same host with another token.
			tg.Sim.AddSubscription(bmcsim.Subscription{Destination: strings.Replace(dest, "abc", "theirs", 1),
				Context: "own-0", Protocol: "Redfish", Severities: []string{"Critical"}})
			o := newOwnership(tg)
			w := newCLIWorkdir(t, provider, subscriptionsConfig(tg, 2, dest, ""))
			out := w.mustRun("apply", "-auto-approve")
			o.check(t, out, false, w)
			// Refreshes plan nothing, once and again.
			for range 2 {
				w.mustRun("plan", "-detailed-exitcode")
			}
			// One refresh answered with an error body or an empty body.
			for _, garbage := range []bmcsim.FaultType{bmcsim.FaultError200, bmcsim.FaultEmpty200, bmcsim.FaultEmptyObject200} {
				tg.Sim.InjectFault(bmcsim.KindSubscriptionList, bmcsim.Fault{Type: garbage, Count: 1})
				out, code := w.run("plan", "-detailed-exitcode")
				tg.Sim.ClearFaults()
				if code == 2 {
					t.Fatalf("%s on refresh planned changes:\n%s", garbage, out)
				}
			}
			out = w.mustRun("apply", "-auto-approve")
			if left := o.check(t, out, false, w); len(left) != 0 || len(w.state()) != 2 {
				t.Fatalf("leftovers %v, state %v", left, w.state())
			}
			w.mustRun("destroy", "-auto-approve")
			if left := o.check(t, "", false, w); len(left) != 0 || len(tg.Created()) != 1 {
				t.Fatalf("after destroy: leftovers %v, BMC %+v", left, tg.Created())
			}
		})
	}
}
