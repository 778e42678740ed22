"""The `enforcement` module extension: how an organisation makes its FIPS
checks hold, chosen in the root module's MODULE.bazel, where no command-line
flag reaches (docs/policy.md, "Strict mode"):

    enforcement = use_extension("@fips//enforcement:extensions.bzl", "enforcement")
    enforcement.strict(policy = "//:fips_policy")

Without the tag, the checks run as Bazel validation actions (the default).
"""

load("//enforcement/private:extension.bzl", _enforcement = "enforcement")

enforcement = _enforcement
