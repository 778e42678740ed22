//go:build !unix && !windows

package main

const platformFile = "platform_other.go"
