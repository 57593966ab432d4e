package redfish

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// Inventory is one provider process's knowledge of the subscriptions on
// each BMC: one listing per BMC, taken when first needed and kept current
// from the answers to this process's own writes, re-listed only after an
// ambiguous one. Refresh, the duplicate check before a create, ownership
// after a lost create answer and the check before a delete all read it, so
// safety costs one listing per BMC per process, not a request per resource.
//
// Terraform runs plan and apply in separate provider processes, and
// in-process tests configure the provider once per command: the provider
// makes one Inventory per configuration, never a global one, so a listing
// never outlives the command that took it.
type Inventory struct {
	mu    sync.Mutex
	views map[string]*bmcView
}

// NewInventory returns an empty inventory.
func NewInventory() *Inventory { return &Inventory{views: map[string]*bmcView{}} }

// View returns the inventory's view of the BMC c talks to.
func (inv *Inventory) View(c *Client) *View {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	b, ok := inv.views[c.endpoint]
	if !ok {
		b = &bmcView{members: map[string]Subscription{}, claimed: map[string]bool{}, creating: map[string]*sync.Mutex{}}
		inv.views[c.endpoint] = b
	}
	return &View{shared: b, c: c}
}

// View is one BMC's subscriptions as this process knows them, used through
// the client of one resource (its credentials).
type View struct {
	shared *bmcView
	c      *Client
}

// bmcView is what an Inventory knows of one BMC.
type bmcView struct {
	load     lazy[struct{}]
	mu       sync.Mutex
	loaded   bool                    // a listing succeeded
	members  map[string]Subscription // by @odata.id
	claimed  map[string]bool         // created or adopted by this process
	creating map[string]*sync.Mutex  // per Destination+Context being created
}

// Client is the client the view works through.
func (v *View) Client() *Client { return v.c }

// ensure lists the BMC's subscriptions once per process.
func (v *View) ensure(ctx context.Context) error {
	v.shared.mu.Lock()
	loaded := v.shared.loaded
	v.shared.mu.Unlock()
	if loaded {
		return nil
	}
	_, err := v.shared.load.get(ctx, func(ctx context.Context) (struct{}, error) {
		_, err := v.relist(ctx)
		return struct{}{}, err
	})
	return err
}

// relist lists the collection again and replaces the view's members.
func (v *View) relist(ctx context.Context) ([]Subscription, error) {
	coll, err := v.c.subscriptionsURI(ctx)
	if err != nil {
		return nil, err
	}
	subs, err := v.c.list(ctx, coll)
	if err != nil {
		return nil, err
	}
	s := v.shared
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loaded = true
	s.members = make(map[string]Subscription, len(subs))
	for _, sub := range subs {
		s.members[sub.ODataID] = sub
	}
	return subs, nil
}

// List returns every member of the Subscriptions collection, of every
// protocol, sorted by path.
func (v *View) List(ctx context.Context) ([]Subscription, error) {
	if err := v.ensure(ctx); err != nil {
		return nil, err
	}
	s := v.shared
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Subscription, 0, len(s.members))
	for _, m := range s.members {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ODataID < out[j].ODataID })
	return out, nil
}

// Get returns the member at odataID. errors.Is(err, ErrNotFound) when the
// collection has no such member; a *NotSubscriptionError when the path is
// not a member of the BMC's Subscriptions collection at all (an import ID
// naming a system or an account), in which case nothing else is done with it.
func (v *View) Get(ctx context.Context, odataID string) (*Subscription, error) {
	id := NormalizeODataID(odataID)
	coll, err := v.c.subscriptionsURI(ctx)
	if err != nil {
		return nil, err
	}
	if !under(id, coll) {
		return nil, &NotSubscriptionError{Path: id, What: v.c.describeResource(ctx, id), Collection: coll}
	}
	if err := v.ensure(ctx); err != nil {
		return nil, err
	}
	if m, ok := v.shared.member(id); ok {
		return &m, nil
	}
	return nil, &kindError{kind: ErrNotFound, msg: fmt.Sprintf("the BMC at %s has no subscription %s", v.c.endpoint, id)}
}

func (s *bmcView) member(id string) (Subscription, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, m := range s.members {
		if strings.EqualFold(k, id) {
			return m, true
		}
	}
	return Subscription{}, false
}

// CreateOptions tune View.Create.
type CreateOptions struct {
	// AdoptExisting records a member provably equal to the subscription
	// instead of failing with *ExistsError, when exactly one such member
	// exists and no other resource of this process holds it.
	AdoptExisting bool
}

// Created is the result of View.Create.
type Created struct {
	// ODataID is set whenever the subscription exists on the BMC, even with
	// an error (the caller must record it rather than orphan it).
	ODataID string
	// Reported is what the BMC reports of the subscription; nil when it
	// could not be read back (then the error says why).
	Reported *Subscription
	// Adopted is set when an existing member was recorded (AdoptExisting,
	// or a create whose answer was lost), with the reason.
	Adopted string
}

// Create makes the subscription sub on the BMC, or proves it exists:
//
//   - Before the POST, the view is checked for members provably equal to sub:
//     with one or more, nothing is sent and *ExistsError names them (unless
//     AdoptExisting and exactly one unclaimed).
//   - A POST answered with the subscription's path is recorded; its body, when
//     whole, saves the GET that reads it back.
//   - A POST whose answer is lost or ambiguous (reset, timeout, 500/502/504, a
//     2xx without Location or body) is followed by up to three listings. A
//     member adopted must be new since the listing before the POST and
//     provably equal to sub; exactly one such member is adopted, more than one
//     is an *AmbiguousCreateError naming them all, and a failed listing is one
//     too (no adoption on a guess). When the listings show nothing new after a
//     request lost on the way, the POST is sent once more (RFC 9112 §9.3.1).
func (v *View) Create(ctx context.Context, sub Subscription, opts CreateOptions) (Created, error) {
	es, err := v.c.EnabledEventService(ctx)
	if err != nil {
		return Created{}, err
	}
	coll := es.SubscriptionsURI
	if coll == "" {
		return Created{}, v.c.noCollection(es)
	}
	if err := v.ensure(ctx); err != nil {
		return Created{}, err
	}
	// Two resources of this process creating twins must not see each
	// other's half-done create as "new": one at a time per identity.
	unlock := v.shared.lockIdentity(sub)
	defer unlock()

	if c, err := v.checkExisting(sub, opts); c.ODataID != "" || err != nil {
		return c, err
	}
	for try := 0; ; try++ {
		before := v.shared.ids()
		out, err := v.c.postSubscription(ctx, coll, sub)
		if headersRefused(err, sub) && !v.c.headerObject.Load() {
			// iLO documents HttpHeaders as one object, not the schema's
			// array; the 400 says nothing was created, so send it again
			// in that form, and use it on this BMC from now on.
			v.c.headerObject.Store(true)
			v.c.log(ctx, "the BMC refused HttpHeaders as an array; sending them as one object", v.c.fields(nil))
			out, err = v.c.postSubscription(ctx, coll, sub)
		}
		if err == nil && out.id != "" {
			return v.recordCreated(ctx, out)
		}
		if err != nil && !mayHaveCreated(err) {
			return Created{}, err
		}
		created, resend, err := v.recoverLostAnswer(ctx, sub, lostCreate{coll: coll, before: before, out: out, err: err, try: try})
		if !resend {
			return created, err
		}
	}
}

// checkExisting is the duplicate check before a POST.
func (v *View) checkExisting(sub Subscription, opts CreateOptions) (Created, error) {
	s := v.shared
	s.mu.Lock()
	defer s.mu.Unlock()
	var equal []Subscription
	claimed := false
	for _, m := range s.members {
		if ProvablyEqual(sub, m) {
			equal = append(equal, m)
			claimed = claimed || s.claimed[m.ODataID]
		}
	}
	if len(equal) == 0 {
		return Created{}, nil
	}
	sort.Slice(equal, func(i, j int) bool { return equal[i].ODataID < equal[j].ODataID })
	if opts.AdoptExisting && len(equal) == 1 && !claimed {
		m := equal[0]
		s.claimed[m.ODataID] = true
		return Created{ODataID: m.ODataID, Reported: &m, Adopted: "adopt_existing is set and it was the only identical subscription"}, nil
	}
	return Created{}, &ExistsError{Endpoint: v.c.endpoint, IDs: paths(equal), Claimed: claimed}
}

// recordCreated reads back (unless the POST answer carried it) and records a
// subscription the BMC answered for.
func (v *View) recordCreated(ctx context.Context, out postOutcome) (Created, error) {
	v.shared.claim(out.id)
	reported := out.body
	if reported == nil {
		var err error
		if reported, err = v.c.readBack(ctx, out.id); err != nil {
			return Created{ODataID: out.id}, err
		}
	}
	v.shared.put(*reported)
	v.c.log(ctx, "created event subscription", v.c.fields(map[string]any{"subscription_id": out.id, "status": out.status}))
	return Created{ODataID: out.id, Reported: reported}, nil
}

// Delete deletes the member at odataID, but only when it is provably ours:
// its report has the fingerprint recorded when we last knew it was ours
// (fingerprint, may be empty), or it is provably equal to ours (what state
// says). A missing member is already gone. A member that is neither is
// someone else's subscription at a reused id: it is left alone and notOurs
// says what was found. The check reads the view, so it costs no request per
// delete beyond the DELETE.
func (v *View) Delete(ctx context.Context, odataID string, ours Subscription, fingerprint string) (notOurs string, err error) {
	m, err := v.Get(ctx, odataID)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if !ProvablyOurs(ours, *m, fingerprint) {
		return fmt.Sprintf("the BMC at %s holds a different subscription at %s (to %s), not the one this resource created; "+
			"it was left alone", v.c.endpoint, m.ODataID, RedactedURI(m.Destination)), nil
	}
	gone, err := v.c.deleteSubscription(ctx, m.ODataID)
	if err != nil {
		return "", err
	}
	v.shared.remove(m.ODataID)
	v.c.log(ctx, "deleted event subscription", v.c.fields(map[string]any{"subscription_id": m.ODataID, "already_gone": gone}))
	return "", nil
}

func (s *bmcView) ids() map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]bool, len(s.members))
	for id := range s.members {
		out[id] = true
	}
	return out
}

func (s *bmcView) claim(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.claimed[id] = true
}

func (s *bmcView) isClaimed(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.claimed[id]
}

func (s *bmcView) put(m Subscription) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.members[m.ODataID] = m
}

func (s *bmcView) remove(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.members, id)
	delete(s.claimed, id)
}

// lockIdentity serialises creates of subscriptions to the same Destination
// and Context within this process.
func (s *bmcView) lockIdentity(sub Subscription) func() {
	key := deref(sub.Context)
	if n, ok := parseNormalURI(sub.Destination); ok {
		key += "\x00" + n.scheme + "://" + n.host + ":" + n.port + n.path
	}
	s.mu.Lock()
	l, ok := s.creating[key]
	if !ok {
		l = &sync.Mutex{}
		s.creating[key] = l
	}
	s.mu.Unlock()
	l.Lock()
	return l.Unlock
}

func paths(subs []Subscription) []string {
	out := make([]string, len(subs))
	for i, s := range subs {
		out[i] = s.ODataID
	}
	return out
}

// RedactedURI is a URI reduced to scheme://host[:port], for messages about
// subscriptions that are not ours: a full destination can carry another
// team's token in its path, query or userinfo.
func RedactedURI(s string) string {
	n, ok := parseNormalURI(s)
	if !ok || n.host == "" {
		if i := strings.Index(s, ":"); i > 0 {
			return s[:i] + ":…"
		}
		return "…"
	}
	out := n.scheme + "://" + n.host
	if n.port != "" {
		out += ":" + n.port
	}
	return out
}

// Resume asks the BMC to resume a subscription it has Disabled, with the
// #EventDestination.ResumeSubscription action the member offers, and returns
// what the BMC then reports. Nothing else about the subscription changes.
func (v *View) Resume(ctx context.Context, sub *Subscription) (*Subscription, error) {
	if sub.ResumeTarget == "" || !strings.HasPrefix(sub.ResumeTarget, sub.ODataID+"/") {
		return nil, fmt.Errorf("the BMC at %s offers no ResumeSubscription action on %s", v.c.endpoint, sub.ODataID)
	}
	if _, err := v.c.do(ctx, http.MethodPost, sub.ResumeTarget, map[string]any{}); err != nil {
		return nil, err
	}
	got, err := v.c.GetSubscription(ctx, sub.ODataID)
	if err != nil {
		return nil, err
	}
	v.shared.put(*got)
	return got, nil
}
