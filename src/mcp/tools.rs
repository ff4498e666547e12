//! The tools the MCP server offers: names, descriptions written for a model, and input
//! schemas generated from the argument types of `args.rs`, the `request` argument's
//! being the request schema (`request::schema::request_schema`), so neither can drift
//! from what the tool reads.

use std::sync::Arc;

use rmcp::model::{Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde_json::{Map, Value};

use super::args::{DecodeArgs, FeatureArgs, NoArgs, RemoveArgs};
use crate::request::request_schema;

/// One tool: its name, whether it writes to the project, and how it is described.
pub struct Spec {
    pub name: &'static str,
    /// False for the tools `--read-only` serves.
    pub writes: bool,
    title: &'static str,
    description: fn() -> String,
    schema: fn() -> Map<String, Value>,
}

/// Every tool, in the order they are listed.
pub const TOOLS: &[Spec] = &[
    Spec {
        name: "describe_project",
        writes: false,
        title: "Describe the project",
        description: describe_project,
        schema: schema_of::<NoArgs>,
    },
    Spec {
        name: "decode_request",
        writes: false,
        title: "Decode a request payload",
        description: decode_request,
        schema: schema_of::<DecodeArgs>,
    },
    Spec {
        name: "plan_feature",
        writes: false,
        title: "Plan a feature (writes nothing)",
        description: plan_feature,
        schema: feature_schema,
    },
    Spec {
        name: "add_feature",
        writes: true,
        title: "Add a feature",
        description: add_feature,
        schema: feature_schema,
    },
    Spec {
        name: "remove_feature",
        writes: true,
        title: "Remove a feature",
        description: remove_feature,
        schema: schema_of::<RemoveArgs>,
    },
    Spec {
        name: "check",
        writes: false,
        title: "Check the project",
        description: check,
        schema: schema_of::<NoArgs>,
    },
];

/// The tool named `name`, if the server offers it (`read_only`: only those that write
/// nothing).
pub fn find(name: &str, read_only: bool) -> Option<&'static Spec> {
    TOOLS
        .iter()
        .find(|t| t.name == name && !(read_only && t.writes))
}

/// The tools as `tools/list` gives them.
pub fn list(read_only: bool) -> Vec<Tool> {
    TOOLS
        .iter()
        .filter(|t| !(read_only && t.writes))
        .map(Spec::tool)
        .collect()
}

impl Spec {
    pub fn tool(&self) -> Tool {
        let mut annotations = ToolAnnotations::with_title(self.title);
        annotations.read_only_hint = Some(!self.writes);
        // Removing deletes files; adding only overwrites with `conflicts: force`.
        annotations.destructive_hint = Some(self.name == "remove_feature");
        // Adding twice changes nothing the second time; a second removal finds nothing.
        annotations.idempotent_hint = Some(self.name != "remove_feature");
        annotations.open_world_hint = Some(false);
        let mut tool = Tool::new(self.name, (self.description)(), Arc::new((self.schema)()));
        tool.title = Some(self.title.to_string());
        tool.annotations = Some(annotations);
        tool
    }
}

/// The JSON Schema of an argument type, as an object.
fn schema_of<T: JsonSchema>() -> Map<String, Value> {
    match serde_json::to_value(schemars::schema_for!(T)) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// [`FeatureArgs`]'s schema with the request schema as its `request` property (its
/// `$defs` moved to the top, where its `#/$defs/...` references point).
fn feature_schema() -> Map<String, Value> {
    let mut schema = schema_of::<FeatureArgs>();
    let Value::Object(mut request) = request_schema() else {
        return schema;
    };
    request.remove("$schema");
    let request_defs = request.remove("$defs");
    let doc = schema
        .get("properties")
        .and_then(|p| p.get("request"))
        .and_then(|r| r.get("description"))
        .cloned();
    if let Some(doc) = doc {
        request.insert("description".into(), doc);
    }
    if let Some(Value::Object(props)) = schema.get_mut("properties") {
        // `requests` holds requests: its items are the request schema too.
        let mut item = request.clone();
        item.remove("description");
        if let Some(Value::Object(requests)) = props.get_mut("requests") {
            requests.insert("type".into(), Value::String("array".into()));
            requests.insert("items".into(), Value::Object(item));
        }
        props.insert("request".into(), Value::Object(request));
    }
    if let Some(Value::Object(defs)) = request_defs {
        let top = schema
            .entry("$defs")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(top) = top {
            top.extend(defs);
        }
    }
    schema
}

/// The request's keys and what each means, from the request schema's descriptions.
fn request_guide() -> String {
    let schema = request_schema();
    let line = |props: Option<&Value>, required: &[&str]| -> String {
        let Some(Value::Object(props)) = props else {
            return String::new();
        };
        props
            .iter()
            // Keys match case-insensitively on their first letter; list each once.
            .filter(|(k, _)| k.starts_with(|c: char| c.is_ascii_lowercase()))
            .map(|(k, v)| {
                let req = if required.contains(&k.as_str()) {
                    " (required)"
                } else {
                    ""
                };
                let values = v.get("enum").and_then(Value::as_array).map(|e| {
                    let e: Vec<&str> = e.iter().filter_map(Value::as_str).collect();
                    e.join(" or ")
                });
                match (v.get("description").and_then(Value::as_str), values) {
                    (Some(d), _) => format!("`{k}`{req}: {d}"),
                    (None, Some(values)) => format!("`{k}`{req}: {values}"),
                    (None, None) => format!("`{k}`{req}"),
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let top = line(schema.get("properties"), &["feature", "description"]);
    let field = line(schema.pointer("/$defs/field/properties"), &["name", "type"]);
    let ty = schema
        .pointer("/$defs/type/description")
        .and_then(Value::as_str)
        .unwrap_or_default();
    format!(
        "Request keys: {top}. A field (of `response.fields`, `request.fields`, \
         `model.fields`): {field}; its type is {ty}; an `example` is required (checked against \
         the type) unless the type ends in `| None`. The `request` argument's schema has \
         every key, with the parameters and errors of an endpoint and the id and \
         operations of a resource."
    )
}

fn describe_project() -> String {
    "Describes the FastAPI project this server works on: its layout from \
     [tool.petsage-build] in pyproject.toml (package, aggregator module and its router \
     variable, main module and its app variable, the URL prefix, the path pattern of each \
     of a feature's five files), the templates directory if any, and every feature found \
     with its state (complete, missing parts, unwired, edited, hand-written) and routes. \
     Writes nothing. Call it first to learn what exists and where files go."
        .to_string()
}

fn decode_request() -> String {
    "Decodes a base64 feature-request payload (as `petsage-build encode` makes) and \
     returns the request, validated, as JSON (the form the `request` argument of \
     plan_feature and add_feature takes). Bad input is an error naming the problem. \
     Writes nothing."
        .to_string()
}

fn feature_input() -> String {
    format!(
        "Give the request one way: `request` (a JSON object), `payload` (base64), or only \
         `name` (the built-in preset of that name, e.g. smoke_test, or a default GET \
         endpoint for the name); or several requests as `requests` (a list of such \
         objects), planned together, all or none, each after those it refers to (a data \
         model at once). A request is one endpoint (the default) or, with \
         `kind: resource`, a whole CRUD resource on a database. {}",
        request_guide()
    )
}

fn plan_feature() -> String {
    format!(
        "Plans adding a feature and writes nothing: the files it would create (schema, \
         service, endpoint, test, doc, and the feature's record), the wiring it would \
         patch into the router aggregator and main, each file's action (create, patch, \
         unchanged, overwrite, skip, conflict), unified diffs of the patched files and \
         the full content of the new ones. Use it before add_feature to check the \
         request and see exactly what will change; the same arguments given to \
         add_feature then do it. A file that exists with other content is a conflict \
         (see `conflicts`). {}",
        feature_input()
    )
}

fn add_feature() -> String {
    format!(
        "Adds a feature to the project, all or nothing: renders its five files (Pydantic \
         schema, service, APIRouter endpoint, pytest test, markdown doc), records it in \
         .petsage-build/<name>.yaml and wires the endpoint into the router aggregator \
         (and the aggregator into main when it is not mounted). Running it again changes \
         nothing. An existing file whose content differs stops the whole run and nothing \
         is written, unless `conflicts` is force (overwrite) or skip_existing (keep). \
         Call plan_feature first with the same arguments to see the changes. {}",
        feature_input()
    )
}

fn remove_feature() -> String {
    "Removes a feature the tool generated: its five files, its record and its wiring in \
     the router aggregator, all or nothing. If any of its files was edited since it was \
     generated (or has no record), nothing is removed and the error names those files; \
     `force: true` removes them too."
        .to_string()
}

fn check() -> String {
    "Checks the project as CI does (`petsage-build check`): every feature complete \
     (its five files), imported and included in the router aggregator, the aggregator \
     mounted in main, no file edited in a way that breaks it, no interrupted run. Returns \
     the findings (code E001-E012 for errors, N001-N002 for notes, path, line, message) \
     and whether the project is ok (no error finding). Writes nothing. Run it after \
     add_feature or remove_feature."
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reference_resolves_and_no_definition_is_shadowed() {
        let schema = Value::Object(feature_schema());
        let text = schema.to_string();
        for (i, _) in text.match_indices("\"#/$defs/") {
            let rest = &text[i + 9..];
            let name = &rest[..rest.find('"').unwrap_or(0)];
            assert!(
                schema.pointer(&format!("/$defs/{name}")).is_some(),
                "unresolved $ref to {name}"
            );
        }
        let own = serde_json::to_value(schemars::schema_for!(FeatureArgs)).unwrap_or_default();
        let request = request_schema();
        if let (Some(Value::Object(a)), Some(Value::Object(b))) =
            (own.get("$defs"), request.get("$defs"))
        {
            assert!(a.keys().all(|k| !b.contains_key(k)), "a $defs name clashes");
        }
        assert_eq!(
            schema.pointer("/properties/request/properties"),
            request.get("properties")
        );
    }

    #[test]
    fn read_only_serves_only_tools_that_write_nothing() {
        let names: Vec<_> = list(true).into_iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            [
                "describe_project",
                "decode_request",
                "plan_feature",
                "check"
            ]
        );
        assert!(find("add_feature", true).is_none());
        assert!(find("add_feature", false).is_some());
    }
}
