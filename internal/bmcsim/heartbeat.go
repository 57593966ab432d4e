package bmcsim

import "time"

// heartbeatLoop sends the Heartbeat Event registry's RedfishServiceFunctional
// to subscriptions with SendHeartbeat true, every HeartbeatIntervalMinutes
// (EventDestination v1_11_0; 1 minute when the interval is absent).
// Heartbeats ignore the subscription's filters: they report on the
// service, not on a resource.
func (b *BMC) heartbeatLoop() {
	defer b.bg.Done()
	unit := b.opts.heartbeatUnit
	if unit <= 0 {
		unit = time.Minute
	}
	t := time.NewTicker(min(unit, time.Second))
	defer t.Stop()
	for {
		select {
		case <-b.ctx.Done():
			return
		case now := <-t.C:
			for _, id := range b.dueHeartbeats(now, unit) {
				rec := EventRecord{MessageId: heartbeatRegistry + ".RedfishServiceFunctional"}
				b.completeRecord(&rec)
				b.goBackground(func() { b.deliver(id, rec, nil) })
			}
		}
	}
}

func (b *BMC) dueHeartbeats(now time.Time, unit time.Duration) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.evsvc.enabled {
		return nil
	}
	var due []string
	for id, r := range b.subs {
		s := &r.sub
		if s.SendHeartbeat == nil || !*s.SendHeartbeat || s.State != "Enabled" || s.Protocol != "Redfish" {
			continue
		}
		every := unit
		if s.HeartbeatIntervalMinutes != nil {
			every = time.Duration(*s.HeartbeatIntervalMinutes) * unit
		}
		if now.Sub(r.lastHeartbeat) >= every {
			r.lastHeartbeat = now
			due = append(due, id)
		}
	}
	return due
}
