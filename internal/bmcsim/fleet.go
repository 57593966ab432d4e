package bmcsim

import (
	"fmt"
	"net"
	"strconv"
)

// Fleet is many emulated BMCs in one process, each on its own loopback
// port; with TLS they share one CA, so one ca_certificate trusts them all.
type Fleet struct {
	BMCs []*BMC
	ca   *certAuthority
}

// StartFleet starts n BMCs with opts. When opts.Addr names a port, BMC i
// listens on port+i; otherwise every BMC gets a free port.
func StartFleet(n int, opts Options) (*Fleet, error) {
	if n < 1 {
		return nil, fmt.Errorf("bmcsim: a fleet needs at least one BMC, not %d", n)
	}
	f := &Fleet{}
	if opts.TLS {
		ca, err := newCA("bmcsim fleet CA")
		if err != nil {
			return nil, err
		}
		f.ca = ca
		opts.ca = ca
	}
	host, port, err := fleetBase(opts.Addr)
	if err != nil {
		return nil, err
	}
	for i := range n {
		o := opts
		if port != 0 {
			o.Addr = net.JoinHostPort(host, strconv.Itoa(port+i))
		}
		b, err := Start(o)
		if err != nil {
			f.Close()
			return nil, err
		}
		f.BMCs = append(f.BMCs, b)
	}
	return f, nil
}

func fleetBase(addr string) (string, int, error) {
	if addr == "" {
		return "127.0.0.1", 0, nil
	}
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("bmcsim: fleet address %q: %w", addr, err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, fmt.Errorf("bmcsim: fleet address %q: port %q is not a number", addr, p)
	}
	return host, port, nil
}

// Close stops every BMC of the fleet.
func (f *Fleet) Close() {
	for _, b := range f.BMCs {
		b.Close()
	}
}

// URLs lists the BMCs' base URLs.
func (f *Fleet) URLs() []string {
	out := make([]string, len(f.BMCs))
	for i, b := range f.BMCs {
		out[i] = b.URL()
	}
	return out
}

// CACertPEM is the fleet's shared CA, nil without TLS.
func (f *Fleet) CACertPEM() []byte {
	if f.ca == nil {
		return nil
	}
	return append([]byte(nil), f.ca.certPEM...)
}

// Stats adds up the counters of every BMC (PeakConcurrent is the sum of
// the per-BMC peaks, an upper bound of the fleet's).
func (f *Fleet) Stats() Stats {
	total := newAccounting().s
	for _, b := range f.BMCs {
		total.merge(b.Stats())
	}
	return total
}

func (s *Stats) merge(o Stats) {
	for k, v := range o.Requests {
		s.Requests[k] += v
	}
	for k, v := range o.ByMethod {
		s.ByMethod[k] += v
	}
	for k, v := range o.ByKind {
		s.ByKind[k] += v
	}
	for k, v := range o.ByStatus {
		s.ByStatus[k] += v
	}
	for k, v := range o.FaultsInjected {
		s.FaultsInjected[k] += v
	}
	s.Total += o.Total
	s.InFlight += o.InFlight
	s.PeakConcurrent += o.PeakConcurrent
	s.SessionsCreated += o.SessionsCreated
	s.SessionsDeleted += o.SessionsDeleted
	s.SessionsLive += o.SessionsLive
	s.Subscriptions += o.Subscriptions
	s.EventsRaised += o.EventsRaised
	s.DeliveryAttempts += o.DeliveryAttempts
	s.DeliveriesSucceeded += o.DeliveriesSucceeded
	s.DeliveriesFailed += o.DeliveriesFailed
	s.SubscriptionsTerminated += o.SubscriptionsTerminated
	s.SubscriptionsSuspended += o.SubscriptionsSuspended
}
