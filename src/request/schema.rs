//! A JSON Schema (2020-12) of the request format, for editors (`yaml-language-server`)
//! and CI: `petsage-build schema request`. Built from the same key lists the readers in
//! `parts/` check against, so a key the tool reads is a key the schema allows, and no
//! other; a test keeps the copy in `schemas/request.schema.json` current.

use serde_json::{Value as Json, json};

use super::parts::{
    BODY_KEYS, ENDPOINT_KEYS, ERROR_KEYS, FIELD_KEYS, ID_KEYS, MODEL_KEYS, PARAM_KEYS,
    RESOURCE_KEYS, RESPONSE_KEYS,
};
use super::read::TOP_KEYS;
use crate::request::Operation;

/// The types a field or parameter may have (`date | None`, `list[literal[a, b]]`).
const TYPE_PATTERN: &str = r#"^\s*(list\[\s*)?(str|int|float|bool|date|datetime|uuid|decimal|literal\[([^\]"']|"[^"]*"|'[^']*')+\])(\s*\])?(\s*\|\s*None)?\s*$"#;

/// The schema of a request.
pub fn request_schema() -> Json {
    let mut schema = object(
        "",
        TOP_KEYS,
        &["feature", "description"],
        "A petsage-build feature request: one endpoint (the default) or a whole resource \
         (kind: resource).",
    );
    schema.insert(
        "$schema".into(),
        "https://json-schema.org/draft/2020-12/schema".into(),
    );
    schema.insert("title".into(), "petsage-build feature request".into());
    schema.insert(
        "$defs".into(),
        json!({
            "type": {
                "type": "string",
                "pattern": TYPE_PATTERN,
                "description": "str, int, float, bool, date, datetime, uuid, decimal or \
                    literal[a, b, ...], a list[T] of one, each optionally followed by '| None'",
            },
            "line": {"type": "string", "minLength": 1, "maxLength": 200},
            "tags": {
                "oneOf": [
                    {"$ref": "#/$defs/line"},
                    {"type": "array", "items": {"$ref": "#/$defs/line"}},
                ],
            },
            "model_name": {
                "type": "string",
                "pattern": "^[A-Z][A-Za-z0-9]{0,62}$",
                "description": "A PascalCase class name",
            },
            "name": {
                "type": "string",
                "pattern": "^[a-z][a-z0-9_]{0,62}$",
                "description": "A snake_case Python name",
            },
            "path": {
                "type": "string",
                "pattern": "^/",
                "maxLength": 200,
                "description": "A URL path; {name} segments are path parameters",
            },
            "field": object("field", FIELD_KEYS, &["name", "type"], "A field of a model"),
            "fields": {
                "type": "array",
                "minItems": 1,
                "maxItems": 100,
                "items": {"$ref": "#/$defs/field"},
            },
            "param": object(
                "param",
                PARAM_KEYS,
                &["name", "type"],
                "A path or query parameter of the endpoint",
            ),
            "error": object(
                "error",
                ERROR_KEYS,
                &["status", "description"],
                "An error response the endpoint documents and its service raises",
            ),
            "id": object("id", ID_KEYS, &[], "The id of a resource's items"),
        }),
    );
    Json::Object(schema)
}

/// An object with exactly `keys` (each also with its first letter in upper case, as the
/// readers accept), `required` among them.
fn object(
    owner: &str,
    keys: &[&str],
    required: &[&str],
    description: &str,
) -> serde_json::Map<String, Json> {
    let mut properties = serde_json::Map::new();
    for key in keys {
        let def = property(owner, key);
        properties.insert(key.to_string(), def.clone());
        properties.insert(capitalised(key), def);
    }
    let all_of: Vec<Json> = required
        .iter()
        .map(|k| json!({"anyOf": [{"required": [k]}, {"required": [capitalised(k)]}]}))
        .collect();
    let mut out = serde_json::Map::new();
    out.insert("type".into(), "object".into());
    out.insert("description".into(), description.into());
    out.insert("properties".into(), Json::Object(properties));
    out.insert("additionalProperties".into(), false.into());
    if !all_of.is_empty() {
        out.insert("allOf".into(), Json::Array(all_of));
    }
    out
}

fn obj(owner: &str, keys: &[&str], required: &[&str], description: &str) -> Json {
    Json::Object(object(owner, keys, required, description))
}

fn capitalised(key: &str) -> String {
    let mut c = key.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// The schema of `key` in the object `owner` (`""` for the top level). Every key of the
/// readers' lists has one: a key without one is a bug the tests catch.
fn property(owner: &str, key: &str) -> Json {
    let any = json!({});
    match (owner, key) {
        ("", "feature") => json!({"type": "string", "description": "The feature's name: \
            snake_case, PascalCase, kebab-case or Title Case (normalised to snake_case)"}),
        ("" | "error", "description") => {
            json!({"type": "string", "minLength": 1, "maxLength": 2000})
        }
        ("", "requirements") => json!({"oneOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}},
        ], "description": "none, a string or a list of strings"}),
        ("", "kind") => json!({"enum": ["endpoint", "resource"], "default": "endpoint"}),
        ("", "endpoint") => obj(
            "endpoint",
            ENDPOINT_KEYS,
            &[],
            "The route: method, path, status, parameters and documented errors",
        ),
        ("", "request") => obj(
            "body",
            BODY_KEYS,
            &["fields"],
            "The body the endpoint takes",
        ),
        ("", "response") => obj("response", RESPONSE_KEYS, &[], "What the endpoint answers"),
        ("", "resource") => obj(
            "resource",
            RESOURCE_KEYS,
            &[],
            "A resource's routes (with kind: resource)",
        ),
        ("", "model") => obj(
            "model",
            MODEL_KEYS,
            &["fields"],
            "A resource's stored model (with kind: resource)",
        ),
        ("endpoint", "method") => json!({"type": "string", "pattern":
            "^(?i:get|post|put|patch|delete)$", "description": "GET, POST, PUT, PATCH or DELETE"}),
        ("endpoint" | "resource", "path") => json!({"$ref": "#/$defs/path"}),
        ("endpoint" | "resource", "tags") => json!({"$ref": "#/$defs/tags"}),
        ("endpoint", "summary") => json!({"$ref": "#/$defs/line"}),
        ("endpoint", "status_code") => json!({"type": "integer", "minimum": 200, "maximum": 299,
            "description": "Default: 201 for POST, 204 for DELETE without a response, else 200"}),
        ("endpoint", "params") => json!({"type": "array", "maxItems": 30,
            "items": {"$ref": "#/$defs/param"}}),
        ("endpoint", "dependencies") => json!({"type": "array", "minItems": 1,
            "uniqueItems": true, "items": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
            "description": "Names \
            from [tool.petsage-build] dependencies the route needs (current_user: a logged-in \
            user); its router is built with them"}),
        ("resource", "auth") => json!({"enum": ["required", "none"], "default": "none",
            "description": "required: every route needs the current user (config \
            dependencies.current_user); without a valid token it is a 401"}),
        ("resource", "owner") => json!({"type": "boolean", "default": false,
            "description": "true: each row belongs to the user who created it (owner_id, \
            set from the current user, never from a body); a user sees only their own, \
            another's id is a 404. Implies auth: required; needs config user_model"}),
        ("endpoint", "errors") => json!({"type": "array", "items": {"$ref": "#/$defs/error"}}),
        ("body" | "response" | "model", "model") | ("model", "name") => {
            json!({"$ref": "#/$defs/model_name"})
        }
        ("body" | "response" | "model", "fields") => json!({"$ref": "#/$defs/fields"}),
        ("response", "many") => json!({"type": "boolean", "description": "true: a list"}),
        ("resource", "id") => json!({"$ref": "#/$defs/id"}),
        ("resource", "operations") => json!({"type": "array", "minItems": 1, "uniqueItems": true,
            "items": {"enum": Operation::ALL.map(super::model::Operation::as_str)}}),
        ("resource", "order_by") => json!({"type": "array", "minItems": 1, "uniqueItems": true,
            "items": {"type": "string", "pattern": "^-?[A-Za-z_][A-Za-z0-9_]*$"},
            "description": "The list's order: field names, '-' before one for descending; \
             ties break on the id (default: the id)"}),
        ("resource", "filters") => json!({"type": "array", "minItems": 1, "uniqueItems": true,
            "items": {"$ref": "#/$defs/name"}, "description": "Fields the list filters on: \
             equality, and <name>_min / <name>_max for numbers, dates and datetimes"}),
        ("resource", "sort") => json!({"type": "array", "minItems": 1, "uniqueItems": true,
            "items": {"$ref": "#/$defs/name"}, "description": "Fields the list's sort \
             parameter may name (sort=-name: descending)"}),
        ("resource", "parent") => json!({"oneOf": [{"$ref": "#/$defs/name"}, {"type": "object",
            "additionalProperties": false, "required": ["resource"], "properties": {
            "resource": {"$ref": "#/$defs/name"}, "on_delete": {"enum": ["cascade", "restrict"],
            "default": "cascade"}}}], "description": "The resource whose rows own these: \
            the routes nest under its item (/pets/{pet_id}/visits), a wrong parent is a 404; \
            deleting the parent deletes them (cascade) or is refused while they exist"}),
        ("resource", "timestamps") => json!({"type": "boolean", "default": false,
            "description": "created_at and updated_at: aware UTC, set by the server, read-only"}),
        ("id" | "field", "name") => json!({"$ref": "#/$defs/name"}),
        ("param", "name") => json!({"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_-]{0,99}$",
            "description": "A snake_case Python name; an in: header parameter may be named by \
            its header (X-Request-Id gives x_request_id)"}),
        ("id", "type") => json!({"enum": ["int", "uuid"], "default": "int"}),
        ("field" | "param", "type") => json!({"$ref": "#/$defs/type"}),
        ("field" | "param", "example" | "default") => any,
        ("field" | "param", "description") => json!({"$ref": "#/$defs/line"}),
        ("field", "min_length" | "max_length") => json!({"type": "integer", "minimum": 0,
            "maximum": 1_000_000, "description": "Text length in characters (str fields)"}),
        ("field", "pattern") => json!({"type": "string", "minLength": 1, "maxLength": 60,
            "description": "A regular expression (Rust regex, as Pydantic) the text matches"}),
        ("field", "ge" | "gt" | "le" | "lt") => json!({"type": "number",
            "description": "A bound of a number (int, float, decimal fields)"}),
        ("field", "unique") => json!({"type": "boolean",
            "description": "A unique column (str, int, uuid): a duplicate is a 409"}),
        ("field", "references") => json!({"description": "The rows the field refers to \
            (an int or uuid field): a resource feature of the project, by id, or a \
            hand-written SQLModel table model's table, by its primary key. A foreign key; an \
            unknown id is a 422",
            "oneOf": [{"$ref": "#/$defs/name"}, {"type": "object",
                "additionalProperties": false, "required": ["table"], "properties": {
                "table": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
                    "description": "The table (its model's __tablename__)"},
                "column": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
                    "default": "id", "description": "Its primary key column"},
                "type": {"enum": ["int", "uuid"],
                    "description": "The column's type: the field's"}}}]}),
        ("field", "on_delete") => json!({"enum": ["cascade", "restrict", "set_null"],
            "default": "restrict", "description": "What deleting the referenced row does: \
            delete this one too, refuse (409), or set the field to null (needs | None)"}),
        ("field", "index") => json!({"type": "boolean", "description": "An indexed column"}),
        ("param", "in") => json!({"enum": ["path", "query", "header"], "default": "query",
            "description": "header: name it by its header (X-Request-Id) or give alias"}),
        ("param", "alias") => json!({"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_-]*$",
            "maxLength": 100, "description": "The header an in: header parameter reads, \
            where name is its Python name"}),
        ("error", "status") => json!({"type": "integer", "minimum": 400, "maximum": 599}),
        (owner, key) => unreachable!("no schema for '{key}' in '{owner}'"),
    }
}
