package redfish

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrNotFound: the BMC answered 404 (or 410) for the resource.
	ErrNotFound = errors.New("redfish resource not found")
	// ErrNoEventService: the service root has no EventService link.
	ErrNoEventService = errors.New("the BMC's service root has no EventService")
	// ErrEventServiceDisabled: the EventService reports ServiceEnabled false.
	ErrEventServiceDisabled = errors.New("the BMC's EventService is disabled (ServiceEnabled is false)")
	// ErrUnauthorized: the BMC answered 401, i.e. it rejected the credentials
	// (or needs some and none are configured).
	ErrUnauthorized = errors.New("the BMC rejected the credentials")
	// ErrForbidden: the BMC answered 403: the credentials are right but the
	// user's role lacks the privilege (or the account may not log in).
	ErrForbidden = errors.New("the BMC refused the request: insufficient privilege")
	// ErrNoSessions: session authentication was asked for and the BMC offers
	// no Redfish sessions (no Links.Sessions, or the collection takes no login).
	ErrNoSessions = errors.New("the BMC offers no Redfish sessions")
	// ErrNoSessionToken: the BMC accepted a session login but sent no
	// X-Auth-Token to authenticate later requests with.
	ErrNoSessionToken = errors.New("the BMC's session login returned no token")
)

// Message is one entry of a Redfish @Message.ExtendedInfo array.
type Message struct {
	MessageID         string
	Message           string
	Resolution        string
	Severity          string
	MessageArgs       []string
	RelatedProperties []string
}

// Key is the registry-independent part of MessageID, its last dot-separated
// segment: "PropertyUnknown" for "Base.1.22.PropertyUnknown". Registry
// versions differ between BMCs, so compare keys, not full ids.
func (m Message) Key() string {
	return MessageKey(m.MessageID)
}

// MessageKey returns the last dot-separated segment of a MessageId.
func MessageKey(messageID string) string {
	if i := strings.LastIndexByte(messageID, '.'); i >= 0 {
		return messageID[i+1:]
	}
	return messageID
}

// Error is an HTTP error answer from a BMC, with the Redfish messages of its
// body. It says which request failed on which BMC and quotes the BMC's own
// words, so callers can show it to a user as it is.
type Error struct {
	Method     string
	URL        string // path (and query) only, never scheme and host
	Endpoint   string // the BMC's normalised base URL
	StatusCode int
	// Code and TopMessage are the "code" and "message" of the body's "error"
	// object, when there is one.
	Code       string
	TopMessage string
	// Messages are @Message.ExtendedInfo entries, from error.@Message.ExtendedInfo
	// and from a top-level @Message.ExtendedInfo.
	Messages []Message
	// Body is a short excerpt of a body that was not a Redfish error (an HTML
	// page from a proxy, plain text), so the user still sees what came back.
	Body string
}

// Error renders one line:
// "POST /redfish/v1/EventService/Subscriptions on https://10.0.0.5: 400 Bad Request: <BMC messages>".
//
// Like Detail, it passes through Redact: what a BMC says may quote our request.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s on %s: %d", e.Method, e.URL, e.Endpoint, e.StatusCode)
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" " + t)
	}
	if d := e.Detail(); d != "" {
		b.WriteString(": " + d)
	}
	return Redact(b.String())
}

// Detail is the BMC's own explanation: its messages with their MessageId and
// resolution, or the top-level error message, or a body excerpt.
func (e *Error) Detail() string {
	var parts []string
	if e.TopMessage != "" && (len(e.Messages) == 0 || !genericTopMessage(e)) {
		s := oneLine(e.TopMessage)
		if e.Code != "" && len(e.Messages) == 0 {
			s += " (" + e.Code + ")"
		}
		parts = append(parts, s)
	}
	for _, m := range e.Messages {
		s := oneLine(m.Message)
		if s == "" && len(m.MessageArgs) > 0 {
			// iLO sends only MessageId and MessageArgs; the arguments name
			// the property and value, which is what the user needs.
			s = "arguments: " + strings.Join(m.MessageArgs, ", ")
		}
		var extra []string
		if m.MessageID != "" {
			extra = append(extra, m.MessageID)
		}
		if r := oneLine(m.Resolution); r != "" && !strings.EqualFold(strings.TrimRight(r, "."), "none") {
			extra = append(extra, "resolution: "+r)
		}
		if len(extra) > 0 {
			if s != "" {
				s += " "
			}
			s += "(" + strings.Join(extra, "; ") + ")"
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 && e.Body != "" {
		parts = append(parts, e.Body)
	}
	// Redacted again after JSON decoding: a body may spell a secret with
	// \u escapes that only decoding turns back into the secret.
	return Redact(strings.Join(parts, " | "))
}

// genericTopMessage reports whether the top-level message only points at the
// extended info (Base.GeneralError, "See ExtendedInfo for more information")
// or repeats one of the messages, so it adds nothing next to them.
func genericTopMessage(e *Error) bool {
	if MessageKey(e.Code) == "GeneralError" || strings.Contains(strings.ToLower(e.TopMessage), "extendedinfo") {
		return true
	}
	for _, m := range e.Messages {
		if m.Message == e.TopMessage {
			return true
		}
	}
	return false
}

// Is makes errors.Is(err, ErrNotFound) true for 404 and 410 answers,
// errors.Is(err, ErrUnauthorized) true for 401 answers and
// errors.Is(err, ErrForbidden) true for 403 answers.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusGone
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	}
	return false
}

// RelatedProperties lists, without duplicates, the JSON pointers ("#/Context")
// the BMC's messages blame. PropertyName turns one into a property name.
func (e *Error) RelatedProperties() []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range e.Messages {
		for _, p := range m.RelatedProperties {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// HasMessage reports whether one of the messages has the given key
// ("PropertyValueNotInList") or full MessageId.
func (e *Error) HasMessage(keyOrID string) bool {
	for _, m := range e.Messages {
		if m.MessageID == keyOrID || m.Key() == keyOrID {
			return true
		}
	}
	return false
}

// PropertyName returns the top-level property a RelatedProperties entry
// points at: "#/Context" → "Context", "#/HttpHeaders/0" → "HttpHeaders",
// "/OriginResources/1/@odata.id" → "OriginResources". Some BMCs send bare
// names ("Context"); those are returned as they are.
func PropertyName(related string) string {
	s := strings.TrimPrefix(related, "#")
	s = strings.TrimPrefix(s, "/")
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	// RFC 6901 escapes.
	s = strings.ReplaceAll(s, "~1", "/")
	return strings.ReplaceAll(s, "~0", "~")
}

// AsError returns the *Error in err's chain, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// wireMessage is a Message as Redfish serialises it.
type wireMessage struct {
	MessageID         string   `json:"MessageId"`
	Message           string   `json:"Message"`
	Resolution        string   `json:"Resolution"`
	MessageSeverity   string   `json:"MessageSeverity"`
	Severity          string   `json:"Severity"` // deprecated in Message v1_1_0, still sent by many BMCs
	MessageArgs       []any    `json:"MessageArgs"`
	RelatedProperties []string `json:"RelatedProperties"`
}

func (w wireMessage) message() Message {
	m := Message{
		MessageID:         w.MessageID,
		Message:           w.Message,
		Resolution:        w.Resolution,
		Severity:          w.MessageSeverity,
		RelatedProperties: w.RelatedProperties,
	}
	if m.Severity == "" {
		m.Severity = w.Severity
	}
	for _, a := range w.MessageArgs {
		m.MessageArgs = append(m.MessageArgs, fmt.Sprint(a))
	}
	return m
}

// parseMessages reads error.code, error.message, error.@Message.ExtendedInfo
// and a top-level @Message.ExtendedInfo out of a response body. ok is false
// when the body is not a JSON object.
func parseMessages(body []byte) (code, message string, msgs []Message, ok bool) {
	var doc struct {
		Error *struct {
			Code         string        `json:"code"`
			Message      string        `json:"message"`
			ExtendedInfo []wireMessage `json:"@Message.ExtendedInfo"`
		} `json:"error"`
		ExtendedInfo []wireMessage `json:"@Message.ExtendedInfo"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		// A BMC that sends a single object instead of an array, or
		// numbers as args, must still get its message through.
		var loose map[string]json.RawMessage
		if json.Unmarshal(body, &loose) != nil {
			return "", "", nil, false
		}
		return looseMessages(loose)
	}
	if doc.Error != nil {
		code, message = doc.Error.Code, doc.Error.Message
		for _, w := range doc.Error.ExtendedInfo {
			msgs = append(msgs, w.message())
		}
	}
	for _, w := range doc.ExtendedInfo {
		msgs = append(msgs, w.message())
	}
	return code, message, msgs, true
}

// looseMessages is the forgiving path of parseMessages for bodies whose
// shape does not match the schema exactly.
func looseMessages(doc map[string]json.RawMessage) (code, message string, msgs []Message, ok bool) {
	readInfo := func(raw json.RawMessage) {
		var list []wireMessage
		if json.Unmarshal(raw, &list) == nil {
			for _, w := range list {
				msgs = append(msgs, w.message())
			}
			return
		}
		var one wireMessage
		if json.Unmarshal(raw, &one) == nil {
			msgs = append(msgs, one.message())
		}
	}
	if raw, found := doc["error"]; found {
		var inner map[string]json.RawMessage
		if json.Unmarshal(raw, &inner) == nil {
			_ = json.Unmarshal(inner["code"], &code)
			_ = json.Unmarshal(inner["message"], &message)
			if info, found := inner["@Message.ExtendedInfo"]; found {
				readInfo(info)
			}
		}
	}
	if info, found := doc["@Message.ExtendedInfo"]; found {
		readInfo(info)
	}
	return code, message, msgs, true
}

// newHTTPError builds an *Error from an answer's status and body. The body
// is redacted first, line by line (see Redact), and only then flattened and
// cut: a BMC that quotes the request's headers or body in its error must
// not get a credential shown, whole or half.
func newHTTPError(method, path, endpoint string, status int, body []byte) *Error {
	e := &Error{Method: method, URL: path, Endpoint: endpoint, StatusCode: status}
	clean := []byte(Redact(string(body)))
	code, msg, msgs, ok := parseMessages(clean)
	if ok {
		e.Code, e.TopMessage, e.Messages = code, msg, msgs
	} else if s := oneLine(string(clean)); s != "" {
		e.Body = truncate(s, maxBodyExcerpt)
	}
	return e
}

// maxBodyExcerpt bounds the excerpt of a non-Redfish error body.
const maxBodyExcerpt = 200

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// truncate cuts s to at most n bytes, at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// ExistsError: the BMC already holds subscriptions provably equal to the one
// to create, so creating it would deliver every event twice.
type ExistsError struct {
	Endpoint string
	IDs      []string // paths of the equal members
	// Claimed is true when this process created or adopted one of them for
	// another resource (two resources with the same arguments).
	Claimed bool
}

func (e *ExistsError) Error() string {
	s := fmt.Sprintf("the BMC at %s already holds a subscription identical to this one (%s)", e.Endpoint, strings.Join(e.IDs, ", "))
	if e.Claimed {
		s += ", which another resource of this configuration has just created"
	}
	return s
}

// AmbiguousCreateError: a create may or may not have been applied, and the
// collection does not prove which member, if any, it made.
type AmbiguousCreateError struct {
	Endpoint string
	Cause    error
	// Candidates are new members provably equal to the subscription asked
	// for (more than one: none can be told to be ours).
	Candidates []string
	// ListErr is set when the collection could not be listed to look.
	ListErr error
}

func (e *AmbiguousCreateError) Error() string {
	switch {
	case e.ListErr != nil:
		return fmt.Sprintf("%v; the BMC may have created the subscription, but listing its subscriptions to find out failed: %v",
			e.Cause, e.ListErr)
	case len(e.Candidates) > 1:
		return fmt.Sprintf("%v; the BMC may have created the subscription, and %d new identical subscriptions appeared "+
			"meanwhile (%s), so which one is this resource's cannot be proven (another Terraform run applying the same "+
			"configuration at the same time can cause this)", e.Cause, len(e.Candidates), strings.Join(e.Candidates, ", "))
	}
	return fmt.Sprintf("%v; no matching subscription appeared afterwards, so the BMC most likely did not create it", e.Cause)
}

func (e *AmbiguousCreateError) Unwrap() error { return e.Cause }

// NotSubscriptionError: what the BMC has at a path is not an event
// subscription (an import ID naming a system or an account, say).
type NotSubscriptionError struct {
	Path string
	// What describes what is there instead, e.g. "a ComputerSystem.v1_20_0".
	What string
	// Collection is where the BMC keeps its subscriptions.
	Collection string
}

func (e *NotSubscriptionError) Error() string {
	s := fmt.Sprintf("%s is not an event subscription", e.Path)
	if e.What != "" {
		s += ": it is " + e.What
	}
	if e.Collection != "" {
		s += "; this BMC keeps its event subscriptions in " + e.Collection
	}
	return s
}

// IsUnreachable reports whether err is a request that got no HTTP answer at
// all: connection refused, no route, a name that does not resolve, or no
// answer within the request timeout. A BMC that answered, even with an
// error or a refused login, was reachable.
func IsUnreachable(err error) bool {
	var te *transportError
	return errors.As(err, &te)
}

// capMessages are the message keys BMCs answer a create with when their
// Subscriptions collection is full: the Base registry's, and bmcweb's
// (OpenBMC answers 503 EventSubscriptionLimitExceeded).
var capMessages = []string{"CreateLimitReachedForResource", "EventSubscriptionLimitExceeded"}

// IsSubscriptionCap reports whether err is a BMC refusing a create because
// it holds as many subscriptions as it can.
func IsSubscriptionCap(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	for _, m := range e.Messages {
		for _, k := range capMessages {
			if m.Key() == k {
				return true
			}
		}
	}
	return false
}
