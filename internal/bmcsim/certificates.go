package bmcsim

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The Certificates (EventDestination v1_9_0: "the server certificates for
// the server referenced by the Destination property") and
// ClientCertificates (v1_11_0: "the client identity certificates … to
// present to the server referenced by the Destination property")
// collections of a subscription. Both are CertificateCollections: POST a
// Certificate with CertificateString and CertificateType (its
// requiredOnCreate), GET and DELETE members. A certificate is replaced by
// POSTing the new one and DELETEing the old: no CertificateService is
// served, so ReplaceCertificate is not offered.

// Collection names under a subscription.
const (
	collCertificates       = "Certificates"
	collClientCertificates = "ClientCertificates"
)

const certificateType = "#Certificate.v1_11_0.Certificate"

// StoredCertificate is one member of a subscription's Certificates or
// ClientCertificates. PEM holds only CERTIFICATE blocks; the private key a
// ClientCertificates POST carries is kept apart and never served.
type StoredCertificate struct {
	ID   string
	Type string // CertificateType: PEM or PEMchain
	PEM  string
	// Certs are the parsed certificates of PEM, leaf first.
	Certs []*x509.Certificate
	// key is the client certificate's private key in PEM, ClientCertificates only.
	key []byte
}

// HasKey reports whether the member carries a private key (a client
// identity), without revealing it.
func (c StoredCertificate) HasKey() bool { return len(c.key) > 0 }

// certificatesOf returns the collection of s named coll.
func certificatesOf(s *Subscription, coll string) *[]StoredCertificate {
	if coll == collClientCertificates {
		return &s.ClientCertificates
	}
	return &s.Certificates
}

// parseCertificatePOST checks a Certificate create body for coll: both
// requiredOnCreate properties, CertificateType PEM or PEMchain (PKCS7 and
// PKCS12 are not taken), and a CertificateString of PEM certificates,
// with exactly one private key matching the leaf for ClientCertificates
// and none for Certificates. Messages never echo CertificateString: it may
// hold a key.
func parseCertificatePOST(obj map[string]any, coll string) (StoredCertificate, []Message) {
	var msgs []Message
	for _, k := range sortedKeys(obj) {
		if k != "CertificateString" && k != "CertificateType" {
			msgs = append(msgs, baseMsg("PropertyUnknown", k).related(k))
		}
	}
	str, strOK := obj["CertificateString"].(string)
	typ, typOK := obj["CertificateType"].(string)
	for _, k := range []string{"CertificateString", "CertificateType"} {
		switch v, ok := obj[k]; {
		case !ok:
			msgs = append(msgs, baseMsg("PropertyMissing", k).related(k))
		case k == "CertificateString" && !strOK:
			msgs = append(msgs, baseMsg("PropertyValueTypeError", "(hidden)", k).related(k))
		case k == "CertificateType" && !typOK:
			msgs = append(msgs, typeError(v, k))
		}
	}
	if len(msgs) > 0 {
		return StoredCertificate{}, msgs
	}
	if typ != "PEM" && typ != "PEMchain" {
		return StoredCertificate{}, []Message{notInList(typ, "CertificateType")}
	}
	c, err := parsePEMBundle(str, coll == collClientCertificates)
	if err != nil {
		return StoredCertificate{}, []Message{baseMsg("PropertyValueError", "CertificateString").related("CertificateString")}
	}
	c.Type = typ
	return c, nil
}

// parsePEMBundle reads certificates, and a private key when wantKey.
func parsePEMBundle(s string, wantKey bool) (StoredCertificate, error) {
	var c StoredCertificate
	var certPEM []byte
	rest := []byte(s)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		switch {
		case block.Type == "CERTIFICATE":
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return c, err
			}
			c.Certs = append(c.Certs, cert)
			certPEM = append(certPEM, pem.EncodeToMemory(block)...)
		case strings.HasSuffix(block.Type, "PRIVATE KEY"):
			if !wantKey || c.key != nil {
				return c, errors.New("unexpected private key")
			}
			c.key = pem.EncodeToMemory(block)
		default:
			return c, errors.New("unexpected PEM block " + block.Type)
		}
	}
	if len(c.Certs) == 0 || strings.TrimSpace(string(rest)) != "" {
		return c, errors.New("no PEM certificate")
	}
	if wantKey {
		if c.key == nil {
			return c, errors.New("no private key")
		}
		if _, err := tls.X509KeyPair(certPEM, c.key); err != nil {
			return c, err
		}
	}
	c.PEM = string(certPEM)
	return c, nil
}

// certCollectionPath is the path of coll under subscription s.
func certCollectionPath(s *Subscription, coll string) string { return s.ODataID + "/" + coll }

func (b *BMC) getCertificates(w http.ResponseWriter, id, coll string) {
	s, ok := b.Subscription(id)
	if !ok {
		b.memberNotFound(w, id)
		return
	}
	certs := *certificatesOf(&s, coll)
	members := make([]any, 0, len(certs))
	for _, c := range certs {
		members = append(members, b.link(certCollectionPath(&s, coll)+"/"+c.ID))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"@odata.type":         "#CertificateCollection.CertificateCollection",
		"@odata.id":           b.odataID(certCollectionPath(&s, coll)),
		"Name":                coll + " of event subscription " + s.ID,
		"Members":             members,
		"Members@odata.count": len(members),
	})
}

// maxCertificatesPerCollection bounds each collection, as a BMC's storage
// does (the emulator's own figure; no vendor documents one).
const maxCertificatesPerCollection = 8

func (b *BMC) postCertificate(w http.ResponseWriter, r *http.Request, id, coll string) {
	obj, msg, ok := readJSONObject(r)
	if !ok {
		b.fail(w, http.StatusBadRequest, msg)
		return
	}
	c, msgs := parseCertificatePOST(obj, coll)
	if len(msgs) > 0 {
		sortMessages(msgs)
		b.fail(w, http.StatusBadRequest, msgs...)
		return
	}
	rec, found := b.lockMember(w, id)
	if !found {
		return
	}
	list := certificatesOf(&rec.sub, coll)
	if len(*list) >= maxCertificatesPerCollection {
		b.mu.Unlock()
		b.fail(w, http.StatusBadRequest, baseMsg("CreateLimitReachedForResource"))
		return
	}
	c.ID = nextCertificateID(*list)
	*list = append(slices.Clone(*list), c)
	s := rec.sub.clone()
	b.mu.Unlock()
	loc := b.odataID(certCollectionPath(&s, coll) + "/" + c.ID)
	if !b.profile.RelativeLocation {
		loc = b.URL() + loc
	}
	w.Header().Set("Location", loc)
	writeJSON(w, http.StatusCreated, b.renderCertificate(&s, coll, c))
}

// nextCertificateID is the smallest free number.
func nextCertificateID(list []StoredCertificate) string {
	for n := 1; ; n++ {
		id := strconv.Itoa(n)
		if !slices.ContainsFunc(list, func(c StoredCertificate) bool { return c.ID == id }) {
			return id
		}
	}
}

func (b *BMC) getCertificate(w http.ResponseWriter, id, coll, certID string) {
	s, ok := b.Subscription(id)
	if !ok {
		b.memberNotFound(w, id)
		return
	}
	for _, c := range *certificatesOf(&s, coll) {
		if c.ID == certID {
			writeJSON(w, http.StatusOK, b.renderCertificate(&s, coll, c))
			return
		}
	}
	b.fail(w, http.StatusNotFound, baseMsg("ResourceNotFound", "Certificate", certID))
}

func (b *BMC) deleteCertificate(w http.ResponseWriter, id, coll, certID string) {
	found := false
	ok := b.ModifySubscription(id, func(s *Subscription) {
		list := certificatesOf(s, coll)
		n := len(*list)
		*list = slices.DeleteFunc(slices.Clone(*list), func(c StoredCertificate) bool { return c.ID == certID })
		found = len(*list) < n
	})
	switch {
	case !ok:
		b.memberNotFound(w, id)
	case !found:
		b.fail(w, http.StatusNotFound, baseMsg("ResourceNotFound", "Certificate", certID))
	default:
		b.writeDeleted(w)
	}
}

// renderCertificate is a Certificate as served: the certificates only
// ("If the certificate contains any private keys, they shall be removed
// from the string in responses"), with what the leaf says of itself.
func (b *BMC) renderCertificate(s *Subscription, coll string, c StoredCertificate) map[string]any {
	leaf := c.Certs[0]
	sum := sha256.Sum256(leaf.Raw)
	m := map[string]any{
		"@odata.type":              certificateType,
		"@odata.id":                b.odataID(certCollectionPath(s, coll) + "/" + c.ID),
		"Id":                       c.ID,
		"Name":                     "Certificate " + c.ID,
		"CertificateString":        c.PEM,
		"CertificateType":          c.Type,
		"Subject":                  identifierOf(leaf.Subject.CommonName, leaf.Subject.Organization),
		"Issuer":                   identifierOf(leaf.Issuer.CommonName, leaf.Issuer.Organization),
		"ValidNotBefore":           leaf.NotBefore.UTC().Format(time.RFC3339),
		"ValidNotAfter":            leaf.NotAfter.UTC().Format(time.RFC3339),
		"SerialNumber":             colonHex(leaf.SerialNumber.Bytes()),
		"Fingerprint":              colonHex(sum[:]),
		"FingerprintHashAlgorithm": "TPM_ALG_SHA256",
	}
	return m
}

func identifierOf(cn string, org []string) map[string]any {
	id := map[string]any{}
	if cn != "" {
		id["CommonName"] = cn
	}
	if len(org) > 0 {
		id["Organization"] = org[0]
	}
	return id
}

// colonHex renders bytes as "AB:CD:…", the form SerialNumber's pattern takes.
func colonHex(b []byte) string {
	if len(b) == 0 {
		b = []byte{0}
	}
	parts := make([]string, len(b))
	for i, x := range b {
		parts[i] = strings.ToUpper(hex.EncodeToString([]byte{x}))
	}
	return strings.Join(parts, ":")
}

// certificateLinks are the links a member renders to its collections.
func (b *BMC) certificateLinks(m map[string]any, s *Subscription) {
	if !b.profile.SubscriptionCertificates {
		return
	}
	m["Certificates"] = b.link(certCollectionPath(s, collCertificates))
	m["ClientCertificates"] = b.link(certCollectionPath(s, collClientCertificates))
}

// deliveryTrust is what a delivery uses from a subscription's collections:
// the CA pool of its Certificates (nil when empty) and its client identity.
type deliveryTrust struct {
	roots  *x509.CertPool
	nRoots int
	client *tls.Certificate
	key    string // cache key: fingerprints of what is used
}

func trustOf(s *Subscription) deliveryTrust {
	var t deliveryTrust
	var key []string
	for _, c := range s.Certificates {
		if t.roots == nil {
			t.roots = x509.NewCertPool()
		}
		for _, cert := range c.Certs {
			t.roots.AddCert(cert)
			t.nRoots++
			sum := sha256.Sum256(cert.Raw)
			key = append(key, hex.EncodeToString(sum[:8]))
		}
	}
	if len(s.ClientCertificates) > 0 {
		c := s.ClientCertificates[0]
		var certPEM []byte
		for _, cert := range c.Certs {
			certPEM = append(certPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})...)
		}
		if pair, err := tls.X509KeyPair(certPEM, c.key); err == nil {
			t.client = &pair
			sum := sha256.Sum256(c.Certs[0].Raw)
			key = append(key, "client-"+hex.EncodeToString(sum[:8]))
		}
	}
	t.key = strings.Join(key, ",")
	return t
}

// certificateFailure explains a TLS failure of a delivery in terms of the
// subscription's collections, or "" when the failure was not about
// certificates.
func certificateFailure(err error, s *Subscription, t deliveryTrust) string {
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var host x509.HostnameError
	var verr *tls.CertificateVerificationError
	msg := err.Error()
	switch {
	case errors.As(err, &unknown), errors.As(err, &invalid), errors.As(err, &host), errors.As(err, &verr):
		if t.roots != nil {
			return "destination certificate not trusted by the " + strconv.Itoa(t.nRoots) + " certificate(s) in " + certCollectionPath(s, collCertificates) + ": " + msg
		}
		return "destination certificate not trusted (the subscription has no Certificates; system roots used): " + msg
	case strings.Contains(msg, "certificate required") || strings.Contains(msg, "bad certificate"):
		if t.client == nil {
			return "destination requires a client certificate and " + certCollectionPath(s, collClientCertificates) + " is empty: " + msg
		}
		return "destination refused the client certificate from " + certCollectionPath(s, collClientCertificates) + ": " + msg
	}
	return ""
}
