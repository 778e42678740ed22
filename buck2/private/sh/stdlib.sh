#!/usr/bin/env bash
# Compile the standard packages one program needs with the SDK's own go
# command, so every archive is byte for byte go build's:
#   stdlib.sh GOROOT OUT_PKG_DIR OUT_IMPORTCFG OUT_BUILDCONTEXT OUT_PACKAGES TAGS [SNAPSHOT_DIR VERSION H1_FILE] -- ROOTS...
# ROOTS are the standard packages the program imports (std_roots.sh, read by
# the rule's dynamic action): only their closure is compiled, as go build
# compiles it. The outputs are those of the Bazel rules' stdlib.sh, which the
# shared compile, link and test scripts read: the importcfg of the archives,
# the build context (for fipstool gofiles) and every standard import path of
# this configuration (for fipstool importcfg). The environment carries GOOS,
# GOARCH, CGO_ENABLED and GOFIPS140.
# For a snapshot, the tree fipstool verified and unpacked is placed where the
# go command looks for it, $GOMODCACHE/golang.org/fips140@<v>, so the go
# command swaps it in exactly as for GOFIPS140=<v> go build.
set -euo pipefail
exec_root="$PWD"
goroot="$1" out_pkg="$2" out_importcfg="$3" out_context="$4" out_packages="$5" tags="$6"
shift 6
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export GOROOT="$goroot" GOCACHE="$work/cache" GOMODCACHE="$work/modcache" GOPATH="$work/gopath" \
  TMPDIR="$work" GOTOOLCHAIN=local GOPROXY=off GOENV=off GOFLAGS= GOWORK=off GO111MODULE=on
# No home: the go command then keeps no telemetry and starts no process
# that outlives the action.
unset HOME XDG_CONFIG_HOME
if [ "$1" != "--" ]; then
  snapshot_dir="$exec_root/$1" version="$2" h1_file="$3"
  shift 3
  mkdir -p "$GOMODCACHE/golang.org" "$GOMODCACHE/cache/download/golang.org/fips140/@v"
  ln -s "$snapshot_dir" "$GOMODCACHE/golang.org/fips140@$version"
  # Go 1.27 reuses an unpacked snapshot only when its recorded h1 matches.
  cp "$h1_file" "$GOMODCACHE/cache/download/golang.org/fips140/@v/$version.ziphash"
fi
shift
cd "$work"
go="$goroot/bin/go"
"$go" list -tags="$tags" -f '{{.ImportPath}}' std >"$exec_root/$out_packages"
# A program's link needs runtime (every package imports it implicitly).
"$go" list -trimpath -export -deps -tags="$tags" -f '{{if .Export}}{{.ImportPath}}={{.Export}}{{end}}' \
  runtime "$@" >"$work/exports"
# The format fipstool gofiles reads: one "Key value..." line per field.
"$go" list -tags="$tags" -f '{{with context}}GOOS {{.GOOS}}
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
