package provider

import (
	"strings"
	"testing"
)

// TestEveryPropertyDocumented fails when a row of redfish.Properties has no
// propertyDocs entry, or an entry names no property: the attribute would be
// undocumented, or the docs would describe nothing.
func TestEveryPropertyDocumented(t *testing.T) {
	used := map[string]bool{}
	var walk func(props []subscriptionProperty, prefix string)
	walk = func(props []subscriptionProperty, prefix string) {
		for _, p := range props {
			key := prefix + p.Name
			used[key] = true
			if strings.TrimSpace(p.doc.description) == "" {
				t.Errorf("%s (attribute %s) has no propertyDocs entry", key, p.Attr)
			}
			walk(p.children, key+".")
		}
	}
	walk(subscriptionProperties, "")
	for key := range propertyDocs {
		if !used[key] {
			t.Errorf("propertyDocs[%q] describes no property of redfish.Properties", key)
		}
	}
}
