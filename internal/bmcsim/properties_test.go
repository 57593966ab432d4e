package bmcsim

import (
	"encoding/json"
	"strings"
	"testing"
)

// sampleValue is a decoded value of the row's kind, as decodeProp returns.
func sampleValue(t *testing.T, name string, rule propRule) any {
	t.Helper()
	s := "x"
	b := true
	n := int64(5)
	switch rule.kind {
	case pkString:
		return "x"
	case pkNullableString, pkNullableEnum:
		return &s
	case pkEnum:
		return rule.enum[0]
	case pkNullableBool:
		return &b
	case pkNullableInt:
		return &n
	case pkStringArray, pkEnumArray, pkIDRefArray:
		return []string{"x"}
	case pkHeaderArray:
		return []map[string]string{{"X": "y"}}
	case pkObject, pkSNMP, pkSyslogFilters:
		return json.RawMessage(`{}`)
	}
	t.Fatalf("%s: no sample for kind %d", name, rule.kind)
	return nil
}

// Every row of the property table stores its value, marks Set, is seen by
// setFromValues and is cleared by null: a property added without a working
// row fails here.
func TestPropertyTableRowsStore(t *testing.T) {
	for name, rule := range destinationProps {
		var s Subscription
		if err := setField(&s, name, sampleValue(t, name, rule)); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !s.Set[name] || !rule.holds(&s) || !setFromValues(s)[name] {
			t.Errorf("%s: stored value not seen (Set %v)", name, s.Set)
		}
		c := s.clone()
		if !rule.holds(&c) {
			t.Errorf("%s: clone loses the value", name)
		}
	}
}

// Each row points at its own field: setting one property makes only that
// property present.
func TestPropertyTableRowsDistinct(t *testing.T) {
	for name, rule := range destinationProps {
		var s Subscription
		if err := setField(&s, name, sampleValue(t, name, rule)); err != nil {
			t.Fatal(err)
		}
		for other, r := range destinationProps {
			if other != name && r.holds(&s) {
				t.Errorf("setting %s also sets %s", name, other)
			}
		}
	}
}

func TestSetFieldRefusesUnknownNamesAndTypes(t *testing.T) {
	var s Subscription
	err := setField(&s, "SendHeartbeatt", boolPtr(true))
	if err == nil || !strings.Contains(err.Error(), "SendHeartbeatt") || s.SendHeartbeat != nil {
		t.Errorf("unknown name: %v, SendHeartbeat %v", err, s.SendHeartbeat)
	}
	if err := setField(&s, "SendHeartbeat", "yes"); err == nil || s.SendHeartbeat != nil {
		t.Errorf("a string stored in a boolean property: %v", err)
	}
	if err := setField(&s, "Context", (*string)(nil)); err != nil || s.Set["Context"] {
		t.Errorf("null clears: %v %v", err, s.Set)
	}
}

// clone shares no memory with the original, row by row.
func TestCloneIsDeepForEveryRow(t *testing.T) {
	for name, rule := range destinationProps {
		var s Subscription
		if err := setField(&s, name, sampleValue(t, name, rule)); err != nil {
			t.Fatal(err)
		}
		before, _ := json.Marshal(rule.render(&s))
		c := s.clone()
		switch f := rule.field(&c).(type) {
		case *[]string:
			(*f)[0] = "changed"
		case **bool:
			**f = false
		case **int64:
			**f = 99
		case *json.RawMessage:
			(*f)[0] = '[' // in place: {} becomes [}
		case *[]map[string]string:
			(*f)[0]["X"] = "changed"
		}
		if after, _ := json.Marshal(rule.render(&s)); string(after) != string(before) {
			t.Errorf("%s: changing the clone changed the original: %s → %s", name, before, after)
		}
	}
}
