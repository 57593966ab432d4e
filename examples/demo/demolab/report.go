package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// routed are the severities the demo's configuration routes, each to the
// receiver path of its lower-case name (…/events/critical).
var routed = []string{"Critical", "Warning"}

// row is one delivered event as the report shows it.
type row struct {
	Dest     string // receiver path
	Message  string
	Severity string
	Context  string
	Sender   string // the emulator's profile, from its User-Agent
	Auth     string
	AuthOK   bool
}

// report waits until every BMC's routed events arrived (or wait passes),
// prints one table per receiver path and returns an error naming every
// misrouted, missing or unauthenticated event.
func report(out io.Writer, dir string, wait time.Duration) error {
	lab, _, err := loadLab(dir)
	if err != nil {
		return err
	}
	file := filepath.Join(dir, "events.jsonl")
	var rows []row
	for deadline := time.Now().Add(wait); ; time.Sleep(200 * time.Millisecond) {
		if rows, err = readRows(file); err != nil {
			return err
		}
		if len(missing(lab, rows)) == 0 || time.Now().After(deadline) {
			break
		}
	}
	printTables(out, rows)
	problems := check(lab, rows)
	if len(problems) > 0 {
		return fmt.Errorf("routing is wrong:\n  %s", strings.Join(problems, "\n  "))
	}
	fmt.Fprintf(out, "\nRouting worked: each of the %d BMCs' Critical event reached only %s, each Warning only %s,\n"+
		"no OK event was delivered (none is subscribed), and every delivery carried the write-only Authorization header.\n",
		len(lab.BMCs), routePath("Critical"), routePath("Warning"))
	return nil
}

func readRows(file string) ([]row, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var r Received
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		rows = append(rows, toRows(r)...)
	}
	return rows, sc.Err()
}

// toRows flattens one delivery: an Event may carry several records.
func toRows(r Received) []row {
	var ev struct {
		Context string
		Events  []struct{ MessageId, MessageSeverity, Message string }
	}
	_ = json.Unmarshal(r.Body, &ev)
	// The emulator's User-Agent is "bmcsim/1.0 (PROFILE)": it tells the
	// report who really sent the event, to hold the Context against.
	_, sender, _ := strings.Cut(r.Agent, "(")
	sender = strings.TrimSuffix(sender, ")")
	var rows []row
	for _, rec := range ev.Events {
		rows = append(rows, row{
			Dest: r.Path, Message: rec.Message, Severity: rec.MessageSeverity,
			Context: ev.Context, Sender: sender, Auth: r.Auth, AuthOK: r.AuthOK,
		})
	}
	return rows
}

func printTables(out io.Writer, rows []row) {
	var dests []string
	for _, r := range rows {
		if !slices.Contains(dests, r.Dest) {
			dests = append(dests, r.Dest)
		}
	}
	slices.Sort(dests)
	for _, d := range dests {
		fmt.Fprintf(out, "\nReceiver path %s\n", d)
		tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  EVENT\tSEVERITY\tORIGIN BMC (Context)\tAUTH HEADER")
		for _, r := range rows {
			if r.Dest != d {
				continue
			}
			auth := "✓ " + r.Auth + " (matches)"
			if !r.AuthOK {
				auth = "✗ " + r.Auth + " (wrong or missing)"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.Message, r.Severity, r.Context, auth)
		}
		_ = tw.Flush()
	}
}

// check lists what is wrong: an event at a path of another severity, an
// unrouted severity delivered, a Context that names another BMC than the
// one that sent it, a bad Authorization header, a missing delivery.
func check(lab *Lab, rows []row) []string {
	var problems []string
	for _, r := range rows {
		want := strings.ToLower(r.Severity)
		switch {
		case path.Base(r.Dest) != want:
			problems = append(problems, fmt.Sprintf("a %s event from %q reached %s", r.Severity, r.Context, r.Dest))
		case !slices.Contains(routed, r.Severity):
			problems = append(problems, fmt.Sprintf("an %s event from %q was delivered, but no one subscribed to %s", r.Severity, r.Context, r.Severity))
		}
		if bmc, _, _ := strings.Cut(r.Context, "/"); lab.profileOf(bmc) != r.Sender {
			problems = append(problems, fmt.Sprintf("Context %q arrived from the %s BMC", r.Context, r.Sender))
		}
		if !r.AuthOK {
			problems = append(problems, fmt.Sprintf("the event from %q at %s had Authorization %q", r.Context, r.Dest, r.Auth))
		}
	}
	for _, m := range missing(lab, rows) {
		problems = append(problems, "no "+m+" event arrived")
	}
	return problems
}

// missing names the routed (BMC, severity) pairs no event arrived for.
func missing(lab *Lab, rows []row) []string {
	var out []string
	for _, b := range lab.BMCs {
		for _, sev := range routed {
			ctx := b.Name + "/" + sev
			if !slices.ContainsFunc(rows, func(r row) bool { return r.Context == ctx && r.Severity == sev }) {
				out = append(out, ctx)
			}
		}
	}
	return out
}

func routePath(severity string) string { return "/events/" + strings.ToLower(severity) }

// profileOf is the emulator profile of the lab BMC named name ("" if none).
func (l *Lab) profileOf(name string) string {
	for _, b := range l.BMCs {
		if b.Name == name {
			return b.Profile
		}
	}
	return ""
}
