//! Planning `remove NAME`: delete the feature's five files and its record, and take its
//! import and include out of the aggregator, in memory like every other plan.
//!
//! What may be deleted is decided by the record: a file whose bytes still hash to what
//! was generated is ours. A file edited since, or one with no record to compare with,
//! may hold someone's work, so the whole run refuses (nothing is touched) unless
//! `force`. An `__init__.py` the feature created goes with the last file of its package;
//! the main app's wiring stays: the app shares it with every other feature.

use std::path::Path;

use anyhow::Context as _;

use super::Plan;
use crate::error::{invalid, refused};
use crate::layout::Layout;
use crate::naming::FeatureName;
use crate::python::{self, UnwireChange, Wiring};
use crate::record::{self, Record};
use crate::render::Renderer;
use crate::request::Kind;

/// What a resource writes into the modules resources share, for this layout: `remove`
/// deletes one only while it is exactly that.
pub struct SharedModules {
    /// The database module (`db.py`).
    pub db: String,
    /// The errors module (`errors.py`).
    pub errors: String,
}

/// The plan that removes `name` from the project at `root`. Refuses (exit 1) an unknown
/// feature, and files that are edited or unrecorded unless `force`.
pub fn remove(
    root: &Path,
    layout: &Layout,
    name: &FeatureName,
    force: bool,
    (renderer, fresh): (&Renderer, &SharedModules),
) -> anyhow::Result<Plan> {
    let snake = name.snake();
    let mut plan = Plan::new(root)?;
    let alembic = crate::alembic::find(plan.root())?;
    let mut revisions = Vec::new();
    let record = record::load(plan.root(), snake)?;
    if record.is_some() {
        // Their models import this one's: the app would not start without it.
        super::references::check_unreferenced(
            &mut super::records::RecordIndex::default(),
            plan.root(),
            snake,
        )?;
    }

    let files = layout.feature_files(name);
    let mut candidates: Vec<String> = vec![
        files.schema.clone(),
        files.service.clone(),
        files.endpoint.clone(),
        files.test.clone(),
        files.doc.clone(),
    ];
    // Records are not trusted: an entry may only name one of the feature's files under
    // the layout (or an empty `__init__.py` it says it created in one of the layout's
    // packages). Any other entry refuses the whole run, so a tampered record cannot lead
    // to deleting pyproject.toml, the aggregator, main or anything under `.git`.
    if let Some(r) = &record {
        // Only a resource takes its session from the database module and raises the
        // errors module's errors, so only a resource's record may list them (an
        // endpoint's that does is forged).
        let resource = r.request().is_ok_and(|q| q.kind == Some(Kind::Resource));
        let errors = layout.errors_module();
        for (path, h) in &r.files {
            let shared =
                (*path == layout.db || *path == errors) && h.digest().is_some() && resource;
            // A resource's table model goes with it, where its record lists it (no other
            // feature's file is named so: an endpoint's record never lists one).
            let model = resource && files.model.as_ref() == Some(path);
            // Its revision is not deleted as a file: whether it may be is the history's.
            if resource
                && alembic
                    .as_ref()
                    .is_some_and(|a| super::migration::is_revision_of(a, path, snake))
            {
                revisions.push(path.clone());
                continue;
            }
            if !candidates.contains(path)
                && !created_init(layout, name, path, h)
                && !shared
                && !model
            {
                return Err(invalid(format!(
                    "refusing {}: it lists '{}', which is not a file of feature '{snake}' \
                     under this project's layout, and a record may only lead to deleting \
                     those; nothing was changed",
                    Record::path_of(snake),
                    path.escape_debug()
                )));
            }
            if !candidates.contains(path) {
                candidates.push(path.clone());
            }
        }
        // Kept by --skip-existing: the user's file, never deleted.
        candidates.retain(|p| !r.kept(p));
    }
    // Whatever a layout says, these are never a feature's to delete.
    candidates.retain(|p| {
        p != &layout.aggregator
            && p != &layout.main
            && p != "pyproject.toml"
            && !p.split('/').any(|part| part == ".git")
    });

    let mut existing = Vec::new();
    let mut edited = Vec::new();
    let mut unrecorded = Vec::new();
    for rel in candidates {
        let Some(bytes) = plan.read(&rel)? else {
            continue;
        };
        match record.as_ref().and_then(|r| r.matches(&rel, &bytes)) {
            Some(true) => {}
            Some(false) => edited.push(rel.clone()),
            None => unrecorded.push(rel.clone()),
        }
        existing.push(rel);
    }

    let unwired = unwire_aggregator(&plan, layout, snake)?;
    if record.is_none() && existing.is_empty() && unwired.is_none() {
        return Err(refused(format!(
            "no feature '{snake}' here: no record, no files, and not registered in {}",
            layout.aggregator
        )));
    }

    if !force && (!edited.is_empty() || !unrecorded.is_empty()) {
        let mut why = Vec::new();
        if !edited.is_empty() {
            why.push(format!("edited since generated: {}", edited.join(", ")));
        }
        if !unrecorded.is_empty() {
            let reason = if record.is_some() {
                "not in its record, edits cannot be ruled out"
            } else {
                "no record, edits cannot be ruled out"
            };
            why.push(format!("{reason}: {}", unrecorded.join(", ")));
        }
        return Err(refused(format!(
            "not removing '{snake}', nothing was changed (--force removes these files \
             anyway): {}",
            why.join("; ")
        )));
    }

    // A shared module a resource created goes with the last resource, and only while it
    // is the builder's own: a record is not trusted, and a forged one can list the
    // project's db.py with the hash anyone can compute from the committed file.
    for (path, bytes) in [
        (&layout.db, &fresh.db),
        (&layout.errors_module(), &fresh.errors),
    ] {
        if existing.contains(path)
            && let Some(why) = keeps_shared_module(&plan, layout, snake, path, bytes)?
        {
            existing.retain(|rel| rel != path);
            plan.note(format!("{path} is kept: {why}"));
        }
    }
    // A created `__init__.py` goes only with the last file of its package: another
    // feature, or the user, may have put modules there since.
    let deleted: Vec<String> = existing.clone();
    existing.retain(|rel| {
        rel.strip_suffix("/__init__.py")
            .is_none_or(|dir| package_empties(plan.root(), dir, &deleted))
    });
    for rel in &existing {
        plan.delete(rel)?;
    }
    if let (Some(r), Some(setup)) = (record.as_ref().filter(|_| !revisions.is_empty()), &alembic) {
        let req = r.request()?;
        let mut feature = req.resolve()?;
        super::references::resolve_targets(
            &mut super::records::RecordIndex::default(),
            plan.root(),
            layout,
            &mut feature,
        )?;
        super::migration::remove_revisions(
            &mut plan,
            renderer,
            (&req, &feature),
            (setup, r, &revisions),
        )?;
    }
    if record.is_some() {
        plan.delete(&Record::path_of(snake))?;
    }
    if let Some(source) = unwired {
        plan.patch(&layout.aggregator, source)?;
    }
    Ok(plan)
}

/// Why a shared module (`path`: the database or the errors module) listed by the record
/// of `snake` must stay, if it must: another record lists it or is a resource (which
/// uses both), main imports it, or its bytes are not what a resource writes there
/// (`fresh`, the template's output for this layout: deleting that loses nothing anyone
/// wrote).
fn keeps_shared_module(
    plan: &Plan,
    layout: &Layout,
    snake: &str,
    path: &str,
    fresh: &str,
) -> anyhow::Result<Option<String>> {
    for (rel, file) in record::list(plan.root())? {
        let Ok((r, request)) = record::load_listed_head_and_request(&rel, &file) else {
            continue;
        };
        if r.feature == snake {
            continue;
        }
        let resource = request
            .as_ref()
            .and_then(|q| q.get("kind"))
            .and_then(serde_yaml::Value::as_str)
            == Some(Kind::Resource.as_str());
        if r.files.contains_key(path) || resource {
            return Ok(Some(format!("feature '{}' uses it", r.feature)));
        }
    }
    let module = layout.module(path);
    let main = plan.read(&layout.main)?.unwrap_or_default();
    if String::from_utf8_lossy(&main).contains(&module) {
        return Ok(Some(format!("{} imports it", layout.main)));
    }
    let bytes = plan.read(path)?.unwrap_or_default();
    if bytes != fresh.as_bytes() {
        return Ok(Some(
            "it is not what a resource writes there (another template, or not ours)".into(),
        ));
    }
    Ok(None)
}

/// Whether every file below `dir` (caches aside) is among `deleted`.
fn package_empties(root: &Path, dir: &str, deleted: &[String]) -> bool {
    walkdir::WalkDir::new(root.join(dir))
        .into_iter()
        .filter_entry(|e| e.file_name() != "__pycache__")
        .all(|entry| match entry {
            Ok(e) if e.file_type().is_dir() => true,
            // Joined with `/` part by part, as plans name paths (Windows' are `\`).
            Ok(e) => e
                .path()
                .strip_prefix(root)
                .ok()
                .and_then(|p| {
                    p.components()
                        .map(|c| c.as_os_str().to_str())
                        .collect::<Option<Vec<_>>>()
                })
                .is_some_and(|rel| deleted.iter().any(|d| *d == rel.join("/"))),
            Err(_) => false,
        })
}

/// An empty `__init__.py` the record says the feature created, in one of the layout's
/// package directories (never the root's, never under `.git`, never main or aggregator).
fn created_init(
    layout: &Layout,
    name: &FeatureName,
    path: &str,
    recorded: &record::Recorded,
) -> bool {
    path.strip_suffix("/__init__.py").is_some_and(|dir| {
        layout.package_dirs_for(name, true).iter().any(|d| d == dir)
            && !dir.split('/').any(|p| p == ".git")
            && path != layout.aggregator
            && path != layout.main
    }) && recorded.digest().is_some_and(|d| d.matches(b""))
}

/// The aggregator without the feature's import and include; `None` when it has neither
/// (or does not exist).
fn unwire_aggregator(plan: &Plan, layout: &Layout, name: &str) -> anyhow::Result<Option<String>> {
    let rel = &layout.aggregator;
    let Some(bytes) = plan.read(rel)? else {
        return Ok(None);
    };
    let source = String::from_utf8(bytes).map_err(|e| {
        invalid(format!(
            "{rel} is not UTF-8 (byte offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    // Every spelling of an import of the endpoint module is recognised: spelled here as
    // `from <its package> import <its last part>`.
    let (prefix, suffix) = layout.endpoint_module_pattern();
    let endpoint = format!("{prefix}{name}{suffix}");
    let (module, last) = endpoint.rsplit_once('.').unwrap_or(("", &endpoint));
    let include = format!("{last}.router");
    let within = layout.package(&layout.aggregator);
    let wiring = Wiring {
        module,
        name: last,
        alias: None,
        router: &layout.router_var,
        include_args: &include,
        target: layout.python,
        within: &within,
    };
    match python::unwire(&source, &wiring).with_context(|| format!("cannot unwire {rel}"))? {
        UnwireChange::Unchanged => Ok(None),
        UnwireChange::Patched { source, .. } => Ok(Some(source)),
    }
}
