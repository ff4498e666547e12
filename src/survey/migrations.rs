//! E012 (SPEC §14): a resource whose table model and migrations disagree, read offline
//! from the record's request and the revisions' text (`alembic::drift`). Only where the
//! project has an Alembic setup with its `env.py`: without one, its tables are created at
//! start-up, and nothing is missing.

use std::path::Path;

use super::findings::{Code, Finding};
use crate::alembic::Expected;
use crate::request::{Kind, Request};

/// What the table of the resource a record's `request` describes must have; `None` for
/// an endpoint, or a request that does not resolve (E008's to report).
pub(super) fn expected(request: &serde_yaml::Value) -> Option<Expected> {
    let kind = request.get("kind").and_then(serde_yaml::Value::as_str);
    if kind != Some(Kind::Resource.as_str()) {
        return None;
    }
    let feature = Request::from_yaml(request).ok()?.resolve().ok()?;
    Expected::of(&feature)
}

/// The E012 findings of `tables` (each the record that holds it), one per resource.
pub(super) fn unmigrated(root: &Path, tables: &[(String, Expected)]) -> Vec<Finding> {
    if tables.is_empty() {
        return Vec::new();
    }
    let Ok(Some(setup)) = crate::alembic::find(root) else {
        return Vec::new();
    };
    if !root.join(setup.env()).is_file() {
        return Vec::new();
    }
    let texts = revision_texts(root, &setup.versions);
    tables
        .iter()
        .filter_map(|(rel, expected)| {
            let missing = expected.missing(&texts);
            (!missing.is_empty()).then(|| {
                Finding::new(
                    Code::Unmigrated,
                    rel,
                    format!(
                        "no revision in {} creates {} of the model: the database would \
                         lack it; write the revision (`{} revision --autogenerate`)",
                        setup.versions,
                        missing.join(", "),
                        setup.command
                    ),
                )
            })
        })
        .collect()
}

/// The text of every revision file in `versions` (as Alembic loads them: `.py`, not
/// `__init__`); unreadable ones are left out.
fn revision_texts(root: &Path, versions: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join(versions)) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.ends_with(".py") && !name.starts_with("__init__")
        })
        .filter_map(|e| crate::fsread::read_to_string(&e.path()).ok())
        .collect()
}
