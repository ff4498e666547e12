//! Does the main app already mount the router aggregator (SPEC §11)? Main is edited only
//! when the answer is a clear no: adding a second mount serves every route twice, and a
//! mount without the dependencies of the real one bypasses them.
//!
//! Mounted means: main imports the aggregator module in any spelling and any scope
//! (absolute, relative, aliased, inside an app factory), or imports a project module
//! from which the aggregator is imported in turn (an aggregator included by another
//! router that main mounts). When main mounts other routers and none of them leads to
//! the aggregator, it is a doubt: main is left alone and the user told how to mount it.

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;

use crate::layout::Layout;
use crate::python::ParsedModule;

/// How many project modules the search reads at most: enough for any real import graph
/// around an app, bounded for a hostile one.
const MAX_MODULES: usize = 512;

/// The answer for one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mounting {
    /// Main reaches the aggregator (through `via`, a module path, when not directly).
    Mounted { via: Option<String> },
    /// Main mounts nothing yet: wiring it is safe.
    Unmounted,
    /// Main mounts routers and none leads to the aggregator: leave main alone.
    Doubt,
}

/// Judges the main app's source `main` of the project at `root`. Project modules are
/// looked up below the import root, `root` and `root/src`; unreadable or invalid ones are skipped
/// (they cannot be followed, which only makes the answer a doubt, never a wrong "no").
pub fn judge(root: &Path, layout: &Layout, main: &ParsedModule) -> Mounting {
    let aggregator = layout.module(&layout.aggregator);
    let within = layout.package(&layout.main);
    if main.imports_module(&aggregator, &within) {
        return Mounting::Mounted { via: None };
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = main.imported_modules(&within).into();
    while let Some(module) = queue.pop_front() {
        if seen.len() >= MAX_MODULES {
            return Mounting::Doubt;
        }
        if !seen.insert(module.clone()) {
            continue;
        }
        let Some((rel, parsed)) = read_module(root, layout, &module) else {
            continue;
        };
        let within = layout.package(&rel);
        if parsed.imports_module(&aggregator, &within) {
            return Mounting::Mounted { via: Some(module) };
        }
        queue.extend(
            parsed
                .imported_modules(&within)
                .into_iter()
                .filter(|m| !seen.contains(m)),
        );
    }
    if main.includes_any_router() {
        Mounting::Doubt
    } else {
        Mounting::Unmounted
    }
}

/// Whether main hands the app to a function of the aggregator module whose body includes
/// routers (`include_routers(app)`, imported from the aggregator, SPEC §11b
/// "Factories"): main mounts them without an `include_router` of its own.
pub fn hands_app_to_aggregator(root: &Path, layout: &Layout, main: &ParsedModule) -> bool {
    let aggregator = layout.module(&layout.aggregator);
    let within = layout.package(&layout.main);
    let Ok(text) = crate::fsread::read_to_string(&root.join(&layout.main)) else {
        return false;
    };
    let Ok(calls) = crate::python::call_sites(&text, layout.python) else {
        return false;
    };
    let helpers: Vec<String> = calls
        .sites
        .iter()
        .filter(|site| site.args.contains(&layout.app_var))
        .filter_map(|site| {
            let callee = main.resolve_any_scope(&site.callee, &within);
            let f = callee
                .strip_prefix(aggregator.as_str())?
                .strip_prefix('.')?;
            (!f.is_empty() && !f.contains('.')).then(|| f.to_string())
        })
        .collect();
    if helpers.is_empty() {
        return false;
    }
    // The helper must itself include routers: a `setup_logging(app)` of the same module
    // mounts nothing.
    let Ok(text) = crate::fsread::read_to_string(&root.join(&layout.aggregator)) else {
        return false;
    };
    let Ok(own) = crate::python::call_sites(&text, layout.python) else {
        return false;
    };
    own.sites.iter().any(|site| {
        site.callee.ends_with(".include_router")
            && site.function.as_ref().is_some_and(|f| helpers.contains(f))
    })
}

/// The project file of a dotted module, parsed: `a/b.py` or `a/b/__init__.py`, below
/// the root or below `src/`. Modules outside the project (fastapi, os) have no file.
pub(crate) fn read_module(
    root: &Path,
    layout: &Layout,
    module: &str,
) -> Option<(String, ParsedModule)> {
    let path = module.replace('.', "/");
    let configured = match layout.import_root.trim_matches('/') {
        "" => String::new(),
        r => format!("{r}/"),
    };
    for base in [configured.as_str(), "", "src/"] {
        for rel in [
            format!("{base}{path}.py"),
            format!("{base}{path}/__init__.py"),
        ] {
            let full = root.join(&rel);
            let Ok(meta) = std::fs::metadata(&full) else {
                continue;
            };
            // Source files only, and of a sane size: a FIFO or a device is not followed.
            if !meta.is_file() || meta.len() > 8 * 1024 * 1024 {
                continue;
            }
            let text = std::fs::read_to_string(&full).ok()?;
            let parsed = ParsedModule::for_target(&text, layout.python).ok()?;
            return Some((rel, parsed));
        }
    }
    None
}
