//! `fipstool crypto BINARY [--json | --cbom] [--catalogue FILE] [--chains FILE]`: the
//! cryptography a Go binary links, inside and outside the FIPS module
//! (docs/crypto-inventory.md). Exit 0, or 2 on bad input (unreadable file,
//! no Go function names, malformed catalogue).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;
use fips_cryptoinv::cbom::{cbom, Subject};
use fips_cryptoinv::{Catalogue, Class, Inventory, PackageUse};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::binary_cmds::{emit, read_binary};
use crate::chains_cmd::read_chains;
use crate::failure::Failure;

/// The JSON schema version of `crypto --json`.
pub const SCHEMA_VERSION: u32 = 1;

/// How many function names the text output shows per package.
const TEXT_FUNCTIONS: usize = 6;

#[derive(Args)]
pub struct CryptoArgs {
    /// The Go binary (ELF, Mach-O or PE; stripped binaries too).
    #[arg(value_name = "BINARY")]
    pub binary: PathBuf,
    /// Print the inventory as one JSON object.
    #[arg(long, conflicts_with = "cbom")]
    pub json: bool,
    /// Print a CycloneDX 1.6 cryptography bill of materials (JSON).
    #[arg(long)]
    pub cbom: bool,
    /// A catalogue to use instead of the built-in one (TOML, schema 1).
    #[arg(long, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,
    /// The import chains of the binary's program (`fipstool chains`; the
    /// rules' `<name>.chains.json`): each package is shown with the chain
    /// that brings it in.
    #[arg(long, value_name = "FILE")]
    pub chains: Option<PathBuf>,
}

/// Read `--catalogue`, or the built-in catalogue.
pub(crate) fn load_catalogue(path: Option<&Path>) -> Result<Catalogue, Failure> {
    match path {
        None => Catalogue::builtin().map_err(|e| Failure::input(format!("built-in {e}"))),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Failure::input(format!("cannot read {}: {e}", p.display())))?;
            Catalogue::parse(&text).map_err(|e| Failure::input(format!("{}: {e}", p.display())))
        }
    }
}

/// The inventory of the binary at `path`, with its bytes' SHA-256 when
/// asked for (hashing a large binary costs more than its inventory).
pub(crate) fn take_inventory(
    path: &Path,
    catalogue: &Catalogue,
    hash: bool,
) -> Result<(Inventory, String), Failure> {
    let data = read_binary(path)?;
    let inventory = fips_cryptoinv::inventory(&data, catalogue)
        .map_err(|e| Failure::input(format!("{}: not a Go binary: {e}", path.display())))?;
    let sha256 = if hash {
        hex::encode(Sha256::digest(&data[..]))
    } else {
        String::new()
    };
    Ok((inventory, sha256))
}

#[derive(Serialize)]
struct CryptoJson<'a> {
    schema_version: u32,
    ok: bool,
    binary: String,
    sha256: &'a str,
    #[serde(flatten)]
    inventory: &'a Inventory,
}

/// With `--json`, bad input still gives one JSON object on stdout.
fn input_failure(args: &CryptoArgs, failure: Failure) -> Failure {
    if !args.json {
        return failure;
    }
    let message = match &failure {
        Failure::Check(m) | Failure::Input(m) => m.clone(),
    };
    let value = serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "ok": false,
        "binary": args.binary.to_string_lossy(),
        "error": {"kind": "input", "message": message},
    });
    match emit(pretty(&value).as_bytes()) {
        Ok(()) => failure,
        Err(e) => e,
    }
}

pub fn run_crypto(args: CryptoArgs) -> Result<(), Failure> {
    let taken = load_catalogue(args.catalogue.as_deref())
        .and_then(|c| take_inventory(&args.binary, &c, args.json || args.cbom));
    let (mut inventory, sha256) = taken.map_err(|f| input_failure(&args, f))?;
    if let Some(path) = &args.chains {
        inventory.attach_chains(&read_chains(path).map_err(|f| input_failure(&args, f))?);
    }
    let out = if args.cbom {
        let name = args
            .binary
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| args.binary.to_string_lossy().into_owned());
        let subject = Subject {
            name: &name,
            sha256: &sha256,
            tool_version: env!("CARGO_PKG_VERSION"),
        };
        pretty(&cbom(&inventory, &subject))
    } else if args.json {
        pretty(&CryptoJson {
            schema_version: SCHEMA_VERSION,
            ok: true,
            binary: args.binary.to_string_lossy().into_owned(),
            sha256: &sha256,
            inventory: &inventory,
        })
    } else {
        text(&args.binary.to_string_lossy(), &inventory)
    };
    emit(out.as_bytes())
}

fn pretty(value: &impl Serialize) -> String {
    let mut s = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise: {e}\"}}"));
    s.push('\n');
    s
}

fn heading(class: Class) -> &'static str {
    match class {
        Class::FipsModule => "the FIPS module",
        Class::StdViaModule => "standard library, implemented by the FIPS module",
        Class::StdNonApproved => "standard library, implemented outside the FIPS module",
        Class::WrapsStd => "third-party wrappers that forward to the standard library",
        Class::ThirdParty => "other Go modules, implemented outside the FIPS module",
    }
}

fn algorithms(p: &PackageUse) -> String {
    if p.algorithms.is_empty() {
        return "(none catalogued)".to_string();
    }
    p.algorithms
        .iter()
        .map(|a| format!("{} ({})", a.name, a.primitive.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The readable form: the module, then one section per class.
pub(crate) fn text(binary: &str, inv: &Inventory) -> String {
    let mut s = String::new();
    let or_q = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
    let _ = writeln!(s, "binary\t{binary}");
    let _ = writeln!(
        s,
        "go\t{} {}/{}, GOFIPS140={}",
        or_q(&inv.go_version),
        or_q(&inv.goos),
        or_q(&inv.goarch),
        inv.gofips140.as_deref().unwrap_or("off")
    );
    let _ = writeln!(
        s,
        "names\t{} (catalogue {})",
        inv.source, inv.catalogue_version
    );
    let m = &inv.fips_module;
    let module = match (&m.version, &m.certificate) {
        (Some(v), Some(c)) => format!("snapshot {v} (CMVP certificate #{})", c.certificate),
        (Some(v), None) => format!("snapshot {v} (no CMVP certificate in the catalogue)"),
        (None, _) if m.origin == "mixed" => format!("mixed: {}", m.versions.join(", ")),
        (None, _) => m.origin.to_string(),
    };
    let _ = writeln!(s, "fips module\t{module}, {} packages", m.packages.len());
    if !m.algorithms.is_empty() {
        let names: Vec<&str> = m.algorithms.iter().map(|a| a.name.as_str()).collect();
        let _ = writeln!(s, "\talgorithms: {}", names.join(", "));
    }
    for class in Class::ALL {
        let packages: Vec<&PackageUse> = inv.of_class(class).collect();
        if packages.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n{class}: {}", heading(class));
        for p in packages {
            let _ = writeln!(s, "  {}", p.package);
            let _ = writeln!(s, "    algorithms\t{}", algorithms(p));
            let module = p.module.as_ref().map_or("unknown".into(), |m| m.display());
            let _ = writeln!(s, "    module\t{module}");
            let shown: Vec<&str> = p
                .functions
                .iter()
                .take(TEXT_FUNCTIONS)
                .map(String::as_str)
                .collect();
            let more = p.functions.len().saturating_sub(TEXT_FUNCTIONS);
            let more = if more > 0 {
                format!(", and {more} more")
            } else {
                String::new()
            };
            let _ = writeln!(s, "    functions\t{}{more}", shown.join(", "));
            if let Some(chain) = &p.chain {
                let _ = writeln!(s, "    chain\t{}", chain.join(" -> "));
            }
        }
    }
    let outside: Vec<&PackageUse> = inv
        .packages
        .iter()
        .filter(|p| p.class.outside_module())
        .collect();
    let _ = writeln!(
        s,
        "\noutside the module: {} package{}",
        outside.len(),
        if outside.len() == 1 { "" } else { "s" }
    );
    s
}
