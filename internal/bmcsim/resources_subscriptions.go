package bmcsim

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// getSubscriptions serves the EventDestinationCollection, a page at a time:
// DSP0266 clause "Resource collections": Members@odata.count is the whole
// count and Members@odata.nextLink the next page (with $skip) when the
// members do not fit.
func (b *BMC) getSubscriptions(w http.ResponseWriter, r *http.Request) {
	q, msg, status := b.parseQuery(r.URL.Query())
	if status != 0 {
		b.fail(w, status, msg)
		return
	}
	b.mu.Lock()
	recs := b.sortedLocked()
	all := make([]Subscription, len(recs))
	for i, rec := range recs {
		all[i] = rec.sub.clone()
	}
	b.mu.Unlock()
	total := len(all)
	start := min(q.skip, total)
	end := min(start+q.pageSize(b.opts.PageSize), total)
	members := make([]any, 0, end-start)
	for i := start; i < end; i++ {
		if q.expand {
			members = append(members, b.renderSubscription(&all[i]))
		} else {
			members = append(members, b.link(all[i].ODataID))
		}
	}
	body := map[string]any{
		"@odata.type":         "#EventDestinationCollection.EventDestinationCollection",
		"@odata.id":           b.odataID(pathSubscriptions),
		"Name":                "Event Subscriptions Collection",
		"Members":             members,
		"Members@odata.count": total,
	}
	if end < total && (q.top < 0 || end < q.skip+q.top) {
		body["Members@odata.nextLink"] = b.nextLink(q, end)
	}
	writeJSON(w, http.StatusOK, body)
}

// collectionQuery is what a collection GET asked for.
type collectionQuery struct {
	skip   int
	top    int // -1: not given
	expand bool
	raw    url.Values
}

func (q collectionQuery) pageSize(def int) int {
	if q.top >= 0 && q.top < def {
		return q.top
	}
	return def
}

// parseQuery reads $skip, $top and $expand. DSP0266 clause "Query
// parameters": a service answers 501 with QueryNotSupported for a query
// parameter it does not support, and 400 for a malformed value.
func (b *BMC) parseQuery(v url.Values) (collectionQuery, Message, int) {
	q := collectionQuery{top: -1, raw: v}
	for k := range v {
		switch k {
		case "$skip", "$top":
			n, err := strconv.Atoi(v.Get(k))
			if err != nil || n < 0 {
				return q, baseMsg("QueryParameterValueTypeError", v.Get(k), k), http.StatusBadRequest
			}
			if k == "$skip" {
				q.skip = n
			} else {
				q.top = n
			}
		case "$expand":
			if !b.profile.SupportsExpand {
				return q, baseMsg("QueryNotSupported"), http.StatusNotImplemented
			}
			e := v.Get(k)
			level := strings.TrimSuffix(strings.TrimPrefix(e[min(1, len(e)):], "($levels="), ")")
			if (e == "" || !strings.ContainsAny(e[:1], ".*~")) || (len(e) > 1 && level != "1") {
				return q, baseMsg("QueryParameterValueTypeError", e, k), http.StatusBadRequest
			}
			// "~" expands only Links, and a collection's members are not Links.
			q.expand = e[0] != '~'
		default:
			if strings.HasPrefix(k, "$") {
				return q, baseMsg("QueryNotSupported"), http.StatusNotImplemented
			}
		}
	}
	return q, Message{}, 0
}

func (b *BMC) nextLink(q collectionQuery, next int) string {
	v := url.Values{}
	for k, vals := range q.raw {
		v[k] = vals
	}
	v.Set("$skip", strconv.Itoa(next))
	if q.top >= 0 {
		v.Set("$top", strconv.Itoa(q.top-(next-q.skip)))
	}
	// DSP0266 writes "?$skip=50"; "$" needs no escaping in a query.
	return b.odataID(pathSubscriptions) + "?" + strings.ReplaceAll(v.Encode(), "%24", "$")
}

// postSubscription creates a subscription (DSP0266 clause "Event
// subscription": POST an EventDestination to the Subscriptions collection).
func (b *BMC) postSubscription(w http.ResponseWriter, r *http.Request) {
	obj, msg, ok := readJSONObject(r)
	if !ok {
		b.fail(w, http.StatusBadRequest, msg)
		return
	}
	s, msgs := b.parseCreate(obj)
	if len(msgs) > 0 {
		b.fail(w, http.StatusBadRequest, msgs...)
		return
	}
	created, status, msgs := b.create(s)
	if status != 0 {
		b.fail(w, status, msgs...)
		return
	}
	b.writeCreated(w, &created)
}

// create stores s unless the profile's limit or duplicate rule refuses it.
func (b *BMC) create(s Subscription) (Subscription, int, []Message) {
	p := &b.profile
	b.mu.Lock()
	defer b.mu.Unlock()
	if p.MaxSubscriptions > 0 && b.countForLimitLocked() >= p.MaxSubscriptions {
		return s, p.LimitStatus, []Message{baseMsg(p.LimitMessage)}
	}
	if p.RejectDuplicateDestination {
		for _, r := range b.subs {
			if r.sub.Destination == s.Destination {
				msgs := []Message{baseMsg("ResourceAlreadyExists", "EventDestination", "Destination", s.Destination).related("Destination")}
				if p.DuplicateNamesContext {
					msgs = append(msgs, baseMsg("ResourceAlreadyExists", "EventDestination", "Context", s.Context).related("Context"))
				}
				return s, p.DuplicateStatus, msgs
			}
		}
	}
	if p.SNMPTrapClients && s.Protocol == "SNMPv2c" {
		s.ID = b.allocSNMPIDLocked()
	} else {
		s.ID = b.allocIDLocked()
	}
	return b.insertLocked(s).sub.clone(), 0, nil
}

// allocSNMPIDLocked names a bmcweb SNMP trap client: snmp1, snmp2…; b.mu held.
func (b *BMC) allocSNMPIDLocked() string {
	for n := 1; ; n++ {
		if id := "snmp" + strconv.Itoa(n); b.subs[id] == nil {
			return id
		}
	}
}

// writeCreated answers a create in the profile's style.
func (b *BMC) writeCreated(w http.ResponseWriter, s *Subscription) {
	p := &b.profile
	loc := b.odataID(s.ODataID)
	if !p.RelativeLocation {
		loc = b.URL() + loc
	}
	w.Header().Set("Location", loc)
	switch p.Create {
	case CreateNoContent:
		w.WriteHeader(http.StatusNoContent)
	case CreateMessage:
		writeJSON(w, http.StatusCreated, map[string]any{"@Message.ExtendedInfo": []Message{baseMsg("Created")}})
	case CreateILOExtendedInfo:
		writeJSON(w, http.StatusCreated, iloBody(baseMsg("Created")))
	case CreateResourceWithMessage:
		body := b.renderSubscription(s)
		info := []any{baseMsg("Created")}
		for _, m := range p.CreateMessages {
			info = append(info, m)
		}
		body["@Message.ExtendedInfo"] = info
		writeJSON(w, http.StatusCreated, body)
	default:
		writeJSON(w, http.StatusCreated, b.renderSubscription(s))
	}
}

func (b *BMC) getSubscription(w http.ResponseWriter, id string) {
	s, ok := b.Subscription(id)
	if !ok {
		b.memberNotFound(w, id)
		return
	}
	writeJSON(w, http.StatusOK, b.renderSubscription(&s))
}

// patchSubscription changes what the schema (or the profile) lets PATCH
// change: Context, DeliveryRetryPolicy, VerifyCertificate, HttpHeaders…
func (b *BMC) patchSubscription(w http.ResponseWriter, r *http.Request, id string) {
	obj, msg, ok := readJSONObject(r)
	if !ok {
		b.fail(w, http.StatusBadRequest, msg)
		return
	}
	rec, found := b.lockMember(w, id)
	if !found {
		return
	}
	next, msgs := b.parsePatch(obj, rec.sub)
	if len(msgs) == 0 {
		b.fillDefaults(&next)
		rec.sub = next
	}
	snapshot := rec.sub.clone()
	b.mu.Unlock()
	if len(msgs) > 0 {
		b.fail(w, http.StatusBadRequest, msgs...)
		return
	}
	b.writePatched(w, b.renderSubscription(&snapshot))
}

func (b *BMC) deleteSubscriptionHTTP(w http.ResponseWriter, id string) {
	if !b.DeleteSubscription(id) {
		b.fail(w, http.StatusNotFound, baseMsg("ResourceNotFound", "EventDestination", id))
		return
	}
	b.writeDeleted(w)
}

// writeDeleted answers a successful DELETE as the profile's firmware does.
func (b *BMC) writeDeleted(w http.ResponseWriter) {
	switch b.profile.Delete {
	case DeleteILOExtendedInfo:
		writeJSON(w, http.StatusOK, iloBody(baseMsg("Success")))
	case DeleteSuccessMessage:
		writeJSON(w, http.StatusOK, map[string]any{"@Message.ExtendedInfo": []Message{baseMsg("Success")}})
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// memberNotFound answers GET or PATCH of an unknown member: bmcweb sets
// only the status (an empty body), others send ResourceNotFound.
func (b *BMC) memberNotFound(w http.ResponseWriter, id string) {
	if b.profile.NotFoundEmptyBody {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	b.fail(w, http.StatusNotFound, baseMsg("ResourceNotFound", "EventDestination", id))
}

// durationPattern is ResumeSubscription's DeliverBufferedEventDuration pattern.
var durationPattern = regexp.MustCompile(`^P(\d+D)?(T(\d+H)?(\d+M)?(\d+(.\d+)?S)?)?$`)

// postSubscriptionAction runs EventDestination.SuspendSubscription ("No
// events shall be sent … State … shall contain Disabled") or
// ResumeSubscription (v1_12_0). Events are not buffered while suspended.
func (b *BMC) postSubscriptionAction(w http.ResponseWriter, r *http.Request, id, action string) {
	obj, msg, ok := readJSONObjectOrEmpty(r)
	if !ok {
		b.fail(w, http.StatusBadRequest, msg)
		return
	}
	name := strings.TrimPrefix(action, "Actions/EventDestination.")
	var msgs []Message
	for _, k := range sortedKeys(obj) {
		v, isString := obj[k].(string)
		switch {
		case action != actionResume || k != "DeliverBufferedEventDuration":
			msgs = append(msgs, baseMsg("ActionParameterUnknown", name, k).related(k))
		case !isString:
			msgs = append(msgs, baseMsg("ActionParameterValueTypeError", valueString(obj[k]), k, name).related(k))
		case !durationPattern.MatchString(v):
			msgs = append(msgs, baseMsg("ActionParameterValueFormatError", v, k, name).related(k))
		}
	}
	if len(msgs) > 0 {
		b.fail(w, http.StatusBadRequest, msgs...)
		return
	}
	state := "Disabled"
	if action == actionResume {
		state = "Enabled"
	}
	if !b.ModifySubscription(id, func(s *Subscription) { s.State = state }) {
		b.fail(w, http.StatusNotFound, baseMsg("ResourceNotFound", "EventDestination", id))
		return
	}
	b.writeActionDone(w, http.StatusNoContent)
}

// lockMember takes b.mu and returns the member id; when there is none it
// answers 404, releases the lock and returns false. The caller unlocks.
func (b *BMC) lockMember(w http.ResponseWriter, id string) (*subRecord, bool) {
	b.mu.Lock()
	rec, found := b.subs[id]
	if !found {
		b.mu.Unlock()
		b.memberNotFound(w, id)
	}
	return rec, found
}
