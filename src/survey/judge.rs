//! The per-feature rules: one feature judged from what the survey read (its record, its
//! files, the aggregator's imports and includes), into its state and its findings.

use std::path::{Component, Path};

use super::feature_state::{FeatureState, Part};
use super::findings::{Code, Finding};
use super::recorded_files::{OpenedFile, is_file, open_read};
use super::{Aggregator, Recorded};
use crate::layout::{Layout, NAME};
use crate::naming::FeatureName;
use crate::record::{Digest, Record};

pub(super) struct FeatureCtx<'a> {
    pub(super) root: &'a Path,
    pub(super) layout: &'a Layout,
    pub(super) endpoints_module: &'a str,
    pub(super) record: Option<&'a Recorded>,
    pub(super) hand_written: bool,
    /// The endpoint module's file, where one exists (`x.py` or `x/__init__.py`).
    pub(super) module: Option<&'a str>,
    /// It is an endpoint module: generated, or it defines a router.
    pub(super) routed: bool,
    pub(super) aggregator: &'a Aggregator,
    pub(super) templates: Option<&'a str>,
}

pub(super) fn judge(name: &str, ctx: &FeatureCtx, findings: &mut Vec<Finding>) -> FeatureState {
    let layout = ctx.layout;
    let has_module = ctx.module.is_some();
    let (imported, included) = match ctx.aggregator {
        Aggregator::Read { imports, includes } => {
            (imports.get(name).copied(), includes.get(name).copied())
        }
        _ => (None, None),
    };
    // Only a valid feature name has the other four parts; another module in the
    // endpoints package (`deps.py` is valid, `Deps.py` is not) is judged as a module.
    let valid = FeatureName::parse(name).ok().filter(|f| f.snake() == name);
    let endpoint_path = valid.as_ref().map_or_else(
        || layout.path_patterns().endpoint.replace(NAME, name),
        |f| layout.feature_files(f).endpoint,
    );
    let files = valid
        .filter(|_| !ctx.hand_written)
        .map(|f| layout.feature_files(&f));

    // The record's files, each opened once: the bytes are hashed for N001 below, and
    // the open already tells whether a part exists (no second look at the same path).
    let opened: Vec<(&String, &Digest, OpenedFile)> = ctx.record.map_or_else(Vec::new, |r| {
        r.files
            .iter()
            .filter(|(p, _)| is_relative(p))
            .filter_map(|(p, h)| Some((p, h.digest()?, open_read(&ctx.root.join(p)))))
            .collect()
    });
    let mut missing = Vec::new();
    if let Some(files) = &files {
        for part in Part::ALL {
            let present = match part {
                Part::Endpoint => has_module,
                _ => is_file(ctx.root, part.path(files), &opened),
            };
            if !present {
                missing.push(part);
            }
        }
    } else if !has_module {
        missing.push(Part::Endpoint);
    }
    let all_gone = missing.len() == Part::ALL.len();
    let stale = ctx.record.is_some() && all_gone;
    // Known only from an aggregator import with nothing of it on disk: the import is the
    // problem (E002), not four files that nobody meant to write.
    let dangling = ctx.record.is_none() && all_gone;
    if stale {
        findings.push(Finding::new(
            Code::StaleRecord,
            &Record::path_of(name),
            format!(
                "records feature '{name}', but none of its files exist; generate it again \
                 (`petsage-build feature {name}`) or delete the record"
            ),
        ));
    }

    if !has_module {
        let registered = imported
            .map(|l| (l, "imports"))
            .or(included.map(|l| (l, "includes")));
        if let Some((line, verb)) = registered {
            findings.push(
                Finding::new(
                    Code::RegisteredMissing,
                    &layout.aggregator,
                    format!(
                        "{verb} endpoint module `{name}` from {}, but {endpoint_path} does not exist",
                        ctx.endpoints_module
                    ),
                )
                .at(line),
            );
        } else if !stale {
            findings.push(missing_part(name, Part::Endpoint, &endpoint_path));
        }
    } else if ctx.routed
        && matches!(ctx.aggregator, Aggregator::Read { .. })
        && (imported.is_none() || included.is_none())
    {
        let how = match (imported, included) {
            (None, None) => "neither imported nor included".to_string(),
            (Some(l), _) => format!(
                "imported on line {l} but `{}.include_router({name}.router)` is missing",
                layout.router_var
            ),
            (None, Some(l)) => format!("included on line {l} but never imported"),
        };
        findings.push(Finding::new(
            Code::Unregistered,
            ctx.module.unwrap_or(&endpoint_path),
            format!(
                "endpoint module `{name}` is not registered in {} ({how})",
                layout.aggregator
            ),
        ));
    }
    if let (Some(files), false) = (&files, stale || dangling) {
        for part in missing.iter().filter(|p| **p != Part::Endpoint) {
            findings.push(missing_part(name, *part, part.path(files)));
        }
    }

    let mut edited = Vec::new();
    if ctx.record.is_some() {
        for (path, hash, opened) in &opened {
            let OpenedFile::Read {
                bytes: Some(bytes), ..
            } = opened
            else {
                continue;
            };
            if !hash.matches(bytes) {
                let marker = std::str::from_utf8(bytes)
                    .ok()
                    .and_then(crate::plan::conflict_marker_line);
                if let Some(line) = marker {
                    findings.push(
                        Finding::new(
                            Code::Conflicted,
                            path,
                            format!(
                                "holds unresolved conflict markers of `petsage-build update` \
                                 for '{name}': keep what you want of each side and delete the \
                                 marker lines"
                            ),
                        )
                        .at(line),
                    );
                }
                let what = if crate::alembic::is_revision_name(path, name) {
                    // `remove` keeps an edited revision, and drops the table in a new one.
                    "`remove` keeps it, and writes a revision that drops the table"
                } else {
                    "`remove` refuses the feature while it is edited, unless --force"
                };
                findings.push(Finding::new(
                    Code::Edited,
                    path,
                    format!("edited since petsage-build generated it for '{name}' ({what})"),
                ));
                edited.push((*path).clone());
            }
        }
    }

    let outdated = match (ctx.record, ctx.templates) {
        (Some(recorded), Some(current)) => !stale && recorded.templates.as_deref() != Some(current),
        _ => false,
    };
    if let Some(recorded) = ctx.record.filter(|_| outdated) {
        let by = match recorded.templates {
            Some(_) => "other templates than the current ones",
            None => "an earlier petsage-build",
        };
        findings.push(Finding::new(
            Code::Outdated,
            &Record::path_of(name),
            format!(
                "feature '{name}' was generated by {by}: `petsage-build update {name}` brings \
                 it up to date and keeps its edits"
            ),
        ));
    }

    FeatureState {
        name: name.to_string(),
        recorded: ctx.record.is_some(),
        hand_written: ctx.hand_written,
        missing,
        imported: imported.is_some(),
        included: included.is_some(),
        edited,
        outdated,
        templates_dir: ctx.record.and_then(|r| r.templates_dir.clone()),
    }
}

pub(super) fn missing_part(name: &str, part: Part, path: &str) -> Finding {
    Finding::new(
        Code::MissingPart,
        path,
        format!(
            "feature '{name}' has no {}: this file does not exist",
            part.word()
        ),
    )
}

/// A record's file path that stays below the root; anything else is not ours to read.
pub(super) fn is_relative(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}
