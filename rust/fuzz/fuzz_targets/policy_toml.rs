//! Parsing arbitrary policy files never panics; every error has a position
//! inside the text; a policy that parses evaluates consistently: each
//! violation names a configured rule at that rule's position, each applied
//! exemption is one of the policy's and waives that rule, and the verdict
//! follows from the lists. Labels and target patterns: a label that parses
//! prints and re-parses to itself, and the pattern of the same text matches
//! it.
#![no_main]

use fips_policy::{Facts, Label, Policy, PolicyErrors, TargetPattern, Verdict};
use fips_snapshot::Index;
use libfuzzer_sys::fuzz_target;

const INDEX: &str = include_str!("../../../snapshots/index.toml");

fn check_errors(text: &str, errors: &PolicyErrors) {
    assert!(!errors.is_empty());
    let lines = text.split('\n').count();
    let mut last = None;
    for e in errors {
        assert!(e.position.line >= 1 && e.position.column >= 1, "{e}");
        assert!(e.position.line <= lines, "{e}: only {lines} lines");
        assert!(last <= Some(e.position), "errors out of order");
        last = Some(e.position);
    }
}

fn facts(target: Option<Label>, fields: &[&str]) -> Facts {
    let get = |i: usize| fields.get(i).map(|s| s.to_string()).filter(|s| s != "-");
    Facts {
        target,
        requested_version: get(0),
        gofips140: get(1),
        godebug_fips140: get(2),
        tags: get(3)
            .map(|t| fips_policy::split_tags(&t))
            .unwrap_or_default(),
        experiments: get(4),
        goos: get(5),
        goarch: get(6),
        go_version: get(7),
        // Packages and their classes, `package:class` separated by commas.
        crypto: get(8).map(|c| {
            c.split(',')
                .map(|p| {
                    let (package, class) = p.split_once(':').unwrap_or((p, "third-party"));
                    fips_policy::CryptoPackage {
                        package: package.to_string(),
                        class: class.to_string(),
                        module: None,
                        chain: None,
                    }
                })
                .collect()
        }),
    }
}

fn check_evaluation(policy: &Policy, facts: &Facts, index: &Index) {
    let e = policy.evaluate(facts, index);
    let rules = policy.rules();
    let mut seen = Vec::new();
    for v in &e.violations {
        let pos = rules.iter().find(|(r, _)| *r == v.rule).map(|(_, p)| *p);
        let pos = pos.expect("a violation of a rule the policy does not set");
        assert_eq!((pos.line, pos.column), (v.line, v.column));
        assert!(!seen.contains(&v.rule), "rule reported twice");
        seen.push(v.rule);
    }
    for x in &e.exemptions {
        assert!(
            facts.target.is_some(),
            "an exemption applied without a target"
        );
        assert!(!seen.contains(&x.rule), "rule reported twice");
        seen.push(x.rule);
        assert_eq!(x.rule, x.waived.rule);
        assert!(policy.exemptions.iter().any(|ex| ex.position.line == x.line
            && ex.position.column == x.column
            && ex.reason == x.reason
            && ex.waives(x.rule)
            && ex.targets.iter().any(|t| t.text == x.pattern)));
    }
    let want = if !e.violations.is_empty() {
        Verdict::Fail
    } else if !e.exemptions.is_empty() {
        Verdict::Exempt
    } else {
        Verdict::Pass
    };
    assert_eq!(e.verdict, want);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split('\0');
    let policy_text = parts.next().unwrap_or("");
    let label_text = parts.next();
    let fact_fields: Vec<&str> = parts
        .next()
        .map(|f| f.split('\n').collect())
        .unwrap_or_default();

    let label = label_text.and_then(|l| Label::parse(l).ok());
    if let (Some(text), Some(label)) = (label_text, &label) {
        assert_eq!(Label::parse(&label.to_string()).as_ref(), Ok(label));
        if let Ok(p) = TargetPattern::parse(text) {
            assert!(p.matches(label), "{text} does not match itself");
        }
    }
    if let Some(text) = label_text {
        let _ = TargetPattern::parse(text);
    }

    let policy = match Policy::parse(policy_text) {
        Ok(p) => p,
        Err(errors) => {
            check_errors(policy_text, &errors);
            return;
        }
    };
    let Ok(index) = Index::parse(INDEX) else {
        return;
    };
    check_evaluation(&policy, &facts(label.clone(), &fact_fields), &index);
    check_evaluation(&policy, &Facts::default(), &index);
    let certified = [
        "certified",
        "v1.0.0-c2097c7c",
        "on",
        "fips140v1.0",
        "-",
        "linux",
        "amd64",
        "go1.26.6",
    ];
    check_evaluation(&policy, &facts(label, &certified), &index);
});
