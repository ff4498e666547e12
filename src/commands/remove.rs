//! `remove NAME [--dry-run] [--force]`: undo a feature — its files, its record and its
//! wiring in the aggregator. `--force` (`ConflictPolicy::Force`) also removes files
//! edited since generation or not covered by a record.

use std::io::Write;
use std::path::Path;

use super::write::finish;
use crate::exit::ExitStatus;
use crate::ops::write::WriteOptions;

pub fn run(
    root: Option<&Path>,
    name: &str,
    opts: WriteOptions,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let (plan, _lock) =
        crate::ops::remove::plan(root, name, opts, &mut super::printed(opts.quiet))?;
    finish(&plan, opts, out)
}
