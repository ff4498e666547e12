//! `decode PAYLOAD`: print a payload's request, validated, as text, YAML or JSON.

use std::io::Write;

use anyhow::Context as _;

use crate::error::invalid;
use crate::escape;
use crate::exit::ExitStatus;
use crate::ops::decode::{request_json, text_block};
use crate::request::{self, payload};

/// How a request is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RequestFormat {
    Text,
    Yaml,
    Json,
}

pub fn run(
    payload_arg: &str,
    format: RequestFormat,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let text = if payload_arg == "-" {
        let bytes = request::read_input("-", payload::MAX_PAYLOAD_TEXT, "the payload")?;
        String::from_utf8(bytes).map_err(|_| invalid("invalid base64: the payload is not text"))?
    } else {
        payload_arg.to_string()
    };
    let req = request::from_payload(&text)?;
    if let Some(given) = req.feature.normalised_from() {
        eprintln!(
            "note: feature name '{}' normalised to '{}'",
            escape::line(given),
            req.feature
        );
    }
    match format {
        RequestFormat::Text => out.write_all(escape::text(&text_block(&req)).as_bytes())?,
        RequestFormat::Yaml => {
            out.write_all(escape::text(&request::to_yaml_text(&req)?).as_bytes())?;
        }
        RequestFormat::Json => {
            let json = serde_json::to_string_pretty(&request_json(&req)?)
                .context("cannot print the request as JSON")?;
            writeln!(out, "{}", escape::json(&json))?;
        }
    }
    Ok(ExitStatus::Success)
}
