//! `fipstool embedcfg`: the `-embedcfg` file of one Go package, for the
//! compile action of a Go target with `embedsrcs`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::failure::Failure;

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
}

pub fn run_embedcfg(args: EmbedcfgArgs) -> Result<(), Failure> {
    let mut patterns = Vec::new();
    for src in &args.srcs {
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
