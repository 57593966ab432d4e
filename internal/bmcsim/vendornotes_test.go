package bmcsim

import (
	"strings"
	"testing"
)

// The guide has a section for every profile, states every topic of each,
// and names the evidence or says it is unverified.
func TestVendorNotesMentionEveryProfile(t *testing.T) {
	md := VendorNotesMarkdown()
	for _, name := range ProfileNames() {
		p, _ := LookupProfile(name)
		head := "## " + p.Summary + " (`" + name + "`)"
		i := strings.Index(md, head)
		if i < 0 {
			t.Errorf("no section for %s", name)
			continue
		}
		section := md[i+len(head):]
		if j := strings.Index(section, "\n## "); j >= 0 {
			section = section[:j]
		}
		for _, topic := range Topics() {
			if !strings.Contains(section, "| "+string(topic)+" | ") {
				t.Errorf("%s: topic %s missing", name, topic)
			}
		}
		for _, e := range p.Evidence {
			if e.Verified() && !strings.Contains(section, strings.Split(e.Source, "; ")[0]) {
				t.Errorf("%s: source %q not listed", name, e.Source)
			}
		}
	}
	for alias, gen := range ProfileAliases() {
		if !strings.Contains(md, "`"+alias+"` is `"+gen+"`") {
			t.Errorf("alias %s not explained", alias)
		}
	}
	if !strings.Contains(md, "**unverified**") || !strings.Contains(md, "https://h reads back https://h:443/") {
		t.Error("the guide must show unverified rules and bmcweb's Destination rewrite")
	}
}

// Every profile states, for every topic, a source or a note saying why the
// rule is unverified: no rule without its evidence.
func TestEveryRuleHasEvidenceOrSaysUnverified(t *testing.T) {
	for _, name := range ProfileNames() {
		p, _ := LookupProfile(name)
		for _, topic := range Topics() {
			e := p.EvidenceFor(topic)
			if e.Source == "" && e.Note == "" {
				t.Errorf("%s: topic %s has neither a source nor an unverified note", name, topic)
			}
		}
		verified := 0
		for _, e := range p.Evidence {
			if e.Verified() {
				verified++
			}
		}
		if verified == 0 {
			t.Errorf("%s cites no evidence of its own", name)
		}
	}
}
