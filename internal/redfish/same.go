package redfish

import (
	"encoding/json"
	"net/url"
	"path"
	"strings"
)

// This file is the one home of "means the same to a BMC". There are two
// strengths, and mixing them up is how a provider ends up deleting another
// team's subscription:
//
//   - Provably equal (EqualURI, ProvablyEqual): only lossless normalisation
//     (RFC 3986 §6.2.2 and §6.2.3: case of scheme and host, the scheme's
//     default port, an empty path as "/", percent-encoding of unreserved
//     characters, dot segments), enum case and set order. A masked or missing
//     part is not provably equal to anything. Adoption after a lost create,
//     the duplicate check before a create and the check before a delete use
//     only this: otherwise ".../hook?token=A" would equal ".../hook?token=B".
//   - Same at our path (SameDestinationAtPath): lenient, and used for one
//     decision only: whether the member at the id recorded in state is still
//     the subscription we created there. A BMC may legitimately report our
//     own Destination masked or shortened (userinfo password as "******",
//     query string dropped, explicit ":443" and "/", percent-encoding, or no
//     Destination at all); none of those means the subscription was replaced.

// defaultPorts are the ports a scheme implies, dropped by normalisation.
// bmcweb writes them out ("https://h" reads back as "https://h:443/").
var defaultPorts = map[string]string{"http": "80", "https": "443", "snmp": "162"}

// normalURI is a URI after lossless normalisation, split into the parts the
// comparisons look at. ok is false when the string is not an absolute URI.
type normalURI struct {
	scheme, user, host, port, path, query, fragment, opaque string
	hasUser                                                 bool
}

func parseNormalURI(s string) (normalURI, bool) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Scheme == "" {
		return normalURI{}, false
	}
	n := normalURI{
		scheme:   strings.ToLower(u.Scheme),
		host:     strings.ToLower(u.Hostname()),
		port:     u.Port(),
		opaque:   normalPercent(u.Opaque),
		query:    normalPercent(u.RawQuery),
		fragment: normalPercent(u.EscapedFragment()),
	}
	if u.User != nil {
		n.hasUser, n.user = true, u.User.String()
	}
	if n.port == defaultPorts[n.scheme] {
		n.port = ""
	}
	if n.opaque == "" {
		p := normalPercent(u.EscapedPath())
		if p == "" && u.Host != "" {
			p = "/"
		}
		if p != "" {
			trailing := strings.HasSuffix(p, "/")
			p = path.Clean(p)
			if trailing && p != "/" {
				p += "/"
			}
		}
		n.path = p
	}
	return n, true
}

// normalPercent decodes percent-encoded unreserved characters and writes the
// remaining escapes in upper case (RFC 3986 §6.2.2.1 and §6.2.2.2).
func normalPercent(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			c := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(c) {
				b.WriteByte(c)
			} else {
				b.WriteString("%" + strings.ToUpper(s[i+1:i+3]))
			}
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func isUnreserved(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// EqualURI reports whether two URIs are provably the same resource: equal
// after lossless normalisation only. Strings that are not absolute URIs are
// equal only when identical.
func EqualURI(a, b string) bool {
	if a == b {
		return true
	}
	na, okA := parseNormalURI(a)
	nb, okB := parseNormalURI(b)
	return okA && okB && na == nb
}

// SameDestinationAtPath reports whether reported, the Destination a BMC shows
// at the path where we created ours, can be ours (see the file comment).
// An absent or empty report cannot contradict ours.
func SameDestinationAtPath(ours, reported string) bool {
	if strings.TrimSpace(reported) == "" || EqualURI(ours, reported) {
		return true
	}
	o, okO := parseNormalURI(ours)
	r, okR := parseNormalURI(reported)
	if !okO || !okR {
		return strings.EqualFold(strings.TrimRight(ours, "/"), strings.TrimRight(reported, "/"))
	}
	if o.scheme != r.scheme || o.host != r.host || o.port != r.port || o.opaque != r.opaque {
		return false
	}
	if !strings.EqualFold(strings.TrimRight(o.path, "/"), strings.TrimRight(r.path, "/")) {
		return false
	}
	// A BMC may drop or mask what it considers secret: the query, the
	// fragment, the userinfo or its password. What it does report must agree.
	if r.query != "" && r.query != o.query {
		return false
	}
	if r.fragment != "" && r.fragment != o.fragment {
		return false
	}
	if r.hasUser && r.user != o.user && userName(r.user) != userName(o.user) {
		return false
	}
	return true
}

func userName(userinfo string) string {
	name, _, _ := strings.Cut(userinfo, ":")
	return name
}

// SamePath reports whether two Redfish resource references name the same
// resource: NormalizeODataID drops the host and the trailing slash iLO adds.
func SamePath(a, b string) bool {
	return NormalizeODataID(a) == NormalizeODataID(b)
}

// SameSet reports whether a and b hold the same elements, each compared with
// eq (exact equality when eq is nil), ignoring order and repetition.
func SameSet(a, b []string, eq func(x, y string) bool) bool {
	if eq == nil {
		eq = func(x, y string) bool { return x == y }
	}
	return containsAll(a, b, eq) && containsAll(b, a, eq)
}

func containsAll[T any](xs, ys []T, eq func(x, y T) bool) bool {
	for _, x := range xs {
		found := false
		for _, y := range ys {
			if eq(x, y) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// JSONContains reports whether the JSON document want is contained in got:
// equal scalars and arrays, and objects whose every key in want is in got
// with a contained value. BMCs add vendor defaults to Oem objects; extra keys
// are not a difference in what was asked for.
func JSONContains(want, got string) bool {
	var w, g any
	if json.Unmarshal([]byte(want), &w) != nil || json.Unmarshal([]byte(got), &g) != nil {
		return false
	}
	return valueContains(w, g)
}

// JSONEqual reports whether two JSON documents mean the same.
func JSONEqual(a, b string) bool { return JSONContains(a, b) && JSONContains(b, a) }

func valueContains(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok || !valueContains(wv, gv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !valueContains(w[i], g[i]) {
				return false
			}
		}
		return true
	default:
		return want == got
	}
}

// Compare is how two values of a property compare (its tag's cmp=, or
// CompareEnum for a property with an enum).
type Compare int

const (
	CompareExact Compare = iota // equal strings
	CompareEnum                 // equal ignoring case: BMCs echo "redfish" for "Redfish"
	CompareURI                  // URIs: see EqualURI, SameDestinationAtPath, EquivalentURI
	ComparePath                 // Redfish resource paths: see SamePath
	CompareJSON                 // JSON documents: see JSONContains
)

// Strength says which question a comparison answers (see the file comment).
type Strength int

const (
	// Provably: is got provably want? Lossless normalisation only; for JSON,
	// want is contained in got (BMCs add vendor defaults).
	Provably Strength = iota
	// AtOurPath: can reported, found at the id where we created ours, be
	// ours? Lenient about what BMCs mask or rewrite.
	AtOurPath
	// Spelled: do a configuration and the state mean the same, spelled
	// differently (a trailing slash, JSON formatting)? Never decides ownership.
	Spelled
)

// Same compares two values of a property under a strength.
func (c Compare) Same(s Strength, a, b string) bool {
	switch c {
	case CompareEnum:
		return strings.EqualFold(a, b)
	case ComparePath:
		return SamePath(a, b)
	case CompareURI:
		switch s {
		case AtOurPath:
			return SameDestinationAtPath(a, b)
		case Spelled:
			return EquivalentURI(a, b)
		}
		return EqualURI(a, b)
	case CompareJSON:
		if s == Spelled {
			return JSONEqual(a, b)
		}
		return JSONContains(a, b)
	}
	return a == b
}

// Func returns c.Same at strength s, for SameSet and plan modifiers.
func (c Compare) Func(s Strength) func(a, b string) bool {
	return func(a, b string) bool { return c.Same(s, a, b) }
}

// ProvablyEqual reports whether got, a subscription a BMC reports, is
// provably the subscription want describes: its Destination is reported and
// provably equal, and every other property is either equal (as far as the BMC
// reports it) or, for a filter want leaves unset, reported empty. Context
// unset counts as "". HTTP headers and secrets are never reported and not
// compared.
//
// The duplicate check before a create, adoption after a lost create answer
// and the check before a delete use it; nothing lenient may stand in for it.
func ProvablyEqual(want, got Subscription) bool {
	return provablyEqualObject(Properties, objectValues(&want), objectValues(&got))
}

func provablyEqualObject(props []Property, want, got map[string]any) bool {
	for _, p := range props {
		if !p.Secret && !p.ReadOnly && !p.provablyEqual(want[p.Name], got[p.Name]) {
			return false
		}
	}
	return true
}

// ProvablyEqualValue is ProvablyEqual for one property's values (as Get
// returns them).
func (p Property) ProvablyEqualValue(want, got any) bool { return p.provablyEqual(want, got) }

// provablyEqual compares one property: a property want leaves unset takes
// the BMC's default, so anything reported matches it, except a filter (an
// unset filter means "no filtering": a reported non-empty one differs), a
// default the tag names, and an unset-is-empty property.
func (p Property) provablyEqual(want, got any) bool {
	switch w := want.(type) {
	case *string:
		g, _ := got.(*string)
		switch {
		case p.Required:
			return g != nil && strings.TrimSpace(*g) != "" && w != nil && p.Compare.Same(Provably, *w, *g)
		case p.UnsetIsEmpty:
			return deref(w) == deref(g)
		case w == nil && p.Default != "":
			w = &p.Default
		}
		return w == nil || g == nil || p.Compare.Same(Provably, *w, *g)
	case []string:
		g, _ := got.([]string)
		if g == nil {
			return true
		}
		if w == nil {
			return len(g) == 0
		}
		return SameSet(w, g, p.Compare.Func(Provably))
	case *bool:
		g, _ := got.(*bool)
		return w == nil || g == nil || *w == *g
	case *int64:
		g, _ := got.(*int64)
		return w == nil || g == nil || *w == *g
	case map[string]any:
		g, _ := got.(map[string]any)
		return w == nil || g == nil || provablyEqualObject(p.Children, w, g)
	case []map[string]any:
		g, _ := got.([]map[string]any)
		if g == nil {
			return true
		}
		if w == nil {
			return len(g) == 0
		}
		same := func(a, b map[string]any) bool { return provablyEqualObject(p.Children, a, b) }
		return containsAll(w, g, same) && containsAll(g, w, same)
	}
	return true
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Fingerprint is a canonical rendering of what a BMC reports about a
// subscription (every property, as the BMC spells it; not its status). Two
// reports of one subscription by one BMC have the same fingerprint; the check
// before a delete compares the member at our path with the fingerprint of
// what the BMC reported when we last knew the subscription was ours, which
// also works on BMCs that mask or shorten Destination.
func Fingerprint(s Subscription) string {
	s.HTTPHeaders = nil
	p := Payload(s)
	if s.Protocol == nil {
		delete(p, "Protocol") // Payload's default is not something the BMC said
	}
	b, err := json.Marshal(p) // map keys are sorted
	if err != nil {
		return ""
	}
	return string(b)
}

// ProvablyOurs reports whether reported, the member a BMC holds at the id
// where we created ours, is provably our subscription: its report is the
// one recorded when we last knew it was ours (fingerprint, may be empty),
// or it is provably equal to ours. Nothing else may be acted on (deleted,
// resumed, given certificates).
func ProvablyOurs(ours, reported Subscription, fingerprint string) bool {
	return (fingerprint != "" && Fingerprint(reported) == fingerprint) || ProvablyEqual(ours, reported)
}

// EquivalentURI is EqualURI that also ignores a trailing slash ("https://h/x/"
// and "https://h/x"), which iLO adds to what it reports and which this
// provider has always treated as no change. It compares a configuration with
// state or a data source filter with a listing; it never decides ownership.
func EquivalentURI(a, b string) bool {
	return EqualURI(a, b) || EqualURI(strings.TrimRight(a, "/"), strings.TrimRight(b, "/"))
}
