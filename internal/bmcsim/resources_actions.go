package bmcsim

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"time"
)

// The EventService actions: SubmitTestEvent and TestEventSubscription.

// messageIDPattern is SubmitTestEvent's MessageId "pattern".
var messageIDPattern = regexp.MustCompile(`^\w+\.\d+\.\d+\.\w+$`)

const submitTestEventAction = "SubmitTestEvent"

// postSubmitTestEvent is EventService.SubmitTestEvent: "add a test event to
// the event service with the event data specified in the action parameters.
// Then, this message should be sent to any appropriate event destinations"
// (EventService schema).
func (b *BMC) postSubmitTestEvent(w http.ResponseWriter, r *http.Request) {
	obj, msg, ok := readJSONObject(r)
	if !ok {
		b.fail(w, http.StatusBadRequest, msg)
		return
	}
	rec, msgs := parseTestEvent(obj)
	if len(msgs) > 0 {
		b.fail(w, http.StatusBadRequest, msgs...)
		return
	}
	if !b.requireServiceEnabled(w) {
		return
	}
	b.RaiseEvent(r.Context(), rec)
	b.writeActionDone(w, b.profile.SubmitTestEventCode)
}

// parseTestEvent checks SubmitTestEvent's parameters against the action's
// definition: MessageId required (requiredParameter) and patterned,
// EventType and MessageSeverity enums, EventTimestamp a date-time.
func parseTestEvent(obj map[string]any) (EventRecord, []Message) {
	var rec EventRecord
	var msgs []Message
	str := func(k string, v any) (string, bool) {
		s, ok := v.(string)
		if !ok {
			msgs = append(msgs, baseMsg("ActionParameterValueTypeError", valueString(v), k, submitTestEventAction).related(k))
		}
		return s, ok
	}
	oneOf := func(k, s string, allowed []string) bool {
		if !slices.Contains(allowed, s) {
			msgs = append(msgs, baseMsg("ActionParameterValueNotInList", s, k, submitTestEventAction).related(k))
			return false
		}
		return true
	}
	for _, k := range sortedKeys(obj) {
		v := obj[k]
		if field, plain := testEventStrings[k]; plain {
			if s, ok := str(k, v); ok {
				*field(&rec) = s
			}
			continue
		}
		switch k {
		case "MessageId":
			if s, ok := str(k, v); ok {
				if !messageIDPattern.MatchString(s) {
					msgs = append(msgs, baseMsg("ActionParameterValueFormatError", s, k, submitTestEventAction).related(k))
				}
				rec.MessageId = s
			}
		case "EventType":
			if s, ok := str(k, v); ok && oneOf(k, s, allEventTypes) {
				rec.EventType = s
			}
		case "MessageSeverity":
			if s, ok := str(k, v); ok && oneOf(k, s, healthValues) {
				rec.MessageSeverity = s
			}
		case "EventTimestamp":
			if s, ok := str(k, v); ok {
				t, err := time.Parse(time.RFC3339, s)
				if err != nil {
					msgs = append(msgs, baseMsg("ActionParameterValueFormatError", s, k, submitTestEventAction).related(k))
				}
				rec.EventTimestamp = t
			}
		case "MessageArgs":
			rec.MessageArgs = testEventArgs(v, &msgs)
		case "EventGroupId":
			n, ok := v.(json.Number)
			i, err := n.Int64()
			if !ok || err != nil {
				msgs = append(msgs, baseMsg("ActionParameterValueTypeError", valueString(v), k, submitTestEventAction).related(k))
				continue
			}
			rec.EventGroupId = &i
		default:
			msgs = append(msgs, baseMsg("ActionParameterUnknown", submitTestEventAction, k).related(k))
		}
	}
	if _, ok := obj["MessageId"]; !ok {
		msgs = append(msgs, baseMsg("ActionParameterMissing", submitTestEventAction, "MessageId").related("MessageId"))
	}
	return rec, msgs
}

// testEventStrings are SubmitTestEvent's plain string parameters and the
// EventRecord field each fills; any other parameter has a case of its own
// in parseTestEvent or is ActionParameterUnknown.
var testEventStrings = map[string]func(*EventRecord) *string{
	"EventId":           func(r *EventRecord) *string { return &r.EventId },
	"Message":           func(r *EventRecord) *string { return &r.Message },
	"Severity":          func(r *EventRecord) *string { return &r.Severity },
	"OriginOfCondition": func(r *EventRecord) *string { return &r.OriginOfCondition },
}

func testEventArgs(v any, msgs *[]Message) []string {
	bad := func() []string {
		*msgs = append(*msgs, baseMsg("ActionParameterValueTypeError", valueString(v), "MessageArgs", submitTestEventAction).related("MessageArgs"))
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		return bad()
	}
	out := make([]string, 0, len(arr))
	for _, a := range arr {
		s, ok := a.(string)
		if !ok {
			return bad()
		}
		out = append(out, s)
	}
	return out
}

// postTestEventSubscription is EventService.TestEventSubscription (v1_10_0):
// "send an event containing the TestMessage message from the Resource Event
// Message Registry to all appropriate event destinations". It has no
// parameters.
func (b *BMC) postTestEventSubscription(w http.ResponseWriter, r *http.Request) {
	obj, msg, ok := readJSONObjectOrEmpty(r)
	if !ok {
		b.fail(w, http.StatusBadRequest, msg)
		return
	}
	var msgs []Message
	for _, k := range sortedKeys(obj) {
		msgs = append(msgs, baseMsg("ActionParameterUnknown", "TestEventSubscription", k).related(k))
	}
	if len(msgs) > 0 {
		b.fail(w, http.StatusBadRequest, msgs...)
		return
	}
	if !b.requireServiceEnabled(w) {
		return
	}
	b.RaiseEvent(r.Context(), EventRecord{MessageId: resourceEventRegistry + ".TestMessage"})
	w.WriteHeader(http.StatusNoContent)
}

// writeActionDone answers a completed action: 204, or 200 with Base Success
// (error-shaped on iLO, which answers actions that way).
func (b *BMC) writeActionDone(w http.ResponseWriter, code int) {
	switch {
	case code == http.StatusNoContent:
		w.WriteHeader(http.StatusNoContent)
	case b.profile.ILOErrors:
		writeJSON(w, http.StatusOK, iloBody(baseMsg("Success")))
	default:
		writeJSON(w, http.StatusOK, map[string]any{"@Message.ExtendedInfo": []Message{baseMsg("Success")}})
	}
}

// requireServiceEnabled answers 503 ServiceDisabled, and returns false, when
// the EventService is disabled: it sends no events.
func (b *BMC) requireServiceEnabled(w http.ResponseWriter) bool {
	if b.serviceEnabled() {
		return true
	}
	b.fail(w, http.StatusServiceUnavailable, baseMsg("ServiceDisabled", b.odataID(pathEventService)))
	return false
}
