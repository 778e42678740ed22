"""Providers of the fips rule set."""

FipsVersionInfo = provider(
    doc = "The `--@fips//:version` flag, checked for syntax (not yet resolved against an SDK).",
    fields = {
        "value": "string: the flag's value exactly as given, e.g. `certified` or `v1.0.0`.",
        "kind": "string: `off`, `latest`, `alias` (inprocess, certified) or `version` (vX.Y.Z, " +
                "vX.Y.Z-<8 chars>, vX.Y.Z-rcN).",
    },
)
