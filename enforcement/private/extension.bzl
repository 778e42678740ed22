"""The enforcement extension: the root module's `strict` tag becomes the
repository `fips_enforcement`, whose target every go_binary and go_test reads
through a private attribute (one a command line cannot set)."""

_strict = tag_class(
    attrs = {
        "policy": attr.label(
            doc = "The fips_policy target every Go binary is checked against. Pinned: `--@fips//:policy` may " +
                  "name only this one. Omitted: no policy, and only the FIPS check gates the binaries.",
        ),
    },
    doc = "Strict mode: a go_binary's or go_test's executable is produced only after its FIPS check and its " +
          "policy check passed, so that `--norun_validations` and the like skip nothing.",
)

def _repository_impl(rctx):
    policy = "\n    policy = %r," % rctx.attr.policy if rctx.attr.policy else ""
    rctx.file("BUILD.bazel", """\
# Written by the enforcement extension of @fips from the root module's MODULE.bazel.
load("@fips//rules/private:enforcement.bzl", "fips_enforcement")

fips_enforcement(
    name = "enforcement",
    mode = %r,%s
    visibility = ["//visibility:public"],
)
""" % (rctx.attr.mode, policy))

_repository = repository_rule(
    implementation = _repository_impl,
    attrs = {
        "mode": attr.string(values = ["strict", "validation"], mandatory = True),
        "policy": attr.string(doc = "The pinned fips_policy's canonical label, or empty."),
    },
)

def _enforcement_impl(mctx):
    strict = []
    for mod in mctx.modules:
        for tag in mod.tags.strict:
            if not mod.is_root:
                fail("enforcement.strict in module %s: only the root module chooses how FIPS checks are enforced" %
                     mod.name)
            strict.append(tag)
    if len(strict) > 1:
        fail("enforcement.strict is given %d times in MODULE.bazel: give it once" % len(strict))
    _repository(
        name = "fips_enforcement",
        mode = "strict" if strict else "validation",
        policy = str(strict[0].policy) if strict and strict[0].policy else "",
    )
    return mctx.extension_metadata(reproducible = True)

enforcement = module_extension(
    implementation = _enforcement_impl,
    tag_classes = {"strict": _strict},
    doc = "How FIPS checks are enforced: `strict` (the binary is produced only after its checks passed) or, " +
          "without the tag, as Bazel validation actions.",
)
