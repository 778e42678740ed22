//! What a Go test binary reports when it runs with `-test.v=test2json`, for
//! build systems that run test binaries themselves (go test is not there to
//! read it):
//!
//! - [`Converter`] reads the output as cmd/test2json reads it
//!   (`cmd/internal/test2json`): the `^V`-framed `=== RUN`, `--- PASS` and
//!   similar lines become events, everything else is output attributed to the
//!   test that printed it, with the framing bytes taken out. The events are
//!   test2json's, in its order, so the text of the output events is what
//!   `go test -json` shows as each event's `Output`;
//! - [`Report`] gathers the events into one result per test (subtests
//!   included) and writes them as a JUnit XML report ([`Report::junit`]), the
//!   `test.xml` Bazel and CI dashboards read.

mod junit;
mod stream;

pub use junit::{Exit, Report};
pub use stream::{Action, Converter, Event, Outcome, MARKER};
