"""What each known Go release's GOFIPS140 aliases name: its
`lib/fips140/<alias>.txt` files, as the genuine SDKs ship them.

The FIPS transition reads this table to give every spelling of one snapshot
(`certified`, `v1.0.0`, `v1.0.0-c2097c7c` on Go 1.26.6) one configuration
for a program's packages and standard library, before toolchain resolution
has chosen the SDK (a transition cannot see it). The standard library checks
the table's entry against the SDK it is built with and fails on any
difference, so a wrong entry can never build another snapshot; a release
not listed here is simply not shared across spellings.
To add a release: `cat $GOROOT/lib/fips140/*.txt`.
"""

FIPS_ALIASES = {
    "1.24.11": {"inprocess": "v1.0.0-c2097c7c", "v1.0.0": "v1.0.0-c2097c7c"},
    "1.25.5": {"inprocess": "v1.0.0-c2097c7c", "v1.0.0": "v1.0.0-c2097c7c"},
    "1.26.6": {"certified": "v1.0.0-c2097c7c", "inprocess": "v1.26.0", "v1.0.0": "v1.0.0-c2097c7c"},
    "1.26.10": {"certified": "v1.0.0-c2097c7c", "inprocess": "v1.26.0", "v1.0.0": "v1.0.0-c2097c7c"},
    "1.27.3": {"certified": "v1.0.0-c2097c7c", "inprocess": "v1.26.0", "v1.0.0": "v1.0.0-c2097c7c"},
}

def shared_version(value, sdk_version):
    """The spelling of `value` (a --@fips//:version value) that a program's
    packages and standard library are configured with: the snapshot an
    alias names on `sdk_version`, when this table knows that release."""
    return FIPS_ALIASES.get(sdk_version, {}).get(value, value)

def alias_table_error(sdk):
    """A difference between this table and the SDK's own alias files, or
    None (the standard library refuses to build on one)."""
    pinned = FIPS_ALIASES.get(sdk.version)
    if pinned == None or pinned == dict(sdk.aliases):
        return None
    return ("the pinned GOFIPS140 aliases of Go %s (rules/private/fips_aliases.bzl: %r) differ from the SDK's " +
            "lib/fips140 (%r): the SDK is not the genuine release, or the table is wrong") % (sdk.version, pinned, dict(sdk.aliases))
