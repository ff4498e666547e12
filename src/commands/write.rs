//! The last step every writing command shares: show the plan, or apply it and report.

use std::io::Write;

use crate::apply::apply;
use crate::error::refused;
use crate::exit::ExitStatus;
use crate::lock::{self, ProjectLock};
use crate::plan::{ConflictPolicy, Plan};
use crate::show;

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
) -> anyhow::Result<Option<ProjectLock>> {
    if opts.dry_run {
        super::recover_if_interrupted(root, opts.quiet)?;
        Ok(None)
    } else {
        let lock = lock::acquire(root, lock::WAIT)?;
        super::recover(root, opts.quiet)?;
        Ok(Some(lock))
    }
}

/// Shows the plan (a dry run) or applies it, then prints the summary.
pub fn finish(plan: &Plan, opts: WriteOptions, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    if !opts.quiet {
        for note in plan.notes() {
            eprintln!("note: {note}");
        }
    }
    let status = settle(plan, opts)?;
    if opts.dry_run {
        out.write_all(show::summary(plan, true, opts.color).as_bytes())?;
        out.write_all(show::diffs(plan, opts.show_new).as_bytes())?;
    } else if !opts.quiet {
        // The work is done: a closed or full standard output cannot undo it, so it does
        // not turn success into failure.
        let _ = out
            .write_all(show::summary(plan, false, opts.color).as_bytes())
            .and_then(|()| out.flush());
    }
    Ok(status)
}

/// What a plan comes to, printing nothing: a dry run only says whether it has
/// conflicts (1) or not (0); otherwise conflicts refuse the run and the plan is applied,
/// all or nothing. The MCP server's writing tools end here too.
pub fn settle(plan: &Plan, opts: WriteOptions) -> anyhow::Result<ExitStatus> {
    let conflicts = plan.conflicts();
    if opts.dry_run {
        return Ok(if conflicts.is_empty() {
            ExitStatus::Success
        } else {
            ExitStatus::Failure
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
    Ok(ExitStatus::Success)
}
