//! `check [--format text|json|github]`: the CI scaffolding check (SPEC §8). Exit 1 when
//! any finding is an error; notes never fail the run.

use std::io::Write;
use std::path::Path;

use crate::exit::ExitStatus;
use crate::survey;
use crate::{journal, lock};

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CheckFormat {
    /// `error[E001] path:line: message`, then a summary line
    #[default]
    Text,
    /// One JSON object with the counts and every finding
    Json,
    /// GitHub Actions workflow annotations (`::error file=…,line=…::…`)
    Github,
}

/// An interrupted run, as an error finding. `check` only reads: it does not roll back,
/// and takes the project lock shared, only when a journal is there, so that the journal
/// of a run still going (which holds the lock exclusively) is not taken for an
/// interrupted one.
fn interrupted(root: &Path) -> anyhow::Result<Option<survey::Finding>> {
    if !journal::exists_not_linked(root)? {
        return Ok(None);
    }
    let _shared = lock::acquire_shared(root, lock::WAIT)?;
    Ok(journal::exists(root).then(|| survey::Finding {
        code: survey::Code::Interrupted,
        path: journal::PATH.to_string(),
        line: None,
        column: None,
        message: "a petsage-build run was interrupted part-way and the tree is \
                  half-written; run `petsage-build list` (or any feature, remove or init) \
                  to roll it back"
            .to_string(),
    }))
}

pub fn run(
    root: Option<&Path>,
    format: CheckFormat,
    quiet: bool,
    color: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let survey = findings(root)?;
    let text = match format {
        CheckFormat::Text => survey::check_text(&survey, color),
        CheckFormat::Json => survey::check_json(&survey),
        CheckFormat::Github => survey::check_github(&survey),
    };
    // Quiet keeps the findings that fail the run: CI logs need them.
    if !quiet || survey.errors() > 0 {
        out.write_all(text.as_bytes())?;
    }
    Ok(if survey.errors() > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// What `check` finds in the project, printing nothing (the MCP server's `check` too).
pub fn findings(root: Option<&Path>) -> anyhow::Result<survey::Survey> {
    let (project, _) = super::open_project(root)?;
    let identities = project.templates_identities();
    Ok(match interrupted(&project.root)? {
        // The tree is half-written: any other finding would describe that state.
        Some(finding) => survey::Survey {
            features: Vec::new(),
            findings: vec![finding],
        },
        None => survey::survey(&project.root, project.layout(), &|recorded| {
            identities.of(recorded)
        })?,
    })
}
