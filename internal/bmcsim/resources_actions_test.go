package bmcsim

import (
	"net/http"
	"testing"
	"time"
)

func TestSubmitTestEventValidation(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	for name, tc := range map[string]struct {
		body any
		id   string
	}{
		"no MessageId":         {map[string]any{"Message": "x"}, "ActionParameterMissing"},
		"MessageId pattern":    {map[string]any{"MessageId": "NotVersioned"}, "ActionParameterValueFormatError"},
		"unknown parameter":    {map[string]any{"MessageId": "Base.1.0.Success", "Flavour": "x"}, "ActionParameterUnknown"},
		"EventType enum":       {map[string]any{"MessageId": "Base.1.0.Success", "EventType": "Gossip"}, "ActionParameterValueNotInList"},
		"severity enum":        {map[string]any{"MessageId": "Base.1.0.Success", "MessageSeverity": "Meh"}, "ActionParameterValueNotInList"},
		"args type":            {map[string]any{"MessageId": "Base.1.0.Success", "MessageArgs": "a"}, "ActionParameterValueTypeError"},
		"timestamp format":     {map[string]any{"MessageId": "Base.1.0.Success", "EventTimestamp": "yesterday"}, "ActionParameterValueFormatError"},
		"group id type":        {map[string]any{"MessageId": "Base.1.0.Success", "EventGroupId": "one"}, "ActionParameterValueTypeError"},
		"MessageId not string": {map[string]any{"MessageId": 5}, "ActionParameterValueTypeError"},
	} {
		r := c.expect(http.MethodPost, pathSubmitTestEvent, tc.body, http.StatusBadRequest)
		conforms(t, refError, r.body)
		if ids := r.messageIDs(t); ids[0] != "Base.1.22."+tc.id {
			t.Errorf("%s: %v", name, ids)
		}
	}
	ai := c.expect(http.MethodGet, pathActionInfo, nil, http.StatusOK)
	conforms(t, refActionInfo, ai.body)
}

func TestTestEventSubscriptionSendsTestMessage(t *testing.T) {
	sink := startSink(t, false)
	b := startBMC(t, Options{})
	c := newClient(t, b)
	c.create(redfishDest(sink.URL()))
	es := c.expect(http.MethodGet, pathEventService, nil, 200).json(t)
	target := es["Actions"].(map[string]any)["#EventService.TestEventSubscription"].(map[string]any)["target"].(string)
	c.expect(http.MethodPost, target, nil, http.StatusNoContent)
	got, err := sink.WaitFor(1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	conforms(t, refEvent, got[0].Body)
	if ids := got[0].MessageIDs(); len(ids) != 1 || ids[0] != "ResourceEvent.1.4.TestMessage" {
		t.Errorf("ids %v", ids)
	}
	c.expect(http.MethodPost, target, map[string]any{"X": 1}, http.StatusBadRequest)
}
