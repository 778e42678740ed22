#!/usr/bin/env bash
# Link a Go binary with the SDK's linker:
#   link.sh FIPSTOOL LINKINFO_ARGS MAIN_DIRECTIVES LINK STD_IMPORTCFG STD_PACKAGES DEPS_IMPORTCFG OUT
#           [LINKER FLAGS...] MAIN_ARCHIVE
# First `fipstool linkinfo` (its arguments one a line in LINKINFO_ARGS)
# computes the default GODEBUG from the main package's //go:debug
# directives (MAIN_DIRECTIVES), go.mod's godebug lines and the FIPS mode, as
# go build does, and writes the build information (the importcfg's modinfo
# line) and the -X=runtime.godebugDefault flag. The linker's importcfg is
# written by `fipstool importcfg --link`: no dependency standing in for a
# standard-library package, no path mapped twice.
# GOROOT is empty, as go build -trimpath runs the linker, so no path of the
# build machine is written into the binary.
set -euo pipefail
fipstool="$1" linkinfo_args="$2" directives="$3" tool="$4" std="$5" std_packages="$6" deps="$7" out="$8"
shift 8
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mapfile -t linkinfo <"$linkinfo_args"
"$fipstool" linkinfo "${linkinfo[@]}" --directives "$directives" --out-modinfo "$work/modinfo" \
  --out-ldflags "$work/ldflags"
mapfile -t godebug_flags <"$work/ldflags"
"$fipstool" importcfg --link --std "$std" --std-packages "$std_packages" --deps "$deps" --modinfo "$work/modinfo" \
  --out "$work/importcfg"
# The default GODEBUG goes first: go build passes it before -ldflags.
GOROOT= "$tool" -o "$out" -importcfg "$work/importcfg" "${godebug_flags[@]}" "$@"
