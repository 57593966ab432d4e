package schemacheck

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

const subscriptionRef = "EventDestination.v1_16_0.json#/definitions/EventDestination"

// mockup reads a DMTF mockup file from ../shared/redfish/mockups, which
// sits beside the json-schema folder ForTest found.
func mockup(t *testing.T, rel string) []byte {
	t.Helper()
	v := ForTest(t)
	b, err := os.ReadFile(filepath.Join(v.dir, "..", "mockups", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantInvalid asserts the error mentions every fragment, so a test log
// says which property failed and why.
func wantInvalid(t *testing.T, err error, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("document validated, want an error")
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error does not mention %q:\n%v", f, err)
		}
	}
}

// A valid subscription from DMTF with one field overridden.
func subscription(field, value string) []byte {
	return fmt.Appendf(nil, `{
		"@odata.id": "/redfish/v1/EventService/Subscriptions/1",
		"@odata.type": "#EventDestination.v1_16_0.EventDestination",
		"Id": "1", "Name": "Subscription 1",
		"Destination": "https://collector.example.com:8443/events",
		"Protocol": "Redfish", "SubscriptionType": "RedfishEvent",
		"Context": "ctx",
		%q: %s
	}`, field, value)
}

func TestMockupsValidate(t *testing.T) {
	t.Parallel()
	v := ForTest(t)
	cases := []struct{ file, ref string }{
		{"public-rackmount1/EventService/index.json", "EventService.v1_12_0.json#/definitions/EventService"},
		{"public-rackmount1/EventService/Subscriptions/index.json", "EventDestinationCollection.json#/definitions/EventDestinationCollection"},
		{"public-rackmount1/EventService/SubmitTestEventActionInfo/index.json", "ActionInfo.v1_5_0.json#/definitions/ActionInfo"},
		{"DSP2046-examples/EventService-v1-example.json", "EventService.v1_12_0.json#/definitions/EventService"},
		// The unversioned file (anyOf over all versions) accepts it too.
		{"public-rackmount1/EventService/Subscriptions/1/index.json", "EventDestination.json"},
	}
	for i := 1; i <= 4; i++ {
		cases = append(cases, struct{ file, ref string }{
			fmt.Sprintf("public-rackmount1/EventService/Subscriptions/%d/index.json", i), subscriptionRef})
	}
	for _, c := range cases {
		if err := v.Validate(c.ref, mockup(t, c.file)); err != nil {
			t.Errorf("%s: %v", c.file, err)
		}
	}
}

// DMTF's own bladed mockup omits SubscriptionType although v1_16_0 lists it
// as required (its longDescription says absence means RedfishEvent).
// Pinned here so the quirk is known: clients must tolerate its absence.
func TestMockupMissingSubscriptionType(t *testing.T) {
	t.Parallel()
	err := ForTest(t).Validate(subscriptionRef, mockup(t, "public-bladed/EventService/Subscriptions/1/index.json"))
	wantInvalid(t, err, "missing property 'SubscriptionType'")
}

func TestRejects(t *testing.T) {
	t.Parallel()
	v := ForTest(t)
	if err := v.Validate(subscriptionRef, subscription("Context", `"ok"`)); err != nil {
		t.Fatalf("baseline subscription: %v", err)
	}
	cases := []struct {
		name      string
		ref       string
		doc       []byte
		fragments []string
	}{
		{"unknown property", subscriptionRef, subscription("Colour", `"blue"`),
			[]string{"additional properties 'Colour' not allowed"}},
		{"bad enum", subscriptionRef, subscription("Protocol", `"Carrier-Pigeon"`),
			[]string{"/Protocol", "value must be one of", "'Redfish'"}},
		{"wrong type", subscriptionRef, subscription("Context", `5`),
			[]string{"/Context", "got number, want null or string"}},
		{"unknown property via anyOf", "EventDestination.json", subscription("Colour", `"blue"`),
			[]string{"anyOf", "'Colour' not allowed"}},
		{"bad date-time", "Event.v1_13_0.json#/definitions/Event",
			[]byte(`{"@odata.type": "#Event.v1_13_0.Event", "Id": "1", "Name": "E", "Events": [
				{"EventType": "Other", "MessageId": "Base.1.0.Success", "MemberId": "0", "EventTimestamp": "yesterday"}]}`),
			[]string{"/Events/0/EventTimestamp", "date-time"}},
		{"not JSON", subscriptionRef, []byte(`{"Id":`), []string{"not valid JSON"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantInvalid(t, v.Validate(c.ref, c.doc), c.fragments...)
		})
	}
}

func TestEventPayload(t *testing.T) {
	t.Parallel()
	doc := []byte(`{
		"@odata.type": "#Event.v1_13_0.Event",
		"Id": "5", "Name": "Event Array", "Context": "ctx",
		"Events": [{
			"EventType": "Other", "EventId": "5", "MemberId": "0",
			"EventTimestamp": "2016-01-10T18:02:00Z", "Severity": "Critical",
			"MessageSeverity": "Critical",
			"Message": "Fan 2 crossed Lower Fatal Threshold; fans are no longer redundant",
			"MessageId": "ResourceEvent.1.4.ResourceErrorThresholdExceeded",
			"MessageArgs": ["Fan 2", "0"],
			"OriginOfCondition": {"@odata.id": "/redfish/v1/Chassis/1/Thermal"}
		}]
	}`)
	if err := ForTest(t).Validate("Event.v1_13_0.json#/definitions/Event", doc); err != nil {
		t.Fatal(err)
	}
}

func TestErrorBody(t *testing.T) {
	t.Parallel()
	doc := []byte(`{"error": {
		"code": "Base.1.22.PropertyValueNotInList",
		"message": "The value 'Carrier-Pigeon' for the property Protocol is not in the list of acceptable values.",
		"@Message.ExtendedInfo": [{
			"@odata.type": "#Message.v1_3_0.Message",
			"MessageId": "Base.1.22.PropertyValueNotInList",
			"Message": "The value 'Carrier-Pigeon' for the property Protocol is not in the list of acceptable values.",
			"MessageArgs": ["Carrier-Pigeon", "Protocol"],
			"MessageSeverity": "Warning", "Resolution": "Choose a value from the enumeration list.",
			"RelatedProperties": ["/Protocol"]
		}]}}`)
	v := ForTest(t)
	if err := v.Validate("redfish-error.v1_0_2.json#/definitions/RedfishError", doc); err != nil {
		t.Fatal(err)
	}
	// A ref without '#' validates against the whole file.
	if err := v.Validate("redfish-error.v1_0_2.json", doc); err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, v.Validate("redfish-error.v1_0_2.json", []byte(`{"code": "x"}`)), "missing property 'error'")
}

func TestMissingSchemaFile(t *testing.T) {
	t.Parallel()
	v := ForTest(t)
	for _, ref := range []string{"NoSuchThing.v1_0_0.json#/definitions/NoSuchThing", "../json-schema/Event.json"} {
		wantInvalid(t, v.Validate(ref, []byte(`{}`)), "is not in")
	}
	// A file that exists but $refs one that does not: the error names it.
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "A.json"), []byte(`{"$ref": "http://redfish.dmtf.org/schemas/v1/Gone.json"}`), 0o644))
	v2, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, v2.Validate("A.json", []byte(`{}`)), "Gone.json is missing from")
}

func TestSchemasAndConcurrency(t *testing.T) {
	t.Parallel()
	v := ForTest(t)
	names := v.Schemas()
	for _, want := range []string{"EventDestination.v1_16_0.json", "Event.v1_13_0.json", "redfish-error.v1_0_2.json"} {
		if !slices.Contains(names, want) {
			t.Errorf("Schemas() lacks %s", want)
		}
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			ref := []string{subscriptionRef, "EventDestination.json", "Event.v1_12_0.json#/definitions/Event"}[i%3]
			if err := v.Validate(ref, subscription("Context", "5")); err == nil {
				t.Errorf("%s accepted Context: 5", ref)
			}
		})
	}
	wg.Wait()
}

func TestSchemaDir(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	repo := filepath.Join(base, "main")
	deep := filepath.Join(repo, "internal", "x")
	must(t, os.MkdirAll(deep, 0o755))
	must(t, os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module m\n"), 0o644))
	want := filepath.Join(base, "shared", "redfish", "json-schema")

	if dir, err := schemaDir(deep); !errors.Is(err, fs.ErrNotExist) || dir != want {
		t.Fatalf("without shared/: got %q, %v", dir, err)
	}
	must(t, os.MkdirAll(want, 0o755))
	if dir, err := schemaDir(deep); err != nil || dir != want {
		t.Fatalf("with shared/: got %q, %v", dir, err)
	}
}

// fakeTB records Skipf/Fatalf instead of stopping the test.
type fakeTB struct {
	testing.TB
	skipped, fatal string
}

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Skipf(format string, a ...any)  { f.skipped = fmt.Sprintf(format, a...) }
func (f *fakeTB) Fatalf(format string, a ...any) { f.fatal = fmt.Sprintf(format, a...) }

func TestForTestPolicy(t *testing.T) {
	t.Parallel()
	missing := fmt.Errorf("x: %w", fs.ErrNotExist)
	local := &fakeTB{}
	fromShared(local, "/p/json-schema", nil, missing, false)
	if !strings.Contains(local.skipped, "DMTF schemas not found at /p/json-schema") || local.fatal != "" {
		t.Errorf("outside CI want skip, got skip=%q fatal=%q", local.skipped, local.fatal)
	}
	ci := &fakeTB{}
	fromShared(ci, "/p/json-schema", nil, missing, true)
	if ci.fatal == "" || ci.skipped != "" {
		t.Errorf("in CI want fatal, got skip=%q fatal=%q", ci.skipped, ci.fatal)
	}
	broken := &fakeTB{}
	fromShared(broken, "/p/json-schema", nil, errors.New("bad JSON"), false)
	if broken.fatal == "" {
		t.Error("a broken schema folder must fail even outside CI")
	}
}

// Without redfish-schema-v1.json in the folder the DMTF "$schema" still
// resolves (to draft-07), and DMTF annotations are ignored, not rejected.
func TestMetaSchemaFallback(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "B.json"), []byte(`{
		"$schema": "http://redfish.dmtf.org/schemas/v1/redfish-schema-v1.json",
		"type": "object", "additionalProperties": false,
		"properties": {"P": {"type": "string", "readonly": true, "versionAdded": "v1_1_0",
			"longDescription": "x", "enumDescriptions": {"A": "a"}, "enum": ["A"]}}}`), 0o644))
	v, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Validate("B.json", []byte(`{"P": "A"}`)); err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, v.Validate("B.json", []byte(`{"P": "Z"}`)), "/P", "value must be 'A'")
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
