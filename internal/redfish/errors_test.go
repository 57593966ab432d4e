package redfish

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"reflect"
	"testing"
	"time"
)

func TestErrorMessageQuotesTheBMC(t *testing.T) {
	body := `{"error": {"code": "Base.1.22.GeneralError",
		"message": "A general error has occurred. See ExtendedInfo for more information.",
		"@Message.ExtendedInfo": [{
			"@odata.type": "#Message.v1_1_1.Message",
			"MessageId": "Base.1.22.PropertyUnknown",
			"Message": "The property Foo is not in the list of valid properties for the resource.",
			"MessageArgs": ["Foo"],
			"RelatedProperties": ["#/Foo"],
			"MessageSeverity": "Warning",
			"Resolution": "Remove the unknown property from the request body and resubmit the request if the operation failed."
		}, {
			"MessageId": "Base.1.22.PropertyValueNotInList",
			"Message": "The value 'Sometimes' for the property DeliveryRetryPolicy is not in the list of acceptable values.",
			"MessageArgs": ["Sometimes", 2],
			"RelatedProperties": ["#/DeliveryRetryPolicy", "#/Foo"],
			"Severity": "Warning",
			"Resolution": "None."
		}]}}`
	err := newHTTPError(http.MethodPost, "/redfish/v1/EventService/Subscriptions", "https://10.0.0.5", 400, []byte(body))
	want := "POST /redfish/v1/EventService/Subscriptions on https://10.0.0.5: 400 Bad Request: " +
		"The property Foo is not in the list of valid properties for the resource. (Base.1.22.PropertyUnknown; " +
		"resolution: Remove the unknown property from the request body and resubmit the request if the operation failed.) | " +
		"The value 'Sometimes' for the property DeliveryRetryPolicy is not in the list of acceptable values. " +
		"(Base.1.22.PropertyValueNotInList)"
	if got := err.Error(); got != want {
		t.Fatalf("Error() =\n%s\nwant\n%s", got, want)
	}
	if got, want := err.RelatedProperties(), []string{"#/Foo", "#/DeliveryRetryPolicy"}; !reflect.DeepEqual(got, want) {
		t.Errorf("RelatedProperties = %v, want %v", got, want)
	}
	if !err.HasMessage("PropertyValueNotInList") || !err.HasMessage("Base.1.22.PropertyUnknown") || err.HasMessage("Created") {
		t.Error("HasMessage")
	}
	if err.Messages[1].Severity != "Warning" || !reflect.DeepEqual(err.Messages[1].MessageArgs, []string{"Sometimes", "2"}) {
		t.Errorf("second message = %+v", err.Messages[1])
	}
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrUnauthorized) {
		t.Error("a 400 matches ErrNotFound or ErrUnauthorized")
	}
}

func TestErrorShapes(t *testing.T) {
	cases := []struct {
		name, body, want string
	}{
		{"top-level message only", `{"error":{"code":"iLO.0.10.ExtendedInfo","message":"Subscription limit reached"}}`,
			"GET /x on https://b: 503 Service Unavailable: Subscription limit reached (iLO.0.10.ExtendedInfo)"},
		{"top-level ExtendedInfo outside error", `{"@Message.ExtendedInfo":[{"MessageId":"Base.1.8.CreateLimitReachedForResource","Message":"The create operation failed because the resource has reached the limit of possible resources."}]}`,
			"GET /x on https://b: 503 Service Unavailable: The create operation failed because the resource has reached the limit of possible resources. (Base.1.8.CreateLimitReachedForResource)"},
		{"single object instead of array", `{"error":{"code":"Base.1.0.GeneralError","message":"x ExtendedInfo","@Message.ExtendedInfo":{"MessageId":"Base.1.0.InternalError","Message":"Boom."}}}`,
			"GET /x on https://b: 503 Service Unavailable: Boom. (Base.1.0.InternalError)"},
		{"HTML from a proxy", "<html><body>\n<h1>503 Service Temporarily Unavailable</h1>\n</body></html>",
			"GET /x on https://b: 503 Service Unavailable: <html><body> <h1>503 Service Temporarily Unavailable</h1> </body></html>"},
		{"empty body", "", "GET /x on https://b: 503 Service Unavailable"},
	}
	for _, c := range cases {
		got := newHTTPError("GET", "/x", "https://b", 503, []byte(c.body)).Error()
		if got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestErrorIs(t *testing.T) {
	for status, want := range map[int]error{404: ErrNotFound, 410: ErrNotFound, 401: ErrUnauthorized} {
		err := fmt.Errorf("wrapped: %w", newHTTPError("GET", "/x", "https://b", status, nil))
		if !errors.Is(err, want) {
			t.Errorf("%d does not match %v", status, want)
		}
		if AsError(err) == nil || AsError(err).StatusCode != status {
			t.Errorf("AsError(%d)", status)
		}
	}
}

func TestPropertyName(t *testing.T) {
	cases := map[string]string{
		"#/Context":                    "Context",
		"#/HttpHeaders/0":              "HttpHeaders",
		"/OriginResources/1/@odata.id": "OriginResources",
		"Destination":                  "Destination",
		"#/Oem/Contoso~1Thing":         "Oem",
		"#/a~1b":                       "a/b",
	}
	for in, want := range cases {
		if got := PropertyName(in); got != want {
			t.Errorf("PropertyName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRetryable(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
	cases := []struct {
		method string
		err    error
		want   bool
	}{
		{"GET", newHTTPError("GET", "/", "e", 500, nil), true},
		{"GET", newHTTPError("GET", "/", "e", 429, nil), true},
		{"GET", newHTTPError("GET", "/", "e", 404, nil), false},
		{"GET", newHTTPError("GET", "/", "e", 400, nil), false},
		{"DELETE", newHTTPError("DELETE", "/", "e", 502, nil), true},
		{"GET", &transportError{Err: reset, MaybeApplied: true}, true},
		{"POST", newHTTPError("POST", "/", "e", 503, nil), true},
		{"POST", newHTTPError("POST", "/", "e", 429, nil), true},
		{"POST", newHTTPError("POST", "/", "e", 500, nil), false},
		{"POST", newHTTPError("POST", "/", "e", 504, nil), false},
		{"POST", &transportError{Err: dial}, true},
		{"POST", &transportError{Err: reset, MaybeApplied: true}, false},
		{"POST", &transportError{Err: reset}, false},
		{"POST", &transportError{Err: dial, MaybeApplied: true}, false},
	}
	for _, c := range cases {
		if got := retryable(c.method, c.err); got != c.want {
			t.Errorf("retryable(%s, %v) = %v, want %v", c.method, c.err, got, c.want)
		}
	}
}

func TestRetryAfterAndBackoff(t *testing.T) {
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"3":                             3 * time.Second,
		"0":                             0,
		"3600":                          maxRetryAfter,
		"Wed, 01 Jan 2025 12:00:07 GMT": 7 * time.Second,
		"Wed, 01 Jan 2025 11:00:00 GMT": 0,
	} {
		got, ok := retryAfter(in, now)
		if !ok || got != want {
			t.Errorf("retryAfter(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-1", "soon"} {
		if _, ok := retryAfter(in, now); ok {
			t.Errorf("retryAfter(%q) accepted", in)
		}
	}

	c := &Client{cfg: ConnectionConfig{RetryWait: 100 * time.Millisecond}}
	for attempt, lo := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond} {
		d := c.backoff(attempt, http.Header{})
		hi := lo * 12 / 10
		if d < lo || d > hi {
			t.Errorf("backoff(%d) = %v, want in [%v, %v]", attempt, d, lo, hi)
		}
	}
	if d := c.backoff(40, http.Header{}); d > maxBackoff*12/10 {
		t.Errorf("backoff is not capped: %v", d)
	}
	if d := c.backoff(0, http.Header{"Retry-After": []string{"2"}}); d != 2*time.Second {
		t.Errorf("Retry-After not honoured: %v", d)
	}
}
