package main

// A _test.go file in a go_binary's srcs: go build never compiles test files,
// and this one would not compile (undefined).
var _ = undefinedOnPurpose
