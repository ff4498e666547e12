//! The canonical form of a request (SPEC §2): keys in SPEC order, lower case, only what
//! was given, so that `decode(encode(x)) == x` and a record prints what was asked.

use serde_yaml::{Mapping, Value};

use super::model::{EndpointSpec, Field, Request, ResourceSpec};
use super::parts::{put, strings};

impl Request {
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
        if let Some(kind) = self.kind {
            put(&mut m, "kind", kind.as_str().into());
        }
        if let Some(e) = &self.endpoint {
            put(&mut m, "endpoint", e.to_yaml());
        }
        if let Some(b) = &self.body {
            let mut bm = Mapping::new();
            if let Some(model) = &b.model {
                put(&mut bm, "model", model.clone().into());
            }
            put(&mut bm, "fields", fields_yaml(&b.fields));
            put(&mut m, "request", Value::Mapping(bm));
        }
        if let Some(r) = &self.response {
            let mut rm = Mapping::new();
            if let Some(model) = &r.model {
                put(&mut rm, "model", model.clone().into());
            }
            if let Some(many) = r.many {
                put(&mut rm, "many", many.into());
            }
            if let Some(fields) = &r.fields {
                put(&mut rm, "fields", fields_yaml(fields));
            }
            put(&mut m, "response", Value::Mapping(rm));
        }
        if let Some(r) = &self.resource {
            put(&mut m, "resource", r.to_yaml());
        }
        if let Some(model) = &self.model {
            let mut mm = Mapping::new();
            if let Some(name) = &model.name {
                put(&mut mm, "name", name.clone().into());
            }
            put(&mut mm, "fields", fields_yaml(&model.fields));
            put(&mut m, "model", Value::Mapping(mm));
        }
        Value::Mapping(m)
    }
}

impl EndpointSpec {
    fn to_yaml(&self) -> Value {
        let mut em = Mapping::new();
        if let Some(method) = self.method {
            put(&mut em, "method", method.as_str().into());
        }
        if let Some(path) = &self.path {
            put(&mut em, "path", path.clone().into());
        }
        if let Some(tags) = &self.tags {
            put(&mut em, "tags", strings(tags));
        }
        if let Some(summary) = &self.summary {
            put(&mut em, "summary", summary.clone().into());
        }
        if let Some(code) = self.status_code {
            put(&mut em, "status_code", Value::from(code));
        }
        if let Some(params) = &self.params {
            let items = params
                .iter()
                .map(|p| {
                    let mut pm = Mapping::new();
                    put(&mut pm, "name", p.name.clone().into());
                    put(&mut pm, "in", p.location.as_str().into());
                    if let Some(alias) = &p.alias {
                        put(&mut pm, "alias", alias.clone().into());
                    }
                    put(&mut pm, "type", p.ty.to_string().into());
                    if let Some(d) = &p.default {
                        put(&mut pm, "default", d.to_yaml());
                    }
                    put(&mut pm, "example", p.example.to_yaml());
                    if let Some(d) = &p.description {
                        put(&mut pm, "description", d.clone().into());
                    }
                    Value::Mapping(pm)
                })
                .collect();
            put(&mut em, "params", Value::Sequence(items));
        }
        if let Some(errors) = &self.errors {
            let items = errors
                .iter()
                .map(|e| {
                    let mut m = Mapping::new();
                    put(&mut m, "status", Value::from(e.status));
                    put(&mut m, "description", e.description.clone().into());
                    Value::Mapping(m)
                })
                .collect();
            put(&mut em, "errors", Value::Sequence(items));
        }
        if let Some(names) = &self.dependencies {
            put(&mut em, "dependencies", strings(names));
        }
        Value::Mapping(em)
    }
}

impl ResourceSpec {
    fn to_yaml(&self) -> Value {
        let mut rm = Mapping::new();
        if let Some(path) = &self.path {
            put(&mut rm, "path", path.clone().into());
        }
        if let Some(id) = &self.id {
            let mut im = Mapping::new();
            if let Some(name) = &id.name {
                put(&mut im, "name", name.clone().into());
            }
            if let Some(ty) = id.ty {
                put(&mut im, "type", ty.as_str().into());
            }
            put(&mut rm, "id", Value::Mapping(im));
        }
        if let Some(ops) = &self.operations {
            let items = ops.iter().map(|o| Value::from(o.as_str())).collect();
            put(&mut rm, "operations", Value::Sequence(items));
        }
        if let Some(tags) = &self.tags {
            put(&mut rm, "tags", strings(tags));
        }
        if self.timestamps {
            put(&mut rm, "timestamps", true.into());
        }
        for (key, names) in [
            ("order_by", &self.order_by),
            ("filters", &self.filters),
            ("sort", &self.sort),
        ] {
            if let Some(names) = names {
                put(&mut rm, key, strings(names));
            }
        }
        if let Some(parent) = &self.parent {
            put(&mut rm, "parent", parent.to_yaml());
        }
        if self.auth {
            put(&mut rm, "auth", "required".into());
        }
        if self.owner {
            put(&mut rm, "owner", true.into());
        }
        Value::Mapping(rm)
    }
}

fn fields_yaml(fields: &[Field]) -> Value {
    Value::Sequence(
        fields
            .iter()
            .map(|f| {
                let mut fm = Mapping::new();
                put(&mut fm, "name", f.name.clone().into());
                put(&mut fm, "type", f.ty.to_string().into());
                if let Some(d) = &f.default {
                    put(&mut fm, "default", d.to_yaml());
                }
                put(&mut fm, "example", f.example.to_yaml());
                if let Some(d) = &f.description {
                    put(&mut fm, "description", d.clone().into());
                }
                for (key, value) in f.constraints.entries() {
                    put(&mut fm, key, value);
                }
                for (key, value) in f
                    .references
                    .iter()
                    .flat_map(super::reference::Reference::entries)
                {
                    put(&mut fm, key, value);
                }
                Value::Mapping(fm)
            })
            .collect(),
    )
}
