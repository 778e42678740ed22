//! The text form of settings that one build step hands to the next (the
//! `//go:debug` directives a compile step found, for the link step): one
//! `KEY=VALUE<TAB>PLACE` line a setting, PLACE being where it is written
//! (`cmd/x/main.go:3:1`), for messages.

use crate::directive::{Assignment, Origin};

/// The lines of directive settings, each ending in a newline. A key, value
/// or place with a newline cannot be written (no directive has one; a
/// source path might).
pub fn render(settings: &[Assignment]) -> Result<String, String> {
    let mut out = String::new();
    for a in settings {
        let line = format!("{}={}\t{}", a.key, a.value, a.place());
        if line.contains(['\n', '\r']) || a.key.contains(['=', '\t']) || a.value.contains('\t') {
            return Err(format!(
                "{line:?}: a setting that cannot be written on one line"
            ));
        }
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

/// One `KEY=VALUE` with an optional `<TAB>PLACE`; None if there is no `=`.
pub fn parse_line(line: &str) -> Option<(&str, &str, Option<&str>)> {
    let (kv, place) = match line.split_once('\t') {
        Some((kv, place)) => (kv, Some(place)),
        None => (line, None),
    };
    let (key, value) = kv.split_once('=')?;
    Some((key, value, place))
}

/// Reads what [`render`] wrote: directive settings, `file` naming the text
/// in errors (`file:line: ...`).
pub fn parse(file: &str, text: &str) -> Result<Vec<Assignment>, String> {
    let mut settings = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some((key, value, Some(place))) = parse_line(line) else {
            return Err(format!(
                "{file}:{}: want KEY=VALUE<TAB>PLACE, got {line:?}",
                i + 1
            ));
        };
        settings.push(Assignment {
            key: key.to_string(),
            value: value.to_string(),
            origin: Origin::Directive(place.to_string()),
        });
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(key: &str, value: &str, place: &str) -> Assignment {
        Assignment {
            key: key.into(),
            value: value.into(),
            origin: Origin::Directive(place.into()),
        }
    }

    #[test]
    fn round_trip() {
        let settings = [
            d("panicnil", "1", "cmd/x/main.go:1:1"),
            d("default", "go1.21", "a\tb.go:2:3"),
            d("k", "v=w", "x.go:9:1"),
            d("empty", "", "x.go:10:1"),
        ];
        let text = render(&settings).unwrap();
        assert_eq!(
            text,
            "panicnil=1\tcmd/x/main.go:1:1\ndefault=go1.21\ta\tb.go:2:3\nk=v=w\tx.go:9:1\nempty=\tx.go:10:1\n"
        );
        assert_eq!(parse("d", &text).unwrap(), settings);
        assert_eq!(parse("d", "").unwrap(), []);
    }

    #[test]
    fn refuses_what_does_not_fit() {
        assert!(render(&[d("k", "v", "new\nline.go:1:1")]).is_err());
        assert!(render(&[d("k", "v\r", "x.go:1:1")]).is_err());
        assert!(render(&[d("k=", "v", "x.go:1:1")]).is_err());
        assert_eq!(
            parse("d", "panicnil=1\tx.go:1:1\npanicnil=1\n").unwrap_err(),
            "d:2: want KEY=VALUE<TAB>PLACE, got \"panicnil=1\""
        );
        assert!(parse("d", "panicnil\tx.go:1:1\n").is_err());
        assert_eq!(parse_line("a=b"), Some(("a", "b", None)));
        assert_eq!(
            parse_line("a=b\tgo.mod:3"),
            Some(("a", "b", Some("go.mod:3")))
        );
    }
}
