"""Analysis tests: which Go SDK toolchain resolution picks, and the facts it carries.

This module's MODULE.bazel declares (dev only) the test bed's four genuine
SDKs with go_sdk.local, 1.26.6 first, plus the rule set's default download of
1.26.6, which must never be fetched here: 1.26.6 resolves to the local one.
"""

load("@bazel_skylib//lib:unittest.bzl", "analysistest", "asserts")
load("//toolchain/private:providers.bzl", "GoSdkInfo")

_GO_TOOLCHAIN = str(Label("//toolchain:go"))
_SDK_VERSION = str(Label("//toolchain:sdk_version"))

def _probe_impl(ctx):
    return [ctx.toolchains[_GO_TOOLCHAIN].sdk]

# What a rule of the rule set sees: the GoSdkInfo of the resolved toolchain.
go_sdk_probe = rule(
    implementation = _probe_impl,
    toolchains = [_GO_TOOLCHAIN],
)

_SHA_C2097C7C = "daf3614e0406f67ae6323c902db3f953a1effb199142362a039e7526dfb9368b"
_SHA_V1260 = "9b28f847fdf1db4a36cb2b2f8ec09443c039383f085630a03ecfaddf6db7ea23"
_H1_C2097C7C = "h1:YapsF69QWGwygaBqdI0rp7IfE5a6tAwepNAHONVcWqQ="
_H1_V1260 = "h1:dtoPX1ALGGp4rMLzyh6oqIkYRXnXxRkpPWu56l5DFpM="

# go-fips140.md §2: what each release's lib/fips140 holds; and the
# GOEXPERIMENT names its go command accepts.
_EXPECT = {
    "1.24.11": struct(
        aliases = {"inprocess": "v1.0.0-c2097c7c", "v1.0.0": "v1.0.0-c2097c7c"},
        snapshots = {"v1.0.0-c2097c7c": (_SHA_C2097C7C, None)},
        experiments = ["aliastypeparams", "arenas", "boringcrypto", "cacheprog", "cgocheck2", "coverageredesign", "fieldtrack", "heapminimum512kib", "loopvar", "newinliner", "preemptibleloops", "rangefunc", "regabi", "regabiargs", "regabiwrappers", "spinbitmutex", "staticlockranking", "swissmap", "synchashtriemap", "synctest"],
    ),
    "1.25.5": struct(
        aliases = {"inprocess": "v1.0.0-c2097c7c", "v1.0.0": "v1.0.0-c2097c7c"},
        snapshots = {"v1.0.0-c2097c7c": (_SHA_C2097C7C, None)},
        experiments = ["aliastypeparams", "arenas", "boringcrypto", "cacheprog", "cgocheck2", "dwarf5", "fieldtrack", "greenteagc", "heapminimum512kib", "jsonv2", "loopvar", "newinliner", "preemptibleloops", "rangefunc", "regabi", "regabiargs", "regabiwrappers", "staticlockranking", "swissmap", "synchashtriemap", "synctest"],
    ),
    "1.26.6": struct(
        aliases = {"certified": "v1.0.0-c2097c7c", "inprocess": "v1.26.0", "v1.0.0": "v1.0.0-c2097c7c"},
        snapshots = {"v1.0.0-c2097c7c": (_SHA_C2097C7C, None), "v1.26.0": (_SHA_V1260, None)},
        experiments = ["arenas", "boringcrypto", "cgocheck2", "dwarf5", "fieldtrack", "goroutineleakprofile", "greenteagc", "heapminimum512kib", "jsonv2", "loopvar", "newinliner", "preemptibleloops", "randomizedheapbase64", "regabi", "regabiargs", "regabiwrappers", "runtimefreegc", "runtimesecret", "simd", "sizespecializedmalloc", "staticlockranking"],
    ),
    "1.27.3": struct(
        aliases = {"certified": "v1.0.0-c2097c7c", "inprocess": "v1.26.0", "v1.0.0": "v1.0.0-c2097c7c"},
        snapshots = {"v1.0.0-c2097c7c": (_SHA_C2097C7C, _H1_C2097C7C), "v1.26.0": (_SHA_V1260, _H1_V1260)},
        experiments = ["arenas", "boringcrypto", "cgocheck2", "dwarf5", "fieldtrack", "greenteagc", "heapminimum512kib", "jsonv2", "loopvar", "mapsplitgroup", "newinliner", "preemptibleloops", "randomizedheapbase64", "regabi", "regabiargs", "regabiwrappers", "runtimefreegc", "runtimesecret", "simd", "sizespecializedmalloc", "staticlockranking"],
    ),
}

def _rel(f):
    """A file's path inside its SDK repository."""
    return f.short_path.split("/", 2)[2] if f.short_path.startswith("../") else f.short_path

def _selected_test_impl(ctx):
    env = analysistest.begin(ctx)
    sdk = analysistest.target_under_test(env)[GoSdkInfo]
    want = ctx.attr.want_version
    expect = _EXPECT[want]
    asserts.equals(env, want, sdk.version)

    # The local SDK, not the rule set's default download of the same version.
    asserts.true(env, "go_sdk_local_" in sdk.root_file.owner.workspace_name, "from a local SDK: %s" % sdk.root_file.owner)
    asserts.equals(env, "VERSION", sdk.root_file.basename)
    asserts.equals(env, sdk.root_file.dirname + "/bin/go", sdk.go.path)
    asserts.equals(env, ("linux", "amd64"), (sdk.host_goos, sdk.host_goarch))

    asserts.equals(env, expect.aliases, sdk.aliases)
    asserts.equals(env, sorted(expect.snapshots.keys()), sorted(sdk.snapshots.keys()))
    for v, (sha, h1) in expect.snapshots.items():
        s = sdk.snapshots[v]
        asserts.equals(env, sha, s.sha256, "sha256 of %s" % v)
        asserts.equals(env, h1, s.h1, "h1 of %s" % v)
        asserts.equals(env, "lib/fips140/%s.zip" % v, _rel(s.zip))

    asserts.equals(env, "src/internal/godebugs/table.go", _rel(sdk.godebug_table))

    # The GOEXPERIMENT names of internal/goexperiment.Flags and buildcfg's
    # regabi alias: what each SDK's go command accepts.
    asserts.equals(env, expect.experiments, sdk.experiments)

    # The file sets: what the go command needs, without tests.
    srcs = [_rel(f) for f in sdk.srcs.to_list()]
    asserts.true(env, "src/runtime/proc.go" in srcs, "srcs has runtime")
    asserts.true(env, "src/runtime/cgo/gcc_android.c" in srcs, "srcs has cgo's C files")
    asserts.true(env, "src/runtime/cgo/abi_amd64.h" in srcs, "srcs has cgo's headers")
    asserts.true(env, "src/runtime/cgo/asm_amd64.s" in srcs, "srcs has assembly")
    asserts.true(env, "src/crypto/internal/fips140/check/check.go" in srcs, "srcs has the FIPS module")
    asserts.equals(env, [], [p for p in srcs if p.endswith("_test.go") or "/testdata/" in p])
    tools = [_rel(f) for f in sdk.tools.to_list()]
    for t in ["pkg/tool/linux_amd64/compile", "pkg/tool/linux_amd64/link", "pkg/tool/linux_amd64/asm", "pkg/include/textflag.h"]:
        asserts.true(env, t in tools, "tools has %s" % t)
    fips = sorted([_rel(f) for f in sdk.fips_files.to_list()])
    asserts.true(env, "lib/fips140/fips140.sum" in fips, "fips_files has the sum file")
    files = {_rel(f): True for f in sdk.files.to_list()}
    for f in ["bin/go", "go.env", "VERSION", "src/runtime/proc.go", "pkg/tool/linux_amd64/compile", "lib/fips140/fips140.sum"]:
        asserts.true(env, f in files, "files has %s" % f)
    return analysistest.end(env)

def _make(version):
    settings = {_SDK_VERSION: version} if version else {}
    return analysistest.make(
        _selected_test_impl,
        config_settings = settings,
        attrs = {"want_version": attr.string()},
    )

# analysistest needs one rule per distinct config_settings, each a global.
_default_test = _make("")
_v1_24_11_test = _make("1.24.11")
_v1_25_5_test = _make("1.25.5")
_v1_26_6_test = _make("1.26.6")
_v1_27_3_test = _make("1.27.3")

# An undeclared version (--@fips//toolchain:sdk_version=1.99.0) stops the
# build at the flag itself, before toolchain resolution, which analysistest
# cannot observe; e2e/tests/test_toolchain.py checks that message.

def selection_test_suite(name):
    go_sdk_probe(name = name + "_probe", tags = ["manual"])
    tests = []
    for rule, suffix, version in [
        (_default_test, "default", "1.26.6"),
        (_v1_24_11_test, "1_24_11", "1.24.11"),
        (_v1_25_5_test, "1_25_5", "1.25.5"),
        (_v1_26_6_test, "1_26_6", "1.26.6"),
        (_v1_27_3_test, "1_27_3", "1.27.3"),
    ]:
        rule(
            name = "%s_%s" % (name, suffix),
            target_under_test = ":%s_probe" % name,
            want_version = version,
            size = "small",
        )
        tests.append(":%s_%s" % (name, suffix))
    native.test_suite(name = name, tests = tests)
