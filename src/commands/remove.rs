//! `remove NAME [--dry-run] [--force]`: undo a feature — its files, its record and its
//! wiring in the aggregator. `--force` (`ConflictPolicy::Force`) also removes files
//! edited since generation or not covered by a record.

use std::io::Write;
use std::path::Path;

use super::write::{WriteOptions, finish, lock_unless_dry_run};
use crate::exit::ExitStatus;
use crate::lock::ProjectLock;
use crate::naming::FeatureName;
use crate::plan::{ConflictPolicy, Plan};

pub fn run(
    root: Option<&Path>,
    name: &str,
    opts: WriteOptions,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let (plan, _lock) = plan(root, name, opts)?;
    finish(&plan, opts, out)
}

/// The plan of removing the feature, with the project lock it was built under (none for
/// a dry run), to hold until it is applied. Prints only notes on stderr (none when quiet).
pub fn plan(
    root: Option<&Path>,
    name: &str,
    opts: WriteOptions,
) -> anyhow::Result<(Plan, Option<ProjectLock>)> {
    let name = FeatureName::parse(name)?;
    super::note_normalised(&name, opts.quiet);
    let (project, _) = super::open_project(root)?;
    let lock = lock_unless_dry_run(&project.root, opts)?;
    let force = opts.policy == ConflictPolicy::Force;
    let fresh_db = project.renderer(None)?.db_module(project.layout())?;
    let plan = crate::plan::remove(&project.root, project.layout(), &name, force, &fresh_db)?;
    Ok((plan, lock))
}
