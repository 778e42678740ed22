//go:build unix

package main

// The file name of the platform file build constraints chose (//go:build unix).
const platformFile = "platform_unix.go"
