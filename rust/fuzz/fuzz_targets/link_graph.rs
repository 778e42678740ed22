//! The package manifest and modules file of `fipstool linkinfo`, and the
//! standard library's import graph of `fipstool chains`: never a panic; a
//! walk over a parsed graph only reaches packages the manifest lists, the
//! module lines name only modules of the file, and every chain starts at
//! the root's target and ends at its package.
#![no_main]

use fips_linkdeps::{
    module_lines, reachable, shortest_chains, ChainRoot, Graph, Modules, Root, StdImports,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (manifest, rest) = text.split_once('\0').unwrap_or((text, ""));
    let (modules, imports) = rest.split_once('\0').unwrap_or((rest, ""));
    if let Ok(graph) = Graph::parse("m", manifest) {
        // Every package's import list is the same text.
        let roots = vec![Root {
            importmap: "main".to_string(),
            file: "root".to_string(),
            imports: imports.to_string(),
        }];
        let mut read = |_: &str| -> Result<String, ()> { Ok(imports.to_string()) };
        if let Ok(linked) = reachable(&graph, &roots, &mut read) {
            for p in &linked {
                assert!(p == "main" || graph.import_path(p).is_some(), "{p}");
            }
            if let Ok(modules) = Modules::parse("j", modules) {
                let paths = linked.iter().filter_map(|p| graph.import_path(p));
                for line in module_lines(&modules, "main/x", paths) {
                    assert!(!line.contains('\n'));
                }
            }
        }
    }
    let _ = Modules::parse("j", text);
    if let (Ok(graph), Ok(std)) = (Graph::parse("m", manifest), StdImports::parse("s", modules)) {
        let roots = vec![ChainRoot {
            importmap: "main".to_string(),
            label: "//app:app".to_string(),
            imports: imports.to_string(),
        }];
        let mut read = |_: &str| -> Result<String, ()> { Ok(imports.to_string()) };
        if let Ok(chains) = shortest_chains(&graph, &std, &roots, &mut read) {
            for (package, chain) in &chains {
                assert_eq!(chain.first().map(String::as_str), Some("//app"));
                assert!(
                    chain.len() >= 2 || graph.label(package).is_some(),
                    "{package}"
                );
            }
        }
    }
});
