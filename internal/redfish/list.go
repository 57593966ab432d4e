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
			if expand != "" && len(visited) == 1 && errors.As(err, &he) && he.StatusCode >= 400 &&
				he.StatusCode != http.StatusUnauthorized && he.StatusCode != http.StatusForbidden {
				// The service root promised $expand, the BMC choked on it
				// (400/500/501 on older OpenBMC and Supermicro firmware, 404
				// from services that serve no query strings): list member by
				// member from now on.
				c.noExpand.Store(true)
				c.log(ctx, "the BMC failed a $expand request; listing member by member", c.fields(map[string]any{
					"path": page, "status": he.StatusCode,
				}))
				return c.list(ctx, coll)
			}
			return nil, err
		}
		var body struct {
			Members  *[]json.RawMessage `json:"Members"`
			NextLink string             `json:"Members@odata.nextLink"`
		}
		if err := json.Unmarshal(resp.body, &body); err != nil || body.Members == nil {
			// An error-shaped or empty 200 is not an empty collection:
			// taking it for one would drop every subscription from state.
			return nil, fmt.Errorf("GET %s on %s: the answer is not a Redfish collection (no Members array): %s",
				page, c.endpoint, collectionProblem(resp.body, err))
		}
		members = append(members, *body.Members...)
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
		if len(probe) > 1 || probe["@odata.id"] == nil { // expanded: more than a reference
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

func collectionProblem(body []byte, err error) string {
	switch {
	case len(strings.TrimSpace(string(body))) == 0:
		return "the body is empty"
	case err != nil:
		return err.Error()
	}
	if d := newHTTPError("", "", "", 0, body).Detail(); d != "" {
		return "the BMC said: " + d
	}
	return "no Members"
}
