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

func TestIsJSONMediaType(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json": true, "application/json; charset=utf-8": true,
		"application/json;charset=UTF-8": true, "Application/JSON": true,
		`application/json; charset="utf-8"; odata.metadata=minimal`: true,
		"": false, "text/plain": false, "application/x-www-form-urlencoded": false,
		"application/json; charset=iso-8859-1": false, "application/jsonx": false,
		"application/json-patch+json": false, "application/json;": true, "json": false,
	} {
		if got := isJSONMediaType(ct); got != want {
			t.Errorf("isJSONMediaType(%q) = %v", ct, got)
		}
	}
}

// DSP0266 "Request headers": a request body is application/json; anything
// else is 415 Unsupported Media Type (bmcweb: 400 UnrecognizedRequestBody),
// and the request has no effect.
func TestRequestBodyMediaType(t *testing.T) {
	for _, name := range ProfileNames() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := startBMC(t, Options{Profile: name, Username: "u", Password: "p"})
			c := newClient(t, b)
			status, wantInvalid, wantMissing := http.StatusUnsupportedMediaType, ".HeaderInvalid", ".HeaderMissing"
			if name == "openbmc" {
				status, wantInvalid, wantMissing = http.StatusBadRequest, ".UnrecognizedRequestBody", ".UnrecognizedRequestBody"
			}
			preloaded := len(b.Subscriptions())
			dest := redfishDest("https://127.0.0.1:9/e")
			refused := func(ct, method, path string, body any, want string) {
				t.Helper()
				c.contentType = ct
				r := c.expect(method, path, body, status)
				if ids := r.messageIDs(t); len(ids) != 1 || !strings.HasSuffix(ids[0], want) {
					t.Errorf("Content-Type %q on %s %s: %s, want %s", ct, method, path, r.body, want)
				}
			}
			for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1", "application/jsonx"} {
				refused(ct, http.MethodPost, pathSubscriptions, dest, wantInvalid)
			}
			refused("-", http.MethodPost, pathSubscriptions, dest, wantMissing)
			refused("text/plain", http.MethodPost, pathSubscriptions, strings.NewReader(`{"Destination":"https://127.0.0.1:9/e","Protocol":"Redfish","Context":"c"}`), wantInvalid) // chunked
			if n := len(b.Subscriptions()); n != preloaded {
				t.Fatalf("refused creates made %d subscriptions", n-preloaded)
			}
			refused("text/plain", http.MethodPost, pathSessions, map[string]any{"UserName": "u", "Password": "p"}, wantInvalid)
			if b.SessionCount() != 0 {
				t.Error("a refused login made a session")
			}
			refused("text/plain", http.MethodPost, pathSubmitTestEvent, map[string]any{"MessageId": "Base.1.0.Success"}, wantInvalid)
			if b.Stats().EventsRaised != 0 {
				t.Error("a refused SubmitTestEvent raised an event")
			}

			var loc string
			for _, ct := range []string{"application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8", "Application/JSON"} {
				c.contentType = ct
				body := createBody(b, "https://127.0.0.1:9/"+strings.ReplaceAll(ct, " ", ""))
				loc = c.create(body)
			}
			c.contentType = ""
			before := c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t)["Context"]
			refused("text/plain", http.MethodPatch, loc, map[string]any{"Context": "changed"}, wantInvalid)
			if after := c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t)["Context"]; after != before {
				t.Errorf("a refused PATCH changed Context %v to %v", before, after)
			}
			refused("text/plain", http.MethodPatch, pathEventService, map[string]any{"ServiceEnabled": false}, wantInvalid)

			// No body, no check: a Content-Type on an empty body is not a
			// media type for anything; chunked and empty alike.
			c.contentType = "text/plain"
			c.expect(http.MethodPost, pathSubmitTestEvent, "", http.StatusBadRequest) // MalformedJSON: a parameter is required
			if b.ProfileRules().ResumeAction {
				c.expect(http.MethodPost, loc+"/"+actionResume, "", http.StatusNoContent)
				c.contentType = "-"
				c.expect(http.MethodPost, loc+"/"+actionResume, strings.NewReader(""), http.StatusNoContent)
			}
			// 405 and 404 come before the media type.
			c.contentType = "text/plain"
			c.expect(http.MethodPut, loc, map[string]any{"Context": "x"}, http.StatusMethodNotAllowed)
			c.expect(http.MethodPost, "/redfish/v1/Nope", map[string]any{}, http.StatusNotFound)
			// Credentials come first too.
			c.user = "nobody"
			c.expect(http.MethodPost, pathSubscriptions, dest, http.StatusUnauthorized)
		})
	}
}
