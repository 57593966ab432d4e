package bmcsim

import (
	"encoding/json"
	"slices"
	"testing"
)

// The embedded texts must stay identical to DMTF's registry files.
func TestEmbeddedMessagesMatchRegistries(t *testing.T) {
	type regMsg struct {
		Message         string
		MessageSeverity string
		NumberOfArgs    int
		Resolution      string
	}
	type registry struct {
		RegistryVersion string
		Messages        map[string]regMsg
	}
	for file, want := range map[string]struct {
		prefix   string
		messages map[string]registryMessage
	}{
		"Base.1.22.1.json":         {baseRegistry, baseMessages},
		"ResourceEvent.1.4.3.json": {resourceEventRegistry, resourceEventMessages},
	} {
		var reg registry
		if err := json.Unmarshal(sharedRegistry(t, file), &reg); err != nil {
			t.Fatal(err)
		}
		for key, m := range want.messages {
			got, ok := reg.Messages[key]
			if !ok {
				t.Errorf("%s: %s is embedded but not in the registry", file, key)
				continue
			}
			if got.Message != m.Text || got.MessageSeverity != m.Severity || got.NumberOfArgs != m.NumArgs || got.Resolution != m.Resolution {
				t.Errorf("%s: %s embedded as %+v, registry says %+v", file, key, m, got)
			}
		}
		if file == "Base.1.22.1.json" {
			keys := make([]string, 0, len(reg.Messages))
			for k := range reg.Messages {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			embedded := slices.Sorted(slices.Values(baseMessageKeys))
			if !slices.Equal(keys, embedded) {
				t.Errorf("baseMessageKeys differ from the registry's %d keys", len(keys))
			}
		}
	}
}

func TestBaseMsgFillsArgsAndRegistryText(t *testing.T) {
	m := baseMsg("PropertyValueNotInList", "Bogus", "Protocol").related("Protocol")
	if m.MessageID != "Base.1.22.PropertyValueNotInList" {
		t.Errorf("MessageId %q", m.MessageID)
	}
	if want := "The value 'Bogus' for the property Protocol is not in the list of acceptable values."; m.Message != want {
		t.Errorf("Message %q, want %q", m.Message, want)
	}
	if m.Severity != "Warning" || m.MessageSeverity != "Warning" || m.Resolution == "" {
		t.Errorf("severity/resolution not filled: %+v", m)
	}
	if !slices.Equal(m.RelatedProperties, []string{"#/Protocol"}) || !slices.Equal(m.MessageArgs, []string{"Bogus", "Protocol"}) {
		t.Errorf("args/related: %+v", m)
	}
}

func TestFillArgsHighestFirst(t *testing.T) {
	args := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	if got := fillArgs("%1-%10", args); got != "a-j" {
		t.Errorf("got %q", got)
	}
}

func TestSplitMessageID(t *testing.T) {
	for in, want := range map[string][2]string{
		"Base.1.22.Created":  {"Base", "Created"},
		"Base.Created":       {"Base", "Created"},
		"Created":            {"", "Created"},
		"OpenBMC.0.1.Foo123": {"OpenBMC", "Foo123"},
	} {
		p, k := splitMessageID(in)
		if p != want[0] || k != want[1] {
			t.Errorf("splitMessageID(%q) = %q, %q", in, p, k)
		}
	}
}

func TestLookupMessageIgnoresVersion(t *testing.T) {
	for _, id := range []string{"Base.1.0.Success", "Base.1.22.Success", "ResourceEvent.1.0.TestMessage", "HeartbeatEvent.1.0.RedfishServiceFunctional"} {
		if _, ok := lookupMessage(id); !ok {
			t.Errorf("%s not found", id)
		}
	}
	if _, ok := lookupMessage("Vendor.1.0.Thing"); ok {
		t.Error("unknown registry found")
	}
}
