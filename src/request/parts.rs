//! Readers of the request's parts: each checks one mapping of the YAML document and
//! says, in one line, which key is wrong and why.

use serde_yaml::{Mapping, Value};

use super::field::{Example, FieldType};
use super::keys::{Entries, describe};
use super::model::{
    BodySpec, EndpointSpec, ErrorSpec, Field, IdSpec, IdType, Kind, Method, ModelSpec, Operation,
    Param, ParamIn, ResourceSpec, ResponseSpec,
};
use crate::naming::is_python_keyword;

const ENDPOINT_KEYS: &[&str] = &[
    "method",
    "path",
    "tags",
    "summary",
    "status_code",
    "params",
    "errors",
];
const RESPONSE_KEYS: &[&str] = &["model", "many", "fields"];
const BODY_KEYS: &[&str] = &["model", "fields"];
const FIELD_KEYS: &[&str] = &["name", "type", "example", "description", "default"];
const PARAM_KEYS: &[&str] = &["name", "in", "type", "example", "default", "description"];
const ERROR_KEYS: &[&str] = &["status", "description"];
const RESOURCE_KEYS: &[&str] = &["path", "id", "operations", "tags"];
const ID_KEYS: &[&str] = &["name", "type"];
const MODEL_KEYS: &[&str] = &["name", "fields"];

pub(super) const MAX_DESCRIPTION: usize = 2000;
const MAX_LINE: usize = 200;
const MAX_FIELDS: usize = 100;
const MAX_PARAMS: usize = 30;

pub(super) fn put(m: &mut Mapping, key: &str, value: Value) {
    m.insert(Value::from(key), value);
}

pub(super) fn strings(items: &[String]) -> Value {
    Value::Sequence(items.iter().cloned().map(Value::String).collect())
}

pub(super) fn describe_kind(kind: Option<Kind>) -> &'static str {
    match kind {
        Some(Kind::Resource) => "a resource",
        _ => "an endpoint",
    }
}

/// A scalar string; numbers and booleans are refused so that `feature: 123` is caught.
pub(super) fn string(e: &Entries, key: &str, value: &Value) -> Result<String, String> {
    value.as_str().map(str::to_string).ok_or_else(|| {
        format!(
            "'{}' must be a string, found {}",
            e.qualify(key),
            describe(value)
        )
    })
}

/// Free text: trimmed, non-empty, at most `max` characters.
pub(super) fn text(e: &Entries, key: &str, value: &Value, max: usize) -> Result<String, String> {
    let s = string(e, key, value)?.trim().to_string();
    check_text(&e.qualify(key), &s, max)?;
    Ok(s)
}

pub(super) fn check_text(what: &str, s: &str, max: usize) -> Result<(), String> {
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

fn boolean(e: &Entries, key: &str, value: &Value) -> Result<bool, String> {
    value.as_bool().ok_or_else(|| {
        format!(
            "'{}' must be true or false, found {}",
            e.qualify(key),
            describe(value)
        )
    })
}

fn number(e: &Entries, key: &str, value: &Value, range: (u16, u16)) -> Result<u16, String> {
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

pub(super) fn requirements(value: &Value) -> Result<Vec<String>, String> {
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

fn sequence<'a>(key: &str, value: &'a Value) -> Result<&'a [Value], String> {
    match value {
        Value::Sequence(items) => Ok(items),
        other => Err(format!("'{key}' must be a list, found {}", describe(other))),
    }
}

pub(super) fn kind(e: &Entries, value: &Value) -> Result<Kind, String> {
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

fn tags(e: &Entries) -> Result<Option<Vec<String>>, String> {
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

pub(super) fn endpoint(value: &Value) -> Result<EndpointSpec, String> {
    let e = Entries::read(mapping("endpoint", value)?, "endpoint", ENDPOINT_KEYS)?;
    let method = match e.get("method") {
        Some(v) => Some(Method::parse(&string(&e, "method", v)?)?),
        None => None,
    };
    let path = match e.get("path") {
        Some(v) => Some(url_path("endpoint.path", &string(&e, "path", v)?, true)?),
        None => None,
    };
    let summary = e
        .get("summary")
        .map(|v| line(&e, "summary", v))
        .transpose()?;
    let status_code = e
        .get("status_code")
        .map(|v| number(&e, "status_code", v, (200, 299)))
        .transpose()?;
    let params = e.get("params").map(params).transpose()?;
    let errors = e.get("errors").map(errors).transpose()?;
    Ok(EndpointSpec {
        method,
        path,
        tags: tags(&e)?,
        summary,
        status_code,
        params,
        errors,
    })
}

/// The names of a path's parameters (`/pets/{pet_id}` → `pet_id`), in order.
pub(super) fn path_params(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

/// A URL path the generated router can register as is, and a client reaches as written:
/// no segment a client or proxy would normalise away (`.` or `..`, or any segment of
/// dots alone), no empty segment, no percent-encoding (`%2e` is a dot in disguise).
/// Parameters, where allowed, are whole segments `{name}` with a Python name.
pub(super) fn url_path(what: &str, path: &str, parameters: bool) -> Result<String, String> {
    let shown: String = path.chars().take(60).collect();
    let shown = shown.as_str();
    if !path.starts_with('/') {
        return Err(format!("{what} '{shown}' must begin with '/'"));
    }
    if path.len() > MAX_LINE {
        return Err(format!("{what} is longer than {MAX_LINE} characters"));
    }
    if path.contains("//") {
        return Err(format!("{what} '{shown}' contains an empty segment '//'"));
    }
    for seg in path.split('/') {
        if seg.contains(['{', '}']) {
            if !parameters {
                return Err(format!(
                    "{what} '{shown}': path parameters are not supported here; the item's \
                     id comes from resource.id"
                ));
            }
            let name = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
            match name {
                Some(n) if param_name(n).is_ok() => continue,
                Some(n) => {
                    return Err(format!(
                        "{what} '{shown}': path parameter '{{{}}}' must be a snake_case \
                         Python name",
                        n.chars().take(30).collect::<String>()
                    ));
                }
                None => {
                    return Err(format!(
                        "{what} '{shown}': a path parameter must be a whole segment, \
                         such as /pets/{{pet_id}}"
                    ));
                }
            }
        }
        if let Some(c) = seg
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')))
        {
            return Err(format!(
                "{what} '{shown}' contains {c:?}; use letters, digits and / - _ . ~"
            ));
        }
        if !seg.is_empty() && seg.chars().all(|c| c == '.') {
            return Err(format!(
                "{what} '{shown}' has a '{seg}' segment, which clients resolve away, so \
                 the route could not be reached; write the path without it"
            ));
        }
    }
    let names = path_params(path);
    if let Some(twice) = names
        .iter()
        .enumerate()
        .find(|(i, n)| names[..*i].contains(n))
    {
        return Err(format!(
            "{what} '{shown}' names the parameter '{}' twice",
            twice.1
        ));
    }
    Ok(path.to_string())
}

fn params(value: &Value) -> Result<Vec<Param>, String> {
    let items = sequence("endpoint.params", value)?;
    if items.len() > MAX_PARAMS {
        return Err(format!(
            "'endpoint.params' has more than {MAX_PARAMS} parameters"
        ));
    }
    let mut out: Vec<Param> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("endpoint.params[{i}]");
        let e = Entries::read(mapping(&path, item)?, &path, PARAM_KEYS)?;
        let name = string(&e, "name", e.require("name")?)?;
        param_name(&name).map_err(|why| format!("{path}: parameter name '{name}' {why}"))?;
        if out.iter().any(|p| p.name == name) {
            return Err(format!("{path}: parameter '{name}' is given twice"));
        }
        let location = match e.get("in").map(|v| string(&e, "in", v)).transpose()? {
            None => ParamIn::Query,
            Some(s) if s == "query" => ParamIn::Query,
            Some(s) if s == "path" => ParamIn::Path,
            Some(s) => {
                return Err(format!(
                    "parameter '{name}': in '{}' is not one of path, query",
                    s.chars().take(20).collect::<String>()
                ));
            }
        };
        let ty = FieldType::parse(&string(&e, "type", e.require("type")?)?)
            .map_err(|why| format!("parameter '{name}': {why}"))?;
        if location == ParamIn::Path && (ty.list || ty.optional) {
            return Err(format!(
                "path parameter '{name}' must have a plain type (no list, no '| None'): \
                 every path has a value for it"
            ));
        }
        let (example, default) =
            example_and_default(&e, &ty).map_err(|why| format!("parameter '{name}': {why}"))?;
        if location == ParamIn::Path && default.is_some() {
            return Err(format!(
                "path parameter '{name}' cannot have a default: every path has a value for it"
            ));
        }
        if location == ParamIn::Path
            && let Example::Str(s) = &example
        {
            path_segment_example(&name, s)?;
        }
        let description = e
            .get("description")
            .map(|v| line(&e, "description", v))
            .transpose()?;
        out.push(Param {
            name,
            location,
            ty,
            example,
            default,
            description,
        });
    }
    Ok(out)
}

/// A path parameter's text example goes into a URL (the generated test's
/// `url_path_for`, the doc's `curl`): it must be one segment that reaches the route as
/// written, so the characters of `url_path` (no `/`, `?`, `#`, `%`, no empty or
/// all-dots segment, which a client resolves away).
fn path_segment_example(name: &str, example: &str) -> Result<(), String> {
    let segment = !example.is_empty()
        && !example.chars().all(|c| c == '.')
        && example
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'));
    if segment {
        return Ok(());
    }
    Err(format!(
        "path parameter '{name}': example '{}' must be one URL segment: letters, digits \
         and - _ . ~ (not empty, not only dots)",
        example.chars().take(40).collect::<String>()
    ))
}

fn errors(value: &Value) -> Result<Vec<ErrorSpec>, String> {
    let items = sequence("endpoint.errors", value)?;
    let mut out: Vec<ErrorSpec> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("endpoint.errors[{i}]");
        let e = Entries::read(mapping(&path, item)?, &path, ERROR_KEYS)?;
        let status = number(&e, "status", e.require("status")?, (400, 599))?;
        if status == 422 {
            return Err(format!(
                "{path}: 422 is FastAPI's own answer to invalid input, documented already; \
                 give another status"
            ));
        }
        if out.iter().any(|x| x.status == status) {
            return Err(format!("{path}: error status {status} is given twice"));
        }
        let description = line(&e, "description", e.require("description")?)?;
        out.push(ErrorSpec {
            status,
            description,
        });
    }
    Ok(out)
}

pub(super) fn response(value: &Value) -> Result<ResponseSpec, String> {
    let e = Entries::read(mapping("response", value)?, "response", RESPONSE_KEYS)?;
    let model = e
        .get("model")
        .map(|v| model_name("response.model", &string(&e, "model", v)?))
        .transpose()?;
    let many = e.get("many").map(|v| boolean(&e, "many", v)).transpose()?;
    let fields = e.get("fields").map(|v| fields("response", v)).transpose()?;
    Ok(ResponseSpec {
        model,
        many,
        fields,
    })
}

pub(super) fn body(value: &Value) -> Result<BodySpec, String> {
    let e = Entries::read(mapping("request", value)?, "request", BODY_KEYS)?;
    let model = e
        .get("model")
        .map(|v| model_name("request.model", &string(&e, "model", v)?))
        .transpose()?;
    let fields = fields("request", e.require("fields")?)?;
    Ok(BodySpec { model, fields })
}

pub(super) fn model(value: &Value) -> Result<ModelSpec, String> {
    let e = Entries::read(mapping("model", value)?, "model", MODEL_KEYS)?;
    let name = e
        .get("name")
        .map(|v| model_name("model.name", &string(&e, "name", v)?))
        .transpose()?;
    let fields = fields("model", e.require("fields")?)?;
    if let Some(f) = fields.iter().find(|f| f.name == "id") {
        return Err(format!(
            "model field '{}': the stored model's id comes from resource.id; leave it out",
            f.name
        ));
    }
    for (i, f) in fields.iter().enumerate() {
        if let Some(why) = crate::render::resource_field_name_clash(&f.name) {
            return Err(format!("model.fields[{i}]: field name '{}' {why}", f.name));
        }
    }
    Ok(ModelSpec { name, fields })
}

pub(super) fn resource(value: &Value) -> Result<ResourceSpec, String> {
    let e = Entries::read(mapping("resource", value)?, "resource", RESOURCE_KEYS)?;
    let path = e
        .get("path")
        .map(|v| url_path("resource.path", &string(&e, "path", v)?, false))
        .transpose()?;
    // The items are at `<path>/{id}`: a path ending in '/' would give them an empty
    // segment (`//{id}`), which clients and proxies collapse.
    if let Some(p) = path.as_deref().filter(|p| p.ends_with('/')) {
        return Err(format!(
            "resource.path '{}' must not end with '/': the items are at <path>/{{id}}; \
             give the collection's path, such as /pets",
            p.chars().take(60).collect::<String>()
        ));
    }
    let id = match e.get("id") {
        None => None,
        Some(v) => {
            let ie = Entries::read(mapping("resource.id", v)?, "resource.id", ID_KEYS)?;
            let name = ie.get("name").map(|v| string(&ie, "name", v)).transpose()?;
            if let Some(n) = &name {
                param_name(n).map_err(|why| format!("resource.id name '{n}' {why}"))?;
            }
            let ty = match ie.get("type").map(|v| string(&ie, "type", v)).transpose()? {
                None => None,
                Some(t) if t == "int" => Some(IdType::Int),
                Some(t) if t == "uuid" => Some(IdType::Uuid),
                Some(t) => {
                    return Err(format!(
                        "resource.id type '{}' is not one of int, uuid",
                        t.chars().take(20).collect::<String>()
                    ));
                }
            };
            Some(IdSpec { name, ty })
        }
    };
    let operations = match e.get("operations") {
        None => None,
        Some(v) => {
            let mut ops: Vec<Operation> = Vec::new();
            for (i, item) in sequence("resource.operations", v)?.iter().enumerate() {
                let s = item.as_str().ok_or_else(|| {
                    format!(
                        "'resource.operations[{i}]' must be a string (create, list, read, \
                         update or delete), found {}",
                        describe(item)
                    )
                })?;
                let op = Operation::ALL
                    .into_iter()
                    .find(|o| o.as_str() == s)
                    .ok_or_else(|| {
                        format!(
                            "resource.operations: '{}' is not one of create, list, read, \
                             update, delete",
                            s.chars().take(20).collect::<String>()
                        )
                    })?;
                if ops.contains(&op) {
                    return Err(format!("resource.operations: '{s}' is given twice"));
                }
                ops.push(op);
            }
            if ops.is_empty() {
                return Err("'resource.operations' is empty; give at least one".into());
            }
            Some(ops)
        }
    };
    Ok(ResourceSpec {
        path,
        id,
        operations,
        tags: tags(&e)?,
    })
}

fn fields(owner: &str, value: &Value) -> Result<Vec<Field>, String> {
    let key = format!("{owner}.fields");
    let items = sequence(&key, value)?;
    if items.is_empty() {
        return Err(format!("'{key}' is empty; give at least one field"));
    }
    if items.len() > MAX_FIELDS {
        return Err(format!("'{key}' has more than {MAX_FIELDS} fields"));
    }
    let mut out: Vec<Field> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let f = field(&format!("{key}[{i}]"), owner, item)?;
        if out.iter().any(|g| g.name == f.name) {
            return Err(format!("{owner} field '{}' is given twice", f.name));
        }
        out.push(f);
    }
    Ok(out)
}

fn field(path: &str, owner: &str, value: &Value) -> Result<Field, String> {
    let e = Entries::read(mapping(path, value)?, path, FIELD_KEYS)?;
    let name = string(&e, "name", e.require("name")?)?;
    field_name(&name).map_err(|why| format!("{path}: field name '{name}' {why}"))?;
    let ty = FieldType::parse(&string(&e, "type", e.require("type")?)?)
        .map_err(|why| format!("{owner} field '{name}': {why}"))?;
    let (example, default) =
        example_and_default(&e, &ty).map_err(|why| format!("{owner} field '{name}': {why}"))?;
    let description = e
        .get("description")
        .map(|v| line(&e, "description", v))
        .transpose()?;
    Ok(Field {
        name,
        ty,
        example,
        description,
        default,
    })
}

/// The example (required unless the type allows None) and the default, both checked
/// against the type. A list's default must be empty: Python would share one list.
fn example_and_default(e: &Entries, ty: &FieldType) -> Result<(Example, Option<Example>), String> {
    let example = Example::check(ty, e.get("example"))?;
    let default = match e.get("default") {
        None => None,
        Some(v) => {
            Some(Example::check(ty, Some(v)).map_err(|why| why.replacen("example", "default", 1))?)
        }
    };
    if let Some(Example::List(items)) = &default
        && !items.is_empty()
    {
        return Err("a list default must be empty ([]) or left out".into());
    }
    Ok((example, default))
}

pub(super) fn model_name(what: &str, name: &str) -> Result<String, String> {
    let pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !pascal || name.len() > 63 {
        return Err(format!(
            "{what} '{}' must be a PascalCase class name (letters and digits, up to 63)",
            name.chars().take(40).collect::<String>()
        ));
    }
    if is_python_keyword(name) {
        return Err(format!(
            "{what} '{name}' is a reserved name in Python (a keyword)"
        ));
    }
    if let Some(why) = crate::render::model_name_clash(name) {
        return Err(format!("{what} '{name}' {why}"));
    }
    Ok(name.to_string())
}

fn snake_name(name: &str) -> Result<(), &'static str> {
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
    Ok(())
}

fn field_name(name: &str) -> Result<(), &'static str> {
    snake_name(name)?;
    if let Some(why) = crate::render::field_name_clash(name) {
        return Err(why);
    }
    Ok(())
}

/// A parameter is an argument of the route and the service method: it may not be a
/// name those functions use for something else.
pub(super) fn param_name(name: &str) -> Result<(), &'static str> {
    snake_name(name)?;
    if let Some(why) = crate::render::param_name_clash(name) {
        return Err(why);
    }
    Ok(())
}
