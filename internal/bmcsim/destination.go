package bmcsim

import (
	"fmt"
	"strings"
)

// DestinationReport says how a BMC writes Destination back in what it
// serves. The stored value (and where events go) is always the URI the
// client sent; only the rendering changes. Each rewrite is independent;
// they apply in the order of the fields.
type DestinationReport struct {
	// MaskPassword writes the password of a userinfo as "******"
	// ("https://u:p@h/e" reads back "https://u:******@h/e"), as BMCs that
	// hide secrets in URIs do.
	MaskPassword bool
	// DropQuery leaves the query string out.
	DropQuery bool
	// ExplicitPort writes the scheme's default port when none was given and
	// "/" for an empty path: "https://h" reads back "https://h:443/",
	// "http://h/x" "http://h:80/x", "snmp://h" "snmp://h:162/". This is
	// what bmcweb does (the openbmc profile cites where).
	ExplicitPort bool
	// EncodeUnreserved percent-encodes '~' after the authority ("~" →
	// "%7E"), as encoders older than RFC 3986 do; the URI is equivalent.
	EncodeUnreserved bool
	// Omit leaves Destination out of the body altogether.
	Omit bool
	// Empty reports Destination as "".
	Empty bool
}

// merge is the union of two reports: a rewrite applies if either asks.
func (d DestinationReport) merge(o DestinationReport) DestinationReport {
	return DestinationReport{
		MaskPassword:     d.MaskPassword || o.MaskPassword,
		DropQuery:        d.DropQuery || o.DropQuery,
		ExplicitPort:     d.ExplicitPort || o.ExplicitPort,
		EncodeUnreserved: d.EncodeUnreserved || o.EncodeUnreserved,
		Omit:             d.Omit || o.Omit,
		Empty:            d.Empty || o.Empty,
	}
}

// Flags lists the rewrites that are on, by the names ParseDestinationReport
// reads.
func (d DestinationReport) Flags() []string {
	var out []string
	for _, f := range destinationReportFlags {
		if *f.field(&d) {
			out = append(out, f.name)
		}
	}
	return out
}

var destinationReportFlags = []struct {
	name  string
	field func(*DestinationReport) *bool
}{
	{"mask-password", func(d *DestinationReport) *bool { return &d.MaskPassword }},
	{"drop-query", func(d *DestinationReport) *bool { return &d.DropQuery }},
	{"explicit-port", func(d *DestinationReport) *bool { return &d.ExplicitPort }},
	{"encode-unreserved", func(d *DestinationReport) *bool { return &d.EncodeUnreserved }},
	{"omit", func(d *DestinationReport) *bool { return &d.Omit }},
	{"empty", func(d *DestinationReport) *bool { return &d.Empty }},
}

// DestinationReportNames lists the names ParseDestinationReport accepts.
func DestinationReportNames() []string {
	out := make([]string, len(destinationReportFlags))
	for i, f := range destinationReportFlags {
		out[i] = f.name
	}
	return out
}

// ParseDestinationReport reads a comma-separated list of rewrite names
// ("mask-password,drop-query"), the --destination-report flag's syntax.
func ParseDestinationReport(list string) (DestinationReport, error) {
	var d DestinationReport
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		found := false
		for _, f := range destinationReportFlags {
			if f.name == name {
				*f.field(&d) = true
				found = true
			}
		}
		if !found {
			return d, fmt.Errorf("bmcsim: unknown destination rewrite %q (have %s)", name, strings.Join(DestinationReportNames(), ", "))
		}
	}
	return d, nil
}

// defaultPorts are the ports ExplicitPort writes, per scheme (bmcweb's
// setPortDefaults knows these three).
var defaultPorts = map[string]string{"http": "80", "https": "443", "snmp": "162"}

// render is dest as the report writes it; ok false means "leave it out".
// Rewrites work on the text, not on a parsed and re-encoded URL, so that
// nothing changes but what the report asks for.
func (d DestinationReport) render(dest string) (string, bool) {
	switch {
	case d.Omit:
		return "", false
	case d.Empty:
		return "", true
	}
	u, ok := splitURI(dest)
	if !ok {
		return dest, true
	}
	if d.MaskPassword {
		if user, _, hasPass := strings.Cut(u.userinfo, ":"); hasPass {
			u.userinfo = user + ":******"
		}
	}
	if d.DropQuery {
		u.query = ""
	}
	if d.ExplicitPort {
		if port, known := defaultPorts[strings.ToLower(u.scheme)]; known && !hostHasPort(u.host) {
			u.host += ":" + port
		}
		if u.path == "" {
			u.path = "/"
		}
	}
	if d.EncodeUnreserved {
		u.path = strings.ReplaceAll(u.path, "~", "%7E")
		u.query = strings.ReplaceAll(u.query, "~", "%7E")
		u.fragment = strings.ReplaceAll(u.fragment, "~", "%7E")
	}
	return u.String(), true
}

// uriParts is an absolute URI with an authority, split as RFC 3986
// section 3 does; query and fragment keep their leading '?' and '#'.
type uriParts struct {
	scheme, userinfo, host, path, query, fragment string
	hasUserinfo                                   bool
}

func splitURI(s string) (uriParts, bool) {
	var u uriParts
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || scheme == "" || strings.ContainsAny(scheme, "/?#") {
		return u, false
	}
	u.scheme = scheme
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority := rest[:end]
	rest = rest[end:]
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		u.userinfo, u.hasUserinfo = authority[:at], true
		authority = authority[at+1:]
	}
	u.host = authority
	if i := strings.Index(rest, "#"); i >= 0 {
		u.fragment = rest[i:]
		rest = rest[:i]
	}
	if i := strings.Index(rest, "?"); i >= 0 {
		u.query = rest[i:]
		rest = rest[:i]
	}
	u.path = rest
	return u, true
}

func (u uriParts) String() string {
	var b strings.Builder
	b.WriteString(u.scheme)
	b.WriteString("://")
	if u.hasUserinfo {
		b.WriteString(u.userinfo)
		b.WriteString("@")
	}
	b.WriteString(u.host)
	b.WriteString(u.path)
	b.WriteString(u.query)
	b.WriteString(u.fragment)
	return b.String()
}

// hostHasPort reports whether an authority's host part names a port,
// minding IPv6 literals ("[::1]" has none, "[::1]:8443" has one).
func hostHasPort(host string) bool {
	if strings.HasPrefix(host, "[") {
		end := strings.Index(host, "]")
		return end >= 0 && strings.Contains(host[end:], ":")
	}
	return strings.Contains(host, ":")
}
