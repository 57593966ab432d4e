package redfish

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

func TestList(t *testing.T) {
	seed := func(b *bmcsim.BMC, n int) {
		for i := range n {
			proto := "Redfish"
			if i%5 == 4 {
				proto = "SNMPv2c"
			}
			b.AddSubscription(bmcsim.Subscription{Destination: fmt.Sprintf("https://l.example.com/%d", i), Protocol: proto, Context: fmt.Sprint(i)})
		}
	}
	check := func(t *testing.T, subs []Subscription, n int) {
		t.Helper()
		if len(subs) != n {
			t.Fatalf("listed %d, want %d", len(subs), n)
		}
		snmp := 0
		for i, s := range subs {
			if s.Destination != fmt.Sprintf("https://l.example.com/%d", i) || s.ODataID == "" || s.ID == "" {
				t.Fatalf("member %d = %+v", i, s)
			}
			if *s.Protocol == "SNMPv2c" {
				snmp++
			}
		}
		if snmp != n/5 {
			t.Errorf("SNMP members = %d, want %d (callers filter, not the client)", snmp, n/5)
		}
	}
	t.Run("expand and paging", func(t *testing.T) {
		b := startRecordedSim(t, bmcsim.Options{PageSize: 4})
		seed(b, 10)
		c := connectTo(t, simConfig(b, AuthSession))
		subs, err := c.ListSubscriptions(testCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		check(t, subs, 10)
		var pages []string
		for _, r := range b.Requests() {
			if r.Method == http.MethodGet && strings.HasPrefix(r.Path, simSubs) {
				pages = append(pages, r.Path+"?"+r.Query)
			}
		}
		if len(pages) != 3 || !strings.Contains(pages[0], "$expand=.($levels=1)") {
			t.Fatalf("requests = %v; want 3 expanded pages", pages)
		}
	})
	t.Run("absolute nextLink", func(t *testing.T) {
		// Some BMCs write Members@odata.nextLink as a full URL.
		b := startRecordedSim(t, bmcsim.Options{PageSize: 4})
		b.InjectFault(bmcsim.KindSubscriptionList, bmcsim.Fault{Type: bmcsim.FaultRewrite, Rewrite: func(coll map[string]any) {
			if next, ok := coll["Members@odata.nextLink"].(string); ok && strings.HasPrefix(next, "/") {
				coll["Members@odata.nextLink"] = b.URL() + next
			}
		}})
		seed(b, 10)
		c := connectTo(t, simConfig(b, AuthSession))
		subs, err := c.ListSubscriptions(testCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		check(t, subs, 10)
		if n := b.CountRequests(http.MethodGet, simSubs, false); n != 3 {
			t.Fatalf("%d pages read, want 3", n)
		}
		if n := b.Stats().FaultsInjected[bmcsim.FaultRewrite]; n != 3 {
			t.Fatalf("%d pages rewritten", n)
		}
	})
	t.Run("member by member, bounded", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{PageSize: 7})
		withoutExpand(b)
		b.InjectFault(bmcsim.KindSubscriptionGet, bmcsim.Fault{Type: bmcsim.FaultLatency, Latency: 20 * time.Millisecond})
		seed(b, 20)
		c := connectTo(t, simConfig(b, AuthSession))
		b.ResetStats()
		subs, err := c.ListSubscriptions(testCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		check(t, subs, 20)
		if peak := b.Stats().PeakConcurrent; peak > maxConcurrentRequests || peak < 2 {
			t.Errorf("max member GETs in flight = %d, want 2..%d", peak, maxConcurrentRequests)
		}
	})
	t.Run("$expand fails: fall back once", func(t *testing.T) {
		b := startRecordedSim(t, bmcsim.Options{})
		b.InjectFault(bmcsim.KindSubscriptionList, bmcsim.Fault{Type: bmcsim.FaultAnswer, Status: http.StatusBadRequest, Match: withQuery("$expand"),
			Body: `{"error":{"code":"Base.1.22.QueryNotSupported","message":"Querying is not supported by the implementation."}}`})
		seed(b, 5)
		c := connectTo(t, simConfig(b, AuthSession))
		for range 2 {
			subs, err := c.ListSubscriptions(testCtx(t))
			if err != nil {
				t.Fatal(err)
			}
			check(t, subs, 5)
		}
		expanded := 0
		for _, r := range b.Requests() {
			if strings.Contains(r.Query, "expand") {
				expanded++
			}
		}
		if expanded != 1 {
			t.Errorf("$expand tried %d times, want once", expanded)
		}
	})
	t.Run("member deleted while listing", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		withoutExpand(b)
		seed(b, 3)
		b.InjectFault(bmcsim.KindSubscriptionGet, bmcsim.Fault{Type: bmcsim.FaultAnswer, Count: 1, Status: http.StatusNotFound, Match: onPath(simSubs + "/2")})
		c := connectTo(t, simConfig(b, AuthSession))
		subs, err := c.ListSubscriptions(testCtx(t))
		if err != nil || len(subs) != 2 {
			t.Fatalf("%d members, err %v", len(subs), err)
		}
	})
	t.Run("member error fails the listing", func(t *testing.T) {
		b := startSim(t, bmcsim.Options{})
		withoutExpand(b)
		seed(b, 3)
		b.InjectFault(bmcsim.KindSubscriptionGet, bmcsim.Fault{Type: bmcsim.FaultAnswer, Count: 10, Status: http.StatusForbidden, Match: onPath(simSubs + "/2")})
		c := connectTo(t, simConfig(b, AuthSession))
		if _, err := c.ListSubscriptions(testCtx(t)); err == nil || AsError(err).StatusCode != 403 {
			t.Fatalf("err = %v", err)
		}
	})
}
