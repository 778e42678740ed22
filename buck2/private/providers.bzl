"""Providers of the Buck2 rules."""

# The Go SDK a program builds with, and the helpers its actions run.
GoSdkInfo = provider(fields = {
    "goroot": provider_field(str),  # a local GOROOT (absolute path)
    "version": provider_field(str),  # `1.26.6`: checked against GOROOT/VERSION at build time
    "goos": provider_field(str),
    "goarch": provider_field(str),
    "fipstool": provider_field(typing.Any),  # Artifact
    "index": provider_field(typing.Any),  # Artifact: snapshots/index.toml
    "scripts": provider_field(typing.Any),  # Artifact: the directory of private/sh
})

# A go_library: its package, and every package it needs, dependencies first.
# Packages are compiled by the programs that link them (see program.bzl).
GoPackageInfo = provider(fields = {
    "package": provider_field(typing.Any),  # struct, see package_struct
    "packages": provider_field(list),  # [struct], itself last
})

def package_struct(label, importpath, srcs, embedsrcs, deps, go_version, gc_goopts):
    """One Go package as programs compile it. `deps`: the import paths of
    the go_library targets it lists."""
    return struct(
        label = label,
        importpath = importpath,
        srcs = srcs,
        embedsrcs = embedsrcs,
        deps = deps,
        go_version = go_version,
        gc_goopts = gc_goopts,
    )

def transitive_packages(deps):
    """The packages of `deps` (GoPackageInfo) and theirs, dependencies
    first, each once."""
    seen = {}
    out = []
    for d in deps:
        for p in d.packages:
            if p.importpath in seen:
                if seen[p.importpath] != p.label:
                    fail("two go_library targets have import path %s: %s and %s" % (p.importpath, seen[p.importpath], p.label))
                continue
            seen[p.importpath] = p.label
            out.append(p)
    return out

def label_text(label):
    """How messages name a target: `//pkg:name` in the root cell, as the
    Bazel rules name it in the main repository."""
    if label.cell == "root":
        return "//%s:%s" % (label.package, label.name)
    return "%s//%s:%s" % (label.cell, label.package, label.name)
