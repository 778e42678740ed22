//! `fipstool embedcfg`: the `-embedcfg` file of one Go package, for the
//! compile action of a Go target with `embedsrcs`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::failure::Failure;
use crate::gofiles_cmd;

#[derive(Args)]
pub struct EmbedcfgArgs {
    /// A Go source of the package (repeat for each).
    #[arg(long = "src", required = true)]
    pub srcs: Vec<PathBuf>,
    /// A file the package may embed: NAME=PATH, NAME relative to the package
    /// directory, PATH where the compiler reads it (repeat for each).
    #[arg(long = "embedsrc")]
    pub embedsrcs: Vec<String>,
    /// Where to write the JSON configuration.
    #[arg(long)]
    pub out: PathBuf,
    /// The build context (as for `fipstool gofiles`): only the sources its
    /// build constraints keep are scanned, as go build ignores the patterns
    /// of excluded files. Without it every source is scanned.
    #[arg(long)]
    pub context: Option<PathBuf>,
    /// With --context: keep the `*_test.go` sources too (go test).
    #[arg(long, requires = "context")]
    pub tests: bool,
}

/// Whether the file at `path` (as the action sees it) is one go build
/// would not embed: anything but a regular file, a symbolic link among
/// them (go refuses `link.txt -> /etc/passwd`). A sandbox stages every
/// input as a link to where Bazel keeps it, which names the same path at
/// its end; such links are followed, any other link is the workspace's
/// own and makes the file irregular. (Remote execution stages plain files:
/// a workspace link's target is uploaded as if it were the file.)
fn irregular(path: &Path) -> Result<bool, Failure> {
    let io = |e: std::io::Error| Failure::input(format!("{}: {e}", path.display()));
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        let meta = std::fs::symlink_metadata(&current).map_err(io)?;
        if !meta.file_type().is_symlink() {
            return Ok(!meta.is_file());
        }
        let target = std::fs::read_link(&current).map_err(io)?;
        if !target.ends_with(path) {
            return Ok(true);
        }
        current = match current.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    Ok(true)
}

pub fn run_embedcfg(args: EmbedcfgArgs) -> Result<(), Failure> {
    let srcs = match &args.context {
        None => args.srcs.clone(),
        Some(path) => {
            let ctx = gofiles_cmd::load_context(path)?;
            gofiles_cmd::kept(&gofiles_cmd::decide_all(&ctx, &args.srcs, args.tests)?)
        }
    };
    let mut patterns = Vec::new();
    for src in &srcs {
        let text = std::fs::read_to_string(src)
            .map_err(|e| Failure::input(format!("{}: {e}", src.display())))?;
        patterns.extend(
            fips_embedcfg::directives(&src.display().to_string(), &text).map_err(Failure::input)?,
        );
    }
    let mut files = Vec::new();
    for spec in &args.embedsrcs {
        let (name, path) = spec
            .split_once('=')
            .ok_or_else(|| Failure::input(format!("--embedsrc {spec:?}: expected NAME=PATH")))?;
        files.push((name.to_string(), path.to_string()));
    }
    let cfg = fips_embedcfg::embedcfg(&patterns, &files).map_err(Failure::input)?;
    for (pattern, names) in &cfg.patterns {
        for name in names {
            if let Some(path) = cfg.files.get(name) {
                if irregular(Path::new(path))? {
                    return Err(Failure::input(format!(
                        "pattern {pattern}: cannot embed irregular file {name}"
                    )));
                }
            }
        }
    }
    let json = serde_json::to_vec(&cfg).map_err(Failure::input)?;
    // Written beside the output and renamed: never a half-written file.
    let tmp = args.out.with_extension("tmp");
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&json)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &args.out)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Failure::input(format!("{}: {e}", args.out.display()))
    })
}
