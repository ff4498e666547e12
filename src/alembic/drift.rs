//! Model/migration drift (SPEC §14, `check`): what a resource's table model has that no
//! revision creates, read offline from the revisions' text, as `makemigrations --check`
//! answers without a database. A revision creates a part when its text names it: a
//! column by `Column("name"`, an index, unique constraint or foreign key by the naming
//! convention's name, or (where a project's metadata has no convention) by the columns
//! its constraint lists. A part a later revision drops again still counts: the check
//! never reports what is there, only what is missing.

use crate::request::{Feature, table_of};

/// The parts of a resource's table, each with the texts of which any one shows a
/// revision makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub table: String,
    parts: Vec<(String, Vec<String>)>,
}

/// Both quotings Alembic's revisions use (ours, ruff's: `"`; Alembic's own: `'`).
fn quoted(before: &str, name: &str, after: &str) -> [String; 2] {
    [
        format!("{before}\"{name}\"{after}"),
        format!("{before}'{name}'{after}"),
    ]
}

impl Expected {
    /// The parts of `feature`'s table; `None` for a feature that is not a resource.
    pub fn of(feature: &Feature) -> Option<Expected> {
        let r = feature.resource.as_ref()?;
        let table = table_of(&r.model);
        let mut parts = Vec::new();
        let mut columns = vec!["id".to_string()];
        columns.extend(r.columns().map(|f| f.name.clone()));
        if r.timestamps {
            columns.extend(["created_at".to_string(), "updated_at".to_string()]);
        }
        for c in &columns {
            parts.push((format!("column '{c}'"), quoted("Column(", c, ",").to_vec()));
        }
        for f in r.columns() {
            let c = &f.constraints;
            let name = &f.name;
            if c.index {
                parts.push((
                    format!("the index on '{name}'"),
                    vec![format!("ix_{table}_{name}")],
                ));
            } else if c.unique {
                let mut any = vec![format!("uq_{table}_{name}")];
                any.extend(quoted("UniqueConstraint(", name, ""));
                parts.push((format!("the unique constraint on '{name}'"), any));
            }
            let owner = r.owner_field().is_some_and(|o| o.name == f.name);
            if f.references.is_some() || owner {
                let mut any = vec![format!("fk_{table}_{name}_")];
                any.extend(quoted("ForeignKeyConstraint([", name, "]"));
                let key = match f.references.as_ref().map(|r| &r.to) {
                    Some(crate::request::Referenced::Table { column, .. }) => column.as_str(),
                    _ => "id",
                };
                any.extend(quoted("[", name, &format!("], [\"{key}\"]")));
                any.extend(quoted("[", name, &format!("], ['{key}']")));
                parts.push((format!("the reference of '{name}'"), any));
            }
        }
        Some(Expected { table, parts })
    }

    /// What no revision in `revisions` (their texts) creates: the whole table when none
    /// names it, else each missing part.
    pub fn missing(&self, revisions: &[String]) -> Vec<String> {
        let about: Vec<&String> = revisions
            .iter()
            .filter(|t| {
                quoted("", &self.table, "")
                    .iter()
                    .any(|q| t.contains(q.as_str()))
            })
            .collect();
        if about.is_empty() {
            return vec![format!("the table '{}'", self.table)];
        }
        self.parts
            .iter()
            .filter(|(_, any)| {
                !any.iter()
                    .any(|m| about.iter().any(|t| t.contains(m.as_str())))
            })
            .map(|(what, _)| what.clone())
            .collect()
    }
}
