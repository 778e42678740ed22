#!/usr/bin/env bash
# The standard packages a program imports: the roots of the standard library
# closure its build compiles (the rule's dynamic action reads this file).
#   std_roots.sh GOROOT RESOLVE_JSON TAGS OUT [--package SRCS...]...
# Each package's imports (its tests' too) are listed by the SDK's go command
# with the configuration's build tags (the FIPS module's included, as go build
# adds it), so build constraints choose the files go build would. Paths whose
# first element has no dot are the standard library's (cmd/go's rule).
set -euo pipefail
goroot="$1" resolve="$2" tags="$3" out="$4"
shift 4
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fips_tag="$(sed -n 's/.*"build_tag": "\([^"]*\)".*/\1/p' "$resolve" | head -n1)"
tags="${tags:+$tags,}$fips_tag"
export GOROOT="$goroot" GOCACHE="$work/cache" GOPATH="$work/gopath" TMPDIR="$work" GOTOOLCHAIN=local GOPROXY=off \
  GOENV=off GOFLAGS= GO111MODULE=off GOFIPS140=off CGO_ENABLED=0
unset HOME XDG_CONFIG_HOME
: >"$work/imports"
list() {
  [ $# -gt 0 ] || return 0
  "$goroot/bin/go" list -e -tags="${tags%,}" \
    -f '{{join .Imports "\n"}}{{"\n"}}{{join .TestImports "\n"}}{{"\n"}}{{join .XTestImports "\n"}}' "$@" >>"$work/imports"
}
srcs=()
for arg in "$@"; do
  if [ "$arg" = "--package" ]; then
    list "${srcs[@]}"
    srcs=()
  else
    srcs+=("$arg")
  fi
done
list "${srcs[@]}"
grep -E '^[^./]+(/|$)' "$work/imports" | grep -v -x C | sort -u >"$out" || true
