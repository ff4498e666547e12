//! A JSON Schema (2020-12) of the `[tool.petsage-build]` table, for editors' TOML support
//! (taplo / Even Better TOML scope it to the table with a rule) and CI:
//! `petsage-build schema config`. Built from the key table the reader checks against, so
//! a key the tool reads is a key the schema allows, and no other; a test keeps the copy in
//! `schemas/config.schema.json` current.
//!
//! The patterns use only what both ECMA-262 and Rust's `regex` accept (no look-around):
//! editors run them with either. They are a first check; the tool stays the authority
//! (it also refuses, say, a keyword as one part of a module path).

use serde_json::{Value as Json, json};

use super::keys::{KEYS, Kind};
use crate::naming::is_python_keyword;
use crate::pyrules::{KEYWORDS, SOFT_KEYWORDS};

/// A URL path segment of plain characters that is neither `.` nor `..`.
const URL_PART: &str =
    r"([A-Za-z0-9_~-][A-Za-z0-9._~-]*|\.[A-Za-z0-9_~-][A-Za-z0-9._~-]*|\.\.[A-Za-z0-9._~-]+)";

const IDENT: &str = "[A-Za-z_][A-Za-z0-9_]*";

/// A path part that is neither `.` nor `..` nor empty, without separators.
const PART: &str = r"([^/\\.][^/\\]*|\.[^/\\.][^/\\]*|\.\.[^/\\]+)";

/// The schema of `[tool.petsage-build]`.
pub fn config_schema() -> Json {
    let mut properties = serde_json::Map::new();
    for key in KEYS {
        let mut def = kind_schema(key.kind);
        if let Json::Object(map) = &mut def {
            map.insert("description".into(), key.doc.into());
        }
        properties.insert(key.name.into(), def);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "[tool.petsage-build]",
        "description": "petsage-build's configuration, in pyproject.toml. Every key is \
            optional; paths are relative to the project root (the directory of \
            pyproject.toml).",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

fn kind_schema(kind: Kind) -> Json {
    let relative = format!(r"^{PART}([/\\]{PART})*[/\\]?$");
    match kind {
        Kind::Identifier => json!({
            "type": "string",
            "pattern": format!("^{IDENT}$"),
            "not": {"enum": keywords()},
        }),
        Kind::Module => json!({
            "type": "string",
            "pattern": format!(r"^({IDENT}[/\\])*{IDENT}\.py$"),
        }),
        Kind::Package => json!({
            "type": "string",
            "pattern": format!(r"^{IDENT}([/\\]{IDENT})*[/\\]?$"),
        }),
        Kind::Dir => json!({"type": "string", "pattern": relative}),
        Kind::ImportRoot => json!({
            "type": "string",
            "anyOf": [{"enum": ["", "."]}, {"pattern": relative}],
        }),
        Kind::Pattern { ext } => json!({
            "type": "string",
            "allOf": [
                {"pattern": r"^[^{}]*\{name\}[^{}]*$"},
                {"pattern": format!(r"^{PART}([/\\]{PART})*$")},
                {"pattern": format!("{}$", regex_escape(ext))},
            ],
        }),
        Kind::UrlPrefix => json!({
            "type": "string",
            // A segment may be a path parameter, `{organization}` (SPEC §11b).
            "pattern": format!(r"^(/({URL_PART}|\{{{IDENT}\}}))*$"),
        }),
        Kind::Dotted => json!({
            "type": "string",
            "pattern": format!(r"^{IDENT}(\.{IDENT})+$"),
        }),
        Kind::Bool => json!({"type": "boolean", "default": true}),
        Kind::Attribute => attribute(),
        Kind::Dependencies => json!({
            "type": "object",
            "propertyNames": {"pattern": format!("^{IDENT}$")},
            "additionalProperties": attribute(),
        }),
    }
}

/// `module:attr`, as `values::attribute` reads it.
fn attribute() -> Json {
    json!({
        "type": "string",
        "pattern": format!(r"^{IDENT}(\.{IDENT})*:{IDENT}$"),
    })
}

/// The words an identifier key refuses, as the reader decides them.
fn keywords() -> Vec<String> {
    let mut words: Vec<String> = KEYWORDS
        .iter()
        .chain(SOFT_KEYWORDS)
        .flat_map(|k| [k.to_string(), k.to_lowercase()])
        .filter(|k| is_python_keyword(k))
        .collect();
    words.sort();
    words.dedup();
    words
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let escape = !c.is_ascii_alphanumeric();
            escape.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_described_property() {
        let schema = config_schema();
        let props = schema["properties"].as_object().unwrap();
        assert_eq!(props.len(), KEYS.len());
        for key in KEYS {
            assert!(props[key.name]["description"].is_string(), "{}", key.name);
        }
    }

    #[test]
    fn identifier_keys_refuse_what_the_reader_refuses() {
        let words = keywords();
        for w in ["class", "match", "None", "none", "type"] {
            assert!(words.contains(&w.to_string()), "{w}");
        }
        assert!(!words.contains(&"_".to_string()));
    }
}
