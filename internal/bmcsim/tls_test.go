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
