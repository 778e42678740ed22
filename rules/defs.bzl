"""Public API of the fips rule set.

Load from here, never from `//rules/private`: only the names below are stable.
"""

load("//rules/private:providers.bzl", _FipsVersionInfo = "FipsVersionInfo")

FipsVersionInfo = _FipsVersionInfo
