//! `update [NAME...] [--request FILE] [--conflicts refuse|markers]`: generate recorded
//! features again with today's templates (or a new request), keeping every hand edit.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::write::finish;
use crate::error::{invalid, refused};
use crate::exit::ExitStatus;
use crate::naming::FeatureName;
use crate::ops::write::{WriteOptions, lock_unless_dry_run};
use crate::plan::Target;
use crate::project::Project;
use crate::record::{self, Record};
use crate::render::Renderer;
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

/// `--templates`: a directory, or the built-ins, whatever the config or a record names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatesArg {
    Builtin,
    Dir(PathBuf),
}

impl std::str::FromStr for TemplatesArg {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<TemplatesArg, Self::Err> {
        Ok(if s == "builtin" {
            TemplatesArg::Builtin
        } else {
            TemplatesArg::Dir(PathBuf::from(s))
        })
    }
}

/// Which features, from which requests.
#[derive(Debug, Clone, Default)]
pub struct UpdateInput {
    /// The features; none means every recorded one.
    pub names: Vec<String>,
    /// A new request for the one feature named (relative to the current directory).
    pub request: Option<String>,
    pub conflicts: ConflictMode,
    /// Templates given on the command line (a directory relative to the current
    /// directory, or the built-ins).
    pub templates: Option<TemplatesArg>,
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
    let (project, _) = crate::ops::open_project(root)?;
    let _lock = lock_unless_dry_run(&project.root, opts, &mut super::printed(opts.quiet))?;
    // As given (relative to the current directory): messages name it as the user wrote it.
    let records = records(&project.root, &names)?;
    let dirs: Vec<Option<PathBuf>> = records
        .iter()
        .map(|r| match &input.templates {
            Some(TemplatesArg::Builtin) => None,
            Some(TemplatesArg::Dir(dir)) => Some(dir.clone()),
            None => project.templates_dir(None, r.templates_dir.as_deref()),
        })
        .collect();
    let renderers = renderers(&project, input.templates.as_ref(), &records, &dirs)?;
    let targets = targets(records, new_request, |i| &renderers[&dirs[i]])?;
    if targets.is_empty() {
        if !opts.quiet {
            eprintln!("note: no recorded features to update");
        }
        return Ok(ExitStatus::Success);
    }
    let update = crate::plan::update(
        &project.root,
        project.layout(),
        &targets,
        (input.conflicts == ConflictMode::Markers, names.is_empty()),
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

/// The records of the features to update: those named, else every one.
fn records(root: &Path, names: &[FeatureName]) -> anyhow::Result<Vec<Record>> {
    Ok(if names.is_empty() {
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
    })
}

/// One renderer per templates directory in `dirs` (each record's, see
/// `Project::templates_dir`). The command line's or the config's directory is loaded even
/// when there is nothing to update, so a wrong one is always an error. A directory a record
/// names and that is gone is refused: the built-ins would silently replace what the user's
/// templates wrote.
fn renderers(
    project: &Project,
    explicit: Option<&TemplatesArg>,
    records: &[Record],
    dirs: &[Option<PathBuf>],
) -> anyhow::Result<BTreeMap<Option<PathBuf>, Renderer>> {
    let mut renderers = BTreeMap::new();
    // When given, it is every record's templates too.
    let shared = match explicit {
        Some(TemplatesArg::Builtin) => Some(None),
        Some(TemplatesArg::Dir(dir)) => Some(Some(dir.clone())),
        None => project
            .config
            .templates
            .as_ref()
            .map(|_| project.templates_dir(None, None)),
    };
    if let Some(shared) = shared {
        renderers.insert(shared.clone(), project.renderer_in(shared)?);
    }
    for (record, dir) in records.iter().zip(dirs) {
        if renderers.contains_key(dir) {
            continue;
        }
        let renderer = match &record.templates_dir {
            Some(recorded) => project.renderer_in(dir.clone()).with_context(|| {
                format!(
                    "'{}' was generated with the templates in {recorded} (its record says \
                     so); restore them, pass --templates DIR, or --templates builtin to go \
                     back to the built-in templates",
                    record.feature
                )
            })?,
            None => project.renderer_in(None)?,
        };
        renderers.insert(dir.clone(), renderer);
    }
    for renderer in renderers.values() {
        crate::ops::feature::refuse_pydantic_1(&project.root, renderer)?;
    }
    Ok(renderers)
}

/// The features to update, each with its record, the request to generate it from and the
/// renderer to generate it with (`renderer_of` the record's index).
fn targets<'r>(
    records: Vec<Record>,
    new_request: Option<request::Request>,
    renderer_of: impl Fn(usize) -> &'r Renderer,
) -> anyhow::Result<Vec<Target<'r>>> {
    let mut new_request = new_request;
    records
        .into_iter()
        .enumerate()
        .map(|(i, record)| {
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
            Ok(Target {
                record,
                request,
                renderer: renderer_of(i),
            })
        })
        .collect()
}
