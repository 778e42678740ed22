// Package certs makes the demo's TLS identity: a self-signed ECDSA P-256
// certificate for 127.0.0.1, created in memory at start-up.
package certs

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"time"
)

// Identity is a certificate and key usable by a TLS server, and a pool that
// trusts it, for the client.
type Identity struct {
	Certificate tls.Certificate
	Pool        *x509.CertPool
	Leaf        *x509.Certificate
}

// SelfSigned creates an identity valid for 127.0.0.1 for the next hour.
func SelfSigned(now time.Time) (*Identity, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating the key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return nil, fmt.Errorf("choosing a serial number: %w", err)
	}
	// Left empty, CreateCertificate derives the key identifier with SHA-1,
	// which fips140=only forbids; a truncated SHA-256 (RFC 7093) is allowed.
	spki, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("encoding the public key: %w", err)
	}
	keyID := sha256.Sum256(spki)
	template := &x509.Certificate{
		SerialNumber:          serial,
		SubjectKeyId:          keyID[:20],
		Subject:               pkix.Name{CommonName: "fipsdemo"},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("signing the certificate: %w", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parsing the certificate: %w", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return &Identity{
		Certificate: tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf},
		Pool:        pool,
		Leaf:        leaf,
	}, nil
}
