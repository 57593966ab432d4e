package redfish

import (
	"context"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	// maxBackoff caps the doubling of RetryWait.
	maxBackoff = 30 * time.Second
	// maxRetryAfter caps a BMC's Retry-After: a BMC asking for an hour gets
	// a minute, and the bounded number of retries does the rest.
	maxRetryAfter = 60 * time.Second
)

// retryable says whether a failed request may be sent again.
//
// GET and DELETE are idempotent: they are retried on transport errors, 5xx,
// 408 and 429. A DELETE repeated after it took effect gets 404, which counts
// as deleted. A POST is retried only when the BMC clearly did not act on it:
// 503 or 429 (busy, refused before acting) or a connection that could not
// even be opened. A POST that reached the BMC and got no answer is never
// repeated blindly: the BMC may have created the subscription
// (View.Create looks for it instead).
func retryable(method string, err error) bool {
	var he *Error
	if errors.As(err, &he) {
		switch he.StatusCode {
		case http.StatusTooManyRequests, http.StatusServiceUnavailable:
			return true
		case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout, http.StatusRequestTimeout:
			return method != http.MethodPost
		}
		return false
	}
	var te *transportError
	if errors.As(err, &te) {
		if badCertificate(err) {
			return false // will not fix itself
		}
		if method == http.MethodPost {
			return !te.MaybeApplied && isDialError(err)
		}
		return true
	}
	return false
}

func badCertificate(err error) bool {
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &unknownCA) || errors.As(err, &hostname) || errors.As(err, &invalid)
}

// backoff is the wait before retry number attempt+1: the BMC's Retry-After
// when it sent one (bounded), else RetryWait doubled per attempt, capped,
// with up to 20% jitter so a fleet of clients does not retry in lockstep.
func (c *Client) backoff(attempt int, header http.Header) time.Duration {
	if d, ok := retryAfter(header.Get("Retry-After"), c.clock().Now()); ok {
		return min(d, maxRetryAfter)
	}
	d := c.cfg.RetryWait
	for i := 0; i < attempt && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, maxBackoff)
	return d + time.Duration(rand.Int64N(int64(d)/5+1))
}

// retryAfter parses a Retry-After value: delay-seconds or an HTTP-date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// sleep waits before a retry; false when ctx ended first.
func (c *Client) sleep(ctx context.Context, attempt int, snap exchangeSnapshot, cause error) bool {
	wait := c.backoff(attempt, snap.header)
	fields := c.fields(map[string]any{
		"method":  snap.method,
		"path":    snap.path,
		"attempt": attempt + 1,
		"wait_ms": wait.Milliseconds(),
		"error":   cause.Error(),
	})
	if snap.status != 0 {
		fields["status"] = snap.status
	}
	c.log(ctx, "retrying BMC request", fields)
	return c.clock().Sleep(ctx, wait)
}
