"""Public API of the fips rule set.

Load from here, never from `//rules/private`: only the names below are stable.
"""

load("//rules/private:go_rules.bzl", _go_binary = "go_binary", _go_library = "go_library", _go_test = "go_test")
load(
    "//rules/private:providers.bzl",
    _FipsModeInfo = "FipsModeInfo",
    _FipsVersionInfo = "FipsVersionInfo",
    _GoArchiveInfo = "GoArchiveInfo",
    _GoStdlibInfo = "GoStdlibInfo",
)

go_binary = _go_binary
go_library = _go_library
go_test = _go_test

FipsModeInfo = _FipsModeInfo
FipsVersionInfo = _FipsVersionInfo
GoArchiveInfo = _GoArchiveInfo
GoStdlibInfo = _GoStdlibInfo
