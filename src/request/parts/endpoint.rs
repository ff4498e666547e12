//! Readers of an endpoint's parts: `endpoint` (method, path, status, parameters,
//! errors), the body (`request`) and `response`.

use serde_yaml::Value;

use super::fields::{example_and_default, fields, model_name, param_name};
use super::*;
use crate::request::example::Example;
use crate::request::field::{FieldType, Scalar};
use crate::request::keys::Entries;
use crate::request::model::{
    BodySpec, EndpointSpec, ErrorSpec, Method, Param, ParamIn, ResponseSpec,
};

pub(in crate::request) const ENDPOINT_KEYS: &[&str] = &[
    "method",
    "path",
    "tags",
    "summary",
    "status_code",
    "params",
    "errors",
    "dependencies",
];

pub(in crate::request) const RESPONSE_KEYS: &[&str] = &["model", "many", "fields"];

pub(in crate::request) const BODY_KEYS: &[&str] = &["model", "fields"];

pub(in crate::request) const PARAM_KEYS: &[&str] = &[
    "name",
    "in",
    "type",
    "example",
    "default",
    "description",
    "alias",
];

pub(in crate::request) const ERROR_KEYS: &[&str] = &["status", "description"];

pub(in crate::request) const MAX_PARAMS: usize = 30;

pub(in crate::request) fn endpoint(value: &Value) -> Result<EndpointSpec, String> {
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
    let dependencies = e.get("dependencies").map(dependency_names).transpose()?;
    Ok(EndpointSpec {
        method,
        path,
        tags: tags(&e)?,
        summary,
        status_code,
        params,
        errors,
        dependencies,
    })
}

/// `endpoint.dependencies`: names of config `dependencies` (SPEC §15), each once; what
/// each names is the plan's to look up.
fn dependency_names(value: &Value) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for (i, item) in sequence("endpoint.dependencies", value)?.iter().enumerate() {
        let name = item.as_str().ok_or_else(|| {
            format!(
                "'endpoint.dependencies[{i}]' must be a name from [tool.petsage-build] \
                 dependencies, found {}",
                describe(item)
            )
        })?;
        if !crate::pyrules::is_ascii_identifier(name) {
            return Err(format!(
                "endpoint.dependencies[{i}]: '{}' is not a dependency name (letters, \
                 digits and _, as the keys of [tool.petsage-build] dependencies)",
                name.chars().take(40).collect::<String>()
            ));
        }
        if out.iter().any(|n| n == name) {
            return Err(format!("endpoint.dependencies: '{name}' is given twice"));
        }
        out.push(name.to_string());
    }
    if out.is_empty() {
        return Err(
            "'endpoint.dependencies' is empty; give at least one name or leave it out".into(),
        );
    }
    Ok(out)
}

/// A header parameter's Python name and the header it reads (SPEC §15): named by its
/// header (`X-Request-Id`: the name is `x_request_id`), or by a Python name with
/// `alias:`. A header name must be an HTTP token; `alias` is for headers only.
fn header_names(
    path: &str,
    given: String,
    alias: Option<String>,
    location: ParamIn,
) -> Result<(String, Option<String>), String> {
    if location != ParamIn::Header {
        return match alias {
            Some(_) => Err(format!(
                "{path}: alias names the header a parameter reads; it is for in: header \
                 parameters"
            )),
            None => Ok((given, None)),
        };
    }
    let header = alias.clone().unwrap_or_else(|| given.clone());
    if !is_header_name(&header) {
        return Err(format!(
            "{path}: '{}' is not a valid header name (a letter, then letters, digits, \
             - and _, such as X-Request-Id)",
            header.chars().take(60).collect::<String>()
        ));
    }
    if alias.is_some() {
        return Ok((given, alias));
    }
    let name = given.to_ascii_lowercase().replace('-', "_");
    // FastAPI reads `x_request_id` from the header `x-request-id` (any case) itself.
    let plain = given == name;
    Ok((name, (!plain).then_some(given)))
}

/// A header name as APIs write them: letters, digits, `-` and `_` (a subset of RFC
/// 9110's `token` that every proxy passes and a Python name can be derived from).
fn is_header_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.as_bytes()[0].is_ascii_alphabetic()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The names of a path's parameters (`/pets/{pet_id}` → `pet_id`), in order.
pub(in crate::request) fn path_params(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

/// A URL path the generated router can register as is, and a client reaches as written:
/// no segment a client or proxy would normalise away (`.` or `..`, or any segment of
/// dots alone), no empty segment, no percent-encoding (`%2e` is a dot in disguise).
/// Parameters, where allowed, are whole segments `{name}` with a Python name.
pub(in crate::request) fn url_path(
    what: &str,
    path: &str,
    parameters: bool,
) -> Result<String, String> {
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

pub(in crate::request) fn params(value: &Value) -> Result<Vec<Param>, String> {
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
        let given = string(&e, "name", e.require("name")?)?;
        let location = match e.get("in").map(|v| string(&e, "in", v)).transpose()? {
            None => ParamIn::Query,
            Some(s) if s == "query" => ParamIn::Query,
            Some(s) if s == "path" => ParamIn::Path,
            Some(s) if s == "header" => ParamIn::Header,
            Some(s) => {
                return Err(format!(
                    "parameter '{}': in '{}' is not one of path, query, header",
                    given.chars().take(40).collect::<String>(),
                    s.chars().take(20).collect::<String>()
                ));
            }
        };
        let alias = e.get("alias").map(|v| string(&e, "alias", v)).transpose()?;
        let (name, alias) = header_names(&path, given, alias, location)?;
        param_name(&name).map_err(|why| format!("{path}: parameter name '{name}' {why}"))?;
        if out.iter().any(|p| p.name == name) {
            return Err(format!("{path}: parameter '{name}' is given twice"));
        }

        let ty = FieldType::parse(&string(&e, "type", e.require("type")?)?)
            .map_err(|why| format!("parameter '{name}': {why}"))?;
        if location == ParamIn::Header && ty.list {
            return Err(format!(
                "header parameter '{name}' must have a single value (no list type)"
            ));
        }
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
        // Every value a path parameter allows must be one a URL can carry.
        if location == ParamIn::Path
            && let Scalar::Literal(values) = &ty.scalar
        {
            for v in values {
                path_segment(&name, "literal value", v)?;
            }
        }
        let description = e
            .get("description")
            .map(|v| line(&e, "description", v))
            .transpose()?;
        out.push(Param {
            name,
            location,
            alias,
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
pub(in crate::request) fn path_segment_example(name: &str, example: &str) -> Result<(), String> {
    path_segment(name, "example", example)
}

/// `example` (an example or a value the parameter allows) is one URL segment.
fn path_segment(name: &str, what: &str, example: &str) -> Result<(), String> {
    let segment = !example.is_empty()
        && !example.chars().all(|c| c == '.')
        && example
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'));
    if segment {
        return Ok(());
    }
    Err(format!(
        "path parameter '{name}': {what} '{}' must be one URL segment: letters, digits \
         and - _ . ~ (not empty, not only dots)",
        crate::escape::line(&example.chars().take(40).collect::<String>())
    ))
}

pub(in crate::request) fn errors(value: &Value) -> Result<Vec<ErrorSpec>, String> {
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

pub(in crate::request) fn response(value: &Value) -> Result<ResponseSpec, String> {
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

pub(in crate::request) fn body(value: &Value) -> Result<BodySpec, String> {
    let e = Entries::read(mapping("request", value)?, "request", BODY_KEYS)?;
    let model = e
        .get("model")
        .map(|v| model_name("request.model", &string(&e, "model", v)?))
        .transpose()?;
    let fields = fields("request", e.require("fields")?)?;
    Ok(BodySpec { model, fields })
}
