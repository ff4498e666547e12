//! The table model of a resource in a module of its own (SPEC §13: a models module, not
//! among the API schemas): its columns as stored, and the module's imports. A table model
//! does not validate, so the columns carry only what shapes the table (length, unique,
//! index, the JSON type of a list); the constraints a client meets are the schemas'.

use serde::Serialize;
use serde_json::Value as Json;

use super::field_view::add_import;
use super::names::std_imports;
use crate::render::pytype;
use crate::request::{FieldType, IdType, Resource, Scalar};

/// `name: py_type = Field(kwargs..., sa_type=...)`, or `name: py_type` without either.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ColumnView {
    pub name: String,
    pub py_type: String,
    pub kwargs: Vec<Kwarg>,
    pub sa_type: Option<&'static str>,
    /// Only a default: `name: py_type = default`.
    pub bare: bool,
}

/// One `Field(...)` keyword, its value for the layout pass (`py_value`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Kwarg {
    pub key: &'static str,
    pub value: Json,
}

/// The columns and the imports of the models module.
pub(super) struct Table {
    pub columns: Vec<ColumnView>,
    pub std_imports: Vec<[String; 2]>,
    pub sqlmodel_imports: Vec<[String; 2]>,
    pub project_imports: Vec<[String; 2]>,
}

/// `foreign_key="owner.id"` and `ondelete="RESTRICT"` for a field that refers to a
/// resource's rows: the database holds the reference too.
pub(super) fn foreign_key(r: &Resource, field: &str) -> Vec<Kwarg> {
    // The owner's rows go with their user (SPEC §15).
    if let Some(o) = r.owner.as_ref().filter(|o| o.field.name == field) {
        return vec![
            Kwarg {
                key: "foreign_key",
                value: Json::from(format!("{}.id", o.table)),
            },
            Kwarg {
                key: "ondelete",
                value: Json::from("CASCADE"),
            },
        ];
    }
    let Some(t) = r.targets.iter().find(|t| t.field == field) else {
        return Vec::new();
    };
    vec![
        Kwarg {
            key: "foreign_key",
            value: Json::from(format!("{}.{}", t.table, t.column)),
        },
        Kwarg {
            key: "ondelete",
            value: Json::from(t.on_delete.sql()),
        },
    ]
}

/// A literal is stored as text (the schemas hold the values it may take).
fn stored(ty: &FieldType) -> FieldType {
    let scalar = match &ty.scalar {
        Scalar::Literal(_) => Scalar::Str,
        other => other.clone(),
    };
    FieldType { scalar, ..*ty }
}

pub(super) fn table(r: &Resource, model_base: (&str, &str)) -> Table {
    let types: Vec<FieldType> = r.columns().map(|f| stored(&f.ty)).collect();
    let defaults: Vec<_> = r.fields.iter().filter_map(|f| f.default.as_ref()).collect();
    let mut std = std_imports(types.iter(), &defaults);
    if r.timestamps {
        add_import(&mut std, "datetime", "datetime");
        add_import(&mut std, "datetime", "timezone");
    }
    if r.id_type == IdType::Uuid {
        add_import(&mut std, "uuid", "UUID");
        add_import(&mut std, "uuid", "uuid4");
    }
    let columns = r
        .columns()
        .zip(&types)
        .map(|(f, ty)| {
            let mut kwargs = Vec::new();
            match &f.default {
                Some(d) => kwargs.push(Kwarg {
                    key: "default",
                    value: super::text_json(pytype::value(d)),
                }),
                None if f.ty.optional => kwargs.push(Kwarg {
                    key: "default",
                    value: Json::Null,
                }),
                None => {}
            }
            let c = &f.constraints;
            if let Some(n) = c.max_length {
                kwargs.push(Kwarg {
                    key: "max_length",
                    value: Json::from(n),
                });
            }
            for (key, on) in [("unique", c.unique), ("index", c.index)] {
                if on {
                    kwargs.push(Kwarg {
                        key,
                        value: Json::Bool(true),
                    });
                }
            }
            kwargs.extend(foreign_key(r, &f.name));
            let sa_type = f.ty.list.then_some("JSON");
            ColumnView {
                name: f.name.clone(),
                py_type: pytype::annotation(ty),
                bare: sa_type.is_none() && kwargs.len() == 1 && kwargs[0].key == "default",
                kwargs,
                sa_type,
            }
        })
        .collect();
    let (module, base) = model_base;
    let mut sqlmodel = vec![["sqlmodel".to_string(), "Field".to_string()]];
    let mut project = Vec::new();
    if module == "sqlmodel" {
        add_import(&mut sqlmodel, module, base);
    } else {
        add_import(&mut project, module, base);
    }
    Table {
        columns,
        std_imports: std,
        sqlmodel_imports: sqlmodel,
        project_imports: project,
    }
}
