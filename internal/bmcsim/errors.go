package bmcsim

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// redfishError is the error payload of DSP0266 clause "Error responses"
// (redfish-error.v1_0_2): one "error" object with a code, a message and the
// list of messages that explain it.
type redfishError struct {
	Error errorContents `json:"error"`
}

type errorContents struct {
	Code         string    `json:"code"`
	Message      string    `json:"message"`
	ExtendedInfo []Message `json:"@Message.ExtendedInfo,omitempty"`
}

// newRedfishError builds the body for msgs. With a single message, code and
// message repeat it; with several, DSP0266 says code and message should be
// the Base GeneralError and the details go into @Message.ExtendedInfo.
func newRedfishError(msgs ...Message) redfishError {
	if len(msgs) == 1 {
		return redfishError{errorContents{Code: msgs[0].MessageID, Message: msgs[0].Message, ExtendedInfo: msgs}}
	}
	g := baseMsg("GeneralError")
	return redfishError{errorContents{Code: g.MessageID, Message: g.Message, ExtendedInfo: msgs}}
}

// writeJSON sends v with the headers every Redfish response carries.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// redfishErrorBody is an error body whose messages are free-form objects,
// for firmware messages that carry more (or other) members than Message.
func redfishErrorBody(code, message string, info ...map[string]any) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "message": message, "@Message.ExtendedInfo": info}}
}

func writeError(w http.ResponseWriter, status int, msgs ...Message) {
	writeJSON(w, status, newRedfishError(msgs...))
}

// writeNotFound answers 404 for a URI the emulator does not serve.
func writeNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, baseMsg("InvalidURI", r.URL.Path))
}

// writeMethodNotAllowed answers 405 with the Allow header RFC 9110 §15.5.6
// requires and the Base message DSP0266 pairs with 405.
func writeMethodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	writeError(w, http.StatusMethodNotAllowed, baseMsg("OperationNotAllowed"))
}

// iLO's generic code and message for every error-shaped body, including the
// successful ones (HPE "iLO Event services" and iLOrest documentation).
const (
	iloExtendedInfoCode    = "iLO.0.10.ExtendedInfo"
	iloExtendedInfoMessage = "See @Message.ExtendedInfo for more information."
	// iLO names Base messages with the registry version it embeds: Base.1.17
	// in HPE's current iLO Event services example (iLO 5 2.9x, iLO 6), where
	// older iLOrest output shows Base.1.4.
	iloBaseRegistry = "Base.1.17"
)

// fail writes an error as the profile's firmware does.
func (b *BMC) fail(w http.ResponseWriter, status int, msgs ...Message) {
	if b.profile.ILOErrors {
		writeJSON(w, status, iloBody(msgs...))
		return
	}
	writeError(w, status, msgs...)
}

// iloBody is iLO's error-shaped body: generic code and message, and messages
// reduced to MessageId and MessageArgs, Base ones renamed to iloBaseRegistry.
func iloBody(msgs ...Message) redfishError {
	out := make([]Message, len(msgs))
	for i, m := range msgs {
		id := m.MessageID
		if rest, ok := strings.CutPrefix(id, baseRegistry+"."); ok {
			id = iloBaseRegistry + "." + rest
		}
		out[i] = Message{MessageID: id, MessageArgs: m.MessageArgs}
	}
	return redfishError{errorContents{Code: iloExtendedInfoCode, Message: iloExtendedInfoMessage, ExtendedInfo: out}}
}

// iloNotWritableOrUnknown is iLO's own message for a property it will not
// set, read-only or unknown alike (iLOrest docs: "HTTP Response Code: [400]
// MessageId: iLO.2.8.PropertyNotWritableOrUnknown").
func iloNotWritableOrUnknown(prop string) Message {
	return Message{
		ODataType:   messageODataType,
		MessageID:   "iLO.2.8.PropertyNotWritableOrUnknown",
		Message:     "The property \"" + prop + "\" is a read-only property and cannot be assigned a value, or not valid for this resource.",
		MessageArgs: []string{prop},
		Severity:    "Warning", MessageSeverity: "Warning",
		Resolution:        "If the operation did not complete, remove the property from the request body and resubmit the request.",
		RelatedProperties: []string{"#/" + prop},
	}
}
