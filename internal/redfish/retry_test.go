package redfish

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// fastRetries is simConfig with the retry settings these tests assume, and
// a session login (basic authentication reads the EventService to check
// the credentials, which would leave nothing for these tests to read).
func fastRetries(b *bmcsim.BMC) ConnectionConfig {
	cfg := simConfig(b, AuthSession)
	cfg.MaxRetries = 3
	return cfg
}

func TestRetries(t *testing.T) {
	t.Run("POST 503 with Retry-After is retried", func(t *testing.T) {
		b := startRecordedSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultAnswer, Count: 2, Status: http.StatusServiceUnavailable,
			Header: http.Header{"Retry-After": {"0"}}})
		clk := newFakeClock()
		c := connectWithClock(t, fastRetries(b), clk)
		if _, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e"}); err != nil {
			t.Fatal(err)
		}
		if n := b.CountRequests(http.MethodPost, simSubs, false); n != 3 || len(b.Subscriptions()) != 1 {
			t.Fatalf("POSTs = %d, subscriptions = %d", n, len(b.Subscriptions()))
		}
		if got := clk.Waits(); len(got) != 2 || got[0] != 0 || got[1] != 0 {
			t.Errorf("waited %v, want the BMC's Retry-After: 0 twice", got)
		}
	})
	t.Run("POST 429 without Retry-After is retried", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindSubscriptionCreate, answer(http.StatusTooManyRequests, 1, ""))
		c := connectWithClock(t, fastRetries(b), newFakeClock())
		if _, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e"}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("POST 400 is not retried and quotes the BMC", func(t *testing.T) {
		b := startRecordedSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindSubscriptionCreate, answer(http.StatusBadRequest, 1,
			`{"error":{"code":"Base.1.22.GeneralError","message":"A general error has occurred. See ExtendedInfo for more information.",`+
				`"@Message.ExtendedInfo":[{"MessageId":"Base.1.22.PropertyValueFormatError","Message":"The value 'x' for the property Context is not a format that the property can accept.",`+
				`"RelatedProperties":["#/Context"],"Resolution":"Correct the value for the property in the request body and resubmit the request if the operation failed."}]}}`))
		c := connectWithClock(t, fastRetries(b), newFakeClock())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("x")})
		if err == nil || id != "" {
			t.Fatal("no error")
		}
		e := AsError(err)
		if e == nil || e.StatusCode != 400 || PropertyName(e.RelatedProperties()[0]) != "Context" {
			t.Fatalf("err = %#v", err)
		}
		want := "POST " + simSubs + " on " + b.URL() + ": 400 Bad Request: The value 'x' for the property Context is not a format"
		if !strings.HasPrefix(err.Error(), want) {
			t.Errorf("err = %v", err)
		}
		if b.CountRequests(http.MethodPost, simSubs, false) != 1 || b.CountRequests(http.MethodGet, simSubs, false) != 1 {
			t.Error("a 400 was retried or followed by a listing besides the duplicate check")
		}
	})
	t.Run("GET is retried on 5xx, 429 and resets, within MaxRetries", func(t *testing.T) {
		b := startRecordedSim(t, bmcsim.Options{})
		clk := newFakeClock()
		cfg := fastRetries(b)
		c := connectWithClock(t, cfg, clk)
		ctx := testCtx(t)
		id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
		if err != nil {
			t.Fatal(err)
		}
		only := func(f bmcsim.Fault) bmcsim.Fault { f.Match = onPath(id); return f }
		b.InjectFault(bmcsim.KindSubscriptionGet, only(answer(http.StatusInternalServerError, 1, "")))
		b.InjectFault(bmcsim.KindSubscriptionGet, only(answer(http.StatusTooManyRequests, 1, "")))
		// The connection closed without an answer.
		b.InjectFault(bmcsim.KindSubscriptionGet, only(bmcsim.Fault{Type: bmcsim.FaultCommitThenDrop, Count: 1}))
		if _, err := c.GetSubscription(ctx, id); err != nil {
			t.Fatal(err)
		}
		if n := b.CountRequests(http.MethodGet, id, false); n != 4 {
			t.Errorf("GETs = %d, want 4", n)
		}
		before := len(clk.Waits())
		b.InjectFault(bmcsim.KindSubscriptionGet, only(answer(http.StatusServiceUnavailable, 10, "")))
		_, err = c.GetSubscription(ctx, id)
		if e := AsError(err); e == nil || e.StatusCode != 503 {
			t.Fatalf("err = %v", err)
		}
		if n := b.CountRequests(http.MethodGet, id, false); n != 4+4 {
			t.Errorf("GETs = %d, want 1 + MaxRetries(3) more", n-4)
		}
		// Without Retry-After: RetryWait doubled per retry, plus up to 20% jitter.
		waits := clk.Waits()[before:]
		if len(waits) != 3 {
			t.Fatalf("waited %v, want one wait per retry", waits)
		}
		for i, w := range waits {
			lo := cfg.RetryWait << i
			if w < lo || w > lo+lo/5 {
				t.Errorf("wait %d = %v, want %v to %v", i, w, lo, lo+lo/5)
			}
		}
	})
	t.Run("DELETE retried on 503", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		c := connectWithClock(t, fastRetries(b), newFakeClock())
		ctx := testCtx(t)
		id, _ := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
		b.InjectFault(bmcsim.KindSubscriptionDelete, answer(http.StatusServiceUnavailable, 2, ""))
		if err := c.DeleteSubscription(ctx, id); err != nil || len(b.Subscriptions()) != 0 {
			t.Fatalf("err = %v, left %d", err, len(b.Subscriptions()))
		}
	})
	t.Run("connection refused is retried, then reported", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		clk := newFakeClock()
		c := connectWithClock(t, fastRetries(b), clk)
		addr := b.Addr()
		b.Close()
		_, err := c.GetSubscription(testCtx(t), "/redfish/v1/EventService/Subscriptions/1")
		var te *transportError
		if !errors.As(err, &te) || !isDialError(err) {
			t.Fatalf("err = %v", err)
		}
		if !strings.Contains(err.Error(), addr) && !strings.Contains(err.Error(), b.URL()) {
			t.Errorf("err %v does not name the BMC", err)
		}
		if n := len(clk.Waits()); n != 3 {
			t.Errorf("waited %d times, want one wait per retry (MaxRetries 3)", n)
		}
	})
	t.Run("a request timeout says so", func(t *testing.T) {
		// Real time: the HTTP timeout is what is under test. The BMC
		// holds each answer 30 times the timeout.
		b := startRecordedSim(t, bmcsim.Options{})
		cfg := fastRetries(b)
		cfg.Timeout = 100 * time.Millisecond
		cfg.MaxRetries = 1
		c := connectWithClock(t, cfg, newFakeClock())
		b.InjectFault(bmcsim.KindEventService, bmcsim.Fault{Type: bmcsim.FaultLatency, Latency: 3 * time.Second, Count: 10})
		_, err := c.EventService(testCtx(t))
		if err == nil || !strings.Contains(err.Error(), "no answer within the request timeout of 100ms") ||
			!strings.Contains(err.Error(), "GET /redfish/v1/EventService on "+b.URL()) {
			t.Fatalf("err = %v", err)
		}
		if n := b.CountRequests(http.MethodGet, "/redfish/v1/EventService", false); n != 2 {
			t.Errorf("GETs = %d, want 2 (MaxRetries 1)", n)
		}
	})
	t.Run("context cancellation stops waiting", func(t *testing.T) {
		// Real time: the wait is what the context must end. Without the
		// cancellation it would last 30s (Retry-After) per retry.
		b := startSim(t, bmcsim.Options{})
		c := connectTo(t, fastRetries(b))
		b.InjectFault(bmcsim.KindSubscriptionGet, bmcsim.Fault{Type: bmcsim.FaultAnswer, Count: 10, Status: http.StatusServiceUnavailable,
			Header: http.Header{"Retry-After": {"30"}}})
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.GetSubscription(ctx, "/redfish/v1/EventService/Subscriptions/1")
		if err == nil || time.Since(start) > 10*time.Second {
			t.Fatalf("err = %v after %v", err, time.Since(start))
		}
	})
}
