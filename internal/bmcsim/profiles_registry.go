package bmcsim

import (
	"slices"
	"sort"
)

// Topic names a group of Profile rules that share their evidence.
type Topic string

// The topics every profile states evidence for (or marks unverified).
const (
	TopicCap          Topic = "cap"           // MaxSubscriptions, LimitStatus, LimitMessage
	TopicIDs          Topic = "ids"           // IDs
	TopicCreateProps  Topic = "create-props"  // CreateProperties, Rejects, required properties
	TopicDestination  Topic = "destination"   // schemes, length, duplicates
	TopicFilters      Topic = "filters"       // EventTypes, RegistryPrefixes, ResourceTypes, MessageIds
	TopicProtocols    Topic = "protocols"     // Protocol and SubscriptionType values
	TopicHTTPHeaders  Topic = "http-headers"  // HttpHeaders form and limits
	TopicCreateAnswer Topic = "create-answer" // Create, Location
	TopicPatch        Topic = "patch"         // PatchProperties, Patch
	TopicDelete       Topic = "delete"        // Delete, NotFoundEmptyBody
	TopicRender       Topic = "render"        // how members read back, Destination rewrite
	TopicRetry        Topic = "retry"         // retry policies, EventService ranges
	TopicSessions     Topic = "sessions"      // session cap and timeout
	TopicQuery        Topic = "query"         // $expand and ProtocolFeaturesSupported
	TopicMediaType    Topic = "media-type"    // non-JSON request bodies
	TopicSchemas      Topic = "schemas"       // @odata.type versions
	TopicSNMP         Topic = "snmp"          // SNMP settings (EventDestination v1_7_0)
	TopicSyslog       Topic = "syslog"        // SyslogFilters (v1_9_0)
	TopicBackup       Topic = "backup"        // BackupDestinations (v1_15_0)
	TopicCertificates Topic = "certificates"  // Certificates and ClientCertificates collections
	TopicResume       Topic = "resume"        // Suspend/ResumeSubscription actions
	TopicAdvertise    Topic = "advertise"     // what the EventService advertises
)

// Topics lists every topic in the order the vendor notes use.
func Topics() []Topic {
	return []Topic{TopicCap, TopicIDs, TopicCreateProps, TopicDestination, TopicFilters, TopicProtocols,
		TopicHTTPHeaders, TopicCreateAnswer, TopicPatch, TopicDelete, TopicRender, TopicRetry,
		TopicSessions, TopicQuery, TopicMediaType, TopicSchemas, TopicSNMP, TopicSyslog, TopicBackup,
		TopicCertificates, TopicResume, TopicAdvertise}
}

// Evidence is where the rules of one topic come from.
type Evidence struct {
	Topic Topic
	// Source names the document, firmware version and date, or the source
	// file and commit; "" means unverified.
	Source string
	// Note says what the rules are, or why they are unverified.
	Note string
	// Inherited marks evidence copied from the profile this one derives
	// from: the rule is assumed to hold here, not checked on this firmware.
	Inherited bool
}

// Verified reports whether the evidence names a source checked for this
// firmware.
func (e Evidence) Verified() bool { return e.Source != "" && !e.Inherited }

// cite records the evidence for topic, replacing an inherited entry.
func (p *Profile) cite(topic Topic, source, note string) {
	p.setEvidence(Evidence{Topic: topic, Source: source, Note: note})
}

// unverified records that the rules of topic are not backed by evidence.
func (p *Profile) unverified(topic Topic, note string) {
	p.setEvidence(Evidence{Topic: topic, Note: note})
}

func (p *Profile) setEvidence(e Evidence) {
	for i := range p.Evidence {
		if p.Evidence[i].Topic == e.Topic {
			p.Evidence[i] = e
			return
		}
	}
	p.Evidence = append(p.Evidence, e)
}

// EvidenceFor returns the evidence of topic (zero Evidence if none).
func (p *Profile) EvidenceFor(topic Topic) Evidence {
	for _, e := range p.Evidence {
		if e.Topic == topic {
			return e
		}
	}
	return Evidence{Topic: topic}
}

// derive starts a profile from base: every rule is kept, and every piece of
// evidence is marked inherited until the new profile cites its own.
func derive(base Profile) Profile {
	p := base
	p.Evidence = slices.Clone(base.Evidence)
	for i := range p.Evidence {
		p.Evidence[i].Inherited = true
	}
	p.Preload = slices.Clone(base.Preload)
	p.CreateMessages = slices.Clone(base.CreateMessages)
	return p
}

// profiles are the built-in generations.
var profiles = map[string]func() Profile{
	"dmtf":    dmtfProfile,
	"openbmc": openbmcProfile,
	"idrac9":  idrac9Profile,
	"idrac10": idrac10Profile,
	"ilo5":    ilo5Profile,
	"ilo6":    ilo6Profile,
	"xcc2":    xcc2Profile,
	"xcc3":    xcc3Profile,
	"minimal": minimalProfile,
}

// profileAliases keep older names working, each bound to one generation:
//
//   - idrac → idrac9: the generation in most fleets today (14G–16G
//     PowerEdge); iDRAC10 ships only with 17G servers.
//   - xcc → xcc2: the rules the xcc profile had (a cap of 12) came from the
//     XCC2 REST API guide.
//
// ilo5 is a generation in its own right, so it needs no alias.
var profileAliases = map[string]string{
	"idrac": "idrac9",
	"xcc":   "xcc2",
}

// ProfileNames lists the built-in generations, sorted (aliases excluded:
// see ProfileAliases).
func ProfileNames() []string {
	names := make([]string, 0, len(profiles))
	for n := range profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ProfileAliases maps each alias to the generation it stands for.
func ProfileAliases() map[string]string {
	out := make(map[string]string, len(profileAliases))
	for k, v := range profileAliases {
		out[k] = v
	}
	return out
}

// LookupProfile returns a copy of the named profile; an alias yields its
// generation (whose Name is the generation's).
func LookupProfile(name string) (Profile, bool) {
	if target, ok := profileAliases[name]; ok {
		name = target
	}
	mk, ok := profiles[name]
	if !ok {
		return Profile{}, false
	}
	return mk(), true
}
