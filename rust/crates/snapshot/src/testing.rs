//! Hand-made snapshot zips for tests and fuzzing; the generic builders
//! (including deliberately malformed entries) are fips-safezip's.
//!
//! Only compiled for this crate's tests and with the `testing` feature.

pub use fips_safezip::testing::{build_zip, Method, RawEntry};

/// A small, well-formed snapshot zip for `version`: LICENSE plus a few
/// package files under `fips140/<version>/`.
pub fn snapshot_zip(version: &str) -> Vec<u8> {
    let p = format!("golang.org/fips140@{version}");
    build_zip(&[
        RawEntry::deflated(
            &format!("{p}/fips140/{version}/sha256/sha256.go"),
            b"package sha256\n",
        ),
        RawEntry::deflated(
            &format!("{p}/fips140/{version}/aes/aes.go"),
            b"package aes\n",
        ),
        RawEntry::deflated(
            &format!("{p}/fips140/{version}/fips140.go"),
            b"package fips140\n",
        ),
        RawEntry::deflated(&format!("{p}/LICENSE"), b"Copyright The Go Authors\n"),
    ])
}

/// Builds a snapshot zip for `version` from arbitrary bytes, for fuzzing
/// (see [`fips_safezip::testing::recipe_zip`]): names are based on the
/// module tree `fips140/<version>/`, the module root, nothing, or LICENSE.
pub fn zip_from_recipe(version: &str, data: &[u8]) -> Vec<u8> {
    fips_safezip::testing::recipe_zip(
        &format!("golang.org/fips140@{version}/"),
        &format!("fips140/{version}/"),
        "LICENSE",
        data,
    )
}
