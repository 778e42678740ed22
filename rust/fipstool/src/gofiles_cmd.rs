//! `fipstool gofiles`: the sources of one Go package that go build compiles
//! in one configuration, its build constraints applied as go/build does
//! (file name suffixes, `//go:build` and `// +build` lines, cgo), for the
//! compile action of a Go target.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use fips_buildtags::cgo::{self, CgoFlags};
use fips_buildtags::{match_file, read_header, Context, Decision, Mode};
use fips_cgoflags::{OverrideKind, Overrides, Verb};
use fips_godebug::{directives, lines, Checker};

use crate::failure::Failure;
use crate::linkinfo_cmd::{load_table, toolchain_version};

#[derive(Args)]
pub struct GofilesArgs {
    /// The build context: the file the go command writes with the template
    /// `fips_buildtags::CONTEXT_TEMPLATE` (GOOS, GOARCH, tags, ...).
    #[arg(long)]
    pub context: PathBuf,
    /// Keep the `*_test.go` files too (go test); without it they are left
    /// out, as go build never compiles them.
    #[arg(long)]
    pub tests: bool,
    /// The package's name in messages (e.g. its Bazel label); by default
    /// the sources' common directory.
    #[arg(long)]
    pub package: Option<String>,
    /// Accept that no Go file remains (e.g. a go_test's external test
    /// sources); the list is then empty.
    #[arg(long)]
    pub allow_empty: bool,
    /// Where to write the kept sources, one path per line, in the order
    /// given.
    #[arg(long)]
    pub out: PathBuf,
    /// Where to write, likewise, the kept Go sources that import "C" (go
    /// list's CgoFiles: the ones cgo translates).
    #[arg(long)]
    pub cgo_out: Option<PathBuf>,
    /// Where to write the flags of the `#cgo` directives of those files
    /// (go list's CgoCPPFLAGS, CgoCFLAGS, CgoCXXFLAGS, CgoFFLAGS,
    /// CgoLDFLAGS): one `VERB<tab>FLAG` line each, `${SRCDIR}` and relative
    /// `-I`/`-L` paths made absolute against the working directory, as go
    /// build does. The flags must pass go build's allow-list (e.g. no
    /// `-wrapper`, no `-Wl,-plugin`); `#cgo pkg-config` is refused.
    #[arg(long)]
    pub cgo_flags_out: Option<PathBuf>,
    /// The SDK's `src/internal/godebugs/table.go`: with it, the
    /// `//go:debug` directives of the kept Go files are checked as go build
    /// checks one package's (unknown, removed, repeated, malformed) and a
    /// refused one fails the command with go's messages.
    #[arg(long, requires = "go_toolchain_version")]
    pub godebug_table: Option<PathBuf>,
    /// The SDK's Go version (`1.26.6`): the newest `default=goX.Y` a
    /// directive may name.
    #[arg(long, requires = "godebug_table")]
    pub go_toolchain_version: Option<String>,
    /// Where to write the kept files' `//go:debug` settings, one
    /// `KEY=VALUE<TAB>FILE:LINE:COL` line each, in go/build's order (the
    /// non-test files by name, then the `_test.go` files by name), for
    /// `fipstool linkinfo --directives`.
    #[arg(long, requires = "godebug_table")]
    pub directives_out: Option<PathBuf>,
    /// A CGO_<VERB>_ALLOW or CGO_<VERB>_DISALLOW setting for the
    /// allow-list check of the #cgo flags (VERB: CPPFLAGS, CFLAGS,
    /// CXXFLAGS, FFLAGS or LDFLAGS), a Go regular expression as go build
    /// reads it from its environment: ALLOW passes flags it matches
    /// entirely, DISALLOW refuses them even if allowed. Repeatable, each
    /// name once; an empty VALUE sets nothing. fipstool never reads these
    /// variables from its own environment: the build passes them here, so
    /// the result depends on the build's inputs only.
    #[arg(
        long = "cgo-env",
        value_name = "NAME=VALUE",
        value_parser = parse_cgo_env,
        requires = "cgo_flags_out"
    )]
    pub cgo_env: Vec<CgoEnv>,
    /// The package's sources.
    pub srcs: Vec<PathBuf>,
}

/// One `--cgo-env NAME=VALUE`.
#[derive(Debug, Clone)]
pub struct CgoEnv {
    name: String,
    verb: Verb,
    kind: OverrideKind,
    value: String,
}

fn parse_cgo_env(arg: &str) -> Result<CgoEnv, String> {
    let Some((name, value)) = arg.split_once('=') else {
        return Err("expected NAME=VALUE".to_string());
    };
    let Some((verb, kind)) = fips_cgoflags::parse_override_name(name) else {
        return Err(format!(
            "unknown name {name:?}: the names are {}",
            fips_cgoflags::override_names().join(", ")
        ));
    };
    Ok(CgoEnv {
        name: name.to_string(),
        verb,
        kind,
        value: value.to_string(),
    })
}

/// The overrides the `--cgo-env` options give.
fn overrides(settings: &[CgoEnv]) -> Result<Overrides, Failure> {
    let mut seen = std::collections::BTreeSet::new();
    let mut overrides = Overrides::new();
    for s in settings {
        if !seen.insert(&s.name) {
            return Err(Failure::input(format!("--cgo-env {} given twice", s.name)));
        }
        overrides.set(s.verb, s.kind, s.value.clone());
    }
    Ok(overrides)
}

/// Reads a context file.
pub fn load_context(path: &Path) -> Result<Context, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::input(format!("{}: {e}", path.display())))?;
    Context::parse(&path.display().to_string(), &text).map_err(Failure::input)
}

/// What go build does with each source, in order.
pub fn decide_all(
    ctx: &Context,
    srcs: &[PathBuf],
    tests: bool,
) -> Result<Vec<(PathBuf, Decision)>, Failure> {
    let mode = if tests { Mode::Test } else { Mode::Build };
    srcs.iter()
        .map(|src| {
            let d = match_file(ctx, src, mode).map_err(Failure::input)?;
            Ok((src.clone(), d))
        })
        .collect()
}

/// The sources go build compiles, in order.
pub fn kept(decisions: &[(PathBuf, Decision)]) -> Vec<PathBuf> {
    decisions
        .iter()
        .filter(|(_, d)| matches!(d, Decision::Keep { .. }))
        .map(|(p, _)| p.clone())
        .collect()
}

fn is_go(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "go")
}

/// The longest directory all `srcs` are in ("." if none).
fn common_dir(srcs: &[PathBuf]) -> String {
    let mut common: Option<Vec<std::path::Component>> = None;
    for src in srcs {
        let dir: Vec<_> = src
            .parent()
            .map_or(Vec::new(), |d| d.components().collect());
        common = Some(match common {
            None => dir,
            Some(c) => c
                .into_iter()
                .zip(dir)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    let dir: PathBuf = common.unwrap_or_default().into_iter().collect();
    if dir.as_os_str().is_empty() {
        ".".to_string()
    } else {
        dir.display().to_string()
    }
}

/// cmd/go's error when no Go file remains, with why each was left out.
fn no_go_files(package: &str, decisions: &[(PathBuf, Decision)]) -> String {
    let excluded: Vec<_> = decisions
        .iter()
        .filter_map(|(p, d)| match d {
            Decision::Exclude(why) => Some((p, why)),
            Decision::Keep { .. } => None,
        })
        .collect();
    let go = |p: &PathBuf| is_go(p);
    let what = if excluded.iter().any(|(p, why)| go(p) && why.by_constraint()) {
        "build constraints exclude all Go files in"
    } else if excluded
        .iter()
        .any(|(_, why)| matches!(why, fips_buildtags::Exclusion::TestFile))
    {
        "no non-test Go files in"
    } else {
        "no Go files in"
    };
    let mut msg = format!("{what} {package}");
    for (p, why) in excluded {
        msg.push_str(&format!("\n  {}: {why}", p.display()));
    }
    msg
}

/// Writes `data` to `path` through a temporary file beside it and a rename:
/// never a half-written file.
pub fn write_atomically(path: &Path, data: &[u8]) -> Result<(), Failure> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    let tmp = path.with_file_name(name);
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Failure::input(format!("{}: {e}", path.display()))
    })
}

pub fn run_gofiles(args: GofilesArgs) -> Result<(), Failure> {
    let ctx = load_context(&args.context)?;
    let decisions = decide_all(&ctx, &args.srcs, args.tests)?;
    let keep = kept(&decisions);
    let package = args
        .package
        .clone()
        .unwrap_or_else(|| common_dir(&args.srcs));
    if !args.allow_empty && !keep.iter().any(|p| is_go(p)) {
        return Err(Failure::input(no_go_files(&package, &decisions)));
    }
    // go list's CgoFiles: the kept Go sources that import "C".
    let imports_c: Vec<PathBuf> = decisions
        .iter()
        .filter(|(_, d)| matches!(d, Decision::Keep { cgo: true }))
        .map(|(p, _)| p.clone())
        .collect();
    // Everything is read and checked before anything is written: a refused
    // directive or flag leaves no list behind.
    let mut outputs: Vec<(&PathBuf, Vec<u8>)> = Vec::new();
    if let Some(cgo_out) = &args.cgo_out {
        outputs.push((cgo_out, path_list(&imports_c)?));
    }
    if let Some(flags_out) = &args.cgo_flags_out {
        let overrides = overrides(&args.cgo_env)?;
        let flags = cgo_flags(&ctx, &imports_c)?;
        check_flags(&flags, &overrides)?;
        outputs.push((flags_out, flag_lines(&flags)?));
    }
    if let (Some(table), Some(toolchain)) = (&args.godebug_table, &args.go_toolchain_version) {
        let settings = go_debug(table, toolchain, &keep, &package)?;
        if let Some(out) = &args.directives_out {
            outputs.push((out, settings.into_bytes()));
        }
    }
    outputs.push((&args.out, path_list(&keep)?));
    for (path, data) in outputs {
        write_atomically(path, &data)?;
    }
    Ok(())
}

/// The `#cgo` flags of the files that import "C", read in go/build's order
/// (by file name).
fn cgo_flags(ctx: &Context, files: &[PathBuf]) -> Result<CgoFlags, Failure> {
    let mut sorted: Vec<&PathBuf> = files.iter().collect();
    sorted.sort_by_key(|p| p.file_name().map(|n| n.to_os_string()));
    let cwd = std::env::current_dir()
        .map_err(|e| Failure::input(format!("the working directory: {e}")))?;
    let mut flags = CgoFlags::default();
    for path in sorted {
        let shown = path.display().to_string();
        let header = read_header(path).map_err(Failure::input)?;
        let text = fips_gotest::decode(&shown, &header).map_err(Failure::input)?;
        // Cleaned, so a working directory of "/" (a remote runner's input
        // root) stays "/" rather than becoming empty.
        let srcdir = cwd.join(path.parent().unwrap_or(Path::new("")));
        let srcdir = fips_gopath::clean(&srcdir.to_string_lossy());
        for preamble in fips_gotest::cgo_preambles(&shown, text).map_err(Failure::input)? {
            cgo::directives(ctx, &shown, &preamble, &srcdir, &mut flags).map_err(Failure::input)?;
        }
    }
    Ok(flags)
}

/// go/build's order of a package's Go files for its directives: the
/// non-test files by name, then the `_test.go` files by name.
fn directive_order(files: &[PathBuf]) -> Vec<&PathBuf> {
    let mut go: Vec<&PathBuf> = files.iter().filter(|p| is_go(p)).collect();
    go.sort_by_key(|p| {
        let name = p.file_name().unwrap_or_default();
        (
            name.to_string_lossy().ends_with("_test.go"),
            name.to_os_string(),
        )
    });
    go
}

/// The `//go:debug` settings of the kept Go files, checked as go build
/// checks one package's directives, as `--directives-out` lines; a refused
/// one fails with go's messages under `# PACKAGE`, as go prints them.
fn go_debug(
    table: &Path,
    toolchain: &str,
    keep: &[PathBuf],
    package: &str,
) -> Result<String, Failure> {
    let table = load_table(table)?;
    let toolchain = toolchain_version(toolchain)?;
    let checker = Checker {
        table: &table,
        toolchain: &toolchain,
    };
    let mut found = Vec::new();
    for path in directive_order(keep) {
        let header = read_header(path).map_err(Failure::input)?;
        found.extend(directives(&path.display().to_string(), &header));
    }
    let checked = checker.check_package(&found);
    if !checked.errors.is_empty() {
        return Err(Failure::input(format!(
            "# {package}\n{}",
            checked.errors.join("\n")
        )));
    }
    lines::render(&checked.settings).map_err(Failure::input)
}

/// go build's allow-list check of the flags, verb by verb; a refusal names
/// the file whose directive gave the flag.
fn check_flags(flags: &CgoFlags, overrides: &Overrides) -> Result<(), Failure> {
    for verb in Verb::ALL {
        let list = flags.verb(verb.name()).unwrap_or_default();
        if let Err(e) = fips_cgoflags::check(verb, list, overrides) {
            let file = e.index().and_then(|i| flags.file_of(verb.name(), i));
            return Err(Failure::input(match file {
                Some(file) => format!("{file}: {e}"),
                None => e.to_string(),
            }));
        }
    }
    Ok(())
}

/// `VERB<tab>FLAG` lines.
fn flag_lines(flags: &CgoFlags) -> Result<Vec<u8>, Failure> {
    let mut out = String::new();
    for (verb, flag) in flags.entries() {
        if flag.contains('\n') {
            return Err(Failure::input(format!(
                "#cgo {verb}: {flag:?}: a flag with a newline cannot be listed"
            )));
        }
        out.push_str(&format!("{verb}\t{flag}\n"));
    }
    Ok(out.into_bytes())
}

/// One path a line.
fn path_list(paths: &[PathBuf]) -> Result<Vec<u8>, Failure> {
    let mut list = Vec::new();
    for path in paths {
        let bytes = path.as_os_str().as_encoded_bytes();
        if bytes.contains(&b'\n') {
            return Err(Failure::input(format!(
                "{:?}: a source path with a newline cannot be listed",
                path
            )));
        }
        list.extend_from_slice(bytes);
        list.push(b'\n');
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_directory_of_the_sources() {
        let p = |v: &[&str]| v.iter().map(PathBuf::from).collect::<Vec<_>>();
        assert_eq!(common_dir(&p(&["a/b/x.go", "a/b/y.go"])), "a/b");
        assert_eq!(common_dir(&p(&["a/b/x.go", "a/c/y.go"])), "a");
        assert_eq!(common_dir(&p(&["x.go", "y.go"])), ".");
        assert_eq!(common_dir(&p(&["/p/q/x.go"])), "/p/q");
        assert_eq!(common_dir(&[]), ".");
    }

    #[test]
    fn directives_in_go_build_order() {
        let files: Vec<PathBuf> = [
            "p/z.go",
            "p/b_test.go",
            "p/a_test.go",
            "p/m.s",
            "q/c.go",
            "p/_x.go",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let order: Vec<_> = directive_order(&files)
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(
            order,
            ["p/_x.go", "q/c.go", "p/z.go", "p/a_test.go", "p/b_test.go"]
        );
    }
}
