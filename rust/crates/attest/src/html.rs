//! The report as one self-contained HTML page for reviewers: inline CSS, no
//! scripts, no external resources (a Content-Security-Policy forbids
//! both), every value escaped. Colours mark status, and every coloured
//! badge also says its status in words and with a symbol.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::report::FipsReport;
use crate::schema::Attestation;

/// How good a fact is for FIPS compliance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tone {
    /// Not applicable or not checked: no colour.
    Neutral,
    Ok,
    /// Needs a reviewer's look (in process, exempt, in-tree module, ...).
    Warn,
    Bad,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Neutral => "neutral",
            Tone::Ok => "ok",
            Tone::Warn => "warn",
            Tone::Bad => "bad",
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Tone::Neutral => "–",
            Tone::Ok => "✓",
            Tone::Warn => "!",
            Tone::Bad => "✗",
        }
    }
}

/// Escaped text with a line-break opportunity after every `/` (paths wrap
/// at their separators, not inside names).
fn escape_breakable(s: &str) -> String {
    escape(s).replace('/', "/<wbr>")
}

/// Escape text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn badge(tone: Tone, label: &str, title: Option<&str>) -> String {
    let title = title
        .map(|t| format!(" title=\"{}\"", escape(t)))
        .unwrap_or_default();
    format!(
        "<span class=\"badge {}\"{title}><span class=\"sym\" aria-hidden=\"true\">{}</span> {}</span>",
        tone.class(),
        tone.symbol(),
        escape(label)
    )
}

/// A snapshot status (`fips.snapshot.status`) in words, with its tone.
pub fn snapshot_status(status: &str) -> (Tone, String) {
    match status {
        "certified" => (Tone::Ok, "certified".into()),
        "in_process" => (Tone::Warn, "in process".into()),
        "superseded" => (Tone::Warn, "superseded".into()),
        "not_in_index" => (Tone::Bad, "not in index".into()),
        "unknown" => (Tone::Warn, "not looked up".into()),
        other => (Tone::Bad, other.into()),
    }
}

/// The snapshot column: the index status of the snapshot GOFIPS140 names.
pub fn snapshot_tone(a: &Attestation) -> (Tone, String) {
    match &a.fips.snapshot {
        Some(s) => snapshot_status(&s.status),
        None if a.fips.gofips140.as_deref() == Some("latest") => (Tone::Warn, "in-tree".into()),
        None => (Tone::Neutral, "none".into()),
    }
}

/// The FIPS mode column: the default GODEBUG's fips140 (the runtime's).
pub fn mode_tone(a: &Attestation) -> (Tone, String) {
    match a.fips.godebug_fips140.as_deref() {
        Some(v @ ("on" | "only")) => (Tone::Ok, v.into()),
        Some("debug") => (Tone::Warn, "debug".into()),
        Some(v) => (Tone::Bad, v.into()),
        None => (Tone::Bad, "off".into()),
    }
}

pub fn integrity_tone(a: &Attestation) -> Tone {
    match a.integrity.verdict.as_str() {
        "fips-verified" => Tone::Ok,
        "no-fipsinfo" => Tone::Warn,
        _ => Tone::Bad,
    }
}

pub fn policy_tone(a: &Attestation) -> (Tone, &'static str) {
    match a.policy.verdict.as_str() {
        "pass" => (Tone::Ok, "pass"),
        "exempt" => (Tone::Warn, "exempt"),
        "fail" => (Tone::Bad, "fail"),
        _ => (Tone::Neutral, "not checked"),
    }
}

/// The worst tone of a row (neutral counts as fine).
fn row_tone(a: &Attestation) -> Tone {
    [
        snapshot_tone(a).0,
        mode_tone(a).0,
        integrity_tone(a),
        policy_tone(a).0,
    ]
    .into_iter()
    .max()
    .unwrap_or(Tone::Neutral)
}

fn short_hash(h: &str) -> String {
    let cut: String = h.chars().take(12).collect();
    if cut.len() < h.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// The first clause of a verdict's detail (the full text is in the badge's
/// tooltip and in the JSON).
fn first_clause(detail: &str) -> String {
    let cut = [" (", "; ", ": "]
        .iter()
        .filter_map(|sep| detail.find(sep))
        .min()
        .filter(|&i| i > 0);
    match cut {
        Some(i) => format!("{}…", &detail[..i]),
        None => detail.to_string(),
    }
}

fn line_col(line: Option<u64>, column: Option<u64>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" line {l}:{c}"),
        (Some(l), None) => format!(" line {l}"),
        _ => String::new(),
    }
}

fn row(out: &mut String, a: &Attestation) {
    let tone = row_tone(a);
    let _ = write!(out, "<tr class=\"row-{}\">", tone.class());

    // Target, path and hash.
    let _ = write!(
        out,
        "<td class=\"target\"><div class=\"label\">{}</div>\
         <div class=\"sub mono path\">{}</div>\
         <div class=\"sub mono\" title=\"SHA-256 {}\">sha256 {}</div></td>",
        escape(&a.target),
        escape_breakable(&a.binary.path),
        escape(&a.binary.sha256),
        escape(&short_hash(&a.binary.sha256)),
    );

    // Platform.
    let platform = format!(
        "{}/{}",
        a.binary.goos.as_deref().unwrap_or("?"),
        a.binary.goarch.as_deref().unwrap_or("?")
    );
    let _ = write!(
        out,
        "<td>{}<div class=\"sub\">{}</div></td>",
        escape_breakable(&platform),
        escape(a.binary.format.as_deref().unwrap_or("unknown format"))
    );

    // SDK, and what the build info says.
    let _ = write!(out, "<td>{}", escape(&a.sdk.version));
    match &a.sdk.go_version {
        Some(gv) => {
            let expected = format!("go{}", a.sdk.version.trim_start_matches("go"));
            let _ = write!(out, "<div class=\"sub\">{}</div>", escape(gv));
            if gv.split_whitespace().next() != Some(expected.as_str()) {
                out.push_str(&badge(
                    Tone::Warn,
                    "differs from SDK",
                    Some("the build information names another Go version"),
                ));
            }
        }
        None => out.push_str("<div class=\"sub\">no build info</div>"),
    }
    out.push_str("</td>");

    // GOFIPS140: requested → resolved, and the module in the code.
    let resolved = a.fips.gofips140.as_deref().unwrap_or("off");
    let _ = write!(
        out,
        "<td><span class=\"req\">{}</span> <span class=\"arrow\" aria-label=\"resolved to\">→</span> \
         <span class=\"mono resolved\">{}</span>",
        escape(&a.fips.requested_version),
        escape(resolved)
    );
    // The module the code carries, shown when it is not the one GOFIPS140
    // names (a program without crypto links none, which is no conflict).
    let expected = match a.fips.gofips140.as_deref() {
        None | Some("off" | "latest") => ("in-tree", None),
        Some(v) => ("snapshot", Some(v)),
    };
    let module = &a.fips.module;
    let found = (module.origin.as_str(), module.version.as_deref());
    if module.origin == "absent" {
        out.push_str("<div class=\"sub\">no FIPS module linked</div>");
    } else if found != expected {
        let what = match found {
            ("snapshot", Some(v)) => format!("code carries module {v}"),
            (origin, _) => format!("code carries module {origin}"),
        };
        let _ = write!(out, "<div>{}</div>", badge(Tone::Bad, &what, None));
    }
    if !a.fips.tags.is_empty() {
        let _ = write!(
            out,
            "<div class=\"sub\">tags {}</div>",
            escape(&a.fips.tags.join(","))
        );
    }
    if !a.fips.experiments.is_empty() {
        let _ = write!(
            out,
            "<div class=\"sub\">GOEXPERIMENT {}</div>",
            escape(&a.fips.experiments.join(","))
        );
    }
    out.push_str("</td>");

    // Snapshot status.
    let (t, label) = snapshot_tone(a);
    out.push_str("<td>");
    out.push_str(&badge(t, &label, None));
    match &a.fips.snapshot {
        Some(s) => {
            if let Some(cert) = &s.certificate {
                let _ = write!(out, "<div class=\"sub\">certificate {}</div>", escape(cert));
            }
            match s.status.as_str() {
                "not_in_index" => {
                    out.push_str("<div class=\"sub\">the pinned index does not list it</div>")
                }
                "unknown" => out.push_str("<div class=\"sub\">no index given</div>"),
                "superseded" => out.push_str("<div class=\"sub\">no longer shipped</div>"),
                _ => {}
            }
        }
        None if a.fips.gofips140.as_deref() == Some("latest") => {
            out.push_str("<div class=\"sub\">not a validated snapshot</div>")
        }
        None => {}
    }
    out.push_str("</td>");

    // FIPS mode.
    let (t, label) = mode_tone(a);
    out.push_str("<td>");
    let runtime = a.fips.runtime_default_godebug.as_deref();
    out.push_str(&badge(
        t,
        &label,
        Some(&format!(
            "DefaultGODEBUG: {}; runtime.godebugDefault: {}",
            a.fips.default_godebug.as_deref().unwrap_or("(none)"),
            runtime.map_or("(not read)", |r| if r.is_empty() { "(empty)" } else { r })
        )),
    ));
    if runtime.is_some_and(|r| Some(r) != Some(a.fips.default_godebug.as_deref().unwrap_or(""))) {
        out.push_str(
            "<div class=\"sub\">runtime.godebugDefault overrides the build info's DefaultGODEBUG</div>",
        );
    }
    out.push_str("</td>");

    // Integrity.
    let t = integrity_tone(a);
    let sum_title = match &a.integrity.computed_sum {
        Some(s) => format!("{} (computed HMAC-SHA256 {s})", a.integrity.detail),
        None => a.integrity.detail.clone(),
    };
    out.push_str("<td>");
    out.push_str(&badge(t, &a.integrity.verdict, Some(&sum_title)));
    if t != Tone::Ok {
        let _ = write!(
            out,
            "<div class=\"sub\" title=\"{}\">{}</div>",
            escape(&a.integrity.detail),
            escape(&first_clause(&a.integrity.detail))
        );
    }
    out.push_str("</td>");

    // Policy, with its reasons.
    let (t, label) = policy_tone(a);
    out.push_str("<td class=\"policy\">");
    out.push_str(&badge(t, label, a.policy.policy.as_deref()));
    let (enforcement, why) = match a.enforcement.as_deref() {
        Some("strict") => (
            "strict",
            "handed out only after its FIPS check and policy check passed",
        ),
        Some(e) => (
            e,
            "checked by Bazel validation actions, which --norun_validations skips",
        ),
        None => ("not recorded", "written before attestations recorded it"),
    };
    let _ = write!(
        out,
        "<div class=\"sub\" title=\"{}\">enforcement: {}</div>",
        escape(why),
        escape(enforcement)
    );
    let violations = a.policy.violations.as_deref().unwrap_or(&[]);
    let exemptions = a.policy.exemptions.as_deref().unwrap_or(&[]);
    if !violations.is_empty() || !exemptions.is_empty() {
        out.push_str("<ul class=\"notes\">");
        for v in violations {
            let _ = write!(
                out,
                "<li class=\"violation\"><span class=\"kind\">violation</span> <code>{}</code>{}: {}</li>",
                escape(v.rule.as_deref().unwrap_or("?")),
                escape(&line_col(v.line, v.column)),
                escape(v.message.as_deref().unwrap_or("")),
            );
        }
        for e in exemptions {
            // What was waived, where the policy check recorded it.
            let waived = match e.waived.as_ref().and_then(|w| w.message.as_deref()) {
                Some(m) => format!(" <span class=\"waived\">waived: {}</span>", escape(m)),
                None => String::new(),
            };
            let _ = write!(
                out,
                "<li class=\"exemption\"><span class=\"kind\">exempt</span> <code>{}</code>{}: {}{waived}</li>",
                escape(e.rule.as_deref().unwrap_or("?")),
                escape(&line_col(e.line, None)),
                escape(e.reason.as_deref().unwrap_or("")),
            );
        }
        out.push_str("</ul>");
    }
    crypto_notes(out, a);
    out.push_str("</td></tr>\n");
}

/// The crypto a binary links outside the FIPS module (its class and
/// package), from the attestation's inventory summary.
fn crypto_notes(out: &mut String, a: &Attestation) {
    let Some(crypto) = &a.crypto else { return };
    let outside: Vec<_> = crypto.outside_module().collect();
    if outside.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<div class=\"sub\">crypto outside the module: {}</div><ul class=\"notes crypto\">",
        outside.len()
    );
    for p in outside {
        let title = format!(
            "{} ({})",
            p.algorithms.join(", "),
            p.module.as_deref().unwrap_or("module unknown")
        );
        let _ = write!(
            out,
            "<li title=\"{}\"><span class=\"kind\">{}</span> <code>{}</code>",
            escape(&title),
            escape(&p.class),
            escape(&p.package)
        );
        if let Some(chain) = &p.chain {
            let _ = write!(
                out,
                "<div class=\"chain\">{}</div>",
                escape(&chain.join(" \u{2192} "))
            );
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

fn card(out: &mut String, tone: Tone, number: String, label: &str) {
    let _ = write!(
        out,
        "<li class=\"card {}\"><div class=\"n\">{}</div><div class=\"l\">{}</div></li>",
        tone.class(),
        escape(&number),
        escape(label)
    );
}

const CSS: &str = r#"
:root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#eef1f4;--bg:#f6f8fa;
--ok:#116329;--ok-bg:#dafbe1;--ok-line:#8ddb9f;--warn:#7d4e00;--warn-bg:#fff5cc;--warn-line:#e6c35c;
--bad:#a40e26;--bad-bg:#ffebe9;--bad-line:#f5a3a3;--neutral:#59636e;--neutral-bg:#eef1f4;--neutral-line:#d1d9e0}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.page{max-width:1400px;margin:0 auto;padding:28px 32px 40px}
header h1{font-size:22px;font-weight:650;margin:0}
header .lead{color:var(--muted);margin:4px 0 0}
.cards{display:flex;flex-wrap:wrap;gap:10px;list-style:none;margin:18px 0 22px;padding:0}
.card{background:#fff;border:1px solid var(--line);border-top:4px solid var(--neutral-line);border-radius:8px;padding:10px 16px;min-width:140px}
.card .n{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
.card .l{color:var(--muted);font-size:12px;letter-spacing:.02em}
.card.ok{border-top-color:#2da44e}.card.warn{border-top-color:#d4a72c}.card.bad{border-top-color:#cf222e}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:8px;background:#fff}
table{width:100%;border-collapse:separate;border-spacing:0;background:#fff}
table.binaries{table-layout:fixed;min-width:1120px}
col.c-target{width:20%}col.c-platform{width:9%}col.c-sdk{width:6%}col.c-gofips{width:17.5%}
col.c-snapshot{width:10.5%}col.c-mode{width:7.5%}col.c-integrity{width:12.5%}col.c-policy{width:17%}
th{background:var(--soft);color:var(--muted);font-size:12px;font-weight:600;text-align:left;vertical-align:bottom;padding:8px 12px;border-bottom:1px solid var(--line)}
th .th-sub{display:block;font-weight:400}
td{padding:10px 12px;border-bottom:1px solid var(--soft);vertical-align:top;overflow-wrap:anywhere}
tbody tr:last-child td{border-bottom:0}
tbody tr:hover td{background:#fafbfc}
td.target{border-left:4px solid transparent}
tr.row-ok td.target{border-left-color:#2da44e}tr.row-warn td.target{border-left-color:#d4a72c}tr.row-bad td.target{border-left-color:#cf222e}
.label{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:13px;font-weight:600;overflow-wrap:anywhere}
.mono,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
.strong{font-weight:600}.nowrap{white-space:nowrap}
.resolved{font-weight:600;white-space:nowrap}
.sub{color:var(--muted);font-size:12px;margin-top:3px;word-break:break-word}
.sub.mono{font-size:11.5px;overflow-wrap:anywhere}
.arrow{color:var(--muted)}
.badge{display:inline-block;white-space:nowrap;border:1px solid;border-radius:999px;padding:1px 9px 1px 7px;font-size:12px;font-weight:600;line-height:18px}
.badge .sym{display:inline-block;width:1em;text-align:center}
.badge.ok{color:var(--ok);background:var(--ok-bg);border-color:var(--ok-line)}
.badge.warn{color:var(--warn);background:var(--warn-bg);border-color:var(--warn-line)}
.badge.bad{color:var(--bad);background:var(--bad-bg);border-color:var(--bad-line)}
.badge.neutral{color:var(--neutral);background:var(--neutral-bg);border-color:var(--neutral-line)}
ul.notes{list-style:none;margin:6px 0 0;padding:0;font-size:12px}
ul.notes li{margin:3px 0;padding-left:8px;border-left:2px solid var(--line)}
ul.notes li.violation{border-left-color:#cf222e}ul.notes li.exemption{border-left-color:#d4a72c}
ul.notes .waived{display:block;color:var(--muted)}
ul.notes .chain{color:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:11px}
ul.notes .kind{font-weight:600;text-transform:uppercase;font-size:10.5px;letter-spacing:.04em;color:var(--muted)}
.empty{color:var(--muted);text-align:center;padding:24px}
footer{margin-top:28px;color:var(--muted)}
footer h2{font-size:14px;font-weight:650;color:var(--fg);margin:20px 0 8px}
footer .scroll{margin-bottom:4px}
footer table td,footer table th{padding:6px 12px}
footer td{font-size:12.5px}
footer .end{margin-top:20px;font-size:12px}
@media print{body{background:#fff}.page{padding:0}tbody tr:hover td{background:none}}
"#;

/// The HTML page of a report (deterministic: the same report gives the
/// same bytes).
pub fn render(report: &FipsReport) -> String {
    let s = &report.summary;
    let n = s.binaries;
    let mut out = String::with_capacity(8192 + 2048 * n);
    let title = escape(&report.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"fipstool report\">\n\
         <title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<div class=\"page\">\n"
    );

    // Header and summary.
    let _ = write!(
        out,
        "<header>\n<h1>{title}</h1>\n<p class=\"lead\">FIPS 140-3 facts of {n} Go binar{}, \
         one attestation each.</p>\n<ul class=\"cards\">",
        if n == 1 { "y" } else { "ies" }
    );
    let all = |k: usize, short_tone: Tone| if k == n { Tone::Ok } else { short_tone };
    card(&mut out, Tone::Neutral, n.to_string(), "binaries");
    card(
        &mut out,
        all(s.fips_enabled, Tone::Warn),
        format!("{} / {n}", s.fips_enabled),
        "FIPS mode on by default",
    );
    card(
        &mut out,
        all(s.verified, Tone::Bad),
        format!("{} / {n}", s.verified),
        "integrity verified",
    );
    let some = |k: usize, tone: Tone| if k > 0 { tone } else { Tone::Neutral };
    card(
        &mut out,
        some(s.policy_pass, Tone::Ok),
        s.policy_pass.to_string(),
        "policy pass",
    );
    card(
        &mut out,
        some(s.policy_exempt, Tone::Warn),
        s.policy_exempt.to_string(),
        "policy exempt",
    );
    card(
        &mut out,
        some(s.policy_fail, Tone::Bad),
        s.policy_fail.to_string(),
        "policy fail",
    );
    card(
        &mut out,
        Tone::Neutral,
        s.policy_none.to_string(),
        "no policy result",
    );
    out.push_str("</ul>\n</header>\n");

    // The binaries.
    out.push_str(
        "<main>\n<div class=\"scroll\">\n<table class=\"binaries\">\n\
         <colgroup><col class=\"c-target\"><col class=\"c-platform\"><col class=\"c-sdk\">\
         <col class=\"c-gofips\"><col class=\"c-snapshot\"><col class=\"c-mode\">\
         <col class=\"c-integrity\"><col class=\"c-policy\"></colgroup>\n<thead><tr><th scope=\"col\">Target</th>\
         <th scope=\"col\">Platform</th><th scope=\"col\">Go SDK</th>\
         <th scope=\"col\">GOFIPS140<span class=\"th-sub\">requested → resolved</span></th><th scope=\"col\">Snapshot<span class=\"th-sub\">index status</span></th>\
         <th scope=\"col\">FIPS mode<span class=\"th-sub\">by default</span></th><th scope=\"col\">Integrity<span class=\"th-sub\">recomputed sum</span></th>\
         <th scope=\"col\">Policy</th></tr></thead>\n<tbody>\n",
    );
    for a in &report.attestations {
        row(&mut out, a);
    }
    if report.attestations.is_empty() {
        out.push_str("<tr><td class=\"empty\" colspan=\"8\">No attestations.</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n</main>\n");

    footer(&mut out, report);
    out.push_str("</div>\n</body>\n</html>\n");
    out
}

fn footer(out: &mut String, report: &FipsReport) {
    out.push_str("<footer>\n");

    // The snapshots, as the index pins them.
    let snapshots: BTreeSet<_> = report
        .attestations
        .iter()
        .filter_map(|a| a.fips.snapshot.as_ref())
        .map(|s| {
            (
                s.version.as_str(),
                s.status.as_str(),
                s.certificate.as_deref(),
                s.zip_sha256.as_deref(),
                s.h1.as_deref(),
            )
        })
        .collect();
    out.push_str("<h2>FIPS module snapshots</h2>\n");
    if snapshots.is_empty() {
        out.push_str("<p>No binary uses a snapshot.</p>\n");
    } else {
        out.push_str(
            "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Status</th>\
             <th scope=\"col\">Certificate</th><th scope=\"col\">Zip SHA-256</th>\
             <th scope=\"col\">h1</th></tr></thead><tbody>\n",
        );
        for (version, status, cert, sha, h1) in snapshots {
            let (tone, label) = snapshot_status(status);
            let _ = writeln!(
                out,
                "<tr><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td></tr>",
                escape(version),
                badge(tone, &label, None),
                escape(cert.unwrap_or("none recorded")),
                escape(sha.unwrap_or("not in index")),
                escape(h1.unwrap_or("not recorded")),
            );
        }
        out.push_str("</tbody></table></div>\n");
    }

    // The SDKs.
    let sdks: BTreeSet<_> = report
        .attestations
        .iter()
        .map(|a| (a.sdk.version.as_str(), a.sdk.archive_sha256.as_deref()))
        .collect();
    if !sdks.is_empty() {
        out.push_str(
            "<h2>Go SDKs</h2>\n<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Version</th>\
             <th scope=\"col\">Archive SHA-256</th></tr></thead><tbody>\n",
        );
        for (version, sha) in sdks {
            let _ = writeln!(
                out,
                "<tr><td class=\"mono\">{}</td><td class=\"mono\">{}</td></tr>",
                escape(version),
                escape(sha.unwrap_or("not recorded"))
            );
        }
        out.push_str("</tbody></table></div>\n");
    }

    // The policy files the results come from.
    let policies: BTreeSet<&str> = report
        .attestations
        .iter()
        .filter_map(|a| a.policy.policy.as_deref())
        .collect();
    if !policies.is_empty() {
        out.push_str("<h2>Policy</h2>\n<p>");
        let names: Vec<String> = policies
            .iter()
            .map(|p| format!("<code>{}</code>", escape(p)))
            .collect();
        out.push_str(&names.join(", "));
        out.push_str("</p>\n");
    }

    let _ = writeln!(
        out,
        "<p class=\"end\">Written by <code>fipstool report</code> from {} attestation{} \
         (schema_version {}). The JSON report carries every field.</p>",
        report.attestations.len(),
        if report.attestations.len() == 1 {
            ""
        } else {
            "s"
        },
        report.schema_version
    );
    out.push_str("</footer>\n");
}
