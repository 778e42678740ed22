//go:build !fips140v1.0

package main

const moduleTagFile = "module_other.go"
