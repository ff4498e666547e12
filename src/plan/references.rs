//! The resources a resource's fields refer to (SPEC §13), found in the project's records:
//! a reference names a resource feature that exists, whose id has the field's type.
//! Refusing one that does not is the request's fault (exit 2); removing a resource that
//! others refer to is refused (exit 1), or their models would import a module that is
//! gone.

use std::collections::BTreeSet;
use std::path::Path;

use super::records::RecordIndex;
use crate::error::{invalid, refused};
use crate::layout::Layout;
use crate::request::{Feature, Kind, Target};

/// References are followed this deep at most: a chain of parents that long is a
/// mistake, and every level is a row the tests store.
const MAX_DEPTH: usize = 8;

/// Fills in `feature`'s reference targets, and theirs, from the records.
pub(super) fn resolve_targets(
    records: &mut RecordIndex,
    root: &Path,
    layout: &Layout,
    feature: &mut Feature,
) -> anyhow::Result<()> {
    let mut seen = BTreeSet::new();
    seen.insert(feature.name.snake().to_string());
    fill(records, root, layout, feature, &mut seen, 0)
}

fn fill(
    records: &mut RecordIndex,
    root: &Path,
    layout: &Layout,
    feature: &mut Feature,
    seen: &mut BTreeSet<String>,
    depth: usize,
) -> anyhow::Result<()> {
    let Some(resource) = feature.resource.as_mut() else {
        return Ok(());
    };
    let mut targets = Vec::new();
    for field in &resource.fields {
        let Some(reference) = &field.references else {
            continue;
        };
        let name = reference.feature.snake();
        let why = |what: &str| {
            invalid(format!(
                "model field '{}': references '{name}', {what}",
                field.name
            ))
        };
        let Some((request, files)) = records.find(root, name)? else {
            return Err(why(&format!(
                "which is no feature of the project (resources: {})",
                list_or_none(&records.resources(root)?)
            )));
        };
        let mut target = request
            .resolve()
            .map_err(|e| why(&format!("whose record does not resolve: {e}")))?;
        let Some(theirs) = target
            .resource
            .as_ref()
            .filter(|_| target.kind == Kind::Resource)
        else {
            return Err(why("which is an endpoint, not a resource (kind: resource)"));
        };
        if field.ty.scalar != theirs.id_type.scalar() {
            return Err(why(&format!(
                "whose id is {}: the field's type must be {}",
                theirs.id_type.as_str(),
                theirs.id_type.as_str()
            )));
        }
        if depth >= MAX_DEPTH || !seen.insert(name.to_string()) {
            return Err(why(
                "and the references from there come back here (a cycle) or go \
                            deeper than 8 resources",
            ));
        }
        fill(records, root, layout, &mut target, seen, depth + 1)?;
        seen.remove(name);
        // Where its table model is: the models module its record lists, or else its
        // schema module (a layout without a models module, or one kept there).
        let paths = layout.files_for(name);
        let model_file = paths
            .model
            .filter(|m| files.contains(m))
            .unwrap_or(paths.schema);
        targets.push(Target {
            field: field.name.clone(),
            on_delete: reference.on_delete(),
            feature: Box::new(target),
            model_module: layout.module(&model_file),
        });
    }
    resource.targets = targets;
    Ok(())
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() {
        "none yet".to_string()
    } else {
        names.join(", ")
    }
}

/// Refuses to remove `name` while other features' models refer to its rows.
pub(super) fn check_unreferenced(
    records: &mut RecordIndex,
    root: &Path,
    name: &str,
) -> anyhow::Result<()> {
    let referring = records.referring(root, name)?;
    if referring.is_empty() {
        return Ok(());
    }
    Err(refused(format!(
        "not removing '{name}': the resource{} {} refer{} to its rows (references: {name}); \
         remove {} first; nothing was changed",
        if referring.len() == 1 { "" } else { "s" },
        referring.join(", "),
        if referring.len() == 1 { "s" } else { "" },
        if referring.len() == 1 { "it" } else { "them" },
    )))
}
