//! `fipstool seal` on genuine binaries: the c-archive gap, lld PIEs, and
//! reproducing the Go linker's own sum on every format.

mod binary_support;

use std::os::unix::fs::PermissionsExt;

use binary_support::*;

#[test]
fn c_archive_program_panics_before_seal_and_runs_after() {
    let f = fixture(&Spec::linux(FULL, "certified", Mode::CArchive));
    let prog = f.scratch_copy("seal");
    let p = prog.to_str().unwrap();

    let before = run_fips_on(&prog);
    assert!(!before.status.success());
    assert!(
        stderr(&before).contains("panic: fips140: no verification checksum found"),
        "{}",
        stderr(&before)
    );
    let out = fipstool(&["verify", p]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("no-checksum"), "{}", stderr(&out));

    let sealed = prog.with_file_name("cprog.sealed");
    let out = fipstool(&["seal", p, "-o", sealed.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("(was no-checksum)"),
        "{}",
        stdout(&out)
    );
    let mode = |q: &std::path::Path| std::fs::metadata(q).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode(&sealed), mode(&prog));
    assert_eq!(code(&fipstool(&["verify", sealed.to_str().unwrap()])), 0);
    let after = run_fips_on(&sealed);
    assert!(after.status.success(), "{}", stderr(&after));
    assert_eq!(stdout(&after), "c-archive: FipsSelfTest=1\n");

    // In place too; the input was left alone by -o.
    assert_eq!(code(&fipstool(&["verify", p])), 1);
    let out = fipstool(&["seal", p]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&prog).unwrap(),
        std::fs::read(&sealed).unwrap()
    );
    // Nothing else was left in the directory.
    let names: Vec<_> = std::fs::read_dir(prog.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn sealing_an_lld_pie_makes_it_pass_the_runtime_check() {
    let f = fixture(&Spec::linux(FULL, "latest", Mode::PieLld));
    let prog = f.scratch_copy("seal");
    assert!(stderr(&run_fips_on(&prog)).contains("fips140: verification mismatch"));
    let out = fipstool(&["seal", prog.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("(was unapplied-relocations)"),
        "{}",
        stdout(&out)
    );
    let run = run_fips_on(&prog);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("fips140.Enabled=true ok=true"));
    let j = json(&fipstool(&["verify", "--json", prog.to_str().unwrap()]));
    assert_eq!(j["integrity"]["verdict"], "fips-verified");
}

/// Zero the sum, seal, and get back the linker's exact bytes: ELF (internal,
/// external, PIE, c-shared, 32-bit, big-endian), Mach-O (with its ad-hoc
/// code signature) and PE.
#[test]
fn seal_reproduces_the_linkers_sum_on_every_format() {
    let specs = [
        Spec::linux(FULL, "latest", Mode::Exe),
        Spec::linux(FULL, "latest", Mode::External),
        Spec::linux(FULL, "latest", Mode::Pie),
        Spec::linux(FULL, "certified", Mode::PieExternal),
        Spec::linux(FULL, "latest", Mode::CShared),
        Spec::cross(FULL, "linux", "386", "inprocess"),
        Spec::cross(FULL, "linux", "s390x", "latest"),
        Spec::cross(FULL, "darwin", "arm64", "latest"),
        Spec::cross(FULL, "windows", "amd64", "certified"),
    ];
    for f in fixtures(&specs) {
        let name = f.spec.name();
        let original = std::fs::read(&f.binary).unwrap();
        let copy = f.scratch_copy("zeroed");
        let j = json(&fipstool(&["inspect", "--json", copy.to_str().unwrap()]));
        let info = j["fips"]["integrity"]["fipsinfo"]["offset"]
            .as_u64()
            .unwrap() as usize;
        let mut data = original.clone();
        data[info + 16..info + 48].fill(0);
        std::fs::write(&copy, &data).unwrap();
        assert_eq!(
            code(&fipstool(&["verify", copy.to_str().unwrap()])),
            1,
            "{name}"
        );
        let out = fipstool(&["seal", copy.to_str().unwrap()]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        let sealed = std::fs::read(&copy).unwrap();
        assert!(
            sealed == original,
            "{name}: sealing did not restore the linker's bytes"
        );
        if f.spec.goos == "darwin" {
            assert_eq!(
                fips_binary::macho_code_signature_valid(&sealed),
                Some(true),
                "{name}"
            );
            assert!(
                stdout(&out).contains("code signature page hash"),
                "{}",
                stdout(&out)
            );
        }
    }
}

#[test]
fn sealing_a_sealed_binary_changes_nothing() {
    let f = fixture(&Spec::linux(FULL, "off", Mode::Exe));
    let copy = f.scratch_copy("noop");
    let before = std::fs::metadata(&copy).unwrap().modified().unwrap();
    let out = fipstool(&["seal", copy.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("already sealed"), "{}", stdout(&out));
    assert_eq!(
        std::fs::metadata(&copy).unwrap().modified().unwrap(),
        before
    );
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(&f.binary).unwrap()
    );
}

#[test]
fn seal_refuses_what_it_cannot_seal() {
    let w386 = fixture(&Spec::cross(FULL, "windows", "386", "latest"));
    let out = fipstool(&["seal", w386.path(), "-o", "/nonexistent/out"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot seal: no go:fipsinfo record"),
        "{}",
        stderr(&out)
    );

    let dir = std::env::temp_dir().join(format!("fipstool-seal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let junk = dir.join("junk");
    std::fs::write(&junk, b"plain text").unwrap();
    let out = fipstool(&["seal", junk.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("not an ELF, Mach-O or PE file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&junk).unwrap(), b"plain text");
    let out = fipstool(&["seal", dir.join("missing").to_str().unwrap()]);
    assert_eq!(code(&out), 2);

    // An unwritable destination directory: error, nothing written.
    let f = fixture(&Spec::linux(FULL, "latest", Mode::Exe));
    let out = fipstool(&[
        "seal",
        f.path(),
        "-o",
        dir.join("no/such/dir/out").to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot create a temporary file"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
