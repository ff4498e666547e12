//! Readers of a resource's parts: `resource` (path, id, operations) and `model`.

use serde_yaml::Value;

use super::endpoint::url_path;
use super::fields::{fields, model_name, param_name};
use super::*;
use crate::request::keys::Entries;
use crate::request::model::{IdSpec, IdType, ModelSpec, Operation, ResourceSpec};

pub(in crate::request) const RESOURCE_KEYS: &[&str] = &[
    "path",
    "id",
    "operations",
    "tags",
    "timestamps",
    "order_by",
    "filters",
    "sort",
    "parent",
    "auth",
    "owner",
];

pub(in crate::request) const ID_KEYS: &[&str] = &["name", "type"];

pub(in crate::request) const MODEL_KEYS: &[&str] = &["name", "fields"];

pub(in crate::request) fn model(value: &Value) -> Result<ModelSpec, String> {
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
        if let Some(why) = crate::pynames::resource_field_name_clash(&f.name) {
            return Err(format!("model.fields[{i}]: field name '{}' {why}", f.name));
        }
    }
    Ok(ModelSpec { name, fields })
}

pub(in crate::request) fn resource(value: &Value) -> Result<ResourceSpec, String> {
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
                        "'resource.operations[{i}]' must be a string ({}), found {}",
                        operation_names(" or "),
                        describe(item)
                    )
                })?;
                let op = Operation::ALL
                    .into_iter()
                    .find(|o| o.as_str() == s)
                    .ok_or_else(|| {
                        format!(
                            "resource.operations: '{}' is not one of {}",
                            s.chars().take(20).collect::<String>(),
                            operation_names(", ")
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
    let timestamps = e
        .get("timestamps")
        .map(|v| boolean(&e, "timestamps", v))
        .transpose()?
        .unwrap_or(false);
    Ok(ResourceSpec {
        path,
        id,
        operations,
        tags: tags(&e)?,
        timestamps,
        order_by: field_list(&e, "order_by", true)?,
        filters: field_list(&e, "filters", false)?,
        sort: field_list(&e, "sort", false)?,
        parent: e
            .get("parent")
            .map(crate::request::reference::Parent::read)
            .transpose()?,
        auth: e
            .get("auth")
            .map(|v| auth(&e, v))
            .transpose()?
            .unwrap_or(false),
        owner: e
            .get("owner")
            .map(|v| boolean(&e, "owner", v))
            .transpose()?
            .unwrap_or(false),
    })
}

/// `resource.auth`: `required` (every route needs config `dependencies.current_user`,
/// SPEC §15) or `none`, the default.
fn auth(e: &Entries, value: &Value) -> Result<bool, String> {
    match string(e, "auth", value)?.as_str() {
        "required" => Ok(true),
        "none" => Ok(false),
        other => Err(format!(
            "resource.auth '{}' is not one of required, none",
            other.chars().take(20).collect::<String>()
        )),
    }
}

/// A list of field names (`[-visited_at, visit_id]`: `signed`, a `-` before a name is
/// descending), each once; whether each is a field of the model is for `resolve`.
fn field_list(e: &Entries, key: &str, signed: bool) -> Result<Option<Vec<String>>, String> {
    let Some(v) = e.get(key) else {
        return Ok(None);
    };
    let q = e.qualify(key);
    let mut out: Vec<String> = Vec::new();
    for (i, item) in sequence(&q, v)?.iter().enumerate() {
        let s = item
            .as_str()
            .ok_or_else(|| format!("'{q}[{i}]' must be a field name, found {}", describe(item)))?;
        let name = if signed {
            s.strip_prefix('-').unwrap_or(s)
        } else {
            s
        };
        if !crate::pyrules::is_identifier(name) || name.len() > 63 {
            let shown: String = s.chars().take(40).collect();
            return Err(format!(
                "{q}: '{}' is not a field name{}",
                shown.escape_debug(),
                if signed {
                    " (with '-' before it: descending)"
                } else {
                    ""
                }
            ));
        }
        if out.iter().any(|o| o.trim_start_matches('-') == name) {
            return Err(format!("{q}: '{name}' is given twice"));
        }
        out.push(s.to_string());
    }
    if out.is_empty() {
        return Err(format!(
            "'{q}' is empty; give at least one field or leave it out"
        ));
    }
    Ok(Some(out))
}

/// Every operation's name, comma-separated, the last after `last` (`", "` or `" or "`).
fn operation_names(last: &str) -> String {
    let names = Operation::ALL.map(Operation::as_str);
    match names.split_last() {
        Some((tail, [])) => (*tail).to_string(),
        Some((tail, head)) => format!("{}{last}{tail}", head.join(", ")),
        None => String::new(),
    }
}
