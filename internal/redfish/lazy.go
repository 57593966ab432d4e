package redfish

import (
	"context"
	"sync"
)

// lazy computes a value once, on first use, for any number of concurrent
// callers: the first caller starts the computation, the others wait for it
// (each until its own context ends), and all receive the same result. A
// failure is not cached: the next call after it tries again, so a BMC that
// was briefly unreachable does not stay broken for the rest of the run.
//
// The computation runs detached from the caller's cancellation (values such
// as the logger are kept): one caller giving up must not fail the others
// waiting for the same BMC. Request timeouts and retry limits bound it.
type lazy[T any] struct {
	mu  sync.Mutex
	ok  bool
	val T
	cur *flight[T]
}

type flight[T any] struct {
	done chan struct{}
	val  T
	err  error
}

func (l *lazy[T]) get(ctx context.Context, compute func(context.Context) (T, error)) (T, error) {
	l.mu.Lock()
	if l.ok {
		v := l.val
		l.mu.Unlock()
		return v, nil
	}
	f := l.cur
	if f == nil {
		f = &flight[T]{done: make(chan struct{})}
		l.cur = f
		go func(ctx context.Context) {
			f.val, f.err = compute(ctx)
			l.mu.Lock()
			if f.err == nil {
				l.ok, l.val = true, f.val
			}
			l.cur = nil
			l.mu.Unlock()
			close(f.done)
		}(context.WithoutCancel(ctx))
	}
	l.mu.Unlock()

	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// peek returns the value if it has been computed.
func (l *lazy[T]) peek() (T, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.val, l.ok
}

// reset forgets the value, so the next get computes it again.
func (l *lazy[T]) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	var zero T
	l.ok, l.val = false, zero
}
