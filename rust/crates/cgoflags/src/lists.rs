//! The flags go build lets `#cgo` directives pass (go1.27's lists; see the
//! crate documentation for how older releases differ). Each entry is a Go
//! regular expression that must match a whole flag.

use std::sync::OnceLock;

use crate::goregexp::GoRegexp;

/// Compiler flags: CPPFLAGS, CFLAGS, CXXFLAGS, FFLAGS.
const COMPILER: &[&str] = &[
    // Preprocessor definitions and search paths.
    r"-D([A-Za-z_][A-Za-z0-9_]*)(=[^@\-]*)?",
    r"-U([A-Za-z_][A-Za-z0-9_]*)",
    r"-F([^@\-].*)",
    r"-I([^@\-].*)",
    // Optimisation and warnings (not -Wa,... or -Wl,...).
    r"-O",
    r"-O([^@\-].*)",
    r"-W",
    r"-W([^@,]+)",
    r"-Wa,-mbig-obj",
    r"-Wp,-D([A-Za-z_][A-Za-z0-9_]*)(=[^@,\-]*)?",
    r"-Wp,-U([A-Za-z_][A-Za-z0-9_]*)",
    r"-ansi",
    // -f options.
    r"-f(no-)?asynchronous-unwind-tables",
    r"-f(no-)?blocks",
    r"-f(no-)builtin-[a-zA-Z0-9_]*",
    r"-f(no-)?common",
    r"-f(no-)?constant-cfstrings",
    r"-fdebug-prefix-map=([^@]+)=([^@]+)",
    r"-fdiagnostics-show-note-include-stack",
    r"-ffile-prefix-map=([^@]+)=([^@]+)",
    r"-fno-canonical-system-headers",
    r"-f(no-)?eliminate-unused-debug-types",
    r"-f(no-)?exceptions",
    r"-f(no-)?fast-math",
    r"-f(no-)?inline-functions",
    r"-finput-charset=([^@\-].*)",
    r"-f(no-)?fat-lto-objects",
    r"-f(no-)?keep-inline-dllexport",
    r"-f(no-)?lto",
    r"-fmacro-backtrace-limit=(.+)",
    r"-fmessage-length=(.+)",
    r"-f(no-)?modules",
    r"-f(no-)?objc-arc",
    r"-f(no-)?objc-nonfragile-abi",
    r"-f(no-)?objc-legacy-dispatch",
    r"-f(no-)?omit-frame-pointer",
    r"-f(no-)?openmp(-simd)?",
    r"-f(no-)?permissive",
    r"-f(no-)?(pic|PIC|pie|PIE)",
    r"-f(no-)?plt",
    r"-f(no-)?rtti",
    r"-f(no-)?split-stack",
    r"-f(no-)?stack-(.+)",
    r"-f(no-)?strict-aliasing",
    r"-f(un)signed-char",
    r"-f(no-)?use-linker-plugin",
    r"-f(no-)?visibility-inlines-hidden",
    r"-fsanitize=(.+)",
    r"-fsanitize-undefined-strip-path-components=(-)?[0-9]+",
    r"-ftemplate-depth-(.+)",
    r"-ftls-model=(global-dynamic|local-dynamic|initial-exec|local-exec)",
    r"-fvisibility=(.+)",
    // Debug information.
    r"-g([^@\-].*)?",
    // -m options: targets and instruction sets.
    r"-m32",
    r"-m64",
    r"-m(abi|arch|cpu|fpu|simd|tls-dialect|tune)=([^@\-].*)",
    r"-m(no-)?v?aes",
    r"-marm",
    r"-mcmodel=[0-9a-z-]+",
    r"-mfloat-abi=([^@\-].*)",
    r"-m(soft|single|double)-float",
    r"-mfpmath=[0-9a-z,+]*",
    r"-m(no-)?avx[0-9a-z.]*",
    r"-m(no-)?ms-bitfields",
    r"-m(no-)?stack-(.+)",
    r"-mmacosx-(.+)",
    r"-m(no-)?relax",
    r"-m(no-)?strict-align",
    r"-m(no-)?(lsx|lasx|frecipe|div32|lam-bh|lamcas|ld-seq-sa)",
    r"-mios-simulator-version-min=(.+)",
    r"-miphoneos-version-min=(.+)",
    r"-mlarge-data-threshold=[0-9]+",
    r"-mtvos-simulator-version-min=(.+)",
    r"-mtvos-version-min=(.+)",
    r"-mwatchos-simulator-version-min=(.+)",
    r"-mwatchos-version-min=(.+)",
    r"-mnop-fun-dllimport",
    r"-m(no-)?sse[0-9.]*",
    r"-m(no-)?ssse3",
    r"-mthumb(-interwork)?",
    r"-mthreads",
    r"-mwindows",
    // The rest.
    r"-no-canonical-prefixes",
    r"--param=ssp-buffer-size=[0-9]*",
    r"-pedantic(-errors)?",
    r"-pipe",
    r"-pthread",
    r"--static",
    r"-?-std=([^@\-].*)",
    r"-?-stdlib=([^@\-].*)",
    r"--sysroot=([^@\-].*)",
    r"-w",
    r"-x([^@\-].*)",
    r"-v",
];

/// Compiler flags whose value is the next argument.
pub(crate) const COMPILER_WITH_ARG: &[&str] = &[
    "-arch",
    "-D",
    "-U",
    "-I",
    "-F",
    "-framework",
    "-include",
    "-isysroot",
    "-isystem",
    "--sysroot",
    "-target",
    "-x",
];

/// Linker flags refused before the allow-list is consulted: on macOS
/// `-lto_library` loads and runs the next argument, and `-l.*` would let
/// it through.
const LINKER_REFUSED: &[&str] = &[r"-lto_library"];

/// Linker flags: LDFLAGS.
const LINKER: &[&str] = &[
    r"-F([^@\-].*)",
    r"-l([^@\-].*)",
    r"-L([^@\-].*)",
    r"-O",
    r"-O([^@\-].*)",
    r"-f(no-)?(pic|PIC|pie|PIE)",
    r"-f(no-)?openmp(-simd)?",
    r"-fsanitize=([^@\-].*)",
    r"-flat_namespace",
    r"-g([^@\-].*)?",
    r"-headerpad_max_install_names",
    r"-m(abi|arch|cpu|fpu|simd|tls-dialect|tune)=([^@\-].*)",
    r"-mcmodel=[0-9a-z-]+",
    r"-mfloat-abi=([^@\-].*)",
    r"-m(soft|single|double)-float",
    r"-m(no-)?relax",
    r"-m(no-)?strict-align",
    r"-m(no-)?(lsx|lasx|frecipe|div32|lam-bh|lamcas|ld-seq-sa)",
    r"-mmacosx-(.+)",
    r"-mios-simulator-version-min=(.+)",
    r"-miphoneos-version-min=(.+)",
    r"-mthreads",
    r"-mwindows",
    r"-(pic|PIC|pie|PIE)",
    r"-pthread",
    r"-rdynamic",
    r"-shared",
    r"-?-static([-a-z0-9+]*)",
    r"-?-stdlib=([^@\-].*)",
    r"-v",
    // -Wl, passes a comma-separated list to the linker, so no wildcard
    // below may match a comma: it would smuggle in further arguments.
    r"-Wl,--(no-)?allow-multiple-definition",
    r"-Wl,--(no-)?allow-shlib-undefined",
    r"-Wl,--(no-)?as-needed",
    r"-Wl,-Bdynamic",
    r"-Wl,-berok",
    r"-Wl,-Bstatic",
    r"-Wl,-Bsymbolic-functions",
    r"-Wl,-O[0-9]+",
    r"-Wl,-d[ny]",
    r"-Wl,--disable-new-dtags",
    r"-Wl,-e[=,][a-zA-Z0-9]+",
    r"-Wl,--enable-new-dtags",
    r"-Wl,--end-group",
    r"-Wl,--(no-)?export-dynamic",
    r"-Wl,-E",
    r"-Wl,-framework,[^,@\-][^,]*",
    r"-Wl,--hash-style=(sysv|gnu|both)",
    r"-Wl,-headerpad_max_install_names",
    r"-Wl,--no-undefined",
    r"-Wl,--pop-state",
    r"-Wl,--push-state",
    r"-Wl,-R,?([^@\-,][^,@]*$)",
    r"-Wl,--just-symbols[=,]([^,@\-][^,@]*)",
    r"-Wl,-rpath(-link)?[=,]([^,@\-][^,]*)",
    r"-Wl,-s",
    r"-Wl,-search_paths_first",
    r"-Wl,-sectcreate,([^,@\-][^,]*),([^,@\-][^,]*),([^,@\-][^,]*)",
    r"-Wl,--start-group",
    r"-Wl,-?-static",
    r"-Wl,-?-subsystem,(native|windows|console|posix|xbox)",
    r"-Wl,-syslibroot[=,]([^,@\-][^,]*)",
    r"-Wl,-undefined[=,]([^,@\-][^,]*)",
    r"-Wl,-?-unresolved-symbols=[^,]+",
    r"-Wl,--(no-)?warn-([^,]+)",
    r"-Wl,-?-wrap[=,][^,@\-][^,]*",
    r"-Wl(,-z,(relro|now|(no)?execstack))+",
    // Files given straight to the linker (not -x.o or @x.o).
    r"[a-zA-Z0-9_/].*\.(a|o|obj|dll|dylib|so|tbd)",
    r"\./.*\.(a|o|obj|dll|dylib|so|tbd)",
];

/// Linker flags whose value is the next argument.
pub(crate) const LINKER_WITH_ARG: &[&str] = &[
    "-arch",
    "-F",
    "-l",
    "-L",
    "-framework",
    "-isysroot",
    "--sysroot",
    "-target",
    "-Wl,-framework",
    "-Wl,-rpath",
    "-Wl,-R",
    "-Wl,--just-symbols",
    "-Wl,-undefined",
];

/// The compiled lists.
pub(crate) struct Lists {
    pub(crate) compiler: Vec<GoRegexp>,
    pub(crate) linker: Vec<GoRegexp>,
    pub(crate) linker_refused: Vec<GoRegexp>,
}

fn compile(patterns: &[&str]) -> Vec<GoRegexp> {
    patterns
        .iter()
        .map(|p| match GoRegexp::new(p) {
            Ok(re) => re,
            // The lists are constants, compiled by the tests.
            Err(e) => panic!("built-in pattern {p}: {e}"),
        })
        .collect()
}

pub(crate) fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| Lists {
        compiler: compile(COMPILER),
        linker: compile(LINKER),
        linker_refused: compile(LINKER_REFUSED),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        let l = lists();
        assert_eq!(l.compiler.len(), COMPILER.len());
        assert_eq!(l.linker.len(), LINKER.len());
        assert_eq!(l.linker_refused.len(), 1);
    }

    #[test]
    fn wl_wildcards_exclude_commas() {
        // Every -Wl, pattern either has no wildcard or excludes commas
        // from it: the property the list's safety rests on. Checked on
        // the behaviour: appending ",-plugin" never keeps a match.
        for (p, re) in LINKER.iter().zip(&lists().linker) {
            if p.starts_with("-Wl") {
                for probe in [
                    "-Wl,-rpath,/x",
                    "-Wl,--warn-common",
                    "-Wl,-z,now",
                    "-Wl,-R/x",
                ] {
                    let smuggled = format!("{probe},-plugin,/evil.so");
                    assert!(!re.matches_all(&smuggled), "{p} matches {smuggled}");
                }
            }
        }
    }
}
