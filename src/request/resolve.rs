//! The request with every default filled in: what the builder renders from.

use super::field::{BaseType, Example, FieldType};
use super::model::{Field, Method, Request};
use crate::naming::FeatureName;

/// A request resolved against the defaults of SPEC §2.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub name: FeatureName,
    pub description: String,
    pub requirements: Vec<String>,
    pub method: Method,
    pub path: String,
    /// The part of the URL the include of the feature's router adds (`/pets` when the
    /// aggregator's includes carry `prefix="/<name>"`); `path` is then the rest.
    pub mount: String,
    pub tags: Vec<String>,
    pub summary: String,
    pub model: String,
    pub fields: Vec<Field>,
}

impl Request {
    pub fn resolve(&self) -> Feature {
        let name = &self.feature;
        let endpoint = self.endpoint.clone().unwrap_or_default();
        let response = self.response.clone().unwrap_or_default();
        Feature {
            name: name.clone(),
            description: self.description.clone(),
            requirements: self.requirements.clone(),
            method: endpoint.method.unwrap_or(Method::Get),
            path: endpoint
                .path
                .unwrap_or_else(|| format!("/{}", name.kebab())),
            mount: String::new(),
            tags: endpoint.tags.unwrap_or_else(|| vec![name.title()]),
            summary: endpoint.summary.unwrap_or_else(|| name.title()),
            model: response
                .model
                .unwrap_or_else(|| format!("{}Response", name.pascal())),
            fields: response.fields.unwrap_or_else(|| default_fields(name)),
        }
    }
}

fn default_fields(name: &FeatureName) -> Vec<Field> {
    let str_field = |n: &str, example: String, description: &str| Field {
        name: n.to_string(),
        ty: FieldType {
            base: BaseType::Str,
            optional: false,
        },
        example: Example::Str(example),
        description: Some(description.to_string()),
    };
    vec![
        str_field(
            "status",
            "ok".into(),
            "The operational status of the service.",
        ),
        str_field(
            "message",
            format!("{} is ready.", name.title()),
            "A confirmation message from the service.",
        ),
    ]
}
