package bmcsim

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"strconv"
	"testing"
)

func TestFleetSharesCAAndPorts(t *testing.T) {
	f, err := StartFleet(3, Options{TLS: true, Profile: "openbmc"})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(f.CACertPEM()) {
		t.Fatal("bad CA PEM")
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	seen := map[string]bool{}
	for _, u := range f.URLs() {
		if seen[u] {
			t.Errorf("duplicate URL %s", u)
		}
		seen[u] = true
		resp, err := hc.Get(u + "/redfish/v1/")
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		resp.Body.Close()
	}
	for _, b := range f.BMCs {
		if b.Profile() != "openbmc" {
			t.Errorf("profile %s", b.Profile())
		}
	}
	if s := f.Stats(); s.Count("GET", KindServiceRoot) != 3 {
		t.Errorf("fleet stats %+v", s.Requests)
	}
}

func TestFleetConsecutivePorts(t *testing.T) {
	// A free port says nothing of the next one; try a few bases.
	var f *Fleet
	var base int
	for try := 0; f == nil && try < 10; try++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		base = ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		f, _ = StartFleet(2, Options{Addr: "127.0.0.1:" + strconv.Itoa(base)})
	}
	if f == nil {
		t.Fatal("no two consecutive free ports found in 10 tries")
	}
	defer f.Close()
	if f.BMCs[0].Addr() != "127.0.0.1:"+strconv.Itoa(base) || f.BMCs[1].Addr() != "127.0.0.1:"+strconv.Itoa(base+1) {
		t.Errorf("BMCs at %s and %s, base %d", f.BMCs[0].Addr(), f.BMCs[1].Addr(), base)
	}
	if _, err := StartFleet(0, Options{}); err == nil {
		t.Error("a fleet of 0 started")
	}
	if _, err := StartFleet(1, Options{Addr: "127.0.0.1:http"}); err == nil {
		t.Error("a non-numeric port was accepted")
	}
}
