//! What is known about one feature (`FeatureState`, its five `Part`s) and about all of
//! them (`Survey`): what `check` and `list` report.

use super::findings::{Finding, Severity};
use crate::layout::FeatureFiles;

/// The five parts of a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Schema,
    Service,
    Endpoint,
    Test,
    Doc,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Schema,
        Part::Service,
        Part::Endpoint,
        Part::Test,
        Part::Doc,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Part::Schema => "schema",
            Part::Service => "service",
            Part::Endpoint => "endpoint",
            Part::Test => "test",
            Part::Doc => "doc",
        }
    }

    pub fn path(self, files: &FeatureFiles) -> &str {
        match self {
            Part::Schema => &files.schema,
            Part::Service => &files.service,
            Part::Endpoint => &files.endpoint,
            Part::Test => &files.test,
            Part::Doc => &files.doc,
        }
    }
}

/// What is known about one feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureState {
    pub name: String,
    /// There is a record of it in `.petsage-build/`.
    pub recorded: bool,
    /// An endpoint module of a project that records its features, without a record of
    /// its own: written by hand, so only its registration is checked, not its parts.
    pub hand_written: bool,
    /// Parts whose file does not exist.
    pub missing: Vec<Part>,
    /// The aggregator imports it from the endpoints package.
    pub imported: bool,
    /// The aggregator includes `<name>.router` on its router.
    pub included: bool,
    /// Generated files whose bytes differ from the record's hash.
    pub edited: Vec<String>,
}

impl FeatureState {
    pub fn wired(&self) -> bool {
        self.imported && self.included
    }

    pub fn complete(&self) -> bool {
        self.missing.is_empty() && self.wired()
    }

    /// Short words for `list`: `complete`, `missing schema, doc`, `unwired`, `edited`...
    pub fn states(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.hand_written {
            out.push("hand-written".to_string());
        } else if self.complete() {
            out.push("complete".to_string());
        }
        if !self.missing.is_empty() {
            let parts: Vec<&str> = self.missing.iter().map(|p| p.word()).collect();
            out.push(format!("missing {}", parts.join(", ")));
        }
        match (self.imported, self.included) {
            (true, true) => {}
            (false, false) => out.push("unwired".to_string()),
            (true, false) => out.push("not included".to_string()),
            (false, true) => out.push("not imported".to_string()),
        }
        if !self.edited.is_empty() {
            out.push("edited".to_string());
        }
        if !self.recorded && !self.hand_written {
            out.push("no record".to_string());
        }
        out
    }
}

/// Everything `check` and `list` report.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    /// Sorted by name.
    pub features: Vec<FeatureState>,
    /// Sorted by path, line and code.
    pub findings: Vec<Finding>,
}

impl Survey {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn notes(&self) -> usize {
        self.count(Severity::Note)
    }

    pub(super) fn count(&self, s: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.code.severity() == s)
            .count()
    }
}
