package redfish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// CreateSubscription POSTs sub (see Payload) to the EventService's
// Subscriptions collection and returns the new subscription's @odata.id,
// normalised (a path, no trailing slash). The id is non-empty whenever the
// subscription exists on the BMC, so that the caller records it instead of
// orphaning it. It fails with ErrEventServiceDisabled when the BMC's
// EventService is disabled, with ErrNoEventService when there is none.
//
// Answers accepted: 200, 201, 202 and 204, with or without a body (iLO
// sends an error-shaped body holding Base.x.Created with its 201), with an
// absolute or relative Location. Without a Location the new id comes from
// the body's @odata.id, and failing that from listing the collection (only
// then: a create normally costs one POST).
//
// When the POST reached the BMC but its answer was lost (connection reset,
// timeout) or was a 500/502/504, the BMC may have created the subscription
// anyway, so the POST is not simply repeated. The collection is listed
// instead, and a member that matches Destination, Context and Protocol and
// that this client did not know before the POST is adopted: its id is
// returned with a nil error (and a warning logged), because the
// subscription exists with the properties asked for, which is what a
// successful create gives. When no member matches after a lost answer, the
// BMC did not apply the request and the POST is sent once more (RFC 9112
// §9.3.1 allows repeating a non-idempotent request known not to have been
// applied). When none matches after a 500/502/504, or after the second
// attempt, the error is returned and no id.
func (c *Client) CreateSubscription(ctx context.Context, sub Subscription) (string, error) {
	es, err := c.EnabledEventService(ctx)
	if err != nil {
		return "", err
	}
	coll := es.SubscriptionsURI
	if coll == "" {
		return "", c.noCollection(es)
	}
	payload := Payload(sub)
	c.log(ctx, "creating event subscription", c.fields(map[string]any{
		// Not the destination: webhook URLs often embed a secret.
		"collection": coll, "properties": propertyNames(payload),
	}))

	var resp *response
	var mark uint64
	for try := 0; ; try++ {
		// Members seen before this POST (including by a previous
		// attempt's search) are not the one it creates.
		mark = c.ids.mark()
		var err error
		resp, err = c.do(ctx, http.MethodPost, coll, payload)
		if err == nil {
			break
		}
		if !mayHaveCreated(err) {
			return "", err
		}
		// Look with a context of our own: when the caller's ended (the
		// user interrupted terraform), finding the subscription the BMC may
		// have created is what keeps it from becoming an orphan.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.Timeout*time.Duration(c.cfg.MaxRetries+3))
		id, lerr := c.recoverCreated(rctx, coll, sub, mark)
		cancel()
		if lerr != nil {
			return "", fmt.Errorf("%w; the BMC may have created the subscription, but listing %s to find it failed: %v",
				err, coll, lerr)
		}
		if id != "" {
			c.ids.claim(id)
			c.warn(ctx, "the subscription POST failed, but the BMC had created the subscription; adopting it",
				c.fields(map[string]any{"subscription_id": id, "error": err.Error()}))
			return id, nil
		}
		var te *transportError
		if try == 0 && errors.As(err, &te) && ctx.Err() == nil {
			// The request was lost on the way (most often a keep-alive
			// connection the BMC closed as it was reused) and the listing
			// shows it was not applied: RFC 9112 §9.3.1 allows repeating a
			// non-idempotent request then. Once only.
			c.warn(ctx, "the subscription POST got no answer and the BMC did not create it; sending it again",
				c.fields(map[string]any{"error": err.Error()}))
			continue
		}
		return "", fmt.Errorf("%w; no matching subscription appeared in %s afterwards, so the BMC most likely "+
			"did not create it", err, coll)
	}

	id := createdID(resp, coll)
	if id == "" {
		c.log(ctx, "the BMC gave neither Location nor @odata.id for the new subscription; listing to find it",
			c.fields(map[string]any{"status": resp.status}))
		var err error
		id, err = c.findCreated(ctx, coll, sub, mark, false)
		if err != nil {
			return "", fmt.Errorf("the BMC at %s accepted the subscription (HTTP %d) without saying where it is, "+
				"and listing %s to find it failed: %w", c.endpoint, resp.status, coll, err)
		}
		if id == "" {
			msg := fmt.Sprintf("the BMC at %s answered HTTP %d to POST %s but gave no Location or @odata.id, and "+
				"no matching subscription appears in the collection", c.endpoint, resp.status, coll)
			if resp.status == http.StatusAccepted {
				msg += " yet (202 Accepted: the BMC may still be creating it)"
			}
			if d := newHTTPError(http.MethodPost, coll, c.endpoint, resp.status, resp.body).Detail(); d != "" {
				msg += "; the BMC said: " + d
			}
			return "", errors.New(msg)
		}
	}
	c.ids.claim(id)
	c.log(ctx, "created event subscription", c.fields(map[string]any{"subscription_id": id, "status": resp.status}))
	return id, nil
}

// mayHaveCreated: the POST reached the BMC and the answer does not say
// whether it acted.
func mayHaveCreated(err error) bool {
	var te *transportError
	if errors.As(err, &te) {
		return te.MaybeApplied
	}
	var he *Error
	if errors.As(err, &he) {
		switch he.StatusCode {
		case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
			return true
		}
	}
	return false
}

// recoverCreated looks for the subscription a failed POST may have created.
// The BMC may still be processing the request when the client gives up on
// it, so the collection is listed up to three times, with the retry
// backoff in between, before concluding that nothing was created.
func (c *Client) recoverCreated(ctx context.Context, coll string, sub Subscription, mark uint64) (string, error) {
	const looks = 3
	for attempt := 0; ; attempt++ {
		id, err := c.findCreated(ctx, coll, sub, mark, true)
		if err != nil || id != "" || attempt == looks-1 {
			return id, err
		}
		t := time.NewTimer(c.backoff(attempt, nil))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return "", nil
		}
	}
}

// createdID reads the new subscription's path from a successful POST
// answer: the Location header, else the body's @odata.id. Either must lie
// inside the collection (the schema puts members nowhere else); a 202's
// Location pointing elsewhere is a task monitor, not the subscription.
func createdID(resp *response, coll string) string {
	if p := resolveLocation(resp.header.Get("Location"), coll); under(p, coll) {
		return p
	}
	var body struct {
		ID string `json:"@odata.id"`
	}
	if len(resp.body) > 0 && json.Unmarshal(resp.body, &body) == nil {
		if p := NormalizeODataID(body.ID); under(p, coll) {
			return p
		}
	}
	return ""
}

func under(p, coll string) bool {
	prefix := strings.TrimRight(coll, "/") + "/"
	return len(p) > len(prefix) && strings.EqualFold(p[:len(prefix)], prefix)
}

// findCreated lists the collection and picks the member that is most likely
// the subscription just POSTed: it must match Destination, Context and
// Protocol; then members this client had not seen before the POST (mark)
// and had not handed out as created come first, then those agreeing with
// more of the other properties sent, then the newest. With strict (the POST
// may not have taken effect at all) members seen or handed out before are
// excluded rather than ranked last, so a pre-existing subscription is not
// mistaken for one we created.
func (c *Client) findCreated(ctx context.Context, coll string, want Subscription, mark uint64, strict bool) (string, error) {
	subs, err := c.list(ctx, coll)
	if err != nil {
		return "", err
	}
	type candidate struct {
		id             string
		index          int
		score          int
		known, claimed bool
	}
	var cands []candidate
	for i, s := range subs {
		if !sameIdentity(want, s) {
			continue
		}
		known, claimed := c.ids.status(s.ODataID, mark)
		if strict && (known || claimed) {
			continue
		}
		cands = append(cands, candidate{id: s.ODataID, index: i, score: agreement(want, s), known: known, claimed: claimed})
	}
	ids := make([]string, len(subs))
	for i, s := range subs {
		ids[i] = s.ODataID
	}
	c.ids.saw(ids...)
	if len(cands) == 0 {
		return "", nil
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.claimed != b.claimed {
			return !a.claimed
		}
		if a.known != b.known {
			return !a.known
		}
		if a.score != b.score {
			return a.score > b.score
		}
		return newer(a.id, a.index, b.id, b.index)
	})
	return cands[0].id, nil
}

// newer orders members by numeric Id when both have one (BMCs number
// subscriptions upwards), else by position (new members are appended).
func newer(aID string, aIndex int, bID string, bIndex int) bool {
	an, aok := numericTail(aID)
	bn, bok := numericTail(bID)
	if aok && bok && an != bn {
		return an > bn
	}
	return aIndex > bIndex
}

func numericTail(id string) (int64, bool) {
	tail := id[strings.LastIndexByte(id, '/')+1:]
	if tail == "" || len(tail) > 18 {
		return 0, false
	}
	var n int64
	for _, r := range tail {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int64(r-'0')
	}
	return n, true
}

// sameIdentity: got has the Destination, Context and Protocol of want, as
// far as the BMC reports them.
func sameIdentity(want, got Subscription) bool {
	if !strings.EqualFold(strings.TrimRight(want.Destination, "/"), strings.TrimRight(got.Destination, "/")) {
		return false
	}
	if want.Context != nil {
		if *want.Context == "" {
			if got.Context != nil {
				return false
			}
		} else if got.Context == nil || *got.Context != *want.Context {
			return false
		}
	}
	protocol := ProtocolRedfish
	if want.Protocol != nil {
		protocol = *want.Protocol
	}
	return got.Protocol == nil || strings.EqualFold(*got.Protocol, protocol)
}

// agreement counts the other properties sent that the BMC reports with the
// same value, minus those it reports differently.
func agreement(want, got Subscription) int {
	score := 0
	add := func(sent, reported bool, equal bool) {
		if !sent || !reported {
			return
		}
		if equal {
			score++
		} else {
			score--
		}
	}
	strs := func(a, b *string) {
		add(a != nil, b != nil, a != nil && b != nil && strings.EqualFold(*a, *b))
	}
	lists := func(a, b []string) {
		add(a != nil, b != nil, sameSet(a, b))
	}
	bools := func(a, b *bool) {
		add(a != nil, b != nil, a != nil && b != nil && *a == *b)
	}
	strs(want.SubscriptionType, got.SubscriptionType)
	strs(want.EventFormatType, got.EventFormatType)
	strs(want.DeliveryRetryPolicy, got.DeliveryRetryPolicy)
	strs(want.OEMProtocol, got.OEMProtocol)
	strs(want.OEMSubscriptionType, got.OEMSubscriptionType)
	lists(want.EventTypes, got.EventTypes)
	lists(want.RegistryPrefixes, got.RegistryPrefixes)
	lists(want.ExcludeRegistryPrefixes, got.ExcludeRegistryPrefixes)
	lists(want.ResourceTypes, got.ResourceTypes)
	lists(want.MessageIDs, got.MessageIDs)
	lists(want.ExcludeMessageIDs, got.ExcludeMessageIDs)
	lists(normalizedIDs(want.OriginResources), got.OriginResources)
	lists(want.Severities, got.Severities)
	lists(normalizedIDs(want.MetricReportDefinitions), got.MetricReportDefinitions)
	bools(want.SubordinateResources, got.SubordinateResources)
	bools(want.IncludeOriginOfCondition, got.IncludeOriginOfCondition)
	bools(want.VerifyCertificate, got.VerifyCertificate)
	bools(want.SendHeartbeat, got.SendHeartbeat)
	add(want.HeartbeatIntervalMinutes != nil, got.HeartbeatIntervalMinutes != nil,
		want.HeartbeatIntervalMinutes != nil && got.HeartbeatIntervalMinutes != nil &&
			*want.HeartbeatIntervalMinutes == *got.HeartbeatIntervalMinutes)
	return score
}

func normalizedIDs(ids []string) []string {
	if ids == nil {
		return nil
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = NormalizeODataID(id)
	}
	return out
}

// sameSet compares lists as case-insensitive sets.
func sameSet(a, b []string) bool {
	set := func(l []string) map[string]bool {
		m := make(map[string]bool, len(l))
		for _, s := range l {
			m[strings.ToLower(s)] = true
		}
		return m
	}
	sa, sb := set(a), set(b)
	if len(sa) != len(sb) {
		return false
	}
	for k := range sa {
		if !sb[k] {
			return false
		}
	}
	return true
}

// GetSubscription reads one subscription; errors.Is(err, ErrNotFound) when
// the BMC answers 404. The result's ODataID is odataID normalised.
func (c *Client) GetSubscription(ctx context.Context, odataID string) (*Subscription, error) {
	id := NormalizeODataID(odataID)
	if !strings.HasPrefix(id, "/redfish/") {
		return nil, fmt.Errorf("invalid subscription id %q: expected a path such as /redfish/v1/EventService/Subscriptions/5", odataID)
	}
	resp, err := c.do(ctx, http.MethodGet, id, nil)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			c.ids.forget(id)
		}
		return nil, err
	}
	sub, err := parseSubscription(resp.body, id)
	if err != nil {
		return nil, fmt.Errorf("GET %s on %s: %w", id, c.endpoint, err)
	}
	sub.ODataID = id
	c.ids.saw(id)
	return sub, nil
}

// DeleteSubscription deletes one subscription; a 404 counts as deleted
// (someone else, or an earlier attempt whose answer was lost, deleted it).
func (c *Client) DeleteSubscription(ctx context.Context, odataID string) error {
	id := NormalizeODataID(odataID)
	if !strings.HasPrefix(id, "/redfish/") {
		return fmt.Errorf("invalid subscription id %q: expected a path such as /redfish/v1/EventService/Subscriptions/5", odataID)
	}
	_, err := c.do(ctx, http.MethodDelete, id, nil)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	c.ids.forget(id)
	c.log(ctx, "deleted event subscription", c.fields(map[string]any{"subscription_id": id, "already_gone": err != nil}))
	return nil
}

// ListSubscriptions reads every member of the Subscriptions collection,
// following Members@odata.nextLink. Members of every protocol are returned
// (SNMP, SMTP…); callers filter. When the service root says the BMC
// supports $expand, one request per page brings the members; otherwise (or
// when the BMC fails the $expand request) they are read one by one, a few
// at a time. A member deleted while listing is left out.
func (c *Client) ListSubscriptions(ctx context.Context) ([]Subscription, error) {
	es, err := c.EventService(ctx)
	if err != nil {
		return nil, err
	}
	if es.SubscriptionsURI == "" {
		return nil, c.noCollection(es)
	}
	subs, err := c.list(ctx, es.SubscriptionsURI)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(subs))
	for i, s := range subs {
		ids[i] = s.ODataID
	}
	c.ids.saw(ids...)
	return subs, nil
}

func (c *Client) noCollection(es *EventService) error {
	return fmt.Errorf("the EventService %s of the BMC at %s has no Subscriptions collection, so it takes no "+
		"event subscriptions", es.ODataID, c.endpoint)
}

// SubmitTestEvent asks the BMC to send ev to its matching subscriptions,
// through the EventService's SubmitTestEvent action.
func (c *Client) SubmitTestEvent(ctx context.Context, ev TestEvent) error {
	es, err := c.EventService(ctx)
	if err != nil {
		return err
	}
	if es.SubmitTestEventTarget == "" {
		return fmt.Errorf("the EventService of the BMC at %s does not offer the SubmitTestEvent action", c.endpoint)
	}
	_, err = c.do(ctx, http.MethodPost, es.SubmitTestEventTarget, ev)
	return err
}

func propertyNames(p map[string]any) []string {
	names := make([]string, 0, len(p))
	for k := range p {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
