package bench

import (
	"strings"
	"testing"
	"time"
)

func TestScenarioFigures(t *testing.T) {
	plan := Commands(10, 1)[1]
	s := Scenario{
		Name:  "plan_50ms",
		Setup: Setup{Latency: 50 * time.Millisecond, Login: 500 * time.Millisecond},
		BMCs:  50, Subs: 10,
		Caps:        Capabilities{Expand: true, CreateBody: true, SessionAuth: true},
		Run:         Result{Command: plan, Requests: 500, Sessions: 50, Wall: 10 * time.Second, Usage: Usage{Processes: 3, CPUMillis: 7500, PeakRSSMB: 40}},
		ZeroLatency: Result{Command: plan, Wall: 6 * time.Second},
		Floor:       Result{Command: plan, Usage: Usage{CPUMillis: 5000}},
	}
	got := map[string]float64{}
	var names []string
	for _, f := range s.Figures() {
		got[f.Name] = f.Value
		names = append(names, f.Name)
	}
	// The figure names, in its order.
	want := []string{"requests", "requests_minimal", "requests_ratio", "sessions_per_bmc", "wall_s", "wall_zero_latency_s",
		"wall_lower_bound_s", "wall_ratio", "provider_cpu_ms_per_resource", "floor_cpu_ms_per_resource", "provider_cpu_ratio", "provider_peak_rss_mb"}
	if strings.Join(names[:len(want)], " ") != strings.Join(want, " ") {
		t.Errorf("figures %v, want them to start with %v", names, want)
	}
	// 5 requests per BMC: root, EventService, login, listing, logout.
	// On the wire: 250 × 50 ms + 50 logins × 450 ms extra, over 10 slots = 3.5 s.
	for name, v := range map[string]float64{
		"requests_minimal": 250, "requests_ratio": 2, "sessions_per_bmc": 1,
		"wall_lower_bound_s": 9.5, "provider_cpu_ms_per_resource": 15, "floor_cpu_ms_per_resource": 10, "provider_cpu_ratio": 1.5,
	} {
		if d := got[name] - v; d > 1e-9 || d < -1e-9 {
			t.Errorf("%s = %v, want %v", name, got[name], v)
		}
	}
	var b strings.Builder
	s.Print(&b)
	if !strings.Contains(b.String(), "plan_50ms.requests_ratio 2\n") || !strings.Contains(b.String(), "plan_50ms.provider_cpu_ratio 1.5\n") {
		t.Errorf("printed:\n%s", b.String())
	}
}

func TestCombineRounds(t *testing.T) {
	plan := Commands(10, 1)[1]
	round := func(cpu, rss float64, wall time.Duration, requests int64) []Result {
		return []Result{{Command: plan, Requests: requests, Sessions: 5, Wall: wall, Usage: Usage{Processes: 3, CPUMillis: cpu, PeakRSSMB: rss}}}
	}
	got := Combine([][]Result{round(900, 40, 12*time.Second, 50), round(700, 45, 10*time.Second, 50), round(800, 42, 30*time.Second, 51)})[0]
	if got.Usage.CPUMillis != 700 || got.Usage.PeakRSSMB != 45 || got.Wall != 12*time.Second || got.Requests != 51 || got.Sessions != 5 {
		t.Errorf("Combine = CPU %v, RSS %v, wall %v, requests %d, sessions %d; want the least CPU (700), the largest RSS (45), "+
			"the median wall (12s), the most requests (51) and sessions (5)",
			got.Usage.CPUMillis, got.Usage.PeakRSSMB, got.Wall, got.Requests, got.Sessions)
	}
}
