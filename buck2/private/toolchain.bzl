"""go_toolchain: a Go SDK on the build machine, and fipstool."""

load(":providers.bzl", "GoSdkInfo")

def _go_toolchain_impl(ctx):
    if not ctx.attrs.goroot.startswith("/"):
        fail("%s: goroot %r: want the absolute path of a Go SDK" % (ctx.label, ctx.attrs.goroot))
    return [
        DefaultInfo(),
        GoSdkInfo(
            goroot = ctx.attrs.goroot,
            version = ctx.attrs.version,
            goos = ctx.attrs.goos,
            goarch = ctx.attrs.goarch,
            fipstool = ctx.attrs.fipstool,
            index = ctx.attrs._index[DefaultInfo].default_outputs[0].project("snapshots/index.toml"),
            scripts = ctx.attrs._scripts[DefaultInfo].default_outputs[0],
        ),
    ]

go_toolchain = rule(
    impl = _go_toolchain_impl,
    attrs = {
        "goroot": attrs.string(doc = "Absolute path of a genuine Go SDK (GOROOT)."),
        "version": attrs.string(doc = "Its Go version, `1.26.6` (the build fails if GOROOT/VERSION differs)."),
        "goos": attrs.string(default = "linux"),
        "goarch": attrs.string(default = "amd64"),
        "fipstool": attrs.source(doc = "The fipstool binary (built from rust/ of this repository)."),
        "_index": attrs.dep(default = "fips//private:index"),
        "_scripts": attrs.dep(default = "fips//private:scripts"),
    },
    doc = "A Go SDK for the fips rules: its genuine lib/fips140 snapshots are verified against its fips140.sum and the " +
          "pinned index before use.",
)
