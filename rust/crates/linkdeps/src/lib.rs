//! fips-linkdeps: which packages a Go program links, and the module lines
//! (`mod`, `dep`, `=>`) go build writes for them in its build information.
//!
//! A Bazel target's dependencies are a superset of what its sources import:
//! a dependency of files that the build constraints drop for this platform
//! is still listed, and the linker never loads it. go build records the
//! modules of the packages it loads from the main package's imports, so the
//! rules record, for every compiled package, the packages its kept sources
//! import (`fipstool importcfg --imports-out`), and the link walks those
//! lists from the program's roots. The modules are then those of the
//! reached packages (the longest module path that is a path prefix of the
//! import path, as the go command resolves an import against the build
//! list), formatted as `runtime/debug.BuildInfo.String` formats them.

mod chains;
mod modules;
mod reach;

pub use chains::{
    display_label, shortest_chains, ChainRoot, ChainsFile, StdImports, CHAINS_SCHEMA_VERSION,
};
pub use modules::{module_lines, Module, Modules, ModulesError, Replacement};
pub use reach::{reachable, Graph, GraphError, ReachError, Root};
