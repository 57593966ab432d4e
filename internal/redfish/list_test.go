package redfish

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestList(t *testing.T) {
	seed := func(f *fakeBMC, n int) {
		for i := range n {
			proto := "Redfish"
			if i%5 == 4 {
				proto = "SNMPv2c"
			}
			f.seed(map[string]any{"Destination": fmt.Sprintf("https://l.example.com/%d", i), "Protocol": proto, "Context": fmt.Sprint(i)})
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
		f := newFakeBMC(t)
		f.expand = true
		f.pageSize = 4
		f.start()
		seed(f, 10)
		c := connectTo(t, f.config())
		subs, err := c.ListSubscriptions(testCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		check(t, subs, 10)
		var pages []string
		for _, r := range f.requestLog() {
			if r.Method == "GET" && strings.HasPrefix(r.Path, f.subsPath) {
				pages = append(pages, r.Path+"?"+r.Query)
			}
		}
		if len(pages) != 3 || !strings.Contains(pages[0], "$expand=.($levels=1)") {
			t.Fatalf("requests = %v; want 3 expanded pages", pages)
		}
	})
	t.Run("member by member, bounded", func(t *testing.T) {
		f := newFakeBMC(t)
		f.pageSize = 7
		f.memberDelay = 20 * time.Millisecond
		f.start()
		seed(f, 20)
		c := connectTo(t, f.config())
		subs, err := c.ListSubscriptions(testCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		check(t, subs, 20)
		if f.maxInflight > maxConcurrentRequests || f.maxInflight < 2 {
			t.Errorf("max member GETs in flight = %d, want 2..%d", f.maxInflight, maxConcurrentRequests)
		}
	})
	t.Run("$expand fails: fall back once", func(t *testing.T) {
		f := newFakeBMC(t)
		f.expand = true
		f.expandBroken = true
		f.start()
		seed(f, 5)
		c := connectTo(t, f.config())
		for range 2 {
			subs, err := c.ListSubscriptions(testCtx(t))
			if err != nil {
				t.Fatal(err)
			}
			check(t, subs, 5)
		}
		expanded := 0
		for _, r := range f.requestLog() {
			if strings.Contains(r.Query, "expand") {
				expanded++
			}
		}
		if expanded != 1 {
			t.Errorf("$expand tried %d times, want once", expanded)
		}
	})
	t.Run("member deleted while listing", func(t *testing.T) {
		f := newFakeBMC(t).start()
		seed(f, 3)
		f.addFault(&fault{method: "GET", path: f.subsPath + "/2", times: 1, status: 404})
		c := connectTo(t, f.config())
		subs, err := c.ListSubscriptions(testCtx(t))
		if err != nil || len(subs) != 2 {
			t.Fatalf("%d members, err %v", len(subs), err)
		}
	})
	t.Run("member error fails the listing", func(t *testing.T) {
		f := newFakeBMC(t).start()
		seed(f, 3)
		f.addFault(&fault{method: "GET", path: f.subsPath + "/2", times: 10, status: 403})
		c := connectTo(t, f.config())
		if _, err := c.ListSubscriptions(testCtx(t)); err == nil || AsError(err).StatusCode != 403 {
			t.Fatalf("err = %v", err)
		}
	})
}
