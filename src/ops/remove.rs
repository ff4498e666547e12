//! What `remove` does before showing or applying: the plan of removing a feature, under
//! the project lock (the MCP server's `remove_feature` too).

use std::path::Path;

use super::Notes;
use super::write::{WriteOptions, lock_unless_dry_run};
use crate::lock::ProjectLock;
use crate::naming::FeatureName;
use crate::plan::{ConflictPolicy, Plan};

/// The plan of removing the feature, with the project lock it was built under (none for
/// a dry run), to hold until it is applied. The notes before the plan (a normalised
/// name, a recovered run) go to `notes`.
pub fn plan(
    root: Option<&Path>,
    name: &str,
    opts: WriteOptions,
    notes: &mut Notes,
) -> anyhow::Result<(Plan, Option<ProjectLock>)> {
    let name = FeatureName::parse(name)?;
    if let Some(note) = super::normalised_note(&name) {
        notes(note);
    }
    let (project, _) = super::open_project(root)?;
    let lock = lock_unless_dry_run(&project.root, opts, notes)?;
    let force = opts.policy == ConflictPolicy::Force;
    let renderer = project.renderer(None)?;
    let fresh = crate::plan::SharedModules {
        db: renderer.db_module(project.layout())?,
        errors: renderer.errors_module(project.layout())?,
    };
    let plan = crate::plan::remove(
        &project.root,
        project.layout(),
        &name,
        force,
        (&renderer, &fresh),
    )?;
    Ok((plan, lock))
}
