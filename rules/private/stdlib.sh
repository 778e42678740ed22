#!/usr/bin/env bash
# Compile the standard library for one configuration with the SDK's own go
# command, so every std archive is byte-for-byte what `go build` makes:
#   stdlib.sh GOROOT_FILE OUT_PKG_DIR OUT_IMPORTCFG OUT_BUILDCONTEXT OUT_PACKAGES TAGS BUILDMODE
#             [SNAPSHOT_DIR SNAPSHOT_VERSION SNAPSHOT_H1]
# TAGS is go build's -tags value (comma-separated, may be empty). The
# environment carries GOOS, GOARCH, CGO_ENABLED (and CC with cgo), GOFIPS140
# and GOEXPERIMENT. BUILDMODE is exe, or pie, whose packages (compiled with
# -shared) c-shared and c-archive programs share.
# OUT_BUILDCONTEXT receives the go command's build context (fipstool gofiles
# applies the build constraints of user packages with it), OUT_PACKAGES every
# standard-library import path of this configuration, the snapshot's
# versioned ones included (fipstool importcfg lets no other package take one,
# and refuses imports of the internal ones).
#
# For a snapshot, the tree fipstool verified and unpacked is placed where the
# go command looks for it, $GOMODCACHE/golang.org/fips140@<v>; the go command
# then swaps it in (package paths crypto/internal/fips140/<v>/..., importmap,
# the fips140vX.Y tag) exactly as it does for GOFIPS140=<v> go build.
set -euo pipefail
exec_root="$PWD"
goroot="$exec_root/$(dirname "$1")"
out_pkg="$2"
out_importcfg="$3"
out_context="$4"
out_packages="$5"
tags="$6"
buildmode="$7"
shift 7
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

# Sandboxes stage inputs as symlinks, and the go command refuses to
# //go:embed a symlink. No package this action builds embeds files today
# (internal/trace/traceviewer does, but it is not importable), so real files
# are a guard for an SDK whose importable packages do: hard links where the
# file system allows (about 0.3 s, a tenth of a copy), else a copy. The rest
# is linked.
mkdir -p "$work/goroot"
if ! cp -RLl "$goroot/src" "$work/goroot/src" 2>/dev/null; then
  rm -rf "$work/goroot/src"
  cp -RL "$goroot/src" "$work/goroot/src"
fi
for entry in bin pkg lib VERSION go.env; do
  [ -e "$goroot/$entry" ] && ln -s "$goroot/$entry" "$work/goroot/$entry"
done
goroot="$work/goroot"

export GOROOT="$goroot" GOCACHE="$work/cache" GOMODCACHE="$work/modcache" GOPATH="$work/gopath" \
  TMPDIR="$work" GOTOOLCHAIN=local GOPROXY=off GOENV=off GOFLAGS= GOWORK=off GO111MODULE=on
# No home, hence no user configuration directory: the go command then keeps
# no telemetry, and starts no telemetry process that would outlive the action.
unset HOME XDG_CONFIG_HOME

if [ $# -ge 2 ]; then
  snapshot_dir="$exec_root/$1" version="$2" h1="${3:-}"
  mkdir -p "$GOMODCACHE/golang.org"
  ln -s "$snapshot_dir" "$GOMODCACHE/golang.org/fips140@$version"
  if [ -n "$h1" ]; then
    # Go 1.27 reuses an unpacked snapshot only when its recorded h1 matches.
    mkdir -p "$GOMODCACHE/cache/download/golang.org/fips140/@v"
    printf '%s' "$h1" >"$GOMODCACHE/cache/download/golang.org/fips140/@v/$version.ziphash"
  fi
fi

cd "$work"
# What a program can import, and what that needs: every standard package
# but internal and vendored ones (no code outside the standard library may
# import them), with their dependencies, internal ones included; and
# testing/internal/testdeps, which a test main imports. The rest of std is
# test and tool helpers (internal/trace, internal/testenv, the vendored
# QUIC/HTTP/3 packages, ...): about 50 packages and a sixth of the time.
"$goroot/bin/go" list -tags="$tags" -buildmode="$buildmode" -f '{{.ImportPath}}' std >"$work/std" 2>"$work/stderr" || {
  cat "$work/stderr" >&2
  exit 1
}
cp "$work/std" "$exec_root/$out_packages"
grep -v -E '(^|/)internal(/|$)|^vendor/' "$work/std" >"$work/roots" || true
echo testing/internal/testdeps >>"$work/roots"
mapfile -t roots <"$work/roots"
"$goroot/bin/go" list -trimpath -export -deps -tags="$tags" -buildmode="$buildmode" \
  -f '{{if .Export}}{{.ImportPath}}={{.Export}}{{end}}' "${roots[@]}" >"$work/exports" 2>"$work/stderr" || {
  cat "$work/stderr" >&2
  exit 1
}
# The format fipstool gofiles reads: one "Key value..." line per field.
"$goroot/bin/go" list -tags="$tags" -f '{{with context}}GOOS {{.GOOS}}
GOARCH {{.GOARCH}}
Compiler {{.Compiler}}
CgoEnabled {{.CgoEnabled}}
BuildTags {{join .BuildTags " "}}
ToolTags {{join .ToolTags " "}}
ReleaseTags {{join .ReleaseTags " "}}{{end}}' unsafe | sed 's/ *$//' >"$exec_root/$out_context"

mkdir -p "$exec_root/$out_pkg"
: >"$exec_root/$out_importcfg"
while IFS='=' read -r pkg archive; do
  [ -n "$pkg" ] || continue
  mkdir -p "$exec_root/$out_pkg/$(dirname "$pkg")"
  cp "$archive" "$exec_root/$out_pkg/$pkg.a"
  printf 'packagefile %s=%s\n' "$pkg" "$out_pkg/$pkg.a" >>"$exec_root/$out_importcfg"
done <"$work/exports"
