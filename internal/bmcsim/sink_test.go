package bmcsim

import (
	"crypto/tls"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestSinkRecordsAndFails(t *testing.T) {
	s := startRawSink(t, false)
	if !strings.HasSuffix(s.URL(), "/events") || s.CertPool() != nil {
		t.Errorf("URL %s", s.URL())
	}
	s.FailNext(1, http.StatusTeapot)
	for _, want := range []int{http.StatusTeapot, http.StatusOK} {
		resp, err := http.Post(s.URL(), "application/json", strings.NewReader(`{"Context":"c","Events":[{"MessageId":"A.1.0.B"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("status %d want %d", resp.StatusCode, want)
		}
	}
	got, err := s.WaitFor(1, time.Second)
	if err != nil || len(got) != 1 || got[0].Context() != "c" || got[0].MessageIDs()[0] != "A.1.0.B" {
		t.Fatalf("%+v %v", got, err)
	}
	if len(s.Attempts()) != 2 {
		t.Errorf("attempts %d", len(s.Attempts()))
	}
	if _, err := s.WaitFor(2, 50*time.Millisecond); err == nil {
		t.Error("WaitFor must time out")
	}
	s.Reset()
	if len(s.Received()) != 0 {
		t.Error("not reset")
	}
}

func TestSinkTLS(t *testing.T) {
	s := startRawSink(t, true)
	if !strings.HasPrefix(s.URL(), "https://") || len(s.CACertPEM()) == 0 {
		t.Fatal(s.URL())
	}
	trusted := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: s.CertPool(), MinVersion: tls.VersionTLS12}}}
	resp, err := trusted.Post(s.URL(), "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, err := http.Post(s.URL(), "application/json", strings.NewReader("{}")); err == nil {
		t.Error("system roots trust the sink")
	}
}
