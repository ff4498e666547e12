//! Feature requests: reading them from payloads and files, strictly and helpfully.
//!
//! Stage one (`model`) is the request as given, validated; stage two (`resolve`) fills
//! in the defaults the plans need.

mod constraints;
mod example;
mod field;
mod keys;
mod listing;
mod model;
mod owner;
mod parts;
pub mod payload;
mod print;
mod read;
mod reference;
mod resolve;
mod route;
mod schema;
mod tables;

use std::io::Read;
use std::path::Path;

use anyhow::Context as _;
use serde::Deserialize as _;

pub use constraints::{Bound, Constraints};
pub use example::Example;
pub(crate) use example::datetime_parts;
pub use field::{FieldType, Scalar};
pub use listing::{Filter, Listing, Order};
pub use model::{
    BodySpec, EndpointSpec, ErrorSpec, Field, IdSpec, IdType, Kind, Method, ModelSpec, Operation,
    Param, ParamIn, Request, ResourceSpec, ResponseSpec, TIMESTAMPS,
};
pub use owner::{OWNER_FIELD, Owner};
pub use reference::{
    OnDelete, Parent, Reference, Referenced, RelationClash, Target, relation_clash, relation_of,
};
pub use resolve::{Body, CURRENT_USER, Feature, Override, Resource, RouterDependencies};
pub use route::{Route, check_reachable, check_unique as check_route_unique};
pub use schema::request_schema;
pub use tables::{check_tables_unique, table_of};

use crate::error::invalid;

/// The built-in request for `name`, if there is one.
pub fn preset(name: &str) -> Option<Request> {
    match name {
        "smoke_test" => Request::from_yaml(&smoke_test()).ok(),
        _ => None,
    }
}

/// The seed's request, `examples/smoke_test.yaml`, as the document its YAML reads to
/// (built directly: no YAML parser on the way of `feature smoke_test`; a test checks
/// that the two stay the same).
fn smoke_test() -> serde_yaml::Value {
    use serde_yaml::{Mapping, Value};
    fn map<const N: usize>(entries: [(&str, Value); N]) -> Value {
        Value::Mapping(
            entries
                .into_iter()
                .map(|(k, v)| (Value::from(k), v))
                .collect::<Mapping>(),
        )
    }
    let field = |name: &str, example: &str, description: &str| {
        map([
            ("name", name.into()),
            ("type", "str".into()),
            ("example", example.into()),
            ("description", description.into()),
        ])
    };
    map([
        ("feature", "smoke_test".into()),
        ("description", "Ensure builder functional".into()),
        ("requirements", "none".into()),
        (
            "endpoint",
            map([
                ("method", "GET".into()),
                ("path", "/smoke-test".into()),
                ("tags", Value::Sequence(vec!["System Health".into()])),
                ("summary", "Perform a system smoke test".into()),
            ]),
        ),
        (
            "response",
            map([
                ("model", "SmokeTestResponse".into()),
                (
                    "fields",
                    Value::Sequence(vec![
                        field("status", "ok", "The operational status of the service."),
                        field(
                            "message",
                            "PetSage Backend Builder is functional!",
                            "A confirmation message from the service.",
                        ),
                    ]),
                ),
            ]),
        ),
    ])
}

/// Parses and validates request text (YAML or JSON).
pub fn parse_yaml(text: &str) -> anyhow::Result<Request> {
    if text.len() > payload::MAX_REQUEST_BYTES {
        return Err(invalid(payload::too_large(text.len() as u64, false)));
    }
    // JSON is YAML, but not to serde_yaml in every detail: it refuses the surrogate-pair
    // escapes (`"\ud83d\udc36"`) that Python's json.dumps writes for anything outside
    // the BMP, and raw C1 characters. A document that reads as JSON is taken as JSON
    // (into the same value type, duplicate keys still refused); anything else is YAML.
    let json = text.trim_start().starts_with('{').then(|| {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_yaml::Value::deserialize(&mut de).and_then(|v| de.end().map(|()| v))
    });
    let json_error = match json {
        Some(Ok(doc)) => return Ok(Request::from_yaml(&doc)?),
        Some(Err(e)) => Some(e),
        None => None,
    };
    let doc: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        // Text meant as JSON (a quoted first key) gets the JSON parser's error.
        if let Some(j) = &json_error
            && text.trim_start()[1..].trim_start().starts_with('"')
        {
            let msg = j.to_string();
            let what = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            return invalid(format!(
                "invalid JSON at line {}, column {}: {what}",
                j.line(),
                j.column()
            ));
        }
        let msg = e.to_string();
        // serde_yaml appends "at line L column C" itself; keep only its first clause.
        let what = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        match e.location() {
            Some(l) => invalid(format!(
                "invalid YAML at line {}, column {}: {what}",
                l.line(),
                l.column()
            )),
            None => invalid(format!("invalid YAML: {what}")),
        }
    })?;
    Ok(Request::from_yaml(&doc)?)
}

/// Decodes and validates a payload.
pub fn from_payload(text: &str) -> anyhow::Result<Request> {
    let bytes = payload::decode(text)?;
    let text = payload::utf8(&bytes)?;
    parse_yaml(text)
}

/// The canonical payload of a request: standard base64 of its canonical YAML.
pub fn to_payload(request: &Request) -> anyhow::Result<String> {
    Ok(payload::encode(to_yaml_text(request)?.as_bytes()))
}

/// The canonical YAML text of a request.
pub fn to_yaml_text(request: &Request) -> anyhow::Result<String> {
    serde_yaml::to_string(&request.to_yaml()).context("cannot print the request as YAML")
}

/// How far past a limit standard input is read to say how large it was.
const MEASURE_CAP: u64 = 64 * 1024 * 1024;

/// Reads at most `limit` bytes of `source` (`-` is standard input); more is an error that
/// gives the real size (a file's length; standard input read on up to 64 MiB). With the
/// limit `payload::MAX_PAYLOAD_TEXT` the input is base64, and the size reported is that
/// of the request it decodes to.
pub fn read_input(source: &str, limit: usize, what: &str) -> anyhow::Result<Vec<u8>> {
    let cannot = |e: std::io::Error| {
        let from = if source == "-" {
            "standard input".to_string()
        } else {
            source.to_string()
        };
        invalid(format!("cannot read {what} from {from}: {e}"))
    };
    // A regular file's length is its size; the length of anything else (standard input,
    // a pipe, a device such as /dev/zero) says nothing, so that is measured by reading.
    let (mut reader, length): (Box<dyn Read>, Option<u64>) = if source == "-" {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let file = std::fs::File::open(Path::new(source)).map_err(cannot)?;
        let length = file
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|m| m.len());
        (Box::new(file), length)
    };
    let mut buf = Vec::new();
    (&mut reader)
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(cannot)?;
    if buf.len() > limit {
        let read = buf.len() as u64;
        let (total, at_least) = match length.filter(|&n| n >= read) {
            Some(n) => (n, false),
            None => match std::io::copy(&mut reader.take(MEASURE_CAP), &mut std::io::sink()) {
                Ok(rest) => (read + rest, rest >= MEASURE_CAP),
                Err(_) => (read, true),
            },
        };
        let request = if limit == payload::MAX_PAYLOAD_TEXT {
            total / 4 * 3
        } else {
            total
        };
        return Err(invalid(payload::too_large(request, at_least)));
    }
    Ok(buf)
}

/// Reads a request file (`-` for standard input).
pub fn from_file(source: &str) -> anyhow::Result<Request> {
    let bytes = read_input(source, payload::MAX_REQUEST_BYTES, "the request")?;
    let text = payload::utf8(&bytes)?;
    parse_yaml(text)
}

/// The requests of a YAML/JSON file (or `-`): one, or several YAML documents separated
/// by `---` lines (a data model in one file), each validated as a request. An empty
/// document (a trailing `---`) is none. Errors name the document by its number.
pub fn from_file_all(source: &str) -> anyhow::Result<Vec<Request>> {
    let bytes = read_input(source, payload::MAX_REQUEST_BYTES, "the request")?;
    let text = payload::utf8(&bytes)?;
    // One document (JSON included) is read as it always was, errors and all.
    if !text.lines().any(|l| l.starts_with("---")) {
        return Ok(vec![parse_yaml(text)?]);
    }
    let mut docs = Vec::new();
    for doc in serde_yaml::Deserializer::from_str(text) {
        match serde_yaml::Value::deserialize(doc) {
            Ok(serde_yaml::Value::Null) => {}
            Ok(value) => docs.push(value),
            // One document that is not YAML: the one-document reader says where.
            Err(_) if docs.is_empty() => return Ok(vec![parse_yaml(text)?]),
            Err(e) => {
                let at = e
                    .location()
                    .map_or_else(String::new, |l| format!(" at line {}", l.line()));
                let msg = e.to_string();
                let what = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                return Err(invalid(format!(
                    "{source}: invalid YAML in request {}{at}: {what}",
                    docs.len() + 1
                )));
            }
        }
    }
    if docs.is_empty() {
        return Err(invalid(format!("{source} holds no request")));
    }
    let many = docs.len() > 1;
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            Request::from_yaml(doc).map_err(|e| {
                if many {
                    invalid(format!("{source}, request {}: {e}", i + 1))
                } else {
                    e.into()
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod preset_tests {
    #[test]
    fn the_smoke_test_preset_is_the_example_file() {
        let text = include_str!("../../examples/smoke_test.yaml");
        let doc: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(super::smoke_test(), doc);
        assert_eq!(
            super::preset("smoke_test"),
            Some(super::parse_yaml(text).unwrap())
        );
    }
}
