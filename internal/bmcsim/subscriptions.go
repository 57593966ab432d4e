package bmcsim

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"time"
)

// Subscription is the emulator's stored EventDestination, with the Redfish
// property names. Slices and pointers are nil when the property is unset.
type Subscription struct {
	ID      string
	ODataID string // always without a trailing slash, whatever the profile renders

	Name        string
	Description string
	Destination string
	// Context is "" both when unset and when set to ""; Set["Context"]
	// tells them apart.
	Context                  string
	Protocol                 string
	SubscriptionType         string
	EventFormatType          string
	DeliveryRetryPolicy      string
	EventTypes               []string
	RegistryPrefixes         []string
	ExcludeRegistryPrefixes  []string
	ResourceTypes            []string
	MessageIds               []string //nolint:revive // Redfish property name
	ExcludeMessageIds        []string //nolint:revive // Redfish property name
	OriginResources          []string // @odata.id values
	Severities               []string
	MetricReportDefinitions  []string // @odata.id values
	BackupDestinations       []string
	SubordinateResources     *bool
	IncludeOriginOfCondition *bool
	VerifyCertificate        *bool
	SendHeartbeat            *bool
	HeartbeatIntervalMinutes *int64
	// HttpHeaders is kept as POSTed (one map per array element) and sent
	// with every delivery; it is never served back.
	HttpHeaders         []map[string]string //nolint:revive // Redfish property name
	Oem                 json.RawMessage
	SNMP                json.RawMessage
	SyslogFilters       json.RawMessage
	OEMProtocol         string
	OEMSubscriptionType string

	// Certificates and ClientCertificates are the members of the
	// subscription's two CertificateCollections (certificates.go); they
	// are resources of their own, not properties of the create body.
	Certificates       []StoredCertificate
	ClientCertificates []StoredCertificate

	// State is Status.State: "Enabled", or "Disabled" once suspended.
	State string
	// Set holds the properties the client (or AddSubscription's caller)
	// supplied; the others are defaults the profile fills in when rendering.
	Set     map[string]bool
	Created time.Time
}

// subRecord is a stored subscription with bookkeeping clients cannot see.
type subRecord struct {
	sub           Subscription
	seq           int64
	lastHeartbeat time.Time
}

// clone is a deep copy, so callers never share slices with the store:
// each property row copies its own field.
func (s Subscription) clone() Subscription {
	c := s
	for _, rule := range destinationProps {
		rule.copyField(&c)
	}
	c.Set = maps.Clone(c.Set)
	c.Certificates = slices.Clone(c.Certificates)
	c.ClientCertificates = slices.Clone(c.ClientCertificates)
	return c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// Subscriptions is a snapshot of every subscription, sorted by numeric Id
// (Ids that are not numbers follow, in creation order).
func (b *BMC) Subscriptions() []Subscription {
	b.mu.Lock()
	defer b.mu.Unlock()
	recs := b.sortedLocked()
	out := make([]Subscription, len(recs))
	for i, r := range recs {
		out[i] = r.sub.clone()
	}
	return out
}

// Subscription returns one subscription by Id.
func (b *BMC) Subscription(id string) (Subscription, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.subs[id]
	if !ok {
		return Subscription{}, false
	}
	return r.sub.clone(), true
}

// DeleteSubscription deletes a subscription out of band, as an administrator
// using the BMC's web UI would; false if there was none.
func (b *BMC) DeleteSubscription(id string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.subs[id]; !ok {
		return false
	}
	delete(b.subs, id)
	return true
}

// ModifySubscription changes a subscription out of band. fn gets a copy;
// what it leaves is stored, except ID and ODataID, which cannot change.
func (b *BMC) ModifySubscription(id string, fn func(*Subscription)) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.subs[id]
	if !ok {
		return false
	}
	c := r.sub.clone()
	fn(&c)
	c.ID, c.ODataID = r.sub.ID, r.sub.ODataID
	b.fillDefaults(&c)
	r.sub = c
	return true
}

// SetSubscriptionState sets Status.State out of band ("Enabled" or
// "Disabled"), as the BMC does when it suspends a subscription after
// failed deliveries: a test hook for ResumeSubscription. False if there is
// no such subscription or the state is neither.
func (b *BMC) SetSubscriptionState(id, state string) bool {
	if state != "Enabled" && state != "Disabled" {
		return false
	}
	return b.ModifySubscription(id, func(s *Subscription) { s.State = state })
}

// AddSubscription creates a subscription out of band, bypassing validation
// and limits, and returns its Id. s.ID is kept when set and free.
func (b *BMC) AddSubscription(s Subscription) string {
	s = s.clone()
	if s.Set == nil {
		s.Set = setFromValues(s)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if s.ID == "" || b.subs[s.ID] != nil {
		s.ID = b.allocIDLocked()
	}
	b.insertLocked(s)
	return s.ID
}

// insertLocked stores s (whose ID is set and free); b.mu held.
func (b *BMC) insertLocked(s Subscription) *subRecord {
	s.ODataID = pathSubscriptions + "/" + s.ID
	if s.Created.IsZero() {
		s.Created = time.Now()
	}
	b.fillDefaults(&s)
	b.seq++
	r := &subRecord{sub: s, seq: b.seq, lastHeartbeat: time.Now()}
	b.subs[s.ID] = r
	return r
}

// fillDefaults sets what every stored subscription has: a Protocol, the
// SubscriptionType that goes with it, a State and a Set map.
func (b *BMC) fillDefaults(s *Subscription) {
	if s.Protocol == "" {
		s.Protocol = "Redfish"
	}
	if s.SubscriptionType == "" {
		s.SubscriptionType = defaultSubscriptionType(s.Protocol)
	}
	if s.State == "" {
		s.State = "Enabled"
	}
	if s.Set == nil {
		s.Set = map[string]bool{}
	}
}

// defaultSubscriptionType pairs Protocol with SubscriptionType as the
// SubscriptionType enumLongDescriptions do ("Protocol shall specify the
// appropriate version of SNMP", "…the appropriate syslog protocol").
func defaultSubscriptionType(protocol string) string {
	switch protocol {
	case "Redfish":
		return "RedfishEvent"
	case "SNMPv1", "SNMPv2c", "SNMPv3":
		return "SNMPTrap"
	case "SyslogTLS", "SyslogTCP", "SyslogUDP", "SyslogRELP":
		return "Syslog"
	}
	return "OEM"
}

// allocIDLocked names a new subscription per the profile; b.mu held.
func (b *BMC) allocIDLocked() string {
	for {
		var id string
		switch b.profile.IDs {
		case IDRandomNumeric:
			id = strconv.FormatUint(uint64(b.rnd.Uint32()), 10)
		case IDHex8Upper:
			id = fmt.Sprintf("%08X", b.rnd.Uint32())
		case IDUUID:
			id = b.randomUUIDLocked()
		default:
			id = strconv.Itoa(b.nextID)
			b.nextID++
		}
		if _, taken := b.subs[id]; !taken {
			return id
		}
	}
}

// sortedLocked orders subscriptions: numeric Ids by value, then the others
// in creation order; b.mu held.
func (b *BMC) sortedLocked() []*subRecord {
	recs := make([]*subRecord, 0, len(b.subs))
	for _, r := range b.subs {
		recs = append(recs, r)
	}
	sort.Slice(recs, func(i, j int) bool {
		ni, ei := strconv.ParseUint(recs[i].sub.ID, 10, 64)
		nj, ej := strconv.ParseUint(recs[j].sub.ID, 10, 64)
		switch {
		case ei == nil && ej == nil:
			return ni < nj
		case (ei == nil) != (ej == nil):
			return ei == nil
		}
		return recs[i].seq < recs[j].seq
	})
	return recs
}

// countForLimitLocked counts the subscriptions that use up the profile's
// quota; b.mu held.
func (b *BMC) countForLimitLocked() int {
	if !b.profile.LimitCountsRedfishOnly {
		return len(b.subs)
	}
	n := 0
	for _, r := range b.subs {
		if r.sub.Protocol == "Redfish" {
			n++
		}
	}
	return n
}

// setFromValues marks the properties of s that hold a value.
func setFromValues(s Subscription) map[string]bool {
	set := map[string]bool{}
	for name, rule := range destinationProps {
		if rule.holds(&s) {
			set[name] = true
		}
	}
	return set
}

// SetServiceEnabled switches the EventService on or off (ServiceEnabled);
// while off, nothing is delivered and SubmitTestEvent is refused.
func (b *BMC) SetServiceEnabled(on bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.evsvc.enabled = on
}
