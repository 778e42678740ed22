"""Pure parsers for the facts a Go SDK records in its own files.

Everything here is a plain function of strings, so that the repository rules
(which read the files at fetch time) and the unit tests (which feed them
fixtures) share one implementation. Each parser returns `(value, error)`:
`error` is None or a message naming what is wrong; callers add where.
"""

_HEX = "0123456789abcdef"
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

# Starlark has no while loop: scanners iterate over a range this large and
# stop early. No SDK file comes anywhere near it.
_MAX_STEPS = 1 << 22

def parse_version_file(content):
    """The Go version of a GOROOT's `VERSION` file.

    Args:
      content: the file's text. Its first line is e.g. `go1.26.6`; later lines
        (`time ...`) are build metadata.

    Returns:
      (version without the `go` prefix, e.g. "1.26.6"; error)
    """
    first = content.split("\n")[0].strip()
    if not first:
        return None, "VERSION is empty"
    if first.startswith("go"):
        return first[2:], None

    # A development toolchain says `devel go1.27-abcdef ...`: keep it whole,
    # the rules refuse versions they cannot order.
    return first, None

def is_sha256_hex(s):
    if len(s) != 64:
        return False
    for c in s.elems():
        if c not in _HEX:
            return False
    return True

def _fields(line):
    """Go's strings.Fields for ASCII white space (Starlark's split needs a separator)."""
    for ws in "\t\r\v\f".elems():
        line = line.replace(ws, " ")
    return [f for f in line.split(" ") if f]

def parse_sum_file(content):
    """`lib/fips140/fips140.sum`: the SDK's checksums of its snapshot zips.

    Go 1.24-1.26 write `NAME SHA256HEX`; Go 1.27 adds a third column, the h1
    module-zip hash. `#` starts a comment line; blank lines are ignored.

    Args:
      content: the file's text.

    Returns:
      (dict: zip file name (e.g. `v1.26.0.zip`) -> struct(sha256, h1 or None); error)
    """
    sums = {}
    for lineno, raw in enumerate(content.split("\n")):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = _fields(line)
        where = "fips140.sum line %d" % (lineno + 1)
        if len(fields) not in (2, 3):
            return None, "%s: want `NAME SHA256` or `NAME SHA256 h1:HASH`, got %r" % (where, line)
        name, sha = fields[0], fields[1]
        if not name.endswith(".zip") or "/" in name or "\\" in name:
            return None, "%s: %r is not a zip file name" % (where, name)
        if not is_sha256_hex(sha):
            return None, "%s: %r is not a lowercase hex SHA-256" % (where, sha)
        h1 = None
        if len(fields) == 3:
            h1 = fields[2]
            if not h1.startswith("h1:") or len(h1) != 47:
                return None, "%s: %r is not an h1 hash (h1: and 44 base64 characters)" % (where, h1)
        if name in sums:
            return None, "%s: %s is listed twice" % (where, name)
        sums[name] = struct(sha256 = sha, h1 = h1)
    return sums, None

def parse_alias_file(content):
    """A `lib/fips140/<alias>.txt` file: one line naming a snapshot.

    The go command reads the whole file and trims white space
    (`strings.TrimSpace`), so this does the same.

    Returns:
      (target version, e.g. "v1.0.0-c2097c7c"; error)
    """
    v = content.strip(" \t\r\n\v\f")
    if not v:
        return None, "the alias file is empty"
    if "\n" in v or " " in v:
        return None, "the alias file has more than one word: %r" % v
    return v, None

# --- GOEXPERIMENT names (internal/goexperiment, internal/buildcfg) ------

_IDENT_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
_IDENT = _IDENT_START + "0123456789"

def _is_ident(s):
    if not s or s[0] not in _IDENT_START.elems():
        return False
    for c in s.elems():
        if c not in _IDENT.elems():
            return False
    return True

def parse_goexperiment_names(flags_go, exp_go):
    """The GOEXPERIMENT names an SDK accepts, as its own
    internal/buildcfg.ParseGOEXPERIMENT builds them: the field names of
    `type Flags struct` in `src/internal/goexperiment/flags.go`, lower-cased,
    and the aliases `src/internal/buildcfg/exp.go` adds (`names["regabi"] =`).

    Args:
      flags_go: the text of flags.go.
      exp_go: the text of exp.go.

    Returns:
      (sorted list of names; error)
    """
    names = {}
    lines = flags_go.split("\n")
    start = None
    for i, line in enumerate(lines):
        if line.strip() == "type Flags struct {":
            start = i + 1
            break
    if start == None:
        return None, "flags.go has no `type Flags struct {`"
    end = None
    for i in range(start, len(lines)):
        line = lines[i].split("//")[0].strip()
        if line == "}":
            end = i
            break
        if not line:
            continue
        fields = _fields(line)

        # `Name bool` or `A, B bool`: every field is a bool, which buildcfg
        # sets by reflection.
        if len(fields) < 2 or fields[-1] != "bool":
            return None, "flags.go:%d: not a bool field of Flags: %r" % (i + 1, lines[i].strip())
        for name in " ".join(fields[:-1]).split(","):
            name = name.strip()
            if not _is_ident(name):
                return None, "flags.go:%d: not a field name: %r" % (i + 1, name)
            names[name.lower()] = True
    if end == None:
        return None, "flags.go: `type Flags struct` does not end"
    if not names:
        return None, "flags.go: Flags has no fields"
    for line in exp_go.split("\n"):
        line = line.strip()
        if line.startswith("names[\"") and "\"] = " in line:
            names[line[len("names[\""):line.index("\"] = ")]] = True
    return sorted(names.keys()), None

# --- Go module zip hashes (golang.org/x/mod/sumdb/dirhash) ---------------

def dirhash_summary(file_sums):
    """The text that dirhash's Hash1 hashes.

    Args:
      file_sums: dict: full zip entry name -> lowercase hex SHA-256 of its content.

    Returns:
      (the summary: one `SHA256  NAME\\n` line per file, names sorted bytewise; error)
    """
    lines = []
    for name in sorted(file_sums.keys()):
        if "\n" in name:
            return None, "file name %r contains a newline" % name
        lines.append("%s  %s\n" % (file_sums[name], name))
    return "".join(lines), None

def h1_from_sha256_hex(hexsum):
    """`h1:` + standard base64 (with padding) of the 32-byte digest written as hex."""
    if not is_sha256_hex(hexsum):
        fail("not a SHA-256: %r" % hexsum)
    data = [_HEX.index(hexsum[i]) * 16 + _HEX.index(hexsum[i + 1]) for i in range(0, 64, 2)]
    out = []
    for i in range(0, len(data), 3):
        chunk = data[i:i + 3]
        pad = 3 - len(chunk)
        chunk = chunk + [0] * pad
        v = chunk[0] * 65536 + chunk[1] * 256 + chunk[2]
        quad = [_B64[(v // (1 << (18 - 6 * k))) % 64] for k in range(4)]
        if pad:
            quad = quad[:4 - pad] + ["="] * pad
        out.extend(quad)
    return "h1:" + "".join(out)

def goproxy_urls(goproxy, module_path, filename):
    """The URLs to try for `<module_path>/@v/<filename>` under a GOPROXY list.

    GOPROXY is a list of proxy URLs separated by `,` or `|`; `direct` and `off`
    are keywords (no proxy, no network). The go command tries them in order;
    so does Bazel's downloader (on any error, which covers Go's 404/410 rule).

    Returns:
      (list of URLs; error)
    """
    urls = []
    for entry in goproxy.replace("|", ",").split(","):
        entry = entry.strip()
        if not entry or entry in ("direct", "off"):
            continue
        if "://" not in entry:
            # Go accepts a bare host, meaning https.
            entry = "https://" + entry
        urls.append("%s/%s/@v/%s" % (entry.rstrip("/"), module_path, filename))
    if not urls:
        return None, "GOPROXY=%r names no proxy URL (`direct` and `off` cannot fetch a toolchain module)" % goproxy
    return urls, None

# --- Platforms ----------------------------------------------------------

GOOS_CONSTRAINTS = {
    "android": "@platforms//os:android",
    "darwin": "@platforms//os:macos",
    "freebsd": "@platforms//os:freebsd",
    "ios": "@platforms//os:ios",
    "linux": "@platforms//os:linux",
    "netbsd": "@platforms//os:netbsd",
    "openbsd": "@platforms//os:openbsd",
    "windows": "@platforms//os:windows",
}

GOARCH_CONSTRAINTS = {
    "386": "@platforms//cpu:x86_32",
    "amd64": "@platforms//cpu:x86_64",
    "arm": "@platforms//cpu:armv7",
    "arm64": "@platforms//cpu:aarch64",
    "loong64": "@platforms//cpu:loongarch64",
    "ppc64le": "@platforms//cpu:ppc64le",
    "riscv64": "@platforms//cpu:riscv64",
    "s390x": "@platforms//cpu:s390x",
}

def host_goos_goarch(os_name, os_arch):
    """GOOS and GOARCH of the machine Bazel runs on, from `repository_os`.

    Returns:
      (goos, goarch, error)
    """
    name = os_name.lower()
    if name.startswith("linux"):
        goos = "linux"
    elif name.startswith("mac os") or name.startswith("darwin"):
        goos = "darwin"
    elif name.startswith("windows"):
        goos = "windows"
    elif name.startswith("freebsd"):
        goos = "freebsd"
    elif name.startswith("openbsd"):
        goos = "openbsd"
    elif name.startswith("netbsd"):
        goos = "netbsd"
    else:
        return None, None, "unknown host OS %r" % os_name
    goarch = {
        "amd64": "amd64",
        "x86_64": "amd64",
        "aarch64": "arm64",
        "arm64": "arm64",
        "x86": "386",
        "i386": "386",
        "i686": "386",
        "arm": "arm",
        "ppc64le": "ppc64le",
        "s390x": "s390x",
        "riscv64": "riscv64",
        "loongarch64": "loong64",
    }.get(os_arch.lower())
    if not goarch:
        return None, None, "unknown host CPU %r" % os_arch
    return goos, goarch, None

def exec_constraints(goos, goarch):
    """The @platforms constraints of a machine that can run GOOS/GOARCH tools: (list, error)."""
    os_c = GOOS_CONSTRAINTS.get(goos)
    cpu_c = GOARCH_CONSTRAINTS.get(goarch)
    if not os_c or not cpu_c:
        return None, "no @platforms constraint for %s/%s (known GOOS: %s; GOARCH: %s)" % (
            goos,
            goarch,
            ", ".join(sorted(GOOS_CONSTRAINTS.keys())),
            ", ".join(sorted(GOARCH_CONSTRAINTS.keys())),
        )
    return [os_c, cpu_c], None

def archive_basename(version, goos, goarch):
    """The official distribution file name, e.g. `go1.26.6.linux-amd64.tar.gz`."""
    return "go%s.%s-%s.%s" % (version, goos, goarch, "zip" if goos == "windows" else "tar.gz")

def expand_url_template(template, version, goos, goarch):
    """Fills `{version}`, `{goos}`, `{goarch}` and `{filename}` in a download URL template."""
    return template.format(
        version = version,
        goos = goos,
        goarch = goarch,
        filename = archive_basename(version, goos, goarch),
    )
