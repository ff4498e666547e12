//! The URL prefix the aggregator's router is really served under (SPEC §11b "Prefix
//! chain"): every prefix from the app down — the app's include (or the path of the
//! sub-app it is mounted as), each router that includes the next, the aggregator
//! router's own `prefix=` — so that the doc, the summary and MCP replies name the URL
//! the app serves.
//!
//! Followed through main and the project modules it imports (as `mounted` does). A
//! prefix that is not a literal at the app's include (`settings.API_V1_STR`) is the
//! layout's `api_prefix` (configured, or `/api/<version>`); anywhere lower it makes the
//! chain unknown, and the caller keeps the layout's prefix.

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;

use crate::layout::Layout;
use crate::mounted::{self, Mounting, read_module};
use crate::python::{ParsedModule, Prefix, router_defs};

/// How many project modules and how many routers up the search goes at most.
const MAX_MODULES: usize = 512;
const MAX_DEPTH: usize = 16;

/// The served prefix of the aggregator's router, or `None` when a part of the chain
/// cannot be read (then the layout's `api_prefix` applies, as before).
pub fn served_prefix(root: &Path, layout: &Layout) -> Option<String> {
    let source = read(root, &layout.aggregator)?;
    let own = router_defs(&source)
        .routers
        .get(&layout.router_var)
        .cloned();
    let mut known = match own {
        Some(Prefix::Unknown) => return None,
        Some(Prefix::Literal(p)) => p,
        Some(Prefix::Absent) | None => String::new(),
    };
    let mut target = format!(
        "{}.{}",
        layout.module(&layout.aggregator),
        layout.router_var
    );
    let mut modules = Reachable::new(root, layout);
    for _ in 0..MAX_DEPTH {
        // The first module, in the order imports reach them, that includes the target.
        let mut found = None;
        let mut i = 0;
        while let Some((rel, parsed)) = modules.get(i) {
            let within = layout.package(rel);
            if let Some(first) = parsed.includes_of(&target, &within).into_iter().next() {
                found = Some((rel.clone(), first));
                break;
            }
            i += 1;
        }
        let Some((rel, (router, prefix))) = found else {
            return Some(not_found(root, layout, &known));
        };
        let defs = router_defs(&read(root, &rel)?);
        match defs.routers.get(&router) {
            // A router that is included in turn: its own prefix, then the include's.
            Some(own) => {
                let (own, include) = (literal(own)?, literal(&prefix)?);
                known = format!("{own}{include}{known}");
                target = format!("{}.{router}", layout.module(&rel));
            }
            // The app (or a function's parameter holding it): the top of the chain.
            None => {
                let mount = defs.mounts.get(&router).cloned().unwrap_or_default();
                let top = match (&layout.prefix, prefix) {
                    (Some(configured), _) => configured.clone(),
                    (None, Prefix::Literal(p)) => format!("{mount}{p}"),
                    (None, Prefix::Absent) => mount,
                    (None, Prefix::Unknown) => layout.api_prefix(),
                };
                return Some(format!("{top}{known}"));
            }
        }
    }
    None
}

fn literal(p: &Prefix) -> Option<String> {
    match p {
        Prefix::Absent => Some(String::new()),
        Prefix::Literal(s) => Some(s.clone()),
        Prefix::Unknown => None,
    }
}

/// No include of the chain's top was found: main is about to mount the aggregator
/// (under `api_prefix`), or mounts it in a way not followed (a helper, a loop over a
/// router list): then only what is known counts, under a configured `api_prefix`.
fn not_found(root: &Path, layout: &Layout, known: &str) -> String {
    // Main is the aggregator: its includes are the app's own.
    if layout.main == layout.aggregator {
        return known.to_string();
    }
    let main =
        read(root, &layout.main).and_then(|s| ParsedModule::for_target(&s, layout.python).ok());
    let unmounted = main.is_none_or(|m| mounted::judge(root, layout, &m) == Mounting::Unmounted);
    if unmounted && layout.wire_main {
        return format!("{}{known}", layout.api_prefix());
    }
    format!("{}{known}", layout.prefix.clone().unwrap_or_default())
}

/// Main and the project modules reachable from it through imports, parsed, in the
/// order a breadth-first walk of the imports reaches them — each read and parsed only
/// when the search gets to it: the chain's top is usually main itself, so a project's
/// thousand endpoint modules (which the aggregator imports) are not read at all.
struct Reachable<'a> {
    root: &'a Path,
    layout: &'a Layout,
    out: Vec<(String, ParsedModule)>,
    queue: VecDeque<String>,
    seen: BTreeSet<String>,
}

impl<'a> Reachable<'a> {
    fn new(root: &'a Path, layout: &'a Layout) -> Reachable<'a> {
        let mut r = Reachable {
            root,
            layout,
            out: Vec::new(),
            queue: VecDeque::new(),
            seen: BTreeSet::new(),
        };
        if let Some(main) =
            read(root, &layout.main).and_then(|s| ParsedModule::for_target(&s, layout.python).ok())
        {
            r.queue = main.imported_modules(&layout.package(&layout.main)).into();
            r.out.push((layout.main.clone(), main));
        }
        r
    }

    /// The `i`-th module reached, reading the next ones as needed.
    fn get(&mut self, i: usize) -> Option<&(String, ParsedModule)> {
        while self.out.len() <= i {
            let module = self.queue.pop_front()?;
            if self.seen.len() >= MAX_MODULES || !self.seen.insert(module.clone()) {
                continue;
            }
            let Some((rel, parsed)) = read_module(self.root, self.layout, &module) else {
                continue;
            };
            let seen = &self.seen;
            self.queue.extend(
                parsed
                    .imported_modules(&self.layout.package(&rel))
                    .into_iter()
                    .filter(|m| !seen.contains(m)),
            );
            self.out.push((rel, parsed));
        }
        self.out.get(i)
    }
}

fn read(root: &Path, rel: &str) -> Option<String> {
    crate::fsread::read_to_string(&root.join(rel)).ok()
}
