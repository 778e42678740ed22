//! Every rule, every exemption pattern form and every malformed-policy
//! error, with the positions they report.

use fips_snapshot::Index;

use crate::*;

/// The example of docs/policy.md and examples/.
const EXAMPLE: &str = include_str!("../../../../examples/fips_policy.toml");
/// The policy documentation, which shows the example verbatim.
const DOC: &str = include_str!("../../../../docs/policy.md");
/// The pinned index of the repository.
const INDEX: &str = include_str!("../../../../snapshots/index.toml");

fn index() -> Index {
    Index::parse(INDEX).expect("snapshots/index.toml parses")
}

fn policy(text: &str) -> Policy {
    Policy::parse(text).unwrap_or_else(|e| panic!("policy does not parse:\n{e}\n{text}"))
}

/// A go1.26.6 `GOFIPS140=certified` binary for linux/amd64, as go build
/// makes it.
fn certified() -> Facts {
    Facts {
        target: None,
        requested_version: None,
        gofips140: Some("v1.0.0-c2097c7c".into()),
        godebug_fips140: Some("on".into()),
        tags: vec!["fips140v1.0".into()],
        experiments: None,
        goos: Some("linux".into()),
        goarch: Some("amd64".into()),
        go_version: Some("go1.26.6".into()),
        crypto: Some(Vec::new()),
    }
}

fn with(f: impl FnOnce(&mut Facts)) -> Facts {
    let mut facts = certified();
    f(&mut facts);
    facts
}

fn eval(text: &str, facts: &Facts) -> Evaluation {
    policy(text).evaluate(facts, &index())
}

fn passes(text: &str, facts: &Facts) -> bool {
    let e = eval(text, facts);
    match e.verdict {
        Verdict::Pass => {
            assert!(e.violations.is_empty() && e.exemptions.is_empty());
            true
        }
        Verdict::Fail => {
            assert!(!e.violations.is_empty());
            false
        }
        Verdict::Exempt => panic!("no exemptions in {text}"),
    }
}

/// The one violation of `text` for `facts`.
fn violation(text: &str, facts: &Facts) -> Violation {
    let e = eval(text, facts);
    assert_eq!(e.verdict, Verdict::Fail, "{text}");
    assert_eq!(e.violations.len(), 1, "{:?}", e.violations);
    e.violations[0].clone()
}

/// The errors of a malformed policy, as `line:col: message` strings.
fn errors(text: &str) -> Vec<String> {
    match Policy::parse(text) {
        Ok(p) => panic!("parsed: {p:?}\n{text}"),
        Err(e) => e.iter().map(|e| e.to_string()).collect(),
    }
}

/// The single error of a malformed policy: its position and message.
fn error(text: &str) -> (String, String) {
    let errs = Policy::parse(text).expect_err(text);
    assert_eq!(errs.len(), 1, "{errs}");
    let e = errs.first().expect("one error");
    (e.position.to_string(), e.kind.to_string())
}

#[test]
fn the_example_parses() {
    let p = policy(EXAMPLE);
    let rules: Vec<RuleId> = p.rules().into_iter().map(|(r, _)| r).collect();
    assert_eq!(rules, RuleId::ALL.to_vec(), "the example sets every rule");
    assert_eq!(p.exemptions.len(), 2);
    assert_eq!(p.exemptions[0].reason, "Retired in Q3, ticket SEC-123");
    assert!(p.exemptions[1].rules.is_none());
    // Each rule's position is its key's.
    for (rule, pos) in p.rules() {
        let line = EXAMPLE.lines().nth(pos.line - 1).expect("line exists");
        let key = rule.as_str().split('.').nth(1).expect("key");
        assert!(
            line[pos.column - 1..].starts_with(key),
            "{rule} at {pos}: {line}"
        );
    }
    let header = EXAMPLE.lines().nth(p.exemptions[0].position.line - 1);
    assert_eq!(header, Some("[[exemption]]"));
    // A certified go1.26.6 linux/amd64 binary passes it.
    assert_eq!(p.evaluate(&certified(), &index()).verdict, Verdict::Pass);
}

#[test]
fn the_documentation_shows_the_example_verbatim() {
    let block = format!("```toml\n{EXAMPLE}```\n");
    assert!(
        DOC.contains(&block),
        "docs/policy.md must show examples/fips_policy.toml verbatim"
    );
    // Its other TOML blocks parse too (the schema overview needs nothing
    // else; an exemption block is shown inside a minimal policy).
    for block in DOC.split("```toml\n").skip(1) {
        let text = block.split("```").next().unwrap_or_default();
        let text = if text.contains("schema = 1") {
            text.to_string()
        } else {
            format!("schema = 1\n{text}")
        };
        policy(&text);
    }
}

#[test]
fn minimal_policy_passes_everything() {
    let p = policy("schema = 1\n");
    assert!(p.rules().is_empty());
    assert_eq!(
        p.evaluate(&Facts::default(), &index()).verdict,
        Verdict::Pass
    );
    // Other integer spellings of 1.
    policy("schema = +1\n");
    policy("schema = 0x1\n");
    // Sections may be empty, inline or dotted.
    let p = policy("schema = 1\nbuild = {}\nsdk.min = \"1.24\"\n[versions]\n[modes]\n");
    assert_eq!(
        p.sdk_min.map(|r| r.position),
        Some(Position { line: 3, column: 5 })
    );
}

#[test]
fn versions_allow() {
    let allow = |list: &str| format!("schema = 1\n[versions]\nallow = [{list}]\n");
    // The index says v1.0.0-c2097c7c is certified: the alias matches.
    assert!(passes(&allow("\"certified\""), &certified()));
    assert!(!passes(&allow("\"inprocess\""), &certified()));
    // The exact snapshot version matches too.
    assert!(passes(&allow("\"v1.0.0-c2097c7c\""), &certified()));
    assert!(!passes(&allow("\"v1.0.0\""), &certified()));
    // What the build requested matches, whatever it resolved to.
    let requested = with(|f| f.requested_version = Some("v1.0.0".into()));
    assert!(passes(&allow("\"v1.0.0\""), &requested));
    // v1.26.0 is in process in the index.
    let inprocess = with(|f| {
        f.gofips140 = Some("v1.26.0".into());
        f.tags = vec!["fips140v1.26".into()];
    });
    assert!(passes(&allow("\"inprocess\""), &inprocess));
    assert!(!passes(&allow("\"certified\""), &inprocess));
    // latest and off are themselves.
    let latest = with(|f| {
        f.gofips140 = Some("latest".into());
        f.tags.clear();
    });
    assert!(passes(&allow("\"latest\""), &latest));
    assert!(!passes(&allow("\"certified\", \"inprocess\""), &latest));
    let off = with(|f| {
        f.gofips140 = None;
        f.godebug_fips140 = None;
        f.tags.clear();
    });
    assert!(passes(&allow("\"off\""), &off));
    assert!(!passes(&allow("\"latest\""), &off));
    // v1.0.0 (go1.24.3) is superseded: neither alias matches it.
    let superseded = with(|f| f.gofips140 = Some("v1.0.0".into()));
    assert!(!passes(&allow("\"certified\", \"inprocess\""), &superseded));
    assert!(passes(&allow("\"v1.0.0\""), &superseded));

    let text = allow("\"latest\"");
    let v = violation(&text, &certified());
    assert_eq!((v.rule, v.line, v.column), (RuleId::VersionsAllow, 3, 1));
    assert_eq!(
        v.message,
        "GOFIPS140 is v1.0.0-c2097c7c (certified in the index); allowed: latest"
    );
    let v = violation(
        &text,
        &with(|f| f.requested_version = Some("certified".into())),
    );
    assert_eq!(
        v.message,
        "GOFIPS140 is v1.0.0-c2097c7c (requested certified; certified in the index); allowed: latest"
    );
    let v = violation(&text, &off);
    assert_eq!(
        v.message,
        "GOFIPS140 is off (none recorded); allowed: latest"
    );
    let v = violation(&text, &with(|f| f.gofips140 = Some("v9.9.9".into())));
    assert_eq!(
        v.message,
        "GOFIPS140 is v9.9.9 (not in the index); allowed: latest"
    );
}

#[test]
fn versions_min_status() {
    let min = |s: &str| format!("schema = 1\n[versions]\nmin_status = \"{s}\"\n");
    let inprocess = with(|f| f.gofips140 = Some("v1.26.0".into()));
    let superseded = with(|f| f.gofips140 = Some("v1.0.0".into()));
    let unknown = with(|f| f.gofips140 = Some("v1.99.0".into()));
    let latest = with(|f| f.gofips140 = Some("latest".into()));
    let off = with(|f| f.gofips140 = None);
    assert!(passes(&min("certified"), &certified()));
    assert!(passes(&min("in_process"), &certified()));
    assert!(passes(&min("in_process"), &inprocess));
    assert!(!passes(&min("certified"), &inprocess));
    for facts in [&superseded, &unknown, &latest, &off] {
        assert!(!passes(&min("in_process"), facts), "{facts:?}");
    }
    // The requested alias does not matter: the index status of what was
    // built does.
    let asked = with(|f| {
        f.gofips140 = Some("v1.26.0".into());
        f.requested_version = Some("certified".into());
    });
    assert!(!passes(&min("certified"), &asked));

    let v = violation(&min("certified"), &inprocess);
    assert_eq!(
        (v.rule, v.line, v.column),
        (RuleId::VersionsMinStatus, 3, 1)
    );
    assert_eq!(
        v.message,
        "snapshot v1.26.0 is in_process in the index; required: certified"
    );
    assert_eq!(
        violation(&min("in_process"), &superseded).message,
        "snapshot v1.0.0 is superseded in the index; required: in_process or certified"
    );
    assert_eq!(
        violation(&min("in_process"), &unknown).message,
        "snapshot v1.99.0 is not in the index; required: in_process or certified"
    );
    assert_eq!(
        violation(&min("in_process"), &latest).message,
        "GOFIPS140 is latest: no snapshot, so no validation status; required: in_process or certified"
    );
}

#[test]
fn modes_allow() {
    let text = "schema = 1\n\n[modes]\n  allow = [\"on\", \"only\"]\n";
    assert!(passes(text, &certified()));
    assert!(passes(
        text,
        &with(|f| f.godebug_fips140 = Some("only".into()))
    ));
    assert!(!passes(
        text,
        &with(|f| f.godebug_fips140 = Some("debug".into()))
    ));
    // Absent is off.
    let off = with(|f| f.godebug_fips140 = None);
    let v = violation(text, &off);
    assert_eq!((v.rule, v.line, v.column), (RuleId::ModesAllow, 4, 3));
    assert_eq!(
        v.message,
        "the default GODEBUG sets no fips140 (off); allowed: on, only"
    );
    assert!(passes("schema = 1\nmodes.allow = [\"off\"]\n", &off));
    assert!(passes(
        "schema = 1\nmodes.allow = [\"off\"]\n",
        &with(|f| f.godebug_fips140 = Some("off".into()))
    ));
    assert!(passes(
        "schema = 1\nmodes.allow = [\"debug\"]\n",
        &with(|f| f.godebug_fips140 = Some("debug".into()))
    ));
    // A value Go does not know is not "off".
    let odd = with(|f| f.godebug_fips140 = Some("maybe".into()));
    assert_eq!(
        violation("schema = 1\nmodes.allow = [\"off\"]\n", &odd).message,
        "the default GODEBUG has fips140=maybe; allowed: off"
    );
}

#[test]
fn build_forbid_tags() {
    let text = "schema = 1\n[build]\nforbid_tags = [\"purego\", \"netgo\"]\n";
    assert!(passes(text, &certified()));
    let purego = with(|f| f.tags = split_tags("purego,fips140v1.0"));
    let v = violation(text, &purego);
    assert_eq!((v.rule, v.line, v.column), (RuleId::BuildForbidTags, 3, 1));
    assert_eq!(
        v.message,
        "built with forbidden build tag(s) purego (-tags=purego,fips140v1.0); forbidden: purego, netgo"
    );
    // Tags are words: "puregox" is not "purego".
    assert!(passes(text, &with(|f| f.tags = split_tags("puregox"))));
    assert!(passes("schema = 1\n[build]\nforbid_tags = []\n", &purego));
    assert_eq!(split_tags(" a, b ,,c d"), ["a", "b", "c", "d"]);
}

#[test]
fn build_forbid_experiments() {
    let text = "schema = 1\n[build]\nforbid_experiments = [\"BoringCrypto\"]\n";
    let exp = |s: &str| with(|f| f.experiments = Some(s.into()));
    assert!(passes(text, &certified()));
    let v = violation(text, &exp("boringcrypto"));
    assert_eq!(
        (v.rule, v.line, v.column),
        (RuleId::BuildForbidExperiments, 3, 1)
    );
    assert_eq!(
        v.message,
        "built with forbidden GOEXPERIMENT boringcrypto (GOEXPERIMENT=boringcrypto); forbidden: boringcrypto"
    );
    assert!(!passes(text, &exp("arenas,boringcrypto")));
    // A "no" prefix turns it off; a later entry wins; "none" clears.
    assert!(passes(text, &exp("noboringcrypto")));
    assert!(passes(text, &exp("boringcrypto,noboringcrypto")));
    assert!(!passes(text, &exp("noboringcrypto,boringcrypto")));
    assert!(passes(text, &exp("boringcrypto,none,arenas")));
    assert_eq!(
        enabled_experiments("a,noB,b,none,c,,d,noc"),
        ["d".to_string()]
    );
}

#[test]
fn platforms_allow() {
    let text = "schema = 1\n[platforms]\nallow = [\"linux/amd64\", \"linux/arm64\"]\n";
    assert!(passes(text, &certified()));
    assert!(passes(text, &with(|f| f.goarch = Some("arm64".into()))));
    let win = with(|f| f.goos = Some("windows".into()));
    let v = violation(text, &win);
    assert_eq!((v.rule, v.line, v.column), (RuleId::PlatformsAllow, 3, 1));
    assert_eq!(
        v.message,
        "platform is windows/amd64; allowed: linux/amd64, linux/arm64"
    );
    // Not recorded: cannot be shown to comply.
    let unknown = with(|f| f.goos = None);
    assert_eq!(
        violation(text, &unknown).message,
        "the build information records no platform (GOOS=?, GOARCH=amd64); allowed: linux/amd64, linux/arm64"
    );
}

#[test]
fn sdk_range() {
    let text = "schema = 1\n[sdk]\nmin = \"1.26.0\"\nmax = \"1.27\"\n";
    let go = |v: &str| with(|f| f.go_version = Some(v.into()));
    for ok in [
        "go1.26.0",
        "go1.26.6",
        "go1.27.3",
        "go1.27rc1",
        "go1.27.99 X:boringcrypto",
    ] {
        assert!(passes(text, &go(ok)), "{ok}");
    }
    let v = violation(text, &go("go1.25.5"));
    assert_eq!((v.rule, v.line, v.column), (RuleId::SdkMin, 3, 1));
    assert_eq!(v.message, "built with go1.25.5; required: at least 1.26.0");
    assert!(!passes(text, &go("go1.26rc2")));
    let v = violation(text, &go("go1.28.0"));
    assert_eq!((v.rule, v.line, v.column), (RuleId::SdkMax, 4, 1));
    assert_eq!(
        v.message,
        "built with go1.28.0; required: at most 1.27 (any 1.27.x)"
    );
    assert!(!passes(text, &go("go1.28rc1")));
    // A patch maximum is inclusive.
    let patch = "schema = 1\nsdk.max = \"1.26.6\"\n";
    assert!(passes(patch, &go("go1.26.6")));
    assert!(!passes(patch, &go("go1.26.7")));
    // What cannot be ordered or is missing fails both bounds.
    let e = eval(text, &go("devel go1.27-abcdef"));
    assert_eq!(e.violations.len(), 2);
    assert_eq!(
        e.violations[0].message,
        "Go version \"devel go1.27-abcdef\" cannot be ordered (a development toolchain?); required: at least 1.26.0"
    );
    let e = eval(text, &with(|f| f.go_version = None));
    assert_eq!(
        e.violations[1].message,
        "the build information records no Go version; required: at most 1.27 (any 1.27.x)"
    );
}

#[test]
fn rules_are_reported_in_order_each_once() {
    let facts = Facts {
        gofips140: Some("latest".into()),
        godebug_fips140: Some("on".into()),
        tags: vec!["purego".into()],
        experiments: Some("boringcrypto".into()),
        goos: Some("darwin".into()),
        goarch: Some("arm64".into()),
        go_version: Some("go1.24.11".into()),
        ..Facts::default()
    };
    let e = eval(EXAMPLE, &facts);
    assert_eq!(e.verdict, Verdict::Fail);
    let rules: Vec<RuleId> = e.violations.iter().map(|v| v.rule).collect();
    assert_eq!(
        rules,
        [
            RuleId::VersionsAllow,
            RuleId::VersionsMinStatus,
            RuleId::BuildForbidTags,
            RuleId::BuildForbidExperiments,
            RuleId::PlatformsAllow,
            RuleId::SdkMin,
            // No inventory: nothing shows that no forbidden package is linked.
            RuleId::CryptoForbid,
        ]
    );
    let lines: Vec<usize> = e.violations.iter().map(|v| v.line).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
}

fn crypto_package(package: &str, class: &str, module: &str) -> CryptoPackage {
    CryptoPackage {
        package: package.into(),
        class: class.into(),
        module: Some(module.into()),
        chain: None,
    }
}

const CRYPTO: &str = r#"schema = 1
[crypto]
forbid = ["golang.org/x/crypto/...", "crypto/md5"]
allow = ["golang.org/x/crypto/ed25519"]
"#;

#[test]
fn crypto_forbid() {
    let with_crypto = |packages: Vec<CryptoPackage>| with(|f| f.crypto = Some(packages));
    assert!(passes(CRYPTO, &with_crypto(vec![])));
    let allowed = crypto_package(
        "golang.org/x/crypto/ed25519",
        "wraps-std",
        "golang.org/x/crypto@v0.31.0",
    );
    let sha1 = crypto_package("crypto/sha1", "std-non-approved", "std@go1.26.6");
    assert!(passes(
        CRYPTO,
        &with_crypto(vec![allowed.clone(), sha1.clone()])
    ));
    let v = violation(
        CRYPTO,
        &with_crypto(vec![
            allowed,
            sha1,
            crypto_package("crypto/md5", "std-non-approved", "std@go1.26.6"),
            crypto_package(
                "golang.org/x/crypto/chacha20poly1305",
                "third-party",
                "golang.org/x/crypto@v0.31.0",
            ),
            // A package two entries cover is named once.
            crypto_package(
                "golang.org/x/crypto/chacha20poly1305",
                "wraps-std",
                "golang.org/x/crypto@v0.31.0",
            ),
        ]),
    );
    assert_eq!(v.rule, RuleId::CryptoForbid);
    assert_eq!((v.line, v.column), (3, 1));
    assert_eq!(
        v.message,
        "links forbidden crypto: crypto/md5 (std-non-approved, module std@go1.26.6; forbidden by \"crypto/md5\"), \
         golang.org/x/crypto/chacha20poly1305 (third-party, module golang.org/x/crypto@v0.31.0; forbidden by \"golang.org/x/crypto/...\")"
    );
    // With its import chain, a package says which code brings it in.
    let mut md5 = crypto_package("crypto/md5", "std-non-approved", "std@go1.26.6");
    md5.chain = Some(vec![
        "//app:server".into(),
        "crypto/tls".into(),
        "crypto/md5".into(),
    ]);
    let v = violation(CRYPTO, &with_crypto(vec![md5]));
    assert_eq!(
        v.message,
        "links forbidden crypto: crypto/md5 (std-non-approved, module std@go1.26.6; forbidden by \"crypto/md5\"; \
         chain //app:server -> crypto/tls -> crypto/md5)"
    );
    // Without an inventory the rule fails.
    let v = violation(CRYPTO, &with(|f| f.crypto = None));
    assert!(v.message.contains("could not be taken"), "{}", v.message);
    // A policy without [crypto] never asks for one.
    assert!(passes("schema = 1\n", &with(|f| f.crypto = None)));
    // Exemptions name the rule.
    let exempt = format!("{CRYPTO}[[exemption]]\ntargets = [\"//legacy/...\"]\nrules = [\"crypto.forbid\"]\nreason = \"ticket\"\n");
    let facts = with(|f| {
        f.target = Some(Label::parse("//legacy:x").expect("label"));
        f.crypto = Some(vec![crypto_package(
            "crypto/md5",
            "std-non-approved",
            "std@go1.26.6",
        )]);
    });
    assert_eq!(eval(&exempt, &facts).verdict, Verdict::Exempt);
}

#[test]
fn crypto_errors() {
    assert_eq!(
        error("schema = 1\n[crypto]\nforbid = [\"crypto/md5/\"]\n"),
        (
            "3:11".to_string(),
            "\"crypto/md5/\" is not a package pattern: empty path element (expected an import path, or `path/...` for it and every package beneath it)".to_string()
        )
    );
    assert_eq!(
        error("schema = 1\n[crypto]\nforbids = []\n").1,
        "unknown key `forbids` in [crypto] (expected forbid, allow)"
    );
    assert_eq!(
        error("schema = 1\n[crypto]\nforbid = \"crypto/md5\"\n").1,
        "`crypto.forbid` must be an array of strings, not a string"
    );
}

const EXEMPT: &str = r#"schema = 1
[versions]
allow = ["certified"]
[modes]
allow = ["on"]

[[exemption]]
targets = ["//legacy/...", "//tools:gen"]
rules = ["versions.allow"]
reason = "Retired in Q3, ticket SEC-123"

[[exemption]]
targets = ["@other//x:all"]
reason = "Vendored"
"#;

fn latest_at(target: Option<&str>) -> Facts {
    Facts {
        target: target.map(|t| Label::parse(t).expect("label")),
        gofips140: Some("latest".into()),
        godebug_fips140: Some("on".into()),
        ..Facts::default()
    }
}

#[test]
fn an_exemption_turns_a_fail_into_exempt() {
    let p = policy(EXEMPT);
    let idx = index();
    let e = p.evaluate(&latest_at(Some("//legacy/old:server")), &idx);
    assert_eq!(e.verdict, Verdict::Exempt);
    assert!(e.violations.is_empty());
    assert_eq!(e.exemptions.len(), 1);
    let x = &e.exemptions[0];
    assert_eq!((x.rule, x.line, x.column), (RuleId::VersionsAllow, 7, 1));
    assert_eq!(x.reason, "Retired in Q3, ticket SEC-123");
    assert_eq!(x.pattern, "//legacy/...");
    // The waived violation is kept, with its own position.
    assert_eq!((x.waived.line, x.waived.column), (3, 1));
    assert!(x.waived.message.starts_with("GOFIPS140 is latest"));

    // Without a target, or for another target, nothing is waived.
    for target in [None, Some("//app:server"), Some("@other//legacy:x")] {
        let e = p.evaluate(&latest_at(target), &idx);
        assert_eq!(e.verdict, Verdict::Fail, "{target:?}");
        assert!(e.exemptions.is_empty());
    }
}

#[test]
fn an_exemption_waives_only_its_rules() {
    let p = policy(EXEMPT);
    let mut facts = latest_at(Some("//tools:gen"));
    facts.godebug_fips140 = Some("debug".into());
    let e = p.evaluate(&facts, &index());
    // modes.allow is not waived: fail, and the waived rule still shows.
    assert_eq!(e.verdict, Verdict::Fail);
    assert_eq!(e.violations.len(), 1);
    assert_eq!(e.violations[0].rule, RuleId::ModesAllow);
    assert_eq!(e.exemptions.len(), 1);
    assert_eq!(e.exemptions[0].rule, RuleId::VersionsAllow);
    // Without `rules`, every rule is waived.
    let mut facts = latest_at(Some("@other//x:y"));
    facts.godebug_fips140 = Some("debug".into());
    let e = p.evaluate(&facts, &index());
    assert_eq!(e.verdict, Verdict::Exempt);
    let waived: Vec<RuleId> = e.exemptions.iter().map(|x| x.rule).collect();
    assert_eq!(waived, [RuleId::VersionsAllow, RuleId::ModesAllow]);
    assert!(e
        .exemptions
        .iter()
        .all(|x| x.line == 12 && x.reason == "Vendored"));
    // A passing binary applies no exemption.
    let mut ok = latest_at(Some("//tools:gen"));
    ok.gofips140 = Some("v1.0.0-c2097c7c".into());
    assert_eq!(p.evaluate(&ok, &index()).verdict, Verdict::Pass);
}

#[test]
fn the_first_matching_exemption_applies() {
    let text = "schema = 1\nmodes.allow = [\"only\"]\n\
        [[exemption]]\ntargets = [\"//a:x\"]\nrules = [\"sdk.min\"]\nreason = \"not this\"\n\
        [[exemption]]\ntargets = [\"//a:all\"]\nreason = \"first\"\n\
        [[exemption]]\ntargets = [\"//...\"]\nreason = \"second\"\n";
    let e = eval(text, &latest_at(Some("//a:x")));
    assert_eq!(e.verdict, Verdict::Exempt);
    assert_eq!(e.exemptions[0].reason, "first");
    assert_eq!(e.exemptions[0].line, 7);
    assert_eq!(e.exemptions[0].pattern, "//a:all");
}

#[test]
fn every_exemption_pattern_form() {
    let cases: &[(&str, &str, bool)] = &[
        ("//tools:gen", "//tools:gen", true),
        ("//tools:gen", "//tools:gen2", false),
        ("//tools:gen", "@@//tools:gen", true),
        ("//tools:gen", "@//tools:gen", true),
        ("@//tools:gen", "//tools:gen", true),
        ("@@//tools:gen", "//tools:gen", true),
        ("//cmd/server", "//cmd/server:server", true),
        ("//pkg:all", "//pkg:x", true),
        ("//pkg:all", "//pkg/sub:x", false),
        ("//pkg:*", "//pkg:x", true),
        ("//pkg:*", "//pkgx:x", false),
        ("//pkg:all-targets", "//pkg:x", true),
        ("//pkg/...", "//pkg:x", true),
        ("//pkg/...", "//pkg/a/b:x", true),
        ("//pkg/...", "//pkgx:x", false),
        ("//pkg/...:all", "//pkg/a:x", true),
        ("//...", "//:x", true),
        ("//...", "//a/b/c:d", true),
        ("//...", "@r//a:b", false),
        ("@r//...", "@r//a:b", true),
        ("@r//...", "@@r//a:b", true),
        ("@r//...", "//a:b", false),
        ("@@r//a:b", "@r//a:b", true),
        ("@r//a:all", "@r//a:b", true),
        ("@r//a/...", "@r//a/z:b", true),
    ];
    for (pattern, target, want) in cases {
        let text = format!(
            "schema = 1\nmodes.allow = [\"only\"]\n[[exemption]]\ntargets = [\"{pattern}\"]\nreason = \"r\"\n"
        );
        let got = eval(&text, &latest_at(Some(target))).verdict;
        let want = if *want {
            Verdict::Exempt
        } else {
            Verdict::Fail
        };
        assert_eq!(got, want, "{pattern} vs {target}");
    }
}

#[test]
fn evaluation_serialises_in_the_documented_shape() {
    let e = policy(EXEMPT).evaluate(&latest_at(Some("//legacy:x")), &index());
    let json = serde_json::to_value(&e).expect("serialise");
    assert_eq!(
        json,
        serde_json::json!({
            "verdict": "exempt",
            "violations": [],
            "exemptions": [{
                "rule": "versions.allow",
                "line": 7,
                "reason": "Retired in Q3, ticket SEC-123",
                "pattern": "//legacy/...",
                "waived": {
                    "rule": "versions.allow",
                    "line": 3,
                    "column": 1,
                    "message": "GOFIPS140 is latest; allowed: certified",
                },
            }],
        })
    );
    let e = policy(EXEMPT).evaluate(&latest_at(None), &index());
    let json = serde_json::to_value(&e.violations[0]).expect("serialise");
    assert_eq!(json["rule"], "versions.allow");
    assert_eq!(json["line"], 3);
    assert_eq!(json["column"], 1);
}

// ---- malformed policies ----

#[test]
fn syntax_errors_carry_positions() {
    let (pos, msg) = error("schema = 1\n[versions\nallow = []\n");
    assert_eq!(pos, "2:10");
    assert!(msg.starts_with("invalid TOML: "), "{msg}");
    let (pos, msg) = error("schema = 1\nschema = 1\n");
    assert_eq!(
        (pos.as_str(), msg.as_str()),
        ("2:1", "invalid TOML: duplicate key")
    );
    let (pos, msg) = error("schema = 1\n[sdk]\nmin = \"1.26\n");
    assert_eq!(pos, "3:12");
    assert!(msg.contains("string"), "{msg}");
    let (pos, _) = error("schema = 1\n\u{e9}t\u{e9} = = 1\n");
    assert!(pos.starts_with("2:"), "{pos}");
}

#[test]
fn schema_errors() {
    assert_eq!(
        error("[modes]\nallow = [\"on\"]\n"),
        (
            "1:1".into(),
            "missing `schema = 1`: every policy file states its schema version".into()
        )
    );
    assert_eq!(
        error("\nschema = 2\n"),
        (
            "2:10".into(),
            "schema = 2: this fipstool reads schema = 1".into()
        )
    );
    assert_eq!(
        error("schema = \"1\"\n"),
        (
            "1:10".into(),
            "`schema` must be an integer, not a string".into()
        )
    );
    assert_eq!(
        error("schema = 99999999999999999999\n"),
        (
            "1:10".into(),
            "schema = 99999999999999999999: this fipstool reads schema = 1".into()
        )
    );
}

#[test]
fn unknown_keys_are_errors() {
    assert_eq!(
        error("schema = 1\nversion = 1\n"),
        (
            "2:1".into(),
            "unknown key `version` in the top level (expected schema, versions, modes, build, platforms, sdk, crypto, exemption)".into()
        )
    );
    assert_eq!(
        error("schema = 1\n[versions]\nallowed = [\"certified\"]\n"),
        (
            "3:1".into(),
            "unknown key `allowed` in [versions] (expected allow, min_status)".into()
        )
    );
    assert_eq!(error("schema = 1\n[modes]\ndeny = []\n").0, "3:1");
    assert_eq!(error("schema = 1\n[build]\nforbid_tag = []\n").0, "3:1");
    assert_eq!(error("schema = 1\n[platforms]\n  deny = []\n").0, "3:3");
    assert_eq!(error("schema = 1\n[sdk]\nminimum = \"1.26\"\n").0, "3:1");
    assert_eq!(error("schema = 1\n[sdk.x]\n").0, "2:6");
    assert_eq!(
        error("schema = 1\n[[exemption]]\ntargets = [\"//...\"]\nreason = \"r\"\nexpires = 2026-01-01\n"),
        (
            "5:1".into(),
            "unknown key `expires` in [[exemption]] (expected targets, rules, reason)".into()
        )
    );
    assert_eq!(error("schema = 1\n[sdks]\n").0, "2:2");
}

#[test]
fn wrong_types() {
    assert_eq!(
        error("schema = 1\nversions = [\"certified\"]\n"),
        (
            "2:12".into(),
            "`versions` must be a table, not an array".into()
        )
    );
    assert_eq!(
        error("schema = 1\n[versions]\nallow = \"certified\"\n"),
        (
            "3:9".into(),
            "`versions.allow` must be an array of strings, not a string".into()
        )
    );
    assert_eq!(
        error("schema = 1\n[modes]\nallow = [\"on\", 1]\n"),
        (
            "3:16".into(),
            "`modes.allow[]` must be a string, not an integer".into()
        )
    );
    assert_eq!(
        error("schema = 1\n[versions]\nmin_status = [\"certified\"]\n").1,
        "`versions.min_status` must be a string, not an array"
    );
    assert_eq!(
        error("schema = 1\nsdk.min = 1.26\n"),
        (
            "2:11".into(),
            "`sdk.min` must be a string, not a float".into()
        )
    );
    assert_eq!(
        error("schema = 1\n[exemption]\ntargets = []\n"),
        (
            "2:1".into(),
            "`exemption` must be an array of tables ([[exemption]]), not a table".into()
        )
    );
    assert_eq!(
        error("schema = 1\nexemption = [1]\n"),
        (
            "2:14".into(),
            "`exemption[]` must be a table, not an integer".into()
        )
    );
    assert_eq!(
        error("schema = 1\n[[exemption]]\ntargets = [\"//...\"]\nreason = true\n"),
        (
            "4:10".into(),
            "`exemption.reason` must be a string, not a boolean".into()
        )
    );
}

#[test]
fn empty_and_duplicate_lists() {
    assert_eq!(
        error("schema = 1\n[versions]\nallow = []\n"),
        (
            "3:9".into(),
            "`versions.allow` is empty: an empty allow list allows nothing (remove the key to allow everything)".into()
        )
    );
    assert_eq!(error("schema = 1\nmodes.allow = []\n").0, "2:15");
    assert_eq!(error("schema = 1\nplatforms.allow = []\n").0, "2:19");
    assert_eq!(
        error("schema = 1\n[modes]\nallow = [\"on\", \"on\"]\n"),
        ("3:16".into(), "`modes.allow` lists \"on\" twice".into())
    );
    assert_eq!(
        error("schema = 1\n[build]\nforbid_experiments = [\"arenas\", \"Arenas\"]\n"),
        (
            "3:33".into(),
            "`build.forbid_experiments` lists \"Arenas\" twice".into()
        )
    );
}

#[test]
fn bad_values() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "[versions]\nallow = [\"certified\", \"v2\"]\n",
            "3:23",
            "\"v2\" is not a GOFIPS140 value: expected off, latest, inprocess, certified, or a snapshot version (v1.Y.Z, v1.Y.Z-rcN or v1.Y.Z- followed by 8 letters or digits)",
        ),
        ("[versions]\nallow = [\"Certified\"]\n", "3:10", "\"Certified\" is not a GOFIPS140 value"),
        ("[versions]\nallow = [\"v1.0.0-c2097c7\"]\n", "3:10", "is not a GOFIPS140 value"),
        ("[versions]\nallow = [\"v1.0.0-rc\"]\n", "3:10", "is not a GOFIPS140 value"),
        ("[versions]\nallow = [\"1.0.0\"]\n", "3:10", "is not a GOFIPS140 value"),
        (
            "[versions]\nmin_status = \"superseded\"\n",
            "3:14",
            "min_status \"superseded\": expected certified or in_process",
        ),
        ("[versions]\nmin_status = \"inprocess\"\n", "3:14", "expected certified or in_process"),
        (
            "[modes]\nallow = [\"On\"]\n",
            "3:10",
            "\"On\" is not a FIPS mode: expected on, only, debug or off",
        ),
        (
            "[platforms]\nallow = [\"linux-amd64\"]\n",
            "3:10",
            "\"linux-amd64\" is not a platform: expected GOOS/GOARCH, for example linux/amd64",
        ),
        (
            "[platforms]\nallow = [\"linux/amd64\", \"linus/amd64\"]\n",
            "3:25",
            "\"linus/amd64\" is not a platform: unknown GOOS \"linus\"",
        ),
        (
            "[platforms]\nallow = [\"linux/x86_64\"]\n",
            "3:10",
            "\"linux/x86_64\" is not a platform: unknown GOARCH \"x86_64\"",
        ),
        ("[platforms]\nallow = [\"linux/amd64/v3\"]\n", "3:10", "unknown GOARCH \"amd64/v3\""),
        (
            "[build]\nforbid_tags = [\"pure go\"]\n",
            "3:16",
            "\"pure go\" is not a build tag: a tag is one word of letters, digits, `_` and `.`",
        ),
        ("[build]\nforbid_tags = [\"\"]\n", "3:16", "\"\" is not a build tag"),
        ("[build]\nforbid_tags = [\"a,b\"]\n", "3:16", "\"a,b\" is not a build tag"),
        (
            "[build]\nforbid_experiments = [\"noboringcrypto\"]\n",
            "3:23",
            "\"noboringcrypto\" is not a GOEXPERIMENT name: a `no` prefix turns an experiment off: name the experiment itself",
        ),
        (
            "[build]\nforbid_experiments = [\"none\"]\n",
            "3:23",
            "\"none\" is not a GOEXPERIMENT name: `none` is not an experiment (it turns every experiment off)",
        ),
        (
            "[build]\nforbid_experiments = [\"boring,crypto\"]\n",
            "3:23",
            "\"boring,crypto\" is not a GOEXPERIMENT name: a GOEXPERIMENT name is one word of letters and digits",
        ),
        (
            "[sdk]\nmin = \"go1.26\"\n",
            "3:7",
            "\"go1.26\" is not a Go version: expected 1.N or 1.N.P, for example \"1.26\" or \"1.26.0\"",
        ),
        ("[sdk]\nmax = \"1.27.x\"\n", "3:7", "\"1.27.x\" is not a Go version"),
        ("[sdk]\nmax = \"1\"\n", "3:7", "\"1\" is not a Go version"),
        (
            "[sdk]\nmin = \"1.27.1\"\nmax = \"1.27.0\"\n",
            "3:7",
            "sdk.min 1.27.1 is above sdk.max 1.27.0: no Go version satisfies both",
        ),
        ("[sdk]\nmax = \"1.26\"\nmin = \"1.27\"\n", "4:7", "sdk.min 1.27 is above sdk.max 1.26"),
    ];
    for (body, pos, msg) in cases {
        let text = format!("schema = 1\n{body}");
        let (got_pos, got_msg) = error(&text);
        assert_eq!(&got_pos, pos, "{body}: {got_msg}");
        assert!(got_msg.contains(msg), "{body}: {got_msg}");
    }
    // Within the same minor release, a patch minimum under the minor's
    // maximum is fine.
    policy("schema = 1\n[sdk]\nmin = \"1.27.1\"\nmax = \"1.27\"\n");
    policy("schema = 1\n[sdk]\nmin = \"1.27\"\nmax = \"1.27.0\"\n");
    // Good snapshot spellings.
    policy("schema = 1\nversions.allow = [\"v1.0.0\", \"v1.26.0\", \"v1.0.0-c2097c7c\", \"v1.27.0-rc1\", \"off\", \"latest\", \"inprocess\", \"certified\"]\n");
    policy("schema = 1\nbuild.forbid_tags = [\"purego\", \"fips140v1.0\", \"x_y\"]\n");
}

#[test]
fn exemption_errors() {
    let ex = |body: &str| format!("schema = 1\n\n[[exemption]]\n{body}");
    assert_eq!(
        error(&ex("targets = [\"//...\"]\nreason = \"  \"\n")),
        (
            "5:10".into(),
            "`reason` is empty: an exemption must say why it exists".into()
        )
    );
    assert_eq!(
        error(&ex("targets = [\"//...\"]\n")),
        ("3:1".into(), "[[exemption]] has no `reason`".into())
    );
    assert_eq!(
        error(&ex("reason = \"r\"\n")),
        ("3:1".into(), "[[exemption]] has no `targets`".into())
    );
    assert_eq!(
        error(&ex("targets = []\nreason = \"r\"\n")),
        (
            "4:11".into(),
            "`exemption.targets` is empty: an exemption must name the targets it covers".into()
        )
    );
    assert_eq!(
        error(&ex("targets = [\"//...\"]\nrules = []\nreason = \"r\"\n")),
        (
            "5:9".into(),
            "`exemption.rules` is empty: it would waive nothing (omit `rules` to waive every rule)"
                .into()
        )
    );
    assert_eq!(
        error(&ex("targets = [\"//...\"]\nrules = [\"modes.allow\", \"mode.allow\"]\nreason = \"r\"\n")),
        (
            "5:25".into(),
            "unknown rule \"mode.allow\" (expected versions.allow, versions.min_status, modes.allow, build.forbid_tags, build.forbid_experiments, platforms.allow, sdk.min, sdk.max, crypto.forbid)".into()
        )
    );
    for (pattern, reason) in [
        ("legacy/...", "must start with // (or @repo//)"),
        ("-//legacy/...", "must start with //"),
        ("//legacy/*", "contains a glob"),
        ("//a/.../b", "`...` may only end a pattern"),
        (
            "//a/...:gen",
            "after `...` only :all, :* or :all-targets may follow, not :gen",
        ),
        ("//a:", "the target name after `:` is empty"),
        ("//a//b:c", "has an empty segment"),
        ("//a/../b:c", "has a \"..\" segment"),
        ("@repo", "a repository prefix must be followed by //"),
        ("@re po//a:b", "repository name \"re po\" contains ' '"),
        ("//", "`//` names no package and no target"),
        ("//a b:c", "contains ' '"),
    ] {
        let text = ex(&format!(
            "targets = [\"//ok:x\", \"{pattern}\"]\nreason = \"r\"\n"
        ));
        let (pos, msg) = error(&text);
        assert_eq!(pos, "4:22", "{pattern}");
        let want = format!("{pattern:?} is not a Bazel target pattern: ");
        assert!(msg.starts_with(&want), "{pattern}: {msg}");
        assert!(msg.contains(reason), "{pattern}: {msg}");
    }
}

#[test]
fn every_error_is_reported_in_file_order() {
    let text = "schema = 3\n[versions]\nallow = [\"v2\"]\nmin_status = \"x\"\n[modes]\nallow = [\"up\"]\nzzz = 1\n\
                [[exemption]]\ntargets = [\"x\"]\nreason = \"\"\n";
    assert_eq!(
        errors(text)
            .iter()
            .map(|e| e.split(' ').next().unwrap_or_default())
            .collect::<Vec<_>>(),
        ["1:10:", "3:10:", "4:14:", "6:10:", "7:1:", "9:12:", "10:10:"]
    );
    let errs = Policy::parse(text).expect_err("invalid");
    assert!(errs.to_string().lines().count() == 7);
    assert!(
        matches!(errs.first().map(|e| &e.kind), Some(ErrorKind::UnsupportedSchema(s)) if s == "3")
    );
}
