//! The project's own database session dependency: resources use it instead of getting
//! a `db.py` of their own.

use super::Detector;

impl Detector<'_> {
    /// The project's own session dependency: the module-level functions that yield a
    /// `Session` (cheaply filtered by their text first). One is proposed; several are
    /// named in the reason.
    pub(super) fn session_dependency(&mut self, files: &[String]) -> Option<(String, String)> {
        let mut found: Vec<(String, String)> = Vec::new();
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
        }
        let (value, at) = found.first()?.clone();
        let mut why = format!(
            "`def {}` at {at} yields a Session",
            value.rsplit('.').next().unwrap_or("")
        );
        if found.len() > 1 {
            let others: Vec<&str> = found[1..].iter().map(|(v, _)| v.as_str()).collect();
            why += &format!(" (also: {})", others.join(", "));
        }
        Some((value, why))
    }
}
