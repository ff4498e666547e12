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

/// One column: its name, type (as written) and whether it takes NULL.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    name: String,
    ty: String,
    nullable: bool,
}

/// A foreign key: the column, the referred table, what a deletion there does.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ForeignKey {
    column: String,
    referred: String,
    /// The referred column (`id`).
    key: String,
    on_delete: &'static str,
}

/// What a resource's table is made of, as its revisions write it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shape {
    table: String,
    columns: Vec<Column>,
    foreign_keys: Vec<ForeignKey>,
    /// Columns with a unique constraint (and no index).
    uniques: Vec<String>,
    /// Indexed columns, and whether the index is unique.
    indexes: Vec<(String, bool)>,
}

impl Shape {
    fn of(r: &Resource, used: &mut Vec<&'static str>) -> Shape {
        let id_type = match r.id_type {
            IdType::Int => "sa.Integer()",
            IdType::Uuid => "sa.Uuid()",
        };
        let column = |name: &str, ty: String, nullable: bool| Column {
            name: name.to_string(),
            ty,
            nullable,
        };
        let mut columns = vec![column("id", id_type.to_string(), false)];
        for f in r.columns() {
            let ty = column_type(&f.ty, f.constraints.max_length, used);
            columns.push(column(&f.name, ty, f.ty.optional));
        }
        if r.timestamps {
            if !used.contains(&"UTCDateTime") {
                used.push("UTCDateTime");
            }
            for name in ["created_at", "updated_at"] {
                columns.push(column(name, "UTCDateTime()".to_string(), false));
            }
        }
        let foreign_keys = r
            .columns()
            .filter_map(|f| {
                if let Some(o) = r.owner.as_ref().filter(|o| o.field.name == f.name) {
                    return Some(ForeignKey {
                        column: f.name.clone(),
                        referred: o.table.clone(),
                        key: "id".to_string(),
                        on_delete: "CASCADE",
                    });
                }
                let t = r.targets.iter().find(|t| t.field == f.name)?;
                Some(ForeignKey {
                    column: f.name.clone(),
                    referred: t.table.clone(),
                    key: t.column.clone(),
                    on_delete: t.on_delete.sql(),
                })
            })
            .collect();
        let mut uniques = Vec::new();
        let mut indexes = Vec::new();
        for f in r.columns() {
            let c = &f.constraints;
            if c.index {
                indexes.push((f.name.clone(), c.unique));
            } else if c.unique {
                uniques.push(f.name.clone());
            }
        }
        Shape {
            table: table_of(&r.model),
            columns,
            foreign_keys,
            uniques,
            indexes,
        }
    }

    fn fk_name(&self, fk: &ForeignKey) -> String {
        format!(
            "op.f({})",
            quoted(&format!("fk_{}_{}_{}", self.table, fk.column, fk.referred))
        )
    }

    fn uq_name(&self, column: &str) -> String {
        format!("op.f({})", quoted(&format!("uq_{}_{column}", self.table)))
    }

    fn ix_name(&self, column: &str) -> String {
        format!("op.f({})", quoted(&format!("ix_{}_{column}", self.table)))
    }

    /// `op.create_table(...)` and its indexes.
    fn create(&self) -> String {
        let mut items: Vec<Call> = self.columns.iter().map(column_call).collect();
        for fk in &self.foreign_keys {
            items.push((
                "sa.ForeignKeyConstraint",
                vec![
                    format!("[{}]", quoted(&fk.column)),
                    format!("[{}]", quoted(&format!("{}.{}", fk.referred, fk.key))),
                    format!("name={}", self.fk_name(fk)),
                    format!("ondelete={}", quoted(fk.on_delete)),
                ],
            ));
        }
        items.push((
            "sa.PrimaryKeyConstraint",
            vec![
                quoted("id"),
                format!("name=op.f({})", quoted(&format!("pk_{}", self.table))),
            ],
        ));
        for u in &self.uniques {
            items.push((
                "sa.UniqueConstraint",
                vec![quoted(u), format!("name={}", self.uq_name(u))],
            ));
        }
        let mut out = format!("    op.create_table(\n        {},\n", quoted(&self.table));
        for (callee, args) in &items {
            out.push_str(&call(8, callee, args, ","));
        }
        out.push_str("    )\n");
        for (column, unique) in &self.indexes {
            let args = [
                self.ix_name(column),
                quoted(&self.table),
                format!("[{}]", quoted(column)),
                format!("unique={}", py_bool(*unique)),
            ];
            out.push_str(&call(4, "op.create_index", &args, ""));
        }
        out
    }

    /// Its indexes dropped, then the table.
    fn drop(&self) -> String {
        let mut out = String::new();
        for (column, _) in self.indexes.iter().rev() {
            let args = [
                self.ix_name(column),
                format!("table_name={}", quoted(&self.table)),
            ];
            out.push_str(&call(4, "op.drop_index", &args, ""));
        }
        out.push_str(&format!("    op.drop_table({})\n", quoted(&self.table)));
        out
    }

    /// What turns the table `self` into `to`, in one batch (SQLite copies the table;
    /// PostgreSQL alters it in place): what goes first, then what changes, then what
    /// comes. `None`: nothing to do.
    fn alter(&self, to: &Shape) -> Option<String> {
        let mut ops: Vec<(&'static str, Vec<String>)> = Vec::new();
        for (column, unique) in &self.indexes {
            if !to.indexes.contains(&(column.clone(), *unique)) {
                ops.push(("batch_op.drop_index", vec![self.ix_name(column)]));
            }
        }
        for u in &self.uniques {
            if !to.uniques.contains(u) {
                ops.push((
                    "batch_op.drop_constraint",
                    vec![self.uq_name(u), "type_=\"unique\"".into()],
                ));
            }
        }
        for fk in &self.foreign_keys {
            if !to.foreign_keys.contains(fk) {
                ops.push((
                    "batch_op.drop_constraint",
                    vec![self.fk_name(fk), "type_=\"foreignkey\"".into()],
                ));
            }
        }
        for c in &self.columns {
            if !to.columns.iter().any(|n| n.name == c.name) {
                ops.push(("batch_op.drop_column", vec![quoted(&c.name)]));
            }
        }
        for c in &to.columns {
            match self.columns.iter().find(|o| o.name == c.name) {
                None => {
                    let (callee, args) = column_call(c);
                    let column = format!("{callee}({})", args.join(", "));
                    ops.push(("batch_op.add_column", vec![column]));
                }
                Some(old) if old != c => {
                    let mut args = vec![quoted(&c.name), format!("existing_type={}", old.ty)];
                    if old.ty != c.ty {
                        args.push(format!("type_={}", c.ty));
                    }
                    if old.nullable == c.nullable {
                        args.push(format!("existing_nullable={}", py_bool(c.nullable)));
                    } else {
                        args.push(format!("nullable={}", py_bool(c.nullable)));
                    }
                    ops.push(("batch_op.alter_column", args));
                }
                Some(_) => {}
            }
        }
        for fk in &to.foreign_keys {
            if !self.foreign_keys.contains(fk) {
                ops.push((
                    "batch_op.create_foreign_key",
                    vec![
                        to.fk_name(fk),
                        quoted(&fk.referred),
                        format!("[{}]", quoted(&fk.column)),
                        format!("[{}]", quoted(&fk.key)),
                        format!("ondelete={}", quoted(fk.on_delete)),
                    ],
                ));
            }
        }
        for u in &to.uniques {
            if !self.uniques.contains(u) {
                ops.push((
                    "batch_op.create_unique_constraint",
                    vec![to.uq_name(u), format!("[{}]", quoted(u))],
                ));
            }
        }
        for (column, unique) in &to.indexes {
            if !self.indexes.contains(&(column.clone(), *unique)) {
                ops.push((
                    "batch_op.create_index",
                    vec![
                        to.ix_name(column),
                        format!("[{}]", quoted(column)),
                        format!("unique={}", py_bool(*unique)),
                    ],
                ));
            }
        }
        if ops.is_empty() {
            return None;
        }
        let mut out = call(
            4,
            "with op.batch_alter_table",
            &[quoted(&self.table)],
            " as batch_op:",
        );
        for (callee, args) in &ops {
            out.push_str(&call(8, callee, args, ""));
        }
        Some(out)
    }
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

fn column_call(c: &Column) -> Call {
    (
        "sa.Column",
        vec![
            quoted(&c.name),
            c.ty.clone(),
            format!("nullable={}", py_bool(c.nullable)),
        ],
    )
}

/// What a revision does with a resource's table.
pub enum Change<'a> {
    /// Creates it (`feature`).
    Create(&'a Feature),
    /// Drops it; its downgrade creates it again (`remove`).
    Drop(&'a Feature),
    /// Alters it from the first generation's model to the second's (`update`).
    Alter(&'a Feature, &'a Feature),
}

/// The revision that makes `change`; `None` when a feature is not a resource, or an
/// alteration changes nothing in the table (or renames it: not one table any more).
pub(crate) fn revision(change: &Change, ids: &RevisionIds) -> Option<RevisionView> {
    let mut used = Vec::new();
    let shape =
        |f: &Feature, used: &mut Vec<&'static str>| f.resource.as_ref().map(|r| Shape::of(r, used));
    let create_doc = "Create the table, its keys and its indexes.".to_string();
    let drop_doc = "Drop the table and its indexes.".to_string();
    // Names are up to 63 characters: a line each keeps the docstring within 88 columns.
    let (title, upgrade_doc, downgrade_doc, upgrade, downgrade) = match change {
        Change::Create(f) => {
            let s = shape(f, &mut used)?;
            let title = format!(
                "Create the {} table.\n\nThe table of the {} resource.",
                s.table,
                f.name.snake()
            );
            (title, create_doc, drop_doc, s.create(), s.drop())
        }
        Change::Drop(f) => {
            let s = shape(f, &mut used)?;
            let title = format!(
                "Drop the {} table.\n\nThe {} resource was removed.",
                s.table,
                f.name.snake()
            );
            (title, drop_doc, create_doc, s.drop(), s.create())
        }
        Change::Alter(old, new) => {
            let (from, to) = (shape(old, &mut used)?, shape(new, &mut used)?);
            if from.table != to.table {
                return None;
            }
            let (up, down) = (from.alter(&to)?, to.alter(&from)?);
            let title = format!(
                "Alter the {} table.\n\nThe {} resource changed.",
                to.table,
                new.name.snake()
            );
            let up_doc = "Bring the table to the resource's new fields.".to_string();
            let down_doc = "Give the table its earlier fields back.".to_string();
            (title, up_doc, down_doc, up, down)
        }
    };
    // Only what the revision's text uses is imported.
    used.retain(|t| upgrade.contains(t) || downgrade.contains(t));
    used.sort_unstable();
    used.dedup();
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
