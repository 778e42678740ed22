//! BUILD file text in buildifier's layout: 4-space indent, a list of one
//! item on one line, longer lists one item per line with trailing commas.

/// A Starlark string literal.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One attribute's value.
pub enum Value {
    Str(String),
    Bool(bool),
    List(Vec<String>),
    /// A list of labels plus a call that resolves import paths to more
    /// (`[...] + go_deps([...])`); left out when both are empty.
    Resolved {
        labels: Vec<String>,
        function: String,
        imports: Vec<String>,
        /// The module the BUILD file is of, passed as `module = "..."`.
        module: String,
    },
}

/// `[...]`: one item on one line, more one a line at `indent`.
fn list(items: &[String], indent: &str) -> String {
    match items {
        [] => "[]".to_string(),
        [one] => format!("[{}]", string(one)),
        many => {
            let mut out = String::from("[\n");
            for item in many {
                out.push_str(&format!("{indent}    {},\n", string(item)));
            }
            out.push_str(&format!("{indent}]"));
            out
        }
    }
}

/// A rule call: `kind(` attributes in the order given `)`. Empty lists are
/// left out.
pub fn call(kind: &str, attrs: &[(&str, Value)]) -> String {
    let mut out = format!("{kind}(\n");
    for (name, value) in attrs {
        match value {
            Value::Str(s) => out.push_str(&format!("    {name} = {},\n", string(s))),
            Value::Bool(b) => out.push_str(&format!(
                "    {name} = {},\n",
                if *b { "True" } else { "False" }
            )),
            Value::List(items) => {
                if !items.is_empty() {
                    out.push_str(&format!("    {name} = {},\n", list(items, "    ")));
                }
            }
            Value::Resolved {
                labels,
                function,
                imports,
                module,
            } => {
                let call = format!(
                    "{function}({}, module = {})",
                    list(imports, "    "),
                    string(module)
                );
                match (labels.is_empty(), imports.is_empty()) {
                    (true, true) => {}
                    (false, true) => {
                        out.push_str(&format!("    {name} = {},\n", list(labels, "    ")))
                    }
                    (true, false) => out.push_str(&format!("    {name} = {call},\n")),
                    (false, false) => out.push_str(&format!(
                        "    {name} = {} + {call},\n",
                        list(labels, "    ")
                    )),
                }
            }
        }
    }
    out.push_str(")\n");
    out
}

/// `exports_files([...])`.
pub fn exports_files(files: &[String]) -> String {
    match files {
        [one] => format!("exports_files([{}])\n", string(one)),
        many => {
            let mut out = String::from("exports_files([\n");
            for f in many {
                out.push_str(&format!("    {},\n", string(f)));
            }
            out.push_str("])\n");
            out
        }
    }
}

/// `load("<file>", "a", "b")`, symbols sorted.
pub fn load(file: &str, symbols: &[&str]) -> String {
    let mut symbols = symbols.to_vec();
    symbols.sort_unstable();
    symbols.dedup();
    let quoted: Vec<String> = symbols.iter().map(|s| string(s)).collect();
    format!("load({}, {})\n", string(file), quoted.join(", "))
}

/// A `#` comment, wrapped at about 100 columns on spaces.
pub fn comment(text: &str) -> String {
    let mut out = String::new();
    for para in text.lines() {
        let mut line = String::from("#");
        for word in para.split(' ') {
            if line.len() > 1 && line.len() + 1 + word.len() > 100 {
                out.push_str(&line);
                out.push('\n');
                line = String::from("#  ");
            }
            line.push(' ');
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout() {
        let text = call(
            "go_library",
            &[
                ("name", Value::Str("a".into())),
                (
                    "srcs",
                    Value::List(vec!["a.go".into(), "b \"q\".go".into()]),
                ),
                ("cgo", Value::Bool(true)),
                ("deps", Value::List(vec![])),
                (
                    "visibility",
                    Value::List(vec!["//visibility:public".into()]),
                ),
            ],
        );
        assert_eq!(
            text,
            "go_library(\n    name = \"a\",\n    srcs = [\n        \"a.go\",\n        \"b \\\"q\\\".go\",\n    ],\n    cgo = True,\n    visibility = [\"//visibility:public\"],\n)\n"
        );
        assert_eq!(
            load("//:d.bzl", &["go_library", "go_binary", "go_library"]),
            "load(\"//:d.bzl\", \"go_binary\", \"go_library\")\n"
        );
        assert_eq!(exports_files(&["a".into()]), "exports_files([\"a\"])\n");
        assert_eq!(
            exports_files(&["a".into(), "b".into()]),
            "exports_files([\n    \"a\",\n    \"b\",\n])\n"
        );
        assert_eq!(comment("fips: x y"), "# fips: x y\n");
        let long = comment(&format!("fips: {}", "word ".repeat(40).trim_end()));
        assert!(
            long.lines().count() > 1 && long.lines().all(|l| l.len() <= 104),
            "{long}"
        );
    }
}
