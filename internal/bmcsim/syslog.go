package bmcsim

import (
	"encoding/json"
	"strconv"
)

// SyslogFilters of an EventDestination (SyslogFilter, v1_9_0).

var (
	syslogFacilities = []string{"Kern", "User", "Mail", "Daemon", "Auth", "Syslog", "LPR", "News", "UUCP", "Cron", "Authpriv", "FTP", "NTP", "Security", "Console", "SolarisCron", "Local0", "Local1", "Local2", "Local3", "Local4", "Local5", "Local6", "Local7"}
	syslogSeverities = []string{"Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug", "All"}
)

// decodeSyslogFilters checks an array of SyslogFilter objects (null
// entries allowed by the schema and dropped).
func decodeSyslogFilters(name string, v any) (any, []Message) {
	arr, ok := v.([]any)
	if !ok {
		return nil, []Message{typeError(v, name)}
	}
	out := []any{}
	var msgs []Message
	for i, it := range arr {
		item := name + "/" + strconv.Itoa(i)
		if it == nil {
			continue
		}
		obj, ok := it.(map[string]any)
		if !ok {
			msgs = append(msgs, typeError(it, item))
			continue
		}
		for _, k := range sortedKeys(obj) {
			path := item + "/" + k
			switch k {
			case "LogFacilities":
				_, bad := decodeStringArray(path, propSpec{kind: pkEnumArray, enum: syslogFacilities, nullItems: true}, obj[k])
				msgs = append(msgs, bad...)
			case "LowestSeverity":
				_, bad := decodeEnum(path, propSpec{kind: pkNullableEnum, enum: syslogSeverities}, obj[k])
				msgs = append(msgs, bad...)
			default:
				msgs = append(msgs, baseMsg("PropertyUnknown", path).related(path))
			}
		}
		out = append(out, obj)
	}
	if len(msgs) > 0 {
		return nil, msgs
	}
	data, _ := json.Marshal(out)
	return json.RawMessage(data), nil
}
