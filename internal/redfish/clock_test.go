package redfish

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeClock passes every wait at once and records it: time moves only
// when the client waits, so tests of retry timing assert the waits the
// client asked for, not wall-clock time on a loaded machine.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) bool {
	if ctx.Err() != nil {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waits = append(f.waits, d)
	f.now = f.now.Add(d)
	return true
}

// Waits returns the waits so far.
func (f *fakeClock) Waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.waits)
}

// connectWithClock connects through a pool whose clients wait on clk.
func connectWithClock(t *testing.T, cfg ConnectionConfig, clk clock) *Client {
	t.Helper()
	p := NewPool()
	p.clock = clk
	c, err := p.Client(testCtx(t), cfg)
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}
	return c
}

func TestRealClockSleepEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if (realClock{}).Sleep(ctx, time.Hour) {
		t.Fatal("a wait outlived its context")
	}
	if !(realClock{}).Sleep(context.Background(), time.Millisecond) {
		t.Fatal("a short wait did not complete")
	}
}

func TestClientWaitsOnItsPoolsClock(t *testing.T) {
	clk := newFakeClock()
	p := NewPool()
	p.clock = clk
	c := &Client{pool: p, cfg: ConnectionConfig{RetryWait: 100 * time.Millisecond}}
	if c.clock() != clock(clk) {
		t.Fatal("the client does not use its pool's clock")
	}
	if (&Client{}).clock() != clock(realClock{}) {
		t.Fatal("a client outside a pool does not use the real clock")
	}
	// An HTTP-date Retry-After is measured from the clock's now.
	at := clk.Now().Add(7 * time.Second).Format(http.TimeFormat)
	if d := c.backoff(0, http.Header{"Retry-After": {at}}); d != 7*time.Second {
		t.Fatalf("Retry-After %s waits %v on a clock at %v, want 7s", at, d, clk.Now())
	}
}
