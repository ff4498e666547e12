//! A resource's references (SPEC §13) as the templates see them: the foreign keys and
//! relationships of its table, the checks of its service, and the rows its tests store
//! first so that the example's references find them.

use serde::Serialize;
use serde_json::Value as Json;

use super::operations::OpNames;
use super::test_data::{FieldValue, variant};
use super::text_json;
use crate::request::{OnDelete, Resource, Target};

#[derive(Debug, Default, Serialize)]
pub(crate) struct ReferencesView {
    pub any: bool,
    /// Some reference is a field of the body (not the parent's column, which the path
    /// sets): the service checks those, an unknown one is a 422.
    pub body: bool,
    /// Some reference is by uuid (the tests read its rows by `UUID`), or restricts a
    /// delete (the tests expect the `IntegrityError`).
    pub uuid: bool,
    pub restrict: bool,
    /// A reference to the resource's own rows restricts deletes: SQLite cannot drop
    /// the table while such rows are in it.
    pub own_restrict: bool,
    /// Some reference is not `restrict`: the tests read the referring row back.
    pub reread: bool,
    pub items: Vec<ReferenceView>,
    /// The `Relationship`s of the table: one per reference but to its own rows (a tree
    /// is the column alone).
    pub related: Vec<RelationView>,
    /// The rows the tests store before each test, the referenced before the referring.
    pub rows: Vec<RowView>,
    /// `(module, model)` of every row's model, for the test's imports.
    pub row_models: Vec<[String; 2]>,
}

/// One field that refers to another resource's rows.
#[derive(Debug, Serialize)]
pub(crate) struct ReferenceView {
    pub field: String,
    /// The parent's column (`resource.parent`): set from the path, not the body.
    pub parent: bool,
    /// The child's `Relationship` to the row (`owner` for `owner_id`).
    pub relation: String,
    /// The referenced model, its table and the module it is imported from.
    pub model: String,
    pub table: String,
    pub module: String,
    /// The referenced feature (`owners`), for the doc; none for a hand-written model.
    pub feature: String,
    pub handwritten: bool,
    /// The resource's own rows (a tree).
    pub own: bool,
    pub on_delete: &'static str,
    /// The foreign key's `ON DELETE` (`RESTRICT`).
    pub on_delete_sql: &'static str,
    /// What deleting the referenced row does, for the doc.
    pub on_delete_words: &'static str,
    pub optional: bool,
    pub is_uuid: bool,
    /// The example's value, and a value no stored row has.
    pub example: Json,
    pub unknown: Json,
    /// The referenced resource's delete route, where it has one, and its id parameter.
    pub parent_delete: Option<String>,
    pub parent_id_param: String,
    /// A row of the referenced table that nothing else refers to (its id is `unknown`):
    /// the tests of what its deletion does store it, and one row referring to it.
    pub fresh: Vec<FieldValue>,
}

/// A `Relationship` of the table to the row a reference's field names.
#[derive(Debug, Serialize)]
pub(crate) struct RelationView {
    pub field: String,
    pub relation: String,
    pub model: String,
    pub optional: bool,
}

/// A row a test stores before it runs: its model and its values (the id included).
#[derive(Debug, Serialize)]
pub(crate) struct RowView {
    pub model: String,
    pub values: Vec<FieldValue>,
}

/// A row the tests store, with the module its model is imported from and its id.
struct Stored {
    module: String,
    id: Json,
    row: RowView,
}

/// The references of `r`, from the targets the plan found. A reference without a target
/// is a plan that skipped finding them: an error, not a guess.
pub(super) fn references_view(r: &Resource) -> Result<ReferencesView, String> {
    let mut stored = Vec::new();
    rows_of(r, &mut stored)?;
    let mut view = ReferencesView::default();
    let parent = r.parent_field().map(|f| f.name.as_str());
    for f in r.columns() {
        let Some(reference) = &f.references else {
            continue;
        };
        let target = find(r, &f.name)?;
        let theirs = resource_of(target)?;
        let taken: Vec<&Json> = stored
            .iter()
            .filter(|s| s.row.model == theirs.model)
            .map(|s| &s.id)
            .collect();
        let unknown = unknown_of(f, &taken);
        // A row of its own table is stored beside the example's: it takes the second
        // set of unique values.
        let n = if target.own { 1 } else { taken.len() };
        let fresh = row(target, &unknown, n, &f.name)?;
        let plural = target.feature.name.snake().to_string();
        let parent_names = OpNames::of(theirs, &plural);
        view.items.push(ReferenceView {
            field: f.name.clone(),
            parent: parent == Some(f.name.as_str()),
            relation: crate::request::relation_of(&f.name),
            model: theirs.model.clone(),
            table: target.table.clone(),
            module: target.model_module.clone(),
            handwritten: target.handwritten,
            own: target.own,
            feature: plural,
            on_delete: reference.on_delete().as_str(),
            on_delete_sql: reference.on_delete().sql(),
            on_delete_words: on_delete_words(reference.on_delete()),
            optional: f.ty.optional,
            is_uuid: f.ty.scalar == crate::request::Scalar::Uuid,
            example: text_json(f.example.to_json()),
            unknown: text_json(unknown),
            // A nested resource's delete route takes its parent's id too: its tests say
            // what the database does.
            parent_delete: (theirs.has(crate::request::Operation::Delete)
                && theirs.parent.is_none())
            .then_some(parent_names.delete),
            parent_id_param: theirs.id_name.clone(),
            fresh,
        });
    }
    view.related = view
        .items
        .iter()
        .filter(|x| !x.own)
        .map(|x| RelationView {
            field: x.field.clone(),
            relation: x.relation.clone(),
            model: x.model.clone(),
            optional: x.optional,
        })
        .collect();
    view.any = !view.items.is_empty();
    view.body = view.items.iter().any(|x| !x.parent);
    view.uuid = view.items.iter().any(|x| x.is_uuid);
    view.restrict = view.items.iter().any(|x| x.on_delete == "restrict");
    view.own_restrict = view
        .items
        .iter()
        .any(|x| x.own && x.on_delete == "restrict");
    view.reread = view.items.iter().any(|x| x.on_delete != "restrict");
    for s in stored {
        super::field_view::add_import(&mut view.row_models, &s.module, &s.row.model);
        view.rows.push(s.row);
    }
    Ok(view)
}

/// An id of the referenced table that neither the field's example nor any row the tests
/// store (`taken`) has: for the 422 of an unknown reference, and a fresh row's id.
fn unknown_of(f: &crate::request::Field, taken: &[&Json]) -> Json {
    let uuid = f.ty.scalar == crate::request::Scalar::Uuid;
    let example = f.example.to_json();
    (1..=u32::MAX)
        .map(|k| {
            if uuid {
                Json::from(format!("00000000-0000-0000-0000-{k:012}"))
            } else {
                Json::from(1_000_000 - i64::from(k))
            }
        })
        .find(|id| *id != example && !taken.contains(&id))
        .unwrap_or(Json::Null)
}

fn find<'a>(r: &'a Resource, field: &str) -> Result<&'a Target, String> {
    r.targets.iter().find(|t| t.field == field).ok_or_else(|| {
        format!("internal error: the reference of field '{field}' was not looked up")
    })
}

fn resource_of(t: &Target) -> Result<&Resource, String> {
    t.feature
        .resource
        .as_ref()
        .ok_or_else(|| format!("internal error: '{}' is not a resource", t.feature.name))
}

/// Adds the rows `r`'s example refers to (and theirs, first) to `rows`, each table's
/// rows once per id. The `n`th row of one table takes that resource's `n`th set of
/// unique values, so that rows of a table with unique fields do not collide.
fn rows_of(r: &Resource, rows: &mut Vec<Stored>) -> Result<(), String> {
    for f in r.columns() {
        if f.references.is_none() {
            continue;
        }
        let target = find(r, &f.name)?;
        // Its own rows: the example refers to none (`example: null`).
        if target.own {
            continue;
        }
        let theirs = resource_of(target)?;
        let mut ids = vec![f.example.to_json()];
        if f.constraints.unique {
            // The tests store three rows, each with its own value of a unique field.
            ids.extend((1..=2).filter_map(|n| variant(f, n)));
        }
        for id in ids.into_iter().filter(|id| !id.is_null()) {
            let of_table = |s: &&Stored| s.row.model == theirs.model;
            if rows.iter().filter(of_table).any(|s| s.id == id) {
                continue;
            }
            let n = rows.iter().filter(of_table).count();
            rows_of(theirs, rows)?;
            let values = row(target, &id, n, &f.name)?;
            rows.push(Stored {
                module: target.model_module.clone(),
                id,
                row: RowView {
                    model: theirs.model.clone(),
                    values,
                },
            });
        }
    }
    Ok(())
}

/// The values of the `n`th row of `target`'s table stored for a test, with the id `id`:
/// the example, with the `n`th set of unique values. A table with unique fields has three.
fn row(target: &Target, id: &Json, n: usize, field: &str) -> Result<Vec<FieldValue>, String> {
    let theirs = resource_of(target)?;
    let unique = theirs.fields.iter().any(|g| g.constraints.unique);
    let k = u8::try_from(n)
        .ok()
        .filter(|k| !unique || *k < 3)
        .ok_or_else(|| {
            format!(
                "model field '{field}': the tests would store more than three {} rows, and its \
             unique fields have values for three",
                theirs.model
            )
        })?;
    let mut values = vec![FieldValue {
        field: target.column.clone(),
        value: text_json(id.clone()),
    }];
    for g in theirs.columns() {
        let value = Some(k)
            .filter(|k| *k > 0 && g.constraints.unique)
            .and_then(|k| variant(g, k))
            .unwrap_or_else(|| g.example.to_json());
        values.push(FieldValue {
            field: g.name.clone(),
            value: text_json(value),
        });
    }
    Ok(values)
}

/// What deleting a referenced row does, in the doc's words.
fn on_delete_words(o: OnDelete) -> &'static str {
    match o {
        OnDelete::Cascade => "deletes the rows that refer to it",
        OnDelete::Restrict => "is refused (409) while rows refer to it",
        OnDelete::SetNull => "sets their reference to null",
    }
}

/// The imports references add: the referenced models to the service (its checks), the
/// test (its rows) and the table's module (its relationships), with the error the
/// service raises.
pub(super) fn add_imports(
    view: &ReferencesView,
    errors_module: &str,
    (service, test): (&mut Vec<[String; 2]>, &mut Vec<[String; 2]>),
    table: &mut Vec<[String; 2]>,
    creates: bool,
) {
    if !view.any {
        return;
    }
    let add = super::field_view::add_import;
    // The resource's own model is imported where it is used already.
    for x in view.items.iter().filter(|x| !x.own) {
        add(service, &x.module, &x.model);
        add(table, &x.module, &x.model);
        if creates {
            // The tests of what deleting a referenced row does store one.
            add(test, &x.module, &x.model);
        }
    }
    if view.body {
        add(service, errors_module, "UnknownReferenceError");
    }
    for [module, model] in &view.row_models {
        add(test, module, model);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Example, Field, FieldType, Scalar};

    fn field(scalar: Scalar, example: Example) -> Field {
        Field {
            name: "owner_id".into(),
            ty: FieldType::plain(scalar),
            example,
            description: None,
            default: None,
            constraints: Default::default(),
            references: None,
        }
    }

    #[test]
    fn the_unknown_id_is_no_stored_rows_nor_the_examples() {
        let int = field(Scalar::Int, Example::Int(999_999));
        assert_eq!(unknown_of(&int, &[]), Json::from(999_998));
        let taken = Json::from(999_998);
        assert_eq!(unknown_of(&int, &[&taken]), Json::from(999_997));
        let first = "00000000-0000-0000-0000-000000000001";
        let uuid = field(Scalar::Uuid, Example::Uuid(first.into()));
        let second = Json::from("00000000-0000-0000-0000-000000000002");
        // Another reference's example row is stored with the second: the third is free.
        assert_eq!(
            unknown_of(&uuid, &[&second]),
            Json::from("00000000-0000-0000-0000-000000000003")
        );
    }
}
