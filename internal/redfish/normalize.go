package redfish

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"strings"
	"unicode"
)

// NormalizeEndpoint turns what a user writes for a BMC into scheme://host[:port]:
// lower-case scheme and host, default port dropped, a trailing "/" or
// "/redfish/v1" tolerated. It rejects other paths, queries and credentials
// in the URL (they belong in username/password, and would end up in logs).
func NormalizeEndpoint(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", fmt.Errorf("no BMC endpoint given: use a URL such as https://10.0.0.5")
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("invalid BMC endpoint %q: use a URL such as https://10.0.0.5 or https://bmc.example.com:8443", s)
	}
	if u.User != nil {
		return "", fmt.Errorf("invalid BMC endpoint: it contains credentials; give them as username and password instead")
	}
	p := strings.TrimRight(u.Path, "/")
	p = strings.TrimSuffix(p, "/redfish/v1")
	if strings.TrimRight(p, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("invalid BMC endpoint %q: give only scheme, host and port (https://10.0.0.5); "+
			"Redfish paths are discovered from /redfish/v1", s)
	}
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		port = ""
	}
	if port != "" {
		return scheme + "://" + net.JoinHostPort(host, port), nil
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	return scheme + "://" + host, nil
}

// NormalizeODataID returns the path of a Redfish resource id: scheme and
// host dropped when the BMC sent an absolute URL, query, fragment and
// trailing slashes dropped ("/redfish/v1/EventService/Subscriptions/5/" →
// ".../5"). Applied to its own result it changes nothing.
func NormalizeODataID(id string) string {
	id = strings.TrimSpace(id)
	if id == "" {
		return ""
	}
	if u, err := url.Parse(id); err == nil && u.Scheme != "" && u.Host != "" {
		id = u.EscapedPath()
	}
	if i := strings.IndexAny(id, "?#"); i >= 0 {
		id = id[:i]
	}
	// Whitespace before a cut query or among trailing slashes goes too, so
	// that the result is its own normal form (found by FuzzParseSubscription).
	if t := strings.TrimRightFunc(id, func(r rune) bool { return r == '/' || unicode.IsSpace(r) }); t != "" {
		return t
	}
	return "/"
}

// ParseSubscriptionURL reads an import ID: the subscription's full URL
// ("https://bmc/redfish/v1/EventService/Subscriptions/5" → endpoint
// "https://bmc", odataID "/redfish/v1/EventService/Subscriptions/5") or its
// path alone (endpoint ""). Anything else is an error that shows both forms.
func ParseSubscriptionURL(s string) (endpoint, odataID string, err error) {
	s = strings.TrimSpace(s)
	bad := func(why string) (string, string, error) {
		return "", "", fmt.Errorf("invalid subscription import ID %q: %s; use the subscription's full URL, "+
			"e.g. https://10.0.0.5/redfish/v1/EventService/Subscriptions/5, or, when the BMC's endpoint is "+
			"configured, its path, e.g. /redfish/v1/EventService/Subscriptions/5", s, why)
	}
	u, perr := url.Parse(s)
	if perr != nil {
		return bad("it is not a URL")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return bad("it has a query or fragment")
	}
	if u.Scheme != "" || u.Host != "" {
		if u.Host == "" {
			return bad("it has no host")
		}
		endpoint, perr = NormalizeEndpoint(u.Scheme + "://" + u.Host)
		if perr != nil {
			return bad(perr.Error())
		}
	}
	p := NormalizeODataID(u.EscapedPath())
	if !strings.HasPrefix(p, "/redfish/v1/") || strings.Count(p, "/") < 4 || path.Clean(p) != p {
		return bad("its path is not that of a Redfish resource below /redfish/v1")
	}
	return endpoint, p, nil
}

// resolveLocation turns a Location header into a resource path. BMCs send
// absolute URLs, absolute paths, and now and then a path without its
// leading slash ("redfish/v1/...") or a bare member id ("5"), which they
// mean relative to the collection they were POSTed to.
func resolveLocation(loc, collection string) string {
	loc = strings.TrimSpace(loc)
	switch {
	case loc == "":
		return ""
	case strings.HasPrefix(loc, "/"):
		return NormalizeODataID(loc)
	case strings.HasPrefix(loc, "redfish/"):
		return NormalizeODataID("/" + loc)
	}
	if u, err := url.Parse(loc); err == nil && u.Scheme != "" {
		if u.Host == "" {
			return ""
		}
		return NormalizeODataID(loc)
	}
	return NormalizeODataID(strings.TrimRight(collection, "/") + "/" + loc)
}

// parseSubscription reads an EventDestination body. Normalisation keeps
// values a BMC rewrites from looking like drift: trailing slashes of ids,
// the case of enum values, an empty Context, HttpHeaders (write-only:
// Redfish has BMCs read them back as null or []) and absent properties (nil).
// A property of the wrong type is treated as absent rather than failing the
// whole read; unknown properties are ignored.
//
// The body must be an EventDestination: a transient error-shaped or empty
// 200 (seen from BMCs under load) is an error, never a subscription without
// properties, which a caller would take for someone else's or for deleted.
func parseSubscription(body []byte, fallbackID string) (*Subscription, error) {
	var raw map[string]json.RawMessage
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil, errors.New("the BMC answered with an empty body instead of the subscription")
	}
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		return nil, fmt.Errorf("the subscription is not a JSON object: %v", err)
	}
	if err := checkEventDestination(raw, body); err != nil {
		var ns *NotSubscriptionError
		if errors.As(err, &ns) {
			ns.Path = NormalizeODataID(fallbackID)
		}
		return nil, err
	}
	s := &Subscription{}
	s.ODataID = NormalizeODataID(str(raw["@odata.id"]))
	if s.ODataID == "" {
		s.ODataID = NormalizeODataID(fallbackID)
	}
	s.ID = str(raw["Id"])
	if s.ID == "" && s.ODataID != "" {
		s.ID = path.Base(s.ODataID)
	}
	s.Name = str(raw["Name"])
	for _, p := range Properties {
		if p.Secret {
			continue // never read back: BMCs answer null
		}
		p.Set(s, p.decode(raw[p.Name]))
	}
	var status struct{ State string }
	if json.Unmarshal(raw["Status"], &status) == nil {
		s.State = status.State
	}
	var actions map[string]struct {
		Target string `json:"target"`
	}
	if json.Unmarshal(raw["Actions"], &actions) == nil {
		s.ResumeTarget = NormalizeODataID(actions["#EventDestination.ResumeSubscription"].Target)
	}
	s.CertificatesURI = NormalizeODataID(linkOf(raw["Certificates"]))
	s.ClientCertificatesURI = NormalizeODataID(linkOf(raw["ClientCertificates"]))
	return s, nil
}

func str(raw json.RawMessage) string {
	var s string
	if len(raw) == 0 || json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

func strPtr(raw json.RawMessage) *string {
	if s := str(raw); s != "" {
		return &s
	}
	return nil
}

func enumPtr(raw json.RawMessage, allowed []string) *string {
	s := str(raw)
	if s == "" {
		return nil
	}
	s = CanonicalEnum(allowed, s)
	return &s
}

// strList: nil when absent or null, non-nil (maybe empty) when present;
// null members are dropped.
func strList(raw json.RawMessage) []string {
	var items []*string
	if len(raw) == 0 || json.Unmarshal(raw, &items) != nil || items == nil {
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if it != nil {
			out = append(out, *it)
		}
	}
	return out
}

func enumList(raw json.RawMessage, allowed []string) []string {
	out := strList(raw)
	for i, v := range out {
		out[i] = CanonicalEnum(allowed, v)
	}
	return out
}

// refList reads an array of {"@odata.id": …} references (some BMCs send
// plain strings) as normalised paths.
func refList(raw json.RawMessage) []string {
	var items []json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &items) != nil || items == nil {
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		var ref struct {
			ID string `json:"@odata.id"`
		}
		if json.Unmarshal(it, &ref) == nil && ref.ID != "" {
			out = append(out, NormalizeODataID(ref.ID))
		} else if s := str(it); s != "" {
			out = append(out, NormalizeODataID(s))
		}
	}
	return out
}

func boolPtr(raw json.RawMessage) *bool {
	var b *bool
	if len(raw) == 0 || json.Unmarshal(raw, &b) != nil {
		return nil
	}
	return b
}

func intPtr(raw json.RawMessage) *int64 {
	var f *float64
	if len(raw) == 0 || json.Unmarshal(raw, &f) != nil || f == nil {
		return nil
	}
	n := int64(*f)
	return &n
}

// checkEventDestination rejects a body that is not an EventDestination: one
// whose @odata.type names another resource, an error body answered with 200,
// or an object with none of an EventDestination's identifying properties.
func checkEventDestination(raw map[string]json.RawMessage, body []byte) error {
	if t := str(raw["@odata.type"]); t != "" {
		if !strings.HasPrefix(strings.TrimPrefix(t, "#"), "EventDestination.") {
			return &NotSubscriptionError{What: "a " + strings.TrimPrefix(t, "#")}
		}
		return nil
	}
	if _, isError := raw["error"]; isError {
		return fmt.Errorf("the BMC answered with an error body instead of the subscription: %s",
			newHTTPError("", "", "", 0, body).Detail())
	}
	_, hasDest := raw["Destination"]
	_, hasID := raw["Id"]
	if !hasDest && !hasID {
		return errors.New("the answer is not an EventDestination (it has no @odata.type, Id or Destination)")
	}
	return nil
}

// linkOf reads a {"@odata.id": ...} link, "" when absent.
func linkOf(raw json.RawMessage) string {
	var link struct {
		ID string `json:"@odata.id"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &link) != nil {
		return ""
	}
	return link.ID
}
