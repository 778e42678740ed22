// A program for the analysis tests: analysed, never built.
package main

func main() {}
