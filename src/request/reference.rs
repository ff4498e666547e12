//! A field that refers to another resource's row (SPEC §13): `references: <resource
//! feature>` makes a foreign-key column, `on_delete` says what deleting the referenced
//! row does to it. The referenced feature is the project's (its record); the plan finds
//! it, this module only reads and checks what the request itself says.

use serde_yaml::Value;

use super::field::{FieldType, Scalar};
use super::keys::Entries;
use crate::naming::FeatureName;

/// What deleting the referenced row does to the rows referring to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDelete {
    /// They are deleted with it.
    Cascade,
    /// It cannot be deleted while they exist (a 409).
    Restrict,
    /// Their reference becomes null (the field must allow `None`).
    SetNull,
}

impl OnDelete {
    pub const ALL: [OnDelete; 3] = [OnDelete::Cascade, OnDelete::Restrict, OnDelete::SetNull];

    pub fn as_str(self) -> &'static str {
        match self {
            OnDelete::Cascade => "cascade",
            OnDelete::Restrict => "restrict",
            OnDelete::SetNull => "set_null",
        }
    }

    /// The one of `allowed` that `value` names.
    fn named(value: &Value, allowed: &[OnDelete]) -> Option<OnDelete> {
        let text = value.as_str()?;
        allowed.iter().copied().find(|o| o.as_str() == text)
    }

    /// The SQL of the foreign key's `ON DELETE` clause.
    pub fn sql(self) -> &'static str {
        match self {
            OnDelete::Cascade => "CASCADE",
            OnDelete::Restrict => "RESTRICT",
            OnDelete::SetNull => "SET NULL",
        }
    }
}

/// `references:` and `on_delete:` of a field, as given.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The rows the field refers to.
    pub to: Referenced,
    /// `None`: `restrict`, a plain reference's default.
    pub on_delete: Option<OnDelete>,
}

/// What a reference names: a resource feature of the project, or a hand-written model's
/// table.
#[derive(Debug, Clone, PartialEq)]
pub enum Referenced {
    /// Its rows by their id.
    Feature(FeatureName),
    /// `{table, column, type}`: the rows of a table some hand-written SQLModel class
    /// defines, by the column (its primary key).
    Table { table: String, column: String },
}

impl Referenced {
    /// The resource feature named, if a feature is.
    pub fn feature(&self) -> Option<&FeatureName> {
        match self {
            Referenced::Feature(f) => Some(f),
            Referenced::Table { .. } => None,
        }
    }
}

/// The keys of `references: {table, column, type}`.
const TABLE_KEYS: &[&str] = &["table", "column", "type"];

impl Reference {
    pub fn on_delete(&self) -> OnDelete {
        self.on_delete.unwrap_or(OnDelete::Restrict)
    }

    /// Reads the keys of a field of type `ty`; `None` when it refers to nothing. Each
    /// error names the key.
    pub(super) fn read(e: &Entries, ty: &FieldType) -> Result<Option<Reference>, String> {
        let on_delete = e
            .get("on_delete")
            .map(|v| {
                OnDelete::named(v, &OnDelete::ALL).ok_or_else(|| {
                    "on_delete must be one of cascade, restrict, set_null".to_string()
                })
            })
            .transpose()?;
        let Some(value) = e.get("references") else {
            if on_delete.is_some() {
                return Err("on_delete needs references: the resource the field refers to".into());
            }
            return Ok(None);
        };
        if ty.list || !matches!(ty.scalar, Scalar::Int | Scalar::Uuid) {
            return Err(format!(
                "references applies to an int or uuid field (the referenced id), not {ty}"
            ));
        }
        let to = match value {
            Value::String(name) => Referenced::Feature(FeatureName::parse(name).map_err(|e| {
                format!("references must name a resource feature of the project: {e}")
            })?),
            Value::Mapping(map) => table_reference(map, ty)?,
            _ => {
                return Err(
                    "references must name a resource feature of the project, or \
                     a hand-written model's table as {table, column, type}"
                        .into(),
                );
            }
        };
        if on_delete == Some(OnDelete::SetNull) && !ty.optional {
            return Err(format!(
                "on_delete: set_null needs a field that may be null ({ty} | None)"
            ));
        }
        Ok(Some(Reference { to, on_delete }))
    }

    /// The `(key, value)` pairs to print back.
    pub fn entries(&self) -> Vec<(&'static str, Value)> {
        let to = match &self.to {
            Referenced::Feature(f) => Value::from(f.snake()),
            Referenced::Table { table, column } => {
                let mut m = serde_yaml::Mapping::new();
                m.insert("table".into(), table.as_str().into());
                m.insert("column".into(), column.as_str().into());
                Value::Mapping(m)
            }
        };
        let mut out = vec![("references", to)];
        if let Some(o) = self.on_delete {
            out.push(("on_delete", Value::from(o.as_str())));
        }
        out
    }
}

/// Reads `references: {table, column, type}`: a table and its column, each a SQL
/// identifier; `column` defaults to `id`, and `type`, where given, is the field's.
fn table_reference(map: &serde_yaml::Mapping, ty: &FieldType) -> Result<Referenced, String> {
    let e = Entries::read(map, "references", TABLE_KEYS)?;
    let name = |key: &str, v: &Value| {
        v.as_str()
            .filter(|s| crate::pyrules::is_ascii_identifier(s))
            .map(str::to_string)
            .ok_or_else(|| {
                format!(
                    "references.{key} must be a table's {} name (letters, digits and _)",
                    if key == "table" { "own" } else { "column" }
                )
            })
    };
    let table = name("table", e.require("table")?)?;
    let column = match e.get("column") {
        Some(v) => name("column", v)?,
        None => "id".to_string(),
    };
    if let Some(v) = e.get("type") {
        let given = v.as_str().unwrap_or_default();
        let field = if ty.scalar == Scalar::Uuid {
            "uuid"
        } else {
            "int"
        };
        if !matches!(given, "int" | "uuid") {
            return Err("references.type must be int or uuid (the referenced column's)".into());
        }
        if given != field {
            return Err(format!(
                "references.type is {given}, but the field is {ty}: a reference has the \
                 type of the column it refers to"
            ));
        }
    }
    Ok(Referenced::Table { table, column })
}

/// `resource.parent`: the resource whose rows this one's belong to (SPEC §13). Its routes
/// nest under the parent's item (`/pets/{pet_id}/visits`), and its rows refer to the
/// parent through a column named as the parent's id, set from the path, never a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Parent {
    pub feature: FeatureName,
    /// As given: `None` is `cascade` (children belong to their parent).
    pub on_delete: Option<OnDelete>,
    /// The column, once the plan found the parent (its name and type are the parent's
    /// id's); `None` before.
    pub field: Option<super::Field>,
}

impl Parent {
    pub const KEYS: &'static [&'static str] = &["resource", "on_delete"];

    pub fn on_delete(&self) -> OnDelete {
        self.on_delete.unwrap_or(OnDelete::Cascade)
    }

    /// Reads `resource.parent`: a resource feature, or `{resource, on_delete}`.
    pub(super) fn read(value: &Value) -> Result<Parent, String> {
        let named = |v: &Value, key: &str| {
            let name = v
                .as_str()
                .ok_or_else(|| format!("{key} must name a resource feature of the project"))?;
            FeatureName::parse(name)
                .map_err(|e| format!("{key} must name a resource feature of the project: {e}"))
        };
        let (feature, on_delete) = match value {
            Value::Mapping(map) => {
                let e = Entries::read(map, "resource.parent", Self::KEYS)?;
                let feature = named(e.require("resource")?, "resource.parent.resource")?;
                let on_delete = e
                    .get("on_delete")
                    .map(|v| {
                        OnDelete::named(v, &[OnDelete::Cascade, OnDelete::Restrict]).ok_or_else(
                            || {
                                "resource.parent.on_delete must be cascade or restrict (a row \
                                 under a parent cannot lose it: set_null does not apply)"
                                    .to_string()
                            },
                        )
                    })
                    .transpose()?;
                (feature, on_delete)
            }
            v => (named(v, "resource.parent")?, None),
        };
        Ok(Parent {
            feature,
            on_delete,
            field: None,
        })
    }

    /// The value to print back: the name alone where nothing else was given.
    pub fn to_yaml(&self) -> Value {
        match self.on_delete {
            None => Value::from(self.feature.snake()),
            Some(o) => {
                let mut m = serde_yaml::Mapping::new();
                m.insert("resource".into(), self.feature.snake().into());
                m.insert("on_delete".into(), o.as_str().into());
                Value::Mapping(m)
            }
        }
    }

    /// The reference the parent's column makes.
    pub fn reference(&self) -> Reference {
        Reference {
            to: Referenced::Feature(self.feature.clone()),
            on_delete: Some(self.on_delete()),
        }
    }
}

/// A referenced resource as the plan found it in the project: what the referring
/// feature's files need of it (its model, where that is imported from, its example row
/// and its routes for the tests).
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The referring field.
    pub field: String,
    pub on_delete: OnDelete,
    /// The referenced resource, resolved from its record; its own references' targets
    /// are filled in too (the tests store a row of each).
    pub feature: Box<super::Feature>,
    /// The module its table model is imported from.
    pub model_module: String,
    /// The referenced table and column (`pet`, `id`).
    pub table: String,
    pub column: String,
    /// A hand-written model (`references: {table, ...}`): `feature` is made from its
    /// class, a resource without routes.
    pub handwritten: bool,
    /// The resource's own rows (a tree): `feature` is the referring one itself, as its
    /// request says (without its targets); its model is not imported, and the table
    /// has no `Relationship` for it.
    pub own: bool,
}

/// The name of the child's `Relationship` to the row `field` refers to: `owner` for
/// `owner_id`, `owner_row` for `owner`.
pub fn relation_of(field: &str) -> String {
    match field.strip_suffix("_id") {
        Some(stem) if !stem.is_empty() && !stem.ends_with('_') => stem.to_string(),
        _ => format!("{field}_row"),
    }
}

/// Refuses references the resource `name` cannot have: to itself, or whose relationship
/// would take the name of a column.
pub(super) fn check_references(
    name: &FeatureName,
    fields: &[super::Field],
    id_name: &str,
    timestamps: bool,
) -> Result<(), String> {
    for f in fields {
        let Some(r) = &f.references else { continue };
        // A row referring to another of its table (a tree: a category's parent). The
        // first row has none to refer to, and the tests' example row is stored first.
        if r.to.feature() == Some(name) {
            if !f.ty.optional {
                return Err(format!(
                    "model field '{}': references its own resource '{name}', so it must be \
                     optional (`| None`): the first row has no other to refer to",
                    f.name
                ));
            }
            if !matches!(f.example, super::Example::None) {
                return Err(format!(
                    "model field '{}': a reference to the resource's own rows takes \
                     `example: null` (the example is the first row)",
                    f.name
                ));
            }
        }
        match relation_clash(&f.name, fields, id_name, timestamps) {
            Some(RelationClash::Column(relation)) => {
                return Err(format!(
                    "model field '{}': its relationship to the referenced row is named \
                     '{relation}', which is a column of the model too; rename one of them",
                    f.name
                ));
            }
            Some(RelationClash::Python(relation, why)) => {
                return Err(format!(
                    "model field '{}': its relationship would be named '{relation}', \
                     which {why}",
                    f.name
                ));
            }
            None => {}
        }
    }
    Ok(())
}

/// Why the relationship of the column `field` (a reference's, a parent's) cannot take
/// the name `relation_of` gives it.
pub enum RelationClash {
    /// A column of the model has the name (a field, the id, a timestamp).
    Column(String),
    /// The model class has it already: the name and why.
    Python(String, String),
}

/// The relationship of `field`'s clash with the model's columns or class, if any.
pub fn relation_clash(
    field: &str,
    fields: &[super::Field],
    id_name: &str,
    timestamps: bool,
) -> Option<RelationClash> {
    let relation = relation_of(field);
    let taken = fields.iter().any(|g| g.name == relation)
        || relation == id_name
        || relation == "id"
        || (timestamps && super::TIMESTAMPS.contains(&relation.as_str()));
    if taken {
        return Some(RelationClash::Column(relation));
    }
    let why = crate::pynames::field_name_clash(&relation)?;
    Some(RelationClash::Python(relation, why.to_string()))
}
