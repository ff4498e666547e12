//! The project's own database code (SPEC §11b, §12): its session dependency (resources
//! use it instead of getting a `db.py` of their own), the base of its models, and its
//! Alembic config.

use super::Detector;

impl Detector<'_> {
    /// The project's own session dependency: the module-level functions that yield a
    /// `Session` (cheaply filtered by their text first). One is proposed; several are
    /// named in the reason. `Err` is the reason none is proposed, naming the generators
    /// that yield a session of a type they do not declare.
    pub(super) fn session_dependency(
        &mut self,
        files: &[String],
    ) -> Result<(String, String), String> {
        let mut found: Vec<(String, String)> = Vec::new();
        let mut unannotated: Vec<String> = Vec::new();
        for rel in files {
            let Ok(text) = crate::fsread::read_to_string(&self.root.join(rel)) else {
                continue;
            };
            if !text.contains("Session") || !text.contains("yield") {
                continue;
            }
            let Some(src) = self.source(rel) else {
                continue;
            };
            for (name, line) in &src.calls.session_functions {
                found.push((
                    format!("{}.{name}", self.module_of(rel)),
                    format!("{}:{line}", src.rel),
                ));
            }
            for (name, line) in &src.calls.unannotated_session_functions {
                unannotated.push(format!("`def {name}` at {}:{line}", src.rel));
            }
        }
        let Some((value, at)) = found.first().cloned() else {
            let mut why = "no module-level function returns Generator[Session, ...] or \
                           Iterator[Session] (resources get the database module db.py)"
                .to_string();
            if !unannotated.is_empty() {
                why = format!(
                    "{} yields a session without declaring its type: resources need a \
                     sqlmodel Session (they call `session.exec`), so name it here if it is one",
                    unannotated.join(", ")
                );
            }
            return Err(why);
        };
        let mut why = format!(
            "`def {}` at {at} yields a Session",
            value.rsplit('.').next().unwrap_or("")
        );
        if found.len() > 1 {
            let others: Vec<&str> = found[1..].iter().map(|(v, _)| v.as_str()).collect();
            why += &format!(" (also: {})", others.join(", "));
        }
        Ok((value, why))
    }

    /// The base of the project's table models: a SQLModel subclass without fields of its
    /// own that table models (`table=True`) derive from is proposed for `model_base`; a SQLAlchemy declarative
    /// base is only named (resources are SQLModel models).
    pub(super) fn model_base(&mut self, files: &[String]) -> Result<(String, String), String> {
        let mut declarative: Option<String> = None;
        for rel in files {
            let Ok(text) = crate::fsread::read_to_string(&self.root.join(rel)) else {
                continue;
            };
            if !text.contains("SQLModel")
                && !text.contains("DeclarativeBase")
                && !text.contains("declarative_base")
            {
                continue;
            }
            let Some(src) = self.source(rel) else {
                continue;
            };
            let module = self.module_of(rel);
            for c in &src.calls.classes {
                // A base of fields shared by one model (`ItemBase`) is not the project's base.
                if c.bases.iter().any(|b| b == "SQLModel") && !c.table && !c.has_fields {
                    let tables = self.files_deriving(files, &c.name);
                    if tables > 0 {
                        return Ok((
                            format!("{module}.{}", c.name),
                            format!(
                                "`class {}(SQLModel)` at {rel}:{}, which {tables} table model(s) derive from",
                                c.name, c.line
                            ),
                        ));
                    }
                }
                if declarative.is_none() && c.bases.iter().any(|b| b == "DeclarativeBase") {
                    declarative = Some(format!("{module}.{} ({rel}:{})", c.name, c.line));
                }
            }
            if declarative.is_none()
                && let Some(site) = src
                    .calls
                    .of("declarative_base")
                    .find(|s| s.target.is_some())
            {
                let var = site.target.clone().unwrap_or_default();
                declarative = Some(format!("{module}.{var} ({rel}:{})", site.line));
            }
        }
        Err(match declarative {
            Some(base) => format!(
                "the project's models derive from the SQLAlchemy declarative base {base}; \
                 resources are SQLModel models, which cannot derive from it (the default \
                 sqlmodel.SQLModel applies)"
            ),
            None => "no SQLModel base class that table models derive from (the default \
                     sqlmodel.SQLModel applies)"
                .to_string(),
        })
    }

    /// How many table models (`table=True`) in the project derive from `base`.
    fn files_deriving(&mut self, files: &[String], base: &str) -> usize {
        let mut n = 0;
        for rel in files {
            let Ok(text) = crate::fsread::read_to_string(&self.root.join(rel)) else {
                continue;
            };
            if !text.contains(base) || !text.contains("table") {
                continue;
            }
            if let Some(src) = self.source(rel) {
                n += src
                    .calls
                    .classes
                    .iter()
                    .filter(|c| c.table && c.bases.iter().any(|b| b == base))
                    .count();
            }
        }
        n
    }
}

/// The comment line about the project's Alembic config, if it has one.
pub(super) fn alembic_note(root: &std::path::Path) -> Option<String> {
    let config = crate::database_code::alembic_config(root)?;
    let alembic = crate::database_code::alembic_command(&config);
    Some(format!(
        "alembic: {config}; no config key for it: a resource added here needs a revision \
         (`{alembic} revision --autogenerate`), which petsage-build does not write yet"
    ))
}
