package bench

import "github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"

// Capabilities are what a BMC offers that changes the fewest requests.
type Capabilities struct {
	// Expand: the subscription collection answers $expand, so one listing
	// carries every member.
	Expand bool
	// CreateBody: a create answers with the created subscription, so no
	// GET has to follow the POST.
	CreateBody bool
	// SessionAuth: the provider logs in (POST to Sessions) and out.
	SessionAuth bool
}

// CapabilitiesOf reads a profile's rules.
func CapabilitiesOf(p bmcsim.Profile, sessionAuth bool) Capabilities {
	return Capabilities{Expand: p.SupportsExpand, CreateBody: p.Create != bmcsim.CreateNoContent, SessionAuth: sessionAuth}
}

// Work is what one provider process does on one BMC.
type Work struct {
	// Refreshed is the number of subscriptions a refresh reads (the
	// members the listing finds).
	Refreshed int
	Creates   int
	Deletes   int
	// CapabilityCheck: the process plans creates, and asks the BMC's
	// EventService what it supports (capability_checks, on by default).
	CapabilityCheck bool
}

// MinimalRequests is the fewest requests Redfish allows for w on one BMC in
// one provider process (nothing is shared between processes):
//
//   - a process that touches the BMC at all: the service root and the
//     EventService, a login and a logout under session auth, and one
//     listing of the subscriptions, shared by the refresh, the ownership
//     checks before a create or a delete, and any capability check;
//   - a refresh: one GET per member, only where $expand is unavailable;
//   - a create: one POST, plus one GET only when the answer has no body;
//   - a delete: one DELETE, plus one GET (the ownership check) only where
//     $expand is unavailable;
//   - a process that only plans creates: the service root and the
//     EventService (and a login and a logout) for the capability check.
func MinimalRequests(c Capabilities, w Work) int {
	if w.Refreshed+w.Creates+w.Deletes == 0 {
		if !w.CapabilityCheck {
			return 0
		}
		n := 2 // service root, EventService
		if c.SessionAuth {
			n += 2
		}
		return n
	}
	n := 2 + 1 // service root, EventService, listing
	if c.SessionAuth {
		n += 2
	}
	n += w.Creates + w.Deletes
	if !c.Expand {
		n += w.Refreshed + w.Deletes
	}
	if !c.CreateBody {
		n += w.Creates
	}
	return n
}

// Command is one terraform command of a scenario, as the provider processes
// that touch BMCs see it: one Work per process, per BMC.
type Command struct {
	Name      string
	Args      []string
	Processes []Work
	// ExitCode is what terraform must exit with (plan -detailed-exitcode
	// says 2 when there are changes).
	ExitCode int
}

// Minimal sums MinimalRequests over the command's processes and bmcs BMCs.
func (c Command) Minimal(caps Capabilities, bmcs int) int {
	n := 0
	for _, w := range c.Processes {
		n += MinimalRequests(caps, w)
	}
	return n * bmcs
}

// Commands are the scenarios of a fleet with subs subscriptions per BMC:
// apply creates them (its plan process reads no subscription, the state
// being empty, but checks what each BMC supports),
// plan finds no changes, plan after deleted of them were deleted out of
// band finds them gone, and destroy refreshes and deletes what is left.
func Commands(subs, deleted int) []Command {
	left := subs - deleted
	return []Command{
		{Name: "apply", Args: []string{"apply", "-auto-approve", "-input=false"}, Processes: []Work{{CapabilityCheck: true}, {Creates: subs}}},
		{Name: "plan", Args: []string{"plan", "-input=false", "-detailed-exitcode"}, Processes: []Work{{Refreshed: subs}}},
		{Name: "plan_deletes", Args: []string{"plan", "-input=false", "-detailed-exitcode"}, Processes: []Work{{Refreshed: left}}, ExitCode: 2},
		{Name: "destroy", Args: []string{"destroy", "-auto-approve", "-input=false"}, Processes: []Work{{Refreshed: left}, {Deletes: left}}},
	}
}
