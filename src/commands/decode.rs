//! `decode PAYLOAD`: print a payload's request, validated, as text, YAML or JSON.

use std::io::Write;

use anyhow::Context as _;

use crate::error::invalid;
use crate::escape;
use crate::exit::ExitStatus;
use crate::request::{self, Request, payload};

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

/// The request as `decode --format json` prints it (and the MCP server's
/// `decode_request` returns it).
pub fn request_json(req: &Request) -> anyhow::Result<serde_json::Value> {
    serde_json::to_value(req.to_yaml()).context("cannot print the request as JSON")
}

/// The seed's "Decoded Request" block, with the endpoint and response parts when given.
pub fn text_block(req: &Request) -> String {
    let mut s = String::from("Decoded Request\n");
    s += &format!("Feature: {}\n", req.feature);
    s += &format!("Description: {}\n", indent_continuation(&req.description));
    match req.requirements.as_slice() {
        [] => s += "Requirements: none\n",
        [one] => s += &format!("Requirements: {}\n", indent_continuation(one)),
        many => {
            s += "Requirements:\n";
            for r in many {
                s += &format!("  - {}\n", indent_continuation(r));
            }
        }
    }
    if let Some(kind) = req.kind {
        s += &format!("Kind: {}\n", kind.as_str());
    }
    if let Some(e) = &req.endpoint {
        s += "Endpoint:\n";
        if let Some(m) = e.method {
            s += &format!("  Method: {}\n", m.as_str());
        }
        if let Some(p) = &e.path {
            s += &format!("  Path: {p}\n");
        }
        if let Some(t) = &e.tags {
            s += &format!("  Tags: {}\n", t.join(", "));
        }
        if let Some(summary) = &e.summary {
            s += &format!("  Summary: {summary}\n");
        }
        if let Some(code) = e.status_code {
            s += &format!("  Status code: {code}\n");
        }
        if let Some(params) = &e.params {
            s += "  Parameters:\n";
            for p in params {
                s += &format!("    - {} (in {}): {}", p.name, p.location.as_str(), p.ty);
                if let Some(d) = &p.default {
                    s += &format!(" = {} by default", d.to_json());
                }
                s += &format!(", e.g. {}", p.example.to_json());
                if let Some(d) = &p.description {
                    s += &format!("  ({d})");
                }
                s += "\n";
            }
        }
        if let Some(errors) = &e.errors {
            s += "  Errors:\n";
            for x in errors {
                s += &format!("    - {}: {}\n", x.status, x.description);
            }
        }
    }
    if let Some(b) = &req.body {
        s += "Request body:\n";
        if let Some(m) = &b.model {
            s += &format!("  Model: {m}\n");
        }
        fields_block(&mut s, &b.fields);
    }
    if let Some(r) = &req.response {
        s += "Response:\n";
        if let Some(m) = &r.model {
            s += &format!("  Model: {m}\n");
        }
        if let Some(many) = r.many {
            s += &format!("  Many: {}\n", if many { "yes (a list)" } else { "no" });
        }
        if let Some(fields) = &r.fields {
            fields_block(&mut s, fields);
        }
    }
    if let Some(r) = &req.resource {
        s += "Resource:\n";
        if let Some(p) = &r.path {
            s += &format!("  Path: {p}\n");
        }
        if let Some(id) = &r.id {
            s += &format!(
                "  Id: {} ({})\n",
                id.name.as_deref().unwrap_or("<model>_id"),
                id.ty.map_or("int", |t| t.as_str())
            );
        }
        if let Some(ops) = &r.operations {
            let ops: Vec<&str> = ops.iter().map(|o| o.as_str()).collect();
            s += &format!("  Operations: {}\n", ops.join(", "));
        }
        if let Some(t) = &r.tags {
            s += &format!("  Tags: {}\n", t.join(", "));
        }
    }
    if let Some(m) = &req.model {
        s += "Model:\n";
        if let Some(n) = &m.name {
            s += &format!("  Name: {n}\n");
        }
        fields_block(&mut s, &m.fields);
    }
    s
}

fn fields_block(s: &mut String, fields: &[crate::request::Field]) {
    *s += "  Fields:\n";
    for f in fields {
        *s += &format!("    - {}: {} = {}", f.name, f.ty, f.example.to_json());
        if let Some(d) = &f.default {
            *s += &format!(" (default {})", d.to_json());
        }
        if let Some(d) = &f.description {
            *s += &format!("  ({d})");
        }
        *s += "\n";
    }
}

/// Keeps multi-line text readable under its label.
fn indent_continuation(text: &str) -> String {
    text.replace('\n', "\n  ")
}
