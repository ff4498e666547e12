//! `update [NAME...] [--request FILE] [--conflicts refuse|markers]`: generate recorded
//! features again with today's templates (or a new request), keeping every hand edit.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::write::{WriteOptions, finish, lock_unless_dry_run};
use crate::error::{invalid, refused};
use crate::exit::ExitStatus;
use crate::naming::FeatureName;
use crate::plan::Target;
use crate::record::{self, Record};
use crate::request;

/// What to do with a file whose edits and new generation change the same lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ConflictMode {
    /// Stop, write nothing, and list the files (exit 1)
    #[default]
    Refuse,
    /// Write the files with git-style conflict markers (`check` reports them until resolved)
    Markers,
}

/// Which features, from which requests.
#[derive(Debug, Clone, Default)]
pub struct UpdateInput {
    /// The features; none means every recorded one.
    pub names: Vec<String>,
    /// A new request for the one feature named (relative to the current directory).
    pub request: Option<String>,
    pub conflicts: ConflictMode,
    /// Templates directory given on the command line (relative to the current directory).
    pub templates: Option<PathBuf>,
}

pub fn run(
    root: Option<&Path>,
    input: &UpdateInput,
    opts: WriteOptions,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    if input.request.is_some() && input.names.len() != 1 {
        return Err(invalid(
            "--request changes one feature's request: name that feature (e.g. `petsage-build \
             update pet_profile --request pet_profile.yaml`)",
        ));
    }
    let new_request = input
        .request
        .as_deref()
        .map(request::from_file)
        .transpose()?;
    let names = input
        .names
        .iter()
        .map(|n| FeatureName::parse(n))
        .collect::<Result<Vec<_>, _>>()?;
    let (project, cwd) = super::open_project(root)?;
    let _lock = lock_unless_dry_run(&project.root, opts)?;
    let renderer = project.renderer(input.templates.as_deref().map(|t| cwd.join(t)).as_deref())?;
    super::feature::refuse_pydantic_1(&project.root, &renderer)?;
    let targets = targets(&project.root, &names, new_request)?;
    if targets.is_empty() {
        if !opts.quiet {
            eprintln!("note: no recorded features to update");
        }
        return Ok(ExitStatus::Success);
    }
    let update = crate::plan::update(
        &project.root,
        project.layout(),
        &renderer,
        &targets,
        input.conflicts == ConflictMode::Markers,
    )?;
    // Even when quiet: they are why the run fails.
    for c in &update.conflicts {
        eprintln!("conflict: {}: {}", c.path, c.reason);
    }
    if !update.conflicts.is_empty() && !opts.dry_run {
        let paths: Vec<&str> = update.conflicts.iter().map(|c| c.path.as_str()).collect();
        return Err(refused(format!(
            "{} file(s) cannot be merged: {}; nothing was written (see the diffs with \
             --dry-run, edit the files so that they agree, or use --conflicts=markers to write \
             them with conflict markers)",
            paths.len(),
            paths.join(", ")
        )));
    }
    finish(&update.plan, opts, out)
}

/// The features to update, each with its record and the request to generate it from.
fn targets(
    root: &Path,
    names: &[FeatureName],
    new_request: Option<request::Request>,
) -> anyhow::Result<Vec<Target>> {
    let records: Vec<Record> = if names.is_empty() {
        record::load_all(root)?
            .into_iter()
            .map(|(_, r)| r)
            .collect::<anyhow::Result<_>>()?
    } else {
        names
            .iter()
            .map(|name| {
                record::load(root, name.snake())?.ok_or_else(|| {
                    invalid(format!(
                        "no feature '{name}' was generated here (no {}; see `petsage-build list`)",
                        Record::path_of(name.snake())
                    ))
                })
            })
            .collect::<anyhow::Result<_>>()?
    };
    let mut new_request = new_request;
    records
        .into_iter()
        .map(|record| {
            let request = match new_request.take() {
                Some(req) => {
                    if req.feature.snake() != record.feature {
                        return Err(invalid(format!(
                            "the request's feature '{}' disagrees with the name '{}'",
                            req.feature, record.feature
                        )));
                    }
                    req
                }
                None => record.request()?,
            };
            Ok(Target { record, request })
        })
        .collect()
}
