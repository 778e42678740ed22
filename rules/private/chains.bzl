"""The import chains of a program (`fipstool chains`): for each package it
links, the shortest chain of imports from the program's own target, so the
crypto inventory, the policy check and the attestation say which code brings
a package in (`//app:server -> //internal/seal ->
@org_golang_x_crypto//chacha20poly1305`)."""

load(":actions.bzl", "label_text")

def _manifest_line(entry):
    """A GoArchiveInfo.transitive_packages entry as a line of `fipstool
    chains --packages`: importmap, import path, import list, target."""
    importmap, importpath, label, imports = entry.split("\n")
    return "%s\t%s\t%s\t%s" % (importmap, importpath, imports, label)

def import_chains(ctx, fipstool, stdlib, deps, roots):
    """Writes `<name>.chains.json`. `deps`: the program's GoArchiveInfo
    dependencies; `roots`: (importmap, import list File) of the packages the
    program compiles itself, where chains start."""
    out = ctx.actions.declare_file(ctx.label.name + ".chains.json")
    manifest = ctx.actions.declare_file(ctx.label.name + ".chains.packages")
    lines = ctx.actions.args()
    lines.set_param_file_format("multiline")
    lines.add_all(depset(transitive = [d.transitive_packages for d in deps]), map_each = _manifest_line)
    ctx.actions.write(manifest, lines)
    args = ctx.actions.args()
    args.add_all(["chains", "--packages", manifest, "--std-imports", stdlib.import_graph, "--target", label_text(ctx.label)])
    for importmap, imports in roots:
        args.add("--root", "%s=%s" % (importmap, imports.path))
    args.add("--out", out)
    ctx.actions.run(
        executable = fipstool,
        arguments = [args],
        inputs = depset([manifest, stdlib.import_graph] + [imports for _, imports in roots],
                        transitive = [d.transitive_import_lists for d in deps]),
        outputs = [out],
        mnemonic = "FipsImportChains",
        progress_message = "Tracing the import chains of %{label}",
    )
    return out
