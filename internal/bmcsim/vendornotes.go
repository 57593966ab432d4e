package bmcsim

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
)

// VendorNotesMarkdown renders every profile's rules, with the evidence
// behind each, as the Markdown body of the vendor-notes guide: one section
// per vendor generation saying what it accepts and rejects, its caps, its
// id scheme, its quirks and its sources. The guide is generated from the
// same Profile values the emulator runs, so the two cannot drift.
func VendorNotesMarkdown() string {
	var b strings.Builder
	b.WriteString("## How to read these notes\n\n")
	b.WriteString("Each section is one firmware generation as the provider's test emulator models it. ")
	b.WriteString("Every rule names its source; a rule marked **unverified** is an assumption no public capture or document confirms, ")
	b.WriteString("and a rule marked **inherited** is the Redfish standard's behaviour, assumed because nothing says this firmware differs.\n\n")
	if aliases := aliasNotes(); aliases != "" {
		b.WriteString(aliases)
	}
	writeCapabilityMatrix(&b)
	for _, name := range vendorNotesOrder() {
		p, _ := LookupProfile(name)
		writeProfileNotes(&b, &p)
	}
	return b.String()
}

// vendorNotesOrder puts the vendors first and the two reference profiles
// (dmtf, minimal) last.
func vendorNotesOrder() []string {
	names := ProfileNames()
	rank := func(n string) int {
		switch n {
		case "dmtf":
			return 1
		case "minimal":
			return 2
		}
		return 0
	}
	sort.SliceStable(names, func(i, j int) bool { return rank(names[i]) < rank(names[j]) })
	return names
}

func aliasNotes() string {
	aliases := ProfileAliases()
	if len(aliases) == 0 {
		return ""
	}
	keys := make([]string, 0, len(aliases))
	for k := range aliases {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("`%s` is `%s`", k, aliases[k]))
	}
	return "Older profile names stay valid: " + strings.Join(parts, ", ") + ".\n\n"
}

func writeProfileNotes(b *strings.Builder, p *Profile) {
	fmt.Fprintf(b, "## %s (`%s`)\n\n", p.Summary, p.Name)
	fmt.Fprintf(b, "Firmware: %s. Vendor: %s.\n\n", p.Firmware, p.Vendor)
	b.WriteString("| topic | rule | evidence |\n|---|---|---|\n")
	for _, topic := range Topics() {
		fmt.Fprintf(b, "| %s | %s | %s |\n", topic, cell(ruleText(p, topic)), cell(evidenceText(p.EvidenceFor(topic))))
	}
	b.WriteString("\n")
	if srcs := sources(p); len(srcs) > 0 {
		b.WriteString("Sources:\n\n")
		for _, s := range srcs {
			fmt.Fprintf(b, "- %s\n", s)
		}
		b.WriteString("\n")
	}
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

func evidenceText(e Evidence) string {
	switch {
	case e.Source == "":
		return "**unverified**"
	case e.Inherited:
		return "**inherited** (" + e.Source + ")"
	}
	return e.Source
}

// sources lists the distinct sources a profile cites, verified ones only.
func sources(p *Profile) []string {
	var out []string
	for _, e := range p.Evidence {
		if !e.Verified() {
			continue
		}
		for _, s := range strings.Split(e.Source, "; ") {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// ruleText states a topic's rules from the profile's fields, followed by
// the evidence note that explains them.
func ruleText(p *Profile, topic Topic) string {
	facts := ruleFacts(p, topic)
	if note := p.EvidenceFor(topic).Note; note != "" {
		facts = append(facts, note)
	}
	return strings.Join(facts, ". ")
}

func ruleFacts(p *Profile, topic Topic) []string {
	switch topic {
	case TopicCap:
		if p.MaxSubscriptions == 0 {
			return []string{"no subscription cap"}
		}
		scope := "all members"
		if p.LimitCountsRedfishOnly {
			scope = "Redfish members only"
		}
		return []string{fmt.Sprintf("at most %d subscriptions (%s); the next create: %d %s", p.MaxSubscriptions, scope, p.LimitStatus, p.LimitMessage)}
	case TopicIDs:
		return []string{"Ids: " + p.IDs.String()}
	case TopicCreateProps:
		return createPropFacts(p)
	case TopicDestination:
		return destinationFacts(p)
	case TopicFilters:
		return filterFacts(p)
	case TopicProtocols:
		if p.Protocols == nil {
			return []string{"every Protocol of the schema"}
		}
		return []string{"Protocol ∈ " + strings.Join(p.Protocols, ", ")}
	case TopicHTTPHeaders:
		return headerFacts(p)
	case TopicCreateAnswer:
		return []string{createAnswerText(p)}
	case TopicPatch:
		return []string{patchText(p)}
	case TopicDelete:
		return []string{deleteText(p)}
	case TopicRender:
		return renderFacts(p)
	case TopicRetry:
		return retryFacts(p)
	case TopicSessions:
		return sessionFacts(p)
	case TopicQuery:
		if p.SupportsExpand {
			return []string{"$expand, $top, $skip served"}
		}
		return []string{"$expand answered 501 QueryNotSupported; $top and $skip served"}
	case TopicMediaType:
		if p.MediaTypeStatus != 0 {
			return []string{fmt.Sprintf("a non-JSON body: %d %s", p.MediaTypeStatus, p.MediaTypeMessage)}
		}
		return []string{"a non-JSON body: 415"}
	case TopicSchemas:
		return []string{strings.Trim(p.EventDestinationType, "#") + ", " + strings.Trim(p.EventServiceType, "#")}
	case TopicSNMP, TopicSyslog, TopicBackup, TopicCertificates, TopicResume, TopicAdvertise:
		return featureFacts(p, topic)
	}
	return nil
}

func featureFacts(p *Profile, topic Topic) []string {
	yes := func(ok bool, what string) string {
		if ok {
			return what + ": supported"
		}
		return what + ": not supported"
	}
	switch topic {
	case TopicSNMP:
		return []string{yes(p.SNMP.Settings && p.acceptsOnCreate("SNMP"), "SNMP settings on create")}
	case TopicSyslog:
		return []string{yes(p.acceptsOnCreate("SyslogFilters"), "SyslogFilters")}
	case TopicBackup:
		return []string{yes(p.acceptsOnCreate("BackupDestinations"), "BackupDestinations")}
	case TopicCertificates:
		return []string{yes(p.SubscriptionCertificates, "Certificates and ClientCertificates collections")}
	case TopicResume:
		return []string{yes(p.ResumeAction, "ResumeSubscription"), yes(p.SuspendAction, "SuspendSubscription")}
	}
	return nil
}

// Capability is one EventDestination feature and whether a profile has it,
// for the vendor notes' matrix.
type Capability struct {
	Feature   string
	Supported bool
}

// Capabilities lists the features of EventDestination v1_7_0 and later (and
// the EventService flags a client checks) as the profile answers them.
func (p *Profile) Capabilities() []Capability {
	return []Capability{
		{"SNMP settings (EventDestination v1_7_0)", p.SNMP.Settings && p.acceptsOnCreate("SNMP")},
		{"SyslogFilters (v1_9_0)", p.acceptsOnCreate("SyslogFilters")},
		{"BackupDestinations (v1_15_0)", p.acceptsOnCreate("BackupDestinations")},
		{"Certificates (v1_9_0) and ClientCertificates (v1_11_0)", p.SubscriptionCertificates},
		{"ResumeSubscription action", p.ResumeAction},
		{"SuspendSubscription action (v1_12_0)", p.SuspendAction},
		{"Severities filter (EventService v1_9_0)", p.acceptsOnCreate("Severities")},
		{"ExcludeMessageIds / ExcludeRegistryPrefixes (EventService v1_8_0)", p.acceptsOnCreate("ExcludeMessageIds")},
		{"SubordinateResources", p.acceptsOnCreate("SubordinateResources")},
		{"EventTypes limited to EventTypesForSubscription", p.RestrictEventTypes},
		{"RegistryPrefixes/ResourceTypes limited to those advertised", p.RestrictFilters},
		{"Server-sent events (ServerSentEventUri)", p.ServerSentEventURI != ""},
	}
}

// writeCapabilityMatrix is one table: features down, profiles across.
func writeCapabilityMatrix(b *strings.Builder) {
	names := vendorNotesOrder()
	b.WriteString("## Which profile supports what\n\n")
	b.WriteString("What each profile's BMC takes beyond the basic Redfish subscription; the sections below give the evidence. ")
	b.WriteString("A feature a BMC does not take is refused at create with the BMC's usual message (for example PropertyUnknown).\n\n")
	b.WriteString("| feature |")
	for _, n := range names {
		fmt.Fprintf(b, " `%s` |", n)
	}
	b.WriteString("\n|---|")
	for range names {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	caps := map[string][]Capability{}
	for _, n := range names {
		p, _ := LookupProfile(n)
		caps[n] = p.Capabilities()
	}
	for i, c := range caps[names[0]] {
		fmt.Fprintf(b, "| %s |", c.Feature)
		for _, n := range names {
			mark := "no"
			if caps[n][i].Supported {
				mark = "yes"
			}
			fmt.Fprintf(b, " %s |", mark)
		}
		b.WriteString("\n")
	}
	b.WriteString("| subscription cap |")
	for _, n := range names {
		p, _ := LookupProfile(n)
		if p.MaxSubscriptions == 0 {
			b.WriteString(" none |")
		} else {
			fmt.Fprintf(b, " %d (%d %s) |", p.MaxSubscriptions, p.LimitStatus, p.LimitMessage)
		}
	}
	b.WriteString("\n\n")
}

func createPropFacts(p *Profile) []string {
	var f []string
	if p.CreateProperties == nil {
		f = append(f, "accepts every settable EventDestination property")
	} else {
		f = append(f, "accepts only "+strings.Join(p.CreateProperties, ", "))
	}
	var req []string
	req = append(req, "Destination")
	if !p.ProtocolOptional {
		req = append(req, "Protocol")
	}
	if p.RequireContext {
		req = append(req, "Context")
	}
	if p.RequireEventTypes {
		req = append(req, "EventTypes")
	}
	f = append(f, "requires "+strings.Join(req, ", "))
	switch p.Rejects {
	case RejectUnknown:
		f = append(f, "anything else: PropertyUnknown")
	case RejectILO:
		f = append(f, "anything else: iLO.2.8.PropertyNotWritableOrUnknown")
	}
	if p.MaxContextLen > 0 {
		f = append(f, fmt.Sprintf("Context ≤ %d characters", p.MaxContextLen))
	}
	return f
}

func destinationFacts(p *Profile) []string {
	var f []string
	switch {
	case p.RequireHTTPS:
		f = append(f, "https only")
	case p.AnyURIScheme:
		f = append(f, "any absolute URI")
	default:
		f = append(f, "http or https")
	}
	if p.MaxDestinationLen > 0 {
		f = append(f, fmt.Sprintf("≤ %d characters", p.MaxDestinationLen))
	}
	if p.RejectDuplicateDestination {
		d := fmt.Sprintf("a duplicate Destination: %d ResourceAlreadyExists", p.DuplicateStatus)
		if p.DuplicateNamesContext {
			d += " (twice: Destination and Context)"
		}
		f = append(f, d)
	}
	return f
}

func filterFacts(p *Profile) []string {
	var f []string
	if p.RestrictEventTypes {
		f = append(f, "EventTypes ⊆ "+strings.Join(p.EventTypesForSubscription, ", "))
	}
	if p.RestrictFilters {
		f = append(f, "RegistryPrefixes ⊆ "+strings.Join(p.RegistryPrefixes, ", "), "ResourceTypes ⊆ "+strings.Join(p.ResourceTypes, ", "))
	}
	if p.RejectMessageIDsWithPrefixes {
		f = append(f, "MessageIds together with RegistryPrefixes: PropertyValueConflict")
	}
	if p.MessageIDsAreKeys {
		f = append(f, "MessageIds are bare message keys")
	}
	return f
}

func headerFacts(p *Profile) []string {
	var f []string
	if p.HTTPHeadersObject {
		f = append(f, `HttpHeaders as one object {"Name": "Value"}; the array form is refused`)
	} else {
		f = append(f, "HttpHeaders as an array of objects")
	}
	if p.MaxHTTPHeadersSize > 0 {
		f = append(f, fmt.Sprintf("summed size ≤ %d (ArraySizeTooLong)", p.MaxHTTPHeadersSize))
	}
	return f
}

func createAnswerText(p *Profile) string {
	loc := "absolute Location"
	if p.RelativeLocation {
		loc = "relative Location"
	}
	switch p.Create {
	case CreateMessage:
		return "201, " + loc + ", body: the Created message"
	case CreateResourceWithMessage:
		return "201, " + loc + ", body: the resource with Created (and the vendor's own messages)"
	case CreateILOExtendedInfo:
		return "201, " + loc + ", body: an error-shaped object holding Created"
	case CreateNoContent:
		return "204, " + loc + ", no body"
	}
	return "201, " + loc + ", body: the resource"
}

func patchText(p *Profile) string {
	what := "the schema's writable properties"
	if p.PatchProperties != nil {
		what = strings.Join(p.PatchProperties, ", ")
	}
	answer := map[PatchStyle]string{
		PatchResource:            "200 with the resource",
		PatchResourceWithMessage: "200 with the resource and Success",
		PatchNoContent:           "204",
		PatchILOExtendedInfo:     "200 with an error-shaped object holding Success",
		PatchEmptyOK:             "200 with an empty body",
	}[p.Patch]
	return "PATCH changes " + what + "; answer " + answer
}

func deleteText(p *Profile) string {
	answer := map[DeleteStyle]string{
		DeleteNoContent:       "204",
		DeleteSuccessMessage:  "200 with the Success message",
		DeleteILOExtendedInfo: "200 with an error-shaped object holding Success",
	}[p.Delete]
	nf := "unknown member: 404 ResourceNotFound"
	if p.NotFoundEmptyBody {
		nf = "unknown member: 404 with an empty body (GET, PATCH)"
	}
	return "DELETE " + answer + "; " + nf
}

func renderFacts(p *Profile) []string {
	f := []string{fmt.Sprintf("members named %q", strings.ReplaceAll(p.MemberName, "%s", "<Id>"))}
	if p.HTTPHeadersNull {
		f = append(f, "HttpHeaders read back null")
	} else {
		f = append(f, "HttpHeaders read back []")
	}
	if p.OmitStatus {
		f = append(f, "no Status")
	}
	if flags := p.DestinationReport.Flags(); len(flags) > 0 {
		f = append(f, "Destination read back rewritten: "+strings.Join(flags, ", "))
	}
	if p.TrailingSlashIDs {
		f = append(f, "@odata.id ends with /")
	}
	return f
}

func retryFacts(p *Profile) []string {
	var f []string
	if p.RetryPolicies != nil {
		f = append(f, "DeliveryRetryPolicy ∈ "+strings.Join(p.RetryPolicies, ", "))
	}
	if p.DefaultRetryPolicy == "" {
		f = append(f, "no DeliveryRetryPolicy: events dropped after the retries, subscription kept")
	} else {
		f = append(f, "default policy "+p.DefaultRetryPolicy)
	}
	f = append(f, fmt.Sprintf("VerifyCertificate default %v", p.DefaultVerifyCertificate))
	return f
}

func sessionFacts(p *Profile) []string {
	f := []string{fmt.Sprintf("idle timeout %d minutes", int(p.SessionTimeout.Minutes()))}
	if p.SessionCap > 0 {
		status := p.SessionCapStatus
		if status == 0 {
			status = http.StatusServiceUnavailable
		}
		f = append(f, fmt.Sprintf("at most %d sessions; the next login: %d", p.SessionCap, status))
	}
	return f
}
