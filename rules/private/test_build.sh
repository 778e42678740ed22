#!/usr/bin/env bash
# Build a Go test binary, as `go test -c` does:
#   test_build.sh [--internal INTERNAL_EXPORT INTERNAL_LINKOBJ INTERNAL_DIRECTIVES] LINKINFO_ARGS FIPSTOOL
#                 BUILDCONTEXT LABEL COMPILE LINK STD_IMPORTCFG STD_PACKAGES DEPS_IMPORTCFG DEPS_LINK_IMPORTCFG
#                 GODEBUG_TABLE GO_VERSION IMPORTPATH OUT COMPILE_FLAGS_FILE LINK_FLAGS_FILE
#                 INTERNAL_IMPORTS_OUT XTEST_IMPORTS_OUT -- TEST_SRCS...
# --internal: the go_test embeds the library under test, and the internal
# test package (the library with its `package p` test files) was compiled
# by an action of its own (compile.sh or cgo.sh --tests); its export data
# and linker object are given. Build constraints are applied to the test
# sources first, as in compile.sh. The package clause of each test file
# decides where it goes, which Bazel cannot know at analysis time: `package
# x` files are in the internal test package already, `package x_test` files
# form the external test package. Without --internal (no embedded library)
# the `package x` files, if any, are the package under test and are
# compiled here (go test's package of test files only); with none, the
# external test package is tested alone, against the library it imports
# from the dependencies, as go test tests such a package. fipstool then
# writes the test main, as go test's generated one. The test files'
# //go:debug directives are checked as a package's are; with the internal
# test package's they give the default GODEBUG (fipstool linkinfo, as in
# link.sh). INTERNAL_IMPORTS_OUT and XTEST_IMPORTS_OUT receive the import
# lists of the package under test compiled here and of the external test
# package (empty when there is none), where the test's import chains start.
set -euo pipefail
source "$(dirname "$0")/go_common.sh"
internal_export="" internal_linkobj="" internal_directives="" roots=()
if [ "$1" = "--internal" ]; then
  internal_export="$2" internal_linkobj="$3" internal_directives="$4"
  shift 4
fi
linkinfo_args="$1"
shift
fipstool="$1" context="$2" label="$3"
shift 3
compile="$1" link="$2" std="$3" std_packages="$4" deps="$5" deps_link="$6" godebug_table="$7" go_version="$8"
importpath="$9" out="${10}" cflags_file="${11}" lflags_file="${12}"
internal_imports_out="${13}" xtest_imports_out="${14}"
shift 14
[ "$1" = "--" ] && shift
test_srcs=("$@")

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
: >"$internal_imports_out"
: >"$xtest_imports_out"
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
# Whether a dependency provides the package under test (the library an
# external test package imports).
deps_provide_package() {
  local line
  while IFS= read -r line; do
    [[ "$line" == "packagefile $importpath="* ]] && return 0
  done <"$deps"
  return 1
}

if [ -z "$internal_export" ] && [ ${#internal[@]} -gt 0 ]; then
  # No embedded library: the `package x` test files are the package under
  # test. A dependency with its import path is the library they belong to,
  # which go test compiles them with.
  if deps_provide_package; then
    echo "$label: ${internal[0]} is in package $(go_package_clause "${internal[0]}"), the package under test" \
      "($importpath), which a dependency provides: embed that go_library (embed = [...]) instead of listing it" \
      "in deps, so that it is compiled with its test files, as go test does" >&2
    exit 1
  fi
  internal_directives="$work/internal_directives"
  "$fipstool" gofiles --tests $(go_godebug_args "$godebug_table" "$go_version" "$internal_directives") \
    --context "$context" --package "$label" --out "$work/checked" "${internal[@]}"
  go_importcfg "$fipstool" "$work/internal.importcfg" "$std" "$std_packages" --deps "$deps" --importer "$importpath" \
    --package "$label" --imports-out "$work/internal.imports" "${internal[@]}"
  roots+=(--root "$importpath=$work/internal.imports")
  cp "$work/internal.imports" "$internal_imports_out"
  if ! run_compile "$work/internal.importcfg" -p "$importpath" -o "$work/internal.a" "${internal[@]}"; then
    echo "$label: (the go_test embeds no go_library: its \`package $(go_package_clause "${internal[0]}")\` files" \
      "are compiled alone; to test a library with them, embed it: embed = [\"<its go_library>\"])" >&2
    exit 1
  fi
  internal_export="$work/internal.a" internal_linkobj="$work/internal.a"
fi

# The package under test is the internal test package (compiled with its
# tests), wherever a dependency brings the library too. Without one, the
# test main imports the library when a dependency provides it (go test
# imports a package under test that has Go files), and nothing else.
under_test=() link_under_test=() testmain_args=()
if [ -n "$internal_export" ]; then
  under_test=(--replace "$importpath=$internal_export")
  link_under_test=(--replace "$importpath=$internal_linkobj")
elif ! deps_provide_package; then
  testmain_args=(--without-package)
fi
for f in "${internal[@]}"; do testmain_args+=(--test "$f"); done
external_lines=()
if [ ${#external[@]} -gt 0 ]; then
  go_importcfg "$fipstool" "$work/xtest.importcfg" "$std" "$std_packages" --deps "$deps" "${under_test[@]}" \
    --importer "$importpath" --xtest --package "$label" --imports-out "$work/xtest.imports" "${external[@]}"
  roots+=(--root "${importpath}_test=$work/xtest.imports")
  cp "$work/xtest.imports" "$xtest_imports_out"
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
# The packages compiled here join the roots of the walk for the build
# information's modules, when the link writes them (the main module's).
if go_any_matches --modules "${linkinfo[@]}"; then linkinfo+=("${roots[@]}"); fi
directives=(--directives "$work/xtest_directives")
[ -z "$internal_directives" ] || directives=(--directives "$internal_directives" "${directives[@]}")
"$fipstool" linkinfo "${linkinfo[@]}" "${directives[@]}" --out-modinfo "$work/modinfo" --out-ldflags "$work/ldflags"
mapfile -t godebug_flags <"$work/ldflags"
go_importcfg "$fipstool" "$work/link.importcfg" "$std" "$std_packages" --link --modinfo "$work/modinfo" \
  --deps "$deps_link" "${link_under_test[@]}" "${external_lines[@]}"
GOROOT= "$link" -o "$out" -importcfg "$work/link.importcfg" "${godebug_flags[@]}" "${lflags[@]}" "$work/main.a"
