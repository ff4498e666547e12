//! One module per command; each takes plain values and a writer, never clap types.

pub mod check;
pub mod completions;
pub mod decode;
pub mod encode;
pub mod feature;
pub mod init;
pub mod list;
pub mod remove;
pub mod templates;
pub mod write;

use std::path::{Path, PathBuf};

use crate::naming::FeatureName;
use crate::project::Project;

/// The project a command run in the current directory works on, and that directory.
fn open_project(root: Option<&Path>) -> anyhow::Result<(Project, PathBuf)> {
    let cwd = std::env::current_dir()?;
    let project = Project::open(root, &cwd)?;
    Ok((project, cwd))
}

/// Says on stderr when a name was given in another spelling than the module's.
fn note_normalised(name: &FeatureName, quiet: bool) {
    if let Some(given) = name.normalised_from()
        && !quiet
    {
        eprintln!(
            "note: feature name '{}' normalised to '{name}'",
            crate::escape::line(given)
        );
    }
}
