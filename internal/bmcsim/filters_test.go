package bmcsim

import "testing"

func TestFilters(t *testing.T) {
	created := EventRecord{MessageId: "ResourceEvent.1.4.ResourceCreated", EventType: "ResourceAdded", OriginOfCondition: "/redfish/v1/Chassis/1/Thermal", MessageSeverity: "OK"}
	alert := EventRecord{MessageId: "Base.1.22.ResourceAlreadyExists", EventType: "Alert", OriginOfCondition: "/redfish/v1/Systems/1", MessageSeverity: "Critical"}
	noOrigin := EventRecord{MessageId: "ResourceEvent.1.4.TestMessage"}
	for _, tc := range []struct {
		name string
		sub  Subscription
		ev   EventRecord
		want bool
	}{
		{"no filters", Subscription{}, created, true},
		{"event type listed", Subscription{EventTypes: []string{"Alert"}}, alert, true},
		{"event type not listed", Subscription{EventTypes: []string{"Alert"}}, created, false},
		{"unset EventType is Other", Subscription{EventTypes: []string{"Other"}}, noOrigin, true},
		{"registry prefix", Subscription{RegistryPrefixes: []string{"ResourceEvent"}}, created, true},
		{"registry prefix miss", Subscription{RegistryPrefixes: []string{"Base"}}, created, false},
		{"MessageIds unversioned", Subscription{MessageIds: []string{"ResourceEvent.ResourceCreated"}}, created, true},
		{"MessageIds other version", Subscription{MessageIds: []string{"ResourceEvent.1.0.ResourceCreated"}}, created, true},
		{"MessageIds bare key", Subscription{MessageIds: []string{"ResourceCreated"}}, created, true},
		{"MessageIds other registry", Subscription{MessageIds: []string{"Base.ResourceCreated"}}, created, false},
		{"prefix OR MessageIds", Subscription{RegistryPrefixes: []string{"Base"}, MessageIds: []string{"ResourceEvent.ResourceCreated"}}, created, true},
		{"prefix OR MessageIds, neither", Subscription{RegistryPrefixes: []string{"Task"}, MessageIds: []string{"Base.Success"}}, created, false},
		{"exclude prefix", Subscription{ExcludeRegistryPrefixes: []string{"ResourceEvent"}}, created, false},
		{"exclude message id", Subscription{ExcludeMessageIds: []string{"ResourceEvent.ResourceCreated"}}, created, false},
		{"exclude wins over include", Subscription{RegistryPrefixes: []string{"ResourceEvent"}, ExcludeMessageIds: []string{"ResourceEvent.1.4.ResourceCreated"}}, created, false},
		{"resource type", Subscription{ResourceTypes: []string{"Thermal"}}, created, true},
		{"resource type miss", Subscription{ResourceTypes: []string{"Chassis"}}, created, false},
		{"resource type without origin", Subscription{ResourceTypes: []string{"Chassis"}}, noOrigin, false},
		{"origin exact", Subscription{OriginResources: []string{"/redfish/v1/Systems/1"}}, alert, true},
		{"origin parent without subordinates", Subscription{OriginResources: []string{"/redfish/v1/Chassis/1"}}, created, false},
		{"origin parent with subordinates", Subscription{OriginResources: []string{"/redfish/v1/Chassis/1/"}, SubordinateResources: boolPtr(true)}, created, true},
		{"subordinate is a path descendant, not a prefix", Subscription{OriginResources: []string{"/redfish/v1/Chassis/1/Therm"}, SubordinateResources: boolPtr(true)}, created, false},
		{"origin filter without origin", Subscription{OriginResources: []string{"/redfish/v1/Chassis/1"}}, noOrigin, false},
		{"severity", Subscription{Severities: []string{"Critical"}}, alert, true},
		{"severity miss", Subscription{Severities: []string{"Critical", "Warning"}}, created, false},
	} {
		if got := matches(&tc.sub, &tc.ev); got != tc.want {
			t.Errorf("%s: matches = %v", tc.name, got)
		}
	}
}

func TestResourceTypeOf(t *testing.T) {
	for path, want := range map[string]string{
		"/redfish/v1/Systems/1":                            "ComputerSystem",
		"/redfish/v1/Systems":                              "ComputerSystemCollection",
		"/redfish/v1/Chassis/1/Thermal":                    "Thermal",
		"/redfish/v1/Chassis/1":                            "Chassis",
		"/redfish/v1/Chassis/1/":                           "Chassis",
		"/redfish/v1/TaskService/Tasks/5":                  "Task",
		"/redfish/v1/Systems/1/Memory/DIMM1":               "Memory",
		"/redfish/v1/Managers/bmc/LogServices/X/Entries/1": "LogEntry",
		"/redfish/v1/EventService":                         "EventService",
		"/redfish/v1/Unknown/1":                            "",
		"/elsewhere/Systems/1":                             "",
		"":                                                 "",
	} {
		if got := resourceTypeOf(path); got != want {
			t.Errorf("resourceTypeOf(%q) = %q, want %q", path, got, want)
		}
	}
}
