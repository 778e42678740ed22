//! A Go program's default GODEBUG, computed as go build computes it, for
//! build systems that run the compiler and linker themselves.
//!
//! - [`Table`]: the SDK's `src/internal/godebugs/table.go`, the known
//!   settings (`All`: name, package, the release that changed the default,
//!   the old value) and the removed ones (`Removed`).
//! - [`directives`]: the `//go:` comments before a Go file's package
//!   clause, where go/build finds them, with go's positions.
//! - [`Checker`]: cmd/go's checks of a `//go:debug` directive or a go.mod
//!   `godebug` line (`ParseGoDebug`, `CheckGodebug`) and of one package's
//!   directives (`checkDirectives`: refused and repeated keys), with go's
//!   messages. What is refused follows the table: Go 1.24 and 1.25 know no
//!   removed settings, Go 1.26 refuses any use of one, Go 1.27 only its old
//!   values.
//! - [`default_godebug`]: `defaultGODEBUG`. `fips140=on` when GOFIPS140 is
//!   not off, then go.mod's `godebug` lines, then the directives of the main
//!   package, its tests and its external tests, a `default=goX.Y` choosing
//!   the Go version whose defaults apply (else the main module's), the
//!   table's defaults for that version below everything, keys sorted.
//! - [`lines`]: the `KEY=VALUE<TAB>PLACE` text that carries directive
//!   settings from the compile step to the link step.
//! - [`FipsMode`]: the rules' explicit FIPS mode, which fixes `fips140` and
//!   refuses a setting that says otherwise ([`Fips::contradictions`]).

mod default;
mod directive;
pub mod gover;
pub mod lines;
mod table;

pub use default::{default_godebug, Fips, FipsMode};
pub use directive::{
    directives, Assignment, Checked, Checker, Directive, Origin, ParseError, Position,
};
pub use table::{Refused, RemovedSetting, Setting, Table, TableError};
