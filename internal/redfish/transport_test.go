package redfish

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

func TestTLS(t *testing.T) {
	b := startSim(t, bmcsim.Options{TLS: true})
	ctx := testCtx(t)

	cfg := simConfig(b, "") // with the emulator's CA
	c, err := NewPool().Client(ctx, cfg)
	if err != nil {
		t.Fatalf("with the CA: %v", err)
	}
	if _, err := c.EventService(ctx); err != nil {
		t.Fatal(err)
	}

	cfg.CACertificatePEM = "" // system roots do not know the emulator's CA
	before := b.Connections()
	_, err = NewPool().Client(ctx, cfg)
	if err == nil || !strings.Contains(err.Error(), "not trusted") {
		t.Fatalf("system roots: err = %v", err)
	}
	if n := b.Connections() - before; n != 1 {
		t.Errorf("an untrusted certificate was retried: %d connections", n)
	}

	cfg.Insecure = true
	if _, err := NewPool().Client(ctx, cfg); err != nil {
		t.Fatalf("insecure: %v", err)
	}

	// Another CA is not enough: RootCAs holds only the given one.
	cfg = simConfig(b, "")
	cfg.CACertificatePEM = otherCAPEM(t)
	if _, err := NewPool().Client(ctx, cfg); err == nil {
		t.Fatal("a foreign CA was accepted")
	}

	cfg.CACertificatePEM = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
	_, err = NewPool().Client(ctx, cfg)
	if err == nil || !strings.Contains(err.Error(), "contains no PEM-encoded certificate") {
		t.Fatalf("bad PEM: err = %v", err)
	}
}

// TestTLSResumption: a second connection to a BMC resumes the first one's
// TLS session instead of a full handshake.
func TestTLSResumption(t *testing.T) {
	b := startSim(t, bmcsim.Options{TLS: true})
	hc, err := newHTTPClient(simConfig(b, ""))
	if err != nil {
		t.Fatal(err)
	}
	resumed := func() bool {
		t.Helper()
		req, err := http.NewRequestWithContext(testCtx(t), http.MethodGet, b.URL()+"/redfish/v1/", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		hc.Transport.(*recordingTransport).base.(*http.Transport).CloseIdleConnections() // the next request opens a new connection
		return resp.TLS != nil && resp.TLS.DidResume
	}
	if resumed() {
		t.Fatal("the first connection claims a resumed session")
	}
	if !resumed() {
		t.Error("the second connection made a full handshake: the TLS session was not resumed")
	}
}

// TestHTTP2: bmcweb negotiates HTTP/2 over TLS; our transport (custom TLS
// config, gofish's keep-alive header) must work with it.
func TestHTTP2(t *testing.T) {
	b := startRecordedSim(t, bmcsim.Options{TLS: true, HTTP2: true})
	c := connectTo(t, simConfig(b, ""))
	ctx := testCtx(t)
	id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetSubscription(ctx, id); err != nil {
		t.Fatal(err)
	}
	reqs := b.Requests()
	if len(reqs) < 4 {
		t.Fatalf("requests seen: %v", reqs)
	}
	for _, r := range reqs {
		if r.Proto != "HTTP/2.0" {
			t.Fatalf("%s %s used %s", r.Method, r.Path, r.Proto)
		}
	}
}

// otherCAPEM is a CA certificate that signed nothing the tests serve
// (each emulator generates its own CA).
func otherCAPEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Other Test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}
