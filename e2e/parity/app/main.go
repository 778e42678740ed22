// fipshello exercises the FIPS module (SHA-256, HMAC, ECDSA) and reports
// whether FIPS 140-3 mode is on: the oracle harness's reference program.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/fips140"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"os"
)

func main() {
	digest := sha256.Sum256([]byte("fips"))
	mac := hmac.New(sha256.New, []byte("key"))
	mac.Write(digest[:])
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ecdsa:", err)
		os.Exit(1)
	}
	sig, err := ecdsa.SignASN1(rand.Reader, key, digest[:])
	if err != nil || !ecdsa.VerifyASN1(&key.PublicKey, digest[:], sig) {
		fmt.Fprintln(os.Stderr, "ecdsa signature failed:", err)
		os.Exit(1)
	}
	fmt.Printf("hmac-sha256: %x\n", mac.Sum(nil))
	fmt.Printf("fips140 enabled: %v\n", fips140.Enabled())
}
