//! A resource's Alembic revision (SPEC §14), in a project that has an Alembic setup: the
//! one `feature` writes after the current head, and what `remove` does with it (delete
//! an unedited head; else a new revision that drops the table). The history is read from
//! the files, with the plan's own revisions counted as written.

use sha2::{Digest, Sha256};

use super::generation::Generation;
use super::records::{Own, RecordIndex};
use super::{Action, ConflictPolicy, Plan};
use crate::alembic::{History, Setup};
use crate::layout::Layout;
use crate::record::Record;
use crate::render::{Renderer, RevisionChange, RevisionIds};
use crate::request::{Feature, Request};

/// The revisions of a feature, as its record lists them after a generation.
#[derive(Debug, Default)]
pub(super) struct Revisions {
    /// Written by this generation: path and bytes (recorded with their hash).
    pub(super) written: Vec<(String, Vec<u8>)>,
    /// Written by an earlier one and kept as they are: path and recorded hash.
    pub(super) kept: Vec<(String, crate::record::Recorded)>,
}

impl Revisions {
    pub(super) fn any(&self) -> bool {
        !self.written.is_empty() || !self.kept.is_empty()
    }

    /// The one this generation wrote, else the last one kept.
    pub(super) fn latest(&self) -> Option<&str> {
        self.written
            .last()
            .map(|(p, _)| p.as_str())
            .or_else(|| self.kept.last().map(|(p, _)| p.as_str()))
    }
}

/// The history of `setup`'s versions directory as it will be once `plan` is applied.
fn history(plan: &Plan, setup: &Setup) -> anyhow::Result<History> {
    let mut history = History::read(plan.root(), &setup.versions)?;
    let prefix = format!("{}/", setup.versions);
    for c in plan.changes() {
        let Some(name) = c.path.strip_prefix(&prefix) else {
            continue;
        };
        if name.contains('/') || !name.ends_with(".py") || name.starts_with("__init__") {
            continue;
        }
        match c.action {
            Action::Delete => history.set(&c.path, None)?,
            Action::Skip | Action::Conflict => {}
            _ => history.set(&c.path, Some(&String::from_utf8_lossy(&c.new)))?,
        }
    }
    Ok(history)
}

/// A revision id derived from what it is made of: the request, the revision it follows,
/// and what it does (`create`, `drop`), so that a request changed and changed back, or
/// a table created again after it was dropped, never repeats an id.
fn revision_id(req: &Request, down: Option<&str>, what: &str) -> anyhow::Result<String> {
    let asked = serde_json::to_string(&req.to_yaml())?;
    let mut h = Sha256::new();
    for part in [what, &asked, down.unwrap_or("")] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    let hex: String = h
        .finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(hex)
}

/// The path of a revision file: `<versions>/<id>_<feature>.py`, as Alembic names them.
fn revision_path(setup: &Setup, id: &str, feature: &str) -> String {
    format!("{}/{id}_{feature}.py", setup.versions)
}

/// Whether `path` is named as a revision of `feature` in `setup`'s versions directory.
pub(super) fn is_revision_of(setup: &Setup, path: &str, feature: &str) -> bool {
    path.strip_prefix(&format!("{}/", setup.versions))
        .is_some_and(|name| !name.contains('/') && crate::alembic::is_revision_name(name, feature))
}

/// The revisions of `feature`'s table (SPEC §14); none in a project without Alembic,
/// or whose script directory has no `env.py` yet. A new resource gets the one that
/// creates its table, after the head (generated again unchanged, the same file). A
/// recorded one keeps the revisions it has (a database may have applied them), and when
/// its request changed, gets one more that alters the table from the recorded model to
/// the new one.
pub(super) fn revisions(
    plan: &mut Plan,
    renderer: &Renderer,
    (records, layout): (&mut RecordIndex, &Layout),
    (req, feature): (&Request, &Feature),
    (setup, own): (Option<&Setup>, Option<&Own>),
    generation: &mut Generation,
) -> anyhow::Result<Revisions> {
    let mut out = Revisions::default();
    let Some(setup) = setup else {
        return Ok(out);
    };
    // Without its env.py the setup is not one Alembic can run: nothing to follow.
    if plan.read(&setup.env())?.is_none() {
        return Ok(out);
    }
    let history = history(plan, setup)?;
    let name = feature.name.snake();
    out.kept = own
        .map(|o| {
            o.hashes
                .iter()
                .filter(|(p, _)| is_revision_of(setup, p, name) && history.in_file(p).is_some())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    // In the history's order: the latest last.
    out.kept.sort_by_key(|(p, _)| {
        history
            .revisions
            .iter()
            .position(|r| r.file == *p)
            .unwrap_or(0)
    });
    let head = history.head(&[])?;
    let (change, old, what);
    match own {
        Some(o) if !out.kept.is_empty() => {
            if o.request == req.to_yaml() {
                return Ok(out);
            }
            let earlier = Request::from_yaml(&o.request).map_err(|e| {
                anyhow::anyhow!("the record of '{name}' holds an invalid request: {e}")
            })?;
            let mut resolved = earlier.resolve()?;
            super::references::resolve_targets(records, plan.root(), layout, &mut resolved)?;
            old = resolved;
            change = RevisionChange::Alter(&old, feature);
            what = "alter";
        }
        _ => {
            change = RevisionChange::Create(feature);
            what = "create";
        }
    }
    let id = revision_id(req, head.as_deref(), what)?;
    let path = revision_path(setup, &id, name);
    let ids = RevisionIds { id, down: head };
    match renderer.revision(&change, &ids, &path)? {
        Some(text) => {
            generation.settle(plan, &path, text.clone())?;
            if let RevisionChange::Alter(old, new) = &change {
                added_columns_note(plan, (old, new), &path);
            }
            out.written.push((path, text.into_bytes()));
        }
        None if what == "alter" => plan.note(format!(
            "the table of '{name}' changed its name: its revisions are kept as they are; \
             write the revision that renames it (`{} revision --autogenerate -m \"rename \
             {name}\"`)",
            setup.command
        )),
        None => {}
    }
    Ok(out)
}

/// Says which required columns an alteration adds: a database whose table has rows
/// needs a value for them (a `server_default` in the revision) before it upgrades.
fn added_columns_note(plan: &mut Plan, (old, new): (&Feature, &Feature), path: &str) {
    let (Some(o), Some(n)) = (&old.resource, &new.resource) else {
        return;
    };
    let mut added: Vec<&str> = n
        .columns()
        .filter(|f| !f.ty.optional && !o.columns().any(|g| g.name == f.name))
        .map(|f| f.name.as_str())
        .collect();
    if n.timestamps && !o.timestamps {
        added.extend(["created_at", "updated_at"]);
    }
    if !added.is_empty() {
        plan.note(format!(
            "{path} adds the required column(s) {}: a table with rows needs a value for \
             them, so give each a `server_default` there before upgrading such a database",
            added.join(", ")
        ));
    }
}

/// What `remove` does with the revisions of `feature` (`paths`, listed by its record):
/// deleted while they are the unedited tail of the history, with a reminder for a
/// database that applied them; else kept, and a new revision drops the table, so that
/// the migrations and the models still agree.
pub(super) fn remove_revisions(
    plan: &mut Plan,
    renderer: &Renderer,
    (req, feature): (&Request, &Feature),
    (setup, record, paths): (&Setup, &Record, &[String]),
) -> anyhow::Result<()> {
    let history = history(plan, setup)?;
    let ours: Vec<&String> = paths
        .iter()
        .filter(|p| history.in_file(p).is_some())
        .collect();
    if ours.is_empty() {
        return Ok(());
    }
    let head = history.head(&[])?;
    // Taken off the top one by one: each must be the head then, and unedited.
    let mut rest = history.clone();
    let mut tail = Vec::new();
    let mut why = "later revisions follow it";
    while let Some(top) = rest.head(&[])? {
        let Some(r) = rest.revisions.iter().find(|r| r.id == top).cloned() else {
            break;
        };
        if !ours.contains(&&r.file) {
            break;
        }
        let bytes = plan.read(&r.file)?.unwrap_or_default();
        if record.matches(&r.file, &bytes) != Some(true) {
            why = "it was edited since petsage-build wrote it";
            break;
        }
        rest.set(&r.file, None)?;
        tail.push(r);
    }
    if tail.len() == ours.len() {
        let down = tail
            .last()
            .and_then(|r| r.down.first())
            .map_or("base", String::as_str)
            .to_string();
        for r in &tail {
            plan.delete(&r.file)?;
        }
        let files: Vec<&str> = tail.iter().map(|r| r.file.as_str()).collect();
        plan.note(format!(
            "{} deleted: a database that applied {} still has the table; there, run `{} \
             downgrade {down}` before this removal is applied (or restore the files to do \
             it later)",
            files.join(", "),
            if files.len() == 1 { "it" } else { "them" },
            setup.command
        ));
        return Ok(());
    }
    let id = revision_id(req, head.as_deref(), "drop")?;
    let drop_path = format!("{}/{id}_drop_{}.py", setup.versions, feature.name.snake());
    let ids = RevisionIds { id, down: head };
    if let Some(text) = renderer.revision(&RevisionChange::Drop(feature), &ids, &drop_path)? {
        plan.generate(&drop_path, text, ConflictPolicy::Refuse)?;
    }
    let kept: Vec<&str> = ours.iter().map(|p| p.as_str()).collect();
    plan.note(format!(
        "{} kept ({why}, and a database may have applied it); {drop_path} drops the \
         table: run `{} upgrade head`",
        kept.join(", "),
        setup.command
    ));
    Ok(())
}

/// Where the project's `env.py` gets the model from, when that can be seen: the module
/// itself, or every module of its package (the `pkgutil` walk `init` writes). `None`
/// when it cannot be seen, or the env cannot be read.
pub(super) fn env_imports_model(plan: &Plan, setup: &Setup, layout: &Layout, model: &str) -> bool {
    let Ok(Some(bytes)) = plan.read(&setup.env()) else {
        return false;
    };
    let env = String::from_utf8_lossy(&bytes);
    let module = layout.module(model);
    if env.contains(&module) {
        return true;
    }
    let package = module.rsplit_once('.').map_or("", |(p, _)| p);
    !package.is_empty()
        && env.contains(package)
        && (env.contains("walk_packages") || env.contains("iter_modules"))
}
