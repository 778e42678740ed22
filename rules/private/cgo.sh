#!/usr/bin/env bash
# Compile one Go package that uses cgo, with the steps go build runs (as
# `go build -x` shows them):
#   cgo.sh FIPSTOOL BUILDCONTEXT LABEL COMPILE CGO CC GOARCH STD_IMPORTCFG DEPS_IMPORTCFG OUT_EXPORT
#          OUT_LINKOBJ IMPORTPATH LDFLAGS_FILE EXPORT_HEADER CFLAGS_FILE [COMPILER FLAGS...] -- GO_SRCS... -- C_SRCS...
# CFLAGS_FILE: one C flag a line (the -I/-iquote/-isystem/-D of cdeps).
# EXPORT_HEADER: empty, or (c-archive, c-shared) where cgo writes the C
# header of the package's //export functions (empty when it has none).
# 1. fipstool applies the build constraints to the Go and C sources (cgo on:
#    file name suffixes, //go:build lines, as go build does for both);
# 2. `cgo` translates the files that import "C" (-objdir, -importpath, the
#    package's link flags as //go:cgo_ldflag directives);
# 3. the C compiler compiles the generated C files and the package's own;
# 4. they are linked into _cgo_.o, from which `cgo -dynimport` writes the
#    package's dynamic imports (_cgo_import.go);
# 5. the compiler compiles the Go files, the generated ones included (no
#    -complete: the package has non-Go code), and the C objects are appended
#    to its linker object as go build's `pack r` does to its archive (the SDK
#    has no pack tool).
set -euo pipefail
source "$(dirname "$0")/go_common.sh"
fipstool="$1" context="$2" label="$3" compile="$4" cgo="$5" cc="$6" goarch="$7"
std="$8" deps="$9" export="${10}" out="${11}" importpath="${12}" ldflags_file="${13}" export_header="${14}"
cflags_file="${15}"
shift 15
flags=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  [ "$1" = "-complete" ] || flags+=("$1")
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

"$fipstool" gofiles --context "$context" --package "$label" --out "$work/srcs" --cgo-out "$work/cgo_srcs" \
  "${gosrcs[@]}" "${csrcs[@]}"
mapfile -t kept <"$work/srcs"
declare -A imports_c=()
while IFS= read -r f; do imports_c[$f]=1; done <"$work/cgo_srcs"
srcs=() csrcs=() cgofiles=() plain=()
for f in "${kept[@]}"; do
  case "$f" in
    *.go)
      srcs+=("$f")
      if [ -n "${imports_c[$f]:-}" ]; then cgofiles+=("$exec_root/$f"); else plain+=("$exec_root/$f"); fi ;;
    *) csrcs+=("$f") ;;
  esac
done
if [ ${#cgofiles[@]} -eq 0 ]; then
  echo "$label: cgo = True, but no Go source imports \"C\"" >&2
  exit 1
fi
pkgdir="$(dirname "${cgofiles[0]}")"
pkgname="$(sed -n 's/^package[[:space:]]\{1,\}\([A-Za-z0-9_]\{1,\}\).*/\1/p' "${cgofiles[0]}" | head -n1)"

case "$goarch" in amd64) machine=(-m64) ;; 386) machine=(-m32) ;; *) machine=() ;; esac
# go build's C flags for cgo (cmd/go/internal/work: ccompilerCmd, cgo): PIC,
# threads, paths of the work directory and the exec root trimmed.
# cgo runs the C compiler from the package directory: include directories
# become absolute.
dep_cflags=()
while IFS= read -r f; do
  case "$f" in
    -I/* | -iquote/* | -isystem/* | -D*) dep_cflags+=("$f") ;;
    -I*) dep_cflags+=("-I$exec_root/${f#-I}") ;;
    -iquote*) dep_cflags+=("-iquote$exec_root/${f#-iquote}") ;;
    -isystem*) dep_cflags+=("-isystem$exec_root/${f#-isystem}") ;;
    ?*) dep_cflags+=("$f") ;;
  esac
done <"$cflags_file"
cflags=(-I "$pkgdir" "${dep_cflags[@]}" -fPIC "${machine[@]}" -pthread -fmessage-length=0 "-ffile-prefix-map=$obj=/tmp/go-build"
  -gno-record-gcc-switches -I "$obj/" -O2 -g "-ffile-prefix-map=$exec_root=.")

ldflags=""
while IFS= read -r f; do
  [ -n "$f" ] && ldflags+="${ldflags:+ }\"$f\""
done <"$exec_root/$ldflags_file"

header_flag=()
[ -z "$export_header" ] || header_flag=("-exportheader=$exec_root/$export_header")
(cd "$pkgdir" && "$exec_root/$cgo" -objdir "$obj/" -importpath "$importpath" "${header_flag[@]}" \
  ${ldflags:+"-ldflags=$ldflags"} -- -I "$obj/" "${dep_cflags[@]}" -O2 -g "${cgofiles[@]##*/}")
if [ -n "$export_header" ] && [ ! -e "$exec_root/$export_header" ]; then
  : >"$exec_root/$export_header"
fi

objs=()
n=0
for c in "$obj/_cgo_export.c" "$obj"/*.cgo2.c "${csrcs[@]/#/$exec_root/}"; do
  n=$((n + 1))
  o="$obj/_x$(printf %03d "$n").o"
  "$cc" "${cflags[@]}" -o "$o" -c "$c"
  objs+=("$o")
done
"$cc" "${cflags[@]}" -o "$obj/_cgo_main.o" -c "$obj/_cgo_main.c"
# shellcheck disable=SC2086
"$cc" "${cflags[@]}" -o "$obj/_cgo_.o" "$obj/_cgo_main.o" "${objs[@]}" -O2 -g $(cat "$exec_root/$ldflags_file")
"$exec_root/$cgo" -dynpackage "$pkgname" -dynimport "$obj/_cgo_.o" -dynout "$obj/_cgo_import.go"

gofiles=("${plain[@]}" "$obj/_cgo_gotypes.go" "$obj"/*.cgo1.go "$obj/_cgo_import.go")
go_importcfg "$work/importcfg" "$std" "$deps"
# The package's own files (and the //line directives cgo writes for them)
# by their exec-root-relative paths, as in compile.sh; cgo's generated ones
# by their names.
trim="$(go_trimpath "$exec_root" "$obj=>;$exec_root=>" "${srcs[@]}")"
"$compile" -o "$export" -linkobj "$out" -importcfg "$work/importcfg" -trimpath "$trim" -nolocalimports -pack "${flags[@]}" "${gofiles[@]}"
# cmd/go/internal/work (gcToolchain.pack): one ar entry per object, named by
# its base name, with zero time, owner and group and mode 0644.
for o in "${objs[@]}"; do
  size="$(stat -c %s "$o")"
  printf '%-16.16s%-12d%-6d%-6d%-8o%-10d`\n' "${o##*/}" 0 0 0 420 "$size" >>"$out"
  cat "$o" >>"$out"
  [ $((size % 2)) -eq 0 ] || printf '\n' >>"$out"
done
