package bmcsim

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestIsToken(t *testing.T) {
	for s, want := range map[string]bool{"X-Auth": true, "a.b_c~d": true, "": false, "A B": false, "A:B": false, "A\nB": false, "Sessions": true} {
		if isToken(s) != want {
			t.Errorf("isToken(%q) = %v", s, !want)
		}
	}
}

func TestValueString(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		{"s", "s"}, {nil, "null"}, {json.Number("1.5"), "1.5"}, {true, "true"},
		{[]any{"a"}, `["a"]`}, {map[string]any{"k": "v"}, `{"k":"v"}`},
	} {
		if got := valueString(tc.v); got != tc.want {
			t.Errorf("valueString(%v) = %q", tc.v, got)
		}
	}
}

func TestReadJSONObject(t *testing.T) {
	for body, ok := range map[string]bool{
		`{"a":1}`: true, ` {"a":1} `: true, `{}`: true, ``: false, `[]`: false,
		`{"a":1}{}`: false, `{"a":`: false, `"x"`: false,
	} {
		r, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		obj, msg, got := readJSONObject(r)
		if got != ok {
			t.Errorf("%q: ok %v", body, got)
		}
		if !got && msg.MessageID != "Base.1.22.MalformedJSON" {
			t.Errorf("%q: %s", body, msg.MessageID)
		}
		if got && obj == nil {
			t.Errorf("%q: nil object", body)
		}
	}
	r, _ := http.NewRequest(http.MethodPost, "/", http.NoBody)
	if obj, _, ok := readJSONObjectOrEmpty(r); !ok || len(obj) != 0 {
		t.Error("an empty body is an empty object for actions")
	}
	big := `{"a":"` + strings.Repeat("x", maxBody) + `"}`
	r, _ = http.NewRequest(http.MethodPost, "/", strings.NewReader(big))
	if _, _, ok := readJSONObject(r); ok {
		t.Error("oversized body accepted")
	}
}
