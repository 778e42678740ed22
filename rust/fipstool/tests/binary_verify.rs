//! `fipstool verify` against genuine Go binaries, and agreement with the Go
//! runtime's own check (`GODEBUG=fips140=on`) on the ones that run here.

mod binary_support;

use binary_support::*;

fn expected_exit(spec: &Spec) -> i32 {
    match (spec.goos, spec.goarch, spec.mode) {
        ("windows", "386", _) | (_, _, Mode::CArchive) | (_, _, Mode::PieLld) => 1,
        _ => 0,
    }
}

#[test]
fn verify_every_fixture() {
    for f in fixtures(&matrix()) {
        let name = f.spec.name();
        let out = fipstool(&["verify", f.path()]);
        assert_eq!(
            code(&out),
            expected_exit(&f.spec),
            "{name}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        if code(&out) == 0 && f.spec.gofips140 == "off" {
            // What was verified, without calling a non-FIPS build FIPS.
            assert!(
                stdout(&out).contains(": integrity sum matches (HMAC-SHA256 ")
                    && stdout(&out).contains("built with GOFIPS140=off")
                    && !stdout(&out).contains("fips-verified"),
                "{name}: {}",
                stdout(&out)
            );
        } else if code(&out) == 0 {
            assert!(
                stdout(&out).contains(": fips-verified (HMAC-SHA256 "),
                "{name}: {}",
                stdout(&out)
            );
        }
        let j = json(&fipstool(&["verify", "--json", f.path()]));
        assert_eq!(j["schema_version"], 1);
        assert_eq!(j["ok"], expected_exit(&f.spec) == 0, "{name}: {j}");
        assert_eq!(
            j["gofips140"].is_null(),
            f.spec.gofips140 == "off",
            "{name}: {j}"
        );
        assert_eq!(
            j["integrity"]["verdict"] == "fips-verified",
            expected_exit(&f.spec) == 0,
            "{name}: {j}"
        );
    }
}

/// The runtime check passes on every native binary the tool verifies (even
/// GOFIPS140=off builds carry a valid sum), and fails on the ones it rejects.
#[test]
fn runtime_check_agrees_with_verify() {
    for f in fixtures(&matrix()) {
        if !f.spec.runnable() {
            continue;
        }
        let name = f.spec.name();
        let run = run_fips_on(&f.binary);
        match f.spec.mode {
            Mode::CArchive => {
                assert!(!run.status.success(), "{name}");
                assert!(
                    stderr(&run).contains("fips140: no verification checksum found"),
                    "{name}: {}",
                    stderr(&run)
                );
            }
            Mode::PieLld => {
                assert!(!run.status.success(), "{name}");
                assert!(
                    stderr(&run).contains("fips140: verification mismatch"),
                    "{name}: {}",
                    stderr(&run)
                );
            }
            _ => {
                assert!(run.status.success(), "{name}: {}", stderr(&run));
                assert!(
                    stdout(&run).contains("fips140.Enabled=true ok=true"),
                    "{name}: {}",
                    stdout(&run)
                );
            }
        }
    }
}

#[test]
fn flipped_byte_in_fips_text_is_a_mismatch() {
    let f = fixture(&Spec::linux(FULL, "certified", Mode::Exe));
    let copy = f.scratch_copy("flip");
    // A FIPS function that does not run before the self-check (nistec is
    // not used by the check's own HMAC-SHA256).
    let (sym, off, size) = elf_symbol_file_range(&copy, |n| {
        n.starts_with("crypto/internal/fips140/v1.0.0-c2097c7c/nistec.")
    })
    .expect("a nistec function");
    let j = json(&fipstool(&["inspect", "--json", copy.to_str().unwrap()]));
    let text = &j["fips"]["integrity"]["ranges"][0];
    let (ts, tl) = (
        text["offset"].as_u64().unwrap(),
        text["len"].as_u64().unwrap(),
    );
    let at = off + size / 2;
    assert!(
        ts <= at && at < ts + tl,
        "{sym} is not in the FIPS text range"
    );
    let mut data = std::fs::read(&copy).unwrap();
    data[at as usize] ^= 0x01;
    std::fs::write(&copy, &data).unwrap();

    let out = fipstool(&["verify", copy.to_str().unwrap()]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("integrity-mismatch"),
        "{}",
        stderr(&out)
    );
    let run = run_fips_on(&copy);
    assert!(!run.status.success());
    assert!(
        stderr(&run).contains("fips140: verification mismatch"),
        "{}",
        stderr(&run)
    );
    // GOFIPS140=certified makes fips140=on the default: no GODEBUG needed.
    let default = exec(std::process::Command::new(&copy).env_remove("GODEBUG"));
    assert!(
        stderr(&default).contains("fips140: verification mismatch"),
        "{}",
        stderr(&default)
    );
    // With FIPS mode turned off the program still runs: only the check notices.
    let plain = exec(std::process::Command::new(&copy).env("GODEBUG", "fips140=off"));
    assert!(plain.status.success(), "{}", stderr(&plain));
}

#[test]
fn zero_sum_is_no_checksum() {
    let f = fixture(&Spec::linux(FULL, "latest", Mode::Exe));
    let copy = f.scratch_copy("zero");
    let j = json(&fipstool(&["inspect", "--json", copy.to_str().unwrap()]));
    let info = j["fips"]["integrity"]["fipsinfo"]["offset"]
        .as_u64()
        .unwrap() as usize;
    let mut data = std::fs::read(&copy).unwrap();
    data[info + 16..info + 48].fill(0);
    std::fs::write(&copy, &data).unwrap();
    let out = fipstool(&["verify", copy.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("no-checksum"), "{}", stderr(&out));
    let run = run_fips_on(&copy);
    assert!(
        stderr(&run).contains("fips140: no verification checksum found"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn corrupt_pointers_are_reported() {
    let f = fixture(&Spec::linux(FULL, "latest", Mode::Exe));
    let copy = f.scratch_copy("pointers");
    let j = json(&fipstool(&["inspect", "--json", copy.to_str().unwrap()]));
    let info = j["fips"]["integrity"]["fipsinfo"]["offset"]
        .as_u64()
        .unwrap() as usize;
    let mut data = std::fs::read(&copy).unwrap();
    // The text range's end pointer: far beyond every segment.
    data[info + 64..info + 72].copy_from_slice(&0x7fff_0000_0000u64.to_le_bytes());
    std::fs::write(&copy, &data).unwrap();
    let out = fipstool(&["verify", copy.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("invalid-pointers"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("not inside any PT_LOAD segment"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn hmac_input_equals_the_linkers_fipso() {
    let f = fixture(&Spec::linux(FULL, "latest", Mode::Fipso));
    let data = std::fs::read(&f.binary).unwrap();
    let integrity = fips_binary::analyze(&data).unwrap();
    assert_eq!(integrity.status, fips_binary::Status::Verified);
    let ours = fips_binary::hmac_input(&data, &integrity.ranges).unwrap();
    let linker = std::fs::read(f.fipso()).unwrap();
    assert_eq!(ours.len(), linker.len());
    assert!(
        ours == linker,
        "the reconstructed HMAC input differs from -fipso"
    );
}

#[test]
fn lld_style_pie_without_lld() {
    // Simulate lld's unapplied dynamic relocations on a GNU ld PIE: zero the
    // go:fipsinfo pointer fields (their R_X86_64_RELATIVE entries stay) and
    // store the sum of four empty ranges, as cmd/link does after such a link.
    let f = fixture(&Spec::linux(FULL, "certified", Mode::PieExternal));
    let copy = f.scratch_copy("lldsim");
    let j = json(&fipstool(&["inspect", "--json", copy.to_str().unwrap()]));
    assert_eq!(
        j["fips"]["integrity"]["relocations"]["relocated_fields"], 9,
        "{j}"
    );
    let info = j["fips"]["integrity"]["fipsinfo"]["offset"]
        .as_u64()
        .unwrap() as usize;
    let mut data = std::fs::read(&copy).unwrap();
    data[info + 48..info + 120].fill(0);
    let empty: Vec<fips_binary::HashedRange> = fips_binary::RANGE_NAMES
        .iter()
        .map(|n| fips_binary::HashedRange {
            name: n,
            start: 0,
            end: 0,
            offset: 0,
            len: 0,
        })
        .collect();
    let sum = fips_binary::hmac_sum(&data, &empty).unwrap();
    data[info + 16..info + 48].copy_from_slice(&sum);
    std::fs::write(&copy, &data).unwrap();
    let out = fipstool(&["verify", copy.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("unapplied-relocations"),
        "{}",
        stderr(&out)
    );
    let run = run_fips_on(&copy);
    assert!(
        stderr(&run).contains("fips140: verification mismatch"),
        "{}",
        stderr(&run)
    );
    // The real lld link shows exactly the same thing.
    let lld = fixture(&Spec::linux(FULL, "latest", Mode::PieLld));
    let j = json(&fipstool(&["verify", "--json", lld.path()]));
    assert_eq!(j["integrity"]["verdict"], "unapplied-relocations");
    assert_eq!(j["integrity"]["relocations"]["unapplied_fields"], 9);
    assert_eq!(j["integrity"]["in_place_sum"], j["integrity"]["stored_sum"]);
}

#[test]
fn verify_rejects_non_binaries_with_exit_2() {
    let dir = std::env::temp_dir().join(format!("fipstool-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let junk = dir.join("junk");
    std::fs::write(&junk, b"\x7fELF but not really").unwrap();
    let out = fipstool(&["verify", junk.to_str().unwrap()]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let out = fipstool(&["verify", dir.join("missing").to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    let archive = dir.join("lib.a");
    std::fs::write(&archive, b"!<arch>\n").unwrap();
    let out = fipstool(&["verify", archive.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("c-archive must be linked first"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
