package gotest_test

import (
	"testing"

	"example.com/gotest"
)

func TestAddFromOutside(t *testing.T) {
	if gotest.Add(2, 2) != 4 {
		t.Fatal("Add")
	}
}
