"""The `go_sdk` module extension: which Go SDKs the fips rules build with.

    go_sdk = use_extension("@fips//toolchain:extensions.bzl", "go_sdk")
    go_sdk.download(version = "1.26.6")

Tags: `download`, `archive`, `goproxy`, `local`. The rule set registers the
resulting toolchains itself; see docs/toolchain.md for attributes, precedence
and the `--@fips//toolchain:sdk_version` flag.
"""

load("//toolchain/private:sdk_extension.bzl", _go_sdk = "go_sdk")

go_sdk = _go_sdk
