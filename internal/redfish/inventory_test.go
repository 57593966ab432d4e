package redfish

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

func TestCreateAnswers(t *testing.T) {
	// Each answer is the emulator's create, performed, then answered the
	// way a BMC was seen to answer it (see bmcsim.FaultCommitThenAnswer).
	type answer struct {
		status   int
		location string // "" → none; "{url}" stands for the BMC's base URL
		body     string
	}
	cases := []struct {
		name      string
		answer    answer
		listCalls bool
	}{
		{"201 absolute Location", answer{http.StatusCreated, "{url}{location}", ""}, false},
		{"201 Location with trailing slash", answer{http.StatusCreated, "{location}/", ""}, false},
		{"201 bare member id as Location", answer{http.StatusCreated, "{id}", ""}, false},
		{"201 body, no Location", answer{http.StatusCreated, "", "{body}"}, false},
		{"200 body, no Location", answer{http.StatusOK, "", "{body}"}, false},
		{"iLO: 201 error-shaped body with Created and a Location", answer{http.StatusCreated, "{url}{location}",
			`{"error":{"code":"iLO.0.10.ExtendedInfo","message":"See @Message.ExtendedInfo for more information.",` +
				`"@Message.ExtendedInfo":[{"MessageId":"Base.1.4.Created"}]}}`}, false},
		{"201 error-shaped body, no Location", answer{http.StatusCreated, "",
			`{"error":{"code":"Base.1.4.Success","@Message.ExtendedInfo":[{"MessageId":"Base.1.4.Created"}]}}`}, true},
		{"204 nothing", answer{http.StatusNoContent, "", ""}, true},
		{"202 with a task monitor", answer{http.StatusAccepted, "/redfish/v1/TaskService/TaskMonitors/7", ""}, true},
	}
	for _, tc := range cases {
		for _, expand := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/expand=%v", tc.name, expand), func(t *testing.T) {
				b := startRecordedSim(t, bmcsim.Options{})
				if !expand {
					withoutExpand(b)
				}
				f := bmcsim.Fault{Type: bmcsim.FaultCommitThenAnswer, Count: 1, Status: tc.answer.status, Body: tc.answer.body}
				if tc.answer.location != "" {
					f.Header = http.Header{"Location": {strings.ReplaceAll(tc.answer.location, "{url}", b.URL())}}
				}
				b.InjectFault(bmcsim.KindSubscriptionCreate, f)
				// Out-of-band subscriptions, one to the same destination with another context.
				b.AddSubscription(bmcsim.Subscription{Destination: "https://l.example.com/e", Context: "other", Protocol: "Redfish"})
				b.AddSubscription(bmcsim.Subscription{Destination: "mailto:ops@example.com", Protocol: "SMTP"})
				c := connectTo(t, simConfig(b, AuthSession))
				id, err := c.CreateSubscription(testCtx(t), Subscription{
					Destination: "https://l.example.com/e", Context: ptr("mine"), Severities: []string{"Critical"},
				})
				if err != nil {
					t.Fatal(err)
				}
				if id != simSubs+"/3" {
					t.Fatalf("id = %q, want %s/3", id, simSubs)
				}
				// The duplicate check lists once; an answer without the
				// new subscription's path makes it list again to find it.
				relisted := b.CountRequests(http.MethodGet, simSubs, false) > 1
				if relisted != tc.listCalls {
					t.Errorf("listed the collection again: %v, want %v", relisted, tc.listCalls)
				}
				if n := b.CountRequests(http.MethodPost, simSubs, false); n != 1 {
					t.Errorf("POSTs = %d", n)
				}
			})
		}
	}
}

// noLocation answers every create 204 with neither Location nor body.
var noLocation = bmcsim.Fault{Type: bmcsim.FaultCreateNoLocation}

// TestCreateRefusesTwins: a create identical to a member the BMC holds is
// refused before any POST and names the member; without Location or body,
// the new subscription is the one new member provably equal to it.
func TestCreateRefusesTwins(t *testing.T) {
	b := startRecordedSim(t, bmcsim.Options{})
	b.InjectFault(bmcsim.KindSubscriptionCreate, noLocation)
	c := connectTo(t, simConfig(b, AuthSession))
	ctx := testCtx(t)
	sub := Subscription{Destination: "https://l.example.com/e", Context: ptr("same")}
	id, err := c.CreateSubscription(ctx, sub)
	if err != nil || id != simSubs+"/1" {
		t.Fatalf("first create: %q, %v", id, err)
	}
	_, err = c.CreateSubscription(ctx, sub)
	var exists *ExistsError
	if !errors.As(err, &exists) || len(exists.IDs) != 1 || exists.IDs[0] != id || !exists.Claimed {
		t.Fatalf("second create: %v", err)
	}
	if n := b.CountRequests(http.MethodPost, simSubs, false); n != 1 {
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
	if err != nil || created.ODataID != id || created.Adopted == "" || b.CountRequests(http.MethodPost, simSubs, false) != 1 {
		t.Fatalf("adopt: %+v, %v", created, err)
	}

	// Created concurrently by three resources: same destination and context,
	// different severities. Each gets its own.
	b2 := startSim(t, bmcsim.Options{})
	b2.InjectFault(bmcsim.KindSubscriptionCreate, noLocation)
	c2 := connectTo(t, simConfig(b2, AuthSession))
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
	foreign := bmcsim.Subscription{Destination: "https://l.example.com/e", Context: "theirs", Protocol: "Redfish"}
	// lostCreate starts an emulator holding foreign whose next count creates
	// meet fault, and a client whose waits between listings pass at once.
	lostCreate := func(t *testing.T, fault bmcsim.Fault) (*bmcsim.BMC, *Client) {
		t.Helper()
		b := startRecordedSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindSubscriptionCreate, fault)
		b.AddSubscription(foreign)
		return b, connectWithClock(t, simConfig(b, AuthSession), newFakeClock())
	}
	posts := func(b *bmcsim.BMC) int { return b.CountRequests(http.MethodPost, simSubs, false) }
	listings := func(b *bmcsim.BMC) int { return b.CountRequests(http.MethodGet, simSubs, false) }
	t.Run("BMC created it", func(t *testing.T) {
		b, c := lostCreate(t, bmcsim.Fault{Type: bmcsim.FaultCommitThenDrop, Count: 1})
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		if err != nil {
			t.Fatalf("err = %v", err)
		}
		if id != simSubs+"/2" {
			t.Fatalf("id = %q, want the one the BMC created", id)
		}
		if n := posts(b); n != 1 {
			t.Fatalf("POSTs = %d: a POST the BMC may have acted on was repeated", n)
		}
	})
	t.Run("BMC did not create it: sent once more", func(t *testing.T) {
		b, c := lostCreate(t, bmcsim.Fault{Type: bmcsim.FaultReset, Count: 1})
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		if err != nil || id != simSubs+"/2" {
			t.Fatalf("id = %q, err = %v", id, err)
		}
		// The duplicate check, one lost POST, three listings that show it
		// was not applied, one more POST.
		if posts(b) != 2 || listings(b) != 1+3 || len(b.Subscriptions()) != 2 {
			t.Fatalf("POSTs = %d, listings = %d, subscriptions = %d", posts(b), listings(b), len(b.Subscriptions()))
		}
	})
	t.Run("BMC did not create it twice", func(t *testing.T) {
		b, c := lostCreate(t, bmcsim.Fault{Type: bmcsim.FaultReset, Count: 2})
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		if err == nil || id != "" {
			t.Fatalf("id = %q, err = %v; want no id and an error", id, err)
		}
		if !strings.Contains(err.Error(), "did not create it") || posts(b) != 2 || listings(b) != 1+3+3 {
			t.Fatalf("err = %v, POSTs = %d", err, posts(b))
		}
	})
	t.Run("500 after creating", func(t *testing.T) {
		b := startRecordedSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultCommitThenAnswer, Count: 1, Status: http.StatusInternalServerError,
			Body: `{"error":{"code":"Base.1.22.GeneralError","message":"A general error has occurred.","@Message.ExtendedInfo":[` +
				`{"MessageId":"Base.1.22.InternalError","Message":"The request failed due to an internal service error."}]}}`})
		c := connectTo(t, simConfig(b, AuthSession))
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e"})
		if err != nil || id != simSubs+"/1" || posts(b) != 1 {
			t.Fatalf("id = %q, err = %v, POSTs = %d", id, err, posts(b))
		}
	})
	t.Run("two new twins: neither adopted, both named", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		// Another run's create lands while ours is lost: two new members
		// provably equal to ours, and nothing proves which is ours.
		b.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultCommitThenAnswer, Count: 1, Status: http.StatusBadGateway,
			Body: `{"error":{"code":"Base.1.22.GeneralError","message":"proxy timeout"}}`,
			During: func() {
				b.AddSubscription(bmcsim.Subscription{Destination: "https://l.example.com/e", Context: "c", Protocol: "Redfish"})
			}})
		c := connectWithClock(t, simConfig(b, AuthSession), newFakeClock())
		id, err := c.CreateSubscription(testCtx(t), Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		var amb *AmbiguousCreateError
		if id != "" || !errors.As(err, &amb) || len(amb.Candidates) != 2 {
			t.Fatalf("id = %q, err = %v", id, err)
		}
	})
	t.Run("listing fails after a lost answer: no adoption, no second POST", func(t *testing.T) {
		b := startRecordedSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultCommitThenDrop, Count: 1})
		c := connectWithClock(t, simConfig(b, AuthSession), newFakeClock())
		ctx := testCtx(t)
		if _, err := c.ListSubscriptions(ctx); err != nil { // the duplicate check's listing
			t.Fatal(err)
		}
		b.InjectFault(bmcsim.KindSubscriptionList, bmcsim.Fault{Type: bmcsim.FaultInternalError, Count: 100})
		id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e", Context: ptr("c")})
		var amb *AmbiguousCreateError
		if id != "" || !errors.As(err, &amb) || amb.ListErr == nil || posts(b) != 1 {
			t.Fatalf("id = %q, err = %v, POSTs = %d", id, err, posts(b))
		}
	})
	t.Run("caller's context ends mid-POST", func(t *testing.T) {
		// Real time: the BMC's own pace is what the client must wait out.
		// The BMC creates the subscription 300ms after the request, long
		// after the caller gave up (100ms); the client looks at ~100ms,
		// ~600ms and ~1.6s.
		b := startSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindSubscriptionCreate, bmcsim.Fault{Type: bmcsim.FaultLateCommit, Count: 1, Duration: 300 * time.Millisecond})
		cfg := simConfig(b, AuthSession)
		cfg.RetryWait = 500 * time.Millisecond
		c := connectTo(t, cfg)
		if _, err := c.ListSubscriptions(testCtx(t)); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
		if err != nil || id != simSubs+"/1" {
			t.Fatalf("id = %q, err = %v; want the subscription the BMC created after all", id, err)
		}
	})
}
