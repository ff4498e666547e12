//! One module per command; each takes plain values and a writer, never clap types.

pub mod check;
pub mod completions;
pub mod decode;
pub mod detect;
pub mod encode;
pub mod feature;
pub mod init;
pub mod list;
pub mod mcp;
pub mod remove;
pub mod schema;
pub mod templates;
pub mod update;
pub mod write;

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::naming::FeatureName;
use crate::project::Project;

/// The project a command run in the current directory works on, and that directory.
fn open_project(root: Option<&Path>) -> anyhow::Result<(Project, PathBuf)> {
    let cwd = std::env::current_dir()?;
    let project = Project::open(root, &cwd)?;
    Ok((project, cwd))
}

/// Finishes or rolls back a run that was interrupted (its journal is there), under the
/// exclusive lock, and says so on stderr. Takes the lock only when a journal is there,
/// so commands that only read (`list`, a dry run) stay lock-free otherwise; the lock is
/// released on return.
fn recover_if_interrupted(root: &Path, quiet: bool) -> anyhow::Result<()> {
    if crate::journal::exists(root) {
        let _lock = crate::lock::acquire(root, crate::lock::WAIT)?;
        recover(root, quiet)?;
    }
    Ok(())
}

/// As [`recover_if_interrupted`], for a caller that holds the exclusive lock.
fn recover(root: &Path, quiet: bool) -> anyhow::Result<()> {
    use crate::journal::{self, Recovered};
    let done = journal::recover(root).context("cannot recover the interrupted run")?;
    if !quiet && let Some(done) = done {
        let what = match done {
            Recovered::RolledBack => "rolled back (the tree is as it was before it)",
            Recovered::Finished => "finished (it had written every file)",
        };
        eprintln!("note: an interrupted petsage-build run was {what}");
    }
    Ok(())
}

/// Says on stderr when a name was given in another spelling than the module's.
fn note_normalised(name: &FeatureName, quiet: bool) {
    if let Some(note) = normalised_note(name)
        && !quiet
    {
        eprintln!("note: {note}");
    }
}

/// The note for a name given in another spelling than the module's, if it was.
pub fn normalised_note(name: &FeatureName) -> Option<String> {
    name.normalised_from().map(|given| {
        format!(
            "feature name '{}' normalised to '{name}'",
            crate::escape::line(given)
        )
    })
}
