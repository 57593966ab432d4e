package schemacheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// receivingEventsGuide is the template the "Receiving events" guide is
// rendered from; the test reads the sample there, so the published sample
// and the one validated here cannot drift apart.
const receivingEventsGuide = "../../templates/guides/receiving-events.md.tmpl"

// sampleMarker precedes the JSON block the test validates.
const sampleMarker = "<!-- event-sample"

var jsonBlock = regexp.MustCompile("(?s)^[^\n]*\n```json\n(.*?)\n```")

// guideSample returns the JSON block that follows sampleMarker in doc.
func guideSample(doc string) (string, bool) {
	_, after, ok := strings.Cut(doc, sampleMarker)
	if !ok {
		return "", false
	}
	m := jsonBlock.FindStringSubmatch(after)
	if m == nil {
		return "", false
	}
	return m[1], true
}

func TestReceivingEventsGuideSampleIsAValidEvent(t *testing.T) {
	t.Parallel()
	v := ForTest(t)
	doc, err := os.ReadFile(filepath.FromSlash(receivingEventsGuide))
	if err != nil {
		t.Fatal(err)
	}
	sample, ok := guideSample(string(doc))
	if !ok {
		t.Fatalf("%s has no ```json block right after %q", receivingEventsGuide, sampleMarker)
	}
	var head struct {
		Type string `json:"@odata.type"`
	}
	if err := json.Unmarshal([]byte(sample), &head); err != nil {
		t.Fatalf("the guide's sample is not JSON: %v", err)
	}
	// "#Event.v1_13_0.Event" is checked against Event.v1_13_0.json.
	ver, ok := strings.CutPrefix(head.Type, "#Event.")
	ver, _, _ = strings.Cut(ver, ".Event")
	if !ok || ver == "" {
		t.Fatalf("the guide's sample has @odata.type %q, want #Event.vX_Y_Z.Event", head.Type)
	}
	if err := v.Validate("Event."+ver+".json#/definitions/Event", []byte(sample)); err != nil {
		t.Errorf("the Receiving events guide's sample is not a valid Redfish Event:\n%v", err)
	}
}

// The check itself must be able to fail: a sample with a severity Redfish
// does not define is rejected.
func TestGuideSampleCheckRejectsAnInvalidEvent(t *testing.T) {
	t.Parallel()
	v := ForTest(t)
	doc := "x\n" + sampleMarker + " -->\n```json\n" +
		`{"@odata.type":"#Event.v1_13_0.Event","Id":"1","Name":"Event Array","Events":[` +
		`{"EventType":"Other","MemberId":"0","MessageId":"Base.1.22.Success","MessageSeverity":"Fatal"}]}` +
		"\n```\n"
	sample, ok := guideSample(doc)
	if !ok {
		t.Fatal("sample not found")
	}
	wantInvalid(t, v.Validate("Event.v1_13_0.json#/definitions/Event", []byte(sample)), "MessageSeverity")
}
