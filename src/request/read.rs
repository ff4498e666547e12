//! Reading a request from YAML (SPEC §2, §12): the top-level keys, each part by its
//! reader in `parts/`, then the checks across parts. Errors are one line naming the key.

use serde_yaml::Value;

use super::keys::Entries;
use super::model::{Kind, Request};
use super::parts::{self, describe_kind};
use crate::error::Error;
use crate::naming::FeatureName;

pub(super) const TOP_KEYS: &[&str] = &[
    "feature",
    "description",
    "requirements",
    "kind",
    "endpoint",
    "request",
    "response",
    "resource",
    "model",
];

impl Request {
    /// Validates a parsed YAML document as a request. Errors are one line naming the key.
    pub fn from_yaml(doc: &Value) -> Result<Request, Error> {
        let Value::Mapping(map) = doc else {
            return Err(Error::Invalid(format!(
                "request must be a YAML mapping, found {}",
                super::keys::describe(doc)
            )));
        };
        let top = Entries::read(map, "", TOP_KEYS)?;
        let feature_text = parts::string(&top, "feature", top.require("feature")?)?;
        let feature = FeatureName::parse(&feature_text)?;
        let description = parts::text(
            &top,
            "description",
            top.require("description")?,
            parts::MAX_DESCRIPTION,
        )?;
        let requirements = match top.get("requirements") {
            None => Vec::new(),
            Some(v) => parts::requirements(v)?,
        };
        let kind = top.get("kind").map(|v| parts::kind(&top, v)).transpose()?;
        let req = Request {
            feature,
            description,
            requirements,
            kind,
            endpoint: top.get("endpoint").map(parts::endpoint).transpose()?,
            body: top.get("request").map(parts::body).transpose()?,
            response: top.get("response").map(parts::response).transpose()?,
            resource: top.get("resource").map(parts::resource).transpose()?,
            model: top.get("model").map(parts::model).transpose()?,
        };
        req.check_parts()?;
        // The defaults must make sense together too (a path parameter with a declared
        // parameter, a body only where the method takes one, ...).
        req.resolve()?;
        Ok(req)
    }

    /// Which keys belong to which kind.
    fn check_parts(&self) -> Result<(), String> {
        let resource = self.kind == Some(Kind::Resource);
        let given = |key: &str| match key {
            "endpoint" => self.endpoint.is_some(),
            "request" => self.body.is_some(),
            "response" => self.response.is_some(),
            "resource" => self.resource.is_some(),
            _ => self.model.is_some(),
        };
        let (wrong, why) = if resource {
            (
                ["endpoint", "request", "response"].as_slice(),
                "a resource's routes, body and responses come from 'resource' and 'model'",
            )
        } else {
            (
                ["resource", "model"].as_slice(),
                "they describe a resource; add 'kind: resource'",
            )
        };
        if let Some(key) = wrong.iter().find(|k| given(k)) {
            return Err(format!(
                "'{key}' does not apply to {}: {why}",
                describe_kind(self.kind)
            ));
        }
        if resource && self.model.is_none() {
            return Err(
                "a resource needs 'model' with its fields (model.fields: [{name, type, \
                 example}, ...])"
                    .into(),
            );
        }
        Ok(())
    }

    /// The request for a bare name: every optional part left to its default.
    pub fn named(feature: FeatureName) -> Request {
        Request {
            description: format!("The {} feature.", feature.title()),
            feature,
            requirements: Vec::new(),
            kind: None,
            endpoint: None,
            body: None,
            response: None,
            resource: None,
            model: None,
        }
    }

    /// The same request with another description (`--description`), validated.
    pub fn with_description(mut self, description: &str) -> Result<Request, Error> {
        let d = description.trim();
        parts::check_text("description", d, parts::MAX_DESCRIPTION)?;
        self.description = d.to_string();
        Ok(self)
    }
}
