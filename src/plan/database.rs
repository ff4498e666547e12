//! A resource's database (SPEC §12, §11b): the layout's database module (`db.py`) where
//! the project has no database code, the project's own where it has some (never a second
//! engine, never a `db.py` beside a `db/` package), and what must happen for the table to
//! exist (an Alembic revision, or tables created at start-up).

use super::{ConflictPolicy, Plan};
use crate::error::refused;
use crate::layout::Layout;
use crate::record::Recorded;
use crate::render::Renderer;
use crate::request::{Feature, Kind};

/// Whether the feature takes its session from the layout's database module: a resource
/// in a project that names no session dependency of its own.
pub(super) fn uses_db_module(layout: &Layout, feature: &Feature) -> bool {
    feature.kind() == Kind::Resource && layout.session_dependency.is_none()
}

/// A resource's session comes from the database module (`db.py`) unless the project
/// names its own (`session_dependency`). A missing one is created, and recorded as the
/// feature's: it goes with the last resource that records it (`shared`), like the
/// `__init__.py` files. One that exists and no record lists is the project's own, used
/// as it is where it has `get_session`. A project with database code of its own (a `db`
/// package, a module that makes an engine) is refused: it names its session dependency.
/// Returns the `(path, bytes)` to record.
pub(super) fn database_module(
    plan: &mut Plan,
    layout: &Layout,
    renderer: &Renderer,
    feature: &Feature,
    (shared, hashes): (&[&String], &[(String, Recorded)]),
) -> anyhow::Result<Option<(String, Vec<u8>)>> {
    if !uses_db_module(layout, feature) {
        return Ok(None);
    }
    let fresh = renderer.db_module(layout)?;
    if shared.iter().any(|s| **s == layout.db) {
        refresh_shared(plan, &layout.db, &fresh, hashes)?;
        return Ok(Some((layout.db.clone(), fresh.into_bytes())));
    }
    if let Some(bytes) = plan.read(&layout.db)? {
        let text = String::from_utf8_lossy(&bytes);
        if text.lines().any(|l| l.starts_with("def get_session(")) {
            return Ok(None);
        }
        return Err(own_database(
            plan,
            feature,
            &format!(
                "{} is the project's own and has no `get_session`",
                layout.db
            ),
        ));
    }
    let package = layout.db.strip_suffix(".py").unwrap_or(&layout.db);
    if plan.root().join(package).is_dir() {
        return Err(own_database(
            plan,
            feature,
            &format!(
                "the project has a {package}/ package, beside which a {} would be a second database module",
                layout.db
            ),
        ));
    }
    // Anywhere in the project: a `database.py` beside the package counts as much.
    if let Some((rel, line)) = crate::database_code::engine_module(plan.root(), "", &layout.db) {
        return Err(own_database(
            plan,
            feature,
            &format!("{rel}:{line} makes the project's database engine"),
        ));
    }
    plan.generate(&layout.db, fresh.clone(), ConflictPolicy::Refuse)?;
    Ok(Some((layout.db.clone(), fresh.into_bytes())))
}

/// A resource's services raise the domain errors of the errors module (`errors.py`
/// beside the database module, SPEC §13), which its router answers through. A missing
/// one is created and recorded as the feature's, like the database module: it goes with
/// the last resource that records it. One that is there, and no record lists, is used
/// only when it is exactly what would be written (then recorded too: deleting it loses
/// nothing); a different file of that name is the project's own, and the run is refused
/// rather than overwrite it. Returns the `(path, bytes)` to record.
pub(super) fn errors_module(
    plan: &mut Plan,
    layout: &Layout,
    renderer: &Renderer,
    feature: &Feature,
    (shared, hashes): (&[&String], &[(String, Recorded)]),
) -> anyhow::Result<Option<(String, Vec<u8>)>> {
    if feature.kind() != Kind::Resource {
        return Ok(None);
    }
    let path = layout.errors_module();
    let fresh = renderer.errors_module(layout)?;
    if shared.iter().any(|s| **s == path) {
        let edited = !refresh_shared(plan, &path, &fresh, hashes)?;
        let refers = feature
            .resource
            .as_ref()
            .is_some_and(|r| !r.targets.is_empty());
        let lacks = plan
            .read(&path)?
            .is_some_and(|b| !String::from_utf8_lossy(&b).contains("class UnknownReferenceError("));
        if edited && refers && lacks {
            return Err(refused(format!(
                "not adding resource '{}': its service raises UnknownReferenceError, which \
                 {path} (edited since petsage-build wrote it) does not define; add it as \
                 today's template has it (`petsage-build templates export`), or undo the \
                 edit, and run again; nothing was changed",
                feature.name
            )));
        }
        return Ok(Some((path, fresh.into_bytes())));
    }
    match plan.read(&path)? {
        Some(bytes) if bytes == fresh.as_bytes() => {}
        Some(_) => {
            return Err(refused(format!(
                "not adding resource '{}': {path} is the project's own, and a resource's \
                 services raise the domain errors of the {path} petsage-build writes \
                 (NotFoundError, answered by its DomainErrorRoute); rename the project's \
                 module, or move it, and run again; nothing was changed",
                feature.name
            )));
        }
        None => {
            plan.generate(&path, fresh.clone(), ConflictPolicy::Refuse)?;
        }
    }
    Ok(Some((path, fresh.into_bytes())))
}

/// Brings a shared module another resource wrote up to today's template where it is
/// still what some generation wrote (an older template's bytes, unedited): the new
/// resource may import what only today's has. Returns whether the file now is, or will
/// be, today's; an edited one is left as it is.
fn refresh_shared(
    plan: &mut Plan,
    path: &str,
    fresh: &str,
    hashes: &[(String, Recorded)],
) -> anyhow::Result<bool> {
    let Some(bytes) = plan.read(path)? else {
        return Ok(false);
    };
    if bytes == fresh.as_bytes() {
        return Ok(true);
    }
    let now = crate::record::hash(&bytes);
    if hashes
        .iter()
        .any(|(p, h)| p == path && h.digest() == Some(&now))
    {
        plan.generate(path, fresh.to_string(), ConflictPolicy::Force)?;
        return Ok(true);
    }
    Ok(false)
}

/// The refusal for a project with database code of its own: the key to set, with the
/// session dependency `detect` finds where it finds one.
fn own_database(plan: &Plan, feature: &Feature, why: &str) -> anyhow::Error {
    let pyproject = crate::fsread::read_to_string(&plan.root().join("pyproject.toml")).ok();
    let found = crate::detect::detect(plan.root(), pyproject.as_deref());
    let key = match found.get("session_dependency") {
        Some(dep) => format!("session_dependency = \"{dep}\" (found by `petsage-build detect`)"),
        None => "session_dependency = \"<module>.<function>\" (a function that yields a sqlmodel Session)".to_string(),
    };
    refused(format!(
        "not adding resource '{}': {why}, and a resource never makes a second engine; name \
         the project's session dependency in [tool.petsage-build]: {key}; nothing was changed",
        feature.name
    ))
}

/// What must happen for the resource's table to exist: with Alembic, its revision
/// (`revision`, planned) applied, the model imported where `env.py` gets its metadata;
/// else main must create the tables at start-up, which ours does (`create_db_and_tables`
/// in its lifespan) and a project's own main may, also through a helper it calls.
pub(super) fn note_tables(
    plan: &mut Plan,
    layout: &Layout,
    feature: &Feature,
    (alembic, revision): (Option<&crate::alembic::Setup>, Option<&str>),
) -> anyhow::Result<()> {
    let files = layout.feature_files(&feature.name);
    let model = files.model.as_ref().unwrap_or(&files.schema);
    if let (Some(setup), Some(revision)) = (alembic, revision) {
        let mut note = format!(
            "the table is created by the revision {revision}: run `{} upgrade head`",
            setup.command
        );
        if !super::migration::env_imports_model(plan, setup, layout, model) {
            note.push_str(&format!(
                "; {} must import {} first, so that Alembic sees the model (autogenerate, \
                 `alembic check`)",
                setup.env(),
                layout.module(model)
            ));
        }
        plan.note(note);
        return Ok(());
    }
    if let Some(setup) = alembic {
        let (config, alembic) = (&setup.config, &setup.command);
        plan.note(format!(
            "this project uses Alembic ({config}), whose script directory has no env.py \
             yet, so no revision was written: once it has one (importing {}), run \
             `{alembic} revision --autogenerate -m \"add {}\"` and `{alembic} upgrade head`",
            layout.module(model),
            feature.name
        ));
        return Ok(());
    }
    let main = plan
        .read(&layout.main)?
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    if !super::tables_created::creates_tables(plan.root(), layout, &main) {
        let how = match &layout.session_dependency {
            None => format!(
                "call `create_db_and_tables()` from {} there (in a lifespan)",
                layout.module(&layout.db)
            ),
            Some(_) => "call `SQLModel.metadata.create_all(engine)` there".to_string(),
        };
        plan.note(format!(
            "{} does not create the database tables at start-up: {how}, or migrate",
            layout.main
        ));
    }
    Ok(())
}
