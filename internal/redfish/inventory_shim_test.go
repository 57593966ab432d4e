package redfish

import (
	"context"
	"sync"
)

// Tests drive the client through one Inventory per client, as one provider
// configuration does.
var testInventories sync.Map // *Client → *Inventory

func viewOf(c *Client) *View {
	inv, _ := testInventories.LoadOrStore(c, NewInventory())
	return inv.(*Inventory).View(c)
}

func (c *Client) CreateSubscription(ctx context.Context, sub Subscription) (string, error) {
	created, err := viewOf(c).Create(ctx, sub, CreateOptions{})
	return created.ODataID, err
}

// ListSubscriptions lists the collection afresh.
func (c *Client) ListSubscriptions(ctx context.Context) ([]Subscription, error) {
	return viewOf(c).relist(ctx)
}

// DeleteSubscription deletes unconditionally (the ownership check is
// View.Delete's, tested on its own).
func (c *Client) DeleteSubscription(ctx context.Context, id string) error {
	_, err := c.deleteSubscription(ctx, NormalizeODataID(id))
	if err == nil {
		viewOf(c).shared.remove(NormalizeODataID(id))
	}
	return err
}
