//! `schema request|config`: the JSON Schema of request files or of `[tool.petsage-build]`,
//! for editors and CI.

use std::io::Write;

use anyhow::Context as _;

use crate::exit::ExitStatus;

/// Which schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// A feature request (`--request FILE`, `encode FILE`)
    Request,
    /// The `[tool.petsage-build]` table of pyproject.toml
    Config,
}

pub fn run(kind: SchemaKind, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let schema = match kind {
        SchemaKind::Request => crate::request::request_schema(),
        SchemaKind::Config => crate::config::config_schema(),
    };
    let text = serde_json::to_string_pretty(&schema).context("cannot print the schema")?;
    writeln!(out, "{text}")?;
    Ok(ExitStatus::Success)
}
