package redfish

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRetries(t *testing.T) {
	t.Run("POST 503 with Retry-After is retried", func(t *testing.T) {
		f := newFakeBMC(t)
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 2, status: 503,
			header: map[string]string{"Retry-After": "0"}})
		f.start()
		c := connectTo(t, f.config())
		if _, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e"}); err != nil {
			t.Fatal(err)
		}
		if n := f.requests("POST", f.subsPath); n != 3 || f.count() != 1 {
			t.Fatalf("POSTs = %d, subscriptions = %d", n, f.count())
		}
	})
	t.Run("POST 429 without Retry-After is retried", func(t *testing.T) {
		f := newFakeBMC(t)
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 1, status: 429})
		f.start()
		c := connectTo(t, f.config())
		if _, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e"}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("POST 400 is not retried and quotes the BMC", func(t *testing.T) {
		f := newFakeBMC(t)
		f.answerCreate = func(w http.ResponseWriter, id string) {
			delete(f.subs, id)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprint(w, `{"error":{"code":"Base.1.22.GeneralError","message":"A general error has occurred. See ExtendedInfo for more information.",`+
				`"@Message.ExtendedInfo":[{"MessageId":"Base.1.22.PropertyValueFormatError","Message":"The value 'x' for the property Context is not a format that the property can accept.",`+
				`"RelatedProperties":["#/Context"],"Resolution":"Correct the value for the property in the request body and resubmit the request if the operation failed."}]}}`)
		}
		f.start()
		c := connectTo(t, f.config())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("x")})
		if err == nil || id != "" {
			t.Fatal("no error")
		}
		e := AsError(err)
		if e == nil || e.StatusCode != 400 || PropertyName(e.RelatedProperties()[0]) != "Context" {
			t.Fatalf("err = %#v", err)
		}
		want := "POST " + f.subsPath + " on " + f.URL() + ": 400 Bad Request: The value 'x' for the property Context is not a format"
		if !strings.HasPrefix(err.Error(), want) {
			t.Errorf("err = %v", err)
		}
		if f.requests("POST", f.subsPath) != 1 || f.gets(f.subsPath) != 1 {
			t.Error("a 400 was retried or followed by a listing besides the duplicate check")
		}
	})
	t.Run("GET is retried on 5xx, 429 and resets, within MaxRetries", func(t *testing.T) {
		f := newFakeBMC(t).start()
		c := connectTo(t, f.config())
		ctx := testCtx(t)
		id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
		if err != nil {
			t.Fatal(err)
		}
		f.addFault(&fault{method: "GET", path: id, times: 1, status: 500})
		f.addFault(&fault{method: "GET", path: id, times: 1, status: 429})
		f.addFault(&fault{method: "GET", path: id, times: 1, hijack: true})
		if _, err := c.GetSubscription(ctx, id); err != nil {
			t.Fatal(err)
		}
		if n := f.requests("GET", id); n != 4 {
			t.Errorf("GETs = %d, want 4", n)
		}
		f.addFault(&fault{method: "GET", path: id, times: 10, status: 503})
		_, err = c.GetSubscription(ctx, id)
		if e := AsError(err); e == nil || e.StatusCode != 503 {
			t.Fatalf("err = %v", err)
		}
		if n := f.requests("GET", id); n != 4+4 {
			t.Errorf("GETs = %d, want 1 + MaxRetries(3) more", n-4)
		}
	})
	t.Run("DELETE retried on 503", func(t *testing.T) {
		f := newFakeBMC(t).start()
		c := connectTo(t, f.config())
		ctx := testCtx(t)
		id, _ := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
		f.addFault(&fault{method: "DELETE", path: id, times: 2, status: 503})
		if err := c.DeleteSubscription(ctx, id); err != nil || f.count() != 0 {
			t.Fatalf("err = %v, left %d", err, f.count())
		}
	})
	t.Run("connection refused is retried, then reported", func(t *testing.T) {
		f := newFakeBMC(t).start()
		c := connectTo(t, f.config())
		addr := f.srv.Listener.Addr().String()
		f.srv.Close()
		start := time.Now()
		_, err := c.GetSubscription(testCtx(t), "/redfish/v1/EventService/Subscriptions/1")
		var te *transportError
		if !errors.As(err, &te) || !isDialError(err) {
			t.Fatalf("err = %v", err)
		}
		if !strings.Contains(err.Error(), addr) && !strings.Contains(err.Error(), f.URL()) {
			t.Errorf("err %v does not name the BMC", err)
		}
		if time.Since(start) > 5*time.Second {
			t.Error("too slow")
		}
	})
	t.Run("a request timeout says so", func(t *testing.T) {
		f := newFakeBMC(t).start()
		cfg := f.config()
		cfg.Timeout = 100 * time.Millisecond
		cfg.MaxRetries = 1
		c := connectTo(t, cfg)
		f.addFault(&fault{method: "GET", path: "/redfish/v1/EventService", times: 10, delay: time.Second, status: 200})
		_, err := c.EventService(testCtx(t))
		if err == nil || !strings.Contains(err.Error(), "no answer within the request timeout of 100ms") ||
			!strings.Contains(err.Error(), "GET /redfish/v1/EventService on "+f.URL()) {
			t.Fatalf("err = %v", err)
		}
		if n := f.gets("/redfish/v1/EventService"); n != 2 {
			t.Errorf("GETs = %d, want 2 (MaxRetries 1)", n)
		}
	})
	t.Run("context cancellation stops waiting", func(t *testing.T) {
		f := newFakeBMC(t).start()
		c := connectTo(t, f.config())
		f.addFault(&fault{method: "GET", path: "/redfish/v1/EventService/Subscriptions/1", times: 10, status: 503,
			header: map[string]string{"Retry-After": "30"}})
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.GetSubscription(ctx, "/redfish/v1/EventService/Subscriptions/1")
		if err == nil || time.Since(start) > 2*time.Second {
			t.Fatalf("err = %v after %v", err, time.Since(start))
		}
	})
}
