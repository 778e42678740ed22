//! `fipstool inspect` against genuine Go binaries: the build-info lines are
//! byte-identical to `go version -m` (run for real on every fixture), and
//! the FIPS facts match how each fixture was built.

mod binary_support;

use binary_support::*;

/// The verdict each fixture must get.
fn expected_verdict(spec: &Spec) -> &'static str {
    match (spec.goos, spec.goarch, spec.mode) {
        ("windows", "386", _) => "no-fipsinfo",
        (_, _, Mode::CArchive) => "no-checksum",
        (_, _, Mode::PieLld) => "unapplied-relocations",
        _ => "fips-verified",
    }
}

fn expected_tag(spec: &Spec) -> Option<&'static str> {
    match spec.snapshot() {
        Some("v1.26.0") => Some("fips140v1.26"),
        Some(_) => Some("fips140v1.0"),
        None => None,
    }
}

fn check(f: &Fixture) {
    let name = f.spec.name();
    let ours = fipstool(&["inspect", f.path()]);
    assert_eq!(code(&ours), 0, "{name}: inspect failed: {}", stderr(&ours));
    let go = go_version_m(f.spec.sdk, f.path());
    assert!(
        go.status.success(),
        "{name}: go version -m failed: {}",
        stderr(&go)
    );
    // Byte for byte, then the FIPS block.
    let ours_lines: Vec<&str> = std::str::from_utf8(&ours.stdout)
        .expect("UTF-8")
        .lines()
        .take_while(|l| *l != "fips:")
        .collect();
    let go_text = stdout(&go);
    let go_lines: Vec<&str> = go_text.lines().collect();
    assert_eq!(
        ours_lines, go_lines,
        "{name}: inspect differs from go version -m"
    );
    assert!(
        ours.stdout.starts_with(&go.stdout),
        "{name}: not a byte-identical prefix"
    );
    assert!(
        ours.stdout[go.stdout.len()..].starts_with(b"fips:\n"),
        "{name}: the FIPS block does not follow"
    );

    let j = json(&fipstool(&["inspect", "--json", f.path()]));
    assert_eq!(j["schema_version"], 1);
    assert_eq!(j["file"], f.path());
    let bi = &j["build_info"];
    assert_eq!(bi["go_version"], f.spec.sdk, "{name}");
    let setting = |k: &str| {
        bi["settings"]
            .as_array()
            .expect("settings")
            .iter()
            .rev()
            .find(|s| s["key"] == k)
            .map(|s| s["value"].as_str().expect("value").to_string())
    };
    assert_eq!(setting("GOOS").as_deref(), Some(f.spec.goos), "{name}");
    assert_eq!(setting("GOARCH").as_deref(), Some(f.spec.goarch), "{name}");
    let fips = &j["fips"];
    assert_eq!(
        fips["gofips140"].as_str(),
        f.spec.recorded_gofips140(),
        "{name}"
    );
    assert_eq!(fips["tags"].as_str(), expected_tag(&f.spec), "{name}");
    let enabled = f.spec.gofips140 != "off";
    assert_eq!(
        fips["godebug_fips140"].as_str(),
        if enabled { Some("on") } else { None },
        "{name}"
    );
    assert_eq!(
        fips["mode_default"],
        if enabled { "on" } else { "off" },
        "{name}"
    );
    // The runtime's default GODEBUG is the build info's in a plain build.
    let runtime = &fips["runtime_default_godebug"];
    assert_eq!(runtime["verdict"], "match", "{name}: {runtime}");
    assert_eq!(
        runtime["value"].as_str(),
        Some(setting("DefaultGODEBUG").unwrap_or_default().as_str()),
        "{name}"
    );
    let method = if f.spec.mode == Mode::Stripped {
        "pclntab"
    } else {
        "symbol-table"
    };
    assert_eq!(runtime["method"], method, "{name}: {runtime}");
    assert_eq!(j["ok"], true, "{name}");
    let module = &fips["module"];
    match f.spec.snapshot() {
        Some(v) => {
            assert_eq!(module["origin"], "snapshot", "{name}: {module}");
            assert_eq!(module["version"], v, "{name}");
        }
        None => assert_eq!(module["origin"], "in-tree", "{name}: {module}"),
    }
    let evidence = if f.spec.mode == Mode::Stripped {
        "file-scan"
    } else {
        "symbol-table"
    };
    assert_eq!(module["evidence"], evidence, "{name}");
    let integrity = &fips["integrity"];
    assert_eq!(
        integrity["verdict"],
        expected_verdict(&f.spec),
        "{name}: {integrity}"
    );
    if expected_verdict(&f.spec) == "fips-verified" {
        assert_eq!(integrity["stored_sum"], integrity["computed_sum"], "{name}");
        assert_eq!(
            integrity["ranges"].as_array().map(Vec::len),
            Some(4),
            "{name}"
        );
    }
    let ps = if f.spec.goarch == "386" { 4 } else { 8 };
    assert_eq!(j["pointer_size"], ps, "{name}");
    assert_eq!(
        j["endian"],
        if f.spec.goarch == "s390x" {
            "big"
        } else {
            "little"
        },
        "{name}"
    );
    assert_eq!(j["arch"], f.spec.goarch, "{name}");
}

fn check_sdk(sdk: &str) {
    let specs: Vec<Spec> = matrix().into_iter().filter(|s| s.sdk == sdk).collect();
    assert!(!specs.is_empty());
    for f in fixtures(&specs) {
        check(&f);
    }
}

#[test]
fn inspect_full_matrix_go1_26_6() {
    check_sdk(FULL);
}

#[test]
fn inspect_go1_24_11() {
    check_sdk("go1.24.11");
}

#[test]
fn inspect_go1_25_5() {
    check_sdk("go1.25.5");
}

#[test]
fn inspect_go1_27_3() {
    check_sdk("go1.27.3");
}

#[test]
fn inspect_text_lists_the_fips_facts() {
    let f = fixture(&Spec::linux(FULL, "certified", Mode::Exe));
    let out = stdout(&fipstool(&["inspect", f.path()]));
    let block = out.split("fips:\n").nth(1).expect("fips block");
    for want in [
        "\tbinary\tELF amd64 (64-bit little-endian)\n",
        "\tGOFIPS140\tv1.0.0-c2097c7c\n",
        "\tDefaultGODEBUG\tcontainermaxprocs=0,",
        "\truntime.godebugDefault\tcontainermaxprocs=0,",
        "\tdefault GODEBUG\tmatch\n",
        "\tdefault fips140\ton (runtime.godebugDefault)\n",
        "\tFIPS mode by default\ton\n",
        "\t-tags\tfips140v1.0\n",
        "\tmodule\tsnapshot v1.0.0-c2097c7c (",
        "\tgo:fipsinfo\tsection .go.fipsinfo at file offset 0x",
        "\trange text\t0x",
        "\tverdict\tfips-verified\n",
    ] {
        assert!(block.contains(want), "missing {want:?} in:\n{block}");
    }
}

#[test]
fn inspect_json_schema_is_stable() {
    let f = fixture(&Spec::linux(FULL, "latest", Mode::Exe));
    let j = json(&fipstool(&["inspect", "--json", f.path()]));
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&j),
        [
            "arch",
            "build_info",
            "build_info_error",
            "endian",
            "file",
            "fips",
            "format",
            "ok",
            "pointer_size",
            "position_independent",
            "schema_version"
        ]
    );
    assert_eq!(
        keys(&j["fips"]),
        [
            "default_godebug",
            "godebug_fips140",
            "gofips140",
            "integrity",
            "mode_default",
            "module",
            "runtime_default_godebug",
            "tags"
        ]
    );
    assert_eq!(
        keys(&j["fips"]["runtime_default_godebug"]),
        ["address", "detail", "method", "value", "verdict"]
    );
    assert_eq!(
        keys(&j["fips"]["integrity"]),
        [
            "computed_sum",
            "detail",
            "fipsinfo",
            "in_place_sum",
            "ranges",
            "relocations",
            "stored_sum",
            "verdict"
        ]
    );
    assert_eq!(
        keys(&j["fips"]["module"]),
        ["evidence", "origin", "packages", "symbols", "version", "versions"]
    );
    assert_eq!(
        keys(&j["fips"]["integrity"]["fipsinfo"]),
        ["address", "location", "magic_ok", "offset", "self"]
    );
    assert_eq!(
        keys(&j["build_info"]),
        ["deps", "go_version", "main", "path", "settings"]
    );
    assert_eq!(j["build_info"]["deps"][0]["path"], "example.com/helper");
    assert_eq!(j["build_info"]["deps"][0]["replace"]["path"], "./helper");
    assert!(j["fips"]["integrity"]["computed_sum"]
        .as_str()
        .is_some_and(|s| s.len() == 64));
    assert!(j["fips"]["integrity"]["fipsinfo"]["self"]
        .as_str()
        .is_some_and(|s| s.starts_with("0x")));
}

#[test]
fn inspect_binary_without_section_headers() {
    // Like sstrip: no section header table at all. go:fipsinfo is found by
    // its magic and the build info through the writable PT_LOAD (go1.26).
    let f = fixture(&Spec::linux(FULL, "latest", Mode::Exe));
    let copy = f.scratch_copy("noshdr");
    let mut data = std::fs::read(&copy).expect("read");
    data[40..48].fill(0); // e_shoff
    data[60..64].fill(0); // e_shnum, e_shstrndx
    std::fs::write(&copy, &data).expect("write");
    let path = copy.to_str().expect("UTF-8");
    let ours = fipstool(&["inspect", path]);
    let go = go_version_m(FULL, path);
    assert!(go.status.success(), "{}", stderr(&go));
    assert!(ours.stdout.starts_with(&go.stdout), "{}", stdout(&ours));
    let j = json(&fipstool(&["inspect", "--json", path]));
    assert_eq!(j["fips"]["integrity"]["verdict"], "fips-verified", "{j}");
    assert_eq!(
        j["fips"]["integrity"]["fipsinfo"]["location"],
        "scan of the file for the magic (no section headers)"
    );
    assert_eq!(j["fips"]["module"]["origin"], "in-tree");
}

#[test]
fn inspect_rejects_non_binaries() {
    let dir = std::env::temp_dir().join(format!("fipstool-inspect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let text = dir.join("notes.txt");
    std::fs::write(&text, "not a binary\n").expect("write");
    let out = fipstool(&["inspect", text.to_str().expect("UTF-8")]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("not a Go binary"), "{}", stderr(&out));
    let missing = dir.join("missing");
    let out = fipstool(&["inspect", missing.to_str().expect("UTF-8")]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot read"), "{}", stderr(&out));
    let out = fipstool(&["inspect", "--json", text.to_str().expect("UTF-8")]);
    assert_eq!(code(&out), 2);
    let j = json(&out);
    assert_eq!(j["ok"], false);
    assert_eq!(j["error"]["kind"], "input");
    assert!(j["error"]["message"]
        .as_str()
        .unwrap()
        .contains("not a Go binary"));
    let _ = std::fs::remove_dir_all(&dir);
}
