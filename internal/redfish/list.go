package redfish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// maxPages guards against a BMC whose nextLinks never end.
const maxPages = 1000

// expandQuery is the $expand option to list a collection with in one
// request per page, or "" when the service root does not announce support.
func (c *Client) expandQuery() string {
	if c.noExpand.Load() {
		return ""
	}
	api, _ := c.current()
	if api == nil || api.Service == nil {
		return ""
	}
	q := api.Service.ProtocolFeaturesSupported.ExpandQuery
	switch {
	case q.NoLinks && q.Levels:
		return "$expand=.($levels=1)"
	case q.NoLinks:
		return "$expand=." // one level is the default
	}
	return ""
}

// list reads every member of a collection, parsed as subscriptions.
func (c *Client) list(ctx context.Context, coll string) ([]Subscription, error) {
	expand := c.expandQuery()
	page := coll
	if expand != "" {
		page += "?" + expand
	}
	var members []json.RawMessage
	visited := map[string]bool{}
	for page != "" {
		if visited[page] || len(visited) >= maxPages {
			return nil, fmt.Errorf("GET %s on %s: the collection's Members@odata.nextLink pages loop", coll, c.endpoint)
		}
		visited[page] = true
		resp, err := c.do(ctx, http.MethodGet, page, nil)
		if err != nil {
			var he *Error
			if expand != "" && len(visited) == 1 && errors.As(err, &he) &&
				(he.StatusCode == http.StatusBadRequest || he.StatusCode == http.StatusNotImplemented ||
					he.StatusCode == http.StatusInternalServerError) {
				// The service root promised $expand, the BMC choked on it
				// (seen on older OpenBMC and Supermicro firmware): list member
				// by member from now on.
				c.noExpand.Store(true)
				c.log(ctx, "the BMC failed a $expand request; listing member by member", c.fields(map[string]any{
					"path": page, "status": he.StatusCode,
				}))
				return c.list(ctx, coll)
			}
			return nil, err
		}
		var body struct {
			Members  []json.RawMessage `json:"Members"`
			NextLink string            `json:"Members@odata.nextLink"`
		}
		if err := json.Unmarshal(resp.body, &body); err != nil {
			return nil, fmt.Errorf("GET %s on %s: the answer is not a Redfish collection: %w", page, c.endpoint, err)
		}
		members = append(members, body.Members...)
		page = linkPath(body.NextLink)
	}
	return c.resolveMembers(ctx, members)
}

// linkPath strips scheme and host from a link, keeping path and query
// (a nextLink carries $skip).
func linkPath(link string) string {
	link = strings.TrimSpace(link)
	if u, err := url.Parse(link); err == nil && u.Scheme != "" && u.Host != "" {
		link = u.RequestURI()
	}
	return link
}

// resolveMembers parses expanded members and GETs the others, at most
// maxConcurrentRequests at a time.
func (c *Client) resolveMembers(ctx context.Context, members []json.RawMessage) ([]Subscription, error) {
	out := make([]*Subscription, len(members))
	var todo []int
	refs := make([]string, len(members))
	for i, m := range members {
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(m, &probe); err != nil {
			return nil, fmt.Errorf("listing subscriptions on %s: a member is not a JSON object: %w", c.endpoint, err)
		}
		refs[i] = NormalizeODataID(str(probe["@odata.id"]))
		_, hasDest := probe["Destination"]
		_, hasID := probe["Id"]
		if hasDest || hasID {
			sub, err := parseSubscription(m, refs[i])
			if err != nil {
				return nil, err
			}
			out[i] = sub
			continue
		}
		if refs[i] == "" {
			continue // neither a reference nor a subscription
		}
		todo = append(todo, i)
	}

	if len(todo) > 0 {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			firstErr error
		)
		next := make(chan int)
		for w := 0; w < min(maxConcurrentRequests, len(todo)); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					sub, err := c.getMember(ctx, refs[i])
					if err != nil {
						mu.Lock()
						if firstErr == nil {
							firstErr = err
							cancel()
						}
						mu.Unlock()
						continue
					}
					out[i] = sub
				}
			}()
		}
	feed:
		for _, i := range todo {
			select {
			case next <- i:
			case <-ctx.Done():
				break feed
			}
		}
		close(next)
		wg.Wait()
		if firstErr != nil {
			return nil, firstErr
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}

	subs := make([]Subscription, 0, len(out))
	for _, s := range out {
		if s != nil {
			subs = append(subs, *s)
		}
	}
	return subs, nil
}

// getMember reads one member of a listing; nil, nil when it vanished.
func (c *Client) getMember(ctx context.Context, id string) (*Subscription, error) {
	resp, err := c.do(ctx, http.MethodGet, id, nil)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sub, err := parseSubscription(resp.body, id)
	if err != nil {
		return nil, fmt.Errorf("GET %s on %s: %w", id, c.endpoint, err)
	}
	return sub, nil
}

// idTracker remembers which subscription ids this client has seen and
// which it handed out as created, so that a create that has to find its
// subscription by listing does not take an older one for it.
type idTracker struct {
	mu      sync.Mutex
	clock   uint64
	seen    map[string]uint64 // id → clock value when first seen
	claimed map[string]bool
}

// mark returns a clock value: ids first seen before it are "known before".
func (t *idTracker) mark() uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.clock++
	return t.clock
}

func (t *idTracker) saw(ids ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.clock++
	if t.seen == nil {
		t.seen = map[string]uint64{}
	}
	for _, id := range ids {
		if _, ok := t.seen[id]; !ok && id != "" {
			t.seen[id] = t.clock
		}
	}
}

func (t *idTracker) claim(id string) {
	t.saw(id)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.claimed == nil {
		t.claimed = map[string]bool{}
	}
	t.claimed[id] = true
}

// forget drops a deleted id: BMCs with fixed subscription slots reuse ids,
// and the next subscription with this id is a new one.
func (t *idTracker) forget(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.seen, id)
	delete(t.claimed, id)
}

func (t *idTracker) status(id string, mark uint64) (knownBefore, claimed bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	at, ok := t.seen[id]
	return ok && at < mark, t.claimed[id]
}
