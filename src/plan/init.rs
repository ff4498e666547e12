//! The plan of `init`: a new project's files, its packages, and main wired to the
//! aggregator — or, run again on a project it made, nothing.

use std::path::Path;

use super::wiring::{ensure_packages, wire_main};
use super::{ConflictPolicy, Plan};
use crate::layout::Layout;
use crate::render::{MIGRATIONS_DIR, ProjectSetup, Renderer};

/// The plan for a new project at `root` (which may not exist yet: then it is created),
/// named `project_name`, set up as `setup` says.
pub fn init(
    root: &Path,
    (project_name, setup): (&str, ProjectSetup),
    layout: &Layout,
    renderer: &Renderer,
    policy: ConflictPolicy,
) -> anyhow::Result<Plan> {
    let migrations = setup.migrations;
    let mut plan = Plan::new(root)?;
    for file in renderer.project(project_name, layout, setup)? {
        // Features patch the aggregator and may patch main: an existing one is kept (and
        // main wired to the aggregator below) so that init stays a no-op on a project it
        // made, however many features it has since. --force still rewrites them.
        let wired_later = file.path == layout.aggregator || file.path == layout.main;
        if wired_later && policy != ConflictPolicy::Force {
            // A missing main is written as the project has it (with `--auth` it checks
            // the signing key at start-up); one that exists is wired below.
            plan.ensure(&file.path, file.contents)?;
            continue;
        }
        plan.generate(&file.path, file.contents, policy)?;
    }
    if policy != ConflictPolicy::Force {
        wire_main(&mut plan, layout, renderer, (true, migrations))?;
    }
    ensure_packages(&mut plan, &layout.package_dirs(), &layout.import_root, &[])?;
    if migrations {
        // Alembic wants its versions directory, before the first revision is in it.
        plan.ensure(&format!("{MIGRATIONS_DIR}/versions/.gitkeep"), Vec::new())?;
    }
    Ok(plan)
}
