package redfish

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
)

// A subscription's Certificates (EventDestination v1_9_0: the CAs it trusts
// for Destination when VerifyCertificate is true) and ClientCertificates
// (v1_11_0: what it presents for mutual TLS) are CertificateCollections of
// their own, created with the subscription and changed without touching it:
// the one part of a subscription that can be changed in place on every BMC
// that has them. Rotating one is POST the new certificate, then DELETE the
// old (no CertificateService.ReplaceCertificate is assumed).

// Certificate is one member of a certificate collection.
type Certificate struct {
	ODataID string
	// PEM is the CertificateString the BMC reports: certificates only, never
	// a private key.
	PEM string
}

// Certificates lists the members of a certificate collection.
func (c *Client) Certificates(ctx context.Context, coll string) ([]Certificate, error) {
	resp, err := c.do(ctx, http.MethodGet, coll, nil)
	if err != nil {
		return nil, err
	}
	var body struct {
		Members []struct {
			ID string `json:"@odata.id"`
		}
	}
	if err := json.Unmarshal(resp.body, &body); err != nil {
		return nil, fmt.Errorf("the certificate collection %s is not a JSON object: %w", coll, err)
	}
	out := make([]Certificate, 0, len(body.Members))
	for _, m := range body.Members {
		id := NormalizeODataID(m.ID)
		r, err := c.do(ctx, http.MethodGet, id, nil)
		if err != nil {
			return nil, err
		}
		var cert struct{ CertificateString string }
		if err := json.Unmarshal(r.body, &cert); err != nil {
			return nil, fmt.Errorf("the certificate %s is not a JSON object: %w", id, err)
		}
		out = append(out, Certificate{ODataID: id, PEM: cert.CertificateString})
	}
	return out, nil
}

// AddCertificate uploads pemText (for ClientCertificates: the certificate
// and its private key) to a certificate collection, and returns the new
// member's path.
func (c *Client) AddCertificate(ctx context.Context, coll, pemText string) (string, error) {
	certType := "PEM"
	if certificateCount(pemText) > 1 {
		certType = "PEMchain"
	}
	RegisterSecrets(privateKeyBlocks(pemText)...)
	resp, err := c.do(ctx, http.MethodPost, coll, map[string]any{"CertificateString": pemText, "CertificateType": certType})
	if err != nil {
		return "", err
	}
	id := createdID(resp, coll)
	if id == "" {
		return "", fmt.Errorf("the BMC at %s accepted a certificate in %s but did not say where it is", c.endpoint, coll)
	}
	return id, nil
}

// DeleteCertificate deletes a member of a certificate collection; one
// already gone is not an error.
func (c *Client) DeleteCertificate(ctx context.Context, id string) error {
	_, err := c.do(ctx, http.MethodDelete, id, nil)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return nil
}

// SameCertificate reports whether two PEM texts hold the same certificates
// (the DER bytes of their CERTIFICATE blocks, in order): BMCs re-encode PEM
// (line length, trailing newline, no chain order change).
func SameCertificate(a, b string) bool {
	da, db := certificateDER(a), certificateDER(b)
	if len(da) == 0 || len(da) != len(db) {
		return false
	}
	for i := range da {
		if !bytes.Equal(da[i], db[i]) {
			return false
		}
	}
	return true
}

func certificateDER(pemText string) [][]byte {
	var out [][]byte
	for _, b := range pemBlocks(pemText) {
		if b.Type == "CERTIFICATE" {
			out = append(out, b.Bytes)
		}
	}
	return out
}

func pemBlocks(pemText string) []*pem.Block {
	var out []*pem.Block
	rest := []byte(pemText)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return out
		}
		out = append(out, block)
	}
}

func certificateCount(pemText string) int { return len(certificateDER(pemText)) }

// privateKeyBlocks returns the PEM text of every private key in pemText, to
// be redacted from anything the BMC answers.
func privateKeyBlocks(pemText string) []string {
	var out []string
	for _, b := range pemBlocks(pemText) {
		if b.Type != "CERTIFICATE" {
			out = append(out, string(pem.EncodeToMemory(b)))
		}
	}
	return out
}
