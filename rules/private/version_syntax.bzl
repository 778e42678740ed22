"""Syntax of a GOFIPS140 value, as the go command checks it before resolving.

The union of what Go 1.24 through 1.27 accept: Go 1.24/1.25 take `vX.Y.Z` and
`vX.Y.Z-<8 chars>`; Go 1.26+ take `v1.Y.Z`, `v1.Y.Z-<8 chars>` and
`v1.Y.Z-rcN`. Which of these a given SDK accepts is decided when the value is
resolved against that SDK.
"""

ACCEPTED_FORMS = "off, latest, inprocess, certified, or a version vX.Y.Z, vX.Y.Z-<8 characters> or vX.Y.Z-rcN (for example v1.0.0, v1.26.0, v1.0.0-c2097c7c)"

_NAMED = {
    "off": "off",
    "latest": "latest",
    "inprocess": "alias",
    "certified": "alias",
}

_DIGITS = "0123456789"

def _cut_number(s):
    """Returns (rest, ok) after a leading run of decimal digits."""
    i = 0
    for c in s.elems():
        if c not in _DIGITS:
            break
        i += 1
    return s[i:], i > 0

def _is_version(v):
    if not v.startswith("v"):
        return False
    rest = v[1:]
    for i in range(3):
        rest, ok = _cut_number(rest)
        if not ok:
            return False
        if i < 2:
            if not rest.startswith("."):
                return False
            rest = rest[1:]
    if rest == "":
        return True
    if rest.startswith("-rc"):
        digits, ok = _cut_number(rest[3:])
        if ok and digits == "":
            return True
    return rest.startswith("-") and len(rest) == 9

def _syntax_error(value):
    """Why `value` is not a GOFIPS140 value, or None."""
    if value in _NAMED:
        return None
    if value == "":
        return "it is empty"
    if "/" in value or "\\" in value or ".." in value:
        return "it contains '/', '\\' or '..'"
    if not _is_version(value):
        return "it is not one of the accepted forms"
    return None

def malformed_version_message(what, value):
    """The message for a malformed GOFIPS140 value given by `what` (the flag,
    or an attribute of a named target), or None when `value` is well formed."""
    why = _syntax_error(value)
    if not why:
        return None
    return "malformed %s value %r: %s. Accepted: %s." % (what, value, why, ACCEPTED_FORMS)

def classify_version(value):
    """Checks a `--@fips//:version` value.

    Args:
      value: the flag's string value.

    Returns:
      (kind, error): kind is `off`, `latest`, `alias` or `version` and error is
      None; or kind is None and error is a message naming the value and the
      accepted forms.
    """
    error = malformed_version_message("--@fips//:version", value)
    if error:
        return None, error
    return _NAMED.get(value, "version"), None
