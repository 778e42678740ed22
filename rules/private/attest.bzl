"""Attestations (one JSON file per go_binary and go_test: what it was built
with and its verified integrity sum) and fips_report, which gathers them."""

load(":actions.bzl", "label_text")
load(":providers.bzl", "FipsAttestationsInfo", "FipsBinaryInfo")

FIPSTOOL_TOOLCHAIN = Label("//toolchain:fipstool")

def attest(ctx, fipstool, binary, stdlib, index, policy_result, enforcement, chains):
    """Writes `<name>.fips_attestation.json` with `fipstool attest`;
    `enforcement` is how the checks were made to hold (`strict` or
    `validation`, enforcement.bzl); `chains` the program's import chains
    (chains.bzl), recorded with each crypto package."""
    out = ctx.actions.declare_file(ctx.label.name + ".fips_attestation.json")
    sdk = stdlib.sdk
    args = ctx.actions.args()
    args.add_all(["attest", "--binary", binary, "--target", label_text(ctx.label), "--sdk-version", sdk.version])
    if sdk.archive_digest.startswith("sha256:"):
        args.add("--sdk-archive-sha256", sdk.archive_digest[len("sha256:"):])
    args.add("--requested-version", stdlib.fips.value)
    args.add("--index", index)
    inputs = [binary, index]
    if policy_result:
        args.add("--policy-result", policy_result)
        inputs.append(policy_result)
    args.add("--enforcement", enforcement)
    args.add("--chains", chains)
    inputs.append(chains)
    args.add("--out", out)
    ctx.actions.run(
        executable = fipstool,
        arguments = [args],
        inputs = inputs,
        outputs = [out],
        mnemonic = "FipsAttest",
        progress_message = "Writing the FIPS attestation of %{label}",
    )
    return out

# The attributes through which fips_report finds binaries: Go and
# packaging rules' deps and data, filegroups' srcs, test_suites' tests,
# aliases' actual.
_FOLLOWED = ["deps", "data", "srcs", "tests", "actual", "embed", "binary"]

def _collect(ctx, own):
    transitive = []
    for name in _FOLLOWED:
        value = getattr(ctx.rule.attr, name, None)
        targets = value if type(value) == "list" else ([value] if value != None and type(value) == "Target" else [])
        for t in targets:
            if FipsAttestationsInfo in t:
                transitive.append(t[FipsAttestationsInfo].attestations)
    return depset(own, transitive = transitive)

def _attestations_aspect_impl(target, ctx):
    own = [target[FipsBinaryInfo].attestation] if FipsBinaryInfo in target else []
    return [FipsAttestationsInfo(attestations = _collect(ctx, own))]

attestations_aspect = aspect(
    implementation = _attestations_aspect_impl,
    attr_aspects = _FOLLOWED,
    doc = "Gathers the attestations of every go_binary and go_test below a target.",
)

def _fips_report_impl(ctx):
    attestations = depset(transitive = [d[FipsAttestationsInfo].attestations for d in ctx.attr.deps])
    if not attestations.to_list():
        fail("%s: no go_binary or go_test below deps: nothing to report" % label_text(ctx.label))
    fipstool = ctx.toolchains[FIPSTOOL_TOOLCHAIN].fipstool.fipstool
    json_out = ctx.actions.declare_file(ctx.label.name + ".json")
    html_out = ctx.actions.declare_file(ctx.label.name + ".html")
    args = ctx.actions.args()
    args.add_all(["report", "--out-json", json_out, "--out-html", html_out])
    args.add("--title", ctx.attr.title or "FIPS 140-3 report: %s" % label_text(ctx.label))
    args.add_all(attestations)
    ctx.actions.run(
        executable = fipstool,
        arguments = [args],
        inputs = attestations,
        outputs = [json_out, html_out],
        mnemonic = "FipsReport",
        progress_message = "Writing FIPS report %{label}",
    )
    return [DefaultInfo(files = depset([json_out, html_out]))]

fips_report = rule(
    implementation = _fips_report_impl,
    attrs = {
        "deps": attr.label_list(
            aspects = [attestations_aspect],
            doc = "Targets whose go_binary and go_test targets (themselves, or below them through deps, data, " +
                  "srcs, tests, actual) are reported.",
        ),
        "title": attr.string(doc = "The report's title. Default: `FIPS 140-3 report: <label>`."),
    },
    toolchains = [FIPSTOOL_TOOLCHAIN],
    doc = "Gathers the attestations of every Go binary below `deps` into `<name>.json` and a page for " +
          "reviewers, `<name>.html`.",
)
