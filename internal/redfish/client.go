package redfish

// CONTRACT STUB: the signatures below are what internal/provider codes against.
// The implementation replaces the bodies; keep the signatures (or update the
// provider in the same change).

import (
	"context"
	"errors"
)

// Sentinel errors, matched with errors.Is.
var (
	ErrNotFound             = errors.New("redfish resource not found")
	ErrNoEventService       = errors.New("the BMC's service root has no EventService")
	ErrEventServiceDisabled = errors.New("the BMC's EventService is disabled (ServiceEnabled is false)")
)

// Pool shares one Client per distinct ConnectionConfig; safe for concurrent use.
type Pool struct{}

// NewPool returns an empty pool.
func NewPool() *Pool { return &Pool{} }

// Client returns the pooled client for cfg, connecting (and logging in) on first use.
func (p *Pool) Client(ctx context.Context, cfg ConnectionConfig) (*Client, error) {
	return nil, errors.New("not implemented")
}

// Close logs out every session the pool opened.
func (p *Pool) Close(ctx context.Context) {}

// Client talks to one BMC.
type Client struct{}

// Endpoint is the normalised base URL (scheme://host[:port]).
func (c *Client) Endpoint() string { return "" }

// EventService discovers (once) and returns the BMC's EventService.
func (c *Client) EventService(ctx context.Context) (*EventService, error) {
	return nil, errors.New("not implemented")
}

// CreateSubscription POSTs sub and returns the new subscription's @odata.id.
// The id is non-empty whenever the subscription exists on the BMC, even when
// err is not nil, so that the caller can record it instead of orphaning it.
func (c *Client) CreateSubscription(ctx context.Context, sub Subscription) (string, error) {
	return "", errors.New("not implemented")
}

// GetSubscription reads one subscription; errors.Is(err, ErrNotFound) on 404.
func (c *Client) GetSubscription(ctx context.Context, odataID string) (*Subscription, error) {
	return nil, errors.New("not implemented")
}

// ListSubscriptions reads every member of the Subscriptions collection.
func (c *Client) ListSubscriptions(ctx context.Context) ([]Subscription, error) {
	return nil, errors.New("not implemented")
}

// DeleteSubscription deletes one subscription; a 404 counts as deleted.
func (c *Client) DeleteSubscription(ctx context.Context, odataID string) error {
	return errors.New("not implemented")
}
