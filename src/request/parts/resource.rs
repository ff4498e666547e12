//! Readers of a resource's parts: `resource` (path, id, operations) and `model`.

use serde_yaml::Value;

use super::endpoint::url_path;
use super::fields::{fields, model_name, param_name};
use super::*;
use crate::request::keys::Entries;
use crate::request::model::{IdSpec, IdType, ModelSpec, Operation, ResourceSpec};

pub(in crate::request) const RESOURCE_KEYS: &[&str] =
    &["path", "id", "operations", "tags", "timestamps"];

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
    })
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
