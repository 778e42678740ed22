"""Import paths as cmd/go checks them: their syntax, the paths reserved for
the standard library, and one package per path in a program.

The compiler and linker take whatever import path they are given; go build
refuses a malformed one, never lets another package stand in for a standard
one, and cannot even express two packages with one path. The Go rules make
the same checks at analysis, naming the target; `fipstool importcfg`
repeats the ones that matter for FIPS in every action, whatever the
importcfg lines say.
"""

load(":actions.bzl", "label_text")
load(":providers.bzl", "GoArchiveInfo")

# Windows' reserved device names: no path element may be one, whatever
# follows its first dot (x/mod's module.CheckImportPath).
_BAD_WINDOWS_NAMES = ["CON", "PRN", "AUX", "NUL"] + ["COM%d" % i for i in range(1, 10)] + ["LPT%d" % i for i in range(1, 10)]

_PATH_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+"

def _quote_char(c):
    """A character as Go's %q prints a rune (`'\\n'`, `'\\x01'`)."""
    if c == "'":
        return "'\\''"
    if c == "\"":
        return "'\"'"
    quoted = json.encode(c)[1:-1]
    if quoted.startswith("\\u00"):
        return "'\\x%s'" % quoted[4:].lower()
    return "'%s'" % quoted

def _elem_error(elem):
    if not elem:
        return "empty path element"
    if elem.replace(".", "") == "":
        return "invalid path element \"%s\"" % elem
    if elem.endswith("."):
        return "trailing dot in path element"
    for c in elem.elems():
        if c not in _PATH_CHARS:
            return "invalid char " + _quote_char(c)
    short = elem.partition(".")[0]
    if short.upper() in _BAD_WINDOWS_NAMES:
        return "\"%s\" disallowed as path element component on Windows" % short
    tilde = short.rfind("~")
    if tilde >= 0 and tilde < len(short) - 1 and short[tilde + 1:].isdigit():
        return "trailing tilde and digits in path element"
    return None

def import_path_error(path):
    """Why `path` is not a valid import path, in x/mod's words
    (`malformed import path "a//b": double slash`), or None."""
    reason = None
    if not path:
        reason = "empty string"
    elif path.startswith("-"):
        reason = "leading dash"
    elif "//" in path:
        reason = "double slash"
    elif path.endswith("/"):
        reason = "trailing slash"
    else:
        for elem in path.split("/"):
            reason = _elem_error(elem)
            if reason:
                break
    if not reason:
        return None
    return "malformed import path %s: %s" % (json.encode(path), reason)

def _has_path_prefix(path, prefix):
    return path == prefix or path.startswith(prefix + "/")

def std_reservation(path, std_packages):
    """Why `path` belongs to the standard library (so no go_library may
    have it), or None. `std_packages`: dict of the SDK's package paths."""
    if path in std_packages:
        return "it is a package of the Go standard library"
    for prefix in ["crypto/internal/fips140", "internal", "vendor"]:
        if _has_path_prefix(path, prefix):
            return "it is below %s, which only the Go standard library may hold" % prefix
    elems = path.split("/")
    for i in range(1, len(elems)):
        if elems[i] == "internal" and "/".join(elems[:i]) in std_packages:
            return "it is an internal package of the standard library's %s" % "/".join(elems[:i])
    return None

def check_library_importpath(ctx, importpath, std_packages, attr = "importpath"):
    """Fails, naming the target, when `importpath` is malformed or reserved
    for the standard library (go build always resolves a standard path to
    the standard library: no dependency can replace crypto/rand)."""
    err = import_path_error(importpath)
    if err:
        fail("%s: %s = %s: %s" % (label_text(ctx.label), attr, json.encode(importpath), err))
    reserved = std_reservation(importpath, std_packages)
    if reserved:
        fail(("%s: %s = %s: %s. go build always uses the standard library's package for a standard " +
              "import path, so no other package may take it; choose an import path of your own module") %
             (label_text(ctx.label), attr, json.encode(importpath), reserved))

def _split_entry(entry):
    importmap, importpath, label = entry.split("\n")[:3]
    return importmap, importpath, label

def _chain(roots, want):
    """The dependency chain from one of `roots` (GoArchiveInfo targets) to
    the target labelled `want`: a list of labels, found breadth first."""
    todo = [(t, [label_text(t.label)]) for t in roots]
    seen = {}
    for _ in range(1000000):
        if not todo:
            break
        target, path = todo.pop(0)
        name = label_text(target.label)
        if name == want:
            return path
        if name in seen:
            continue
        seen[name] = True
        todo += [(d, path + [label_text(d.label)]) for d in target[GoArchiveInfo].deps]
    return [want]

def check_one_package_per_path(ctx, packages, roots, std_folded, allowed = {}):
    """Fails, before anything links, when two different targets would link
    under one import path (rules_go: "package conflict"), or when two
    import paths differ only in case (go build: "case-insensitive import
    collision"). `packages`: the flattened transitive_packages; `roots`: the
    dependency targets they came through (for the chains in the message);
    `std_folded`: the standard library's paths by lower-case form;
    `allowed`: importmap -> label of a package the program compiles itself
    (a go_test's package under test, which takes the place of that library
    where a dependency brings it)."""
    by_path = {}
    by_fold = {}
    for entry in packages:
        importmap, importpath, label = _split_entry(entry)
        other = by_path.get(importmap) or allowed.get(importmap)
        if other and other != label:
            fail(("%s: two different packages would link as %s:\n" +
                  "  %s (via %s)\n  %s (via %s)\n" +
                  "a program has one package per import path: depend on one of them, or give a vendored copy " +
                  "its own importmap") % (
                label_text(ctx.label),
                json.encode(importmap),
                other,
                " -> ".join(_chain(roots, other)),
                label,
                " -> ".join(_chain(roots, label)),
            ))
        by_path[importmap] = label
        folded = importmap.lower()
        clash = by_fold.get(folded) or std_folded.get(folded)
        if clash and clash != importmap:
            fail("%s: case-insensitive import collision: %s and %s (%s)" % (
                label_text(ctx.label),
                json.encode(clash),
                json.encode(importmap),
                label,
            ))
        by_fold[folded] = importmap
