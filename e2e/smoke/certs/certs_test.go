package certs

import (
	"crypto/x509"
	"testing"
	"time"
)

func TestSelfSignedVerifiesFor127001(t *testing.T) {
	now := time.Now()
	id, err := SelfSigned(now)
	if err != nil {
		t.Fatal(err)
	}
	_, err = id.Leaf.Verify(x509.VerifyOptions{Roots: id.Pool, DNSName: "127.0.0.1", CurrentTime: now})
	if err != nil {
		t.Fatalf("the certificate does not verify for 127.0.0.1: %v", err)
	}
}

func TestSelfSignedRejectsOtherHosts(t *testing.T) {
	id, err := SelfSigned(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := id.Leaf.Verify(x509.VerifyOptions{Roots: id.Pool, DNSName: "example.com"}); err == nil {
		t.Fatal("the certificate verified for example.com")
	}
}
