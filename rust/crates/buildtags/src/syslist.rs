//! The operating systems and architectures go/build knows by name
//! (`internal/syslist`): file name suffixes are matched against these lists
//! only, and `unix` holds for the Unix systems.

/// Every GOOS that is, was or will be known; used for file name suffixes.
pub const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

/// The GOOS values the `unix` tag holds for (not used for file names).
pub const UNIX_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "linux",
    "netbsd",
    "openbsd",
    "solaris",
];

/// Every GOARCH that is, was or will be known; used for file name suffixes.
pub const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

pub fn known_os(name: &str) -> bool {
    KNOWN_OS.contains(&name)
}

pub fn known_arch(name: &str) -> bool {
    KNOWN_ARCH.contains(&name)
}

pub fn unix_os(name: &str) -> bool {
    UNIX_OS.contains(&name)
}
