package redfish

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Redacted replaces every secret the redaction layer removes.
const Redacted = "***"

// minSecretLength: shorter values are not redacted as substrings, because
// replacing every "ab" or "1" would turn status codes and paths into noise.
// No BMC accepts passwords this short (iDRAC, iLO and OpenBMC ask for 8 or
// more characters by default).
const minSecretLength = 4

// secrets is the process's register of secret values: every password,
// session token, basic-auth encoding and HttpHeaders value the provider has
// seen in this process. Terraform runs one provider process per command, so
// "the secrets of the run" are exactly these. Everything the package logs
// and every error body it keeps passes through Redact.
var secrets secretSet

type secretSet struct {
	mu       sync.RWMutex
	forms    map[string]bool
	replacer *strings.Replacer
	// values are the secrets registered so far as given: registering one
	// again (every request of a fleet's refresh registers its BMC's
	// credentials) costs a lookup, not the spellings and a new replacer.
	values map[string]bool
}

// known reports whether every value is registered already.
func (set *secretSet) known(values []string) bool {
	set.mu.RLock()
	defer set.mu.RUnlock()
	for _, v := range values {
		if !set.values[v] {
			return false
		}
	}
	return true
}

// RegisterSecrets adds values to the process's secrets. Each value is
// registered with the spellings under which it may come back in a BMC's
// answer or an error: as is, base64 (standard and URL alphabet, padded or
// not, and inside a longer base64 text), URL-encoded (query and path
// escaping, upper- and lower-case hex), JSON-escaped and HTML-escaped.
// Empty and very short values are ignored.
func RegisterSecrets(values ...string) { secrets.register(values...) }

func (set *secretSet) register(values ...string) {
	if set.known(values) {
		return
	}
	var add []string
	for _, v := range values {
		add = append(add, secretForms(v)...)
	}
	if len(add) == 0 {
		return
	}
	set.mu.Lock()
	defer set.mu.Unlock()
	if set.forms == nil {
		set.forms = map[string]bool{}
	}
	if set.values == nil {
		set.values = map[string]bool{}
	}
	for _, v := range values {
		set.values[v] = true
	}
	changed := false
	for _, f := range add {
		if !set.forms[f] {
			set.forms[f] = true
			changed = true
		}
	}
	if !changed {
		return
	}
	all := make([]string, 0, len(set.forms))
	for f := range set.forms {
		all = append(all, f)
	}
	// strings.Replacer prefers earlier pairs at one position: longest first,
	// so that "secret-long" is not cut to "***-long" by "secret".
	slices.SortFunc(all, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	pairs := make([]string, 0, 2*len(all))
	for _, f := range all {
		pairs = append(pairs, f, Redacted)
	}
	set.replacer = strings.NewReplacer(pairs...)
}

// SecretValues returns every registered spelling of every secret, for
// loggers that mask strings themselves (tflog).
func SecretValues() []string {
	secrets.mu.RLock()
	defer secrets.mu.RUnlock()
	out := make([]string, 0, len(secrets.forms))
	for f := range secrets.forms {
		out = append(out, f)
	}
	return out
}

// RegisterCredentials registers a password and the basic-auth encoding of
// user:password (the Authorization header gofish sends).
func RegisterCredentials(user, password string) {
	if password == "" {
		return
	}
	RegisterSecrets(password, user+":"+password,
		"Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+password)))
}

// secretForms lists the spellings of v to redact.
func secretForms(v string) []string {
	trimmed := strings.TrimSpace(v)
	if len(trimmed) < minSecretLength {
		return nil
	}
	forms := []string{v, trimmed}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		forms = append(forms, enc.EncodeToString([]byte(v)), enc.EncodeToString([]byte(trimmed)))
	}
	// A secret inside a longer base64 text (a quoted request body, a basic
	// credential) is encoded at one of three alignments; the characters that
	// depend only on the secret are the same in every text that holds it.
	for shift := 1; shift <= 2; shift++ {
		enc := base64.StdEncoding.EncodeToString(append(make([]byte, shift), trimmed...))
		// The first 4 characters mix the padding bytes in; the last 4 may
		// mix in the bytes that follow the secret.
		if core := enc[4:max(4, len(enc)-4)]; len(core) >= 8 {
			forms = append(forms, core, strings.NewReplacer("+", "-", "/", "_").Replace(core))
		}
	}
	if core := base64.RawStdEncoding.EncodeToString([]byte(trimmed)); len(core) > 4 {
		// Aligned at the start but followed by other bytes: the last
		// character mixes in the next byte.
		forms = append(forms, core[:len(core)-1])
	}
	for _, s := range []string{v, trimmed} {
		q, p := url.QueryEscape(s), url.PathEscape(s)
		forms = append(forms, q, p, lowerHex(q), lowerHex(p), html.EscapeString(s))
		if b, err := json.Marshal(s); err == nil {
			forms = append(forms, strings.Trim(string(b), `"`))
		}
	}
	out := forms[:0]
	for _, f := range forms {
		if len(f) >= minSecretLength && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

var percentHex = regexp.MustCompile(`%[0-9A-F]{2}`)

func lowerHex(s string) string {
	return percentHex.ReplaceAllStringFunc(s, strings.ToLower)
}

var (
	// credentialHeader matches a header or JSON property that carries a
	// credential, as BMC error pages and proxies echo them: the line
	// "Authorization: Basic …", the JSON `"X-Auth-Token": "…"`, the HTML
	// `Authorization&quot;: &quot;…`. The value runs to the end of the line
	// or the closing quote.
	credentialHeader = regexp.MustCompile(`(?i)((?:proxy-)?authorization|x-auth-token|(?:set-)?cookie|x-api-key|api-key|"password")` +
		`((?:"|&quot;|&#34;|\\")?\s*[:=]\s*(?:"|&quot;|&#34;|\\")?)([^"\r\n<>&\\]+)`)
	// passwordParam matches a password in a query string or form body.
	passwordParam = regexp.MustCompile(`(?i)\b(pass(?:word|wd)?=)([^&\s"'<>]+)`)
	// urlUserinfo matches the userinfo of a URL: scheme://user:password@.
	urlUserinfo = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s"'<>]+@`)
	// encodedUserinfo is the same in a URL-encoded URL (a query parameter).
	encodedUserinfo = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*%3A%2F%2F)[^/?#@\s"'<>&%]*(?:%[0-9a-f]{2}[^/?#@\s"'<>&%]*)*%40`)
)

// Redact returns s with every registered secret, every credential header
// value and every URL userinfo replaced by "***". Everything the provider
// shows or logs (log messages and field values, diagnostics, error texts,
// BMC answers quoted in errors) passes through it.
func Redact(s string) string { return secrets.redact(s) }

func (set *secretSet) redact(s string) string {
	if s == "" {
		return s
	}
	set.mu.RLock()
	r := set.replacer
	set.mu.RUnlock()
	if r != nil {
		s = r.Replace(s)
	}
	s = credentialHeader.ReplaceAllStringFunc(s, redactHeaderMatch)
	s = passwordParam.ReplaceAllString(s, "${1}"+Redacted)
	s = urlUserinfo.ReplaceAllString(s, "${1}"+Redacted+"@")
	return encodedUserinfo.ReplaceAllString(s, "${1}"+Redacted+"%40")
}

// redactHeaderMatch keeps a credential header's name and separator and
// drops its value, unless the value is already redacted.
func redactHeaderMatch(m string) string {
	sub := credentialHeader.FindStringSubmatch(m)
	if strings.TrimSpace(sub[3]) == Redacted {
		return m
	}
	return sub[1] + sub[2] + Redacted
}

// redactFields returns a copy of fields with every value redacted: strings,
// errors, Stringers and lists of them. A field whose key names a secret
// (password, token, authorization) is dropped to "***" whatever its value.
func redactFields(fields map[string]any) map[string]any {
	out := make(map[string]any, len(fields))
	for k, v := range fields {
		if secretKey(k) {
			out[k] = Redacted
			continue
		}
		out[k] = redactValue(v)
	}
	return out
}

func secretKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range []string{"password", "token", "authorization", "secret", "cookie"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

func redactValue(v any) any {
	switch x := v.(type) {
	case nil, bool, int, int64, int32, uint, uint64, float64, float32:
		return v
	case string:
		return Redact(x)
	case []byte:
		return Redact(string(x))
	case error:
		return Redact(x.Error())
	case fmt.Stringer:
		return Redact(x.String())
	case []string:
		out := make([]string, len(x))
		for i, s := range x {
			out[i] = Redact(s)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = redactValue(e)
		}
		return out
	case map[string]any:
		return redactFields(x)
	case map[string]string:
		out := make(map[string]string, len(x))
		for k, s := range x {
			if secretKey(k) {
				out[k] = Redacted
			} else {
				out[k] = Redact(s)
			}
		}
		return out
	default:
		return Redact(fmt.Sprint(v))
	}
}

// RedactError returns an error whose text is err's, redacted, and that
// still matches err's sentinels and types with errors.Is and errors.As.
func RedactError(err error) error {
	if err == nil {
		return nil
	}
	msg := Redact(err.Error())
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
