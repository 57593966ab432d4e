package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWritesTheGuide(t *testing.T) {
	out := filepath.Join(t.TempDir(), "vendor-notes.md.tmpl")
	if code := run([]string{out}, &bytes.Buffer{}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"page_title: \"Vendor notes\"", "## ", "(`idrac9`)", "(`openbmc`)"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("guide lacks %q", want)
		}
	}
	var errOut bytes.Buffer
	if code := run(nil, &errOut); code != 2 || !strings.Contains(errOut.String(), "usage") {
		t.Errorf("no argument: exit %d %q", code, errOut.String())
	}
	if code := run([]string{filepath.Join(t.TempDir(), "no", "such", "dir", "x.md")}, &bytes.Buffer{}); code != 1 {
		t.Errorf("unwritable path: exit %d", code)
	}
}
