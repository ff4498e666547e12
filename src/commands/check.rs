//! `check [--format text|json|github]`: the CI scaffolding check (SPEC §8). Exit 1 when
//! any finding is an error; notes never fail the run.

use std::io::Write;
use std::path::Path;

use crate::exit::ExitStatus;
use crate::survey;

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

pub fn run(
    root: Option<&Path>,
    format: CheckFormat,
    quiet: bool,
    color: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let survey = crate::ops::check::findings(root)?;
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
