//! What the commands do, as data and notes: the CLI (`commands`, which prints) and the
//! MCP server (`mcp`, which speaks the protocol) both call this layer, as ruff's server
//! and its CLI share `ruff_workspace`, so that a tool and its command never disagree.
//! Nothing here prints: a note goes to the caller's [`Notes`] the moment it arises.

pub mod check;
pub mod decode;
pub mod feature;
pub mod list;
pub mod remove;
pub mod write;

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::naming::FeatureName;
use crate::project::Project;

/// Where the notes of a run go as they arise: the CLI prints each on stderr at once (so
/// that a note still shows when the run then fails), the MCP server keeps them for its
/// reply.
pub type Notes<'a> = dyn FnMut(String) + 'a;

/// The project a command run in the current directory works on, and that directory.
pub fn open_project(root: Option<&Path>) -> anyhow::Result<(Project, PathBuf)> {
    let cwd = std::env::current_dir()?;
    let project = Project::open(root, &cwd)?;
    Ok((project, cwd))
}

/// Finishes or rolls back a run that was interrupted (its journal is there), under the
/// exclusive lock, with a note saying so. Takes the lock only when a journal is there,
/// so commands that only read (`list`, a dry run) stay lock-free otherwise; the lock is
/// released on return.
pub fn recover_if_interrupted(root: &Path, notes: &mut Notes) -> anyhow::Result<()> {
    if crate::journal::exists(root) {
        let _lock = crate::lock::acquire(root, crate::lock::WAIT)?;
        recover(root, notes)?;
    }
    Ok(())
}

/// As [`recover_if_interrupted`], for a caller that holds the exclusive lock.
pub fn recover(root: &Path, notes: &mut Notes) -> anyhow::Result<()> {
    use crate::journal::{self, Recovered};
    let done = journal::recover(root).context("cannot recover the interrupted run")?;
    if let Some(done) = done {
        let what = match done {
            Recovered::RolledBack => "rolled back (the tree is as it was before it)",
            Recovered::Finished => "finished (it had written every file)",
        };
        notes(format!("an interrupted petsage-build run was {what}"));
    }
    Ok(())
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
