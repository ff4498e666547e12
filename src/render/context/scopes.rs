//! The scopes a resource's rows live in: the parent they are nested under
//! (`resource.parent`, SPEC §13) and the user who owns them (`resource.owner`, §15),
//! as the templates see them.

use serde::Serialize;
use serde_json::Value as Json;

use super::text;

#[derive(Debug, Serialize)]
pub(crate) struct OwnerView {
    /// The column (`owner_id`) and its type in Python (`int`, `UUID`).
    pub field: String,
    pub py_type: &'static str,
    pub is_uuid: bool,
    /// The user model's class (imported where the service and the tests need it).
    pub model: String,
    /// The column, as the table model declares it.
    pub column: super::table::ColumnView,
    /// What each of the tests' two users is stored with: `(column, Python value)`.
    pub users: [Vec<[String; 2]>; 2],
}

#[derive(Debug, Serialize)]
pub(crate) struct ParentView {
    /// The column and path parameter (`pet_id`), its type in Python (`int`, `UUID`) and
    /// in a route's path (`ItemId`, `UUID`).
    pub field: String,
    pub py_type: &'static str,
    pub param: &'static str,
    pub is_uuid: bool,
    /// The parent's model and the 404's detail where it has no row with the id.
    pub model: String,
    pub not_found: String,
    /// The id of the parent row the tests store, and of one nothing is under.
    pub example: Json,
    pub other: Json,
    /// The column, as the table model declares it.
    pub column: super::table::ColumnView,
}

/// The owner of `r`'s rows, from the column the plan typed after the user model.
pub(super) fn owner_view(
    r: &crate::request::Resource,
    columns: &[super::table::ColumnView],
) -> Result<Option<OwnerView>, String> {
    let Some(owner) = &r.owner else {
        return Ok(None);
    };
    let column = columns
        .iter()
        .find(|c| c.name == owner.field.name)
        .ok_or_else(|| "internal error: the owner column has no view".to_string())?;
    let is_uuid = owner.field.ty.scalar == crate::request::Scalar::Uuid;
    let user = |n: usize| {
        owner
            .required
            .iter()
            .map(|(name, values)| [name.clone(), values[n].clone()])
            .collect()
    };
    Ok(Some(OwnerView {
        field: owner.field.name.clone(),
        py_type: if is_uuid { "UUID" } else { "int" },
        is_uuid,
        model: owner.model.1.clone(),
        column: column.clone(),
        users: [user(0), user(1)],
    }))
}

/// The parent of `r`, from its column and the reference that column makes.
pub(super) fn parent_view(
    r: &crate::request::Resource,
    references: &super::references::ReferencesView,
    columns: &[super::table::ColumnView],
) -> Result<Option<ParentView>, String> {
    let Some(field) = r.parent_field() else {
        return Ok(None);
    };
    let missing = || {
        format!(
            "internal error: the parent column '{}' has no view",
            field.name
        )
    };
    let x = references
        .items
        .iter()
        .find(|x| x.parent)
        .ok_or_else(missing)?;
    let column = columns
        .iter()
        .find(|c| c.name == field.name)
        .ok_or_else(missing)?;
    Ok(Some(ParentView {
        field: field.name.clone(),
        py_type: if x.is_uuid { "UUID" } else { "int" },
        param: if x.is_uuid { "UUID" } else { "ItemId" },
        is_uuid: x.is_uuid,
        model: x.model.clone(),
        // As the parent's own routes say it.
        not_found: text(
            &r.targets
                .iter()
                .find(|t| t.field == field.name)
                .and_then(|t| t.feature.errors.first())
                .map_or_else(
                    || format!("{} not found", x.model),
                    |e| e.description.clone(),
                ),
        ),
        example: x.example.clone(),
        other: x.unknown.clone(),
        column: column.clone(),
    }))
}
