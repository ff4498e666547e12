//! A resource's Alembic revision (SPEC §14): the table its model makes, written as
//! `alembic revision --autogenerate` would write it against the model, with the names the
//! naming convention of `init`'s models package gives (`pk_`, `fk_`, `uq_`, `ix_`), so
//! that `alembic check` finds nothing to add on SQLite and PostgreSQL. Every statement is
//! laid out here as `ruff format` lays it out: the template only places them.

use serde::Serialize;

use crate::request::{Feature, FieldType, IdType, Resource, Scalar, table_of};

/// The ids of a revision: its own and the one it follows (`None`: the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionIds {
    pub id: String,
    pub down: Option<String>,
    /// The revision drops the table (its downgrade creates it again): `remove` of a
    /// resource whose revision may have been applied.
    pub drops: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct RevisionView {
    pub id: String,
    pub down: Option<String>,
    /// The first line of the docstring, and each function's.
    pub title: String,
    pub upgrade_doc: String,
    pub downgrade_doc: String,
    /// `from sqlmodel.sql.sqltypes import ...`: the names, joined.
    pub sqltypes: String,
    /// The lines of `upgrade()` and `downgrade()`, each ending in a newline.
    pub upgrade: String,
    pub downgrade: String,
}

/// A call laid out as ruff lays it out at `indent`: on one line when it fits, else its
/// arguments on one line of their own, else one per line with a trailing comma.
fn call(indent: usize, callee: &str, args: &[String], trailing: &str) -> String {
    let pad = " ".repeat(indent);
    let flat = format!("{pad}{callee}({}){trailing}", args.join(", "));
    if crate::pyrules::fits(&flat) {
        return format!("{flat}\n");
    }
    let inner = " ".repeat(indent + 4);
    let hugged = format!("{inner}{}", args.join(", "));
    if crate::pyrules::fits(&hugged) {
        return format!("{pad}{callee}(\n{hugged}\n{pad}){trailing}\n");
    }
    let mut out = format!("{pad}{callee}(\n");
    for a in args {
        out.push_str(&format!("{inner}{a},\n"));
    }
    out.push_str(&format!("{pad}){trailing}\n"));
    out
}

fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

/// The column type of a stored field, as SQLModel (0.0.50) derives it from the model's
/// annotation (text as the `String` its `AutoString` is on SQLite and PostgreSQL, which
/// type checkers know): a literal is text, a list JSON.
fn column_type(ty: &FieldType, max_length: Option<u64>, used: &mut Vec<&'static str>) -> String {
    if ty.list {
        return "sa.JSON()".to_string();
    }
    let mut sqltype = |name: &'static str| {
        if !used.contains(&name) {
            used.push(name);
        }
    };
    match &ty.scalar {
        // SQLModel's AutoString is a String everywhere but MySQL, and typed as one.
        Scalar::Str | Scalar::Literal(_) => match max_length {
            Some(n) => format!("sa.String(length={n})"),
            None => "sa.String()".to_string(),
        },
        Scalar::Int => "sa.Integer()".to_string(),
        Scalar::Float => "sa.Float()".to_string(),
        Scalar::Bool => "sa.Boolean()".to_string(),
        Scalar::Date => "sa.Date()".to_string(),
        Scalar::DateTime => {
            sqltype("UTCDateTime");
            "UTCDateTime()".to_string()
        }
        Scalar::Uuid => "sa.Uuid()".to_string(),
        Scalar::Decimal => "sa.Numeric()".to_string(),
    }
}

/// A call of the revision: its callee and its arguments.
type Call = (&'static str, Vec<String>);

/// What the revision of `feature` (a resource) creates and drops.
pub(crate) fn revision(feature: &Feature, ids: &RevisionIds) -> Option<RevisionView> {
    let r = feature.resource.as_ref()?;
    let table = table_of(&r.model);
    let mut used = Vec::new();
    let column = |name: &str, ty: String, nullable: bool| -> Call {
        let nullable = if nullable { "True" } else { "False" };
        (
            "sa.Column",
            vec![quoted(name), ty, format!("nullable={nullable}")],
        )
    };
    let id_type = match r.id_type {
        IdType::Int => "sa.Integer()",
        IdType::Uuid => "sa.Uuid()",
    };
    let mut items = vec![column("id", id_type.to_string(), false)];
    for f in r.columns() {
        let ty = column_type(&f.ty, f.constraints.max_length, &mut used);
        items.push(column(&f.name, ty, f.ty.optional));
    }
    if r.timestamps {
        if !used.contains(&"UTCDateTime") {
            used.push("UTCDateTime");
        }
        for name in ["created_at", "updated_at"] {
            items.push(column(name, "UTCDateTime()".to_string(), false));
        }
    }
    let (constraints, indexes) = keys(r, &table);
    items.extend(constraints);
    let mut upgrade = format!("    op.create_table(\n        {},\n", quoted(&table));
    for (callee, args) in &items {
        upgrade.push_str(&call(8, callee, args, ","));
    }
    upgrade.push_str("    )\n");
    for (name, column, unique) in &indexes {
        let unique = if *unique { "True" } else { "False" };
        let args = [
            format!("op.f({})", quoted(name)),
            quoted(&table),
            format!("[{}]", quoted(column)),
            format!("unique={unique}"),
        ];
        upgrade.push_str(&call(4, "op.create_index", &args, ""));
    }
    let mut downgrade = String::new();
    for (name, _, _) in indexes.iter().rev() {
        let args = [
            format!("op.f({})", quoted(name)),
            format!("table_name={}", quoted(&table)),
        ];
        downgrade.push_str(&call(4, "op.drop_index", &args, ""));
    }
    downgrade.push_str(&format!("    op.drop_table({})\n", quoted(&table)));
    used.sort_unstable();
    let name = feature.name.snake();
    let create = "Create the table, its keys and its indexes.".to_string();
    let drop = "Drop the table and its indexes.".to_string();
    // Names are up to 63 characters: a line each keeps the docstring within 88 columns.
    let (title, upgrade_doc, downgrade_doc, upgrade, downgrade) = if ids.drops {
        let title = format!("Drop the {table} table.\n\nThe {name} resource was removed.");
        (title, drop, create, downgrade, upgrade)
    } else {
        let title = format!("Create the {table} table.\n\nThe table of the {name} resource.");
        (title, create, drop, upgrade, downgrade)
    };
    Some(RevisionView {
        id: ids.id.clone(),
        down: ids.down.clone(),
        title,
        upgrade_doc,
        downgrade_doc,
        sqltypes: used.join(", "),
        upgrade,
        downgrade,
    })
}

/// The table's constraints (foreign keys, the primary key, unique columns without an
/// index) and its indexes (`(name, column, unique)`: a unique indexed column is one
/// unique index, as SQLAlchemy makes it).
fn keys(r: &Resource, table: &str) -> (Vec<Call>, Vec<(String, String, bool)>) {
    let mut constraints: Vec<Call> = Vec::new();
    for f in r.columns() {
        let Some(t) = r.targets.iter().find(|t| t.field == f.name) else {
            continue;
        };
        let Some(theirs) = &t.feature.resource else {
            continue;
        };
        let referred = table_of(&theirs.model);
        constraints.push((
            "sa.ForeignKeyConstraint",
            vec![
                format!("[{}]", quoted(&f.name)),
                format!("[{}]", quoted(&format!("{referred}.id"))),
                format!(
                    "name=op.f({})",
                    quoted(&format!("fk_{table}_{}_{referred}", f.name))
                ),
                format!("ondelete={}", quoted(t.on_delete.sql())),
            ],
        ));
    }
    constraints.push((
        "sa.PrimaryKeyConstraint",
        vec![
            quoted("id"),
            format!("name=op.f({})", quoted(&format!("pk_{table}"))),
        ],
    ));
    let mut indexes = Vec::new();
    for f in r.columns() {
        let c = &f.constraints;
        if c.index {
            indexes.push((format!("ix_{table}_{}", f.name), f.name.clone(), c.unique));
        } else if c.unique {
            constraints.push((
                "sa.UniqueConstraint",
                vec![
                    quoted(&f.name),
                    format!("name=op.f({})", quoted(&format!("uq_{table}_{}", f.name))),
                ],
            ));
        }
    }
    (constraints, indexes)
}
