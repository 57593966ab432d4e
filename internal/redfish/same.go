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

func containsAll(xs, ys []string, eq func(x, y string) bool) bool {
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

// ProvablyEqual reports whether got, a subscription a BMC reports, is
// provably the subscription want describes: its Destination is reported and
// provably equal, and every other property is either equal (as far as the BMC
// reports it) or, for a filter want leaves unset, reported empty. Context
// unset counts as "". HTTP headers are never reported and not compared.
//
// The duplicate check before a create, adoption after a lost create answer
// and the check before a delete use it; nothing lenient may stand in for it.
func ProvablyEqual(want, got Subscription) bool {
	if strings.TrimSpace(got.Destination) == "" || !EqualURI(want.Destination, got.Destination) {
		return false
	}
	if deref(want.Context) != deref(got.Context) {
		return false
	}
	protocol := ProtocolRedfish
	if want.Protocol != nil {
		protocol = *want.Protocol
	}
	if got.Protocol != nil && !strings.EqualFold(*got.Protocol, protocol) {
		return false
	}
	for _, p := range comparedProperties {
		if !p.equal(want, got) {
			return false
		}
	}
	return true
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// comparedProperty compares one EventDestination property of two
// subscriptions for ProvablyEqual.
type comparedProperty struct {
	name  string
	equal func(want, got Subscription) bool
}

// comparedProperties covers every property of Subscription but Destination,
// Context and Protocol (compared above) and HTTPHeaders (never reported).
var comparedProperties = []comparedProperty{
	{"SubscriptionType", scalar(func(s Subscription) *string { return s.SubscriptionType }, strings.EqualFold)},
	{"EventFormatType", scalar(func(s Subscription) *string { return s.EventFormatType }, strings.EqualFold)},
	{"DeliveryRetryPolicy", scalar(func(s Subscription) *string { return s.DeliveryRetryPolicy }, strings.EqualFold)},
	{"OEMProtocol", scalar(func(s Subscription) *string { return s.OEMProtocol }, nil)},
	{"OEMSubscriptionType", scalar(func(s Subscription) *string { return s.OEMSubscriptionType }, nil)},
	{"EventTypes", filter(func(s Subscription) []string { return s.EventTypes }, strings.EqualFold)},
	{"RegistryPrefixes", filter(func(s Subscription) []string { return s.RegistryPrefixes }, nil)},
	{"ExcludeRegistryPrefixes", filter(func(s Subscription) []string { return s.ExcludeRegistryPrefixes }, nil)},
	{"ResourceTypes", filter(func(s Subscription) []string { return s.ResourceTypes }, nil)},
	{"MessageIds", filter(func(s Subscription) []string { return s.MessageIDs }, nil)},
	{"ExcludeMessageIds", filter(func(s Subscription) []string { return s.ExcludeMessageIDs }, nil)},
	{"OriginResources", filter(func(s Subscription) []string { return s.OriginResources }, SamePath)},
	{"Severities", filter(func(s Subscription) []string { return s.Severities }, strings.EqualFold)},
	{"MetricReportDefinitions", filter(func(s Subscription) []string { return s.MetricReportDefinitions }, SamePath)},
	{"SubordinateResources", flag(func(s Subscription) *bool { return s.SubordinateResources })},
	{"IncludeOriginOfCondition", flag(func(s Subscription) *bool { return s.IncludeOriginOfCondition })},
	{"VerifyCertificate", flag(func(s Subscription) *bool { return s.VerifyCertificate })},
	{"SendHeartbeat", flag(func(s Subscription) *bool { return s.SendHeartbeat })},
	{"HeartbeatIntervalMinutes", func(want, got Subscription) bool {
		w, g := want.HeartbeatIntervalMinutes, got.HeartbeatIntervalMinutes
		return w == nil || g == nil || *w == *g
	}},
	{"Oem", func(want, got Subscription) bool {
		return len(want.Oem) == 0 || len(got.Oem) == 0 || JSONContains(string(want.Oem), string(got.Oem))
	}},
}

// scalar: equal when want leaves it unset (the BMC's default applies), the
// BMC does not report it, or both agree.
func scalar(get func(Subscription) *string, eq func(a, b string) bool) func(want, got Subscription) bool {
	if eq == nil {
		eq = func(a, b string) bool { return a == b }
	}
	return func(want, got Subscription) bool {
		w, g := get(want), get(got)
		return w == nil || g == nil || eq(*w, *g)
	}
}

// filter: an unset filter means "no filtering", so a reported non-empty one
// differs; a set one must hold the same elements as the reported one.
func filter(get func(Subscription) []string, eq func(a, b string) bool) func(want, got Subscription) bool {
	return func(want, got Subscription) bool {
		w, g := get(want), get(got)
		if g == nil {
			return true
		}
		if w == nil {
			return len(g) == 0
		}
		return SameSet(w, g, eq)
	}
}

func flag(get func(Subscription) *bool) func(want, got Subscription) bool {
	return func(want, got Subscription) bool {
		w, g := get(want), get(got)
		return w == nil || g == nil || *w == *g
	}
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

// EquivalentURI is EqualURI that also ignores a trailing slash ("https://h/x/"
// and "https://h/x"), which iLO adds to what it reports and which this
// provider has always treated as no change. It compares a configuration with
// state or a data source filter with a listing; it never decides ownership.
func EquivalentURI(a, b string) bool {
	return EqualURI(a, b) || EqualURI(strings.TrimRight(a, "/"), strings.TrimRight(b, "/"))
}
