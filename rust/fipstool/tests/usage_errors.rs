//! Command-line mistakes as the fipstool binary reports them: two lines on
//! stderr in fipstool's own style, exit 2; help and the version are still
//! printed on stdout with exit 0.

use std::process::{Command, Output};

fn fipstool(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fipstool"))
        .args(args)
        .output()
        .expect("run fipstool")
}

#[test]
fn a_usage_error_is_two_lines_and_exit_2() {
    let out = fipstool(&["verify"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "fipstool: the following required arguments were not provided: <BINARY>\n\
         usage: fipstool verify [OPTIONS] <BINARY> (see 'fipstool verify --help')\n"
    );
}

#[test]
fn help_and_version_are_not_errors() {
    for args in [
        &["--help"][..],
        &["policy", "check", "--help"],
        &["--version"],
    ] {
        let out = fipstool(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(!out.stdout.is_empty() && out.stderr.is_empty(), "{args:?}");
    }
}
