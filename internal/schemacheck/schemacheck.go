// Package schemacheck validates JSON documents against DMTF's Redfish JSON
// Schemas, which live beside the repository in ../shared/redfish/json-schema.
// It is test support: the provider and the BMC simulator use it to prove that
// what they send and accept is what the Redfish standard says, not what we
// happen to believe it says.
package schemacheck

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// prefix is the base of every $id and $ref in the DMTF schemas; the rest of
// the URL is a file name in the schema folder.
const prefix = "http://redfish.dmtf.org/schemas/v1/"

// metaSchema is the DMTF meta-schema every Redfish schema names in "$schema".
// It only adds annotation keywords (readonly, longDescription, ...) on top
// of draft-07, so when the folder lacks it we stand in a bare draft-07 one.
const metaSchema = "redfish-schema-v1.json"

// Validator validates documents against the schemas of one folder.
// It is safe for concurrent use.
type Validator struct {
	dir   string
	names []string

	mu       sync.Mutex // guards compiler (not thread-safe) and cache
	compiler *jsonschema.Compiler
	cache    map[string]compiled
}

type compiled struct {
	schema *jsonschema.Schema
	err    error // compile errors are cached too: the files don't change
}

// Open loads schemas from dir (the json-schema folder); URL prefix
// http://redfish.dmtf.org/schemas/v1/ maps to dir.
func Open(dir string) (*Validator, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("schemacheck: reading schema folder: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("schemacheck: no *.json schemas in %s", dir)
	}
	sort.Strings(names)

	c := jsonschema.NewCompiler()
	// Only used where a document has no "$schema"; the DMTF files all
	// resolve to draft-07 through their meta-schema.
	c.DefaultDraft(jsonschema.Draft7)
	c.UseLoader(folderLoader(dir))
	// Draft-07 asserts "format" by default; the schemas use only date-time
	// and uri-reference, and the DMTF mockups pass both, so keep it on.
	return &Validator{dir: dir, names: names, compiler: c, cache: map[string]compiled{}}, nil
}

// folderLoader serves http://redfish.dmtf.org/schemas/v1/NAME from dir/NAME,
// so validation never touches the network.
type folderLoader string

func (dir folderLoader) Load(url string) (any, error) {
	name, ok := strings.CutPrefix(url, prefix)
	if !ok {
		return nil, fmt.Errorf("only %s URLs are served from the schema folder", prefix)
	}
	if name == "" || strings.ContainsAny(name, `/\`) {
		return nil, fmt.Errorf("%q is not a schema file name", name)
	}
	f, err := os.Open(filepath.Join(string(dir), name))
	if errors.Is(err, fs.ErrNotExist) {
		if name == metaSchema {
			return map[string]any{"$schema": "http://json-schema.org/draft-07/schema#"}, nil
		}
		return nil, fmt.Errorf("schema file %s is missing from %s", name, string(dir))
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, fmt.Errorf("schema file %s: %w", name, err)
	}
	return doc, nil
}

// Schemas lists the file names available, sorted.
func (v *Validator) Schemas() []string {
	return append([]string(nil), v.names...)
}

// Validate checks doc against schemaRef, a file name in the schema folder
// optionally followed by a JSON pointer fragment, e.g.
// "EventDestination.v1_16_0.json#/definitions/EventDestination".
// The error lists every failing property (as a JSON pointer) and why.
func (v *Validator) Validate(schemaRef string, doc []byte) error {
	sch, err := v.schema(schemaRef)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("schemacheck: document is not valid JSON: %w", err)
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("schemacheck: document does not match %s:\n%v", schemaRef, err)
	}
	return nil
}

// schema compiles schemaRef once; compiled schemas are immutable and may be
// used from many goroutines.
func (v *Validator) schema(schemaRef string) (*jsonschema.Schema, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if c, ok := v.cache[schemaRef]; ok {
		return c.schema, c.err
	}
	var c compiled
	name, _, _ := strings.Cut(schemaRef, "#")
	if _, err := os.Stat(filepath.Join(v.dir, name)); err != nil || strings.ContainsAny(name, `/\`) {
		c.err = fmt.Errorf("schemacheck: schema file %s is not in %s", name, v.dir)
	} else if c.schema, c.err = v.compiler.Compile(prefix + schemaRef); c.err != nil {
		c.err = fmt.Errorf("schemacheck: compiling %s: %w", schemaRef, c.err)
	}
	v.cache[schemaRef] = c
	return c.schema, c.err
}

// The folder is parsed and compiled once per test binary.
var shared struct {
	once sync.Once
	dir  string
	v    *Validator
	err  error
}

// ForTest returns the Validator for ../shared/redfish/json-schema beside the
// repository root. If the folder is absent the test is skipped, except in CI
// (CI=true), where missing schemas must fail rather than silently skip.
func ForTest(t testing.TB) *Validator {
	t.Helper()
	shared.once.Do(func() {
		wd, err := os.Getwd()
		if err != nil {
			shared.err = err
			return
		}
		shared.dir, shared.err = schemaDir(wd)
		if shared.err == nil {
			shared.v, shared.err = Open(shared.dir)
		}
	})
	return fromShared(t, shared.dir, shared.v, shared.err, os.Getenv("CI") == "true")
}

// fromShared turns the cached lookup result into the test's outcome; split
// out so the skip/fail policy can be tested without skipping or failing.
func fromShared(t testing.TB, dir string, v *Validator, err error, ci bool) *Validator {
	t.Helper()
	switch {
	case err == nil:
		return v
	case errors.Is(err, fs.ErrNotExist) && !ci:
		t.Skipf("DMTF schemas not found at %s: schema validation needs ../shared/redfish beside the repo (present in CI)", dir)
	case errors.Is(err, fs.ErrNotExist):
		t.Fatalf("DMTF schemas not found at %s: CI must have ../shared/redfish beside the repo: %v", dir, err)
	default:
		t.Fatalf("loading DMTF schemas from %s: %v", dir, err)
	}
	return nil
}

// schemaDir walks up from start to the directory holding go.mod and returns
// ../shared/redfish/json-schema beside it. The error wraps fs.ErrNotExist
// when either the module root or the schema folder is absent.
func schemaDir(start string) (string, error) {
	for d := start; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			dir := filepath.Join(filepath.Dir(d), "shared", "redfish", "json-schema")
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				return dir, fmt.Errorf("schema folder %s: %w", dir, fs.ErrNotExist)
			}
			return dir, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return filepath.Join("..", "shared", "redfish", "json-schema"),
				fmt.Errorf("no go.mod above %s: %w", start, fs.ErrNotExist)
		}
		d = parent
	}
}
