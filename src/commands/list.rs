//! `list [--format text|json]`: every feature found and its state. Listing is not a
//! check: it exits 0 whatever the states are.

use std::io::Write;
use std::path::Path;

use crate::exit::ExitStatus;
use crate::survey;

/// How the features are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ListFormat {
    /// One line per feature: name and states
    #[default]
    Text,
    /// A JSON array, one object per feature
    Json,
}

/// The routes each recorded feature's request serves. A record that cannot be read is
/// left out here: `list` shows its state, `check` reports it.
pub fn routes(root: &Path) -> survey::RoutesByName {
    let Ok(records) = crate::record::load_all(root) else {
        return survey::RoutesByName::new();
    };
    records
        .into_iter()
        .filter_map(|(_, r)| {
            let r = r.ok()?;
            let request = r.request().ok()?;
            let feature = request.resolve().ok()?;
            Some((r.feature, crate::request::Route::all(&feature)))
        })
        .collect()
}

pub fn run(
    root: Option<&Path>,
    format: ListFormat,
    color: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let (project, _) = super::open_project(root)?;
    super::recover_if_interrupted(&project.root, false)?;
    let identities = project.templates_identities();
    let survey = survey::survey(&project.root, project.layout(), &|recorded| {
        identities.of(recorded)
    })?;
    let routes = routes(&project.root);
    let text = match format {
        ListFormat::Text => survey::list_text(&survey, &routes, color),
        ListFormat::Json => survey::list_json(&survey, &routes),
    };
    out.write_all(text.as_bytes())?;
    Ok(ExitStatus::Success)
}
