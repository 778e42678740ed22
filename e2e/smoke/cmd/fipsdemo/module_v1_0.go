//go:build fips140v1.0

package main

// go build sets the fips140v1.0 tag when it builds with the v1.0 module.
const moduleTagFile = "module_v1_0.go"
