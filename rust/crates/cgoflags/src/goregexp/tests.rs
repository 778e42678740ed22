use super::*;

/// Whether Go's `FindString(s) == s` holds for `pattern`.
fn whole(pattern: &str, s: &str) -> bool {
    GoRegexp::new(pattern)
        .unwrap_or_else(|e| panic!("{pattern}: {e}"))
        .matches_all(s)
}

fn error(pattern: &str) -> String {
    match GoRegexp::new(pattern) {
        Ok(_) => panic!("{pattern:?} compiled"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn leftmost_first_not_anchored() {
    // The first alternative that matches wins, even if a longer one would
    // cover the whole string: no match of all of it.
    assert!(!whole("x|xy", "xy"));
    assert!(whole("xy|x", "xy"));
    assert!(whole("(?:x|xy)$", "xy"));
    // A match that starts later is not all of it either.
    assert!(!whole("y", "xy"));
    assert!(whole("x*y", "xxy"));
    // Lazy repetition stops early.
    assert!(!whole("x+?", "xxx"));
    assert!(whole("x+?$", "xxx"));
    assert!(!whole("(?U)x+", "xxx"));
    assert!(whole("(?U)x+?", "xxx"));
    // An empty string always passes, as Go's FindString gives "" for no
    // match.
    assert!(whole("x", ""));
    assert!(whole("$^", ""));
}

#[test]
fn perl_classes_and_boundaries_are_ascii() {
    assert!(whole(r"\d+", "0123456789"));
    assert!(!whole(r"\d", "٣")); // ARABIC-INDIC DIGIT THREE
    assert!(!whole(r"\w", "é"));
    assert!(whole(r"\W", "é"));
    assert!(whole(r"\w+", "A_z9"));
    assert!(whole(r"\s+", " \t\n\x0c\r"));
    // Go's \s has no vertical tab; [[:space:]] has.
    assert!(!whole(r"\s", "\x0b"));
    assert!(whole(r"[[:space:]]", "\x0b"));
    assert!(!whole(r"\s", "\u{a0}"));
    assert!(whole(r"[\D]", "x"));
    assert!(whole(r"[^\S]", " "));
    // \b between ASCII word and non-word characters only.
    assert!(!whole(r"é\b", "é"));
    assert!(whole(r"a\bé", "aé"));
    assert!(!whole(r"a\Bé", "aé"));
    assert!(whole(r"\Aab\z", "ab"));
}

#[test]
fn characters_that_are_syntax_in_rust_only() {
    // Escaped punctuation is itself in Go.
    assert!(whole(r"\<\>", "<>"));
    assert!(whole(r"\_\-\!\#\&\~", "_-!#&~"));
    // In a class, [ && -- ~~ are ordinary.
    assert!(whole(r"[a&&b]+", "a&b"));
    assert!(whole(r"[&&--~~]+", "&-~*"));
    assert!(!whole(r"[&&--~~]", "a"));
    assert!(whole(r"[a~~b]+", "a~b"));
    assert!(whole(r"[[a]+", "[a"));
    assert!(whole(r"[[a]]", "a]"));
    // A brace that does not start a counted repetition is a character.
    assert!(whole(r"a{", "a{"));
    assert!(whole(r"a{,2}", "a{,2}"));
    assert!(whole(r"a{1", "a{1"));
    assert!(whole(r"a{01}", "a{01}"));
    assert!(whole(r"a{x}", "a{x}"));
    assert!(whole(r"{", "{"));
    // # and spaces are ordinary (Go has no x flag).
    assert!(whole("a #b", "a #b"));
    // \Q...\E quotes, to the end without \E.
    assert!(whole(r"\Q.*+\E+", r".*++"));
    assert!(whole(r"a\Q(?", "a(?"));
}

#[test]
fn escapes() {
    assert!(whole(r"\x41\x{42}\x{000043}", "ABC"));
    assert!(whole(r"\101\0\07\1234", "A\0\x07S4"));
    assert!(whole(r"\a\f\t\n\r\v", "\x07\x0c\t\n\r\x0b"));
    assert!(whole(r"\x{10FFFF}", "\u{10ffff}"));
    // Surrogates are valid in Go's syntax and match nothing.
    assert!(!whole(r"\x{D800}", "x"));
    assert!(whole(r"[\x{D7FF}-\x{E000}]+", "\u{d7ff}\u{e000}"));
    assert!(whole(r"[^\x{D800}-\x{DFFF}]", "x"));
}

#[test]
fn flags() {
    assert!(whole("(?i)abc", "AbC"));
    assert!(whole("a(?i)b", "aB"));
    assert!(!whole("a(?i)b", "AB"));
    assert!(whole("(?i:a)b", "Ab"));
    assert!(!whole("(?i:a)b", "AB"));
    // A flag group ends at the enclosing `)`, not at `|`.
    assert!(whole("(?:(?i)a|b)", "B"));
    assert!(!whole("(?:(?i)a)b", "AB"));
    assert!(whole("(?i-i:a)", "a"));
    assert!(!whole("(?i-i:a)", "A"));
    assert!(whole("(?i)(?-i:a)A", "aA"));
    // Case folding reaches the Kelvin sign and the long s, in classes and
    // their negations as in Go.
    assert!(whole("(?i)k", "\u{212a}"));
    assert!(whole("(?i)[k]", "\u{212a}"));
    assert!(!whole("(?i)[^k]", "\u{212a}"));
    assert!(whole(r"(?i)\w", "\u{17f}"));
    assert!(!whole(r"(?i)\W", "\u{17f}"));
    assert!(!whole(r"\w", "\u{17f}"));
    // s: dot takes newlines.
    assert!(!whole("a.b", "a\nb"));
    assert!(whole("(?s)a.b", "a\nb"));
    assert!(whole("a[^x]b", "a\nb"));
    // m: ^ and $ at lines.
    assert!(!whole("a$\nb", "a\nb"));
    assert!(whole("(?m)a$\n^b", "a\nb"));
    // An empty flag group is allowed.
    assert!(whole("(?)a", "a"));
}

#[test]
fn repetitions() {
    assert!(whole("a{2}", "aa"));
    assert!(!whole("a{2}", "aaa"));
    assert!(whole("a{2,}", "aaaa"));
    assert!(whole("a{2,3}", "aaa"));
    assert!(whole("a{0}b", "b"));
    assert!(whole("(?:ab){1000}", &"ab".repeat(1000)));
    // A repetition after a flag group repeats what came before it.
    assert!(whole("a(?i)*", "aaa"));
    assert!(whole("a*(?i)*", "aaa"));
    // Empty-width pieces may be repeated.
    assert!(whole("^*a", "a"));
    assert!(whole(r"(?:\b)+a", "a"));
    // The empty alternative comes first and wins.
    assert!(!whole("(|a)+", "aa"));
    assert!(whole("(a|)+", "aa"));
}

#[test]
fn groups_and_alternation() {
    assert!(whole("(a|b)(c)", "bc"));
    assert!(whole("(?P<x>a)(?<y_1>b)", "ab"));
    // Names may repeat.
    assert!(whole("(?P<x>a)(?P<x>b)", "ab"));
    assert!(whole("()a", "a"));
    assert!(!whole("a||b", "b"));
    assert!(whole("a|b|", "b"));
    assert!(whole("|a", "") && !whole("|a", "a"));
}

#[test]
fn unicode_classes() {
    assert!(whole(r"\pL+", "aé漢"));
    assert!(whole(r"\p{L}\PL", "a1"));
    assert!(whole(r"\p{Greek}+", "αβγ"));
    assert!(!whole(r"\p{Greek}", "a"));
    assert!(whole(r"\p{^Greek}", "a"));
    assert!(!whole(r"\P{^Greek}", "a"));
    assert!(whole(r"[\p{Lu}\d]+", "AZ09"));
    assert!(whole(r"[^\p{Lu}]", "a"));
    // Loose names (go1.25 and later).
    assert!(whole(r"\p{uppercase letter}", "A"));
    assert!(whole(r"\p{old_italic}", "\u{10300}"));
    assert!(whole(r"\p{lu}", "A"));
    assert!(whole(r"\p{ASCII}+", "a~\x7f"));
    assert!(!whole(r"\p{ASCII}", "é"));
    assert!(whole(r"\P{ascii}", "é"));
    assert!(whole(r"\p{Any}", "\n"));
    assert!(whole(r"\p{Assigned}", "a"));
    assert!(!whole(r"\p{Assigned}", "\u{378}"));
    assert!(whole(r"\p{Cn}", "\u{378}"));
    // Surrogates: nothing in a string.
    assert!(!whole(r"\p{Cs}", "a"));
    assert!(whole(r"\P{Cs}", "a"));
    assert!(whole(r"[\P{Cs}]", "a"));
    assert!(!whole(r"[^\P{Cs}]", "a"));
    assert!(whole(r"(?i)\p{Lu}", "a"));
    assert!(!whole(r"(?i)\P{Lu}", "a"));
}

#[test]
fn posix_classes() {
    assert!(whole("[[:alpha:]]+", "aZ"));
    assert!(!whole("[[:alpha:]]", "é"));
    assert!(whole("[[:^alpha:]]", "é"));
    assert!(whole("[[:punct:]]+", "!/:@[`{~"));
    assert!(whole("[[:xdigit:][:blank:]]+", "09afAF \t"));
    assert!(whole("[[:word:]]+", "a_1"));
    assert!(whole("(?i)[[:upper:]]", "a"));
    assert!(whole("[[:cntrl:]]", "\x7f"));
    assert!(whole("[[:graph:]]", "~") && !whole("[[:graph:]]", " "));
    assert!(whole("[[:print:]]", " "));
    // [: without :] is an ordinary [.
    assert!(whole("[[:a]+", "[:a"));
}

#[test]
fn class_details() {
    assert!(whole("[]a]+", "]a"));
    assert!(whole("[^]a]", "b") && !whole("[^]a]", "]"));
    assert!(whole("[a-]+", "a-"));
    assert!(whole("[-a]+", "-a"));
    assert!(whole("[a-c-e]+", "b-e"));
    assert!(!whole("[a-c-e]", "d"));
    assert!(whole(r"[\]\\]+", r"]\"));
    assert!(whole(r"[\x41-\x{43}]+", "ABC"));
    assert!(whole(r"[\d-z]+", "5-z"));
    assert!(whole(r"[^\x00-\x{10FFFF}]|a", "a"));
    assert!(!whole(r"[^\x00-\x{10FFFF}]", "b"));
}

#[test]
fn errors_as_go_words_them() {
    for (pattern, want) in [
        ("(", "missing closing ): `(`"),
        ("a(b", "missing closing ): `a(b`"),
        ("a)", "unexpected ): `a)`"),
        ("(a))b", "unexpected ): `(a))b`"),
        ("[a--b]", "invalid character class range: `a--`"),
        ("[a", "missing closing ]: `[a`"),
        ("x[^", "missing closing ]: `[^`"),
        ("[]", "missing closing ]: `[]`"),
        ("[a-", "missing closing ]: `[a-`"),
        ("[z-a]", "invalid character class range: `z-a`"),
        (
            r"[\x{42}-\x41]",
            r"invalid character class range: `\x{42}-\x41`",
        ),
        ("[[:foo:]]", "invalid character class range: `[:foo:]`"),
        (
            "[[:^Alpha:]]",
            "invalid character class range: `[:^Alpha:]`",
        ),
        (r"\p{Foo}", r"invalid character class range: `\p{Foo}`"),
        (r"\pX", r"invalid character class range: `\pX`"),
        (r"\p", r"invalid character class range: `\p`"),
        (r"\p{", r"invalid character class range: `\p{`"),
        (r"a\p{Lu", r"invalid character class range: `\p{Lu`"),
        (r"\p{^}", r"invalid character class range: `\p{^}`"),
        (
            r"\p{isGreek}",
            r"invalid character class range: `\p{isGreek}`",
        ),
        (r"[\p{Foo}]", r"invalid character class range: `\p{Foo}`"),
        (r"\8", r"invalid escape sequence: `\8`"),
        (r"\1", r"invalid escape sequence: `\1`"),
        (r"\18", r"invalid escape sequence: `\1`"),
        (r"\q", r"invalid escape sequence: `\q`"),
        (r"\é", r"invalid escape sequence: `\é`"),
        (r"\C", r"invalid escape sequence: `\C`"),
        (r"\x", r"invalid escape sequence: `\x`"),
        (r"\x4", r"invalid escape sequence: `\x4`"),
        (r"\xg1", r"invalid escape sequence: `\xg1`"),
        (r"\x{}", r"invalid escape sequence: `\x{}`"),
        (r"\x{12", r"invalid escape sequence: `\x{12`"),
        (r"\x{1g}", r"invalid escape sequence: `\x{1g`"),
        (r"\x{110000}", r"invalid escape sequence: `\x{110000`"),
        (r"[\b]", r"invalid escape sequence: `\b`"),
        (r"[\Q]", r"invalid escape sequence: `\Q`"),
        ("a\\", "trailing backslash at end of expression: ``"),
        ("[a\\", "trailing backslash at end of expression: ``"),
        ("*", "missing argument to repetition operator: `*`"),
        ("a|*", "missing argument to repetition operator: `*`"),
        ("(?i)+?", "missing argument to repetition operator: `+?`"),
        ("(*)", "missing argument to repetition operator: `*`"),
        ("{1}", "missing argument to repetition operator: `{1}`"),
        ("a**", "invalid nested repetition operator: `**`"),
        ("a*?+", "invalid nested repetition operator: `*?+`"),
        ("a{2}{3}", "invalid nested repetition operator: `{2}{3}`"),
        ("a+??", "invalid nested repetition operator: `+??`"),
        ("a{1001}", "invalid repeat count: `{1001}`"),
        ("a{2,1}", "invalid repeat count: `{2,1}`"),
        ("a{1,1001}", "invalid repeat count: `{1,1001}`"),
        ("a{99999999999}", "invalid repeat count: `{99999999999}`"),
        ("(a{100}){11}", "invalid repeat count: `{11}`"),
        ("((a{10}){10}){11}?", "invalid repeat count: `{11}?`"),
        ("(?x)a", "invalid or unsupported Perl syntax: `(?x`"),
        ("(?", "invalid or unsupported Perl syntax: `(?`"),
        ("(?i", "invalid or unsupported Perl syntax: `(?i`"),
        ("(?--i)", "invalid or unsupported Perl syntax: `(?--`"),
        ("(?i-)", "invalid or unsupported Perl syntax: `(?i-)`"),
        ("(?-:a)", "invalid or unsupported Perl syntax: `(?-:`"),
        ("(?P=x)", "invalid or unsupported Perl syntax: `(?P`"),
        ("(?P<", "invalid or unsupported Perl syntax: `(?P`"),
        ("(?<", "invalid or unsupported Perl syntax: `(?<`"),
        ("(?P<x", "invalid named capture: `(?P<x`"),
        ("(?P<>a)", "invalid named capture: `(?P<>`"),
        ("(?<a-b>c)", "invalid named capture: `(?<a-b>`"),
        ("(?P<é>a)", "invalid named capture: `(?P<é>`"),
        (
            r"\p{Sidetic}",
            r"Unicode script not in this build's Unicode 16.0 tables: `\p{Sidetic}`",
        ),
    ] {
        assert_eq!(
            error(pattern),
            format!("error parsing regexp: {want}"),
            "{pattern}"
        );
    }
}

#[test]
fn counted_repetitions_nested_up_to_a_thousand_copies() {
    assert!(GoRegexp::new("((a{10}){10}){10}").is_ok());
    assert!(GoRegexp::new("(a{0}){1000}").is_ok());
    assert!(GoRegexp::new("(a{1000}){0}").is_ok());
    assert!(GoRegexp::new("(a*){1000}").is_ok());
    assert!(GoRegexp::new("(a{2,}){500}").is_ok());
    assert!(GoRegexp::new("(a{2,}){501}").is_err());
    assert!(GoRegexp::new("(a{0,}){1000}").is_ok());
    // Only an outer bound of 2 or more triggers the check.
    assert!(GoRegexp::new("((a{1000}){1})").is_ok());
    assert!(GoRegexp::new("((a{1000}){1}){2}").is_err());
}

#[test]
fn limits_are_errors_not_crashes() {
    let deep = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
    assert_eq!(
        GoRegexp::new(&deep).unwrap_err().code,
        ErrorCode::NestingDepth
    );
    let deep = format!("{}a{}", "(?:".repeat(300), ")*".repeat(300));
    assert!(GoRegexp::new(&deep).is_err());
    let stacked = format!("a{}", "*(?i)".repeat(5000));
    assert_eq!(
        GoRegexp::new(&stacked).unwrap_err().code,
        ErrorCode::NestingDepth
    );
    assert_eq!(
        GoRegexp::new(r"\pL{1000}").unwrap_err().code,
        ErrorCode::Large
    );
    let open = "(".repeat(100_000);
    assert_eq!(
        error(&open),
        format!("error parsing regexp: missing closing ): `{open}`")
    );
    // Moderate nesting is fine.
    let ok = format!("{}a{}", "(".repeat(40), ")*".repeat(40));
    assert!(GoRegexp::new(&ok).is_ok());
}

#[test]
fn translation_is_unambiguous() {
    assert_eq!(translate("a.").unwrap(), r"\x{61}[^\x{A}]");
    assert_eq!(
        translate("(?i)a|b*").unwrap(),
        r"(?:(?i:\x{61})|(?:(?i:\x{62}))*)"
    );
    assert_eq!(translate(r"[^\d]").unwrap(), r"[^\x{30}-\x{39}]");
    assert_eq!(translate("").unwrap(), "(?:)");
}
