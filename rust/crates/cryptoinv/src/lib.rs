//! fips-cryptoinv: the cryptography a Go binary links, inside and outside
//! Go's FIPS 140-3 module (`fipstool crypto`, docs/crypto-inventory.md).
//!
//! `GOFIPS140` puts the standard library's approved algorithms in the
//! validated module; it says nothing about `crypto/md5`, `crypto/des`, or
//! the pure-Go implementations of `golang.org/x/crypto` and other modules.
//! The inventory reads a binary's function names (symbol table, else the
//! pclntab that `-ldflags=-s -w` keeps), groups them by package, and looks
//! each package up in a catalogue (catalogue.toml) that says what it
//! implements and where: in the module, through the module, or outside it.
//! [`cbom`] writes the result as a CycloneDX 1.6 cryptography BOM.

pub mod catalogue;
pub mod cbom;
pub mod inventory;
pub mod names;
mod semver;

pub use catalogue::{
    Algorithm, Catalogue, CatalogueError, Certified, Class, Entry, PackagePattern, PatternError,
    Primitive,
};
pub use inventory::{
    from_names, inventory, FipsModuleUse, Inventory, InventoryError, ModuleRef, PackageUse,
    SNAPSHOT_MODULE,
};
