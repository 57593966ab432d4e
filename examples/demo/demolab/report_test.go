package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var testLab = &Lab{BMCs: []LabBMC{{Name: "node1-idrac", Profile: "idrac"}, {Name: "node2-xcc", Profile: "xcc"}}}

// delivered is what the receiver records for one event.
func delivered(path, context, severity, sender string, authOK bool) row {
	return row{Dest: path, Message: severity + " event", Severity: severity, Context: context, Sender: sender, Auth: "Bearer …", AuthOK: authOK}
}

// allRouted is a correct run: each BMC's Critical and Warning event at its path.
func allRouted() []row {
	return []row{
		delivered("/events/critical", "node1-idrac/Critical", "Critical", "idrac", true),
		delivered("/events/warning", "node1-idrac/Warning", "Warning", "idrac", true),
		delivered("/events/critical", "node2-xcc/Critical", "Critical", "xcc", true),
		delivered("/events/warning", "node2-xcc/Warning", "Warning", "xcc", true),
	}
}

func TestCheckAcceptsCorrectRouting(t *testing.T) {
	if problems := check(testLab, allRouted()); len(problems) > 0 {
		t.Fatalf("correct routing reported as wrong: %v", problems)
	}
}

func TestCheckNamesEveryKindOfMistake(t *testing.T) {
	cases := []struct {
		name string
		rows []row
		want string
	}{
		{"a Warning at the Critical path",
			append(allRouted(), delivered("/events/critical", "node1-idrac/Warning", "Warning", "idrac", true)),
			`a Warning event from "node1-idrac/Warning" reached /events/critical`},
		{"an OK event delivered",
			append(allRouted(), delivered("/events/ok", "node2-xcc/OK", "OK", "xcc", true)),
			"no one subscribed to OK"},
		{"a Context naming another BMC",
			append(allRouted(), delivered("/events/critical", "node1-idrac/Critical", "Critical", "xcc", true)),
			`Context "node1-idrac/Critical" arrived from the xcc BMC`},
		{"a wrong Authorization header",
			append(allRouted(), delivered("/events/warning", "node2-xcc/Warning", "Warning", "xcc", false)),
			`had Authorization "Bearer …"`},
		{"a missing event", allRouted()[1:], "no node1-idrac/Critical event arrived"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			problems := check(testLab, c.rows)
			if !strings.Contains(strings.Join(problems, "\n"), c.want) {
				t.Errorf("problems %q do not mention %q", problems, c.want)
			}
		})
	}
}

// report reads events.jsonl as serve writes it and prints a table per path.
func TestReportReadsRecordedEvents(t *testing.T) {
	dir := t.TempDir()
	lab := Lab{BMCs: testLab.BMCs, CAFile: filepath.Join(dir, "ca.pem")}
	if err := writeJSON(filepath.Join(dir, "lab.json"), lab); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lab.CAFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var lines []byte
	for _, r := range allRouted() {
		body, _ := json.Marshal(map[string]any{"Context": r.Context, "Events": []any{
			map[string]any{"MessageId": "ResourceEvent.1.4.X", "MessageSeverity": r.Severity, "Message": r.Message},
		}})
		line, _ := json.Marshal(Received{Path: r.Dest, AuthOK: true, Auth: "Bearer …", Agent: "bmcsim/1.0 (" + r.Sender + ")", Body: body})
		lines = append(append(lines, line...), '\n')
	}
	if err := os.WriteFile(filepath.Join(dir, "events.jsonl"), lines, 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := report(&out, dir, time.Second); err != nil {
		t.Fatalf("report: %v\n%s", err, out.String())
	}
	for _, want := range []string{"Receiver path /events/critical", "Receiver path /events/warning", "node2-xcc/Warning", "Routing worked"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}
