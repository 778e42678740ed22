#!/usr/bin/env bash
# List every standard package's imports with the SDK's own go command:
#   std_import_graph.sh GOROOT_FILE TAGS OUT
# One `<importpath> <import>...` line per package, the imports as the go
# command resolves them (`vendor/...` for the standard library's vendored
# packages). The environment carries GOOS, GOARCH, CGO_ENABLED, GOFIPS140
# and GOEXPERIMENT. fipstool chains reads it for the standard library's
# steps of a program's import chains.
set -euo pipefail
exec_root="$PWD"
goroot="$exec_root/$(dirname "$1")"
tags="$2"
out="$3"
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export GOROOT="$goroot" GOCACHE="$work/cache" GOMODCACHE="$work/modcache" GOPATH="$work/gopath" \
  TMPDIR="$work" GOTOOLCHAIN=local GOPROXY=off GOENV=off GOFLAGS= GOWORK=off GO111MODULE=on
# No home: no user configuration, no telemetry (as stdlib.sh).
unset HOME XDG_CONFIG_HOME
# -e: the sandbox stages sources as symlinks, which //go:embed refuses
# (internal/trace/traceviewer embeds files); the imports are listed anyway.
"$goroot/bin/go" list -e -tags="$tags" -f '{{.ImportPath}}{{range .Imports}} {{.}}{{end}}' std >"$work/graph"
mv "$work/graph" "$exec_root/$out"
