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
use crate::request::{Feature, IdType, Referenced, Target};

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
    if feature.resource.is_none() {
        return Ok(());
    }
    let mut targets = Vec::new();
    if let Some(target) = nest(records, root, layout, feature, seen, depth)? {
        targets.push(target);
    }
    // What its own rows' references (a tree) refer to: itself, as its request says.
    let itself = feature.clone();
    let Some(resource) = feature.resource.as_mut() else {
        return Ok(());
    };
    // The project's table models, walked for at most once, by the first reference to a
    // hand-written table.
    let mut sources = None;
    for field in &resource.fields {
        let Some(reference) = &field.references else {
            continue;
        };
        let name = match &reference.to {
            Referenced::Feature(f) if *f == itself.name => {
                targets.push(own_target(&itself, layout, field, reference.on_delete())?);
                continue;
            }
            Referenced::Feature(f) => f.snake(),
            Referenced::Table { table, column } => {
                let sources =
                    sources.get_or_insert_with(|| crate::database_code::model_sources(root));
                targets.push(super::table_reference::handwritten_target(
                    sources,
                    layout,
                    field,
                    (table, column),
                    reference.on_delete(),
                )?);
                continue;
            }
        };
        let why = |what: &str| {
            invalid(format!(
                "model field '{}': references '{name}', {what}",
                field.name
            ))
        };
        let mut found =
            find_resource(records, root, layout, name)?.map_err(|m| why(&m.words(true)))?;
        if field.ty.scalar != found.id_type.scalar() {
            let id = found.id_type.as_str();
            return Err(why(&format!(
                "whose id is {id}: the field's type must be {id}"
            )));
        }
        descend(records, root, layout, &mut found, seen, depth, || {
            why(CYCLE)
        })?;
        targets.push(Target {
            field: field.name.clone(),
            on_delete: reference.on_delete(),
            table: found.table,
            column: "id".to_string(),
            handwritten: false,
            own: false,
            feature: Box::new(found.feature),
            model_module: found.model_module,
        });
    }
    resource.targets = targets;
    Ok(())
}

/// The target of `field`, a reference of `feature` to its own rows: its table, its id,
/// and its model, which the feature's own modules have in hand.
fn own_target(
    feature: &Feature,
    layout: &Layout,
    field: &crate::request::Field,
    on_delete: crate::request::OnDelete,
) -> anyhow::Result<Target> {
    let Some(resource) = feature.resource.as_ref() else {
        return Err(anyhow::anyhow!(
            "internal error: '{}' is not a resource",
            feature.name
        ));
    };
    if field.ty.scalar != resource.id_type.scalar() {
        let id = resource.id_type.as_str();
        return Err(invalid(format!(
            "model field '{}': references its own resource, whose id is {id}: the field's \
             type must be {id} | None",
            field.name
        )));
    }
    let paths = layout.files_for(feature.name.snake());
    Ok(Target {
        field: field.name.clone(),
        on_delete,
        table: crate::request::table_of(&resource.model),
        column: "id".to_string(),
        handwritten: false,
        own: true,
        feature: Box::new(feature.clone()),
        model_module: layout.module(&paths.model.unwrap_or(paths.schema)),
    })
}

/// Finds `feature`'s parent (`resource.parent`): gives the resource its column (named and
/// typed as the parent's id) and nests its path under the parent's item. `None`: it has
/// no parent.
fn nest(
    records: &mut RecordIndex,
    root: &Path,
    layout: &Layout,
    feature: &mut Feature,
    seen: &mut BTreeSet<String>,
    depth: usize,
) -> anyhow::Result<Option<Target>> {
    let Some(resource) = feature.resource.as_ref() else {
        return Ok(None);
    };
    let Some(parent) = resource.parent.clone() else {
        return Ok(None);
    };
    let name = parent.feature.snake().to_string();
    let why = |what: &str| invalid(format!("resource.parent: '{name}' {what}"));
    let mut found =
        find_resource(records, root, layout, &name)?.map_err(|m| why(&m.words(false)))?;
    if found.nested {
        // As Rails' routing guide advises: one level; a deeper row is reached from its
        // own parent, and refers further up with `references:`.
        return Err(why(
            "is nested under a parent itself; nesting goes one level deep: nest under \
             the top resource, or refer to this one with references:",
        ));
    }
    let column = found.id_name.clone();
    let parent_item = format!("{}/{{{column}}}", found.feature.path);
    let mine = feature.resource.as_ref().map_or("", |r| r.id_name.as_str());
    if mine == column {
        return Err(why(&format!(
            "has the id '{column}', which is this resource's id too (resource.id); name \
             one of them otherwise"
        )));
    }
    if let Some(f) = resource.fields.iter().find(|f| f.name == column) {
        return Err(invalid(format!(
            "model field '{}' is the column the parent '{name}' gives its rows (its id, \
             set from the path); leave the field out",
            f.name
        )));
    }
    let clash = crate::request::relation_clash(
        &column,
        &resource.fields,
        &resource.id_name,
        resource.timestamps,
    );
    match clash {
        Some(crate::request::RelationClash::Column(relation)) => {
            return Err(why(&format!(
                "gives the relationship '{relation}' to the parent row, which is a column \
                 of the model too; rename the field"
            )));
        }
        Some(crate::request::RelationClash::Python(relation, clash)) => {
            return Err(why(&format!(
                "gives the relationship '{relation}' to the parent row, which {clash}"
            )));
        }
        None => {}
    }
    descend(records, root, layout, &mut found, seen, depth, || {
        why(CYCLE)
    })?;
    let field = crate::request::Field {
        name: column.clone(),
        ty: crate::request::FieldType::plain(found.id_type.scalar()),
        example: found.id_type.example(),
        description: Some(format!("The {} this belongs to.", found.words)),
        default: None,
        // The list under a parent selects by it.
        constraints: crate::request::Constraints {
            index: true,
            ..Default::default()
        },
        references: Some(parent.reference()),
    };
    feature.path = format!("{parent_item}{}", feature.path);
    if let Some(r) = feature.resource.as_mut()
        && let Some(p) = r.parent.as_mut()
    {
        p.field = Some(field);
    }
    Ok(Some(Target {
        field: column,
        on_delete: parent.on_delete(),
        table: found.table,
        column: "id".to_string(),
        handwritten: false,
        own: false,
        feature: Box::new(found.feature),
        model_module: found.model_module,
    }))
}

/// Why a feature named by a reference or a parent is not a resource to refer to.
enum Missing {
    /// No feature of the project has the name: the project's resources, listed.
    Unknown(String),
    /// Its record does not resolve (an edited record): why.
    Unresolved(String),
    Endpoint,
}

impl Missing {
    /// The reason, after the name: as a relative clause (`which is an endpoint`) or as
    /// a predicate (`is an endpoint`).
    fn words(&self, relative: bool) -> String {
        let (is, has) = if relative {
            ("which is", "whose record does")
        } else {
            ("is", "has a record that does")
        };
        match self {
            Missing::Unknown(list) => {
                format!("{is} no feature of the project (resources: {list})")
            }
            Missing::Unresolved(e) => format!("{has} not resolve: {e}"),
            Missing::Endpoint => format!("{is} an endpoint, not a resource (kind: resource)"),
        }
    }
}

/// What is said when the references from a resource come back to it.
const CYCLE: &str =
    "and the references from there come back here (a cycle) or go deeper than 8 resources";

/// A resource a reference or a parent names, resolved from its record.
struct Found {
    feature: Feature,
    id_name: String,
    id_type: IdType,
    /// Its model in words (`pet visit`), for the parent column's description.
    words: String,
    /// Its table (`pet_visit`).
    table: String,
    /// It is nested under a parent itself.
    nested: bool,
    /// The module its table model is imported from: the models module its record lists,
    /// or else its schema module (a layout without one, or a model kept there).
    model_module: String,
}

/// The resource feature `name`, resolved from its record; or why it is none.
fn find_resource(
    records: &mut RecordIndex,
    root: &Path,
    layout: &Layout,
    name: &str,
) -> anyhow::Result<Result<Found, Missing>> {
    let Some((request, files)) = records.find(root, name)? else {
        let list = list_or_none(&records.resources(root)?);
        return Ok(Err(Missing::Unknown(list)));
    };
    let feature = match request.resolve() {
        Ok(feature) => feature,
        Err(e) => return Ok(Err(Missing::Unresolved(e.to_string()))),
    };
    let Some(theirs) = feature.resource.as_ref() else {
        return Ok(Err(Missing::Endpoint));
    };
    let paths = layout.files_for(name);
    let model_file = paths
        .model
        .filter(|m| files.contains(m))
        .unwrap_or(paths.schema);
    Ok(Ok(Found {
        id_name: theirs.id_name.clone(),
        id_type: theirs.id_type,
        words: crate::naming::words_of(&crate::naming::snake_of(&theirs.model)),
        table: crate::request::table_of(&theirs.model),
        nested: theirs.parent.is_some(),
        model_module: layout.module(&model_file),
        feature,
    }))
}

/// Fills in the targets of `found`'s own references, a level deeper; `cycle` is the
/// error where they lead back to a resource on the way here.
fn descend(
    records: &mut RecordIndex,
    root: &Path,
    layout: &Layout,
    found: &mut Found,
    seen: &mut BTreeSet<String>,
    depth: usize,
    cycle: impl FnOnce() -> anyhow::Error,
) -> anyhow::Result<()> {
    let name = found.feature.name.snake().to_string();
    if depth >= MAX_DEPTH || !seen.insert(name.clone()) {
        return Err(cycle());
    }
    fill(records, root, layout, &mut found.feature, seen, depth + 1)?;
    seen.remove(&name);
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
