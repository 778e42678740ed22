//! Command-line mistakes in fipstool's own style: `fipstool: <message>` on
//! one line, then `usage: <the command's usage> (see '<command> --help')`,
//! exit 2 (a [`Failure::Input`]), where clap would print its own
//! multi-line `error:` block. Help and `--version` are clap's (exit 0).

use std::ffi::OsString;

use clap::error::ErrorKind;
use clap::Command;

use crate::failure::Failure;

/// The failure for a command line clap refused. `root` is the whole
/// command (`Cli::command()`), `args` the arguments after the program
/// name: they select the subcommand whose usage is shown.
pub fn usage_failure(error: &clap::Error, root: Command, args: &[OsString]) -> Failure {
    let mut root = root.bin_name("fipstool");
    root.build();
    let mut command = named_command(&root, args).clone();
    let path = command
        .get_bin_name()
        .unwrap_or_else(|| command.get_name())
        .to_string();
    let message = if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let names: Vec<&str> = command
            .get_subcommands()
            .map(Command::get_name)
            .filter(|n| *n != "help")
            .collect();
        format!("'{path}' needs a command: {}", names.join(", "))
    } else {
        one_line(&error.render().to_string())
    };
    let usage = command.render_usage().to_string();
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    Failure::usage(message, usage, &format!("{path} --help"))
}

/// The deepest subcommand `args` name (options and values are skipped:
/// no fipstool subcommand shares a name with a value it takes first).
fn named_command<'a>(root: &'a Command, args: &[OsString]) -> &'a Command {
    let mut command = root;
    for arg in args {
        let Some(arg) = arg.to_str() else { break };
        if arg == "--" {
            break;
        }
        if let Some(sub) = command.find_subcommand(arg) {
            command = sub;
        }
    }
    command
}

/// clap's `error:` block on one line: its first line, the lines below it
/// (a list of missing arguments, possible values) joined to it, and its
/// tips in parentheses. The usage and help lines are left out: the caller
/// writes its own.
fn one_line(rendered: &str) -> String {
    let mut blocks = rendered.split("\n\n");
    let mut lines = blocks.next().unwrap_or("").lines();
    let first = lines.next().unwrap_or("");
    let first = first.strip_prefix("error: ").unwrap_or(first).trim();
    let rest: Vec<&str> = lines.map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut message = match (rest.is_empty(), first.ends_with(':')) {
        (true, _) => first.to_string(),
        (false, true) => format!("{first} {}", rest.join(", ")),
        (false, false) => format!("{first} {}", rest.join(" ")),
    };
    let tips: Vec<&str> = blocks
        .flat_map(str::lines)
        .filter_map(|l| l.trim().strip_prefix("tip: "))
        .collect();
    if !tips.is_empty() {
        message.push_str(&format!(" (tip: {})", tips.join("; ")));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cli;
    use clap::{CommandFactory, Parser};

    /// What fipstool prints (after `fipstool: `) for `args`.
    fn refused(args: &[&str]) -> String {
        let argv = std::iter::once("fipstool").chain(args.iter().copied());
        let Err(error) = Cli::try_parse_from(argv) else {
            panic!("{args:?} parsed")
        };
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        match usage_failure(&error, Cli::command(), &args) {
            Failure::Input(m) => m,
            Failure::Check(m) => panic!("a usage error is bad input, not a failed check: {m}"),
        }
    }

    #[test]
    fn one_message_line_then_the_usage_of_the_command() {
        assert_eq!(
            refused(&["policy", "check", "--polcy", "p.toml", "app"]),
            "unexpected argument '--polcy' found (tip: a similar argument exists: '--policy')\n\
             usage: fipstool policy check [OPTIONS] --policy <FILE> <BINARY>... \
             (see 'fipstool policy check --help')"
        );
        assert_eq!(
            refused(&["policy", "check"]),
            "the following required arguments were not provided: --policy <FILE>, <BINARY>...\n\
             usage: fipstool policy check [OPTIONS] --policy <FILE> <BINARY>... \
             (see 'fipstool policy check --help')"
        );
        assert_eq!(
            refused(&[
                "snapshot",
                "verify",
                "--goroot",
                "g",
                "--version",
                "v",
                "--index"
            ]),
            "a value is required for '--index <FILE>' but none was supplied\n\
             usage: fipstool snapshot verify [OPTIONS] --goroot <DIR> --version <V> \
             (see 'fipstool snapshot verify --help')"
        );
        assert_eq!(
            refused(&["bogus"]),
            "unrecognized subcommand 'bogus'\nusage: fipstool <COMMAND> (see 'fipstool --help')"
        );
    }

    #[test]
    fn a_missing_command_lists_the_commands() {
        assert_eq!(
            refused(&["policy"]),
            "'fipstool policy' needs a command: check, validate\n\
             usage: fipstool policy <COMMAND> (see 'fipstool policy --help')"
        );
        let top = refused(&[]);
        assert!(
            top.starts_with(
                "'fipstool' needs a command: snapshot, dirhash, inspect, verify, seal,"
            ),
            "{top}"
        );
    }

    #[test]
    fn clap_blocks_become_one_line() {
        assert_eq!(one_line("error: plain\n"), "plain");
        assert_eq!(
            one_line("error: invalid value 'x' for '--mode <M>'\n  [possible values: a, b]\n\n  tip: a similar value exists: 'a'\n\nUsage: t\n"),
            "invalid value 'x' for '--mode <M>' [possible values: a, b] (tip: a similar value exists: 'a')"
        );
        assert_eq!(one_line(""), "");
    }
}
