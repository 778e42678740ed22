"""The go command's settings for fetching modules, read as the go command
reads them: the environment first, then the user's `go env -w` file, then
the SDK's own `go.env` (where a Go distribution sets its default GOPROXY).
The rule set itself names no proxy."""

# What fetching modules depends on (docs/dependencies.md). (GOFLAGS holds no
# setting of the module proxy protocol; GONOSUMDB and GOSUMDB do not apply:
# go.sum is the check, the checksum database is never asked.)
SETTINGS = ["GOPROXY", "GONOPROXY", "GOPRIVATE"]

def _parse_env_file(text):
    """KEY=VALUE lines of a go env file (`#` comments and blank lines
    skipped)."""
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        out[key.strip()] = value.strip()
    return out

def _user_env_file(mctx):
    """Where `go env -w` writes: $GOENV, else os.UserConfigDir()/go/env."""
    goenv = mctx.getenv("GOENV")
    if goenv == "off":
        return None
    if goenv:
        return goenv
    if "windows" in mctx.os.name.lower():
        appdata = mctx.getenv("AppData")
        return appdata + "\\go\\env" if appdata else None
    home = mctx.getenv("HOME")
    if "mac" in mctx.os.name.lower():
        return home + "/Library/Application Support/go/env" if home else None
    config = mctx.getenv("XDG_CONFIG_HOME") or (home + "/.config" if home else None)
    return config + "/go/env" if config else None

def go_env(mctx, sdk_go_env):
    """The module-fetching settings: dict of SETTINGS -> value, and where
    GOPROXY came from (for messages). `sdk_go_env`: a Label of the default
    SDK's go.env, read only when the environment and the user's file leave
    GOPROXY unset."""
    values = {}
    origin = {}
    user_file = _user_env_file(mctx)
    user = {}
    if user_file and mctx.path(user_file).exists:
        user = _parse_env_file(mctx.read(mctx.path(user_file)))
    for key in SETTINGS:
        if mctx.getenv(key):
            values[key] = mctx.getenv(key)
            origin[key] = "the environment"
        elif user.get(key):
            values[key] = user[key]
            origin[key] = user_file
    if not values.get("GOPROXY"):
        sdk = _parse_env_file(mctx.read(mctx.path(sdk_go_env)))
        for key in SETTINGS:
            if key not in values and sdk.get(key):
                values[key] = sdk[key]
                origin[key] = "the Go SDK's go.env"
    # The go command's rule: GONOPROXY defaults to GOPRIVATE.
    if not values.get("GONOPROXY") and values.get("GOPRIVATE"):
        values["GONOPROXY"] = values["GOPRIVATE"]
        origin["GONOPROXY"] = origin["GOPRIVATE"] + " (GOPRIVATE)"
    return values, origin
