//! `remove NAME [--dry-run] [--force]`: undo a feature — its files, its record and its
//! wiring in the aggregator. `--force` (`ConflictPolicy::Force`) also removes files
//! edited since generation or not covered by a record.

use std::io::Write;
use std::path::Path;

use super::write::{WriteOptions, finish};
use crate::error::invalid;
use crate::exit::ExitStatus;
use crate::lock;
use crate::naming::FeatureName;
use crate::plan::ConflictPolicy;
use crate::project::Project;
use crate::remove;

pub fn run(
    root: Option<&Path>,
    name: &str,
    opts: WriteOptions,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let name = FeatureName::parse(name).map_err(invalid)?;
    if let Some(given) = name.normalised_from()
        && !opts.quiet
    {
        eprintln!("note: feature name '{given}' normalised to '{name}'");
    }
    let cwd = std::env::current_dir()?;
    let project = Project::open(root, &cwd)?;
    // Held from reading the files to replacing them, so no other run changes them between.
    let _lock = if opts.dry_run {
        None
    } else {
        Some(lock::acquire(&project.root, lock::WAIT)?)
    };
    let force = opts.policy == ConflictPolicy::Force;
    let plan = remove::plan_remove(&project.root, project.layout(), &name, force)?;
    finish(&plan, opts, out)
}
