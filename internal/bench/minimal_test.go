package bench

import (
	"testing"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

func TestMinimalRequests(t *testing.T) {
	full := Capabilities{Expand: true, CreateBody: true, SessionAuth: true}
	bare := Capabilities{SessionAuth: true}
	for _, tc := range []struct {
		name string
		caps Capabilities
		w    Work
		want int
	}{
		{"untouched BMC", full, Work{}, 0},
		{"create 10, body and $expand", full, Work{Creates: 10}, 5 + 10},
		{"create 10, 204 answers", bare, Work{Creates: 10}, 5 + 20},
		{"refresh 10 with $expand", full, Work{Refreshed: 10}, 5},
		{"refresh 10 without $expand", bare, Work{Refreshed: 10}, 5 + 10},
		{"delete 9 with $expand", full, Work{Deletes: 9}, 5 + 9},
		{"delete 9 without $expand", bare, Work{Deletes: 9}, 5 + 18},
		{"basic auth", Capabilities{Expand: true, CreateBody: true}, Work{Refreshed: 10}, 3},
	} {
		if got := MinimalRequests(tc.caps, tc.w); got != tc.want {
			t.Errorf("%s: MinimalRequests = %d, want %d", tc.name, got, tc.want)
		}
	}
}

// The capabilities come from the emulator's profiles, not from a second list.
func TestCapabilitiesOf(t *testing.T) {
	for name, want := range map[string]Capabilities{
		"dmtf":    {Expand: true, CreateBody: true, SessionAuth: true},
		"minimal": {SessionAuth: true},
	} {
		p, ok := bmcsim.LookupProfile(name)
		if !ok {
			t.Fatalf("no profile %q", name)
		}
		if got := CapabilitiesOf(p, true); got != want {
			t.Errorf("%s: %+v, want %+v", name, got, want)
		}
	}
}

func TestCommandsMinimal(t *testing.T) {
	caps := Capabilities{Expand: true, CreateBody: true, SessionAuth: true}
	// apply: the plan process's capability check (root, EventService,
	// login, logout), then the apply process's 15.
	want := map[string]int{"apply": (4 + 15) * 50, "plan": 5 * 50, "plan_deletes": 5 * 50, "destroy": (5 + 5 + 9) * 50}
	for _, c := range Commands(10, 1) {
		if got := c.Minimal(caps, 50); got != want[c.Name] {
			t.Errorf("%s: %d, want %d", c.Name, got, want[c.Name])
		}
	}
}
