package bmcsim

import (
	"testing"
	"time"
)

func TestHeartbeat(t *testing.T) {
	sink := startSink(t, false)
	b := startBMC(t, Options{heartbeatUnit: 20 * time.Millisecond})
	one := int64(1)
	b.AddSubscription(Subscription{Destination: sink.URL(), SendHeartbeat: boolPtr(true), HeartbeatIntervalMinutes: &one, RegistryPrefixes: []string{"Task"}})
	b.AddSubscription(Subscription{Destination: sink.URL() + "/quiet"})
	got, err := sink.WaitFor(2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	conforms(t, refEvent, got[0].Body)
	for _, ev := range got {
		if ev.Path != "/events" || ev.MessageIDs()[0] != "HeartbeatEvent.1.0.RedfishServiceFunctional" {
			t.Errorf("heartbeat %s to %s", ev.Body, ev.Path)
		}
	}
}

func TestNoHeartbeatWhileSuspendedOrDisabled(t *testing.T) {
	b := startBMC(t, Options{heartbeatUnit: 10 * time.Millisecond})
	id := b.AddSubscription(Subscription{Destination: "https://127.0.0.1:9/x", SendHeartbeat: boolPtr(true)})
	b.ModifySubscription(id, func(s *Subscription) { s.State = "Disabled" })
	if due := b.dueHeartbeats(time.Now().Add(time.Hour), 10*time.Millisecond); len(due) != 0 {
		t.Errorf("suspended subscription due: %v", due)
	}
	b.ModifySubscription(id, func(s *Subscription) { s.State = "Enabled" })
	b.SetServiceEnabled(false)
	if due := b.dueHeartbeats(time.Now().Add(time.Hour), 10*time.Millisecond); len(due) != 0 {
		t.Errorf("disabled service due: %v", due)
	}
	b.SetServiceEnabled(true)
	if due := b.dueHeartbeats(time.Now().Add(time.Hour), 10*time.Millisecond); len(due) != 1 {
		t.Errorf("due: %v", due)
	}
}
