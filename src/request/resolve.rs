//! The request with every default filled in: what `plan::feature` renders from.

use super::example::Example;
use super::field::{FieldType, Scalar};
use super::model::{
    ErrorSpec, Field, IdType, Kind, Method, Operation, Param, ParamIn, Request, TIMESTAMPS,
};
use super::parts::path_params;
use crate::naming::{FeatureName, pascal_of, singular, snake_of};

/// A request resolved against the defaults of SPEC §2 and §12.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub name: FeatureName,
    pub description: String,
    pub requirements: Vec<String>,
    pub method: Method,
    /// The route (an endpoint) or the collection's path (a resource).
    pub path: String,
    /// The part of the URL the include of the feature's router adds (`/pets` when the
    /// aggregator's includes carry `prefix="/<name>"`); `path` is then the rest.
    pub mount: String,
    /// The dependencies the route inherits from the include that mounts it (the
    /// siblings', SPEC §11b), which its generated test overrides.
    pub overrides: Vec<Override>,
    /// The `dependencies=` the feature's own router is built with, where its siblings
    /// build theirs so (SPEC §11b), and the `[module, name]` imports that value needs.
    pub router_dependencies: Option<RouterDependencies>,
    /// The configured dependencies the route needs, by name (`endpoint.dependencies`;
    /// `current_user` for `resource.auth: required`, SPEC §15): the plan resolves them.
    pub dependencies: Vec<String>,
    /// The `current_user` dependency on the route, once the plan resolved it: the tests
    /// override it, and prove that each route without a token is a 401.
    pub auth: Option<Override>,
    /// The URL prefix the feature's aggregator is served under, read from the app down
    /// (SPEC §11b); `None`: the layout's `api_prefix`.
    pub api_prefix: Option<String>,
    pub tags: Vec<String>,
    pub summary: String,
    /// The response model; empty when the endpoint answers without a body (204).
    pub model: String,
    /// The response model's fields (empty without a body).
    pub fields: Vec<Field>,
    /// The endpoint returns `list[model]`.
    pub many: bool,
    pub status_code: u16,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub errors: Vec<ErrorSpec>,
    pub resource: Option<Resource>,
}

/// The configured dependency `auth: required` means (SPEC §15).
pub const CURRENT_USER: &str = "current_user";

/// One dependency a generated test overrides: `from {module} import {name}`, then
/// `app.dependency_overrides[{key}]`; `optional` when `key` is a `Depends(...)` object's
/// `.dependency` (typed `Callable | None`, so the test checks it first).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Override {
    pub module: String,
    pub name: String,
    pub key: String,
    pub optional: bool,
}

/// `router = APIRouter(dependencies=VALUE)`, as the sibling endpoint modules write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterDependencies {
    /// On one line (`[Depends(get_current_user)]`).
    pub value: String,
    pub imports: Vec<[String; 2]>,
}

/// The body an endpoint takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub model: String,
    pub fields: Vec<Field>,
}

/// A resource's parts, with defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The stored model (`Pet`).
    pub model: String,
    /// `pet`: the model as a variable.
    pub singular: String,
    pub fields: Vec<Field>,
    pub id_name: String,
    pub id_type: IdType,
    pub operations: Vec<Operation>,
    /// `created_at` and `updated_at`, set by the server and read-only.
    pub timestamps: bool,
    /// The list's order, filters and sort (SPEC §13).
    pub listing: super::Listing,
    /// The resources its fields refer to (`references:`), as the plan found them in the
    /// project; empty until then.
    pub targets: Vec<super::Target>,
    /// The resource whose rows own these (`resource.parent`): the routes nest under its
    /// item; its column is filled in by the plan.
    pub parent: Option<super::Parent>,
    /// `owner: true`: the rows are the current user's (SPEC §15); the plan fills in the
    /// column and the user model it refers to.
    pub owner: Option<super::Owner>,
}

impl Resource {
    pub fn has(&self, op: Operation) -> bool {
        self.operations.contains(&op)
    }

    /// The parent's column, once the plan found it.
    pub fn parent_field(&self) -> Option<&Field> {
        self.parent.as_ref().and_then(|p| p.field.as_ref())
    }

    /// The owner's column, once the plan found the user model.
    pub fn owner_field(&self) -> Option<&Field> {
        self.owner.as_ref().map(|o| &o.field)
    }

    /// Every column of the table but the id and timestamps: the parent's first (no body
    /// holds it: the path does), then the model's fields.
    pub fn columns(&self) -> impl Iterator<Item = &Field> {
        self.parent_field()
            .into_iter()
            .chain(self.owner_field())
            .chain(&self.fields)
    }
}

impl Feature {
    /// A resource is what has rows (`resource`); anything else is an endpoint: the kind
    /// cannot disagree with the rows.
    pub fn kind(&self) -> Kind {
        if self.resource.is_some() {
            Kind::Resource
        } else {
            Kind::Endpoint
        }
    }
}

impl Request {
    /// Fills in the defaults and checks the parts against each other. `from_yaml` calls
    /// it, so a request read from text resolves; one built in code may not.
    pub fn resolve(&self) -> Result<Feature, crate::error::Error> {
        let feature = match self.kind {
            Some(Kind::Resource) => self.resolve_resource(),
            _ => self.resolve_endpoint(),
        }?;
        Ok(feature)
    }

    fn resolve_endpoint(&self) -> Result<Feature, String> {
        let name = &self.feature;
        let endpoint = self.endpoint.clone().unwrap_or_default();
        let body = self.body.as_ref();
        // A body says the method: POST unless given.
        let method = endpoint.method.unwrap_or(if body.is_some() {
            Method::Post
        } else {
            Method::Get
        });
        if body.is_some() && !method.takes_body() {
            return Err(format!(
                "'request' (a body) needs method POST, PUT or PATCH; endpoint.method is {}",
                method.as_str()
            ));
        }
        let path = endpoint
            .path
            .unwrap_or_else(|| format!("/{}", name.kebab()));
        let params = endpoint.params.unwrap_or_default();
        for p in path_params(&path) {
            if !params
                .iter()
                .any(|q| q.name == p && q.location == ParamIn::Path)
            {
                return Err(format!(
                    "endpoint.path has the parameter {{{p}}}: declare it in endpoint.params \
                     ({{name: {p}, in: path, type: int, example: 1}})"
                ));
            }
        }
        if let Some(q) = params
            .iter()
            .find(|q| q.location == ParamIn::Path && !path_params(&path).contains(&q.name.as_str()))
        {
            return Err(format!(
                "parameter '{}' is in: path, but endpoint.path '{path}' has no {{{}}}",
                q.name, q.name
            ));
        }
        let response = self.response.clone().unwrap_or_default();
        let explicit_response = self.response.is_some();
        let status_code = endpoint.status_code.unwrap_or(match method {
            Method::Post => 201,
            Method::Delete if !explicit_response => 204,
            _ => 200,
        });
        let no_content = status_code == 204 || status_code == 205 || status_code == 304;
        if no_content && explicit_response {
            return Err(format!(
                "status_code {status_code} answers without a body; leave out 'response' or \
                 give another status_code"
            ));
        }
        let many = response.many.unwrap_or(false);
        let (response_model, fields) = if no_content {
            (String::new(), Vec::new())
        } else {
            (
                response
                    .model
                    .unwrap_or_else(|| format!("{}Response", name.pascal())),
                response.fields.unwrap_or_else(|| default_fields(name)),
            )
        };
        let classes = feature_classes(name, endpoint.errors.as_deref().unwrap_or_default());
        if !response_model.is_empty() {
            own_class_clash("response.model", &response_model, &classes)?;
        }
        let body = match body {
            Some(b) => {
                let model = b.model.clone().unwrap_or_else(|| {
                    let what = match method {
                        Method::Post => "Create",
                        Method::Patch => "Update",
                        _ => "Request",
                    };
                    format!("{}{what}", name.pascal())
                });
                own_class_clash("request.model", &model, &classes)?;
                if !fields.is_empty() && model == response_model {
                    return Err(format!(
                        "request.model and response.model are both '{model}'; give them \
                         different names"
                    ));
                }
                Some(Body {
                    model,
                    fields: b.fields.clone(),
                })
            }
            None => None,
        };
        Ok(Feature {
            name: name.clone(),
            description: self.description.clone(),
            requirements: self.requirements.clone(),
            method,
            path,
            mount: String::new(),
            overrides: Vec::new(),
            router_dependencies: None,
            dependencies: endpoint.dependencies.unwrap_or_default(),
            auth: None,
            api_prefix: None,
            tags: endpoint.tags.unwrap_or_else(|| vec![name.title()]),
            summary: endpoint.summary.unwrap_or_else(|| name.title()),
            model: response_model,
            fields,
            many,
            status_code,
            params,
            body,
            errors: endpoint.errors.unwrap_or_default(),
            resource: None,
        })
    }

    fn resolve_resource(&self) -> Result<Feature, String> {
        let name = &self.feature;
        let spec = self.resource.clone().unwrap_or_default();
        let model_spec = self
            .model
            .clone()
            .ok_or("a resource needs 'model' with its fields")?;
        let model = model_spec
            .name
            .clone()
            .unwrap_or_else(|| pascal_of(&singular(name.snake())));
        if let Some(f) = model_spec
            .fields
            .iter()
            .find(|f| matches!(f.ty.scalar, Scalar::Decimal))
        {
            return Err(format!(
                "model field '{}': decimal columns are not supported in a resource yet \
                 (SQLite has no exact decimal type); use float, int (cents) or str",
                f.name
            ));
        }
        // The database keeps a datetime in UTC, and gives it back so: an example with
        // another offset would not read back as written (the generated tests compare).
        for f in &model_spec.fields {
            let offset = |e: &Example| match e {
                Example::DateTime(s) => {
                    s.ends_with(|c: char| c.is_ascii_digit())
                        && s.len() > 19
                        && s[19..].contains(['+', '-'])
                }
                _ => false,
            };
            let shifted = match &f.example {
                Example::List(items) => items.iter().any(offset),
                e => offset(e),
            };
            if shifted {
                return Err(format!(
                    "model field '{}': the database keeps datetimes in UTC, so give the \
                     example in UTC (ending in Z) or without an offset",
                    f.name
                ));
            }
        }
        if spec.timestamps
            && let Some(f) = model_spec
                .fields
                .iter()
                .find(|f| TIMESTAMPS.contains(&f.name.as_str()))
        {
            return Err(format!(
                "model field '{}' is set by the server under resource.timestamps; rename \
                 the field or leave timestamps out",
                f.name
            ));
        }
        let single = snake_of(&model);
        let id = spec.id.clone().unwrap_or_default();
        let id_name = id.name.clone().unwrap_or_else(|| format!("{single}_id"));
        if model_spec.fields.iter().any(|f| f.name == id_name) {
            return Err(format!(
                "model field '{id_name}' is the resource's id (resource.id); rename one of them"
            ));
        }
        // The API schemas are named after the model; none may be the model itself, or a
        // class the feature's modules define.
        let mut classes = feature_classes(name, &[]);
        // The page of items is `<Feature>Public` (`<Model>sPublic` when the two names
        // are the same): the model may not be that class.
        classes.push(format!("{}Public", name.pascal()));
        own_class_clash("model.name", &model, &classes)?;
        classes.pop();
        for suffix in [
            "Create",
            "Update",
            "Public",
            "Base",
            "NotFoundError",
            "ErrorBody",
            "Query",
            "Sort",
        ] {
            let derived = format!("{model}{suffix}");
            if let Some(why) = crate::pynames::model_name_clash(&derived) {
                return Err(format!(
                    "model.name '{model}' gives '{derived}', which {why}"
                ));
            }
            if classes.contains(&derived) {
                return Err(format!(
                    "model.name '{model}' gives '{derived}', which is a class the feature \
                     '{name}' defines; give the model another name"
                ));
            }
        }
        let plural = format!("{model}sPublic");
        if let Some(why) = crate::pynames::model_name_clash(&plural) {
            return Err(format!(
                "model.name '{model}' gives '{plural}', which {why}"
            ));
        }
        let operations = spec.operations.clone().map_or_else(
            || Operation::DEFAULT.to_vec(),
            |mut ops| {
                ops.sort();
                ops
            },
        );
        let id_type = id.ty.unwrap_or(IdType::Int);
        let listing =
            super::listing::listing(&spec, &model_spec.fields, (&id_name, id_type), &operations)?;
        super::reference::check_references(name, &model_spec.fields, &id_name, spec.timestamps)?;
        if let Some(f) = model_spec
            .fields
            .iter()
            .find(|f| spec.owner && f.name == super::OWNER_FIELD)
        {
            return Err(format!(
                "model field '{}': resource.owner: true adds the column {} (set \
                 from the current user, never from a body); leave the field out",
                f.name,
                super::OWNER_FIELD
            ));
        }
        if spec.parent.as_ref().is_some_and(|p| p.feature == *name) {
            return Err(format!(
                "resource.parent: '{name}' is this resource; a resource nested under \
                 itself (a tree) is not supported yet"
            ));
        }
        Ok(Feature {
            name: name.clone(),
            description: self.description.clone(),
            requirements: self.requirements.clone(),
            method: Method::Get,
            path: spec
                .path
                .clone()
                .unwrap_or_else(|| format!("/{}", name.kebab())),
            mount: String::new(),
            overrides: Vec::new(),
            router_dependencies: None,
            dependencies: if spec.auth || spec.owner {
                vec![CURRENT_USER.to_string()]
            } else {
                Vec::new()
            },
            auth: None,
            api_prefix: None,
            tags: spec.tags.clone().unwrap_or_else(|| vec![name.title()]),
            summary: name.title(),
            model: model.clone(),
            fields: model_spec.fields.clone(),
            many: false,
            status_code: 200,
            params: vec![Param {
                name: id_name.clone(),
                location: ParamIn::Path,
                alias: None,
                ty: FieldType::plain(id_type.scalar()),
                example: id_type.example(),
                default: None,
                description: Some(format!("The {}'s id.", crate::naming::words_of(&single))),
            }],
            body: None,
            errors: vec![ErrorSpec {
                status: 404,
                description: format!("{} not found", crate::naming::sentence_of(&single)),
            }],
            resource: Some(Resource {
                model,
                singular: single,
                fields: model_spec.fields,
                id_name,
                id_type,
                operations,
                timestamps: spec.timestamps,
                listing,
                targets: Vec::new(),
                parent: spec.parent.clone(),
                owner: spec.owner.then(super::Owner::new),
            }),
        })
    }
}

/// The classes a feature's modules define under names derived from the feature's name:
/// the service, its dependency alias and (for an endpoint) one exception per error.
fn feature_classes(name: &FeatureName, errors: &[ErrorSpec]) -> Vec<String> {
    let pascal = name.pascal();
    let mut classes = vec![format!("{pascal}Service"), format!("{pascal}ServiceDep")];
    classes.extend(
        errors
            .iter()
            .map(|e| crate::pynames::error_class(&pascal, e.status)),
    );
    classes
}

/// Refuses a model name that is one of the feature's own classes (`feature_classes`).
fn own_class_clash(what: &str, model: &str, classes: &[String]) -> Result<(), String> {
    if classes.iter().any(|c| c == model) {
        return Err(format!(
            "{what} '{model}' is a class the feature's modules define already; give the \
             model another name"
        ));
    }
    Ok(())
}

fn default_fields(name: &FeatureName) -> Vec<Field> {
    let str_field = |n: &str, example: String, description: &str| Field {
        name: n.to_string(),
        ty: FieldType::plain(Scalar::Str),
        example: Example::Str(example),
        description: Some(description.to_string()),
        default: None,
        constraints: Default::default(),
        references: None,
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
