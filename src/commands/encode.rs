//! `encode FILE`: validate a request file and print its canonical payload.

use std::io::Write;

use crate::exit::ExitStatus;
use crate::request;

pub fn run(file: &str, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let req = request::from_file(file)?;
    if let Some(given) = req.feature.normalised_from() {
        eprintln!(
            "note: feature name '{}' normalised to '{}'",
            crate::escape::line(given),
            req.feature
        );
    }
    writeln!(out, "{}", request::to_payload(&req)?)?;
    Ok(ExitStatus::Success)
}
