//! What every writing command does around its plan: the lock it is built under, and
//! settling it (applied all or nothing, or only looked at in a dry run).

use crate::apply::apply;
use crate::error::refused;
use crate::lock::{self, ProjectLock};
use crate::plan::{ConflictPolicy, Plan};

use super::Notes;

/// How a writing command treats the disk and the terminal.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    pub dry_run: bool,
    pub show_new: bool,
    pub quiet: bool,
    pub color: bool,
    pub policy: ConflictPolicy,
}

/// The project lock, held from reading the files a plan patches to the last rename, so
/// no other run changes them between; an interrupted run is rolled back (or finished)
/// first. A dry run only reads and takes none (unless there is a run to recover).
pub fn lock_unless_dry_run(
    root: &std::path::Path,
    opts: WriteOptions,
    notes: &mut Notes,
) -> anyhow::Result<Option<ProjectLock>> {
    if opts.dry_run {
        super::recover_if_interrupted(root, notes)?;
        Ok(None)
    } else {
        let lock = lock::acquire(root, lock::WAIT)?;
        super::recover(root, notes)?;
        Ok(Some(lock))
    }
}

/// What a settled plan came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// Written, all of it.
    Applied,
    /// A dry run: nothing written; whether the plan has conflicts.
    Shown { conflicts: bool },
}

/// What a plan comes to, printing nothing: a dry run only says whether it has
/// conflicts; otherwise conflicts refuse the run and the plan is applied, all or
/// nothing. The MCP server's writing tools end here too.
pub fn settle(plan: &Plan, opts: WriteOptions) -> anyhow::Result<Settled> {
    let conflicts = plan.conflicts();
    if opts.dry_run {
        return Ok(Settled::Shown {
            conflicts: !conflicts.is_empty(),
        });
    }
    if !conflicts.is_empty() {
        return Err(refused(format!(
            "{} existing file(s) differ from what would be generated: {}; nothing was \
             written (use --force to overwrite them or --skip-existing to keep them)",
            conflicts.len(),
            conflicts.join(", ")
        )));
    }
    apply(plan)?;
    Ok(Settled::Applied)
}
