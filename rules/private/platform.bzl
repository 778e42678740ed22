"""GOOS/GOARCH of the target platform, from its @platforms constraints."""

_OS = {
    "linux": "linux",
    "macos": "darwin",
    "windows": "windows",
    "freebsd": "freebsd",
    "openbsd": "openbsd",
    "netbsd": "netbsd",
    "android": "android",
    "ios": "ios",
    "wasi": "wasip1",
}

_CPU = {
    "x86_64": "amd64",
    "aarch64": "arm64",
    "x86_32": "386",
    "armv7": "arm",
    "riscv64": "riscv64",
    "ppc64le": "ppc64le",
    "s390x": "s390x",
    "wasm32": "wasm",
}

# Implicit attributes every rule that needs the target platform carries.
PLATFORM_ATTRS = dict(
    [("_os_" + k, attr.label(default = Label("@platforms//os:" + k))) for k in _OS] +
    [("_cpu_" + k, attr.label(default = Label("@platforms//cpu:" + k))) for k in _CPU],
)

def target_goos_goarch(ctx):
    """Returns (goos, goarch) for the target platform, or fails naming what is missing."""
    goos = None
    goarch = None
    for k, v in _OS.items():
        if ctx.target_platform_has_constraint(getattr(ctx.attr, "_os_" + k)[platform_common.ConstraintValueInfo]):
            goos = v
    for k, v in _CPU.items():
        if ctx.target_platform_has_constraint(getattr(ctx.attr, "_cpu_" + k)[platform_common.ConstraintValueInfo]):
            goarch = v
    if not goos or not goarch:
        fail("the target platform has no Go equivalent: it needs an @platforms//os constraint among %s and an @platforms//cpu constraint among %s" %
             (sorted(_OS.keys()), sorted(_CPU.keys())))
    return goos, goarch

# The per-architecture level variable go build records (cmd/go records it
# with the toolchain default when unset).
ARCH_LEVEL = {
    "amd64": ("GOAMD64", "v1"),
    "arm64": ("GOARM64", "v8.0"),
    "386": ("GO386", "sse2"),
    "arm": ("GOARM", "7"),
    "riscv64": ("GORISCV64", "rva20u64"),
    "ppc64le": ("GOPPC64", "power8"),
    "wasm": ("GOWASM", ""),
}

def asm_defines(goos, goarch):
    """The -D definitions go build gives the assembler for GOOS/GOARCH at its
    default architecture level (cmd/go/internal/work asmArgs): arm also
    defines every lower GOARM, ppc64 every lower power level."""
    defines = ["GOOS_" + goos, "GOARCH_" + goarch]
    if goarch == "arm":
        defines += ["GOARM_7", "GOARM_6", "GOARM_5"]
    elif goarch in ("ppc64", "ppc64le"):
        defines.append("GOPPC64_power8")
    elif goarch in ("mips", "mipsle"):
        defines.append("GOMIPS_hardfloat")
    elif goarch in ("mips64", "mips64le"):
        defines.append("GOMIPS64_hardfloat")
    elif goarch != "arm64":
        level = ARCH_LEVEL.get(goarch)
        if level and level[1]:
            defines.append("%s_%s" % level)
    return [f for d in defines for f in ("-D", d)]
