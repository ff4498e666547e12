//! The feature request (SPEC §2): parsed strictly from YAML, printed canonically, and
//! resolved with its defaults for the builder.

use serde_yaml::{Mapping, Value};

use super::field::{Example, FieldType};
use super::keys::{Entries, describe};
use crate::naming::{FeatureName, is_python_keyword};

const TOP_KEYS: &[&str] = &[
    "feature",
    "description",
    "requirements",
    "endpoint",
    "response",
];
const ENDPOINT_KEYS: &[&str] = &["method", "path", "tags", "summary"];
const RESPONSE_KEYS: &[&str] = &["model", "fields"];
const FIELD_KEYS: &[&str] = &["name", "type", "example", "description"];

const MAX_DESCRIPTION: usize = 2000;
const MAX_LINE: usize = 200;
const MAX_FIELDS: usize = 100;

/// A request as given: optional parts stay `None` so that printing it back and reading
/// it again yields the same request (decode ∘ encode = id).
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub feature: FeatureName,
    pub description: String,
    pub requirements: Vec<String>,
    pub endpoint: Option<EndpointSpec>,
    pub response: Option<ResponseSpec>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EndpointSpec {
    pub method: Option<Method>,
    pub path: Option<String>,
    pub tags: Option<Vec<String>>,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResponseSpec {
    pub model: Option<String>,
    pub fields: Option<Vec<Field>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub ty: FieldType,
    pub example: Example,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    fn parse(text: &str) -> Result<Method, String> {
        match text.to_ascii_uppercase().as_str() {
            "GET" => Ok(Method::Get),
            "POST" => Ok(Method::Post),
            "PUT" => Ok(Method::Put),
            "PATCH" => Ok(Method::Patch),
            "DELETE" => Ok(Method::Delete),
            _ => Err(format!(
                "endpoint.method '{}' is not one of GET, POST, PUT, PATCH, DELETE",
                text.chars().take(20).collect::<String>()
            )),
        }
    }
}

impl Request {
    /// Validates a parsed YAML document as a request. Errors are one line naming the key.
    pub fn from_yaml(doc: &Value) -> Result<Request, String> {
        let Value::Mapping(map) = doc else {
            return Err(format!(
                "request must be a YAML mapping, found {}",
                describe(doc)
            ));
        };
        let top = Entries::read(map, "", TOP_KEYS)?;
        let feature_text = string(&top, "feature", top.require("feature")?)?;
        let feature = FeatureName::parse(&feature_text)?;
        let description = text(
            &top,
            "description",
            top.require("description")?,
            MAX_DESCRIPTION,
        )?;
        let requirements = match top.get("requirements") {
            None => Vec::new(),
            Some(v) => requirements(v)?,
        };
        let endpoint = top.get("endpoint").map(endpoint).transpose()?;
        let response = top.get("response").map(response).transpose()?;
        Ok(Request {
            feature,
            description,
            requirements,
            endpoint,
            response,
        })
    }

    /// The request for a bare name: every optional part left to its default.
    pub fn named(feature: FeatureName) -> Request {
        Request {
            description: format!("The {} feature.", feature.title()),
            feature,
            requirements: Vec::new(),
            endpoint: None,
            response: None,
        }
    }

    /// The same request with another description (`--description`), validated.
    pub fn with_description(mut self, description: &str) -> Result<Request, String> {
        let d = description.trim();
        check_text("description", d, MAX_DESCRIPTION)?;
        self.description = d.to_string();
        Ok(self)
    }

    /// The canonical YAML form: keys in SPEC order, lower case, only what was given.
    pub fn to_yaml(&self) -> Value {
        let mut m = Mapping::new();
        put(&mut m, "feature", self.feature.snake().into());
        put(&mut m, "description", self.description.clone().into());
        let requirements = if self.requirements.is_empty() {
            Value::from("none")
        } else {
            strings(&self.requirements)
        };
        put(&mut m, "requirements", requirements);
        if let Some(e) = &self.endpoint {
            let mut em = Mapping::new();
            if let Some(method) = e.method {
                put(&mut em, "method", method.as_str().into());
            }
            if let Some(path) = &e.path {
                put(&mut em, "path", path.clone().into());
            }
            if let Some(tags) = &e.tags {
                put(&mut em, "tags", strings(tags));
            }
            if let Some(summary) = &e.summary {
                put(&mut em, "summary", summary.clone().into());
            }
            put(&mut m, "endpoint", Value::Mapping(em));
        }
        if let Some(r) = &self.response {
            let mut rm = Mapping::new();
            if let Some(model) = &r.model {
                put(&mut rm, "model", model.clone().into());
            }
            if let Some(fields) = &r.fields {
                let fields = fields
                    .iter()
                    .map(|f| {
                        let mut fm = Mapping::new();
                        put(&mut fm, "name", f.name.clone().into());
                        put(&mut fm, "type", f.ty.to_string().into());
                        put(&mut fm, "example", f.example.to_yaml());
                        if let Some(d) = &f.description {
                            put(&mut fm, "description", d.clone().into());
                        }
                        Value::Mapping(fm)
                    })
                    .collect();
                put(&mut rm, "fields", Value::Sequence(fields));
            }
            put(&mut m, "response", Value::Mapping(rm));
        }
        Value::Mapping(m)
    }
}

fn put(m: &mut Mapping, key: &str, value: Value) {
    m.insert(Value::from(key), value);
}

fn strings(items: &[String]) -> Value {
    Value::Sequence(items.iter().cloned().map(Value::String).collect())
}

/// A scalar string; numbers and booleans are refused so that `feature: 123` is caught.
fn string(e: &Entries, key: &str, value: &Value) -> Result<String, String> {
    value.as_str().map(str::to_string).ok_or_else(|| {
        format!(
            "'{}' must be a string, found {}",
            e.qualify(key),
            describe(value)
        )
    })
}

/// Free text: trimmed, non-empty, at most `max` characters.
fn text(e: &Entries, key: &str, value: &Value, max: usize) -> Result<String, String> {
    let s = string(e, key, value)?.trim().to_string();
    check_text(&e.qualify(key), &s, max)?;
    Ok(s)
}

fn check_text(what: &str, s: &str, max: usize) -> Result<(), String> {
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
fn line(e: &Entries, key: &str, value: &Value) -> Result<String, String> {
    let s = text(e, key, value, MAX_LINE)?;
    if s.contains(['\n', '\r']) {
        return Err(format!("'{}' must be a single line", e.qualify(key)));
    }
    Ok(s)
}

fn requirements(value: &Value) -> Result<Vec<String>, String> {
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

fn mapping<'a>(key: &str, value: &'a Value) -> Result<&'a Mapping, String> {
    match value {
        Value::Mapping(m) => Ok(m),
        other => Err(format!(
            "'{key}' must be a mapping, found {}",
            describe(other)
        )),
    }
}

fn endpoint(value: &Value) -> Result<EndpointSpec, String> {
    let e = Entries::read(mapping("endpoint", value)?, "endpoint", ENDPOINT_KEYS)?;
    let method = match e.get("method") {
        Some(v) => Some(Method::parse(&string(&e, "method", v)?)?),
        None => None,
    };
    let path = match e.get("path") {
        Some(v) => Some(url_path(&string(&e, "path", v)?)?),
        None => None,
    };
    let tags = match e.get("tags") {
        Some(Value::Sequence(items)) => Some(
            items
                .iter()
                .map(|t| line(&e, "tags", t))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(v @ Value::String(_)) => Some(vec![line(&e, "tags", v)?]),
        Some(other) => {
            return Err(format!(
                "'endpoint.tags' must be a list of strings, found {}",
                describe(other)
            ));
        }
        None => None,
    };
    let summary = e
        .get("summary")
        .map(|v| line(&e, "summary", v))
        .transpose()?;
    Ok(EndpointSpec {
        method,
        path,
        tags,
        summary,
    })
}

/// A URL path the generated router can register as is, and a client reaches as written:
/// no segment a client or proxy would normalise away (`.` or `..`, or any segment of
/// dots alone), no empty segment, no percent-encoding (`%2e` is a dot in disguise).
fn url_path(path: &str) -> Result<String, String> {
    let shown: String = path.chars().take(60).collect();
    let shown = shown.as_str();
    if !path.starts_with('/') {
        return Err(format!("endpoint.path '{shown}' must begin with '/'"));
    }
    if path.len() > MAX_LINE {
        return Err(format!(
            "endpoint.path is longer than {MAX_LINE} characters"
        ));
    }
    if path.contains(['{', '}']) {
        return Err(format!(
            "endpoint.path '{shown}': path parameters are not supported; use a fixed path"
        ));
    }
    if let Some(c) = path
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.' | '~')))
    {
        return Err(format!(
            "endpoint.path '{shown}' contains {c:?}; use letters, digits and / - _ . ~"
        ));
    }
    if path.contains("//") {
        return Err(format!(
            "endpoint.path '{shown}' contains an empty segment '//'"
        ));
    }
    if let Some(dots) = path
        .split('/')
        .find(|seg| !seg.is_empty() && seg.chars().all(|c| c == '.'))
    {
        return Err(format!(
            "endpoint.path '{shown}' has a '{dots}' segment, which clients resolve away, so \
             the route could not be reached; write the path without it"
        ));
    }
    Ok(path.to_string())
}

fn response(value: &Value) -> Result<ResponseSpec, String> {
    let e = Entries::read(mapping("response", value)?, "response", RESPONSE_KEYS)?;
    let model = match e.get("model") {
        Some(v) => Some(model_name(&string(&e, "model", v)?)?),
        None => None,
    };
    let fields = match e.get("fields") {
        Some(Value::Sequence(items)) => {
            if items.is_empty() {
                return Err("'response.fields' is empty; give at least one field".into());
            }
            if items.len() > MAX_FIELDS {
                return Err(format!(
                    "'response.fields' has more than {MAX_FIELDS} fields"
                ));
            }
            let mut fields: Vec<Field> = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let f = field(i, item)?;
                if fields.iter().any(|g| g.name == f.name) {
                    return Err(format!("response field '{}' is given twice", f.name));
                }
                fields.push(f);
            }
            Some(fields)
        }
        Some(other) => {
            return Err(format!(
                "'response.fields' must be a list, found {}",
                describe(other)
            ));
        }
        None => None,
    };
    Ok(ResponseSpec { model, fields })
}

fn model_name(name: &str) -> Result<String, String> {
    let pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !pascal || name.len() > 63 {
        return Err(format!(
            "response.model '{}' must be a PascalCase class name (letters and digits, up to 63)",
            name.chars().take(40).collect::<String>()
        ));
    }
    if is_python_keyword(name) {
        return Err(format!(
            "response.model '{name}' is a reserved name in Python (a keyword)"
        ));
    }
    if let Some(why) = crate::render::model_name_clash(name) {
        return Err(format!("response.model '{name}' {why}"));
    }
    Ok(name.to_string())
}

fn field(index: usize, value: &Value) -> Result<Field, String> {
    let path = format!("response.fields[{index}]");
    let map = mapping(&path, value)?;
    let e = Entries::read(map, &path, FIELD_KEYS)?;
    let name = string(&e, "name", e.require("name")?)?;
    field_name(&name).map_err(|why| format!("{path}: field name '{name}' {why}"))?;
    let ty = FieldType::parse(&string(&e, "type", e.require("type")?)?)
        .map_err(|why| format!("response field '{name}': {why}"))?;
    let example = Example::check(ty, e.get("example"))
        .map_err(|why| format!("response field '{name}': {why}"))?;
    let description = e
        .get("description")
        .map(|v| line(&e, "description", v))
        .transpose()?;
    Ok(Field {
        name,
        ty,
        example,
        description,
    })
}

fn field_name(name: &str) -> Result<(), &'static str> {
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 63;
    if !valid {
        return Err("must be snake_case (a-z, 0-9, _; starting with a letter)");
    }
    if is_python_keyword(name) {
        return Err("is a Python keyword");
    }
    if let Some(why) = crate::render::field_name_clash(name) {
        return Err(why);
    }
    Ok(())
}
