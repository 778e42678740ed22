//! The policy file: parsing with spans, and validation of every value.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;

use serde::Serialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

pub use fips_cryptoinv::PackagePattern;

use crate::error::{ErrorKind, PolicyError, PolicyErrors};
use crate::goversion::SdkBound;
use crate::label::TargetPattern;
use crate::position::Position;

/// The only schema version this code reads.
pub const SCHEMA: i64 = 1;

/// A rule of the policy, named `<section>.<key>` as in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    VersionsAllow,
    VersionsMinStatus,
    ModesAllow,
    BuildForbidTags,
    BuildForbidExperiments,
    PlatformsAllow,
    SdkMin,
    SdkMax,
    CryptoForbid,
}

impl RuleId {
    /// Every rule, in the order they are evaluated and reported.
    pub const ALL: [RuleId; 9] = [
        RuleId::VersionsAllow,
        RuleId::VersionsMinStatus,
        RuleId::ModesAllow,
        RuleId::BuildForbidTags,
        RuleId::BuildForbidExperiments,
        RuleId::PlatformsAllow,
        RuleId::SdkMin,
        RuleId::SdkMax,
        RuleId::CryptoForbid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::VersionsAllow => "versions.allow",
            RuleId::VersionsMinStatus => "versions.min_status",
            RuleId::ModesAllow => "modes.allow",
            RuleId::BuildForbidTags => "build.forbid_tags",
            RuleId::BuildForbidExperiments => "build.forbid_experiments",
            RuleId::PlatformsAllow => "platforms.allow",
            RuleId::SdkMin => "sdk.min",
            RuleId::SdkMax => "sdk.max",
            RuleId::CryptoForbid => "crypto.forbid",
        }
    }

    pub fn parse(s: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A rule's value and where its key is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule<T> {
    pub value: T,
    pub position: Position,
}

/// An entry of `versions.allow`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VersionEntry {
    Off,
    Latest,
    /// The alias: also matches a snapshot the index says is in process.
    InProcess,
    /// The alias: also matches a snapshot the index says is certified.
    Certified,
    /// A snapshot version (`v1.0.0`, `v1.26.0`, `v1.0.0-c2097c7c`).
    Snapshot(String),
}

impl VersionEntry {
    pub fn parse(s: &str) -> Option<VersionEntry> {
        Some(match s {
            "off" => VersionEntry::Off,
            "latest" => VersionEntry::Latest,
            "inprocess" => VersionEntry::InProcess,
            "certified" => VersionEntry::Certified,
            v if is_snapshot_version(v) => VersionEntry::Snapshot(v.to_string()),
            _ => return None,
        })
    }

    pub fn as_str(&self) -> &str {
        match self {
            VersionEntry::Off => "off",
            VersionEntry::Latest => "latest",
            VersionEntry::InProcess => "inprocess",
            VersionEntry::Certified => "certified",
            VersionEntry::Snapshot(v) => v,
        }
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `vX.Y.Z`, `vX.Y.Z-rcN`, or `vX.Y.Z-` followed by 8 ASCII letters or
/// digits: the snapshot versions any Go release accepts as GOFIPS140.
pub fn is_snapshot_version(s: &str) -> bool {
    let Some(v) = s.strip_prefix('v') else {
        return false;
    };
    let (core, suffix) = match v.split_once('-') {
        Some((c, s)) => (c, Some(s)),
        None => (v, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() != 3 || !parts.iter().all(|p| digits(p)) {
        return false;
    }
    match suffix {
        None => true,
        Some(s) if s.len() == 8 && s.bytes().all(|b| b.is_ascii_alphanumeric()) => true,
        Some(s) => s.strip_prefix("rc").is_some_and(digits),
    }
}

/// `versions.min_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MinStatus {
    InProcess,
    Certified,
}

impl MinStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MinStatus::InProcess => "in_process",
            MinStatus::Certified => "certified",
        }
    }
}

/// An entry of `modes.allow`: the fips140 value of the default GODEBUG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    On,
    Only,
    Debug,
    Off,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        Some(match s {
            "on" => Mode::On,
            "only" => Mode::Only,
            "debug" => Mode::Debug,
            "off" => Mode::Off,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::On => "on",
            Mode::Only => "only",
            Mode::Debug => "debug",
            Mode::Off => "off",
        }
    }
}

/// Every GOOS and GOARCH the go command knows (go/build's lists, including
/// the ones it only reserves): the build-constraint crate's.
pub use fips_buildtags::{KNOWN_ARCH as KNOWN_GOARCH, KNOWN_OS as KNOWN_GOOS};

/// An entry of `platforms.allow`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Platform {
    pub goos: String,
    pub goarch: String,
}

impl Platform {
    pub fn parse(s: &str) -> Result<Platform, String> {
        let Some((goos, goarch)) = s.split_once('/') else {
            return Err("expected GOOS/GOARCH, for example linux/amd64".into());
        };
        if !KNOWN_GOOS.contains(&goos) {
            return Err(format!("unknown GOOS {goos:?}"));
        }
        if !KNOWN_GOARCH.contains(&goarch) {
            return Err(format!("unknown GOARCH {goarch:?}"));
        }
        Ok(Platform {
            goos: goos.to_string(),
            goarch: goarch.to_string(),
        })
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.goos, self.goarch)
    }
}

/// One `[[exemption]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exemption {
    /// Where its `[[exemption]]` header is.
    pub position: Position,
    pub targets: Vec<TargetPattern>,
    /// The rules it waives; None: every rule.
    pub rules: Option<Vec<RuleId>>,
    pub reason: String,
}

impl Exemption {
    pub fn waives(&self, rule: RuleId) -> bool {
        self.rules.as_ref().map_or(true, |r| r.contains(&rule))
    }
}

/// A parsed, valid policy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Policy {
    pub versions_allow: Option<Rule<Vec<VersionEntry>>>,
    pub versions_min_status: Option<Rule<MinStatus>>,
    pub modes_allow: Option<Rule<Vec<Mode>>>,
    pub build_forbid_tags: Option<Rule<Vec<String>>>,
    /// Lower-cased (Go matches experiment names in lower case).
    pub build_forbid_experiments: Option<Rule<Vec<String>>>,
    pub platforms_allow: Option<Rule<Vec<Platform>>>,
    pub sdk_min: Option<Rule<SdkBound>>,
    pub sdk_max: Option<Rule<SdkBound>>,
    /// Crypto packages the binary must not link (its crypto inventory).
    pub crypto_forbid: Option<Rule<Vec<PackagePattern>>>,
    /// Exceptions to `crypto.forbid`.
    pub crypto_allow: Option<Rule<Vec<PackagePattern>>>,
    pub exemptions: Vec<Exemption>,
}

impl Policy {
    /// Parse and validate a policy file's text. All errors are reported, in
    /// file order.
    pub fn parse(text: &str) -> Result<Policy, PolicyErrors> {
        let root = match DeTable::parse(text) {
            Ok(root) => root,
            Err(e) => {
                let offset = e.span().map_or(0, |s| s.start);
                return Err(PolicyErrors(vec![PolicyError {
                    position: Position::at(text, offset),
                    kind: ErrorKind::Syntax(e.message().trim().to_string()),
                }]));
            }
        };
        let mut p = Parser {
            text,
            errors: Vec::new(),
            policy: Policy::default(),
        };
        p.root(root.get_ref());
        if p.errors.is_empty() {
            Ok(p.policy)
        } else {
            p.errors.sort_by_key(|e| e.position);
            Err(PolicyErrors(p.errors))
        }
    }

    /// The configured rules and their positions, in evaluation order.
    pub fn rules(&self) -> Vec<(RuleId, Position)> {
        let pos = |r: RuleId| -> Option<Position> {
            match r {
                RuleId::VersionsAllow => self.versions_allow.as_ref().map(|x| x.position),
                RuleId::VersionsMinStatus => self.versions_min_status.as_ref().map(|x| x.position),
                RuleId::ModesAllow => self.modes_allow.as_ref().map(|x| x.position),
                RuleId::BuildForbidTags => self.build_forbid_tags.as_ref().map(|x| x.position),
                RuleId::BuildForbidExperiments => {
                    self.build_forbid_experiments.as_ref().map(|x| x.position)
                }
                RuleId::PlatformsAllow => self.platforms_allow.as_ref().map(|x| x.position),
                RuleId::SdkMin => self.sdk_min.as_ref().map(|x| x.position),
                RuleId::SdkMax => self.sdk_max.as_ref().map(|x| x.position),
                RuleId::CryptoForbid => self.crypto_forbid.as_ref().map(|x| x.position),
            }
        };
        RuleId::ALL
            .into_iter()
            .filter_map(|r| pos(r).map(|p| (r, p)))
            .collect()
    }
}

type Entry<'t, 'i> = (
    &'t Spanned<toml::de::DeString<'i>>,
    &'t Spanned<DeValue<'i>>,
);

/// A table's entries in file order (the toml crate keeps them sorted by
/// key).
fn entries<'t, 'i>(table: &'t DeTable<'i>) -> Vec<Entry<'t, 'i>> {
    let mut v: Vec<Entry<'t, 'i>> = table.iter().collect();
    v.sort_by_key(|(k, _)| k.span().start);
    v
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

const TOP_KEYS: &[&str] = &[
    "schema",
    "versions",
    "modes",
    "build",
    "platforms",
    "sdk",
    "crypto",
    "exemption",
];
const VERSIONS_KEYS: &[&str] = &["allow", "min_status"];
const MODES_KEYS: &[&str] = &["allow"];
const BUILD_KEYS: &[&str] = &["forbid_tags", "forbid_experiments"];
const PLATFORMS_KEYS: &[&str] = &["allow"];
const SDK_KEYS: &[&str] = &["min", "max"];
const CRYPTO_KEYS: &[&str] = &["forbid", "allow"];
const EXEMPTION_KEYS: &[&str] = &["targets", "rules", "reason"];

const ALLOW_EMPTY_HINT: &str =
    "an empty allow list allows nothing (remove the key to allow everything)";

struct Parser<'a> {
    text: &'a str,
    errors: Vec<PolicyError>,
    policy: Policy,
}

impl Parser<'_> {
    fn pos(&self, span: Range<usize>) -> Position {
        Position::at(self.text, span.start)
    }

    fn error(&mut self, span: Range<usize>, kind: ErrorKind) {
        let position = self.pos(span);
        self.errors.push(PolicyError { position, kind });
    }

    fn root(&mut self, root: &DeTable<'_>) {
        let mut schema_seen = false;
        for (k, v) in entries(root) {
            match k.get_ref().as_ref() {
                "schema" => {
                    schema_seen = true;
                    self.schema(v);
                }
                "versions" => {
                    if let Some(t) = self.table("versions", v) {
                        self.versions(t);
                    }
                }
                "modes" => {
                    if let Some(t) = self.table("modes", v) {
                        self.modes(t);
                    }
                }
                "build" => {
                    if let Some(t) = self.table("build", v) {
                        self.build(t);
                    }
                }
                "platforms" => {
                    if let Some(t) = self.table("platforms", v) {
                        self.platforms(t);
                    }
                }
                "sdk" => {
                    if let Some(t) = self.table("sdk", v) {
                        self.sdk(t);
                    }
                }
                "crypto" => {
                    if let Some(t) = self.table("crypto", v) {
                        self.crypto(t);
                    }
                }
                "exemption" => self.exemptions(v),
                other => self.error(
                    k.span(),
                    ErrorKind::UnknownKey {
                        table: "the top level",
                        key: other.to_string(),
                        expected: TOP_KEYS,
                    },
                ),
            }
        }
        if !schema_seen {
            self.errors.push(PolicyError {
                position: Position::START,
                kind: ErrorKind::MissingSchema,
            });
        }
    }

    fn schema(&mut self, v: &Spanned<DeValue<'_>>) {
        let DeValue::Integer(i) = v.get_ref() else {
            let found = type_name(v.get_ref());
            self.error(
                v.span(),
                ErrorKind::WrongType {
                    key: "schema".into(),
                    expected: "an integer",
                    found,
                },
            );
            return;
        };
        if i64::from_str_radix(i.as_str(), i.radix()).ok() != Some(SCHEMA) {
            let written = self.text.get(v.span()).unwrap_or(i.as_str()).to_string();
            self.error(v.span(), ErrorKind::UnsupportedSchema(written));
        }
    }

    fn table<'t, 'i>(&mut self, key: &str, v: &'t Spanned<DeValue<'i>>) -> Option<&'t DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                let found = type_name(other);
                self.error(
                    v.span(),
                    ErrorKind::WrongType {
                        key: key.to_string(),
                        expected: "a table",
                        found,
                    },
                );
                None
            }
        }
    }

    fn unknown(
        &mut self,
        table: &'static str,
        expected: &'static [&'static str],
        k: &Spanned<toml::de::DeString<'_>>,
    ) {
        self.error(
            k.span(),
            ErrorKind::UnknownKey {
                table,
                key: k.get_ref().to_string(),
                expected,
            },
        );
    }

    fn string(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<(String, Range<usize>)> {
        match v.get_ref() {
            DeValue::String(s) => Some((s.to_string(), v.span())),
            other => {
                let found = type_name(other);
                self.error(
                    v.span(),
                    ErrorKind::WrongType {
                        key: key.to_string(),
                        expected: "a string",
                        found,
                    },
                );
                None
            }
        }
    }

    /// An array of strings, each checked by `check` (which reports its own
    /// errors and returns None for a bad entry). Duplicates are errors; an
    /// empty array is an error when `empty_hint` is given.
    fn list<T>(
        &mut self,
        key: &str,
        v: &Spanned<DeValue<'_>>,
        empty_hint: Option<&'static str>,
        mut check: impl FnMut(&mut Self, &str, Range<usize>) -> Option<T>,
    ) -> Option<Vec<T>> {
        let DeValue::Array(items) = v.get_ref() else {
            let found = type_name(v.get_ref());
            self.error(
                v.span(),
                ErrorKind::WrongType {
                    key: key.to_string(),
                    expected: "an array of strings",
                    found,
                },
            );
            return None;
        };
        if items.is_empty() {
            if let Some(hint) = empty_hint {
                self.error(
                    v.span(),
                    ErrorKind::EmptyList {
                        key: key.to_string(),
                        hint,
                    },
                );
                return None;
            }
        }
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        let mut ok = true;
        for item in items.iter() {
            let DeValue::String(s) = item.get_ref() else {
                let found = type_name(item.get_ref());
                self.error(
                    item.span(),
                    ErrorKind::WrongType {
                        key: format!("{key}[]"),
                        expected: "a string",
                        found,
                    },
                );
                ok = false;
                continue;
            };
            if !seen.insert(s.to_string()) {
                self.error(
                    item.span(),
                    ErrorKind::Duplicate {
                        key: key.to_string(),
                        value: s.to_string(),
                    },
                );
                ok = false;
                continue;
            }
            match check(self, s, item.span()) {
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn versions(&mut self, t: &DeTable<'_>) {
        for (k, v) in entries(t) {
            let position = self.pos(k.span());
            match k.get_ref().as_ref() {
                "allow" => {
                    let value =
                        self.list("versions.allow", v, Some(ALLOW_EMPTY_HINT), |p, s, span| {
                            let e = VersionEntry::parse(s);
                            if e.is_none() {
                                p.error(span, ErrorKind::BadVersion(s.to_string()));
                            }
                            e
                        });
                    if let Some(value) = value {
                        self.policy.versions_allow = Some(Rule { value, position });
                    }
                }
                "min_status" => {
                    if let Some((s, span)) = self.string("versions.min_status", v) {
                        let value = match s.as_str() {
                            "certified" => MinStatus::Certified,
                            "in_process" => MinStatus::InProcess,
                            _ => {
                                self.error(span, ErrorKind::BadStatus(s));
                                continue;
                            }
                        };
                        self.policy.versions_min_status = Some(Rule { value, position });
                    }
                }
                _ => self.unknown("[versions]", VERSIONS_KEYS, k),
            }
        }
    }

    fn modes(&mut self, t: &DeTable<'_>) {
        for (k, v) in entries(t) {
            let position = self.pos(k.span());
            match k.get_ref().as_ref() {
                "allow" => {
                    let value =
                        self.list("modes.allow", v, Some(ALLOW_EMPTY_HINT), |p, s, span| {
                            let m = Mode::parse(s);
                            if m.is_none() {
                                p.error(span, ErrorKind::BadMode(s.to_string()));
                            }
                            m
                        });
                    if let Some(value) = value {
                        self.policy.modes_allow = Some(Rule { value, position });
                    }
                }
                _ => self.unknown("[modes]", MODES_KEYS, k),
            }
        }
    }

    fn build(&mut self, t: &DeTable<'_>) {
        for (k, v) in entries(t) {
            let position = self.pos(k.span());
            match k.get_ref().as_ref() {
                "forbid_tags" => {
                    let value = self.list("build.forbid_tags", v, None, |p, s, span| {
                        let valid = !s.is_empty()
                            && s.chars()
                                .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
                        if !valid {
                            p.error(span, ErrorKind::BadTag(s.to_string()));
                        }
                        valid.then(|| s.to_string())
                    });
                    if let Some(value) = value {
                        self.policy.build_forbid_tags = Some(Rule { value, position });
                    }
                }
                "forbid_experiments" => {
                    let mut lowered = BTreeSet::new();
                    let value = self.list("build.forbid_experiments", v, None, |p, s, span| {
                        let reason =
                            if s.is_empty() || !s.chars().all(|c| c.is_ascii_alphanumeric()) {
                                Some("a GOEXPERIMENT name is one word of letters and digits")
                            } else if s.eq_ignore_ascii_case("none") {
                                Some("`none` is not an experiment (it turns every experiment off)")
                            } else if s.len() > 2 && s[..2].eq_ignore_ascii_case("no") {
                                Some(
                                "a `no` prefix turns an experiment off: name the experiment itself",
                            )
                            } else {
                                None
                            };
                        if let Some(reason) = reason {
                            p.error(
                                span,
                                ErrorKind::BadExperiment {
                                    value: s.to_string(),
                                    reason,
                                },
                            );
                            return None;
                        }
                        let lower = s.to_ascii_lowercase();
                        if !lowered.insert(lower.clone()) {
                            p.error(
                                span,
                                ErrorKind::Duplicate {
                                    key: "build.forbid_experiments".into(),
                                    value: s.to_string(),
                                },
                            );
                            return None;
                        }
                        Some(lower)
                    });
                    if let Some(value) = value {
                        self.policy.build_forbid_experiments = Some(Rule { value, position });
                    }
                }
                _ => self.unknown("[build]", BUILD_KEYS, k),
            }
        }
    }

    fn platforms(&mut self, t: &DeTable<'_>) {
        for (k, v) in entries(t) {
            let position = self.pos(k.span());
            match k.get_ref().as_ref() {
                "allow" => {
                    let value = self.list(
                        "platforms.allow",
                        v,
                        Some(ALLOW_EMPTY_HINT),
                        |p, s, span| match Platform::parse(s) {
                            Ok(pl) => Some(pl),
                            Err(reason) => {
                                p.error(
                                    span,
                                    ErrorKind::BadPlatform {
                                        value: s.to_string(),
                                        reason,
                                    },
                                );
                                None
                            }
                        },
                    );
                    if let Some(value) = value {
                        self.policy.platforms_allow = Some(Rule { value, position });
                    }
                }
                _ => self.unknown("[platforms]", PLATFORMS_KEYS, k),
            }
        }
    }

    fn sdk(&mut self, t: &DeTable<'_>) {
        let mut min_span = None;
        for (k, v) in entries(t) {
            let position = self.pos(k.span());
            let key = k.get_ref().as_ref();
            if key != "min" && key != "max" {
                self.unknown("[sdk]", SDK_KEYS, k);
                continue;
            }
            let Some((s, span)) = self.string(&format!("sdk.{key}"), v) else {
                continue;
            };
            let Some(value) = SdkBound::parse(&s) else {
                self.error(span, ErrorKind::BadSdkVersion(s));
                continue;
            };
            if key == "min" {
                min_span = Some(span);
                self.policy.sdk_min = Some(Rule { value, position });
            } else {
                self.policy.sdk_max = Some(Rule { value, position });
            }
        }
        if let (Some(min), Some(max), Some(span)) =
            (&self.policy.sdk_min, &self.policy.sdk_max, min_span)
        {
            if min.value.range_is_empty(&max.value) {
                let kind = ErrorKind::SdkRange {
                    min: min.value.text.clone(),
                    max: max.value.text.clone(),
                };
                self.error(span, kind);
            }
        }
    }

    fn crypto(&mut self, t: &DeTable<'_>) {
        for (k, v) in entries(t) {
            let position = self.pos(k.span());
            let key = k.get_ref().as_ref();
            if key != "forbid" && key != "allow" {
                self.unknown("[crypto]", CRYPTO_KEYS, k);
                continue;
            }
            let value = self.list(&format!("crypto.{key}"), v, None, |p, s, span| {
                match PackagePattern::parse(s) {
                    Ok(pattern) => Some(pattern),
                    Err(e) => {
                        p.error(
                            span,
                            ErrorKind::BadPackagePattern {
                                pattern: s.to_string(),
                                reason: e.reason,
                            },
                        );
                        None
                    }
                }
            });
            if let Some(value) = value {
                let rule = Some(Rule { value, position });
                if key == "forbid" {
                    self.policy.crypto_forbid = rule;
                } else {
                    self.policy.crypto_allow = rule;
                }
            }
        }
    }

    fn exemptions(&mut self, v: &Spanned<DeValue<'_>>) {
        let DeValue::Array(items) = v.get_ref() else {
            let found = type_name(v.get_ref());
            self.error(
                v.span(),
                ErrorKind::WrongType {
                    key: "exemption".into(),
                    expected: "an array of tables ([[exemption]])",
                    found,
                },
            );
            return;
        };
        for item in items.iter() {
            let DeValue::Table(t) = item.get_ref() else {
                let found = type_name(item.get_ref());
                self.error(
                    item.span(),
                    ErrorKind::WrongType {
                        key: "exemption[]".into(),
                        expected: "a table",
                        found,
                    },
                );
                continue;
            };
            self.exemption(item.span(), t);
        }
    }

    fn exemption(&mut self, header: Range<usize>, t: &DeTable<'_>) {
        let position = self.pos(header.clone());
        let mut targets = None;
        let mut rules = None;
        let mut reason = None;
        let mut ok = true;
        for (k, v) in entries(t) {
            match k.get_ref().as_ref() {
                "targets" => {
                    targets = self.list(
                        "exemption.targets",
                        v,
                        Some("an exemption must name the targets it covers"),
                        |p, s, span| match TargetPattern::parse(s) {
                            Ok(t) => Some(t),
                            Err(e) => {
                                p.error(
                                    span,
                                    ErrorKind::BadPattern {
                                        pattern: s.to_string(),
                                        reason: e.reason,
                                    },
                                );
                                None
                            }
                        },
                    );
                    ok &= targets.is_some();
                }
                "rules" => {
                    rules = self.list(
                        "exemption.rules",
                        v,
                        Some("it would waive nothing (omit `rules` to waive every rule)"),
                        |p, s, span| {
                            let r = RuleId::parse(s);
                            if r.is_none() {
                                p.error(span, ErrorKind::UnknownRule(s.to_string()));
                            }
                            r
                        },
                    );
                    ok &= rules.is_some();
                }
                "reason" => match self.string("exemption.reason", v) {
                    Some((s, span)) if s.trim().is_empty() => {
                        self.error(span, ErrorKind::EmptyReason);
                        ok = false;
                    }
                    Some((s, _)) => reason = Some(s),
                    None => ok = false,
                },
                _ => {
                    self.unknown("[[exemption]]", EXEMPTION_KEYS, k);
                    ok = false;
                }
            }
        }
        let present = |name: &str| t.iter().any(|(k, _)| k.get_ref().as_ref() == name);
        if !present("targets") {
            self.error(header.clone(), ErrorKind::MissingKey("targets"));
        }
        if !present("reason") {
            self.error(header, ErrorKind::MissingKey("reason"));
        }
        if let (true, Some(targets), Some(reason)) = (ok, targets, reason) {
            self.policy.exemptions.push(Exemption {
                position,
                targets,
                rules,
                reason,
            });
        }
    }
}
