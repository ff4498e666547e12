//! The last step every writing command shares: show the plan, or apply it and report.

use std::io::Write;

use crate::exit::ExitStatus;
use crate::ops::write::{Settled, WriteOptions, settle};
use crate::plan::Plan;
use crate::show;

/// Shows the plan (a dry run) or applies it, then prints the summary.
pub fn finish(plan: &Plan, opts: WriteOptions, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    if !opts.quiet {
        for note in plan.notes() {
            eprintln!("note: {note}");
        }
    }
    let status = match settle(plan, opts)? {
        Settled::Shown { conflicts: true } => ExitStatus::Failure,
        Settled::Applied | Settled::Shown { conflicts: false } => ExitStatus::Success,
    };
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
