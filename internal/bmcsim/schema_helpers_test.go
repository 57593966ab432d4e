package bmcsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bmc-events/terraform-provider-bmc/internal/schemacheck"
)

// Every JSON body the emulator serves to the test client (client.try) and
// every event a test Sink receives (startSink) goes through checkServed or
// checkEvent: validation against the DMTF schemas is automatic, not left to
// each test remembering to call conforms.
//
// Which schema a body is checked against:
//   - {"error": …}: redfish-error.v1_0_2 RedfishError;
//   - "@odata.type" "#Name.vX_Y_Z.Name": Name.vX_Y_Z.json#/definitions/Name.
//     When that exact file is absent, the file of the same vX_Y with the
//     highest errata is used (errata releases do not change payloads), and
//     failing that the newest later minor of the same major (minor releases
//     only add); each substitution is logged once;
//   - "#NameCollection.NameCollection": NameCollection.json;
//   - a body of only @Message.ExtendedInfo (bmcweb's create answer): each
//     message against Message.json;
//   - @odata.types with no schema in ../shared (ServiceRoot, SessionService,
//     Session, SessionCollection) are logged once and checked by hand for
//     the properties Resource and ResourceCollection require;
//   - /redfish, the version document, is checked by hand ({"v1": "/redfish/v1/"}).
//
// @Message.ExtendedInfo next to a resource (iDRAC's create and PATCH
// answers) is checked message by message too: the resource schemas let any
// "@Message.*" annotation through untyped.

var (
	versionedType   = regexp.MustCompile(`^#([A-Za-z0-9]+)\.(v\d+)_(\d+)_(\d+)\.([A-Za-z0-9]+)$`)
	collectionType  = regexp.MustCompile(`^#([A-Za-z0-9]+Collection)\.([A-Za-z0-9]+Collection)$`)
	versionedSchema = regexp.MustCompile(`^([A-Za-z0-9]+)\.(v\d+)_(\d+)_(\d+)\.json$`)
)

// noted remembers what was already logged, so each note shows once per
// test binary rather than once per response.
var noted sync.Map

func noteOnce(t testing.TB, key, format string, args ...any) {
	t.Helper()
	if _, seen := noted.LoadOrStore(key, true); !seen {
		t.Logf(format, args...)
	}
}

// sharedRedfishDir is ../shared/redfish beside the module root; ok is false
// when it is absent (a user's clone).
func sharedRedfishDir() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
	shared := filepath.Join(filepath.Dir(dir), "shared", "redfish")
	if fi, err := os.Stat(filepath.Join(shared, "json-schema")); err != nil || !fi.IsDir() {
		return shared, false
	}
	return shared, true
}

// servedValidator is schemacheck's shared validator, or nil when the
// schemas are absent outside CI: automatic checks must never skip the
// behavioural test they ride along with, so the absence is logged (and is
// an error in CI, as schemacheck.ForTest makes it).
func servedValidator(t testing.TB) *schemacheck.Validator {
	t.Helper()
	dir, ok := sharedRedfishDir()
	if !ok {
		if os.Getenv("CI") == "true" {
			if _, seen := noted.LoadOrStore("ci-no-schemas "+t.Name(), true); !seen {
				t.Errorf("DMTF schemas not found at %s: CI must have ../shared/redfish beside the repo", dir)
			}
			return nil
		}
		noteOnce(t, "no-schemas", "DMTF schemas not found at %s: served bodies are not schema-checked (../shared/redfish is present in CI)", dir)
		return nil
	}
	return schemacheck.ForTest(t) // present: ForTest neither skips nor fails
}

// schemaSet is v.Schemas() as a set; the folder never changes during a run.
var schemaSet struct {
	once  sync.Once
	files map[string]bool
}

func hasSchema(v *schemacheck.Validator, name string) bool {
	schemaSet.once.Do(func() {
		schemaSet.files = map[string]bool{}
		for _, n := range v.Schemas() {
			schemaSet.files[n] = true
		}
	})
	return schemaSet.files[name]
}

// schemaRefForType maps an @odata.type to the schema ref that validates it;
// fallback names the file used when it is not the exact version.
func schemaRefForType(v *schemacheck.Validator, odataType string) (ref, fallback string, ok bool) {
	if m := collectionType.FindStringSubmatch(odataType); m != nil && m[1] == m[2] {
		if hasSchema(v, m[1]+".json") {
			return m[1] + ".json#/definitions/" + m[1], "", true
		}
		return "", "", false
	}
	m := versionedType.FindStringSubmatch(odataType)
	if m == nil || m[1] != m[5] {
		return "", "", false
	}
	name, major := m[1], m[2]
	exact := fmt.Sprintf("%s.%s_%s_%s.json", name, major, m[3], m[4])
	if hasSchema(v, exact) {
		return exact + "#/definitions/" + name, "", true
	}
	wantMinor, _ := strconv.Atoi(m[3])
	// Among the files of the same major: the same minor with the highest
	// errata, else the newest later minor.
	best, bestMinor, bestErrata := "", -1, -1
	for _, f := range v.Schemas() {
		fm := versionedSchema.FindStringSubmatch(f)
		if fm == nil || fm[1] != name || fm[2] != major {
			continue
		}
		minor, _ := strconv.Atoi(fm[3])
		errata, _ := strconv.Atoi(fm[4])
		if minor < wantMinor {
			continue
		}
		sameBeats := minor == wantMinor && (bestMinor != wantMinor || errata > bestErrata)
		newerBeats := bestMinor != wantMinor && minor > bestMinor
		if best == "" || sameBeats || newerBeats {
			best, bestMinor, bestErrata = f, minor, errata
		}
	}
	if best == "" {
		return "", "", false
	}
	return best + "#/definitions/" + name, best, true
}

// checkServed validates one response the emulator served; method and path
// say where it came from in error messages.
func checkServed(t testing.TB, method, path string, status int, header http.Header, body []byte) {
	t.Helper()
	if len(body) == 0 || strings.HasPrefix(path, controlPrefix) || method == http.MethodHead {
		return
	}
	where := fmt.Sprintf("%s %s (%d)", method, path, status)
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q for a body: %s", where, ct, body)
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Errorf("%s: body is not a JSON object: %v: %s", where, err, body)
		return
	}
	v := servedValidator(t)
	validate := func(ref string, data []byte) {
		t.Helper()
		if v == nil {
			return
		}
		if err := v.Validate(ref, nullHeadersToEmptyQuiet(data)); err != nil {
			t.Errorf("%s: %v\nbody: %s", where, err, data)
		}
	}
	_, isError := doc["error"]
	odataType, _ := doc["@odata.type"].(string)
	switch {
	case isError:
		validate(refError, body)
	case odataType != "":
		checkTyped(t, v, where, odataType, doc, body, validate)
	case normalizePath(path) == pathRedfish:
		// DSP0266 clause "Service root request": {"v1": "/redfish/v1/"}.
		if len(doc) != 1 || doc["v1"] != "/redfish/v1/" {
			t.Errorf("%s: version document %s", where, body)
		}
	case len(doc) == 1 && doc["@Message.ExtendedInfo"] != nil:
		// checked below, message by message
	default:
		t.Errorf("%s: body is neither an error, a typed resource nor a message list: %s", where, body)
	}
	if !isError {
		checkExtendedInfo(t, where, doc, validate)
	}
}

// checkTyped validates a body that names its @odata.type.
func checkTyped(t testing.TB, v *schemacheck.Validator, where, odataType string, doc map[string]any, body []byte, validate func(string, []byte)) {
	t.Helper()
	if v != nil {
		if ref, fallback, ok := schemaRefForType(v, odataType); ok {
			if fallback != "" {
				noteOnce(t, "fallback "+odataType, "%s has no exact schema file in ../shared; validated against %s", odataType, fallback)
			}
			validate(ref, body)
			return
		}
		noteOnce(t, "noschema "+odataType, "%s has no schema in ../shared/redfish: its bodies are checked by hand for the required properties only", odataType)
	}
	checkShape(t, where, odataType, doc)
}

// checkShape is the hand check for types without a schema: what
// Resource.v1 (Id, Name, @odata.id, @odata.type) or a resource collection
// (Name, Members, Members@odata.count, @odata.id, @odata.type) require, and
// ServiceRoot's own required Links, plus what gofish reads of it.
func checkShape(t testing.TB, where, odataType string, doc map[string]any) {
	t.Helper()
	str := func(k string) {
		t.Helper()
		if s, ok := doc[k].(string); !ok || s == "" {
			t.Errorf("%s: %s has no %s string", where, odataType, k)
		}
	}
	for _, k := range []string{"@odata.id", "@odata.type", "Name"} {
		str(k)
	}
	if collectionType.MatchString(odataType) {
		members, ok := doc["Members"].([]any)
		if !ok {
			t.Errorf("%s: collection without a Members array", where)
		}
		for _, m := range members {
			if id, _ := m.(map[string]any)["@odata.id"].(string); id == "" {
				t.Errorf("%s: member without @odata.id: %v", where, m)
			}
		}
		// The count is the whole collection's; a page ($top, $skip, or one
		// before a nextLink) holds at most that many.
		if n, ok := doc["Members@odata.count"].(float64); !ok || int(n) < len(members) {
			t.Errorf("%s: Members@odata.count %v for %d members", where, doc["Members@odata.count"], len(members))
		}
		return
	}
	str("Id")
	if strings.HasPrefix(odataType, "#ServiceRoot.") {
		str("RedfishVersion")
		str("UUID")
		if _, ok := doc["Links"].(map[string]any); !ok {
			t.Errorf("%s: ServiceRoot without Links", where)
		}
	}
}

// checkExtendedInfo validates each @Message.ExtendedInfo entry of a
// non-error body against Message.
func checkExtendedInfo(t testing.TB, where string, doc map[string]any, validate func(string, []byte)) {
	t.Helper()
	raw, present := doc["@Message.ExtendedInfo"]
	if !present {
		return
	}
	list, ok := raw.([]any)
	if !ok || len(list) == 0 {
		t.Errorf("%s: @Message.ExtendedInfo %v is not a non-empty array", where, raw)
		return
	}
	for _, m := range list {
		data, _ := json.Marshal(m)
		validate("Message.json#/definitions/Message", data)
	}
}

// checkEvent validates a delivery the Sink received against Event.v1_13_0,
// the version the emulator sends.
func checkEvent(t testing.TB, ev ReceivedEvent) {
	t.Helper()
	v := servedValidator(t)
	if v == nil {
		return
	}
	if err := v.Validate(refEvent, ev.Body); err != nil {
		t.Errorf("event delivered to %s: %v\nbody: %s", ev.Path, err, ev.Body)
	}
}

// nullHeadersToEmptyQuiet is nullHeadersToEmpty without the log line, for
// the automatic checks that see the same substitution on every xcc and
// minimal response (the substitution itself is documented there).
func nullHeadersToEmptyQuiet(body []byte) []byte {
	out, _ := swapNullHeaders(body)
	return out
}
