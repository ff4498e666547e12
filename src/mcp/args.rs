//! The arguments of each MCP tool, as Rust types: serde reads a call's arguments into them
//! (unknown keys refused), and their JSON Schemas (`schemars`, from the doc comments) are
//! the tools' input schemas (`tools.rs`), with the `request` argument's schema replaced by
//! the request schema itself (`request::schema`). No argument names a root or a path: the
//! server works on the one project it was started for.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::invalid;
use crate::plan::ConflictPolicy;

/// A feature request, given one of three ways: `request`, `payload` or `name`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeatureArgs {
    /// The whole feature request as a JSON object (the schema of a petsage-build request
    /// file). Give this, or `payload`, or only `name`.
    pub request: Option<Value>,
    /// Several feature requests (each an object like `request`) added in one plan, all
    /// of them or none: a data model at once. Each is planned after those it refers to
    /// (`references`, `resource.parent`), whatever their order here. Instead of
    /// `request`, `payload` and `name`.
    pub requests: Option<Vec<Value>>,
    /// The request as a base64 payload (standard or URL-safe alphabet, padding optional,
    /// white space ignored), as `petsage-build encode` prints it.
    pub payload: Option<String>,
    /// The feature name (snake_case; PascalCase, kebab-case and "Title Case" are
    /// normalised). Alone, it uses the built-in preset of that name (`smoke_test`) or
    /// defaults derived from the name (a GET endpoint returning status and message).
    /// Beside `request` or `payload` it must agree with the request's `feature`.
    pub name: Option<String>,
    /// Replaces the request's description (one line of text).
    pub description: Option<String>,
    /// What to do with an existing file whose content differs from what would be
    /// generated. Default: refuse.
    #[serde(default)]
    pub conflicts: Conflicts,
}

/// What to do with an existing file whose content differs from what would be generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Conflicts {
    /// Stop: nothing at all is written, and the error lists the files.
    #[default]
    Refuse,
    /// Overwrite those files.
    Force,
    /// Keep those files as they are (the wiring is still done).
    SkipExisting,
}

impl Conflicts {
    pub fn policy(self) -> ConflictPolicy {
        match self {
            Conflicts::Refuse => ConflictPolicy::Refuse,
            Conflicts::Force => ConflictPolicy::Force,
            Conflicts::SkipExisting => ConflictPolicy::SkipExisting,
        }
    }
}

/// The feature to remove.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoveArgs {
    /// The feature's name, as `describe_project` lists it.
    pub name: String,
    /// Also remove files edited since they were generated (or not covered by a record).
    /// Without it, one such file stops the whole removal and nothing is removed.
    #[serde(default)]
    pub force: bool,
}

/// The payload to decode.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecodeArgs {
    /// The base64 payload (standard or URL-safe alphabet, padding optional, white space
    /// ignored), at most 1 MiB.
    pub payload: String,
}

/// No arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

/// Reads a call's arguments (none is `{}`) into `T`; a mismatch is invalid input, one
/// line naming the tool.
pub fn parse<T: serde::de::DeserializeOwned>(
    tool: &str,
    arguments: Option<Map<String, Value>>,
) -> anyhow::Result<T> {
    let value = Value::Object(arguments.unwrap_or_default());
    serde_json::from_value(value).map_err(|e| invalid(format!("invalid arguments to {tool}: {e}")))
}
