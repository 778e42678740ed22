"""Unit tests of the parsers behind the Go SDK repositories (toolchain/private/sdk_parse.bzl)."""

load("@bazel_skylib//lib:unittest.bzl", "asserts", "unittest")
load(
    "//toolchain/private:sdk_parse.bzl",
    "dirhash_summary",
    "exec_constraints",
    "expand_url_template",
    "goproxy_urls",
    "h1_from_sha256_hex",
    "host_goos_goarch",
    "parse_alias_file",
    "parse_goexperiment_names",
    "parse_sum_file",
    "parse_version_file",
)

_SHA_A = "daf3614e0406f67ae6323c902db3f953a1effb199142362a039e7526dfb9368b"
_SHA_B = "9b28f847fdf1db4a36cb2b2f8ec09443c039383f085630a03ecfaddf6db7ea23"

def _sum_file_test_impl(ctx):
    env = unittest.begin(ctx)

    # Go 1.24-1.26: two columns, after a comment block.
    sums, err = parse_sum_file("# Checksums.\n#\n#\tgo test -update\n#\nv1.0.0-c2097c7c.zip %s\n\nv1.26.0.zip\t%s\n" % (_SHA_A, _SHA_B))
    asserts.equals(env, None, err)
    asserts.equals(env, ["v1.0.0-c2097c7c.zip", "v1.26.0.zip"], sorted(sums.keys()))
    asserts.equals(env, _SHA_A, sums["v1.0.0-c2097c7c.zip"].sha256)
    asserts.equals(env, None, sums["v1.0.0-c2097c7c.zip"].h1)
    asserts.equals(env, _SHA_B, sums["v1.26.0.zip"].sha256)

    # Go 1.27: a third column, the h1.
    h1 = "h1:YapsF69QWGwygaBqdI0rp7IfE5a6tAwepNAHONVcWqQ="
    sums, err = parse_sum_file("# c\nv1.0.0-c2097c7c.zip %s %s\r\n" % (_SHA_A, h1))
    asserts.equals(env, None, err)
    asserts.equals(env, h1, sums["v1.0.0-c2097c7c.zip"].h1)

    # Empty or comments only: no sums.
    sums, err = parse_sum_file("# nothing\n")
    asserts.equals(env, {}, sums)

    for bad, why in [
        ("v1.0.0.zip\n", "want `NAME SHA256`"),
        ("v1.0.0.zip %s h1:x extra\n" % _SHA_A, "want `NAME SHA256`"),
        ("v1.0.0.zip %s\n" % _SHA_A.upper(), "not a lowercase hex SHA-256"),
        ("v1.0.0.zip abc\n", "not a lowercase hex SHA-256"),
        ("v1.0.0.tgz %s\n" % _SHA_A, "not a zip file name"),
        ("../v1.0.0.zip %s\n" % _SHA_A, "not a zip file name"),
        ("v1.0.0.zip %s sha256:abc\n" % _SHA_A, "not an h1 hash"),
        ("v1.0.0.zip %s\nv1.0.0.zip %s\n" % (_SHA_A, _SHA_B), "listed twice"),
    ]:
        sums, err = parse_sum_file(bad)
        asserts.equals(env, None, sums, "parse of %r" % bad)
        asserts.true(env, err != None and why in err, "error for %r mentions %r: %s" % (bad, why, err))
    _, err = parse_sum_file("# ok\nv1.0.0.zip abc\n")
    asserts.true(env, "line 2" in err, "error names the line: %s" % err)
    return unittest.end(env)

def _version_and_alias_test_impl(ctx):
    env = unittest.begin(ctx)
    asserts.equals(env, ("1.26.6", None), parse_version_file("go1.26.6\ntime 2026-01-01T00:00:00Z\n"))
    asserts.equals(env, ("1.24.11", None), parse_version_file("go1.24.11"))
    asserts.equals(env, "VERSION is empty", parse_version_file("\n")[1])
    asserts.equals(env, ("v1.0.0-c2097c7c", None), parse_alias_file("v1.0.0-c2097c7c\n"))
    asserts.equals(env, ("v1.26.0", None), parse_alias_file("  v1.26.0 \r\n"))
    asserts.true(env, parse_alias_file("\n")[1] != None, "empty alias")
    asserts.true(env, parse_alias_file("v1.0.0\nv1.26.0\n")[1] != None, "two words")
    return unittest.end(env)

# Shaped like the real files: doc comments, blank lines, trailing comments,
# two fields on one line; exp.go's alias beside its reflective table.
_FLAGS_GO = """package goexperiment

// Flags is the set of experiments.
type Flags struct {
	FieldTrack        bool
	BoringCrypto      bool // a trailing comment

	// RegabiWrappers enables ABI wrappers.
	RegabiWrappers bool
	LoopVar, JSONv2 bool
}

type Other struct {
	NotAnExperiment bool
}
"""

_EXP_GO = """		for i := 0; i < rt.NumField(); i++ {
			names[strings.ToLower(rt.Field(i).Name)] = field.SetBool
		}
		names["regabi"] = func(v bool) {
"""

def _goexperiment_test_impl(ctx):
    env = unittest.begin(ctx)
    names, err = parse_goexperiment_names(_FLAGS_GO, _EXP_GO)
    asserts.equals(env, None, err)
    asserts.equals(env, ["boringcrypto", "fieldtrack", "jsonv2", "loopvar", "regabi", "regabiwrappers"], names)
    for flags, want in [
        ("package goexperiment\n", "no `type Flags struct {`"),
        ("type Flags struct {\n\tFieldTrack bool\n", "does not end"),
        ("type Flags struct {\n}\n", "has no fields"),
        ("type Flags struct {\n\tLevel int\n}\n", "flags.go:2: not a bool field of Flags: \"Level int\""),
        ("type Flags struct {\n\t9Lives bool\n}\n", "flags.go:2: not a field name: \"9Lives\""),
    ]:
        names, err = parse_goexperiment_names(flags, _EXP_GO)
        asserts.equals(env, None, names, flags)
        asserts.true(env, err != None and want in err, "%r: %s (want %s)" % (flags, err, want))
    return unittest.end(env)

# Shaped like the real table: a struct before it, comment lines, a
# commented-out row, trailing comments, fields in either order, Immutable,
# a raw string, a function after it with braces and parentheses.
def _h1_test_impl(ctx):
    env = unittest.begin(ctx)

    # The SDKs' fips140.sum values (go-fips140.md §1), as hex digests.
    asserts.equals(env, "h1:YapsF69QWGwygaBqdI0rp7IfE5a6tAwepNAHONVcWqQ=", h1_from_sha256_hex("61aa6c17af50586c3281a06a748d2ba7b21f1396bab40c1ea4d00738d55c5aa4"))
    asserts.equals(env, "h1:dtoPX1ALGGp4rMLzyh6oqIkYRXnXxRkpPWu56l5DFpM=", h1_from_sha256_hex("76da0f5f500b186a78acc2f3ca1ea8a889184579d7c519293d6bb9ea5e431693"))

    # Summary lines: `SHA256  NAME`, names sorted bytewise (upper case first).
    prefix = "golang.org/toolchain@v0.0.1-go1.26.6.linux-amd64/"
    summary, err = dirhash_summary({
        prefix + "bin/go": "4cd0e21a9a0795a14ec9aa5f0e7d1abff0492565770e43eafdf1e3e8afed1f33",
        prefix + "VERSION": "be8634ddd2bbbd7e0821cd22b59463db31d83e6c5ee53a4540a5622e5820b16c",
    })
    asserts.equals(env, None, err)
    asserts.equals(
        env,
        "be8634ddd2bbbd7e0821cd22b59463db31d83e6c5ee53a4540a5622e5820b16c  %sVERSION\n" % prefix +
        "4cd0e21a9a0795a14ec9aa5f0e7d1abff0492565770e43eafdf1e3e8afed1f33  %sbin/go\n" % prefix,
        summary,
    )

    # ... whose SHA-256 (computed outside) gives the h1 `go mod download` reports.
    asserts.equals(env, "h1:tSZr6jaOPiL3DlGH53Bdp4m6jr5Bx+S+Fnu3B5ywdCU=", h1_from_sha256_hex("b5266bea368e3e22f70e5187e7705da789ba8ebe41c7e4be167bb7079cb07425"))
    _, err = dirhash_summary({"a\nb": "00"})
    asserts.true(env, "newline" in err, err)
    return unittest.end(env)

def _urls_and_platforms_test_impl(ctx):
    env = unittest.begin(ctx)
    asserts.equals(
        env,
        (["https://proxy.example/golang.org/toolchain/@v/v0.0.1-go1.26.6.linux-amd64.zip", "file:///srv/mirror/golang.org/toolchain/@v/v0.0.1-go1.26.6.linux-amd64.zip", "https://corp.example/go/golang.org/toolchain/@v/v0.0.1-go1.26.6.linux-amd64.zip"], None),
        goproxy_urls("https://proxy.example/,file:///srv/mirror|direct,corp.example/go", "golang.org/toolchain", "v0.0.1-go1.26.6.linux-amd64.zip"),
    )
    for value in ["direct", "off", " , "]:
        urls, err = goproxy_urls(value, "golang.org/toolchain", "x.zip")
        asserts.equals(env, None, urls)
        asserts.true(env, "names no proxy URL" in err, err)

    asserts.equals(env, "https://go.dev/dl/go1.26.6.linux-amd64.tar.gz", expand_url_template("https://go.dev/dl/{filename}", "1.26.6", "linux", "amd64"))
    asserts.equals(env, "https://m.example/go/1.24.11/go1.24.11.windows-arm64.zip", expand_url_template("https://m.example/go/{version}/go{version}.{goos}-{goarch}.zip", "1.24.11", "windows", "arm64"))
    asserts.equals(env, "https://go.dev/dl/go1.25.5.windows-amd64.zip", expand_url_template("https://go.dev/dl/{filename}", "1.25.5", "windows", "amd64"))

    asserts.equals(env, ("linux", "amd64", None), host_goos_goarch("Linux", "amd64"))
    asserts.equals(env, ("darwin", "arm64", None), host_goos_goarch("Mac OS X", "aarch64"))
    asserts.equals(env, ("windows", "amd64", None), host_goos_goarch("Windows 11", "x86_64"))
    asserts.true(env, host_goos_goarch("Plan 9", "amd64")[2] != None, "unknown OS")
    asserts.equals(env, (["@platforms//os:macos", "@platforms//cpu:aarch64"], None), exec_constraints("darwin", "arm64"))
    asserts.true(env, "no @platforms constraint for plan9/amd64" in exec_constraints("plan9", "amd64")[1], "unknown GOOS")
    return unittest.end(env)

_sum_file_test = unittest.make(_sum_file_test_impl)
_version_and_alias_test = unittest.make(_version_and_alias_test_impl)
_h1_test = unittest.make(_h1_test_impl)
_urls_and_platforms_test = unittest.make(_urls_and_platforms_test_impl)
_goexperiment_test = unittest.make(_goexperiment_test_impl)

def parse_test_suite(name):
    unittest.suite(
        name,
        _sum_file_test,
        _version_and_alias_test,
        _h1_test,
        _urls_and_platforms_test,
        _goexperiment_test,
    )
