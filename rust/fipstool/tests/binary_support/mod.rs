//! Shared helpers of the binary_* integration tests: genuine Go fixtures
//! built at test time with the test bed's SDKs, and ways to run them.
//!
//! A fixture is a small Go program (sha256, hmac, ecdsa, and a print of
//! `crypto/fips140.Enabled()`) built with one SDK, GOOS/GOARCH, GOFIPS140,
//! build mode and linker flags. Fixtures are cached under
//! `CARGO_TARGET_TMPDIR/binary-fixtures/<key>` (the key hashes every input),
//! and the Go build cache is persistent (`$FIPS_CACHE/gocache/<sdk>`), so a
//! warm run only re-runs tests. A missing SDK fails the test with a message
//! to run `e2e/testbed/go-sdks`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

pub const SDKS: [&str; 4] = ["go1.24.11", "go1.25.5", "go1.26.6", "go1.27.3"];
/// The SDK that gets the full matrix.
pub const FULL: &str = "go1.26.6";

const MAIN_GO: &str = r#"package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/fips140"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"

	"example.com/helper"
)

var note = "default"

func work() (enabled, ok bool) {
	sum := sha256.Sum256([]byte("fips fixture"))
	mac := hmac.New(sha256.New, []byte("key"))
	mac.Write(sum[:])
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fips140.Enabled(), false
	}
	sig, err := ecdsa.SignASN1(rand.Reader, key, sum[:])
	if err != nil {
		return fips140.Enabled(), false
	}
	return fips140.Enabled(), ecdsa.VerifyASN1(&key.PublicKey, sum[:], sig) && len(mac.Sum(nil)) == 32
}

func main() {
	enabled, ok := work()
	fmt.Printf("fips140.Enabled=%v ok=%v note=%s %s\n", enabled, ok, note, helper.Name())
}
"#;

const EXPORT_GO: &str = r#"package main

import "C"

//export FipsSelfTest
func FipsSelfTest() C.int {
	enabled, ok := work()
	if !ok {
		return -1
	}
	if enabled {
		return 1
	}
	return 0
}
"#;

const GO_MOD: &str = "module example.com/fipsdemo\n\ngo 1.24\n\nrequire example.com/helper v0.0.0\n\nreplace example.com/helper => ./helper\n";
const HELPER_MOD: &str = "module example.com/helper\n\ngo 1.24\n";
const HELPER_GO: &str = "package helper\n\nfunc Name() string { return \"helper\" }\n";
const MAIN_C: &str = r#"#include <stdio.h>
#include "libfipsdemo.h"

int main(void) {
	int r = FipsSelfTest();
	printf("c-archive: FipsSelfTest=%d\n", r);
	return r < 0;
}
"#;

/// Bump when the way fixtures are built changes (part of the cache key).
const RECIPE: &str = "2: -trimpath -buildvcs=false -modcacherw";

/// How to link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Exe,
    Pie,
    /// `-ldflags=-linkmode=external` (gcc + GNU ld).
    External,
    /// `-buildmode=pie -ldflags=-linkmode=external` (GNU ld).
    PieExternal,
    /// `-buildmode=pie` linked externally by lld (`-extldflags=-fuse-ld=lld`).
    PieLld,
    CShared,
    /// `-buildmode=c-archive`, then a C program linked with gcc.
    CArchive,
    /// `-ldflags=-s -w`.
    Stripped,
    /// Internal link writing the HMAC input with `-ldflags=-fipso=FILE`.
    Fipso,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spec {
    pub sdk: &'static str,
    pub goos: &'static str,
    pub goarch: &'static str,
    pub gofips140: &'static str,
    pub mode: Mode,
}

impl Spec {
    pub const fn linux(sdk: &'static str, gofips140: &'static str, mode: Mode) -> Spec {
        Spec {
            sdk,
            goos: "linux",
            goarch: "amd64",
            gofips140,
            mode,
        }
    }

    pub const fn cross(
        sdk: &'static str,
        goos: &'static str,
        goarch: &'static str,
        gofips140: &'static str,
    ) -> Spec {
        Spec {
            sdk,
            goos,
            goarch,
            gofips140,
            mode: Mode::Exe,
        }
    }

    pub fn name(&self) -> String {
        format!(
            "{}-{}-{}-{}-{:?}",
            self.sdk, self.goos, self.goarch, self.gofips140, self.mode
        )
        .to_lowercase()
    }

    /// Whether the fixture runs on this machine (linux/amd64 and not a
    /// shared library).
    pub fn runnable(&self) -> bool {
        self.goos == "linux" && self.goarch == "amd64" && self.mode != Mode::CShared
    }

    /// The GOFIPS140 value the build info records, if any (§1 of the spec).
    pub fn recorded_gofips140(&self) -> Option<&'static str> {
        match self.gofips140 {
            "off" => None,
            "latest" => Some("latest"),
            "inprocess" if self.sdk.starts_with("go1.24") || self.sdk.starts_with("go1.25") => {
                Some("v1.0.0-c2097c7c")
            }
            "inprocess" => Some("v1.26.0"),
            "certified" => Some("v1.0.0-c2097c7c"),
            other => Some(other),
        }
    }

    /// The snapshot version the symbols should reveal (None: in-tree).
    pub fn snapshot(&self) -> Option<&'static str> {
        match self.recorded_gofips140() {
            None | Some("latest") => None,
            v => v,
        }
    }
}

/// The matrix: everything on the full SDK, linux off/latest/inprocess on
/// the others (and certified where it exists).
pub fn matrix() -> Vec<Spec> {
    let mut v = vec![
        Spec::linux(FULL, "off", Mode::Exe),
        Spec::linux(FULL, "latest", Mode::Exe),
        Spec::linux(FULL, "inprocess", Mode::Exe),
        Spec::linux(FULL, "certified", Mode::Exe),
        Spec::linux(FULL, "latest", Mode::Pie),
        Spec::linux(FULL, "latest", Mode::External),
        Spec::linux(FULL, "certified", Mode::PieExternal),
        Spec::linux(FULL, "latest", Mode::PieLld),
        Spec::linux(FULL, "latest", Mode::CShared),
        Spec::linux(FULL, "certified", Mode::CArchive),
        Spec::linux(FULL, "certified", Mode::Stripped),
        Spec::linux(FULL, "latest", Mode::Fipso),
        Spec::cross(FULL, "darwin", "arm64", "latest"),
        Spec::cross(FULL, "windows", "amd64", "certified"),
        Spec::cross(FULL, "windows", "386", "latest"),
        Spec::cross(FULL, "linux", "386", "inprocess"),
        Spec::cross(FULL, "linux", "s390x", "latest"),
    ];
    for sdk in ["go1.24.11", "go1.25.5", "go1.27.3"] {
        for f in ["off", "latest", "inprocess"] {
            v.push(Spec::linux(sdk, f, Mode::Exe));
        }
    }
    v.push(Spec::linux("go1.27.3", "certified", Mode::Exe));
    v
}

pub fn cache_home() -> PathBuf {
    if let Some(cache) = std::env::var_os("FIPS_CACHE").filter(|v| !v.is_empty()) {
        return PathBuf::from(cache);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .expect("neither FIPS_CACHE, XDG_CACHE_HOME nor HOME is set");
    base.join("fips-testbed")
}

/// The directory holding go<version>/: $FIPS_GO_SDKS, else $FIPS_CACHE/sdk,
/// else ~/.cache/fips-testbed/sdk.
pub fn sdk_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("FIPS_GO_SDKS").filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    cache_home().join("sdk")
}

/// The GOROOT of an SDK; a missing SDK fails the test.
pub fn goroot(sdk: &str) -> PathBuf {
    let dir = sdk_root().join(sdk);
    assert!(
        dir.join("bin/go").is_file(),
        "Go SDK {sdk} not found at {}: run e2e/testbed/go-sdks to provision the test-bed SDKs \
         (or point FIPS_GO_SDKS at a directory holding go<version>/)",
        dir.display()
    );
    dir
}

pub fn go_bin(sdk: &str) -> PathBuf {
    goroot(sdk).join("bin/go")
}

fn tmp_root() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("binary-fixtures")
}

/// FNV-1a, for cache keys.
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// A built fixture.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub spec: Spec,
    pub dir: PathBuf,
    /// The program (or shared library) to inspect.
    pub binary: PathBuf,
}

impl Fixture {
    pub fn path(&self) -> &str {
        self.binary.to_str().expect("UTF-8 path")
    }

    /// The HMAC input the linker wrote (Mode::Fipso only).
    pub fn fipso(&self) -> PathBuf {
        self.dir.join("fips.o")
    }

    /// A copy of the binary in a fresh scratch directory, for tests that
    /// modify it.
    pub fn scratch_copy(&self, tag: &str) -> PathBuf {
        let dir = tmp_root()
            .join("scratch")
            .join(format!("{}-{tag}", self.spec.name()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        let to = dir.join(self.binary.file_name().expect("file name"));
        std::fs::copy(&self.binary, &to).expect("copy fixture");
        to
    }
}

static BUILD_LOCK: Mutex<()> = Mutex::new(());

fn go_env(cmd: &mut Command, spec: &Spec, cgo: bool) {
    let scratch = tmp_root().join("go-env");
    // No HOME: without a user configuration directory the go command keeps
    // no telemetry and starts no telemetry process that outlives the build.
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TMPDIR", std::env::temp_dir())
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "")
        .env("GOENV", "off")
        .env("GOTELEMETRY", "off")
        .env("GOWORK", "off")
        .env("GOPATH", scratch.join("gopath"))
        .env("GOMODCACHE", scratch.join(format!("modcache-{}", spec.sdk)))
        .env("GOCACHE", cache_home().join("gocache").join(spec.sdk))
        .env("CGO_ENABLED", if cgo { "1" } else { "0" })
        .env("GOOS", spec.goos)
        .env("GOARCH", spec.goarch)
        .env("GOFIPS140", spec.gofips140);
}

fn run_ok(cmd: &mut Command, what: &str) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn write_sources(dir: &Path, cgo: bool) {
    std::fs::create_dir_all(dir.join("helper")).expect("mkdir");
    std::fs::write(dir.join("go.mod"), GO_MOD).expect("write");
    std::fs::write(dir.join("main.go"), MAIN_GO).expect("write");
    if cgo {
        std::fs::write(dir.join("export.go"), EXPORT_GO).expect("write");
        // Outside the Go package directory, or cgo would compile it.
        std::fs::create_dir_all(dir.join("c")).expect("mkdir");
        std::fs::write(dir.join("c/main.c"), MAIN_C).expect("write");
    }
    std::fs::write(dir.join("helper/go.mod"), HELPER_MOD).expect("write");
    std::fs::write(dir.join("helper/helper.go"), HELPER_GO).expect("write");
}

/// Build (or reuse) the fixture for `spec`.
pub fn fixture(spec: &Spec) -> Fixture {
    let go = go_bin(spec.sdk);
    let key = fnv(&[
        RECIPE,
        &format!("{spec:?}"),
        MAIN_GO,
        EXPORT_GO,
        GO_MOD,
        HELPER_MOD,
        HELPER_GO,
        MAIN_C,
        go.to_str().unwrap_or(""),
    ]);
    let dir = tmp_root().join(format!("{}-{key:016x}", spec.name()));
    let binary_name = match spec.mode {
        Mode::CShared => "libfipsdemo.so",
        Mode::CArchive => "cprog",
        _ if spec.goos == "windows" => "fipsdemo.exe",
        _ => "fipsdemo",
    };
    let fixture = Fixture {
        spec: spec.clone(),
        dir: dir.clone(),
        binary: dir.join(binary_name),
    };
    let _guard = BUILD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    if dir.join("done").is_file() {
        return fixture;
    }
    if spec.mode == Mode::PieLld {
        let found = Command::new("ld.lld")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            found,
            "ld.lld not found: the lld fixture needs it (apt-get install lld)"
        );
    }
    let tmp = tmp_root().join(format!(
        ".tmp-{}-{key:016x}-{}",
        spec.name(),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    let cgo = matches!(
        spec.mode,
        Mode::External | Mode::PieExternal | Mode::PieLld | Mode::CShared | Mode::CArchive
    );
    write_sources(&tmp, cgo);
    // -buildvcs=false: the sources live inside the repository's work tree,
    // whose git state must not leak into (or break) the fixtures.
    let mut args: Vec<String> = vec![
        "build".into(),
        "-trimpath".into(),
        "-buildvcs=false".into(),
        "-modcacherw".into(),
    ];
    let out_name = match spec.mode {
        Mode::CArchive => "libfipsdemo.a",
        _ => binary_name,
    };
    match spec.mode {
        Mode::Exe => {
            if spec.gofips140 == "off" {
                // Exercise build-setting quoting.
                args.push("-ldflags=-X \"main.note=a b\"".into());
            }
        }
        Mode::Pie => args.push("-buildmode=pie".into()),
        Mode::External => args.push("-ldflags=-linkmode=external".into()),
        Mode::PieExternal => {
            args.push("-buildmode=pie".into());
            args.push("-ldflags=-linkmode=external".into());
        }
        Mode::PieLld => {
            args.push("-buildmode=pie".into());
            args.push("-ldflags=-linkmode=external -extldflags=-fuse-ld=lld".into());
        }
        Mode::CShared => args.push("-buildmode=c-shared".into()),
        Mode::CArchive => args.push("-buildmode=c-archive".into()),
        Mode::Stripped => args.push("-ldflags=-s -w".into()),
        Mode::Fipso => args.push(format!("-ldflags=-fipso={}", tmp.join("fips.o").display())),
    }
    args.push("-o".into());
    args.push(out_name.into());
    args.push(".".into());
    let mut cmd = Command::new(&go);
    cmd.args(&args).current_dir(&tmp);
    go_env(&mut cmd, spec, cgo);
    run_ok(&mut cmd, &format!("go build for {}", spec.name()));
    if spec.mode == Mode::CArchive {
        let mut cc = Command::new("gcc");
        cc.args([
            "-I.",
            "-o",
            "cprog",
            "c/main.c",
            "libfipsdemo.a",
            "-lpthread",
        ])
        .current_dir(&tmp);
        run_ok(&mut cc, "gcc link of the c-archive program");
    }
    std::fs::write(tmp.join("done"), format!("{spec:?}\n")).expect("write marker");
    if std::fs::rename(&tmp, &dir).is_err() {
        // Another process got there first: use its copy.
        let _ = std::fs::remove_dir_all(&tmp);
        assert!(
            dir.join("done").is_file(),
            "fixture {} is incomplete",
            dir.display()
        );
    }
    fixture
}

/// Build every fixture of `specs` (serially; 2-core machines).
pub fn fixtures(specs: &[Spec]) -> Vec<Fixture> {
    specs.iter().map(fixture).collect()
}

pub fn fipstool(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fipstool"))
        .args(args)
        .output()
        .expect("run fipstool")
}

/// `go version -m FILE` with the fixture's own SDK.
pub fn go_version_m(sdk: &str, file: &str) -> Output {
    Command::new(go_bin(sdk))
        .args(["version", "-m", file])
        .env("GOTOOLCHAIN", "local")
        .env("GOENV", "off")
        .env("GOFLAGS", "")
        .output()
        .expect("run go version -m")
}

/// Run a program this process just wrote. Another test thread forking at
/// the same moment can briefly hold the file open for writing (ETXTBSY):
/// retry then.
pub fn exec(cmd: &mut Command) -> Output {
    const ETXTBSY: i32 = 26;
    for _ in 0..100 {
        match cmd.output() {
            Err(e) if e.raw_os_error() == Some(ETXTBSY) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            other => return other.expect("run fixture"),
        }
    }
    panic!("{cmd:?}: text file stayed busy");
}

/// Run a native fixture with GODEBUG=fips140=on.
pub fn run_fips_on(binary: &Path) -> Output {
    exec(Command::new(binary).env("GODEBUG", "fips140=on"))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(o)))
}

/// A function symbol's file range in an ELF fixture, from `.symtab`.
pub fn elf_symbol_file_range(
    binary: &Path,
    pred: impl Fn(&str) -> bool,
) -> Option<(String, u64, u64)> {
    use object::{Object, ObjectSection, ObjectSymbol, SymbolKind};
    let data = std::fs::read(binary).ok()?;
    let file = object::File::parse(&*data).ok()?;
    let mut best: Option<(String, u64, u64)> = None;
    for sym in file.symbols() {
        if sym.kind() != SymbolKind::Text || sym.size() < 64 {
            continue;
        }
        let Ok(name) = sym.name() else { continue };
        if !pred(name) {
            continue;
        }
        let Some(idx) = sym.section_index() else {
            continue;
        };
        let Ok(sect) = file.section_by_index(idx) else {
            continue;
        };
        let Some((off, _)) = sect.file_range() else {
            continue;
        };
        let file_off = off + (sym.address() - sect.address());
        if best.as_ref().map_or(true, |b| sym.size() > b.2) {
            best = Some((name.to_string(), file_off, sym.size()));
        }
    }
    best
}
