use super::*;

fn none() -> Overrides {
    Overrides::new()
}

fn ok(verb: Verb, flags: &[&str]) -> bool {
    check(verb, flags, &none()).is_ok()
}

fn refused(verb: Verb, flags: &[&str]) -> String {
    match check(verb, flags, &none()) {
        Ok(()) => panic!("{verb} {flags:?} passed"),
        Err(e) => e.to_string(),
    }
}

const COMPILER_VERBS: [Verb; 4] = [Verb::Cppflags, Verb::Cflags, Verb::Cxxflags, Verb::Fflags];

#[test]
fn compiler_flags_allowed() {
    for flag in [
        "-DFOO",
        "-D_X=1",
        "-DX=a b",
        "-DX=",
        "-UFOO",
        "-I/usr/include",
        "-Iinclude",
        "-I.",
        "-F/Library/Frameworks",
        "-O",
        "-O2",
        "-Os",
        "-W",
        "-Wall",
        "-Wno-unused-parameter",
        "-Werror=format-security",
        "-Wa,-mbig-obj",
        "-Wp,-DFOO=1",
        "-Wp,-UFOO",
        "-ansi",
        "-fno-builtin-memcpy",
        "-fdebug-prefix-map=/a=/b",
        "-ffile-prefix-map=/src=.",
        "-fPIC",
        "-fno-pie",
        "-fopenmp-simd",
        "-fno-stack-protector",
        "-fstack-protector-strong",
        "-fsanitize=address",
        "-fsanitize-undefined-strip-path-components=-2",
        "-ftls-model=initial-exec",
        "-fvisibility=hidden",
        "-funsigned-char",
        "-fmessage-length=0",
        "-flto",
        "-g",
        "-g3",
        "-gdwarf-4",
        "-m32",
        "-m64",
        "-march=armv8-a",
        "-msimd=lasx",
        "-mtls-dialect=desc",
        "-mcmodel=medium",
        "-mfloat-abi=hard",
        "-msoft-float",
        "-mfpmath=sse,387",
        "-mavx2",
        "-mno-avx512f",
        "-mavx10.1",
        "-maes",
        "-mno-vaes",
        "-msse4.2",
        "-mssse3",
        "-mno-relax",
        "-mstrict-align",
        "-mlsx",
        "-mno-lam-bh",
        "-mmacosx-version-min=11.0",
        "-mthumb-interwork",
        "-mlarge-data-threshold=65536",
        "-no-canonical-prefixes",
        "--param=ssp-buffer-size=4",
        "-pedantic-errors",
        "-pipe",
        "-pthread",
        "--static",
        "-std=c99",
        "--std=gnu++17",
        "-stdlib=libc++",
        "--sysroot=/opt/sysroot",
        "-w",
        "-xc++",
        "-v",
    ] {
        for verb in COMPILER_VERBS {
            assert!(ok(verb, &[flag]), "{verb} {flag}");
        }
    }
}

#[test]
fn compiler_flags_refused() {
    for flag in [
        "-wrapper",
        "-fplugin=/tmp/evil.so",
        "-fplugin-arg-x",
        "-B/tmp",
        "-B",
        "-specs=/tmp/x",
        "@/tmp/args",
        "-I@/tmp/args",
        "-I-",
        "-D-X",
        "-D1X",
        "-DX=@file",
        "-DX=-y",
        "-O-",
        "-Wl,-plugin,x",
        "-Wa,-x",
        "-Wp,-DX=a,b",
        "-Wl,--as-needed",
        "-fbuiltin-memcpy",
        "-fno-unsigned-char",
        // (un) is not optional.
        "-fsigned-char",
        "-ftls-model=other",
        "-g-x",
        "-mabi=@x",
        "-mfpmath=@",
        "-std=-x",
        "--sysroot=@x",
        "-x-c",
        "-static",
        "-o",
        "-o/tmp/x",
        "-MD",
        "--",
        "-",
        "foo.o",
    ] {
        for verb in COMPILER_VERBS {
            let want =
                format!("invalid flag in #cgo {verb}: {flag} (see https://go.dev/s/invalidflag)");
            let msg = match check(verb, &[flag, "x"], &none()) {
                Ok(()) => panic!("{verb} {flag} passed"),
                Err(e) => e.to_string(),
            };
            assert_eq!(msg, want);
        }
    }
}

#[test]
fn linker_flags_allowed() {
    for flag in [
        "-lz",
        "-lstdc++",
        "-L/usr/lib",
        "-Llib",
        "-F/Library/Frameworks",
        "-O1",
        "-fPIE",
        "-fopenmp",
        "-fsanitize=address",
        "-flat_namespace",
        "-g",
        "-headerpad_max_install_names",
        "-march=x86-64-v3",
        "-mcmodel=large",
        "-mfloat-abi=softfp",
        "-mdouble-float",
        "-mrelax",
        "-mno-strict-align",
        "-mlasx",
        "-mmacosx-version-min=12",
        "-mthreads",
        "-mwindows",
        "-pie",
        "-PIC",
        "-pthread",
        "-rdynamic",
        "-shared",
        "-static",
        "--static",
        "-static-libgcc",
        "-static-libstdc++",
        "-stdlib=libc++",
        "-v",
        "-Wl,--as-needed",
        "-Wl,--no-as-needed",
        "-Wl,--allow-multiple-definition",
        "-Wl,--no-allow-shlib-undefined",
        "-Wl,-Bdynamic",
        "-Wl,-Bstatic",
        "-Wl,-berok",
        "-Wl,-Bsymbolic-functions",
        "-Wl,-O1",
        "-Wl,-dn",
        "-Wl,-dy",
        "-Wl,--disable-new-dtags",
        "-Wl,--enable-new-dtags",
        "-Wl,-e=main2",
        "-Wl,-e,entry",
        "-Wl,--start-group",
        "-Wl,--end-group",
        "-Wl,--export-dynamic",
        "-Wl,--no-export-dynamic",
        "-Wl,-E",
        "-Wl,-framework,CoreFoundation",
        "-Wl,--hash-style=gnu",
        "-Wl,-headerpad_max_install_names",
        "-Wl,--no-undefined",
        "-Wl,--push-state",
        "-Wl,--pop-state",
        "-Wl,-R/opt/lib",
        "-Wl,-R,/opt/lib",
        "-Wl,--just-symbols=syms.o",
        "-Wl,-rpath,/opt/lib",
        "-Wl,-rpath=$ORIGIN/../lib",
        "-Wl,-rpath-link,/opt/lib",
        "-Wl,-s",
        "-Wl,-search_paths_first",
        "-Wl,-sectcreate,__TEXT,__info,Info.plist",
        "-Wl,-static",
        "-Wl,--static",
        "-Wl,--subsystem,console",
        "-Wl,-subsystem,windows",
        "-Wl,-syslibroot,/sdk",
        "-Wl,-undefined,dynamic_lookup",
        "-Wl,--unresolved-symbols=ignore-all",
        "-Wl,--warn-common",
        "-Wl,--no-warn-mismatch",
        "-Wl,--wrap=malloc",
        "-Wl,-wrap,free",
        "-Wl,-z,relro",
        "-Wl,-z,relro,-z,now",
        "-Wl,-z,noexecstack",
        "libfoo.a",
        "foo.o",
        "/abs/lib/libbar.so",
        "x.dylib",
        "y.tbd",
        "w.dll",
        "./local.a",
        "_x.so",
    ] {
        assert!(ok(Verb::Ldflags, &[flag]), "{flag}");
    }
}

#[test]
fn linker_flags_refused() {
    for flag in [
        "-Wl,-plugin,/tmp/evil.so",
        "-Wl,--plugin=/tmp/evil.so",
        "-fuse-ld=/tmp/ld",
        "-B/tmp",
        "-lto_library",
        "-l@file",
        "-l-x",
        "-L@x",
        "-Wl,-rpath,/a,-plugin,/b",
        "-Wl,-rpath,@loader_path",
        "-Wl,-R@x",
        "-Wl,-R/a,-b",
        "-Wl,--as-needed,-plugin,x",
        "-Wl,-framework,-x",
        "-Wl,-e,main_1",
        "-Wl,--wrap=-x",
        "-Wl,-z,lazy",
        "-Wl,--hash-style=other",
        "-Wl,-subsystem,evil",
        "-Wl,-sectcreate,a,b",
        "-Wl,--dynamic-linker=/x",
        "-Wl,@args",
        "-Wl,-T,script.ld",
        "-Wl,--version-script=x.map",
        "-Wall",
        "-DFOO",
        "-I/usr/include",
        "-o",
        "-o/tmp/x",
        "-nostdlib",
        "-static@",
        "@args.txt",
        "-foo.o",
        "@foo.o",
        ".hidden.o",
        "foo.c",
        "foo.a.txt",
        // Leftmost-first: `\.(a|o|obj|...)` stops at "z.o".
        "z.obj",
        "-",
    ] {
        assert_eq!(
            refused(Verb::Ldflags, &[flag]),
            format!("invalid flag in #cgo LDFLAGS: {flag} (see https://go.dev/s/invalidflag)"),
        );
    }
}

#[test]
fn flags_with_an_argument() {
    // The argument is the next flag, if it is safe.
    for (verb, flags) in [
        (Verb::Cflags, &["-I", "/usr/include"][..]),
        (Verb::Cflags, &["-I", "include", "-D", "X", "-U", "Y"]),
        (Verb::Cflags, &["-I", "é"]),
        (Verb::Cflags, &["-I", "_x", "-I", ".x"]),
        (Verb::Cflags, &["-framework", "CoreFoundation"]),
        (Verb::Cflags, &["-include", "config.h"]),
        (Verb::Cflags, &["-isystem", "/opt/inc", "-isysroot", "/sdk"]),
        (
            Verb::Cflags,
            &["--sysroot", "/sysroot", "-target", "x86_64-linux-gnu"],
        ),
        (Verb::Cflags, &["-arch", "arm64", "-x", "c++", "-F", "/fw"]),
        // The argument is not checked itself, even if it looks like a flag
        // go build would refuse.
        (Verb::Cflags, &["-D", "wrapper"]),
        (Verb::Cflags, &["-x", "c", "-x", "objective-c"]),
        // -I =DIR and -I $SYSROOT/DIR.
        (Verb::Cflags, &["-I", "=/usr/include"]),
        (Verb::Cflags, &["-I", "$SYSROOT/usr/include"]),
        (Verb::Cflags, &["-I", "$SYSROOT"]),
        (Verb::Ldflags, &["-l", "z", "-L", "/lib", "-F", "/fw"]),
        (
            Verb::Ldflags,
            &["-framework", "Security", "-arch", "x86_64"],
        ),
        (
            Verb::Ldflags,
            &["-isysroot", "/sdk", "--sysroot", "/s", "-target", "t"],
        ),
        (Verb::Ldflags, &["-Wl,-framework", "Security"]),
        // -Wl,X -Wl,Y.
        (Verb::Ldflags, &["-Wl,-framework", "-Wl,Security"]),
        (Verb::Ldflags, &["-Wl,-rpath", "-Wl,/opt/lib"]),
        (Verb::Ldflags, &["-Wl,-R", "-Wl,/opt/lib"]),
        (Verb::Ldflags, &["-Wl,--just-symbols", "-Wl,syms.o"]),
        (Verb::Ldflags, &["-Wl,-undefined", "-Wl,dynamic_lookup"]),
        (Verb::Ldflags, &["-Wl,-rpath", "/opt/lib"]),
    ] {
        assert!(ok(verb, flags), "{verb} {flags:?}");
    }
    for (verb, flags, want) in [
        (Verb::Cflags, &["-I"][..], "-I without argument"),
        (Verb::Cflags, &["-O2", "-D"], "-D without argument"),
        (Verb::Cflags, &["-I", "-wrapper"], "-I -wrapper"),
        (Verb::Cflags, &["-I", "@args"], "-I @args"),
        (Verb::Cflags, &["-I", ""], "-I "),
        (Verb::Cflags, &["-I", "="], "-I ="),
        (Verb::Cflags, &["-I", "=@x"], "-I =@x"),
        (Verb::Cflags, &["-I", "$HOME"], "-I $HOME"),
        (Verb::Cflags, &["-D", "=x"], "-D =x"),
        (Verb::Cflags, &["-include", "-"], "-include -"),
        (Verb::Cflags, &["-framework", "-Wl,x"], "-framework -Wl,x"),
        (Verb::Ldflags, &["-l"], "-l without argument"),
        (Verb::Ldflags, &["-L", "-Wl,/x"], "-L -Wl,/x"),
        (
            Verb::Ldflags,
            &["-Wl,-rpath", "-Wl,/a,-plugin"],
            "-Wl,-rpath -Wl,/a,-plugin",
        ),
        (
            Verb::Ldflags,
            &["-Wl,-rpath", "-Wl,@x"],
            "-Wl,-rpath -Wl,@x",
        ),
        (
            Verb::Ldflags,
            &["-Wl,-framework", "-Wl,"],
            "-Wl,-framework -Wl,",
        ),
        (Verb::Ldflags, &["-Wl,-R", "-plugin"], "-Wl,-R -plugin"),
    ] {
        assert_eq!(
            refused(verb, flags),
            format!("invalid flag in #cgo {verb}: {want} (see https://go.dev/s/invalidflag)"),
            "{flags:?}"
        );
    }
    // A compiler flag's argument form is not a linker's, and back.
    assert!(!ok(Verb::Ldflags, &["-I", "/x"]));
    assert!(!ok(Verb::Cflags, &["-l", "z"]));
    assert!(!ok(Verb::Cflags, &["-Wl,-rpath", "/x"]));
}

#[test]
fn push_state_lists() {
    for flags in [
        "-Wl,--push-state,--as-needed",
        "-Wl,--push-state,--no-as-needed,-Bstatic",
        "-Wl,--push-state,--push-state",
    ] {
        assert!(ok(Verb::Ldflags, &[flags]), "{flags}");
    }
    for flags in [
        "-Wl,--push-state,-plugin,x",
        "-Wl,--push-state,",
        "-Wl,--push-state,--as-needed,",
        "-Wl,--push-state,-rpath,/x",
        // Split at every comma: -z and relro are two elements.
        "-Wl,--push-state,-z,relro",
        "-Wl,--push-state,lto_library",
    ] {
        assert_eq!(
            refused(Verb::Ldflags, &[flags]),
            format!("invalid flag in #cgo LDFLAGS: {flags} (see https://go.dev/s/invalidflag)")
        );
    }
    // As compiler flags, the elements are checked against the compiler
    // list, where no -Wl, flag is.
    assert!(!ok(Verb::Cflags, &["-Wl,--push-state,--as-needed"]));
}

#[test]
fn first_refused_flag_is_reported_with_its_index() {
    let e = check(
        Verb::Cflags,
        &["-O2", "-I", "inc", "-wrapper", "-fplugin=x"],
        &none(),
    )
    .unwrap_err();
    assert_eq!(e.index(), Some(3));
    assert_eq!(
        e,
        FlagError::Invalid {
            verb: Verb::Cflags,
            index: 3,
            flag: "-wrapper".into()
        }
    );
    let e = check(Verb::Ldflags, &["-lz", "-L"], &none()).unwrap_err();
    assert_eq!(e.index(), Some(1));
    let e = check(Verb::Ldflags, &["-L", "@x"], &none()).unwrap_err();
    assert_eq!(e.index(), Some(0));
    assert!(check::<&str>(Verb::Cflags, &[], &none()).is_ok());
}

fn with(pairs: &[(&str, &str)]) -> Overrides {
    let mut o = Overrides::new();
    for (name, value) in pairs {
        let (verb, kind) = parse_override_name(name).unwrap();
        o.set(verb, kind, *value);
    }
    o
}

#[test]
fn allow_passes_what_the_list_refuses() {
    let o = with(&[("CGO_CFLAGS_ALLOW", "-fplugin=.*")]);
    assert!(check(Verb::Cflags, &["-fplugin=/opt/p.so", "-O2"], &o).is_ok());
    // Only for its verb.
    assert!(check(Verb::Cppflags, &["-fplugin=/opt/p.so"], &o).is_err());
    assert!(check(Verb::Cxxflags, &["-fplugin=/opt/p.so"], &o).is_err());
    // The match must be the whole flag, leftmost-first.
    let o = with(&[("CGO_LDFLAGS_ALLOW", "-Wl,-plugin|-Wl,-plugin,.*")]);
    assert!(check(Verb::Ldflags, &["-Wl,-plugin,x"], &o).is_err());
    assert!(check(Verb::Ldflags, &["-Wl,-plugin"], &o).is_ok());
    let o = with(&[("CGO_LDFLAGS_ALLOW", "-Wl,-plugin,.*|-Wl,-plugin")]);
    assert!(check(Verb::Ldflags, &["-Wl,-plugin,x"], &o).is_ok());
    // Not anchored either: a match of part of it is no match.
    let o = with(&[("CGO_CFLAGS_ALLOW", "wrapper")]);
    assert!(check(Verb::Cflags, &["-wrapper"], &o).is_err());
    // ALLOW comes before -lto_library's refusal.
    let o = with(&[("CGO_LDFLAGS_ALLOW", "-lto_library")]);
    assert!(check(Verb::Ldflags, &["-lto_library"], &o).is_ok());
    // An allowed flag takes no argument: the next one is a flag.
    let o = with(&[("CGO_CFLAGS_ALLOW", "-wrapper")]);
    assert_eq!(
        check(Verb::Cflags, &["-wrapper", "/bin/sh"], &o)
            .unwrap_err()
            .to_string(),
        "invalid flag in #cgo CFLAGS: /bin/sh (see https://go.dev/s/invalidflag)"
    );
}

#[test]
fn disallow_refuses_even_allowed_flags() {
    let o = with(&[("CGO_CFLAGS_DISALLOW", "-O.*")]);
    assert_eq!(
        check(Verb::Cflags, &["-g", "-O2"], &o).unwrap_err(),
        FlagError::Invalid {
            verb: Verb::Cflags,
            index: 1,
            flag: "-O2".into()
        }
    );
    assert!(check(Verb::Cflags, &["-g"], &o).is_ok());
    // DISALLOW wins over ALLOW.
    let o = with(&[
        ("CGO_LDFLAGS_ALLOW", ".*"),
        ("CGO_LDFLAGS_DISALLOW", "-lfoo"),
    ]);
    assert!(check(Verb::Ldflags, &["-lbar", "-Wl,-plugin,x"], &o).is_ok());
    assert!(check(Verb::Ldflags, &["-lfoo"], &o).is_err());
    // The argument of a flag that takes one is not checked, even by
    // DISALLOW.
    let o = with(&[("CGO_CFLAGS_DISALLOW", "/etc.*")]);
    assert!(check(Verb::Cflags, &["-I", "/etc/x"], &o).is_ok());
    // ... and DISALLOW too must match all of the flag.
    assert!(check(Verb::Cflags, &["-I/etc/x"], &o).is_ok());
    let o = with(&[("CGO_CFLAGS_DISALLOW", "-I/etc.*")]);
    assert!(check(Verb::Cflags, &["-I/etc/x"], &o).is_err());
    // But the flag itself is.
    let o = with(&[("CGO_CFLAGS_DISALLOW", "-I")]);
    assert!(check(Verb::Cflags, &["-I", "/x"], &o).is_err());
}

#[test]
fn overrides_compile_first_and_fail_in_go_words() {
    let o = with(&[("CGO_CFLAGS_ALLOW", "(")]);
    assert_eq!(
        check::<&str>(Verb::Cflags, &[], &o)
            .unwrap_err()
            .to_string(),
        "parsing $CGO_CFLAGS_ALLOW: error parsing regexp: missing closing ): `(`"
    );
    assert!(check::<&str>(Verb::Cppflags, &[], &o).is_ok());
    // ALLOW is compiled before DISALLOW, both before any flag is looked
    // at.
    let o = with(&[("CGO_LDFLAGS_ALLOW", "a**"), ("CGO_LDFLAGS_DISALLOW", "[")]);
    assert_eq!(
        check(Verb::Ldflags, &["-wrapper"], &o).unwrap_err().to_string(),
        "parsing $CGO_LDFLAGS_ALLOW: error parsing regexp: invalid nested repetition operator: `**`"
    );
    let o = with(&[("CGO_FFLAGS_DISALLOW", "[z-a]")]);
    let e = check(Verb::Fflags, &["-O2"], &o).unwrap_err();
    assert_eq!(e.index(), None);
    assert_eq!(
        e.to_string(),
        "parsing $CGO_FFLAGS_DISALLOW: error parsing regexp: invalid character class range: `z-a`"
    );
}

#[test]
fn override_names() {
    let names = super::override_names();
    assert_eq!(names.len(), 10);
    assert_eq!(names[0], "CGO_CPPFLAGS_ALLOW");
    assert_eq!(names[9], "CGO_LDFLAGS_DISALLOW");
    for name in &names {
        let (verb, kind) = parse_override_name(name).unwrap();
        assert_eq!(&override_name(verb, kind), name);
    }
    for bad in [
        "CGO_CFLAGS",
        "CGO_CFLAGS_ALLOWED",
        "CGO_CFLAG_ALLOW",
        "cgo_cflags_allow",
        "CGO_PKG_CONFIG_ALLOW",
        "CGO_LDFLAGS_ALLOW_",
        "",
    ] {
        assert_eq!(parse_override_name(bad), None, "{bad}");
    }
    let mut o = Overrides::new();
    o.set(Verb::Cflags, OverrideKind::Allow, "x");
    assert_eq!(o.get(Verb::Cflags, OverrideKind::Allow), Some("x"));
    o.set(Verb::Cflags, OverrideKind::Allow, "");
    assert_eq!(o, Overrides::new());
}

#[test]
fn odd_inputs_do_not_panic() {
    let o = with(&[("CGO_CFLAGS_ALLOW", "é+"), ("CGO_CFLAGS_DISALLOW", "\u{0}")]);
    for flags in [
        &[""][..],
        &["\u{0}"],
        &["é"],
        &["-I", "\u{10ffff}"],
        &["-Wl,--push-state,é"],
        &["-I\n"],
    ] {
        let _ = check(Verb::Cflags, flags, &o);
        let _ = check(Verb::Ldflags, flags, &o);
    }
    // An empty flag passes (go build never produces one).
    assert!(ok(Verb::Cflags, &[""]));
}
