//! `references: {table, column, type}` (SPEC §13): a field that refers to the rows of a
//! table the project's own code defines. The class is found by its table among the
//! project's SQLModel table models; the column must be its primary key (the service
//! checks a referenced id with `session.get`), and the tests must be able to store a row
//! of it, so every column without a default is a plain value.

use crate::error::invalid;
use crate::layout::Layout;
use crate::naming::FeatureName;
use crate::python::{TableModel, table_models};
use crate::request::{
    Constraints, Example, Feature, Field, FieldType, IdType, OnDelete, Scalar, Target,
};

/// The target of `field`'s reference to `table.column`, from the class the project
/// defines it with among `sources` (`database_code::model_sources`). Invalid input where no class or more than one defines the table,
/// the column is not its primary key or has another type, or a test could not store
/// a row of it.
pub(super) fn handwritten_target(
    sources: &[(String, String)],
    layout: &Layout,
    field: &Field,
    (table, column): (&str, &str),
    on_delete: OnDelete,
) -> anyhow::Result<Target> {
    let why = |what: String| {
        invalid(format!(
            "model field '{}': references table '{table}', {what}",
            field.name
        ))
    };
    let mut found: Vec<(String, TableModel)> = Vec::new();
    for (file, text) in sources {
        found.extend(
            table_models(text)
                .into_iter()
                .filter(|m| m.table == table)
                .map(|m| (file.clone(), m)),
        );
    }
    let (file, model) = match found.len() {
        0 => {
            return Err(why(
                "which no class of the project defines (a SQLModel table model with that \
                 __tablename__, or named so)"
                    .into(),
            ));
        }
        1 => found.remove(0),
        _ => {
            let places: Vec<String> = found
                .iter()
                .map(|(f, m)| format!("{} in {f}", m.class))
                .collect();
            return Err(why(format!(
                "which more than one class defines ({})",
                places.join(", ")
            )));
        }
    };
    let shown = format!("class {} in {file}", model.class);
    if !model.sqlmodel_table {
        return Err(why(format!(
            "which {shown} defines without table=True: a SQLModel foreign key can refer \
             only to a SQLModel table model's table"
        )));
    }
    let Some(key) = model
        .column(column)
        .filter(|c| c.primary_key || c.name == "id")
    else {
        return Err(why(format!(
            "whose column '{column}' is not the primary key of {shown}: a reference is by \
             the referenced row's primary key"
        )));
    };
    let id_type = if key.is_uuid() {
        IdType::Uuid
    } else {
        IdType::Int
    };
    if field.ty.scalar != id_type.scalar() {
        let id = id_type.as_str();
        return Err(why(format!(
            "whose column '{column}' is {id}: the field's type must be {id}"
        )));
    }
    let mut fields = Vec::new();
    for c in model.required() {
        if c.foreign_key {
            return Err(why(format!(
                "whose column '{}' ({shown}) refers to another table and has no default: \
                 the generated tests cannot store a row of it",
                c.name
            )));
        }
        let example = example_of(&c.name, &c.annotation).ok_or_else(|| {
            why(format!(
                "whose column `{}: {}` ({shown}) has no default, and the generated tests \
                 cannot make one to store a row (give it a default, or make it a str, int, \
                 float or bool)",
                c.name, c.annotation
            ))
        })?;
        let scalar = match example {
            Example::Int(_) => Scalar::Int,
            Example::Float(_) => Scalar::Float,
            Example::Bool(_) => Scalar::Bool,
            _ => Scalar::Str,
        };
        // Every stored row gets its own text and numbers, as a unique column needs.
        let unique = matches!(scalar, Scalar::Str | Scalar::Int);
        fields.push(Field {
            name: c.name.clone(),
            ty: FieldType::plain(scalar),
            example,
            description: None,
            default: None,
            constraints: Constraints {
                unique,
                ..Default::default()
            },
            references: None,
        });
    }
    let name = FeatureName::parse(&crate::naming::snake_of(&model.class))
        .or_else(|_| FeatureName::parse("referenced"))
        .map_err(|e| why(e.to_string()))?;
    Ok(Target {
        field: field.name.clone(),
        on_delete,
        feature: Box::new(handwritten_feature(name, &model.class, id_type, fields)),
        model_module: layout.module(&file),
        table: table.to_string(),
        column: column.to_string(),
        handwritten: true,
        own: false,
    })
}

/// A table model the project wrote by hand, as the resource a reference to it needs:
/// its class and id, the columns a stored row needs, and no routes.
fn handwritten_feature(
    name: FeatureName,
    model: &str,
    id_type: IdType,
    fields: Vec<Field>,
) -> Feature {
    let singular = crate::naming::snake_of(model);
    Feature {
        description: format!("The hand-written model {model}."),
        requirements: Vec::new(),
        method: crate::request::Method::Get,
        path: String::new(),
        mount: String::new(),
        overrides: Vec::new(),
        router_dependencies: None,
        dependencies: Vec::new(),
        auth: None,
        api_prefix: None,
        tags: Vec::new(),
        summary: String::new(),
        model: model.to_string(),
        fields: Vec::new(),
        many: false,
        status_code: 200,
        params: Vec::new(),
        body: None,
        errors: Vec::new(),
        resource: Some(crate::request::Resource {
            model: model.to_string(),
            singular,
            fields,
            id_name: "id".to_string(),
            id_type,
            operations: Vec::new(),
            timestamps: false,
            listing: crate::request::Listing::default(),
            targets: Vec::new(),
            parent: None,
            owner: None,
        }),
        name,
    }
}

/// A value a test stores a row with, for a column of this annotation.
pub(super) fn example_of(name: &str, annotation: &str) -> Option<Example> {
    let ty = annotation.replace(' ', "");
    let ty = ty.trim_end_matches("|None");
    match ty.rsplit('.').next()? {
        "str" | "EmailStr" if name.contains("email") => Some(Example::Str("a@example.com".into())),
        "str" | "EmailStr" => Some(Example::Str("a".into())),
        "int" => Some(Example::Int(1)),
        "float" => Some(Example::Float(1.0)),
        "bool" => Some(Example::Bool(true)),
        _ => None,
    }
}
