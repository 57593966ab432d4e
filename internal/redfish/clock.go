package redfish

import (
	"context"
	"time"
)

// clock is how the client tells the time and waits between retries. A
// Pool's clock is the real one; tests of retry behaviour give their pool a
// fake one, so that waits of seconds (a BMC's Retry-After, a doubled
// RetryWait) pass at once and the test asserts the waits themselves rather
// than wall-clock time on a loaded machine.
type clock interface {
	Now() time.Time
	// Sleep waits d; false when ctx ended first.
	Sleep(ctx context.Context, d time.Duration) bool
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// clock is the pool's clock (the real one for a client outside a pool).
func (c *Client) clock() clock {
	if c.pool == nil || c.pool.clock == nil {
		return realClock{}
	}
	return c.pool.clock
}
