package api_test

import (
	"fmt"

	"example.com/fipsdemo/api"
)

// go test runs an example that has an output comment, and compares what it
// prints with that comment.
func ExampleSign() {
	body, err := api.Sign(key, "hello")
	if err != nil {
		panic(err)
	}
	fmt.Println(string(body))
	// Output: {"message":"hello","mac":"db68b47b63c2397eac785025b1c9c2103ae06c28998234a783b3eb6453d1ad70"}
}

func ExampleOpen() {
	body, _ := api.Sign(key, "pay 10")
	for _, k := range [][]byte{key, []byte("another key, 32 bytes long......")} {
		if message, err := api.Open(k, body); err != nil {
			fmt.Println("error:", err)
		} else {
			fmt.Println("message:", message)
		}
	}
	// Unordered output:
	// error: api: message authentication failed
	// message: pay 10
}

// Without an output comment, an example is compiled but not run.
func ExampleOpen_noOutput() {
	fmt.Println("not run")
}
