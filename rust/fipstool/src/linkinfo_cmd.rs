//! `fipstool linkinfo`: what the link action of a Go program needs that
//! depends on its sources: the default GODEBUG computed as go build
//! computes it (the SDK's table, the main module's Go version, GOFIPS140,
//! go.mod's `godebug` lines, the `//go:debug` directives that `gofiles
//! --directives-out` collected), the rules' explicit FIPS mode applied, and
//! from it the build information (`modinfo`) and linker flags. With
//! `--modules`, the build information's `mod` and `dep` lines too: the
//! modules of the packages the program links, found by walking the import
//! lists its compiles wrote from its roots (see fips-linkdeps).

use std::path::{Path, PathBuf};

use clap::Args;
use fips_godebug::{
    default_godebug, gover, lines, Assignment, Checker, Fips, FipsMode, Origin, Table,
};
use fips_linkdeps::{module_lines, reachable, Graph, Modules, ReachError, Root};
use fips_stamp::{x_flags, Status};

use crate::failure::Failure;
use crate::gofiles_cmd::write_atomically;

#[derive(Args)]
pub struct LinkinfoArgs {
    /// The SDK's `src/internal/godebugs/table.go`.
    #[arg(long)]
    pub godebug_table: PathBuf,
    /// The SDK's Go version (`1.26.6`): the newest `default=goX.Y` allowed.
    #[arg(long)]
    pub go_toolchain_version: String,
    /// The main module's Go version (`1.26`, `1.26.6`): whose defaults apply.
    #[arg(long)]
    pub go_version: String,
    /// GOFIPS140 is not off.
    #[arg(long)]
    pub fips_enabled: bool,
    /// The FIPS mode: auto (go build's behaviour), on, only, debug, off.
    #[arg(long, default_value = "auto")]
    pub mode: FipsMode,
    /// Where the mode was set, for messages (`set on //cmd/x`).
    #[arg(long, default_value = "set by --@fips//:mode")]
    pub mode_origin: String,
    /// A `godebug` line of the main module's go.mod, `KEY=VALUE`, or
    /// `KEY=VALUE<TAB>PLACE` (`go.mod:5`) to name it in messages; in order.
    #[arg(long = "gomod-godebug", value_name = "KEY=VALUE")]
    pub gomod_godebug: Vec<String>,
    /// A file of `//go:debug` settings (`gofiles --directives-out`), in
    /// order: the main package's, then its tests', then its external tests'.
    #[arg(long)]
    pub directives: Vec<PathBuf>,
    /// The build information text, with a `build<TAB>DefaultGODEBUG=` line
    /// where the setting goes.
    #[arg(long, requires = "out_modinfo")]
    pub build_info: Option<PathBuf>,
    /// The build list (the rules' modules file, JSON): with it, the `mod`
    /// and `dep` lines follow the build information's `path` line.
    #[arg(long, value_name = "FILE", requires_all = ["packages", "module_of", "build_info"])]
    pub modules: Option<PathBuf>,
    /// The program's packages: `IMPORTMAP<TAB>IMPORTPATH<TAB>IMPORTS_FILE`
    /// a line, the file holding what the package imports from others.
    #[arg(long, value_name = "FILE", requires = "modules")]
    pub packages: Option<PathBuf>,
    /// A package the program compiles itself and its import list: the
    /// main package (`main=FILE`), a test's package under test and external
    /// test package. The walk starts from these.
    #[arg(long = "root", value_name = "IMPORTMAP=FILE", requires = "modules")]
    pub roots: Vec<String>,
    /// The import path whose module is the `mod` line (the main package's;
    /// a test's package under test's).
    #[arg(long, value_name = "IMPORTPATH", requires = "modules")]
    pub module_of: Option<String>,
    /// Where to write the importcfg line `modinfo "..."` of the build
    /// information with the default GODEBUG in place (the line dropped when
    /// it is empty).
    #[arg(long, requires = "build_info")]
    pub out_modinfo: Option<PathBuf>,
    /// A `-X` definition of the program (`x_defs`), `IMPORTPATH.NAME=VALUE`,
    /// in order; `{KEY}` in VALUE is a workspace status key (see
    /// `--stamp-file`), and a definition naming a key no file has is left
    /// out, as rules_go leaves it out.
    #[arg(long = "x-def", value_name = "NAME=VALUE")]
    pub x_defs: Vec<String>,
    /// A Bazel workspace status file (`KEY VALUE` lines: the stable, then
    /// the volatile one), when the program is stamped.
    #[arg(long = "stamp-file", value_name = "FILE")]
    pub stamp_files: Vec<PathBuf>,
    /// Where to write the linker flags, one a line:
    /// `-X=runtime.godebugDefault=VALUE` unless the value is empty, then
    /// the `-X` definitions.
    #[arg(long)]
    pub out_ldflags: Option<PathBuf>,
    /// Where to write the default GODEBUG alone (no newline).
    #[arg(long)]
    pub out_godebug: Option<PathBuf>,
}

/// The table of `path`.
pub fn load_table(path: &Path) -> Result<Table, Failure> {
    let shown = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| Failure::input(format!("{shown}: {e}")))?;
    Table::parse(&shown, &text).map_err(Failure::input)
}

/// The go command's version as cmd/go's `gover` has it (`1.26.6`); a `go`
/// prefix is dropped.
pub fn toolchain_version(v: &str) -> Result<String, Failure> {
    let v = v.strip_prefix("go").unwrap_or(v);
    if !gover::is_valid(v) {
        return Err(Failure::input(format!(
            "--go-toolchain-version {v:?}: not a Go version (want e.g. 1.26.6)"
        )));
    }
    Ok(v.to_string())
}

/// The placeholder line of the build information.
const PLACEHOLDER: &[u8] = b"build\tDefaultGODEBUG=";

/// cmd/go's sentinels around runtime.modinfo (hex), written as `\x`
/// escapes.
const INFO_START: &str = "3077af0c9274080241e1c107e6d618e6";
const INFO_END: &str = "f932433186182072008242104116d8f2";

pub fn run_linkinfo(args: LinkinfoArgs) -> Result<(), Failure> {
    let table = load_table(&args.godebug_table)?;
    let toolchain = toolchain_version(&args.go_toolchain_version)?;
    let checker = Checker {
        table: &table,
        toolchain: &toolchain,
    };
    let mut errors = Vec::new();
    let mut settings = Vec::new();
    for arg in &args.gomod_godebug {
        let Some((key, value, place)) = lines::parse_line(arg).filter(|_| !arg.contains('\n'))
        else {
            return Err(Failure::input(format!(
                "--gomod-godebug {arg:?}: want KEY=VALUE or KEY=VALUE<TAB>PLACE"
            )));
        };
        let a = Assignment {
            key: key.to_string(),
            value: value.to_string(),
            origin: Origin::GoMod(place.map(str::to_string)),
        };
        match checker.check("godebug", key, value) {
            Ok(()) => settings.push(a),
            Err(why) => errors.push(format!("error loading go.mod:\n{}: {why}", a.place())),
        }
    }
    for path in &args.directives {
        let shown = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| Failure::input(format!("{shown}: {e}")))?;
        for a in lines::parse(&shown, &text).map_err(Failure::input)? {
            match checker.check("//go:debug setting", &a.key, &a.value) {
                Ok(()) => settings.push(a),
                Err(why) => errors.push(format!("{}: invalid //go:debug: {why}", a.place())),
            }
        }
    }
    let fips = Fips {
        enabled: args.fips_enabled,
        mode: args.mode,
        mode_origin: &args.mode_origin,
    };
    errors.extend(fips.contradictions(&settings));
    if !errors.is_empty() {
        return Err(Failure::input(errors.join("\n")));
    }
    let godebug = default_godebug(&table, &args.go_version, &fips, &settings);
    let mut status = Status::default();
    for file in &args.stamp_files {
        status.add(&read_text(file)?);
    }
    let x_defs = x_flags(&args.x_defs, &status).map_err(Failure::input)?;

    // Everything is computed before anything is written.
    let modinfo = match &args.build_info {
        Some(path) => {
            let info = std::fs::read(path)
                .map_err(|e| Failure::input(format!("{}: {e}", path.display())))?;
            let info = with_godebug(&path.display().to_string(), &info, &godebug)?;
            let info = match &args.modules {
                Some(modules) => with_modules(
                    &path.display().to_string(),
                    &info,
                    &module_info(&args, modules)?,
                )?,
                None => info,
            };
            Some(modinfo_line(&info))
        }
        None => None,
    };
    if let (Some(out), Some(modinfo)) = (&args.out_modinfo, modinfo) {
        write_atomically(out, &modinfo)?;
    }
    if let Some(out) = &args.out_ldflags {
        let mut flags = if godebug.is_empty() {
            String::new()
        } else {
            format!("-X=runtime.godebugDefault={godebug}\n")
        };
        for flag in &x_defs {
            flags.push_str(flag);
            flags.push('\n');
        }
        write_atomically(out, flags.as_bytes())?;
    }
    if let Some(out) = &args.out_godebug {
        write_atomically(out, godebug.as_bytes())?;
    }
    Ok(())
}

/// The build information with its one placeholder line completed with
/// `godebug`, or dropped when that is empty.
fn with_godebug(file: &str, info: &[u8], godebug: &str) -> Result<Vec<u8>, Failure> {
    let mut out = Vec::with_capacity(info.len() + godebug.len());
    let mut found = 0;
    for line in info.split_inclusive(|&b| b == b'\n') {
        if line.strip_suffix(b"\n").unwrap_or(line) != PLACEHOLDER {
            out.extend_from_slice(line);
            continue;
        }
        found += 1;
        if !godebug.is_empty() {
            out.extend_from_slice(PLACEHOLDER);
            out.extend_from_slice(godebug.as_bytes());
            out.extend_from_slice(&line[PLACEHOLDER.len()..]);
        }
    }
    if found != 1 {
        return Err(Failure::input(format!(
            "{file}: want one `build<TAB>DefaultGODEBUG=` line, found {found}"
        )));
    }
    Ok(out)
}

pub(crate) fn read_text(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::input(format!("{}: {e}", path.display())))
}

/// A `--root IMPORTMAP=FILE` argument of `command`, split.
pub(crate) fn root_arg<'a>(command: &str, arg: &'a str) -> Result<(&'a str, &'a str), Failure> {
    match arg.split_once('=') {
        Some((importmap, file)) if !importmap.is_empty() && !file.is_empty() => {
            Ok((importmap, file))
        }
        _ => Err(Failure::input(format!(
            "{command}: --root {arg}: want IMPORTMAP=FILE"
        ))),
    }
}

/// The `mod` and `dep` lines of the program: the modules of the packages
/// reachable from its import lists.
fn module_info(args: &LinkinfoArgs, modules_file: &Path) -> Result<Vec<String>, Failure> {
    let modules = Modules::parse(
        &modules_file.display().to_string(),
        &read_text(modules_file)?,
    )
    .map_err(Failure::input)?;
    let (Some(packages), Some(module_of)) = (&args.packages, &args.module_of) else {
        return Err(Failure::input(
            "linkinfo: --modules needs --packages and --module-of",
        ));
    };
    let graph = Graph::parse(&packages.display().to_string(), &read_text(packages)?)
        .map_err(Failure::input)?;
    let roots = args
        .roots
        .iter()
        .map(|arg| {
            let (importmap, file) = root_arg("linkinfo", arg)?;
            Ok(Root {
                importmap: importmap.to_string(),
                file: file.to_string(),
                imports: read_text(Path::new(file))?,
            })
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    let linked =
        reachable(&graph, &roots, &mut |f: &str| read_text(Path::new(f))).map_err(|e| match e {
            ReachError::Graph(e) => Failure::input(e),
            ReachError::Read(e) => e,
        })?;
    let paths = linked.iter().filter_map(|m| graph.import_path(m));
    Ok(module_lines(&modules, module_of, paths))
}

/// The build information with `lines` after its first line (`path`).
fn with_modules(file: &str, info: &[u8], lines: &[String]) -> Result<Vec<u8>, Failure> {
    if !info.starts_with(b"path\t") {
        return Err(Failure::input(format!(
            "{file}: want a `path<TAB>...` first line"
        )));
    }
    let end = info
        .iter()
        .position(|&b| b == b'\n')
        .map_or(info.len(), |i| i + 1);
    let mut out = info[..end].to_vec();
    if end == info.len() && !info.ends_with(b"\n") {
        out.push(b'\n');
    }
    for line in lines {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out.extend_from_slice(&info[end..]);
    Ok(out)
}

/// The importcfg line that hands the build information to the linker:
/// `modinfo "<start><info><end>"`, the sentinels as `\x` escapes, the text
/// with `\`, `"`, newline and tab escaped and every other byte as it is.
fn modinfo_line(info: &[u8]) -> Vec<u8> {
    let hex = |h: &str| -> String {
        h.as_bytes()
            .chunks(2)
            .map(|p| format!("\\x{}", String::from_utf8_lossy(p)))
            .collect()
    };
    let mut out = b"modinfo \"".to_vec();
    out.extend_from_slice(hex(INFO_START).as_bytes());
    for &b in info {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'"' => out.extend_from_slice(b"\\\""),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => out.push(b),
        }
    }
    out.extend_from_slice(hex(INFO_END).as_bytes());
    out.extend_from_slice(b"\"\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_completed_or_dropped() {
        let info = b"path\tx\nbuild\t-trimpath=true\nbuild\tDefaultGODEBUG=\nbuild\tGOOS=linux\n";
        let with = with_godebug("i", info, "fips140=on,panicnil=1").unwrap();
        assert_eq!(
            with,
            b"path\tx\nbuild\t-trimpath=true\nbuild\tDefaultGODEBUG=fips140=on,panicnil=1\nbuild\tGOOS=linux\n"
        );
        let without = with_godebug("i", info, "").unwrap();
        assert_eq!(
            without,
            b"path\tx\nbuild\t-trimpath=true\nbuild\tGOOS=linux\n"
        );
        // At the very end, without a newline.
        assert_eq!(
            with_godebug("i", b"path\tx\nbuild\tDefaultGODEBUG=", "a=1").unwrap(),
            b"path\tx\nbuild\tDefaultGODEBUG=a=1"
        );
        for bad in [
            &b"path\tx\n"[..],
            b"build\tDefaultGODEBUG=\nbuild\tDefaultGODEBUG=\n",
            b"build\tDefaultGODEBUG=x\n",
        ] {
            assert!(with_godebug("i", bad, "a=1").is_err());
        }
    }

    #[test]
    fn module_lines_follow_the_path_line() {
        let lines = vec![
            "mod\tm\t(devel)\t".to_string(),
            "dep\tx\tv1.0.0\th1:x=".to_string(),
        ];
        assert_eq!(
            with_modules("i", b"path\tm/cmd\nbuild\tGOOS=linux\n", &lines).unwrap(),
            b"path\tm/cmd\nmod\tm\t(devel)\t\ndep\tx\tv1.0.0\th1:x=\nbuild\tGOOS=linux\n"
        );
        assert_eq!(with_modules("i", b"path\tm", &[]).unwrap(), b"path\tm\n");
        assert!(with_modules("i", b"build\tx=y\n", &lines).is_err());
    }

    #[test]
    fn modinfo_as_the_rules_wrote_it() {
        let line = modinfo_line("path\tx\"y\\z é\n".as_bytes());
        let want = "modinfo \"\\x30\\x77\\xaf\\x0c\\x92\\x74\\x08\\x02\\x41\\xe1\\xc1\\x07\\xe6\\xd6\\x18\\xe6\
                    path\\tx\\\"y\\\\z é\\n\
                    \\xf9\\x32\\x43\\x31\\x86\\x18\\x20\\x72\\x00\\x82\\x42\\x10\\x41\\x16\\xd8\\xf2\"\n";
        assert_eq!(String::from_utf8(line).unwrap(), want);
    }
}
