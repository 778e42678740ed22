"""Public API of the fips rule set.

Load from here, never from `//rules/private`: only the names below are stable.
"""

load("//rules/private:attest.bzl", _fips_report = "fips_report")
load("//rules/private:go_rules.bzl", _fips_seal = "fips_seal", _go_binary = "go_binary", _go_library = "go_library", _go_test = "go_test")
load("//rules/private:policy.bzl", _fips_policy = "fips_policy")
load(
    "//rules/private:providers.bzl",
    _FipsAttestationsInfo = "FipsAttestationsInfo",
    _FipsBinaryInfo = "FipsBinaryInfo",
    _FipsModeInfo = "FipsModeInfo",
    _FipsPolicyInfo = "FipsPolicyInfo",
    _FipsVersionInfo = "FipsVersionInfo",
    _GoArchiveInfo = "GoArchiveInfo",
    _GoStdlibInfo = "GoStdlibInfo",
)

go_binary = _go_binary
go_library = _go_library
go_test = _go_test
fips_policy = _fips_policy
fips_report = _fips_report
fips_seal = _fips_seal

FipsAttestationsInfo = _FipsAttestationsInfo
FipsBinaryInfo = _FipsBinaryInfo
FipsModeInfo = _FipsModeInfo
FipsPolicyInfo = _FipsPolicyInfo
FipsVersionInfo = _FipsVersionInfo
GoArchiveInfo = _GoArchiveInfo
GoStdlibInfo = _GoStdlibInfo
