"""The fipstool helper as a toolchain: where the binary comes from.

`fipstool` is built from this module's own `rust/` sources with cargo when its
repository is fetched, or taken prebuilt from the path in the environment
variable `FIPS_FIPSTOOL` (CI and remote-execution setups build it once and
point every workspace at it). Either way it is an ordinary input of the
actions that run it. Users with their own build register a toolchain of type
`@fips//toolchain:fipstool` before this one.
"""

def _find_cargo(rctx):
    explicit = rctx.getenv("CARGO")
    if explicit:
        return rctx.path(explicit)
    found = rctx.which("cargo")
    if found:
        return found
    home = rctx.getenv("HOME")
    if home:
        candidate = rctx.path(home + "/.cargo/bin/cargo")
        if candidate.exists:
            return candidate
    return None

def _fipstool_repo_impl(rctx):
    prebuilt = rctx.getenv("FIPS_FIPSTOOL")
    if prebuilt:
        path = rctx.path(prebuilt)
        if not path.exists:
            fail("FIPS_FIPSTOOL names %s, which does not exist" % prebuilt)
        rctx.symlink(path, "fipstool")
    else:
        cargo = _find_cargo(rctx)
        if not cargo:
            fail("fipstool: no prebuilt binary (FIPS_FIPSTOOL is unset) and no cargo to build it from source " +
                 "(looked at $CARGO, PATH and ~/.cargo/bin)")
        manifest = rctx.path(Label("//rust:Cargo.toml"))
        rctx.report_progress("building fipstool with cargo")
        result = rctx.execute(
            [cargo, "build", "--release", "--locked", "--quiet", "--bin", "fipstool",
             "--manifest-path", str(manifest), "--target-dir", "target"],
            timeout = 1800,
            quiet = True,
        )
        if result.return_code != 0:
            fail("fipstool: cargo build failed:\n" + result.stderr)
        rctx.symlink("target/release/fipstool", "fipstool")
    rctx.file("BUILD.bazel", """\
load("@fips//toolchain/private:toolchain.bzl", "fipstool_toolchain")

exports_files(["fipstool"])

fipstool_toolchain(
    name = "fipstool_toolchain",
    fipstool = ":fipstool",
    visibility = ["//visibility:public"],
)
""")

fipstool_repo = repository_rule(
    implementation = _fipstool_repo_impl,
    environ = ["FIPS_FIPSTOOL", "CARGO"],
    doc = "Provides the fipstool binary: prebuilt from $FIPS_FIPSTOOL, else built from //rust with cargo.",
)

# The toolchain() lives in a repository of its own: Bazel loads every
# registered toolchain() whenever it resolves any toolchain, and this keeps
# that from fetching (building) fipstool in builds that never run it.
def _fipstool_toolchains_repo_impl(rctx):
    rctx.file("BUILD.bazel", """\
toolchain(
    name = "toolchain",
    toolchain = "@fips_fipstool//:fipstool_toolchain",
    toolchain_type = "@fips//toolchain:fipstool",
)
""")

_fipstool_toolchains_repo = repository_rule(implementation = _fipstool_toolchains_repo_impl)

def _fipstool_extension_impl(mctx):
    fipstool_repo(name = "fips_fipstool")
    _fipstool_toolchains_repo(name = "fips_fipstool_toolchains")
    return mctx.extension_metadata(reproducible = True)

fipstool = module_extension(
    implementation = _fipstool_extension_impl,
    doc = "Creates `@fips_fipstool` (the binary) and `@fips_fipstool_toolchains` (its toolchain, which the fips module registers).",
)
