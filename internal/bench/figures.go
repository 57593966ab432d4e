package bench

import (
	"fmt"
	"io"
	"time"
)

// Parallelism is terraform's default -parallelism, the bound of the
// network part of the wall time.
const Parallelism = 10

// Scenario is one command of a setup with the runs it is compared with.
type Scenario struct {
	Name        string
	Setup       Setup
	BMCs, Subs  int
	Caps        Capabilities
	Run         Result // at the setup's latency
	ZeroLatency Result // same profile, no latency
	Floor       Result // the floor provider
}

// Figure is one printed line: scenario.name value.
type Figure struct {
	Name  string
	Value float64
}

// Figures are the scenario's figures, in the order the issue lists them.
func (s Scenario) Figures() []Figure {
	resources := float64(s.BMCs * s.Subs)
	minimal := float64(s.Run.Command.Minimal(s.Caps, s.BMCs))
	touching := 0
	for _, w := range s.Run.Command.Processes {
		if w.Refreshed+w.Creates+w.Deletes > 0 || w.CapabilityCheck {
			touching++
		}
	}
	lower := s.ZeroLatency.Wall + s.networkBound(minimal, touching)
	cpu := s.Run.Usage.CPUMillis / resources
	floor := s.Floor.Usage.CPUMillis / resources
	return []Figure{
		{"requests", float64(s.Run.Requests)},
		{"requests_minimal", minimal},
		{"requests_ratio", ratio(float64(s.Run.Requests), minimal)},
		{"sessions_per_bmc", ratio(float64(s.Run.Sessions), float64(s.BMCs*max(touching, 1)))},
		{"wall_s", s.Run.Wall.Seconds()},
		{"wall_zero_latency_s", s.ZeroLatency.Wall.Seconds()},
		{"wall_lower_bound_s", lower.Seconds()},
		{"wall_ratio", ratio(s.Run.Wall.Seconds(), lower.Seconds())},
		{"provider_cpu_ms_per_resource", cpu},
		{"floor_cpu_ms_per_resource", floor},
		{"provider_cpu_ratio", ratio(cpu, floor)},
		{"provider_peak_rss_mb", s.Run.Usage.PeakRSSMB},
		{"floor_peak_rss_mb", s.Floor.Usage.PeakRSSMB},
		// What the framework alone takes, Terraform included: the floor
		// of wall_s, since it sends no request.
		{"floor_wall_s", s.Floor.Wall.Seconds()},
		{"provider_processes", float64(s.Run.Usage.Processes)},
		{"login_wait_s", (time.Duration(s.Run.Sessions) * s.Setup.Login).Seconds()},
	}
}

// networkBound is the least time the minimal requests take on the wire:
// all of them spread over terraform's parallelism slots, or, when longer,
// the chain each provider process must walk one step after another
// (service root, EventService, login, listing, one operation, logout).
func (s Scenario) networkBound(minimal float64, touching int) time.Duration {
	if minimal == 0 {
		return 0
	}
	lat, login := s.Setup.Latency, s.Setup.Login
	logins := s.BMCs * touching
	total := time.Duration(minimal)*lat + time.Duration(logins)*max(login-lat, 0)
	spread := total / Parallelism
	chain := time.Duration(touching) * (login + 5*lat)
	return max(spread, chain)
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Print writes the figures as "scenario.figure value" lines.
func (s Scenario) Print(w io.Writer) {
	for _, f := range s.Figures() {
		fmt.Fprintf(w, "%s.%s %s\n", s.Name, f.Name, format(f.Value))
	}
}

func format(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.3g", v)
}
