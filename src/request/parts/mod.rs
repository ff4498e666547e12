//! Readers of the request's parts: each checks one mapping of the YAML document and
//! says, in one line, which key is wrong and why. This module reads the scalars and
//! top-level keys every part uses; `endpoint` (with the body and the response),
//! `resource` (with the model) and `fields` (and names) read the rest.

mod endpoint;
mod fields;
mod resource;

use serde_yaml::{Mapping, Value};

use super::keys::{Entries, describe};
use super::model::Kind;

pub(in crate::request) use endpoint::{
    BODY_KEYS, ENDPOINT_KEYS, ERROR_KEYS, PARAM_KEYS, RESPONSE_KEYS, body, endpoint, path_params,
    response,
};
pub(in crate::request) use fields::FIELD_KEYS;
pub(in crate::request) use resource::{ID_KEYS, MODEL_KEYS, RESOURCE_KEYS, model, resource};

pub(in crate::request) const MAX_DESCRIPTION: usize = 2000;
pub(in crate::request) const MAX_LINE: usize = 200;

pub(in crate::request) fn put(m: &mut Mapping, key: &str, value: Value) {
    m.insert(Value::from(key), value);
}

pub(in crate::request) fn strings(items: &[String]) -> Value {
    Value::Sequence(items.iter().cloned().map(Value::String).collect())
}

pub(in crate::request) fn describe_kind(kind: Option<Kind>) -> &'static str {
    match kind {
        Some(Kind::Resource) => "a resource",
        _ => "an endpoint",
    }
}

/// A scalar string; numbers and booleans are refused so that `feature: 123` is caught.
pub(in crate::request) fn string(e: &Entries, key: &str, value: &Value) -> Result<String, String> {
    value.as_str().map(str::to_string).ok_or_else(|| {
        format!(
            "'{}' must be a string, found {}",
            e.qualify(key),
            describe(value)
        )
    })
}

/// Free text: trimmed, non-empty, at most `max` characters.
pub(in crate::request) fn text(
    e: &Entries,
    key: &str,
    value: &Value,
    max: usize,
) -> Result<String, String> {
    let s = string(e, key, value)?.trim().to_string();
    check_text(&e.qualify(key), &s, max)?;
    Ok(s)
}

pub(in crate::request) fn check_text(what: &str, s: &str, max: usize) -> Result<(), String> {
    if s.is_empty() {
        return Err(format!("'{what}' is empty"));
    }
    let n = s.chars().count();
    if n > max {
        return Err(format!(
            "'{what}' is {n} characters long; the limit is {max}"
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
    {
        return Err(format!("'{what}' contains the control character {c:?}"));
    }
    Ok(())
}

/// One line of text: no line breaks.
pub(in crate::request) fn line(e: &Entries, key: &str, value: &Value) -> Result<String, String> {
    let s = text(e, key, value, MAX_LINE)?;
    if s.contains(['\n', '\r']) {
        return Err(format!("'{}' must be a single line", e.qualify(key)));
    }
    Ok(s)
}

pub(in crate::request) fn boolean(e: &Entries, key: &str, value: &Value) -> Result<bool, String> {
    value.as_bool().ok_or_else(|| {
        format!(
            "'{}' must be true or false, found {}",
            e.qualify(key),
            describe(value)
        )
    })
}

pub(in crate::request) fn number(
    e: &Entries,
    key: &str,
    value: &Value,
    range: (u16, u16),
) -> Result<u16, String> {
    value
        .as_u64()
        .and_then(|n| u16::try_from(n).ok())
        .filter(|n| (range.0..=range.1).contains(n))
        .ok_or_else(|| {
            format!(
                "'{}' must be an HTTP status from {} to {}, found {}",
                e.qualify(key),
                range.0,
                range.1,
                match value {
                    Value::Number(n) => n.to_string(),
                    other => describe(other).to_string(),
                }
            )
        })
}

pub(in crate::request) fn requirements(value: &Value) -> Result<Vec<String>, String> {
    let items: Vec<String> = match value {
        Value::String(s) if s.trim().eq_ignore_ascii_case("none") => Vec::new(),
        Value::String(s) => vec![s.clone()],
        Value::Sequence(items) => items
            .iter()
            .map(|v| {
                v.as_str().map(str::to_string).ok_or_else(|| {
                    format!(
                        "'requirements' items must be strings, found {}",
                        describe(v)
                    )
                })
            })
            .collect::<Result<_, _>>()?,
        other => {
            return Err(format!(
                "'requirements' must be none, a string or a list of strings, found {}",
                describe(other)
            ));
        }
    };
    items
        .into_iter()
        .map(|s| {
            let s = s.trim().to_string();
            check_text("requirements", &s, MAX_DESCRIPTION)?;
            Ok(s)
        })
        .collect()
}

pub(in crate::request) fn mapping<'a>(key: &str, value: &'a Value) -> Result<&'a Mapping, String> {
    match value {
        Value::Mapping(m) => Ok(m),
        other => Err(format!(
            "'{key}' must be a mapping, found {}",
            describe(other)
        )),
    }
}

pub(in crate::request) fn sequence<'a>(key: &str, value: &'a Value) -> Result<&'a [Value], String> {
    match value {
        Value::Sequence(items) => Ok(items),
        other => Err(format!("'{key}' must be a list, found {}", describe(other))),
    }
}

pub(in crate::request) fn kind(e: &Entries, value: &Value) -> Result<Kind, String> {
    // Any case, as endpoint.method.
    match string(e, "kind", value)?.to_ascii_lowercase().as_str() {
        "endpoint" => Ok(Kind::Endpoint),
        "resource" => Ok(Kind::Resource),
        other => Err(format!(
            "kind '{}' is not one of endpoint, resource",
            other.chars().take(20).collect::<String>()
        )),
    }
}

pub(in crate::request) fn tags(e: &Entries) -> Result<Option<Vec<String>>, String> {
    Ok(match e.get("tags") {
        Some(Value::Sequence(items)) => Some(
            items
                .iter()
                .map(|t| line(e, "tags", t))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(v @ Value::String(_)) => Some(vec![line(e, "tags", v)?]),
        Some(other) => {
            return Err(format!(
                "'{}' must be a list of strings, found {}",
                e.qualify("tags"),
                describe(other)
            ));
        }
        None => None,
    })
}
