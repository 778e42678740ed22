package main

// Chosen by its _windows file name suffix.
const platformFile = "platform_windows.go"
