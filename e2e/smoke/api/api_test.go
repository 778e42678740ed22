package api_test

import (
	"errors"
	"strings"
	"testing"

	"example.com/fipsdemo/api"
)

var key = []byte("0123456789abcdef0123456789abcdef")

func TestSignOpenRoundTrip(t *testing.T) {
	body, err := api.Sign(key, "hello, FIPS")
	if err != nil {
		t.Fatal(err)
	}
	got, err := api.Open(key, body)
	if err != nil || got != "hello, FIPS" {
		t.Fatalf("Open = %q, %v", got, err)
	}
}

func TestOpenRejectsTamperedMessage(t *testing.T) {
	body, _ := api.Sign(key, "pay 10")
	tampered := []byte(strings.Replace(string(body), "pay 10", "pay 99", 1))
	if _, err := api.Open(key, tampered); !errors.Is(err, api.ErrBadMAC) {
		t.Fatalf("Open(tampered) error = %v, want ErrBadMAC", err)
	}
}

func TestOpenRejectsWrongKey(t *testing.T) {
	body, _ := api.Sign(key, "hello")
	if _, err := api.Open([]byte("another key of thirty-two bytes!"), body); !errors.Is(err, api.ErrBadMAC) {
		t.Fatalf("Open(wrong key) error = %v, want ErrBadMAC", err)
	}
}
