//! How a subcommand fails: the kind decides the exit code, the message is
//! printed once to stderr as `fipstool: <message>`.

use std::fmt::Display;
use std::process::ExitCode;

#[derive(Debug)]
pub enum Failure {
    /// A check ran and did not pass (exit 1): integrity mismatch, zero sum, ...
    Check(String),
    /// The input or the request was bad (exit 2): unreadable file, malformed
    /// zip, unknown version, unsupported format, ...
    Input(String),
}

impl Failure {
    pub fn check(message: impl Display) -> Self {
        Failure::Check(message.to_string())
    }

    pub fn input(message: impl Display) -> Self {
        Failure::Input(message.to_string())
    }

    /// A mistake in the command line (exit 2, as bad input): the message,
    /// then a second line with the command's usage and where its help is.
    pub fn usage(message: impl Display, usage: &str, help: &str) -> Self {
        Failure::Input(format!("{message}\nusage: {usage} (see '{help}')"))
    }

    pub fn report(self) -> ExitCode {
        let (code, message) = match self {
            Failure::Check(m) => (1, m),
            Failure::Input(m) => (2, m),
        };
        eprintln!("fipstool: {message}");
        ExitCode::from(code)
    }
}
