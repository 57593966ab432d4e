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

// This file holds the single-request operations on subscriptions. What
// decides whether a subscription is ours (the duplicate check before a
// create, adoption after a lost answer, the check before a delete) lives in
// inventory.go, on top of these.

// postOutcome is what one subscription POST told us.
type postOutcome struct {
	// id is the new subscription's path, when the answer said it.
	id string
	// body is the created subscription when the answer carried it whole.
	body *Subscription
	// status is the HTTP status of a successful answer.
	status int
	// detail is the BMC's own words in a successful answer without an id.
	detail string
}

// postSubscription sends one POST of sub to the collection coll. Its error
// is ambiguous (the BMC may have created the subscription) when
// mayHaveCreated(err) is true.
//
// HttpHeaders go in the schema's array form, unless this BMC refused that
// form before (see headersRefused): then in the object form iLO documents.
func (c *Client) postSubscription(ctx context.Context, coll string, sub Subscription) (postOutcome, error) {
	payload := Payload(sub)
	if c.headerObject.Load() {
		payload = withHeaderObject(payload, sub.HTTPHeaders)
	}
	c.log(ctx, "creating event subscription", c.fields(map[string]any{
		// Not the destination: webhook URLs often embed a secret.
		"collection": coll, "properties": propertyNames(payload),
	}))
	resp, err := c.do(ctx, http.MethodPost, coll, payload)
	if err != nil {
		return postOutcome{}, err
	}
	out := postOutcome{status: resp.status, id: createdID(resp, coll)}
	if out.id != "" {
		if s, perr := parseSubscription(resp.body, out.id); perr == nil && s.ODataID == out.id && s.Destination != "" {
			out.body = s
		}
	} else {
		out.detail = newHTTPError(http.MethodPost, coll, c.endpoint, resp.status, resp.body).Detail()
	}
	return out, nil
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

// under reports whether p is a member path of the collection coll.
func under(p, coll string) bool {
	prefix := strings.TrimRight(coll, "/") + "/"
	return len(p) > len(prefix) && strings.EqualFold(p[:len(prefix)], prefix) &&
		!strings.Contains(p[len(prefix):], "/")
}

// GetSubscription reads one subscription with a GET of its own, bypassing any
// listing; errors.Is(err, ErrNotFound) when the BMC answers 404. The body must
// be an EventDestination (see parseSubscription). The result's ODataID is
// odataID normalised.
func (c *Client) GetSubscription(ctx context.Context, odataID string) (*Subscription, error) {
	id := NormalizeODataID(odataID)
	if !strings.HasPrefix(id, "/redfish/") {
		return nil, fmt.Errorf("invalid subscription id %q: expected a path such as /redfish/v1/EventService/Subscriptions/5", odataID)
	}
	resp, err := c.do(ctx, http.MethodGet, id, nil)
	if err != nil {
		return nil, err
	}
	sub, err := parseSubscription(resp.body, id)
	if err != nil {
		return nil, fmt.Errorf("GET %s on %s: %w", id, c.endpoint, err)
	}
	sub.ODataID = id
	return sub, nil
}

// readBack reads a subscription this client has just created. It runs on a
// context of its own, bounded by the request settings: when the user
// interrupts terraform right after the BMC created the subscription, reading
// it back is what keeps a good subscription from being tainted.
func (c *Client) readBack(ctx context.Context, id string) (*Subscription, error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.Timeout*time.Duration(c.cfg.MaxRetries+2))
	defer cancel()
	return c.GetSubscription(rctx, id)
}

// deleteSubscription sends DELETE to one member path; a 404 counts as
// deleted (an earlier attempt whose answer was lost, or someone else, did
// it). Callers check first that the member is ours (View.Delete).
//
// A 2xx answer that does not itself say the delete succeeded (no 204, no
// Success message: an empty or error-shaped 200, as a BMC under load may
// send) is checked with a GET: a subscription still there is an error, so
// that state keeps it rather than orphaning it.
func (c *Client) deleteSubscription(ctx context.Context, id string) (alreadyGone bool, err error) {
	resp, err := c.do(ctx, http.MethodDelete, id, nil)
	if errors.Is(err, ErrNotFound) {
		return true, nil
	}
	if err != nil || confirmsSuccess(resp) {
		return false, err
	}
	if _, gerr := c.GetSubscription(ctx, id); !errors.Is(gerr, ErrNotFound) {
		if gerr != nil {
			return false, fmt.Errorf("DELETE %s on %s was answered HTTP %d without saying it succeeded, and reading "+
				"the subscription to check failed: %w", id, c.endpoint, resp.status, gerr)
		}
		return false, fmt.Errorf("DELETE %s on %s was answered HTTP %d, but the subscription is still there%s",
			id, c.endpoint, resp.status, bodyDetail(resp))
	}
	return false, nil
}

// confirmsSuccess reports whether a 2xx answer says by itself that the
// request succeeded: 204 No Content, or Redfish messages that are all
// successes (bmcweb and iDRAC send Base.Success; iLO wraps it in an
// error-shaped body).
func confirmsSuccess(resp *response) bool {
	if resp.status == http.StatusNoContent {
		return true
	}
	_, _, msgs, ok := parseMessages(resp.body)
	if !ok || len(msgs) == 0 {
		return false
	}
	for _, m := range msgs {
		switch m.Key() {
		case "Success", "ResourceRemoved", "ResourceDeleted":
		default:
			return false
		}
	}
	return true
}

func bodyDetail(resp *response) string {
	if d := newHTTPError("", "", "", resp.status, resp.body).Detail(); d != "" {
		return "; the BMC said: " + d
	}
	return ""
}

// subscriptionsURI is the Subscriptions collection of the BMC's EventService.
func (c *Client) subscriptionsURI(ctx context.Context) (string, error) {
	es, err := c.EventService(ctx)
	if err != nil {
		return "", err
	}
	if es.SubscriptionsURI == "" {
		return "", c.noCollection(es)
	}
	return es.SubscriptionsURI, nil
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

// describeResource says what lives at a path that is not a subscription, for
// an import ID that points elsewhere: its @odata.type when the BMC answers.
func (c *Client) describeResource(ctx context.Context, p string) string {
	resp, err := c.do(ctx, http.MethodGet, p, nil)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return "nothing (the BMC answers 404)"
		}
		return "a resource the BMC would not show (" + err.Error() + ")"
	}
	var body struct {
		Type string `json:"@odata.type"`
	}
	if json.Unmarshal(resp.body, &body) == nil && body.Type != "" {
		return "a " + strings.TrimPrefix(body.Type, "#")
	}
	return "a resource without @odata.type"
}

// headersRefused reports whether a create failed because the BMC refused
// the form of HttpHeaders: a 400 that blames HttpHeaders. A 400 means
// nothing was created, so the create may be sent again in the other form.
func headersRefused(err error, sub Subscription) bool {
	he := AsError(err)
	if he == nil || he.StatusCode != http.StatusBadRequest || len(sub.HTTPHeaders) == 0 {
		return false
	}
	for _, p := range he.RelatedProperties() {
		if PropertyName(p) == "HttpHeaders" {
			return true
		}
	}
	for _, m := range he.Messages {
		for _, a := range m.MessageArgs {
			if PropertyName(a) == "HttpHeaders" {
				return true
			}
		}
	}
	return false
}
