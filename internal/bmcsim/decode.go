package bmcsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"sort"
	"strings"
)

// Body plumbing: reading a request body as one JSON object, its media
// type, and the helpers that render values into Base messages. What each
// property may hold is the property table's (properties.go and
// property_values.go); rules across properties and profiles are
// validate.go's.

// maxBody bounds request bodies; BMC web servers refuse far smaller ones.
const maxBody = 1 << 20

// readJSONObject reads a body that must be one JSON object (DSP0266 clause
// "Request body": JSON object; anything else is MalformedJSON).
func readJSONObject(r *http.Request) (map[string]any, Message, bool) {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(data) > maxBody {
		return nil, baseMsg("MalformedJSON"), false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, baseMsg("MalformedJSON"), false
	}
	if err := dec.Decode(new(any)); !errors.Is(err, io.EOF) {
		return nil, baseMsg("MalformedJSON"), false
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, baseMsg("MalformedJSON"), false
	}
	return obj, Message{}, true
}

// bodyMethods are the methods whose request body the emulator reads.
var bodyMethods = map[string]bool{http.MethodPost: true, http.MethodPatch: true, http.MethodPut: true}

// checkMediaType enforces the request body's Content-Type before a handler
// reads it. DSP0266 clause "Request headers": a request with a body carries
// Content-Type application/json (services accept it with
// ";charset=utf-8"), and its HTTP status code table answers a body of a
// media type the service does not support with 415 Unsupported Media Type.
// Base 1.22 has no "unsupported media type" message; HeaderInvalid (arg:
// the whole header, as its ArgLongDescriptions asks) or HeaderMissing say
// what is wrong. Profiles may answer otherwise (see
// Profile.MediaTypeStatus). An empty body is not checked: clients send
// parameterless actions and logouts without one. It reports whether the
// request may proceed.
func (b *BMC) checkMediaType(w http.ResponseWriter, r *http.Request) bool {
	if !bodyMethods[r.Method] || !hasBody(r) {
		return true
	}
	ct := r.Header.Get("Content-Type")
	if isJSONMediaType(ct) {
		return true
	}
	status := b.profile.MediaTypeStatus
	if status == 0 {
		status = http.StatusUnsupportedMediaType
	}
	var msg Message
	switch {
	case b.profile.MediaTypeMessage != "":
		msg = baseMsg(b.profile.MediaTypeMessage)
	case ct == "":
		msg = baseMsg("HeaderMissing", "Content-Type")
	default:
		msg = baseMsg("HeaderInvalid", "Content-Type: "+ct)
	}
	b.fail(w, status, msg)
	return false
}

// isJSONMediaType accepts application/json, in any letter case, with
// optional parameters; a charset, if given, must be UTF-8 (RFC 8259 §8.1:
// JSON exchanged between systems is UTF-8).
func isJSONMediaType(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}

// hasBody reports whether r carries a non-empty body. A chunked body
// (unknown length) is peeked at and put back; an empty one is then marked
// ContentLength 0 so that handlers treat it as absent.
func hasBody(r *http.Request) bool {
	switch {
	case r.ContentLength > 0:
		return true
	case r.ContentLength == 0 || r.Body == nil || r.Body == http.NoBody:
		return false
	}
	var first [1]byte
	n, _ := io.ReadFull(r.Body, first[:])
	if n == 0 {
		r.ContentLength = 0
		return false
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(first[:n]), r.Body), r.Body}
	return true
}

// valueString renders a JSON value as Base message arguments want it:
// strings as is, null as "null", the rest as compact JSON.
func valueString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case nil:
		return "null"
	case json.Number:
		return t.String()
	}
	data, _ := json.Marshal(v)
	return string(data)
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func sortStrings(s []string) { sort.Strings(s) }

// sortMessages orders messages by the property they relate to, so bodies
// are stable whatever order the client sent properties in.
func sortMessages(msgs []Message) {
	key := func(m Message) string {
		if len(m.RelatedProperties) > 0 {
			return m.RelatedProperties[0]
		}
		return ""
	}
	sort.SliceStable(msgs, func(i, j int) bool { return key(msgs[i]) < key(msgs[j]) })
}

// readJSONObjectOrEmpty is readJSONObject for actions without parameters,
// where clients may send no body at all.
func readJSONObjectOrEmpty(r *http.Request) (map[string]any, Message, bool) {
	if r.ContentLength == 0 {
		return map[string]any{}, Message{}, true
	}
	return readJSONObject(r)
}
