//! What the plans of `feature` and `init` share: the packages a layout needs, and the
//! wiring of a file (the aggregator, the main app) as one more planned change.

use anyhow::Context as _;

use super::Plan;
use crate::error::invalid;
use crate::layout::Layout;
use crate::mounted::{self, Mounting};
use crate::python::{self, WireChange, Wiring};
use crate::render::Renderer;

/// Adds the `__init__.py` files the layout's packages lack, and returns those it adds
/// together with those in `shared` (created by other features) that it needs too.
///
/// Only where the neighbours have them (SPEC §11, §11b): where the sibling packages
/// have them (the majority of those holding Python), else below a regular package (one
/// with an `__init__.py`), and for a top-level package that does not exist yet. A
/// directory that holds modules without one is a namespace package, and stays one; so
/// does a new one among namespace siblings (PEP 420); `src/` and the configured import
/// root are roots, never packages.
pub(super) fn ensure_packages(
    plan: &mut Plan,
    dirs: &[String],
    import_root: &str,
    shared: &[&String],
) -> anyhow::Result<Vec<String>> {
    let is_root = |dir: &str| dir == "src" || (!import_root.is_empty() && dir == import_root);
    let mut created = Vec::new();
    for dir in dirs {
        if is_root(dir) {
            continue;
        }
        let init = format!("{dir}/__init__.py");
        if shared.iter().any(|s| **s == init) {
            created.push(init);
            continue;
        }
        let parent = dir.rsplit_once('/').map_or("", |(p, _)| p);
        let on_disk = plan.root().join(dir);
        let wanted = if parent.is_empty() || is_root(parent) {
            !on_disk.exists()
        } else if holds_python(&on_disk) {
            // Modules there already, and no `__init__.py`: a namespace package.
            false
        } else {
            match sibling_packages(&plan.root().join(parent), dir) {
                // PEP 420: the siblings do without, so does the new one.
                (0, without) if without > 0 => false,
                (with, without) if with != without => with > without,
                _ => plan.read(&format!("{parent}/__init__.py"))?.is_some(),
            }
        };
        if wanted && plan.ensure(&init, "")? == crate::plan::Action::Create {
            created.push(init);
        }
    }
    Ok(created)
}

/// Whether `dir` directly holds a `.py` file (`__init__.py` aside, which the caller
/// looks for itself).
fn holds_python(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.ends_with(".py") && name != "__init__.py" && e.path().is_file()
        })
    })
}

/// The sibling directories of `dir` in `parent` that hold Python: how many are regular
/// packages (with an `__init__.py`) and how many namespace packages (without).
fn sibling_packages(parent: &std::path::Path, dir: &str) -> (usize, usize) {
    let own = dir.rsplit('/').next().unwrap_or(dir);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return (0, 0);
    };
    let (mut with, mut without) = (0, 0);
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name == own || name.starts_with('.') || name.starts_with("__") || !e.path().is_dir() {
            continue;
        }
        if e.path().join("__init__.py").is_file() {
            with += 1;
        } else if holds_python(&e.path()) {
            without += 1;
        }
    }
    (with, without)
}

/// `app.include_router(api_v1_router, prefix="/api/v1")` and its import in the main app.
///
/// An existing main is patched only when nothing in it mounts the aggregator yet
/// (SPEC §11, see `mounted`); when it mounts other routers, it is left alone with a note.
/// Wires the aggregator into main. A main created here creates the database's tables at
/// start-up when `with_db` (the project has the database module, or gets it now), unless
/// they are `migrated` (SPEC §14).
pub(super) fn wire_main(
    plan: &mut Plan,
    layout: &Layout,
    renderer: &Renderer,
    (with_db, migrated): (bool, bool),
) -> anyhow::Result<()> {
    // A one-module app: the aggregator is the app, there is nothing to mount. And the
    // project may forbid touching main at all (`wire_main = false`).
    if layout.main == layout.aggregator || !layout.wire_main {
        return Ok(());
    }
    let main = layout.main_wiring();
    let (existing, on_disk) = plan.read_current(&layout.main)?;
    if let Some(bytes) = existing
        && let Ok(text) = std::str::from_utf8(&bytes)
        && let Ok(parsed) = python::ParsedModule::for_target(text, layout.python)
    {
        let mounting = mounted::judge(plan.root(), layout, &parsed);
        if mounting != Mounting::Unmounted && on_disk {
            // Shown as unchanged, like any file the plan looked at and left.
            plan.patch_read(&layout.main, Some(bytes.clone()), bytes);
        }
        match mounting {
            Mounting::Unmounted => {}
            Mounting::Mounted { .. } => return Ok(()),
            Mounting::Doubt => {
                plan.note(format!(
                    "{} mounts routers, none of which leads to {}; it was left alone. \
                     Mount the aggregator where your app mounts its routers: \
                     `from {} import {}` and `{}.include_router({})`",
                    layout.main,
                    layout.aggregator,
                    main.module,
                    layout.router_var,
                    layout.app_var,
                    main.include,
                ));
                return Ok(());
            }
        }
    }
    let has_db = !migrated && (with_db || plan.read(&layout.db)?.is_some());
    wire_file(
        plan,
        &layout.main,
        || renderer.main_module(layout, has_db),
        &main.wiring(layout),
    )
}

/// Wires `w` into the file at `rel` (or into `fresh()` when the file is missing: only
/// then is the fresh file rendered).
pub(super) fn wire_file(
    plan: &mut Plan,
    rel: &str,
    fresh: impl FnOnce() -> anyhow::Result<String>,
    w: &Wiring,
) -> anyhow::Result<()> {
    // Read once: when the file is not in the plan yet, these are the bytes on disk,
    // which the patch below compares with.
    let (read, on_disk) = plan.read_current(rel)?;
    let existed = read.is_some();
    let current = match read {
        Some(bytes) => String::from_utf8(bytes).map_err(|e| {
            invalid(format!(
                "{rel} is not UTF-8 (byte offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?,
        None => fresh()?,
    };
    let (current, wired) =
        match python::wire(&current, w).with_context(|| format!("cannot wire {rel}"))? {
            WireChange::Unchanged => (current.clone(), current),
            WireChange::Patched { source, .. } => (current, source),
        };
    if on_disk {
        let old = existed.then(|| current.into_bytes());
        plan.patch_read(rel, old, wired.into_bytes());
    } else {
        plan.patch(rel, wired)?;
    }
    Ok(())
}
