//! The go command's module files, read as it reads them:
//!
//! - [`modfile`]: go.mod, with `golang.org/x/mod/modfile`'s grammar
//!   ([`syntax`]) and directive checks, strict for the main module and lax
//!   for dependencies, with modfile's messages (`go.mod:3: ...`);
//! - [`gosum`]: go.sum's `h1:` hashes of module zips and go.mod files;
//! - [`semver`]: Go's semantic versions, `+incompatible` and
//!   pseudo-versions.

pub mod gosum;
pub mod modfile;
pub mod semver;
pub mod syntax;

pub use fips_gostr::quote as go_quote;
pub use gosum::{GoSum, GoSumError};
pub use modfile::{
    check_module_version, check_path_major, module_path, parse, Exclude, ModFile, ModFileError,
    Mode, Replace, Require, Retract,
};

#[cfg(test)]
mod tests;
