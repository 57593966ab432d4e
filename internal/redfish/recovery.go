package redfish

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// This file is the humble recovery after a create whose answer was lost: a
// POST that timed out, failed with a 5xx after the BMC may have acted, or
// succeeded without saying where. It adopts a member only when exactly one
// new, unclaimed member provably equal to the subscription appeared;
// otherwise it stops with an AmbiguousCreateError naming what it found.

// lostCreate is a POST whose outcome is unknown.
type lostCreate struct {
	coll   string
	before map[string]bool // member ids before the POST
	out    postOutcome
	err    error
	try    int
}

// recoverLostAnswer finds out what a lost create did. resend is true when the
// BMC provably did not act on a POST that got no answer at all: it is sent
// once more.
func (v *View) recoverLostAnswer(ctx context.Context, sub Subscription, lc lostCreate) (created Created, resend bool, err error) {
	cause := lc.err
	if cause == nil {
		cause = fmt.Errorf("the BMC at %s answered HTTP %d to POST %s but gave no Location or @odata.id", v.c.endpoint, lc.out.status, lc.coll)
		if lc.out.detail != "" {
			cause = fmt.Errorf("%w; the BMC said: %s", cause, lc.out.detail)
		}
	}
	// Look with a context of our own: when the caller's ended (the user
	// interrupted terraform), finding the subscription the BMC may have
	// created is what keeps it from becoming an orphan.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), v.c.cfg.Timeout*time.Duration(v.c.cfg.MaxRetries+4))
	found, lerr := v.findNew(rctx, sub, lc.before)
	cancel()
	switch {
	case lerr != nil:
		return Created{}, false, &AmbiguousCreateError{Endpoint: v.c.endpoint, Cause: cause, ListErr: lerr}
	case len(found) == 1:
		v.shared.claim(found[0].ODataID)
		m := found[0]
		v.c.warn(ctx, "the subscription POST failed or gave no location, but exactly one new subscription provably equal "+
			"to it appeared; recording it", v.c.fields(map[string]any{"subscription_id": m.ODataID, "error": cause.Error()}))
		return Created{ODataID: m.ODataID, Reported: &m, Adopted: "the answer to the POST was lost or incomplete"}, false, nil
	case len(found) > 1:
		return Created{}, false, &AmbiguousCreateError{Endpoint: v.c.endpoint, Cause: cause, Candidates: paths(found)}
	}
	var te *transportError
	if lc.err != nil && lc.try == 0 && errors.As(lc.err, &te) && ctx.Err() == nil {
		v.c.warn(ctx, "the subscription POST got no answer and the BMC did not create it; sending it again",
			v.c.fields(map[string]any{"error": lc.err.Error()}))
		return Created{}, true, nil
	}
	if lc.err == nil && lc.out.status == 202 {
		cause = fmt.Errorf("%w (202 Accepted: the BMC may still be creating it; run terraform apply again once it has, "+
			"and the subscription will be reported for import)", cause)
	}
	return Created{}, false, &AmbiguousCreateError{Endpoint: v.c.endpoint, Cause: cause}
}

// findNew lists the collection up to three times (the BMC may still be
// processing the POST) and returns the members that are new since before
// and provably equal to sub, not held by another resource of this process.
func (v *View) findNew(ctx context.Context, sub Subscription, before map[string]bool) ([]Subscription, error) {
	const looks = 3
	for attempt := 0; ; attempt++ {
		subs, err := v.relist(ctx)
		if err != nil {
			return nil, err
		}
		var found []Subscription
		for _, m := range subs {
			if !before[m.ODataID] && !v.shared.isClaimed(m.ODataID) && ProvablyEqual(sub, m) {
				found = append(found, m)
			}
		}
		if len(found) > 0 || attempt == looks-1 {
			return found, nil
		}
		if !v.c.clock().Sleep(ctx, v.c.backoff(attempt, nil)) {
			return nil, ctx.Err()
		}
	}
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
