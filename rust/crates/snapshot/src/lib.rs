//! The snapshot side of `fipstool`: everything about the FIPS 140-3 module
//! snapshots that a Go SDK ships in `GOROOT/lib/fips140`.
//!
//! - [`resolve`]: a GOFIPS140 value, resolved exactly as that SDK's go
//!   command does (syntax of the release line, `off`/`latest`, one level of
//!   `<v>.txt` aliases, the required `<v>.zip`, the `fips140vX.Y` build tag),
//!   with Go's own error messages;
//! - [`sumfile`]: `fips140.sum`, two-column (Go 1.24 to 1.26.6) and
//!   three-column (Go 1.27, Debian's go1.26.10) forms;
//! - [`index`]: the pinned index of known snapshots (`snapshots/index.toml`)
//!   with its per-file listings;
//! - [`verify`]: a snapshot zip checked against both, with a diagnosis
//!   (genuine, re-packed, contents differ and which files);
//! - [`unpack`]: safe, deterministic extraction into the layout the stdlib
//!   build needs.

pub mod gocompat;
pub mod index;
pub mod resolve;
pub mod sumfile;
pub mod unpack;
pub mod verify;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use index::{Index, IndexEntry, IndexError, LoadedIndex, Status};
pub use resolve::{resolve, Resolution, ResolveError, SdkVersion};
pub use sumfile::{parse_sum_file, SumEntry, SumFile, SumFileError, SumFormat};
pub use unpack::{unpack, UnpackError, UnpackLimits, UnpackReport, FIXED_MTIME_UNIX};
pub use verify::{verify, Verdict, VerifyError, VerifyReport};
