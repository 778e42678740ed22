#!/usr/bin/env bash
# Compile one Go package that uses cgo, with the steps go build runs (as
# `go build -x` shows them):
#   cgo.sh [--tests] [--library] [--godebug TABLE GO_VERSION DIRECTIVES_OUT] [--asm ASM INCLUDE_DIR ASMFLAGS_FILE] [--imports-out FILE] FIPSTOOL BUILDCONTEXT LABEL COMPILE CGO CC GOARCH
#          STD_IMPORTCFG STD_PACKAGES DEPS_IMPORTCFG IMPORTER OUT_EXPORT OUT_LINKOBJ IMPORTPATH LDFLAGS_FILE
#          EXPORT_HEADER CFLAGS_FILE CGO_ENV_FILE [COMPILER FLAGS...]
#          -- GO_SRCS... -- C_SRCS...
# --library, --godebug, --asm, --imports-out: as in compile.sh, which compiles the package when no
# file the constraints keep imports "C".
# --tests: the internal test package of a go_test (go test's "p [p.test]"):
# the package's `_test.go` files of package p join its sources as plain Go
# (go test allows no cgo in them); `package p_test` files are left out.
# CFLAGS_FILE: one C flag a line (the -I/-iquote/-isystem/-D of cdeps).
# CGO_ENV_FILE: CGO_<VERB>_ALLOW/DISALLOW=REGEXP lines for the allow-list
# check of the #cgo flags (--@fips//:cgo_flags_allow).
# LDFLAGS_FILE: one flag a line for the C linker (clinkopts, cdeps' libraries).
# EXPORT_HEADER: empty, or (c-archive, c-shared) where cgo writes the C
# header of the package's //export functions (empty when it has none).
# 1. fipstool applies the build constraints to the Go and C sources (cgo on:
#    file name suffixes, //go:build lines, as go build does for both), and
#    reads the `#cgo` directives (CPPFLAGS, CFLAGS, CXXFLAGS, LDFLAGS) of the
#    files that import "C";
# 2. `cgo` translates those files (-objdir, -importpath, the package's link
#    flags as //go:cgo_ldflag directives);
# 3. the C compiler compiles the generated C files and the package's own: C,
#    then .S, then C++ (the compiler driver picks the language by the
#    file's extension; C++ links the C++ runtime, -lstdc++, as go build's g++ does);
# 4. they are linked into _cgo_.o, from which `cgo -dynimport` writes the
#    package's dynamic imports (_cgo_import.go);
# 5. the compiler compiles the Go files, the generated ones included (no
#    -complete: the package has non-Go code), and the C objects are appended
#    to its linker object as go build's `pack r` does to its archive (the SDK
#    has no pack tool).
set -euo pipefail
source "$(dirname "$0")/go_common.sh"
tests=() godebug=() godebug_opts=() asm_opts=() library=() imports_out=()
while true; do
  case "$1" in
    --tests) tests=(--tests); shift ;;
    --library) library=(--library); shift ;;
    --godebug) godebug=($(go_godebug_args "$2" "$3" "$4")); godebug_opts=("$1" "$2" "$3" "$4"); shift 4 ;;
    --asm) asm_opts=("$1" "$2" "$3" "$4"); shift 4 ;;
    --imports-out) imports_out=("$1" "$2"); shift 2 ;;
    *) break ;;
  esac
done
fipstool="$1" context="$2" label="$3" compile="$4" cgo="$5" cc="$6" goarch="$7"
std="$8" std_packages="$9" deps="${10}" importer="${11}" export="${12}" out="${13}" importpath="${14}" ldflags_file="${15}"
export_header="${16}" cflags_file="${17}" cgo_env_file="${18}"
shift 18
flags=() all_flags=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  [ "$1" = "-complete" ] || flags+=("$1")
  all_flags+=("$1")
  shift
done
shift
gosrcs=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do gosrcs+=("$1"); shift; done
shift
csrcs=("$@")

exec_root="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
obj="$work/obj"
mkdir -p "$obj"
# The exec root by a name of the action's own, for the C compiler: on a
# remote worker the exec root is `/`, and a file prefix map of `/` matches
# every path (GCC even maps what a map already made), so the C compiler
# reads the exec root's files through this symlink, runs in it (the
# directory it records comes from PWD: the symlink's name) and has it
# mapped to `.`.
root="$work/root"
ln -s "$exec_root" "$root"

first=("${godebug[@]}")
[ ${#tests[@]} -eq 0 ] || first=()
cgo_env=()
while IFS= read -r e; do [ -z "$e" ] || cgo_env+=(--cgo-env "$e"); done <"$cgo_env_file"
"$fipstool" gofiles "${tests[@]}" "${first[@]}" ${library:+--allow-empty} --context "$context" --package "$label" \
  --out "$work/srcs" --cgo-out "$work/cgo_srcs" --cgo-flags-out "$work/cgo_flags" "${cgo_env[@]}" "${gosrcs[@]}" "${csrcs[@]}"
mapfile -t kept <"$work/srcs"
declare -A imports_c=()
while IFS= read -r f; do imports_c[$f]=1; done <"$work/cgo_srcs"
srcs=() csrcs=() cgofiles=() plain=()
for f in "${kept[@]}"; do
  case "$f" in
    *.go)
      if [ ${#tests[@]} -gt 0 ] && [[ "$(go_package_clause "$f")" == *_test ]]; then continue; fi
      srcs+=("$f")
      if [ -n "${imports_c[$f]:-}" ]; then cgofiles+=("$exec_root/$f"); else plain+=("$exec_root/$f"); fi ;;
    *) csrcs+=("$f") ;;
  esac
done
# A test build's directives: of the internal test package only (see compile.sh).
if [ ${#tests[@]} -gt 0 ] && [ ${#godebug[@]} -gt 0 ]; then
  "$fipstool" gofiles --tests "${godebug[@]}" --context "$context" --package "$label" --out "$work/checked" "${srcs[@]}"
fi
if [ ${#cgofiles[@]} -eq 0 ]; then
  # No file the constraints keep imports "C" (cgo = True says some file may,
  # for some platform): the package does not use cgo here, and go build
  # compiles it as any other, its .s files with the Go assembler. The
  # program, if any, still gets its (empty) export header.
  if [ -n "$export_header" ]; then : >"$exec_root/$export_header"; fi
  exec "$(dirname "$0")/compile.sh" "${tests[@]}" "${library[@]}" "${asm_opts[@]}" "${godebug_opts[@]}" "${imports_out[@]}" \
    "$fipstool" "$context" "$label" \
    "$compile" "$std" "$std_packages" "$deps" "$importer" "$export" "$out" "${all_flags[@]}" -- "${gosrcs[@]}" "${csrcs[@]}"
fi
pkgdir="$(dirname "${cgofiles[0]}")"
pkgrel="$(dirname "${cgofiles[0]#"$exec_root/"}")"
pkgname="$(go_package_clause "${cgofiles[0]}")"

case "$goarch" in amd64) machine=(-m64) ;; 386) machine=(-m32) ;; *) machine=() ;; esac
# go build's C flags for cgo (cmd/go/internal/work: ccompilerCmd, cgo): PIC,
# threads, paths of the work directory and the exec root trimmed.
# cgo runs the C compiler from the package directory: include directories
# become absolute.
dep_cflags=()
while IFS= read -r f; do
  case "$f" in
    -I/* | -iquote/* | -isystem/* | -D*) dep_cflags+=("$f") ;;
    -I*) dep_cflags+=("-I$root/${f#-I}") ;;
    -iquote*) dep_cflags+=("-iquote$root/${f#-iquote}") ;;
    -isystem*) dep_cflags+=("-isystem$root/${f#-isystem}") ;;
    ?*) dep_cflags+=("$f") ;;
  esac
done <"$cflags_file"
# The package's #cgo directives, paths absolute as go build makes them. Its
# LDFLAGS are recorded in the package archive for the link, another
# action: paths below the exec root become relative to it (where every
# action runs), so the archive names no sandbox.
pkg_cppflags=() pkg_cflags=() pkg_cxxflags=() pkg_ldflags=()
while IFS=$'\t' read -r verb f; do
  case "$verb" in
    CPPFLAGS) pkg_cppflags+=("$f") ;;
    CFLAGS) pkg_cflags+=("$f") ;;
    CXXFLAGS) pkg_cxxflags+=("$f") ;;
    LDFLAGS)
      [ "$exec_root" = / ] || f="${f//"$exec_root"\//}"
      pkg_ldflags+=("$f") ;;
  esac
done <"$work/cgo_flags"
c_files=() s_files=() cxx_files=()
for f in "${csrcs[@]}"; do
  case "$f" in
    *.c) c_files+=("$root/$f") ;;
    # In a package that uses cgo, go build assembles .s files with the C
    # compiler too (cgo's documentation: "Any .c, .s, .S or .sx files").
    *.s | *.S | *.sx) s_files+=("$root/$f") ;;
    *.cc | *.cpp | *.cxx) cxx_files+=("$root/$f") ;;
  esac
done
base=(-I "$root/$pkgrel" "${dep_cflags[@]}" -fPIC "${machine[@]}" -pthread -fmessage-length=0 -gno-record-gcc-switches)
# Where files are recorded (debug info, __FILE__): the exec root's as `.`
# (by the symlink's name; by its own, but for `/`; and the package
# directory's, where cgo's preamble and ${SRCDIR} flags name it), the object
# directory's as go build's `/tmp/go-build`. The last matching map applies.
prefix_maps=()
[ "$exec_root" = / ] || prefix_maps+=("-ffile-prefix-map=$exec_root=.")
prefix_maps+=("-ffile-prefix-map=$root=." "-ffile-prefix-map=${exec_root%/}/$pkgrel=./$pkgrel"
  "-ffile-prefix-map=$obj=/tmp/go-build")
cflags=("${base[@]}" "${pkg_cppflags[@]}" -I "$obj/" -O2 -g "${pkg_cflags[@]}" "${prefix_maps[@]}")
cxxflags=("${base[@]}" "${pkg_cppflags[@]}" -I "$obj/" -O2 -g "${pkg_cxxflags[@]}" "${prefix_maps[@]}")

# The C linker's flags: the package's, then clinkopts and cdeps' libraries.
linkflags=("${pkg_ldflags[@]}")
mapfile -t more <"$exec_root/$ldflags_file"
for f in "${more[@]}"; do [ -z "$f" ] || linkflags+=("$f"); done
[ ${#cxx_files[@]} -eq 0 ] || linkflags+=(-lstdc++)
ldflags=""
for f in "${linkflags[@]}"; do ldflags+="${ldflags:+ }\"$f\""; done

header_flag=()
[ -z "$export_header" ] || header_flag=("-exportheader=$exec_root/$export_header")
(cd "$pkgdir" && "$exec_root/$cgo" -objdir "$obj/" -importpath "$importpath" "${header_flag[@]}" \
  ${ldflags:+"-ldflags=$ldflags"} -- "${dep_cflags[@]}" "${pkg_cppflags[@]}" -I "$obj/" -O2 -g "${pkg_cflags[@]}" \
  "${cgofiles[@]##*/}")
if [ -n "$export_header" ] && [ ! -e "$exec_root/$export_header" ]; then
  : >"$exec_root/$export_header"
fi

objs=()
n=0
compile_c() {
  n=$((n + 1))
  local o="$obj/_x$(printf %03d "$n").o"
  (cd "$root" && "$cc" "$@" -o "$o")
  objs+=("$o")
}
# go build's order: cgo's C files and the package's, its .S, then its C++.
for c in "$obj/_cgo_export.c" "$obj"/*.cgo2.c "${c_files[@]}" "${s_files[@]}"; do compile_c "${cflags[@]}" -c "$c"; done
for c in "${cxx_files[@]}"; do compile_c "${cxxflags[@]}" -c "$c"; done
(cd "$root" && "$cc" "${cflags[@]}" -o "$obj/_cgo_main.o" -c "$obj/_cgo_main.c")
(cd "$root" && "$cc" "${cflags[@]}" -o "$obj/_cgo_.o" "$obj/_cgo_main.o" "${objs[@]}" -O2 -g "${linkflags[@]}")
"$exec_root/$cgo" -dynpackage "$pkgname" -dynimport "$obj/_cgo_.o" -dynout "$obj/_cgo_import.go"

gofiles=("${plain[@]}" "$obj/_cgo_gotypes.go" "$obj"/*.cgo1.go "$obj/_cgo_import.go")
# The package's own Go files are checked (cgo's generated ones import only
# what cgo needs of the standard library).
go_importcfg "$fipstool" "$work/importcfg" "$std" "$std_packages" --deps "$deps" --importer "$importer" \
  --package "$label" "${imports_out[@]}" "${srcs[@]}"
# The package's own files (and the //line directives cgo writes for them)
# by their exec-root-relative paths, as in compile.sh; cgo's generated ones
# by their names.
trim="$(go_trimpath "$exec_root" "$obj=>;$exec_root=>" "${srcs[@]}")"
"$compile" -o "$export" -linkobj "$out" -importcfg "$work/importcfg" -trimpath "$trim" -nolocalimports -pack "${flags[@]}" "${gofiles[@]}"
go_pack "$out" "${objs[@]}"
# A program is not importable (see compile.sh); a go_test's internal test
# package is, by its own external tests.
if [ "$pkgname" = main ] && [ ${#tests[@]} -eq 0 ]; then
  printf 'fips: not importable: package main\n' >"$export"
fi
