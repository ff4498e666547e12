//! A resource's Alembic revision (SPEC §14), in a project that has an Alembic setup: the
//! one `feature` writes after the current head, and what `remove` does with it (delete
//! an unedited head; else a new revision that drops the table). The history is read from
//! the files, with the plan's own revisions counted as written.

use sha2::{Digest, Sha256};

use super::generation::Generation;
use super::{Action, ConflictPolicy, Plan};
use crate::alembic::{History, Setup};
use crate::layout::Layout;
use crate::record::Record;
use crate::render::{Renderer, RevisionIds};
use crate::request::{Feature, Request};

/// The revision of a feature in its record: its path and the bytes to record.
pub(super) type Recorded = (String, Vec<u8>);

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
        .and_then(|name| name.strip_suffix(&format!("_{feature}.py")))
        .is_some_and(|id| id.len() == 12 && id.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The revision that creates `feature`'s table, planned after the head; `None` in a
/// project without Alembic, or whose script directory has no `env.py` yet. `previous`: the files of the feature's last generation.
/// Generated again unchanged, it is the same file; generated with another model, the
/// revision that may have run is kept as it is, and the change is said.
pub(super) fn revision(
    plan: &mut Plan,
    renderer: &Renderer,
    (req, feature): (&Request, &Feature),
    previous: &[String],
    generation: &mut Generation,
) -> anyhow::Result<Option<Recorded>> {
    let Some(setup) = crate::alembic::find(plan.root())? else {
        return Ok(None);
    };
    // Without its env.py the setup is not one Alembic can run: nothing to follow.
    if plan.read(&setup.env())?.is_none() {
        return Ok(None);
    }
    let history = history(plan, &setup)?;
    let name = feature.name.snake();
    let earlier = previous
        .iter()
        .filter(|p| is_revision_of(&setup, p, name))
        .find_map(|p| history.in_file(p));
    let down = match earlier {
        Some(r) => r.down.first().cloned(),
        None => history.head(&[])?,
    };
    let id = revision_id(req, down.as_deref(), "create")?;
    let path = revision_path(&setup, &id, name);
    if let Some(r) = earlier
        && r.file != path
    {
        plan.note(format!(
            "the table of '{name}' changed, and its revision {} is kept as it is (a \
             database may have applied it): write a revision for the change (`{} \
             revision --autogenerate -m \"change {name}\"`)",
            r.file, setup.command
        ));
        let bytes = plan.read(&r.file)?.unwrap_or_default();
        return Ok(Some((r.file.clone(), bytes)));
    }
    let ids = RevisionIds {
        id,
        down,
        drops: false,
    };
    let text = renderer.revision(feature, &ids, &path)?;
    generation.settle(plan, &path, text.clone())?;
    Ok(Some((path, text.into_bytes())))
}

/// What `remove` does with the revision of `feature` (`path`, listed by its record):
/// deleted while it is the head and unedited, with a reminder for a database that
/// applied it; else kept, and a new revision drops the table, so that the migrations
/// and the models still agree.
pub(super) fn remove_revision(
    plan: &mut Plan,
    renderer: &Renderer,
    (req, feature): (&Request, &Feature),
    (record, path): (&Record, &str),
) -> anyhow::Result<()> {
    let Some(setup) = crate::alembic::find(plan.root())? else {
        return Ok(());
    };
    let history = history(plan, &setup)?;
    let Some(revision) = history.in_file(path) else {
        return Ok(());
    };
    let bytes = plan.read(path)?.unwrap_or_default();
    let unedited = record.matches(path, &bytes) == Some(true);
    let followed = history.is_followed(&revision.id);
    let down = revision.down.first().map_or("base", String::as_str);
    if unedited && !followed {
        plan.delete(path)?;
        plan.note(format!(
            "{path} is deleted: a database that applied it still has the table; there, \
             run `{} downgrade {down}` before this removal is applied (or restore the \
             file to do it later)",
            setup.command
        ));
        return Ok(());
    }
    let head = history.head(&[])?;
    let id = revision_id(req, head.as_deref(), "drop")?;
    let drop_path = format!("{}/{id}_drop_{}.py", setup.versions, feature.name.snake());
    let ids = RevisionIds {
        id,
        down: head,
        drops: true,
    };
    let text = renderer.revision(feature, &ids, &drop_path)?;
    plan.generate(&drop_path, text, ConflictPolicy::Refuse)?;
    let why = if followed {
        "later revisions follow it"
    } else {
        "it was edited since petsage-build wrote it"
    };
    plan.note(format!(
        "{path} is kept ({why}, and a database may have applied it); {drop_path} drops \
         the table: run `{} upgrade head`",
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
