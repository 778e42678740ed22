"""`fips_go_env`: the default Go SDK's `go.env`, where a Go distribution
sets the defaults of its go command (GOPROXY, GOSUMDB, GOTOOLCHAIN). The
go_deps extension reads it when neither the environment nor the user's
`go env -w` file sets GOPROXY, so the rule set names no proxy of its own."""

def _go_env_file_impl(rctx):
    src = rctx.path(rctx.attr.sdk_go_env)
    rctx.file("go.env", rctx.read(src) if src.exists else "", executable = False)
    rctx.file("BUILD.bazel", 'exports_files(["go.env"])\n', executable = False)

go_env_file = repository_rule(
    implementation = _go_env_file_impl,
    doc = "A copy of one SDK's go.env (empty when the SDK has none: Go 1.20 and older).",
    attrs = {
        "sdk_go_env": attr.label(mandatory = True, doc = "The SDK repository's go.env."),
    },
)
