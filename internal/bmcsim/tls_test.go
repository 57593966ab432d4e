package bmcsim

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"strings"
	"testing"
)

func TestTLSWithGeneratedCA(t *testing.T) {
	b := startBMC(t, Options{TLS: true})
	if !strings.HasPrefix(b.URL(), "https://127.0.0.1:") || strings.HasSuffix(b.URL(), "/") {
		t.Fatalf("URL %s", b.URL())
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b.CACertPEM()) {
		t.Fatal("CACertPEM is not a PEM certificate")
	}
	for _, host := range []string{b.URL(), strings.Replace(b.URL(), "127.0.0.1", "localhost", 1)} {
		hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
		resp, err := hc.Get(host + "/redfish/v1/")
		if err != nil {
			t.Fatalf("%s with the CA: %v", host, err)
		}
		resp.Body.Close()
	}
	_, err := http.Get(b.URL() + "/redfish/v1/")
	var uerr x509.UnknownAuthorityError
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("verification must fail without the CA, got %v (%T)", err, uerr)
	}
	if plain := startBMC(t, Options{}); plain.CACertPEM() != nil || plain.CertPool() != nil || !strings.HasPrefix(plain.URL(), "http://") {
		t.Error("plain BMC has TLS material")
	}
}

func TestConnectionsCountsHandshakes(t *testing.T) {
	b := startBMC(t, Options{TLS: true})
	if n := b.Connections(); n != 0 {
		t.Fatalf("%d connections before any client", n)
	}
	// A client that does not trust the CA: one connection, no request.
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	if _, err := (&http.Client{Transport: tr}).Get(b.URL() + "/redfish/v1/"); err == nil {
		t.Fatal("an untrusted certificate was accepted")
	}
	c := newClient(t, b)
	for range 3 {
		c.expect(http.MethodGet, "/redfish/v1/", nil, http.StatusOK)
	}
	// Three requests on one kept-alive connection.
	if n := b.Connections(); n != 2 {
		t.Errorf("Connections() = %d, want 2 (the refused handshake and one kept alive)", n)
	}
}

func TestHTTP2(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		b := startBMC(t, Options{TLS: true, HTTP2: h2})
		b.RecordRequests()
		tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: b.CertPool(), MinVersion: tls.VersionTLS12}, ForceAttemptHTTP2: true}
		resp, err := (&http.Client{Transport: tr}).Get(b.URL() + "/redfish/v1/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		tr.CloseIdleConnections()
		want := "HTTP/1.1"
		if h2 {
			want = "HTTP/2.0"
		}
		if resp.Proto != want || len(b.Requests()) != 1 || b.Requests()[0].Proto != want {
			t.Errorf("HTTP2 %v: answered in %s, recorded %+v; want %s", h2, resp.Proto, b.Requests(), want)
		}
	}
}

// TestHTTP2LostAnswer: over HTTP/2 a fault that cuts the connection resets
// the stream, so the client loses the answer as over HTTP/1.1.
func TestHTTP2LostAnswer(t *testing.T) {
	for _, ft := range []FaultType{FaultCommitThenDrop, FaultReset} {
		b := startBMC(t, Options{TLS: true, HTTP2: true})
		b.InjectFault(KindSubscriptionCreate, Fault{Type: ft, Count: 1})
		tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: b.CertPool(), MinVersion: tls.VersionTLS12}, ForceAttemptHTTP2: true}
		c := newClient(t, b)
		c.hc.Transport = tr
		if r, err := c.try(http.MethodPost, pathSubscriptions, redfishDest("https://l.example.com/e")); err == nil {
			t.Errorf("%s: answered %d %s over HTTP/2", ft, r.status, r.body)
		}
		want := 0
		if ft == FaultCommitThenDrop {
			want = 1
		}
		if n := len(b.Subscriptions()); n != want {
			t.Errorf("%s: %d subscriptions, want %d", ft, n, want)
		}
		// The connection carries on.
		c.expect(http.MethodGet, "/redfish/v1/", nil, http.StatusOK)
		tr.CloseIdleConnections()
	}
}
