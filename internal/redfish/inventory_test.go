package redfish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestCreateAnswers(t *testing.T) {
	type answer func(f *fakeBMC, w http.ResponseWriter, id string)
	json201 := func(f *fakeBMC, w http.ResponseWriter, id string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(f.subs[id])
	}
	cases := []struct {
		name      string
		answer    answer
		listCalls bool
	}{
		{"201 absolute Location", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.Header().Set("Location", f.URL()+f.subsPath+"/"+id)
			w.WriteHeader(http.StatusCreated)
		}, false},
		{"201 Location with trailing slash", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.Header().Set("Location", f.subsPath+"/"+id+"/")
			w.WriteHeader(http.StatusCreated)
		}, false},
		{"201 bare member id as Location", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.Header().Set("Location", id)
			w.WriteHeader(http.StatusCreated)
		}, false},
		{"201 body, no Location", json201, false},
		{"200 body, no Location", func(f *fakeBMC, w http.ResponseWriter, id string) {
			_ = json.NewEncoder(w).Encode(f.subs[id])
		}, false},
		{"iLO: 201 error-shaped body with Created and a Location", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.Header().Set("Location", f.URL()+f.subsPath+"/"+id)
			w.WriteHeader(http.StatusCreated)
			_, _ = fmt.Fprint(w, `{"error":{"code":"iLO.0.10.ExtendedInfo","message":"See @Message.ExtendedInfo for more information.",`+
				`"@Message.ExtendedInfo":[{"MessageId":"Base.1.4.Created"}]}}`)
		}, false},
		{"201 error-shaped body, no Location", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.WriteHeader(http.StatusCreated)
			_, _ = fmt.Fprint(w, `{"error":{"code":"Base.1.4.Success","@Message.ExtendedInfo":[{"MessageId":"Base.1.4.Created"}]}}`)
		}, true},
		{"204 nothing", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.WriteHeader(http.StatusNoContent)
		}, true},
		{"202 with a task monitor", func(f *fakeBMC, w http.ResponseWriter, id string) {
			w.Header().Set("Location", "/redfish/v1/TaskService/TaskMonitors/7")
			w.WriteHeader(http.StatusAccepted)
		}, true},
	}
	for _, tc := range cases {
		for _, expand := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/expand=%v", tc.name, expand), func(t *testing.T) {
				f := newFakeBMC(t)
				f.expand = expand
				f.answerCreate = func(w http.ResponseWriter, id string) { tc.answer(f, w, id) }
				f.start()
				// Out-of-band subscriptions, one to the same destination with another context.
				f.seed(map[string]any{"Destination": "https://l.example.com/e", "Context": "other", "Protocol": "Redfish"})
				f.seed(map[string]any{"Destination": "mailto:ops@example.com", "Protocol": "SMTP"})
				c := connectTo(t, f.config())
				id, err := c.CreateSubscription(testCtx(t), Subscription{
					Destination: "https://l.example.com/e", Context: ptr("mine"), Severities: []string{"Critical"},
				})
				if err != nil {
					t.Fatal(err)
				}
				if id != f.subsPath+"/3" {
					t.Fatalf("id = %q, want %s/3", id, f.subsPath)
				}
				// The duplicate check lists once; an answer without the
				// new subscription's path makes it list again to find it.
				relisted := f.gets(f.subsPath) > 1
				if relisted != tc.listCalls {
					t.Errorf("listed the collection again: %v, want %v", relisted, tc.listCalls)
				}
				if f.requests("POST", f.subsPath) != 1 {
					t.Errorf("POSTs = %d", f.requests("POST", f.subsPath))
				}
			})
		}
	}
}

// TestCreateRefusesTwins: a create identical to a member the BMC holds is
// refused before any POST and names the member; without Location or body,
// the new subscription is the one new member provably equal to it.
func TestCreateRefusesTwins(t *testing.T) {
	f := newFakeBMC(t)
	f.answerCreate = func(w http.ResponseWriter, id string) { w.WriteHeader(http.StatusNoContent) }
	f.start()
	c := connectTo(t, f.config())
	ctx := testCtx(t)
	sub := Subscription{Destination: "https://l.example.com/e", Context: ptr("same")}
	id, err := c.CreateSubscription(ctx, sub)
	if err != nil || id != f.subsPath+"/1" {
		t.Fatalf("first create: %q, %v", id, err)
	}
	_, err = c.CreateSubscription(ctx, sub)
	var exists *ExistsError
	if !errors.As(err, &exists) || len(exists.IDs) != 1 || exists.IDs[0] != id || !exists.Claimed {
		t.Fatalf("second create: %v", err)
	}
	if n := f.requests("POST", f.subsPath); n != 1 {
		t.Fatalf("POSTs = %d: a twin was created", n)
	}
	// A fresh process (another Terraform run) is told the same, without the
	// "this configuration" note.
	_, err = NewInventory().View(c).Create(ctx, sub, CreateOptions{})
	if !errors.As(err, &exists) || exists.Claimed {
		t.Fatalf("create from another process: %v", err)
	}
	// With AdoptExisting it records the one twin instead, without a POST.
	created, err := NewInventory().View(c).Create(ctx, sub, CreateOptions{AdoptExisting: true})
	if err != nil || created.ODataID != id || created.Adopted == "" || f.requests("POST", f.subsPath) != 1 {
		t.Fatalf("adopt: %+v, %v", created, err)
	}

	// Created concurrently by three resources: same destination and context,
	// different severities. Each gets its own.
	f2 := newFakeBMC(t)
	f2.answerCreate = func(w http.ResponseWriter, id string) { w.WriteHeader(http.StatusNoContent) }
	f2.start()
	c2 := connectTo(t, f2.config())
	var wg sync.WaitGroup
	got := map[string]string{}
	var mu sync.Mutex
	for _, sev := range []string{"Critical", "Warning", "OK"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := c2.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e", Context: ptr("c"), Severities: []string{sev}})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			got[sev] = id
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(got) != 3 {
		t.Fatalf("created %v", got)
	}
	for sev, id := range got {
		s, err := c2.GetSubscription(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Severities) != 1 || s.Severities[0] != sev {
			t.Errorf("create for %s returned %s, which has %v", sev, id, s.Severities)
		}
	}
}

func TestCreateAfterLostAnswer(t *testing.T) {
	// A foreign subscription to the same destination, with another context:
	// never adopted.
	foreign := map[string]any{"Destination": "https://l.example.com/e", "Context": "theirs", "Protocol": "Redfish"}
	t.Run("BMC created it", func(t *testing.T) {
		f := newFakeBMC(t)
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 1, hijack: true, commit: true})
		f.start()
		f.seed(foreign)
		c := connectTo(t, f.config())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		if err != nil {
			t.Fatalf("err = %v", err)
		}
		if id != f.subsPath+"/2" {
			t.Fatalf("id = %q, want the one the BMC created", id)
		}
		if n := f.requests("POST", f.subsPath); n != 1 {
			t.Fatalf("POSTs = %d: a POST the BMC may have acted on was repeated", n)
		}
	})
	t.Run("BMC did not create it: sent once more", func(t *testing.T) {
		f := newFakeBMC(t)
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 1, hijack: true})
		f.start()
		f.seed(foreign)
		c := connectTo(t, f.config())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		if err != nil || id != f.subsPath+"/2" {
			t.Fatalf("id = %q, err = %v", id, err)
		}
		// The duplicate check, one lost POST, three listings that show it
		// was not applied, one more POST.
		if f.requests("POST", f.subsPath) != 2 || f.gets(f.subsPath) != 1+3 || f.count() != 2 {
			t.Fatalf("POSTs = %d, listings = %d, subscriptions = %d",
				f.requests("POST", f.subsPath), f.gets(f.subsPath), f.count())
		}
	})
	t.Run("BMC did not create it twice", func(t *testing.T) {
		f := newFakeBMC(t)
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 2, hijack: true})
		f.start()
		f.seed(foreign)
		c := connectTo(t, f.config())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		if err == nil || id != "" {
			t.Fatalf("id = %q, err = %v; want no id and an error", id, err)
		}
		if !strings.Contains(err.Error(), "did not create it") || f.requests("POST", f.subsPath) != 2 ||
			f.gets(f.subsPath) != 1+3+3 {
			t.Fatalf("err = %v, POSTs = %d", err, f.requests("POST", f.subsPath))
		}
	})
	t.Run("500 after creating", func(t *testing.T) {
		f := newFakeBMC(t)
		f.answerCreate = func(w http.ResponseWriter, id string) {
			redfishError(w, http.StatusInternalServerError, "Base.1.22.InternalError", "The request failed due to an internal service error.", "")
		}
		f.start()
		c := connectTo(t, f.config())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e"})
		if err != nil || id != f.subsPath+"/1" || f.requests("POST", f.subsPath) != 1 {
			t.Fatalf("id = %q, err = %v, POSTs = %d", id, err, f.requests("POST", f.subsPath))
		}
	})
	t.Run("two new twins: neither adopted, both named", func(t *testing.T) {
		f := newFakeBMC(t)
		sub := map[string]any{"Destination": "https://l.example.com/e", "Context": "c", "Protocol": "Redfish"}
		// Another run's create lands while ours is lost: two new members
		// provably equal to ours, and nothing proves which is ours.
		f.answerCreate = func(w http.ResponseWriter, id string) {
			f.store(sub) // f.mu is held while answering
			redfishError(w, http.StatusBadGateway, "Base.1.22.InternalError", "proxy timeout", "")
		}
		f.start()
		c := connectTo(t, f.config())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		var amb *AmbiguousCreateError
		if id != "" || !errors.As(err, &amb) || len(amb.Candidates) != 2 {
			t.Fatalf("id = %q, err = %v", id, err)
		}
	})
	t.Run("listing fails after a lost answer: no adoption, no second POST", func(t *testing.T) {
		f := newFakeBMC(t)
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 1, hijack: true, commit: true})
		f.start()
		c := connectTo(t, f.config())
		ctx := testCtx(t)
		if _, err := c.ListSubscriptions(ctx); err != nil { // the duplicate check's listing
			t.Fatal(err)
		}
		f.addFault(&fault{method: "GET", path: f.subsPath, times: 100, status: 500})
		id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		var amb *AmbiguousCreateError
		if id != "" || !errors.As(err, &amb) || amb.ListErr == nil || f.requests("POST", f.subsPath) != 1 {
			t.Fatalf("id = %q, err = %v, POSTs = %d", id, err, f.requests("POST", f.subsPath))
		}
	})
	t.Run("caller's context ends mid-POST", func(t *testing.T) {
		f := newFakeBMC(t)
		// The BMC creates the subscription 300ms after the request, long
		// after the caller gave up (100ms).
		f.addFault(&fault{method: "POST", path: "/redfish/v1/EventService/Subscriptions", times: 1,
			delay: 300 * time.Millisecond, hijack: true, commit: true})
		f.start()
		cfg := f.config()
		cfg.RetryWait = 200 * time.Millisecond // listings at ~100, ~300, ~700ms
		c := connectTo(t, cfg)
		if _, err := c.ListSubscriptions(testCtx(t)); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
		if err != nil || id != f.subsPath+"/1" {
			t.Fatalf("id = %q, err = %v; want the subscription the BMC created after all", id, err)
		}
	})
}
