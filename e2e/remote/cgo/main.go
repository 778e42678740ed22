package main

import (
	"crypto/fips140"
	"crypto/sha256"
	"fmt"

	"example.com/remote/adder"
)

func main() {
	sum := sha256.Sum256([]byte("remote"))
	fmt.Printf("add(2, 3) = %d, sha256 %x, fips140 enabled: %v\n", adder.Add(2, 3), sum[:4], fips140.Enabled())
}
