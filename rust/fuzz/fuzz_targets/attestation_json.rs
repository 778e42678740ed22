//! Reading arbitrary bytes as an attestation (and as a policy result) never
//! panics; what is accepted round-trips through its JSON form unchanged,
//! and renders as a report whose HTML lets no markup through.
#![no_main]

use fips_attest::{html, select_result, Attestation, FipsReport};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = select_result(data, "//a:a", "a");
    let Ok(a) = Attestation::parse(data) else {
        return;
    };
    let text = a.to_json();
    let back = Attestation::parse(text.as_bytes()).expect("an accepted attestation re-reads");
    assert_eq!(back, a);
    assert_eq!(back.to_json(), text);
    let report = FipsReport::new(Some(&a.target), vec![a.clone(), back]);
    assert_eq!(report.summary.binaries, 2);
    let _ = report.to_json();
    let page = html::render(&report);
    let lower = page.to_ascii_lowercase();
    assert!(
        !lower.contains("<script"),
        "markup from a value reached the page"
    );
    assert!(
        !lower.contains("<img"),
        "markup from a value reached the page"
    );
});
