//! `list [--format text|json]`: every feature found and its state. Listing is not a
//! check: it exits 0 whatever the states are.

use std::io::Write;
use std::path::Path;

use crate::exit::ExitStatus;
use crate::{ops, survey};

/// How the features are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ListFormat {
    /// One line per feature: name and states
    #[default]
    Text,
    /// A JSON array, one object per feature
    Json,
}

pub fn run(
    root: Option<&Path>,
    format: ListFormat,
    color: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let (project, _) = ops::open_project(root)?;
    ops::recover_if_interrupted(&project.root, &mut super::printed(false))?;
    let identities = project.templates_identities();
    let survey = survey::survey(&project.root, project.layout(), &|recorded| {
        identities.of(recorded)
    })?;
    let routes = ops::list::routes(&project.root);
    let text = match format {
        ListFormat::Text => survey::list_text(&survey, &routes, color),
        ListFormat::Json => survey::list_json(&survey, &routes),
    };
    out.write_all(text.as_bytes())?;
    Ok(ExitStatus::Success)
}
