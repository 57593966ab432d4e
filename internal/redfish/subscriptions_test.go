package redfish

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

func TestCreateGetDelete(t *testing.T) {
	b := startRecordedSim(t, bmcsim.Options{})
	c := connectTo(t, simConfig(b, AuthBasic))
	ctx := testCtx(t)
	sub := fullSubscription()
	id, err := c.CreateSubscription(ctx, sub)
	if err != nil {
		t.Fatal(err)
	}
	if id != simSubs+"/1" {
		t.Fatalf("id = %q", id)
	}
	// Exactly the payload went over the wire, headers included.
	want, _ := json.Marshal(Payload(sub))
	got, _ := json.Marshal(posted(t, b)[0])
	if string(got) != string(want) {
		t.Fatalf("posted\n%s\nwant\n%s", got, want)
	}
	// One listing (the duplicate check) and one POST; the 201 carried the
	// created subscription, so it is not read back.
	posts, lists, reads := b.CountRequests(http.MethodPost, simSubs, false), b.CountRequests(http.MethodGet, simSubs, false), b.CountRequests(http.MethodGet, id, false)
	if posts != 1 || lists != 1 || reads != 0 {
		t.Errorf("a create cost %d POSTs, %d listings, %d reads; want 1, 1, 0", posts, lists, reads)
	}

	read, err := c.GetSubscription(ctx, id+"/")
	if err != nil {
		t.Fatal(err)
	}
	if read.ODataID != id || read.ID != "1" || read.Destination != sub.Destination || *read.Context != "rack-12" ||
		read.HTTPHeaders != nil || read.State != "Enabled" || len(read.OriginResources) != 2 || *read.HeartbeatIntervalMinutes != 15 {
		t.Fatalf("read %+v", read)
	}

	if err := c.DeleteSubscription(ctx, id); err != nil {
		t.Fatal(err)
	}
	if n := len(b.Subscriptions()); n != 0 {
		t.Fatal("not deleted")
	}
	_, err = c.GetSubscription(ctx, id)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
	if !strings.Contains(err.Error(), "404 Not Found") || !strings.Contains(err.Error(), "was not found") {
		t.Errorf("404 error: %v", err)
	}
	// Deleting again: 404 counts as deleted.
	if err := c.DeleteSubscription(ctx, id); err != nil {
		t.Fatalf("second delete: %v", err)
	}
	if err := c.DeleteSubscription(ctx, "Subscriptions/1"); err == nil {
		t.Fatal("a relative id was accepted")
	}
}

func TestReadNormalisesEchoes(t *testing.T) {
	b := startSim(t, bmcsim.Options{})
	echo := bmcsim.Fault{Type: bmcsim.FaultRewrite, Rewrite: rewriteMembers(func(m map[string]any) {
		m["@odata.id"] = fmt.Sprint(m["@odata.id"]) + "/"
		m["Protocol"] = "redfish"
		m["Context"] = ""
		m["HttpHeaders"] = []any{}
		delete(m, "SubscriptionType")
		if o, ok := m["OriginResources"].([]any); ok {
			refs := make([]any, 0, len(o))
			for _, r := range o {
				if ref, ok := r.(map[string]any); ok {
					refs = append(refs, map[string]any{"@odata.id": fmt.Sprint(ref["@odata.id"]) + "/"})
				}
			}
			m["OriginResources"] = refs
		}
	})}
	for _, kind := range []bmcsim.RequestKind{bmcsim.KindSubscriptionCreate, bmcsim.KindSubscriptionGet, bmcsim.KindSubscriptionList} {
		b.InjectFault(kind, echo)
	}
	c := connectTo(t, simConfig(b, AuthBasic))
	ctx := testCtx(t)
	id, err := c.CreateSubscription(ctx, Subscription{
		Destination: "https://l.example.com/e", Context: ptr(""), OriginResources: []string{"/redfish/v1/Systems/1"},
		HTTPHeaders: []HTTPHeader{{Name: "Authorization", Value: "Bearer t"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.GetSubscription(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if s.ODataID != id || *s.Protocol != "Redfish" || s.Context != nil || s.HTTPHeaders != nil || s.SubscriptionType != nil ||
		len(s.OriginResources) != 1 || s.OriginResources[0] != "/redfish/v1/Systems/1" {
		t.Fatalf("read %+v", s)
	}
	list, err := c.ListSubscriptions(ctx)
	if err != nil || len(list) != 1 || list[0].ODataID != id {
		t.Fatalf("list %+v, %v", list, err)
	}
	if n := b.Stats().FaultsInjected[bmcsim.FaultRewrite]; n < 3 {
		t.Fatalf("the BMC echoed in its own spelling %d times; the test shows nothing", n)
	}
}
