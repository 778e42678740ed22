"""Semantic versions as Go modules use them (golang.org/x/mod/semver):
`vMAJOR[.MINOR[.PATCH]][-PRERELEASE][+BUILD]`, compared by precedence."""

def _split(v):
    """(major, minor, patch, prerelease) of a canonical-enough version, or
    None when it is not one."""
    if not v.startswith("v"):
        return None
    core = v[1:].partition("+")[0]
    core, _, pre = core.partition("-")
    nums = core.split(".")
    if len(nums) > 3 or not all([n.isdigit() for n in nums]):
        return None
    nums = [int(n) for n in nums] + [0] * (3 - len(nums))
    return nums[0], nums[1], nums[2], pre

def is_valid(v):
    return _split(v) != None

def _compare_pre(a, b):
    """Prerelease precedence: none is higher than any; identifiers compared
    numerically when both are numbers, numbers lower than words."""
    if a == b:
        return 0
    if not a:
        return 1
    if not b:
        return -1
    xs, ys = a.split("."), b.split(".")
    for i in range(min(len(xs), len(ys))):
        x, y = xs[i], ys[i]
        if x == y:
            continue
        if x.isdigit() and y.isdigit():
            if len(x) != len(y):
                return -1 if len(x) < len(y) else 1
            return -1 if x < y else 1
        if x.isdigit() != y.isdigit():
            return -1 if x.isdigit() else 1
        return -1 if x < y else 1
    return -1 if len(xs) < len(ys) else (1 if len(xs) > len(ys) else 0)

def compare(a, b):
    """-1, 0 or 1 as a is lower than, equal to or higher than b; an invalid
    version is lower than every valid one (x/mod/semver.Compare)."""
    x, y = _split(a), _split(b)
    if x == None or y == None:
        if x == y:
            return 0
        return -1 if x == None else 1
    for i in range(3):
        if x[i] != y[i]:
            return -1 if x[i] < y[i] else 1
    return _compare_pre(x[3], y[3])

def max_version(a, b):
    return b if compare(b, a) > 0 else a
