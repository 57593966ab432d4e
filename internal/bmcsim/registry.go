package bmcsim

import (
	"strconv"
	"strings"
)

// registryMessage is one entry of a DMTF message registry, reduced to what an
// emitted Message carries.
type registryMessage struct {
	Text       string // with %1, %2… placeholders
	Severity   string // MessageSeverity (a Resource.Health value)
	NumArgs    int
	Resolution string
}

// Message is a Redfish Message (Message.v1_3_0), as found in
// @Message.ExtendedInfo of responses.
type Message struct {
	ODataType         string   `json:"@odata.type,omitempty"`
	MessageID         string   `json:"MessageId"`
	Message           string   `json:"Message,omitempty"`
	MessageArgs       []string `json:"MessageArgs,omitempty"`
	RelatedProperties []string `json:"RelatedProperties,omitempty"`
	// Severity is deprecated in Message v1_1_0 in favour of MessageSeverity,
	// but clients written before 2019 read only Severity, so both are sent,
	// as the DMTF registries themselves still carry both.
	Severity        string `json:"Severity,omitempty"`
	MessageSeverity string `json:"MessageSeverity,omitempty"`
	Resolution      string `json:"Resolution,omitempty"`
}

const messageODataType = "#Message.v1_3_0.Message"

// baseMsg builds a Base registry message with its text filled in.
// Arguments beyond the registry's count are ignored; missing ones stay as %N,
// which makes a wrong call visible in test output instead of panicking.
func baseMsg(key string, args ...string) Message {
	return fromRegistry(baseRegistry, baseMessages, key, args)
}

func fromRegistry(prefix string, reg map[string]registryMessage, key string, args []string) Message {
	m, ok := reg[key]
	if !ok {
		panic("bmcsim: message " + key + " is not embedded from the " + prefix + " registry")
	}
	if len(args) > m.NumArgs {
		args = args[:m.NumArgs]
	}
	return Message{
		ODataType:       messageODataType,
		MessageID:       prefix + "." + key,
		Message:         fillArgs(m.Text, args),
		MessageArgs:     append([]string{}, args...),
		Severity:        m.Severity,
		MessageSeverity: m.Severity,
		Resolution:      m.Resolution,
	}
}

// fillArgs substitutes %1…%N, highest first so that %1 never eats the
// prefix of %10.
func fillArgs(text string, args []string) string {
	for i := len(args); i >= 1; i-- {
		text = strings.ReplaceAll(text, "%"+strconv.Itoa(i), args[i-1])
	}
	return text
}

// related sets RelatedProperties to JSON pointers ("#/Prop") as Message.v1_3_0
// asks: "an array of RFC6901 JSON pointers" into the request body.
func (m Message) related(props ...string) Message {
	for _, p := range props {
		m.RelatedProperties = append(m.RelatedProperties, "#/"+p)
	}
	return m
}

// lookupMessage returns the registry entry for a MessageId whose registry we
// embed, ignoring the version part as DSP0266 allows ("Base.1.0.Success" and
// "Base.1.22.Success" name the same message).
func lookupMessage(messageID string) (registryMessage, bool) {
	prefix, key := splitMessageID(messageID)
	switch prefix {
	case "Base":
		m, ok := baseMessages[key]
		return m, ok
	case "ResourceEvent":
		m, ok := resourceEventMessages[key]
		return m, ok
	case "HeartbeatEvent":
		m, ok := heartbeatMessages[key]
		return m, ok
	}
	return registryMessage{}, false
}

// heartbeatMessages holds the one message SendHeartbeat needs. The Heartbeat
// Event registry is not in ../shared/redfish; the text follows DMTF's
// HeartbeatEvent.1.0.1 registry as published on redfish.dmtf.org.
var heartbeatMessages = map[string]registryMessage{
	"RedfishServiceFunctional": {Text: "Redfish service is functional.", Severity: "OK", Resolution: "None."},
}

const heartbeatRegistry = "HeartbeatEvent.1.0"

// splitMessageID splits "Registry.Major.Minor.Key" (or "Registry.Key", or a
// bare "Key") into registry prefix and message key.
func splitMessageID(id string) (prefix, key string) {
	parts := strings.Split(id, ".")
	if len(parts) == 1 {
		return "", parts[0]
	}
	return parts[0], parts[len(parts)-1]
}
