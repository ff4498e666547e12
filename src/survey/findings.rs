//! Findings: what `check` reports, one per problem, with a stable code (E001–E009,
//! N001), a severity and a place (a path relative to the root, a line where known).

/// How much a finding matters: errors fail `check`, notes only inform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Note,
}

impl Severity {
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Note => "note",
        }
    }
}

/// The kind of a finding. The codes are stable: CI configurations may refer to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    /// E001: an endpoint module that the aggregator does not import and include.
    Unregistered,
    /// E002: the aggregator registers an endpoint module that does not exist.
    RegisteredMissing,
    /// E003: a feature without its schema, service, endpoint, test or doc.
    MissingPart,
    /// E004: the aggregator's router is not imported and included in the main app.
    MainNotWired,
    /// E005: the aggregator or the main app is not valid Python (or not UTF-8).
    InvalidPython,
    /// E006: features exist but the aggregator does not.
    AggregatorMissing,
    /// E007: a record whose files are all gone.
    StaleRecord,
    /// E008: a record that cannot be read.
    BadRecord,
    /// E009: a run that writes was interrupted (its journal is there).
    Interrupted,
    /// N001: a generated file edited since it was generated.
    Edited,
}

impl Code {
    pub fn id(self) -> &'static str {
        match self {
            Code::Unregistered => "E001",
            Code::RegisteredMissing => "E002",
            Code::MissingPart => "E003",
            Code::MainNotWired => "E004",
            Code::InvalidPython => "E005",
            Code::AggregatorMissing => "E006",
            Code::StaleRecord => "E007",
            Code::BadRecord => "E008",
            Code::Interrupted => "E009",
            Code::Edited => "N001",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Code::Edited => Severity::Note,
            _ => Severity::Error,
        }
    }
}

/// One finding: what, where (a path relative to the root, a line where there is one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Finding {
    pub(super) fn new(code: Code, path: &str, message: impl Into<String>) -> Finding {
        // One finding is one line in every format, whatever an underlying error says.
        let message: String = message.into();
        Finding {
            code,
            path: path.to_string(),
            line: None,
            column: None,
            message: message.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    pub(super) fn at(mut self, line: usize) -> Finding {
        self.line = Some(line);
        self
    }
}
