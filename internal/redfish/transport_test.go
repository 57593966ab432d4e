package redfish

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"
)

func TestTLS(t *testing.T) {
	f := newFakeBMC(t).startTLS()
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.srv.Certificate().Raw}))
	ctx := testCtx(t)

	cfg := f.config()
	cfg.CACertificatePEM = caPEM
	c, err := NewPool().Client(ctx, cfg)
	if err != nil {
		t.Fatalf("with the CA: %v", err)
	}
	if _, err := c.EventService(ctx); err != nil {
		t.Fatal(err)
	}

	cfg = f.config() // system roots do not know httptest's CA
	f.conns.Store(0)
	_, err = NewPool().Client(ctx, cfg)
	if err == nil || !strings.Contains(err.Error(), "not trusted") {
		t.Fatalf("system roots: err = %v", err)
	}
	if n := f.conns.Load(); n != 1 {
		t.Errorf("an untrusted certificate was retried: %d connections", n)
	}

	cfg.Insecure = true
	if _, err := NewPool().Client(ctx, cfg); err != nil {
		t.Fatalf("insecure: %v", err)
	}

	// Another CA is not enough: RootCAs holds only the given one.
	cfg = f.config()
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

// TestHTTP2: bmcweb negotiates HTTP/2 over TLS; our transport (custom TLS
// config, gofish's keep-alive header) must work with it.
func TestHTTP2(t *testing.T) {
	f := newFakeBMC(t).startTLSH2()
	cfg := f.config()
	cfg.CACertificatePEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.srv.Certificate().Raw}))
	c := connectTo(t, cfg)
	ctx := testCtx(t)
	id, err := c.CreateSubscription(ctx, Subscription{Destination: "https://l.example.com/e"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetSubscription(ctx, id); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.protos) < 4 {
		t.Fatalf("requests seen: %v", f.protos)
	}
	for _, p := range f.protos {
		if p != "HTTP/2.0" {
			t.Fatalf("protocols used: %v", f.protos)
		}
	}
}

// otherCAPEM is a CA certificate that signed nothing the tests serve
// (httptest's TLS servers all share one built-in certificate).
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
