package bmcsim

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"
)

// EventRecord is one event to raise: the content of an Event.v1_13_0
// EventRecord. Unset fields are filled in: EventType "Other", EventId from a
// counter, EventTimestamp now, Message and MessageSeverity from the registry
// when the MessageId is one the emulator embeds.
type EventRecord struct {
	EventType         string
	EventId           string //nolint:revive // Redfish property name
	EventTimestamp    time.Time
	MessageId         string //nolint:revive // Redfish property name
	Message           string
	MessageArgs       []string
	Severity          string // deprecated free text (Event v1_5_0 moved to MessageSeverity)
	MessageSeverity   string // OK, Warning or Critical
	OriginOfCondition string // an @odata.id path
	// ResourceType is the schema name of OriginOfCondition for the
	// ResourceTypes filter; derived from the path when empty.
	ResourceType string
	EventGroupId *int64 //nolint:revive // Redfish property name
	Oem          json.RawMessage
	Resolution   string
}

func (ev *EventRecord) eventType() string {
	if ev.EventType == "" {
		// Event.EventType "Other": "the event is based on a registry or
		// resource but not an EventType"; EventRecord v1_13_0 requires one.
		return "Other"
	}
	return ev.EventType
}

func (ev *EventRecord) messageSeverity() string {
	if ev.MessageSeverity != "" {
		return ev.MessageSeverity
	}
	if slices.Contains(healthValues, ev.Severity) {
		return ev.Severity
	}
	if m, ok := lookupMessage(ev.MessageId); ok {
		return m.Severity
	}
	return ""
}

func (ev *EventRecord) resourceType() string {
	if ev.ResourceType != "" {
		return ev.ResourceType
	}
	return resourceTypeOf(ev.OriginOfCondition)
}

// DeliveryReport says what RaiseEvent did with one event.
type DeliveryReport struct {
	EventID string
	// Matched are the subscriptions whose filters let the event through.
	Matched []string
	// Results are the first delivery attempts, in Matched order.
	Results []DeliveryResult
}

// Delivered counts the subscriptions that got the event at the first try.
func (r DeliveryReport) Delivered() int {
	n := 0
	for _, res := range r.Results {
		if res.Delivered {
			n++
		}
	}
	return n
}

// DeliveryResult is one delivery attempt.
type DeliveryResult struct {
	SubscriptionID string
	Destination    string
	StatusCode     int    // 0 when no response arrived
	Err            string // transport error, if any
	Delivered      bool   // a 2xx answer
	// Retrying means the delivery failed and retries continue in the
	// background (per DeliveryRetryAttempts and the retry policy).
	Retrying bool
	// CertificateError says why TLS refused the destination when it did:
	// its certificate failed verification (against the subscription's
	// Certificates when it has any), or it asked for a client certificate
	// the subscription has none of.
	CertificateError string
}

// RaiseEvent delivers rec to every subscription whose filters it passes.
// It returns once each delivery's first attempt is done (or ctx ends);
// retries of failed deliveries continue in the background, at the
// EventService's DeliveryRetryIntervalSeconds, until they succeed, the
// retry policy gives up, or the BMC is closed. SubmitTestEvent and
// TestEventSubscription go through here too.
func (b *BMC) RaiseEvent(ctx context.Context, rec EventRecord) DeliveryReport {
	b.completeRecord(&rec)
	b.stats.add(func(s *Stats) { s.EventsRaised++ })
	targets := b.targets(&rec)
	rep := DeliveryReport{EventID: rec.EventId}
	firsts := make([]chan DeliveryResult, len(targets))
	for i, s := range targets {
		rep.Matched = append(rep.Matched, s.ID)
		firsts[i] = make(chan DeliveryResult, 1)
		if !b.goBackground(func() { b.deliver(s.ID, rec, firsts[i]) }) {
			firsts[i] <- DeliveryResult{SubscriptionID: s.ID, Destination: s.Destination, Err: errClosed.Error()}
		}
	}
	for i, ch := range firsts {
		select {
		case r := <-ch:
			rep.Results = append(rep.Results, r)
		case <-ctx.Done():
			rep.Results = append(rep.Results, DeliveryResult{SubscriptionID: targets[i].ID, Destination: targets[i].Destination, Err: ctx.Err().Error(), Retrying: true})
		}
	}
	return rep
}

// goBackground runs fn unless the BMC is closed, tracked by Close.
func (b *BMC) goBackground(fn func()) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false
	}
	b.bg.Add(1)
	go func() {
		defer b.bg.Done()
		fn()
	}()
	return true
}

func (b *BMC) completeRecord(rec *EventRecord) {
	if rec.EventId == "" {
		rec.EventId = strconv.FormatInt(b.eventSeq.Add(1), 10)
	}
	if rec.EventTimestamp.IsZero() {
		rec.EventTimestamp = time.Now()
	}
	if m, ok := lookupMessage(rec.MessageId); ok {
		if rec.Message == "" {
			rec.Message = fillArgs(m.Text, rec.MessageArgs)
		}
		if rec.Resolution == "" {
			rec.Resolution = m.Resolution
		}
	}
	rec.MessageSeverity = rec.messageSeverity()
}

// targets are the subscriptions rec goes to: Redfish push subscriptions for
// Event payloads, enabled, whose filters match, while the service is on.
func (b *BMC) targets(rec *EventRecord) []Subscription {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.evsvc.enabled {
		return nil
	}
	var out []Subscription
	for _, r := range b.sortedLocked() {
		s := &r.sub
		if s.Protocol != "Redfish" || s.SubscriptionType != "RedfishEvent" || s.State != "Enabled" {
			continue
		}
		if s.EventFormatType == "MetricReport" || !matches(s, rec) {
			continue
		}
		out = append(out, s.clone())
	}
	return out
}

// deliver sends rec to subscription id until it is delivered or the retry
// policy gives up; the first attempt's result goes to first.
func (b *BMC) deliver(id string, rec EventRecord, first chan<- DeliveryResult) {
	for attempt := 1; ; attempt++ {
		s, ok := b.Subscription(id)
		if !ok || s.State != "Enabled" {
			// Deleted or suspended while retrying: nothing more to do.
			if first != nil {
				first <- DeliveryResult{SubscriptionID: id, Err: "subscription gone or disabled"}
			}
			return
		}
		res := b.post(&s, &rec)
		retries, interval := b.retrySettings()
		policy := b.retryPolicy(&s)
		forever := policy == "RetryForever" || policy == "RetryForeverWithBackoff"
		giveUp := !res.Delivered && attempt > retries && !forever
		if first != nil {
			res.Retrying = !res.Delivered && !giveUp
			first <- res
			first = nil
		}
		if res.Delivered {
			return
		}
		if giveUp {
			b.retriesExhausted(id, policy)
			return
		}
		if !b.sleep(b.ctx, retryWait(policy, interval, attempt)) {
			return
		}
	}
}

// retryWait is the constant DeliveryRetryIntervalSeconds, doubled per
// attempt up to 32 intervals for RetryForeverWithBackoff ("a
// service-defined backoff algorithm").
func retryWait(policy string, interval time.Duration, attempt int) time.Duration {
	if policy != "RetryForeverWithBackoff" {
		return interval
	}
	return interval << min(attempt-1, 5)
}

func (b *BMC) retrySettings() (int, time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.evsvc.retryAttempts, b.evsvc.retryInterval
}

func (b *BMC) retryPolicy(s *Subscription) string {
	if s.DeliveryRetryPolicy != "" {
		return s.DeliveryRetryPolicy
	}
	return b.profile.DefaultRetryPolicy
}

// retriesExhausted applies DeliveryRetryPolicy once DeliveryRetryAttempts
// retries failed: TerminateAfterRetries "shall delete this resource",
// SuspendRetries leaves "Disabled" in Status.State.
func (b *BMC) retriesExhausted(id, policy string) {
	switch policy {
	case "TerminateAfterRetries":
		if b.DeleteSubscription(id) {
			b.stats.add(func(s *Stats) { s.SubscriptionsTerminated++ })
		}
	case "SuspendRetries":
		if b.ModifySubscription(id, func(s *Subscription) { s.State = "Disabled" }) {
			b.stats.add(func(s *Stats) { s.SubscriptionsSuspended++ })
		}
	}
}

// post makes one delivery attempt: the Event JSON with the subscription's
// Context and its HttpHeaders, to Destination.
func (b *BMC) post(s *Subscription, rec *EventRecord) DeliveryResult {
	res := DeliveryResult{SubscriptionID: s.ID, Destination: s.Destination}
	b.stats.add(func(st *Stats) { st.DeliveryAttempts++ })
	defer func() {
		b.stats.add(func(st *Stats) {
			if res.Delivered {
				st.DeliveriesSucceeded++
			} else {
				st.DeliveriesFailed++
			}
		})
	}()
	ctx, cancel := context.WithTimeout(b.ctx, b.opts.DeliveryTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Destination, bytes.NewReader(eventPayload(s, rec)))
	if err != nil {
		res.Err = err.Error()
		return res
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "bmcsim/1.0 ("+b.profile.Name+")")
	for _, h := range s.HttpHeaders {
		for k, v := range h {
			req.Header.Set(k, v)
		}
	}
	trust := trustOf(s)
	resp, err := b.delivery.client(req.URL, b.verifies(s), trust).Do(req)
	if err != nil {
		res.Err = err.Error()
		res.CertificateError = certificateFailure(err, s, trust)
		if res.CertificateError != "" {
			b.stats.add(func(st *Stats) { st.CertificateFailures++ })
		}
		return res
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	_ = resp.Body.Close()
	res.StatusCode = resp.StatusCode
	res.Delivered = resp.StatusCode >= 200 && resp.StatusCode < 300
	return res
}

func (b *BMC) verifies(s *Subscription) bool {
	if s.VerifyCertificate != nil {
		return *s.VerifyCertificate
	}
	return b.profile.DefaultVerifyCertificate
}

// eventPayload is the Event.v1_13_0 body for one subscription.
func eventPayload(s *Subscription, rec *EventRecord) []byte {
	r := map[string]any{
		"EventType":      rec.eventType(),
		"EventId":        rec.EventId,
		"EventTimestamp": rec.EventTimestamp.UTC().Format(time.RFC3339),
		"MessageId":      rec.MessageId,
		"MemberId":       "0",
	}
	setIf := func(k, v string) {
		if v != "" {
			r[k] = v
		}
	}
	setIf("Message", rec.Message)
	setIf("Severity", rec.Severity)
	setIf("MessageSeverity", rec.MessageSeverity)
	setIf("Resolution", rec.Resolution)
	if rec.MessageArgs != nil {
		r["MessageArgs"] = rec.MessageArgs
	}
	if rec.OriginOfCondition != "" {
		r["OriginOfCondition"] = map[string]any{"@odata.id": rec.OriginOfCondition}
	}
	if rec.EventGroupId != nil {
		r["EventGroupId"] = *rec.EventGroupId
	}
	if len(rec.Oem) > 0 {
		r["Oem"] = rec.Oem
	}
	ev := map[string]any{
		"@odata.type": "#Event.v1_13_0.Event",
		"Id":          rec.EventId,
		"Name":        "Event Array",
		"Events":      []any{r},
	}
	if s.Set["Context"] {
		// Event.Context: "a client supplied context for the event
		// destination to which this event is being sent".
		ev["Context"] = s.Context
	}
	data, _ := json.Marshal(ev)
	return data
}

// deliveryClients holds the HTTP clients deliveries use: one per
// destination host and verification mode, so that certificate checks know
// which name to check.
type deliveryClients struct {
	roots   *x509.CertPool
	timeout time.Duration
	mu      sync.Mutex
	clients map[string]*http.Client
}

func newDeliveryClients(roots *x509.CertPool, timeout time.Duration) *deliveryClients {
	return &deliveryClients{roots: roots, timeout: timeout, clients: map[string]*http.Client{}}
}

func (d *deliveryClients) client(u *url.URL, verify bool, trust deliveryTrust) *http.Client {
	key := u.Host + "|" + strconv.FormatBool(verify) + "|" + trust.key
	d.mu.Lock()
	defer d.mu.Unlock()
	if c, ok := d.clients[key]; ok {
		return c
	}
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: true} //nolint:gosec // verified below, or VerifyCertificate is false
	if verify {
		tlsConf.VerifyConnection = d.verifier(u.Hostname(), trust.roots)
	}
	if trust.client != nil {
		// ClientCertificates: "the client identity certificates … to
		// present to the server referenced by the Destination property".
		tlsConf.Certificates = []tls.Certificate{*trust.client}
	}
	c := &http.Client{
		Timeout: d.timeout,
		Transport: &http.Transport{
			TLSClientConfig:     tlsConf,
			DialContext:         (&net.Dialer{Timeout: d.timeout}).DialContext,
			TLSHandshakeTimeout: d.timeout,
			MaxIdleConnsPerHost: 4,
		},
		// A BMC posts to the destination it was given; it does not follow
		// redirects (a 3xx is a failed delivery).
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	d.clients[key] = c
	return c
}

// verifier checks the destination's chain and its name against host (IP
// addresses included). With the subscription's Certificates (own) it
// trusts those alone: they are "the server certificates for the server
// referenced by the Destination property". Without, it trusts
// DeliveryRootCAs, then the system roots.
func (d *deliveryClients) verifier(host string, own *x509.CertPool) func(tls.ConnectionState) error {
	return func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("bmcsim: destination sent no certificate")
		}
		inter := x509.NewCertPool()
		for _, c := range cs.PeerCertificates[1:] {
			inter.AddCert(c)
		}
		opts := x509.VerifyOptions{DNSName: host, Intermediates: inter}
		pools := []*x509.CertPool{nil} // nil: the system roots
		switch {
		case own != nil:
			pools = []*x509.CertPool{own}
		case d.roots != nil:
			pools = []*x509.CertPool{d.roots, nil}
		}
		var err error
		for _, roots := range pools {
			opts.Roots = roots
			if _, err = cs.PeerCertificates[0].Verify(opts); err == nil {
				return nil
			}
		}
		return err
	}
}

func (d *deliveryClients) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, c := range d.clients {
		c.CloseIdleConnections()
	}
}
