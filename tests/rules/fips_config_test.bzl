"""Unit tests of resolving the FIPS flags against an SDK (rules/private/fips_config.bzl)."""

load("@bazel_skylib//lib:unittest.bzl", "asserts", "unittest")
load("//rules/private:fips_config.bzl", "fips_platform_error", "resolve_fips")

def _sdk(version, snapshots, aliases):
    return struct(
        version = version,
        snapshots = {v: struct(zip = "lib/fips140/%s.zip" % v, sha256 = "0" * 64, h1 = None) for v in snapshots},
        aliases = aliases,
    )

# The lib/fips140 of the genuine SDKs (see e2e/tests/test_oracle.py).
GO_1_24 = _sdk("1.24.11", ["v1.0.0-c2097c7c"], {"inprocess": "v1.0.0-c2097c7c", "v1.0.0": "v1.0.0-c2097c7c"})
GO_1_26 = _sdk("1.26.6", ["v1.0.0-c2097c7c", "v1.26.0"], {
    "inprocess": "v1.26.0",
    "certified": "v1.0.0-c2097c7c",
    "v1.0.0": "v1.0.0-c2097c7c",
})
GO_1_23 = _sdk("1.23.4", [], {})

def _resolve_test_impl(ctx):
    env = unittest.begin(ctx)

    config, error = resolve_fips(GO_1_26, "certified", "auto")
    asserts.equals(env, None, error)
    asserts.equals(env, "v1.0.0-c2097c7c", config.snapshot)
    asserts.equals(env, "v1.0.0-c2097c7c", config.gofips140)
    asserts.equals(env, "fips140v1.0", config.tag)
    asserts.equals(env, "on", config.godebug_fips140)

    config, _ = resolve_fips(GO_1_26, "inprocess", "only")
    asserts.equals(env, "v1.26.0", config.snapshot)
    asserts.equals(env, "fips140v1.26", config.tag)
    asserts.equals(env, "only", config.godebug_fips140)

    config, _ = resolve_fips(GO_1_26, "latest", "auto")
    asserts.equals(env, None, config.snapshot)
    asserts.equals(env, "latest", config.gofips140)
    asserts.equals(env, None, config.tag)
    asserts.true(env, config.enabled)

    config, _ = resolve_fips(GO_1_26, "off", "auto")
    asserts.false(env, config.enabled)
    asserts.equals(env, None, config.gofips140)
    asserts.equals(env, None, config.godebug_fips140)

    config, _ = resolve_fips(GO_1_26, "off", "debug")
    asserts.equals(env, "debug", config.godebug_fips140)

    config, _ = resolve_fips(GO_1_26, "latest", "off")
    asserts.equals(env, None, config.godebug_fips140)

    config, _ = resolve_fips(GO_1_24, "v1.0.0", "auto")
    asserts.equals(env, "v1.0.0-c2097c7c", config.snapshot)

    _, error = resolve_fips(GO_1_24, "certified", "auto")
    asserts.true(env, error.startswith('go: unknown GOFIPS140 version "certified". Go 1.24.11 accepts: '), error)
    asserts.true(env, "inprocess" in error and "v1.0.0-c2097c7c" in error, error)

    _, error = resolve_fips(GO_1_26, "v1.1.0", "auto")
    asserts.true(env, error.startswith('go: unknown GOFIPS140 version "v1.1.0".'), error)

    _, error = resolve_fips(GO_1_24, "v1.1.0-rc1", "auto")
    asserts.equals(env, "go: invalid GOFIPS140: must be off, latest, inprocess, certified, or vX.Y.Z (Go 1.24.11)", error)

    _, error = resolve_fips(GO_1_26, "v2.0.0", "auto")
    asserts.equals(env, "go: invalid GOFIPS140: must be off, latest, inprocess, certified, or v1.Y.Z (Go 1.26.6)", error)

    _, error = resolve_fips(GO_1_23, "latest", "auto")
    asserts.true(env, "needs Go 1.24 or newer" in error and "Go 1.23.4" in error, error)

    config, error = resolve_fips(GO_1_23, "off", "auto")
    asserts.equals(env, None, error)
    return unittest.end(env)

def _alias_to_missing_zip_test_impl(ctx):
    env = unittest.begin(ctx)
    sdk = _sdk("1.26.6", ["v1.26.0"], {"certified": "v1.0.0-c2097c7c"})
    _, error = resolve_fips(sdk, "certified", "auto")
    asserts.true(env, error.startswith('go: unknown GOFIPS140 version "v1.0.0-c2097c7c" (from "certified")'), error)
    return unittest.end(env)

def _platform_test_impl(ctx):
    env = unittest.begin(ctx)
    for goos, goarch in [("js", "wasm"), ("wasip1", "wasm"), ("openbsd", "amd64"), ("windows", "386"), ("aix", "ppc64")]:
        error = fips_platform_error(goos, goarch, "1.26.6")
        asserts.true(env, error != None and ("%s/%s" % (goos, goarch)) in error, "%s/%s: %s" % (goos, goarch, error))
    asserts.true(env, fips_platform_error("windows", "arm", "1.25.5") != None)
    for goos, goarch in [("linux", "amd64"), ("linux", "arm64"), ("darwin", "arm64"), ("windows", "amd64")]:
        asserts.equals(env, None, fips_platform_error(goos, goarch, "1.26.6"))
    return unittest.end(env)

_resolve_test = unittest.make(_resolve_test_impl)
_alias_to_missing_zip_test = unittest.make(_alias_to_missing_zip_test_impl)
_platform_test = unittest.make(_platform_test_impl)

def fips_config_test_suite(name):
    unittest.suite(
        name,
        _resolve_test,
        _alias_to_missing_zip_test,
        _platform_test,
    )
