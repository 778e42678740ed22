// Package api is the demo's wire format: JSON messages authenticated with
// HMAC-SHA256 over their canonical encoding.
package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
)

// Request asks the server to echo a message.
type Request struct {
	Message string `json:"message"`
	MAC     string `json:"mac"`
}

// Response carries the echoed message and facts about the server's crypto.
type Response struct {
	Echo        string `json:"echo"`
	FIPSEnabled bool   `json:"fips_enabled"`
	TLSVersion  string `json:"tls_version"`
	CipherSuite string `json:"cipher_suite"`
}

// ErrBadMAC reports a request whose MAC does not match its message.
var ErrBadMAC = errors.New("api: message authentication failed")

func mac(key []byte, message string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(message))
	return h.Sum(nil)
}

// Sign returns the JSON encoding of a request carrying message and its MAC.
func Sign(key []byte, message string) ([]byte, error) {
	return json.Marshal(Request{Message: message, MAC: hex.EncodeToString(mac(key, message))})
}

// Open decodes a request and checks its MAC in constant time.
func Open(key []byte, body []byte) (string, error) {
	var req Request
	if err := json.Unmarshal(body, &req); err != nil {
		return "", err
	}
	got, err := hex.DecodeString(req.MAC)
	if err != nil || !hmac.Equal(got, mac(key, req.Message)) {
		return "", ErrBadMAC
	}
	return req.Message, nil
}
