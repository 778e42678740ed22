#!/usr/bin/env bash
# Build a Go test binary, as `go test -c` does:
#   test_build.sh INTERNAL_EXPORT INTERNAL_LINKOBJ INTERNAL_DIRECTIVES LINKINFO_ARGS FIPSTOOL BUILDCONTEXT LABEL
#                 COMPILE LINK STD_IMPORTCFG DEPS_IMPORTCFG DEPS_LINK_IMPORTCFG GODEBUG_TABLE GO_VERSION IMPORTPATH
#                 OUT COMPILE_FLAGS_FILE LINK_FLAGS_FILE -- TEST_SRCS...
# The internal test package (the library with its `package p` test files)
# was compiled by an action of its own (compile.sh or cgo.sh --tests); its
# export data and linker object are given. Build constraints are applied to
# the test sources first, as in compile.sh. The package clause of each test
# file decides where it goes, which Bazel cannot know at analysis time:
# `package x` files are in the internal test package already, `package
# x_test` files form the external test package. fipstool then writes the
# test main, as go test's generated one. The external test files'
# //go:debug directives are checked as a package's are; with the internal
# test package's (INTERNAL_DIRECTIVES) they give the default GODEBUG
# (fipstool linkinfo, as in link.sh).
set -euo pipefail
source "$(dirname "$0")/go_common.sh"
internal_export="$1" internal_linkobj="$2" internal_directives="$3" linkinfo_args="$4"
shift 4
fipstool="$1" context="$2" label="$3"
shift 3
compile="$1" link="$2" std="$3" deps="$4" deps_link="$5" godebug_table="$6" go_version="$7" importpath="$8" out="$9"
cflags_file="${10}" lflags_file="${11}"
shift 11
[ "$1" = "--" ] && shift
test_srcs=("$@")

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ ${#test_srcs[@]} -gt 0 ]; then
  "$fipstool" gofiles --context "$context" --package "$label" --tests --allow-empty --out "$work/test_srcs" "${test_srcs[@]}"
  mapfile -t test_srcs <"$work/test_srcs"
fi
mapfile -t cflags <"$cflags_file"
mapfile -t lflags <"$lflags_file"

internal=() external=()
for f in "${test_srcs[@]}"; do
  case "$(go_package_clause "$f")" in
    *_test) external+=("$f") ;;
    *) internal+=("$f") ;;
  esac
done

: >"$work/xtest_directives"
if [ ${#external[@]} -gt 0 ]; then
  "$fipstool" gofiles --tests $(go_godebug_args "$godebug_table" "$go_version" "$work/xtest_directives") \
    --context "$context" --package "$label" --out "$work/checked" "${external[@]}"
fi

go_importcfg "$work/importcfg" "$std" "$deps"
# The generated test main is recorded by its name in $work.
trim="$(go_trimpath "$PWD" "$PWD=>;$work=>" "${test_srcs[@]}")"
run_compile() {
  "$compile" -importcfg "$work/importcfg" -trimpath "$trim" -nolocalimports -pack "${cflags[@]}" "$@"
}
go_importcfg "$work/link.importcfg" "$std" "$deps_link"
printf 'packagefile %s=%s\n' "$importpath" "$internal_export" >>"$work/importcfg"
printf 'packagefile %s=%s\n' "$importpath" "$internal_linkobj" >>"$work/link.importcfg"
testmain_args=()
for f in "${internal[@]}"; do testmain_args+=(--test "$f"); done
if [ ${#external[@]} -gt 0 ]; then
  run_compile -p "${importpath}_test" -o "$work/external.a" "${external[@]}"
  for cfg in "$work/importcfg" "$work/link.importcfg"; do
    printf 'packagefile %s=%s\n' "${importpath}_test" "$work/external.a" >>"$cfg"
  done
  for f in "${external[@]}"; do testmain_args+=(--xtest "$f"); done
fi
# The test main registers the Test, Benchmark, Fuzz and Example functions
# (those with an output comment) and calls TestMain, as go test's does;
# fipstool refuses what go test refuses (a test function's wrong signature).
"$fipstool" testmain --importpath "$importpath" --out "$work/testmain.go" "${testmain_args[@]}"
run_compile -p main -o "$work/main.a" "$work/testmain.go"
mapfile -t linkinfo <"$linkinfo_args"
"$fipstool" linkinfo "${linkinfo[@]}" --directives "$internal_directives" --directives "$work/xtest_directives" \
  --out-modinfo "$work/modinfo" --out-ldflags "$work/ldflags"
mapfile -t godebug_flags <"$work/ldflags"
cat "$work/modinfo" >>"$work/link.importcfg"
GOROOT= "$link" -o "$out" -importcfg "$work/link.importcfg" "${godebug_flags[@]}" "${lflags[@]}" "$work/main.a"
