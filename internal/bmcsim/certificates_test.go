package bmcsim

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func addCert(t *testing.T, c *client, sub, coll, pemText string) string {
	t.Helper()
	r := c.expect(http.MethodPost, sub+"/"+coll, map[string]any{"CertificateString": pemText, "CertificateType": "PEM"}, http.StatusCreated)
	loc := strings.TrimPrefix(r.header.Get("Location"), c.base)
	if loc == "" {
		t.Fatalf("no Location: %s", r.body)
	}
	return loc
}

// A delivery with VerifyCertificate true to an HTTPS sink fails until the
// sink's CA is in the subscription's Certificates, and says why.
func TestDeliveryVerifiesAgainstSubscriptionCertificates(t *testing.T) {
	// Failed deliveries retry forever an hour apart: never during the test.
	b := startBMC(t, Options{DeliveryRetryInterval: time.Hour})
	sink := startSink(t, true)
	c := newClient(t, b)
	body := redfishDest(sink.URL())
	body["VerifyCertificate"] = true
	body["DeliveryRetryPolicy"] = "RetryForever"
	sub := c.create(body)
	m := c.expect(http.MethodGet, sub, nil, http.StatusOK).json(t)
	if m["Certificates"].(map[string]any)["@odata.id"] != sub+"/Certificates" {
		t.Fatalf("no Certificates link: %v", m)
	}

	rep := b.RaiseEvent(context.Background(), EventRecord{MessageId: "Base.1.22.Success"})
	res := rep.Results[0]
	if res.Delivered || !strings.Contains(res.CertificateError, "not trusted") {
		t.Fatalf("without the CA: %+v", res)
	}

	// An unrelated CA in Certificates: still refused, and the reason names the collection.
	other := startRawSink(t, true)
	otherLoc := addCert(t, c, sub, "Certificates", string(other.CACertPEM()))
	res = b.RaiseEvent(context.Background(), EventRecord{MessageId: "Base.1.22.Success"}).Results[0]
	if res.Delivered || !strings.Contains(res.CertificateError, sub+"/Certificates") {
		t.Fatalf("with another CA: %+v", res)
	}

	// Replace: POST the right CA, DELETE the other.
	loc := addCert(t, c, sub, "Certificates", string(sink.CACertPEM()))
	c.expect(http.MethodDelete, otherLoc, nil, http.StatusNoContent)
	c.expect(http.MethodGet, otherLoc, nil, http.StatusNotFound)
	res = b.RaiseEvent(context.Background(), EventRecord{MessageId: "Base.1.22.Success"}).Results[0]
	if !res.Delivered || res.CertificateError != "" {
		t.Fatalf("with the CA: %+v", res)
	}
	if n := b.Stats().CertificateFailures; n != 2 {
		t.Errorf("stats count %d certificate failures, want 2", n)
	}
	cert := c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t)
	if cert["CertificateType"] != "PEM" || cert["Subject"].(map[string]any)["CommonName"] != "bmcsim sink CA" {
		t.Errorf("certificate: %v", cert)
	}
	coll := c.expect(http.MethodGet, sub+"/Certificates", nil, http.StatusOK).json(t)
	if coll["Members@odata.count"] != float64(1) {
		t.Errorf("collection: %v", coll)
	}
}

// A sink that requires a client certificate receives events once the
// subscription's ClientCertificates hold one it trusts; the key is never
// read back.
func TestDeliveryPresentsClientCertificate(t *testing.T) {
	b := startBMC(t, Options{DeliveryRetryInterval: time.Hour})
	sink, err := StartSinkWith(SinkOptions{RequireClientCert: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sink.Close)
	c := newClient(t, b)
	body := redfishDest(sink.URL())
	body["VerifyCertificate"] = true
	body["DeliveryRetryPolicy"] = "RetryForever"
	sub := c.create(body)
	addCert(t, c, sub, "Certificates", string(sink.CACertPEM()))

	res := b.RaiseEvent(context.Background(), EventRecord{MessageId: "Base.1.22.Success"}).Results[0]
	if res.Delivered || !strings.Contains(res.CertificateError, "ClientCertificates is empty") {
		t.Fatalf("without a client certificate: %+v", res)
	}

	bundle, err := sink.ClientCertificatePEM("bmc-42")
	if err != nil {
		t.Fatal(err)
	}
	// Certificates takes no private key; ClientCertificates needs one.
	r := c.expect(http.MethodPost, sub+"/Certificates", map[string]any{"CertificateString": bundle, "CertificateType": "PEM"}, http.StatusBadRequest)
	if strings.Contains(string(r.body), "PRIVATE KEY") {
		t.Fatalf("the key is echoed: %s", r.body)
	}
	certOnly := bundle[:strings.Index(bundle, "-----BEGIN PRIVATE KEY")]
	c.expect(http.MethodPost, sub+"/ClientCertificates", map[string]any{"CertificateString": certOnly, "CertificateType": "PEM"}, http.StatusBadRequest)
	loc := addCert(t, c, sub, "ClientCertificates", bundle)
	got := c.expect(http.MethodGet, loc, nil, http.StatusOK)
	if strings.Contains(string(got.body), "PRIVATE KEY") || !strings.Contains(string(got.body), "BEGIN CERTIFICATE") {
		t.Fatalf("client certificate read back: %s", got.body)
	}

	res = b.RaiseEvent(context.Background(), EventRecord{MessageId: "Base.1.22.Success"}).Results[0]
	if !res.Delivered {
		t.Fatalf("with the client certificate: %+v", res)
	}
	if n := b.Stats().CertificateFailures; n != 1 {
		t.Errorf("stats count %d certificate failures, want 1", n)
	}
	evs, err := sink.WaitFor(1, 5*time.Second)
	if err != nil || evs[0].ClientCommonName != "bmc-42" {
		t.Fatalf("sink got %v (%v)", evs, err)
	}
}

func TestCertificatePOSTRejected(t *testing.T) {
	b := startBMC(t, Options{})
	c := newClient(t, b)
	sub := c.create(redfishDest("https://127.0.0.1:9/e"))
	sink := startRawSink(t, true)
	for _, tc := range []struct {
		body map[string]any
		want string
	}{
		{map[string]any{"CertificateType": "PEM"}, "PropertyMissing"},
		{map[string]any{"CertificateString": string(sink.CACertPEM()), "CertificateType": "PKCS7"}, "PropertyValueNotInList"},
		{map[string]any{"CertificateString": "not a certificate", "CertificateType": "PEM"}, "PropertyValueError"},
		{map[string]any{"CertificateString": string(sink.CACertPEM()), "CertificateType": "PEM", "Id": "7"}, "PropertyUnknown"},
	} {
		r := c.expect(http.MethodPost, sub+"/Certificates", tc.body, http.StatusBadRequest)
		if ids := r.messageIDs(t); len(ids) != 1 || ids[0] != baseRegistry+"."+tc.want {
			t.Errorf("%v: %s", tc.body, r.body)
		}
	}
	c.expect(http.MethodPost, pathSubscriptions+"/99/Certificates", map[string]any{"CertificateString": string(sink.CACertPEM()), "CertificateType": "PEM"}, http.StatusNotFound)
	c.expect(http.MethodDelete, sub+"/Certificates/5", nil, http.StatusNotFound)
}

// Profiles without per-subscription certificates serve no collections and
// no links.
func TestNoCertificateCollectionsOnVendorProfiles(t *testing.T) {
	for _, name := range []string{"openbmc", "idrac9", "ilo6", "xcc3", "minimal"} {
		b := startBMC(t, Options{Profile: name})
		c := newClient(t, b)
		id := b.AddSubscription(Subscription{Destination: "https://127.0.0.1:9/e", Context: "c"})
		s, _ := b.Subscription(id)
		if m := b.renderSubscription(&s); m["Certificates"] != nil || m["ClientCertificates"] != nil {
			t.Errorf("%s renders certificate links", name)
		}
		r := c.do(http.MethodGet, s.ODataID+"/Certificates", nil)
		if r.status != http.StatusNotFound {
			t.Errorf("%s: GET Certificates %d", name, r.status)
		}
	}
}
