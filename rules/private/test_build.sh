#!/usr/bin/env bash
# Build a Go test binary, as `go test -c` does:
#   test_build.sh INTERNAL_EXPORT INTERNAL_LINKOBJ INTERNAL_DIRECTIVES LINKINFO_ARGS FIPSTOOL BUILDCONTEXT LABEL
#                 COMPILE LINK STD_IMPORTCFG STD_PACKAGES DEPS_IMPORTCFG DEPS_LINK_IMPORTCFG GODEBUG_TABLE
#                 GO_VERSION IMPORTPATH OUT COMPILE_FLAGS_FILE LINK_FLAGS_FILE -- TEST_SRCS...
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
compile="$1" link="$2" std="$3" std_packages="$4" deps="$5" deps_link="$6" godebug_table="$7" go_version="$8"
importpath="$9" out="${10}" cflags_file="${11}" lflags_file="${12}"
shift 12
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

# The generated test main is recorded by its name in $work.
trim="$(go_trimpath "$PWD" "$PWD=>;$work=>" "${test_srcs[@]}")"
run_compile() {
  local cfg="$1"
  shift
  "$compile" -importcfg "$cfg" -trimpath "$trim" -nolocalimports -pack "${cflags[@]}" "$@"
}
# The package under test is the internal test package (compiled with its
# tests), wherever a dependency brings the library too.
under_test=(--replace "$importpath=$internal_export")
testmain_args=()
for f in "${internal[@]}"; do testmain_args+=(--test "$f"); done
external_lines=()
if [ ${#external[@]} -gt 0 ]; then
  go_importcfg "$fipstool" "$work/xtest.importcfg" "$std" "$std_packages" --deps "$deps" "${under_test[@]}" \
    --importer "$importpath" --xtest --package "$label" "${external[@]}"
  run_compile "$work/xtest.importcfg" -p "${importpath}_test" -o "$work/external.a" "${external[@]}"
  external_lines=(--add "${importpath}_test=$work/external.a")
  for f in "${external[@]}"; do testmain_args+=(--xtest "$f"); done
fi
# The test main registers the Test, Benchmark, Fuzz and Example functions
# (those with an output comment) and calls TestMain, as go test's does;
# fipstool refuses what go test refuses (a test function's wrong signature).
"$fipstool" testmain --importpath "$importpath" --out "$work/testmain.go" "${testmain_args[@]}"
go_importcfg "$fipstool" "$work/main.importcfg" "$std" "$std_packages" --deps "$deps" "${under_test[@]}" \
  "${external_lines[@]}"
run_compile "$work/main.importcfg" -p main -o "$work/main.a" "$work/testmain.go"
mapfile -t linkinfo <"$linkinfo_args"
"$fipstool" linkinfo "${linkinfo[@]}" --directives "$internal_directives" --directives "$work/xtest_directives" \
  --out-modinfo "$work/modinfo" --out-ldflags "$work/ldflags"
mapfile -t godebug_flags <"$work/ldflags"
go_importcfg "$fipstool" "$work/link.importcfg" "$std" "$std_packages" --link --modinfo "$work/modinfo" \
  --deps "$deps_link" --replace "$importpath=$internal_linkobj" "${external_lines[@]}"
GOROOT= "$link" -o "$out" -importcfg "$work/link.importcfg" "${godebug_flags[@]}" "${lflags[@]}" "$work/main.a"
