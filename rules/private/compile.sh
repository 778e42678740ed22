#!/usr/bin/env bash
# Compile one Go package (with its Go assembly) with the SDK's tools, as go
# build does:
#   compile.sh [--tests] [--library] [--asm ASM INCLUDE_DIR ASMFLAGS_FILE] [--godebug TABLE GO_VERSION DIRECTIVES_OUT]
#              FIPSTOOL BUILDCONTEXT LABEL COMPILE STD_IMPORTCFG STD_PACKAGES DEPS_IMPORTCFG IMPORTER
#              OUT_EXPORT OUT_LINKOBJ [COMPILER FLAGS...] -- SRCS...
# OUT_EXPORT receives the export data importers compile against, OUT_LINKOBJ
# the object the linker reads (the compiler's -o and -linkobj).
# --tests: the internal test package of a go_test (go test's "p [p.test]"):
# the package's `_test.go` files of package p join its sources;
# `package p_test` files are left out (test_build.sh compiles them).
# --library: a go_library, which may have no Go file for this configuration
# (its export data and object are then a marker saying why).
# --godebug: the package's //go:debug directives are checked against the
# SDK's table (TABLE, the SDK's GO_VERSION) as go build checks every
# package's, and (a main or test package) written to DIRECTIVES_OUT for the
# link's default GODEBUG (empty: not written).
# --imports-out: where to write the packages the kept sources import from
# dependencies, then from the standard library (fipstool importcfg
# --imports-out), for programs' links and import chains.
# --asm: SRCS may hold Go assembly (.s): ASM is the SDK's assembler,
# INCLUDE_DIR its pkg/include, ASMFLAGS_FILE one assembler flag a line (the
# build mode's code generation flag, GOARCH's -D definitions).
# 1. fipstool applies the sources' build constraints (file name suffixes,
#    //go:build lines) with the go command's build context of this
#    configuration, as go build does; a file that imports "C" is left out
#    when cgo is off (CGO_ENABLED=0), as go build leaves it out.
# 2. With assembly, go build's steps: an empty go_asm.h, `asm -gensymabis`
#    over the .s files, the compile with -symabis and -asmhdr (and without
#    -complete), each .s file assembled, the objects appended to the
#    package's linker object.
# The importcfg it reads is written by fipstool importcfg (go_common.sh),
# after the package's imports pass go build's checks as package IMPORTER
# (its import path: a program's too, whose -p is main).
# A program (package main) is not importable: its export data is replaced
# by a line saying so, which fipstool importcfg reports in any importer as
# go build does ("is a program, not an importable package").
set -euo pipefail
source "$(dirname "$0")/go_common.sh"
tests=() asm="" include="" asmflags_file="" godebug=() library="" imports_out=()
while true; do
  case "$1" in
    --tests) tests=(--tests); shift ;;
    --library) library=1; shift ;;
    --asm) asm="$2" include="$3" asmflags_file="$4"; shift 4 ;;
    --godebug) godebug=($(go_godebug_args "$2" "$3" "$4")); shift 4 ;;
    --imports-out) imports_out=("$1" "$2"); shift 2 ;;
    *) break ;;
  esac
done
fipstool="$1" context="$2" label="$3" tool="$4" std="$5" std_packages="$6" deps="$7" importer="$8" export="$9" out="${10}"
shift 10
flags=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do flags+=("$1"); shift; done
shift
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A test build's sources hold the external test package's files too: its
# directives are checked by test_build.sh, as the package of their own they
# are.
first=("${godebug[@]}")
[ ${#tests[@]} -eq 0 ] || first=()
"$fipstool" gofiles "${tests[@]}" "${first[@]}" ${library:+--allow-empty} --context "$context" --package "$label" \
  --out "$work/srcs" --cgo-out "$work/cgo_srcs" "$@"
mapfile -t kept <"$work/srcs"
if [ -n "$library" ] && ! go_any_matches '*.go' "${kept[@]}"; then
  # A library none of whose Go files this configuration compiles (a
  # dependency of another platform's files): nothing to compile, and only a
  # compiled file that imports it is an error, in go build's words, which
  # the marker carries to fipstool importcfg in the importer.
  reason="$({ "$fipstool" gofiles "${tests[@]}" --context "$context" --package "$label" --out "$work/none" "$@" 2>&1 || true; } |
    sed -n '1s/^fipstool: //p')"
  printf 'fips: no Go files: %s\n' "${reason:-no Go files in $label}" | tee "$export" >"$out"
  if [ ${#imports_out[@]} -gt 0 ]; then : >"${imports_out[1]}"; fi
  exit 0
fi
# With cgo on, files that import "C" are selected too; compiling them takes
# the cgo steps (cgo.sh, cgo = True).
mapfile -t cgo_srcs <"$work/cgo_srcs"
if [ ${#cgo_srcs[@]} -gt 0 ]; then
  echo "$label: ${cgo_srcs[0]} imports \"C\": set cgo = True on $label to compile it with cgo" >&2
  exit 1
fi
srcs=() sfiles=() cfiles=()
for f in "${kept[@]}"; do
  case "$f" in
    *.go)
      if [ ${#tests[@]} -gt 0 ] && [[ "$(go_package_clause "$f")" == *_test ]]; then continue; fi
      srcs+=("$f") ;;
    *.s) sfiles+=("$f") ;;
    *.h | *.hh | *.hpp | *.hxx) ;;
    *) cfiles+=("$f") ;;
  esac
done
if [ ${#tests[@]} -gt 0 ] && [ ${#godebug[@]} -gt 0 ]; then
  "$fipstool" gofiles --tests "${godebug[@]}" --context "$context" --package "$label" --out "$work/checked" "${srcs[@]}"
fi
if [ ${#cfiles[@]} -gt 0 ]; then
  echo "$label: C source files not allowed when not using cgo or SWIG: ${cfiles[*]}" >&2
  exit 1
fi
if [ ${#sfiles[@]} -gt 0 ] && [ -z "$asm" ]; then
  echo "$label: ${sfiles[0]}: Go assembly needs the assembler (internal error: compile.sh without --asm)" >&2
  exit 1
fi

go_importcfg "$fipstool" "$work/importcfg" "$std" "$std_packages" --deps "$deps" --importer "$importer" \
  --package "$label" "${imports_out[@]}" "${srcs[@]}"
importpath=""
for ((i = 0; i < ${#flags[@]}; i++)); do
  [ "${flags[$i]}" = "-p" ] && importpath="${flags[$((i + 1))]}"
done
trim="$(go_trimpath "$PWD" "$PWD=>;$work=>" "${srcs[@]}" "${sfiles[@]}")"

asm_args=()
if [ ${#sfiles[@]} -gt 0 ]; then
  mapfile -t asmflags <"$asmflags_file"
  asm_args=(-p "$importpath" -trimpath "$trim" -I "$work/" -I "$include" "${asmflags[@]}")
  : >"$work/go_asm.h"
  "$asm" "${asm_args[@]}" -gensymabis -o "$work/symabis" "${sfiles[@]}"
  # go build passes -complete only to packages without non-Go code.
  compile_flags=()
  for f in "${flags[@]}"; do [ "$f" = "-complete" ] || compile_flags+=("$f"); done
  flags=("${compile_flags[@]}" -symabis "$work/symabis" -asmhdr "$work/go_asm.h")
fi

"$tool" -o "$work/export.a" -linkobj "$out" -importcfg "$work/importcfg" -trimpath "$trim" \
  -nolocalimports -pack "${flags[@]}" "${srcs[@]}"

if [ ${#sfiles[@]} -gt 0 ]; then
  objs=()
  for s in "${sfiles[@]}"; do
    o="$work/$(basename "${s%.s}").o"
    "$asm" "${asm_args[@]}" -o "$o" "$s"
    objs+=("$o")
  done
  go_pack "$out" "${objs[@]}"
fi

# A go_test's internal test package is importable by its external tests.
if [ "$(go_package_clause "${srcs[0]}")" = "main" ] && [ ${#tests[@]} -eq 0 ]; then
  printf 'fips: not importable: package main\n' >"$export"
else
  mv "$work/export.a" "$export"
fi
