//! The feature request (SPEC §2, §12): parsed strictly from YAML and printed canonically.
//! Reading it is `read.rs`'s (with the readers of its parts in `parts/`), printing it
//! `print.rs`'s; the defaults are `resolve.rs`'s.

use super::example::Example;
use super::field::FieldType;
use crate::naming::FeatureName;

/// A request as given: optional parts stay `None` so that printing it back and reading
/// it again yields the same request (decode ∘ encode = id).
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub feature: FeatureName,
    pub description: String,
    pub requirements: Vec<String>,
    /// `kind:` as given (absent: an endpoint).
    pub kind: Option<Kind>,
    pub endpoint: Option<EndpointSpec>,
    /// The `request:` key: the body the endpoint takes.
    pub body: Option<BodySpec>,
    pub response: Option<ResponseSpec>,
    pub resource: Option<ResourceSpec>,
    pub model: Option<ModelSpec>,
}

impl Request {
    /// Whether this request refers to the rows of the feature `name`: a field's
    /// `references: name`, or `resource.parent: name`.
    pub fn refers_to(&self, name: &str) -> bool {
        let fields = self.model.iter().flat_map(|m| &m.fields);
        fields
            .filter_map(|f| f.references.as_ref()?.to.feature())
            .any(|f| f.snake() == name)
            || self
                .resource
                .as_ref()
                .and_then(|r| r.parent.as_ref())
                .is_some_and(|p| p.feature.snake() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Endpoint,
    Resource,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Endpoint => "endpoint",
            Kind::Resource => "resource",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EndpointSpec {
    pub method: Option<Method>,
    pub path: Option<String>,
    pub tags: Option<Vec<String>>,
    pub summary: Option<String>,
    pub status_code: Option<u16>,
    pub params: Option<Vec<Param>>,
    pub errors: Option<Vec<ErrorSpec>>,
    /// Named dependencies the route needs (config `dependencies`, SPEC §15).
    pub dependencies: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResponseSpec {
    pub model: Option<String>,
    /// `true`: the endpoint returns a list of the model.
    pub many: Option<bool>,
    pub fields: Option<Vec<Field>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BodySpec {
    pub model: Option<String>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub ty: FieldType,
    pub example: Example,
    pub description: Option<String>,
    /// Given: the field may be left out, and then has this value.
    pub default: Option<Example>,
    /// Lengths, bounds, `unique`, `index` (SPEC §13).
    pub constraints: super::constraints::Constraints,
    /// `references:` another resource's rows, and `on_delete` (SPEC §13).
    pub references: Option<super::reference::Reference>,
}

impl Field {
    /// Whether a client may leave the field out (a default, or a `| None` type).
    pub fn is_optional(&self) -> bool {
        self.default.is_some() || self.ty.optional
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    Path,
    Query,
    Header,
}

impl ParamIn {
    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
        }
    }
}

/// A path or query parameter of the endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub location: ParamIn,
    /// The header a header parameter reads, where it is not the name with `-` for `_`
    /// (`X-Request-Id`, given as the name or as `alias:`).
    pub alias: Option<String>,
    pub ty: FieldType,
    pub example: Example,
    pub default: Option<Example>,
    pub description: Option<String>,
}

impl Param {
    /// The header an `in: header` parameter reads: its alias, else its name with `-`
    /// for `_` (as FastAPI derives it); `None` for another parameter.
    pub fn header(&self) -> Option<String> {
        (self.location == ParamIn::Header).then(|| {
            self.alias
                .clone()
                .unwrap_or_else(|| self.name.replace('_', "-"))
        })
    }
}

/// An error response the endpoint documents (and its service raises).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorSpec {
    pub status: u16,
    pub description: String,
}

/// The fields `resource.timestamps` adds, in the order they are declared.
pub const TIMESTAMPS: [&str; 2] = ["created_at", "updated_at"];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResourceSpec {
    pub path: Option<String>,
    pub id: Option<IdSpec>,
    pub operations: Option<Vec<Operation>>,
    pub tags: Option<Vec<String>>,
    /// `created_at` and `updated_at`, set by the server.
    pub timestamps: bool,
    /// The list's order (`-` before a name: descending), its filters and the fields its
    /// `sort` parameter may name (SPEC §13).
    pub order_by: Option<Vec<String>>,
    pub filters: Option<Vec<String>>,
    pub sort: Option<Vec<String>>,
    /// The resource whose rows own these: the routes nest under its item (SPEC §13).
    pub parent: Option<super::reference::Parent>,
    /// `auth: required`: every route needs the current user (SPEC §15).
    pub auth: bool,
    /// `owner: true`: each row belongs to the user who created it (SPEC §15).
    pub owner: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct IdSpec {
    pub name: Option<String>,
    pub ty: Option<IdType>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdType {
    /// Assigned by the database.
    Int,
    /// Made by the service (`uuid4`).
    Uuid,
}

impl IdType {
    /// The scalar type of the id (and of a field that refers to it).
    pub fn scalar(self) -> super::field::Scalar {
        match self {
            IdType::Int => super::field::Scalar::Int,
            IdType::Uuid => super::field::Scalar::Uuid,
        }
    }

    /// The id of a resource's example row: what the tests store it under, and what a
    /// path parameter for it shows.
    pub fn example(self) -> super::example::Example {
        match self {
            IdType::Int => super::example::Example::Int(1),
            IdType::Uuid => {
                super::example::Example::Uuid("0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7f".into())
            }
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            IdType::Int => "int",
            IdType::Uuid => "uuid",
        }
    }
}

/// The operations of a resource, in the order their routes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Operation {
    Create,
    List,
    Read,
    Update,
    /// PUT: every field from the body, an omitted optional one back to its default.
    Replace,
    Delete,
}

impl Operation {
    pub const ALL: [Operation; 6] = [
        Operation::Create,
        Operation::List,
        Operation::Read,
        Operation::Update,
        Operation::Replace,
        Operation::Delete,
    ];
    /// A resource without `operations` (SPEC §12): every one but `replace`.
    pub const DEFAULT: [Operation; 5] = [
        Operation::Create,
        Operation::List,
        Operation::Read,
        Operation::Update,
        Operation::Delete,
    ];

    /// Works on one item (`/{id}` in its path).
    pub fn is_item(self) -> bool {
        matches!(
            self,
            Operation::Read | Operation::Update | Operation::Replace | Operation::Delete
        )
    }

    /// Takes a body of the model's fields.
    pub fn takes_body(self) -> bool {
        matches!(
            self,
            Operation::Create | Operation::Update | Operation::Replace
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::List => "list",
            Operation::Read => "read",
            Operation::Update => "update",
            Operation::Replace => "replace",
            Operation::Delete => "delete",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ModelSpec {
    pub name: Option<String>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether a request of this method carries a body.
    pub fn takes_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }

    pub(super) fn parse(text: &str) -> Result<Method, String> {
        match text.to_ascii_uppercase().as_str() {
            "GET" => Ok(Method::Get),
            "POST" => Ok(Method::Post),
            "PUT" => Ok(Method::Put),
            "PATCH" => Ok(Method::Patch),
            "DELETE" => Ok(Method::Delete),
            _ => Err(format!(
                "endpoint.method '{}' is not one of GET, POST, PUT, PATCH, DELETE",
                text.chars().take(20).collect::<String>()
            )),
        }
    }
}
