//! A request as `decode` shows it: the text block and the JSON data (the MCP server's
//! `decode_request` returns both).

use anyhow::Context as _;

use crate::request::Request;

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
                let place = match &p.alias {
                    Some(header) => format!("in header {header}"),
                    None => format!("in {}", p.location.as_str()),
                };
                s += &format!("    - {} ({place}): {}", p.name, p.ty);
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
