package lib

// Answer is what the tests import.
func Answer() int { return 42 }
