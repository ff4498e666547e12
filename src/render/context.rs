//! What the templates see: a `Feature` and a `Layout` turned into template values.
//!
//! Identifiers (names, module paths, types) are computed here, from `FeatureName` and
//! `Layout`; free text (everything that comes from a request) is marked as such by
//! `text`, so that the engine hands it to templates as unsafe strings: a template that
//! prints it without an escaping filter gets it escaped for its output language.

use serde::Serialize;
use serde_json::Value as Json;

use crate::error::invalid;
use crate::layout::Layout;
use crate::naming::pascal_of;
use crate::pyrules::{LINE_LENGTH, is_ascii_identifier as is_identifier};
use crate::request::{Example, Feature, Field, IdType, Kind, Method, Operation, ParamIn};

/// Marks request text in the serialised context: `engine::context` strips it and makes
/// the string unsafe (escaped when printed bare); every unmarked string is an
/// identifier or path we computed, and is printed as is. (Request text cannot hold U+0001
/// at the start of a string that is not marked: only `text` puts it there, and the engine
/// strips exactly one.)
pub(crate) const TEXT_MARK: char = '\u{1}';

/// Request text, marked for the engine.
fn text(s: &str) -> String {
    format!("{TEXT_MARK}{s}")
}

fn texts(items: &[String]) -> Vec<String> {
    items.iter().map(|s| text(s)).collect()
}

/// A JSON value from a request (an example), every string in it marked.
fn text_json(v: Json) -> Json {
    match v {
        Json::String(s) => Json::String(text(&s)),
        Json::Array(items) => Json::Array(items.into_iter().map(text_json).collect()),
        Json::Object(map) => {
            Json::Object(map.into_iter().map(|(k, v)| (k, text_json(v))).collect())
        }
        other => other,
    }
}

/// The context of the five feature templates.
#[derive(Debug, Serialize)]
pub(crate) struct FeatureContext {
    pub feature: FeatureView,
    pub layout: LayoutView,
}

/// The context of the project templates.
#[derive(Debug, Serialize)]
pub(crate) struct ProjectContext {
    pub project: ProjectView,
    pub layout: LayoutView,
}

#[derive(Debug, Serialize)]
pub(crate) struct ProjectView {
    /// The distribution name, as given (free text: through `toml_str`/`py_str`/`md`).
    pub name: String,
    /// The project has the database module: main creates its tables at start-up.
    pub with_db: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct FeatureView {
    /// `smoke_test`
    pub snake: String,
    /// `SmokeTest`
    pub pascal: String,
    /// `smoke-test`
    pub kebab: String,
    /// `Smoke Test`
    pub title: String,
    pub description: String,
    pub requirements: Vec<String>,
    /// `GET`
    pub method: &'static str,
    /// `get`: the `APIRouter` / `TestClient` method.
    pub method_lower: String,
    /// The route as registered on the router (`/smoke-test`).
    pub path: String,
    /// The URL the app serves it at (`/api/v1/smoke-test`).
    pub url: String,
    pub tags: Vec<String>,
    pub summary: String,
    /// The response model class.
    pub model: String,
    pub fields: Vec<FieldView>,
    /// Some field is a float (or `float | None` with a value): the test needs `approx`.
    pub has_float: bool,
    /// The service function (`get_smoke_test`); the verb follows the method.
    pub service_function: String,
    /// The endpoint function (`smoke_test_route`): never `router`, never the service's.
    pub endpoint_function: String,
    /// The route's `name=` (`smoke_test_route`, the endpoint function's name and so
    /// FastAPI's default: the OpenAPI operation id stays as it was). The test asks the app
    /// for its URL by this name (`app.url_path_for`), so it passes under any mount prefix.
    pub route_name: String,
    /// The test function (`test_smoke_test`).
    pub test_function: String,
    /// `endpoint` or `resource`.
    pub kind: &'static str,
    /// The success status (201 for POST, 204 for a DELETE without a response, ...).
    pub status_code: u16,
    /// The route answers with a body (`model`); false for 204.
    pub has_response: bool,
    /// The response is `list[model]`.
    pub many: bool,
    /// The route's return annotation: `Visit`, `list[Visit]` or `None`.
    pub returns: String,
    /// Path parameters first, then query parameters, each group in request order.
    pub params: Vec<ParamView>,
    /// The body the route takes.
    pub body: Option<BodyView>,
    /// Documented error responses, each an `HTTPException` subclass in the service.
    pub errors: Vec<ErrorView>,
    /// The service class (`SmokeTestService`), its FastAPI dependency
    /// (`get_smoke_test_service`) and the `Annotated` alias the route takes (`...Dep`).
    pub service_class: String,
    pub service_dependency: String,
    pub service_alias: String,
    /// `from MODULE import NAME` pairs of the standard library each module needs for its
    /// annotations and example values (`datetime.date`, `decimal.Decimal`, ...).
    pub schema_std_imports: Vec<[String; 2]>,
    pub service_std_imports: Vec<[String; 2]>,
    pub endpoint_std_imports: Vec<[String; 2]>,
    /// The parts of a resource (`kind: resource`).
    pub resource: Option<ResourceView>,
    /// The classes of the schema module, in order: the body, then the response.
    pub schemas: Vec<SchemaView>,
    /// Path parameters, for `url_path_for` and the service call.
    pub path_params: Vec<String>,
    /// The project's own imports (`[module, name]`) of the service, endpoint and test.
    pub service_imports: Vec<[String; 2]>,
    pub endpoint_imports: Vec<[String; 2]>,
    pub test_imports: Vec<[String; 2]>,
    /// The request tests: the success, then one per documented error (its status and
    /// detail, raised from an overridden service dependency).
    pub test_cases: Vec<TestCase>,
    /// For the doc: the example request body and response as JSON, and `curl` lines.
    pub doc_request: Option<String>,
    pub doc_response: Option<String>,
    pub doc_curl: String,
    /// There are path (query) parameters.
    pub has_path: bool,
    pub has_query: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct TestCase {
    pub function: String,
    /// The error class the overridden dependency raises (`None`: the real service).
    pub raises: Option<String>,
    pub status: u16,
    pub detail: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SchemaView {
    pub class: String,
    /// `request body` or `response`.
    pub role: &'static str,
    /// `model_config = ConfigDict(from_attributes=True)`: a response read off objects.
    pub from_attributes: bool,
    pub fields: Vec<FieldView>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ParamView {
    pub name: String,
    /// `path` or `query`.
    pub location: &'static str,
    /// `Path` or `Query`: the FastAPI marker of its `Annotated` type.
    pub marker: &'static str,
    pub py_type: String,
    pub example: Json,
    pub examples: Vec<Json>,
    /// The example as the layout pass writes it in Python (`date(2026, 11, 30)`).
    pub py_example: Json,
    pub description: Option<String>,
    /// No default: the route's caller must give it.
    pub required: bool,
    /// The default, for the layout pass (null: `None`).
    pub default: Json,
    pub approx: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct BodyView {
    pub model: String,
    pub fields: Vec<FieldView>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ErrorView {
    pub status: u16,
    pub description: String,
    /// The `HTTPException` subclass the service raises (`NotFoundError`).
    pub class: String,
    /// The snake_case form, for test names (`not_found`).
    pub snake: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct ResourceView {
    /// The table model (`Pet`) and its API schemas.
    pub model: String,
    pub base: String,
    pub create: String,
    pub update: String,
    pub public: String,
    /// `PetsPublic`: `data` and `count`.
    pub many_public: String,
    /// `pet` and `pets`: the model as variable names.
    pub singular: String,
    pub plural: String,
    pub id_name: String,
    /// `int` or `UUID`.
    pub id_type: String,
    pub id_is_uuid: bool,
    /// The collection's route (`/pets`, or `""` under an include's prefix) and an item's.
    pub collection_path: String,
    pub item_path: String,
    /// Which operations there are, and the route names (also the service's methods).
    pub ops: Ops,
    pub names: OpNames,
    /// The fields of the stored model (every one optional in `update_fields`).
    pub fields: Vec<FieldView>,
    pub update_fields: Vec<FieldView>,
    /// `Pet not found`
    pub not_found: String,
    /// The URLs the doc shows (`/api/v1/pets`, `/api/v1/pets/{pet_id}`).
    pub collection_url: String,
    pub item_url: String,
    /// The fields a client may leave out of an update but not set to null (the table
    /// requires them): the update schema's validator refuses null for them.
    pub not_null: Vec<String>,
    /// What `sqlmodel` gives the schema module (`AutoString` for literal columns).
    pub sqlmodel_imports: Vec<[String; 2]>,
    /// Some column holds a list (`from sqlalchemy import JSON`).
    pub json_column: bool,
    /// The standard-library imports of the schema module, and its imports from the
    /// project (the model base).
    pub schema_std_imports: Vec<[String; 2]>,
    pub schema_project_imports: Vec<[String; 2]>,
    /// The imports of the service, endpoint and test modules from the project (schemas,
    /// service, session dependency, main).
    pub service_imports: Vec<[String; 2]>,
    pub endpoint_imports: Vec<[String; 2]>,
    pub test_imports: Vec<[String; 2]>,
    /// The session dependency (`get_session`) the service takes and tests override.
    pub session_dependency: String,
    /// The class every model of the resource derives from (`SQLModel`, or the project's
    /// `model_base`), whose metadata the tests create the tables from.
    pub model_base: String,
    /// `PetNotFoundError`
    pub not_found_error: String,
    /// A literal field and a value it does not allow, for the 422 test: else a required
    /// field left out.
    pub invalid_field: Option<String>,
    pub invalid_value: Json,
    /// A field the update test changes, and its new value.
    pub update_field: String,
    pub update_value: Json,
    /// An id no item has.
    pub unknown_id: Json,
}

#[derive(Debug, Serialize)]
pub(crate) struct Ops {
    pub create: bool,
    pub list: bool,
    pub read: bool,
    pub update: bool,
    pub delete: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct OpNames {
    pub create: String,
    pub list: String,
    pub read: String,
    pub update: String,
    pub delete: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct FieldView {
    pub name: String,
    /// The Python annotation (`list[str] | None`).
    pub py_type: String,
    /// The example, as the JSON the app returns.
    pub example: Json,
    /// `[example]`, for `Field(examples=...)`.
    pub examples: Vec<Json>,
    pub description: Option<String>,
    /// The example as the layout pass writes it in Python (`date(2026, 11, 30)`).
    pub py_example: Json,
    /// The example is (or holds) a float: compared with `pytest.approx`.
    pub approx: bool,
    /// No default and not `| None`: a client must send it.
    pub required: bool,
    /// The default for the layout pass: the given one, else null (`None`) for an
    /// optional field; null for a required one (unused).
    pub default: Json,
    /// The column type a table needs given explicitly: `AutoString` for a literal (a
    /// plain string column), `JSON` for a list.
    pub sa_type: Option<&'static str>,
    /// How `name: type = Field(` is laid out in the schema class, as ruff would:
    /// `plain` on one line; `value` with the `Field(...)` call parenthesised when that
    /// line is too long; `annotation` with the type parenthesised when even that is.
    pub head: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct LayoutView {
    pub package: String,
    /// `v1`
    pub api_version: String,
    /// `/api/v1`
    pub api_prefix: String,
    pub router_var: String,
    pub app_var: String,
    pub modules: Modules,
    pub files: Files,
    /// Where pytest looks for tests (pyproject's `testpaths`).
    pub testpaths: String,
    /// How many directories the database module is below the root (`Path.parents[n]`
    /// of the module is the root).
    pub db_depth: usize,
}

/// Dotted module paths.
#[derive(Debug, Serialize, Default)]
pub(crate) struct Modules {
    pub aggregator: String,
    pub db: String,
    pub main: String,
    pub endpoints: String,
    pub schemas: String,
    pub services: String,
    /// The feature's own modules (empty in the project context).
    pub schema: String,
    pub service: String,
    pub endpoint: String,
}

/// Paths relative to the root (empty where there is no feature).
#[derive(Debug, Serialize, Default)]
pub(crate) struct Files {
    pub aggregator: String,
    pub db: String,
    pub main: String,
    pub schema: String,
    pub service: String,
    pub endpoint: String,
    pub test: String,
    pub doc: String,
}

pub(crate) fn feature(feature: &Feature, layout: &Layout) -> anyhow::Result<FeatureContext> {
    let mut view = layout_view(layout)?;
    let name = &feature.name;
    layout.check_feature(name).map_err(invalid)?;
    let files = layout.feature_files(name);
    view.modules.schema = layout.module(&files.schema);
    view.modules.service = layout.module(&files.service);
    view.modules.endpoint = layout.module(&files.endpoint);
    view.files.schema = files.schema;
    view.files.service = files.service;
    view.files.endpoint = files.endpoint;
    view.files.test = files.test;
    view.files.doc = files.doc;
    let fields: Vec<FieldView> = feature
        .fields
        .iter()
        .map(|f| field_view(f, false))
        .collect();
    let snake = name.snake().to_string();
    let pascal = name.pascal();
    let mut params: Vec<ParamView> = feature
        .params
        .iter()
        .filter(|p| p.location == ParamIn::Path)
        .chain(
            feature
                .params
                .iter()
                .filter(|p| p.location == ParamIn::Query),
        )
        .map(|p| {
            let example = p.example.to_json();
            ParamView {
                name: p.name.clone(),
                location: p.location.as_str(),
                marker: match p.location {
                    ParamIn::Path => "Path",
                    ParamIn::Query => "Query",
                },
                py_type: p.ty.py_type(),
                approx: p.example.has_float(),
                examples: vec![text_json(example.clone())],
                example: text_json(example),
                py_example: text_json(p.example.to_py_json()),
                description: p.description.as_deref().map(text),
                required: p.default.is_none() && !p.ty.optional,
                default: text_json(p.default.as_ref().map_or(Json::Null, Example::to_py_json)),
            }
        })
        .collect();
    // Python wants parameters with defaults last; the order is otherwise kept.
    params.sort_by_key(|p| !p.required);
    let body = feature.body.as_ref().map(|b| BodyView {
        model: b.model.clone(),
        fields: b.fields.iter().map(|f| field_view(f, false)).collect(),
    });
    let errors: Vec<ErrorView> = feature
        .errors
        .iter()
        .map(|e| {
            let snake = reason(e.status);
            ErrorView {
                status: e.status,
                description: text(&e.description),
                class: error_class(&pascal, e.status),
                snake,
            }
        })
        .collect();
    let mut examples: Vec<&Example> = feature.fields.iter().map(|f| &f.example).collect();
    examples.extend(feature.params.iter().flat_map(|p| p.default.iter()));
    let mut annotated: Vec<&Field> = feature.fields.iter().collect();
    if let Some(b) = &feature.body {
        annotated.extend(&b.fields);
    }
    let resource = feature
        .resource
        .as_ref()
        .map(|r| resource_view(feature, r, layout));
    if let Some(r) = &feature.resource {
        annotated = r.fields.iter().collect();
        examples.clear();
    }
    let defaults: Vec<&Example> = annotated
        .iter()
        .filter_map(|f| f.default.as_ref())
        .collect();
    let schema_std = std_imports(annotated.iter().map(|f| &f.ty), &defaults);
    let param_types: Vec<_> = feature.params.iter().map(|p| &p.ty).collect();
    let param_defaults: Vec<&Example> = feature
        .params
        .iter()
        .filter_map(|p| p.default.as_ref())
        .collect();
    let mut service_std = std_imports(param_types.iter().copied(), &examples);
    service_std.push(["typing".into(), "Annotated".into()]);
    let mut endpoint_std = std_imports(param_types.iter().copied(), &param_defaults);
    if !feature.params.is_empty() {
        endpoint_std.push(["typing".into(), "Annotated".into()]);
    }
    let mut schemas = Vec::new();
    if let Some(b) = &body {
        schemas.push(SchemaView {
            class: b.model.clone(),
            role: "request body",
            from_attributes: false,
            fields: b.fields.iter().map(field_view_of).collect(),
        });
    }
    if !feature.model.is_empty() {
        schemas.push(SchemaView {
            class: feature.model.clone(),
            role: "response",
            from_attributes: true,
            fields: feature
                .fields
                .iter()
                .map(|f| field_view(f, false))
                .collect(),
        });
    }
    let schema_module = layout.module(&layout.feature_files(name).schema);
    let service_module = layout.module(&layout.feature_files(name).service);
    let pair = |m: &str, n: &str| [m.to_string(), n.to_string()];
    let service_imports: Vec<[String; 2]> = schemas
        .iter()
        .map(|s| pair(&schema_module, &s.class))
        .collect();
    let mut endpoint_imports = service_imports.clone();
    endpoint_imports.push(pair(&service_module, &format!("{pascal}ServiceDep")));
    let mut test_imports = vec![pair(&layout.module(&layout.main), &layout.app_var)];
    if !feature.errors.is_empty() {
        test_imports.push(pair(&service_module, &format!("get_{snake}_service")));
        for e in &feature.errors {
            test_imports.push(pair(&service_module, &error_class(&pascal, e.status)));
        }
    }
    let mut test_cases = vec![TestCase {
        function: format!("test_{snake}"),
        raises: None,
        status: feature.status_code,
        detail: None,
    }];
    for e in &errors {
        test_cases.push(TestCase {
            function: format!("test_{snake}_{}", e.snake),
            raises: Some(e.class.clone()),
            status: e.status,
            detail: Some(e.description.clone()),
        });
    }
    let object = |fields: &[Field]| {
        Ordered(
            fields
                .iter()
                .map(|f| (f.name.clone(), f.example.to_json()))
                .collect(),
        )
    };
    let (doc_request, doc_response) = match &feature.resource {
        Some(r) => {
            let mut public = object(&r.fields);
            public
                .0
                .push(("id".into(), feature.params[0].example.to_json()));
            (Some(object(&r.fields)), Some(Many::One(public)))
        }
        None => (
            feature.body.as_ref().map(|b| object(&b.fields)),
            (!feature.model.is_empty()).then(|| {
                let one = object(&feature.fields);
                if feature.many {
                    Many::List(one)
                } else {
                    Many::One(one)
                }
            }),
        ),
    };
    let base = format!(
        "http://localhost:8000{}{}",
        layout.api_prefix(),
        feature.mount
    );
    let doc_curl: Vec<String> = match &feature.resource {
        Some(r) => {
            let item = object(&r.fields);
            let coll = format!("{base}{}", feature.path);
            let id = match feature.params[0].example.to_json() {
                Json::String(s) => s,
                other => other.to_string(),
            };
            let one = format!("{coll}/{id}");
            let mut lines = Vec::new();
            if r.has(Operation::Create) {
                lines.push(curl("POST", &coll, Some(&item.compact())));
            }
            if r.has(Operation::List) {
                lines.push(curl("GET", &format!("{coll}?skip=0&limit=10"), None));
            }
            if r.has(Operation::Read) {
                lines.push(curl("GET", &one, None));
            }
            if r.has(Operation::Update) {
                let changed = r
                    .fields
                    .iter()
                    .find(|f| matches!(f.ty.scalar, crate::request::Scalar::Str) && !f.ty.list)
                    .unwrap_or(&r.fields[0]);
                let patch = Ordered(vec![(changed.name.clone(), changed.example.to_json())]);
                lines.push(curl("PATCH", &one, Some(&patch.compact())));
            }
            if r.has(Operation::Delete) {
                lines.push(curl("DELETE", &one, None));
            }
            lines
        }
        None => {
            let mut path = feature.path.clone();
            let mut query = Vec::new();
            for p in &feature.params {
                let value = match p.example.to_json() {
                    Json::String(s) => s,
                    other => other.to_string(),
                };
                match p.location {
                    ParamIn::Path => path = path.replace(&format!("{{{}}}", p.name), &value),
                    ParamIn::Query => query.push(format!("{}={value}", p.name)),
                }
            }
            let q = if query.is_empty() {
                String::new()
            } else {
                format!("?{}", query.join("&"))
            };
            let body = doc_request.as_ref().map(Ordered::compact);
            vec![curl(
                feature.method.as_str(),
                &format!("{base}{path}{q}"),
                body.as_ref(),
            )]
        }
    };
    let path_params = feature
        .params
        .iter()
        .filter(|p| p.location == ParamIn::Path)
        .map(|p| p.name.clone())
        .collect();
    let verb = match (feature.kind, feature.method) {
        (Kind::Resource, _) => "",
        (_, Method::Get) => "get",
        (_, Method::Post) => "create",
        (_, Method::Put) => "replace",
        (_, Method::Patch) => "update",
        (_, Method::Delete) => "delete",
    };
    let service_function = if verb.is_empty() || starts_with_verb(&snake) {
        snake.clone()
    } else {
        format!("{verb}_{snake}")
    };
    let has_response = !feature.model.is_empty();
    let returns = if !has_response {
        "None".to_string()
    } else if feature.many {
        format!("list[{}]", feature.model)
    } else {
        feature.model.clone()
    };
    Ok(FeatureContext {
        feature: FeatureView {
            pascal: pascal.clone(),
            kebab: name.kebab(),
            title: name.title(),
            description: text(&feature.description),
            requirements: texts(&feature.requirements),
            method: feature.method.as_str(),
            method_lower: feature.method.as_str().to_ascii_lowercase(),
            url: text(&format!(
                "{}{}{}",
                layout.api_prefix(),
                feature.mount,
                feature.path
            )),
            path: text(&feature.path),
            tags: texts(&feature.tags),
            summary: text(&feature.summary),
            model: feature.model.clone(),
            has_float: fields.iter().any(|f| f.approx),
            fields,
            service_function,
            endpoint_function: format!("{snake}_route"),
            route_name: text(&format!("{snake}_route")),
            test_function: format!("test_{snake}"),
            kind: feature.kind.as_str(),
            status_code: feature.status_code,
            has_response,
            many: feature.many,
            returns,
            params,
            body,
            errors,
            service_class: format!("{pascal}Service"),
            service_dependency: format!("get_{snake}_service"),
            service_alias: format!("{pascal}ServiceDep"),
            schema_std_imports: schema_std,
            service_std_imports: service_std,
            endpoint_std_imports: endpoint_std,
            resource,
            schemas,
            path_params,
            service_imports,
            endpoint_imports,
            test_imports,
            test_cases,
            doc_request: doc_request.as_ref().map(|j| text(&j.pretty(""))),
            doc_response: doc_response.map(|j| text(&j.pretty())),
            doc_curl: text(&doc_curl.join("\n")),
            has_path: feature.params.iter().any(|p| p.location == ParamIn::Path),
            has_query: feature.params.iter().any(|p| p.location == ParamIn::Query),
            snake,
        },
        layout: view,
    })
}

/// A body field view again (the body's fields appear in `body` and in `schemas`).
fn field_view_of(f: &FieldView) -> FieldView {
    FieldView {
        name: f.name.clone(),
        py_type: f.py_type.clone(),
        example: f.example.clone(),
        examples: f.examples.clone(),
        py_example: f.py_example.clone(),
        description: f.description.clone(),
        approx: f.approx,
        head: f.head,
        required: f.required,
        default: f.default.clone(),
        sa_type: f.sa_type,
    }
}

fn field_view(f: &Field, all_optional: bool) -> FieldView {
    let example = f.example.to_json();
    let mut ty = f.ty.clone();
    if all_optional {
        ty.optional = true;
    }
    let py_type = ty.py_type();
    let required = !all_optional && !f.is_optional();
    let default = match (&f.default, all_optional) {
        (Some(d), false) => d.to_py_json(),
        _ => Json::Null,
    };
    let declared = 4 + f.name.len() + 2 + py_type.len();
    let head = if declared + " = Field(".len() <= LINE_LENGTH {
        "plain"
    } else if declared + " = (".len() <= LINE_LENGTH {
        "value"
    } else {
        "annotation"
    };
    FieldView {
        head,
        name: f.name.clone(),
        py_type,
        approx: f.example.has_float(),
        examples: vec![text_json(example.clone())],
        example: text_json(example),
        py_example: text_json(f.example.to_py_json()),
        description: f.description.as_deref().map(text),
        required,
        default: text_json(default),
        sa_type: if f.ty.list {
            Some("JSON")
        } else if matches!(f.ty.scalar, crate::request::Scalar::Literal(_)) {
            Some("AutoString")
        } else {
            None
        },
    }
}

fn resource_view(feature: &Feature, r: &crate::request::Resource, layout: &Layout) -> ResourceView {
    let model = &r.model;
    let pascal = feature.name.pascal();
    let many_public = if pascal != *model {
        format!("{pascal}Public")
    } else {
        format!("{model}sPublic")
    };
    let plural = if feature.name.snake() != r.singular {
        feature.name.snake().to_string()
    } else {
        format!("{}s", r.singular)
    };
    let item_path = format!("{}/{{{}}}", feature.path, r.id_name);
    let url = |p: &str| text(&format!("{}{}{}", layout.api_prefix(), feature.mount, p));
    let files = layout.feature_files(&feature.name);
    let schema_module = layout.module(&files.schema);
    let service_module = layout.module(&files.service);
    let (session_module, session_dependency) = layout.session_dependency();
    let pair = |m: &str, n: &str| [m.to_string(), n.to_string()];
    let has = |op| r.has(op);
    let mut schema_std = std_imports(
        r.fields.iter().map(|f| &f.ty),
        &r.fields
            .iter()
            .filter_map(|f| f.default.as_ref())
            .collect::<Vec<_>>(),
    );
    if r.id_type == IdType::Uuid {
        schema_std.push(pair("uuid", "UUID"));
        schema_std.push(pair("uuid", "uuid4"));
    }
    let (base_module, model_base) = layout.model_base();
    let mut sqlmodel_names = vec!["Field".to_string()];
    if r.fields
        .iter()
        .any(|f| !f.ty.list && matches!(f.ty.scalar, crate::request::Scalar::Literal(_)))
    {
        sqlmodel_names.insert(0, "AutoString".to_string());
    }
    let json_column = r.fields.iter().any(|f| f.ty.list);
    let mut schema_project_imports = Vec::new();
    if base_module == "sqlmodel" {
        sqlmodel_names.push(model_base.clone());
    } else {
        schema_project_imports.push(pair(&base_module, &model_base));
    }
    let public = format!("{model}Public");
    let mut service_imports = vec![pair(&schema_module, model)];
    if has(Operation::Create) {
        service_imports.push(pair(&schema_module, &format!("{model}Create")));
    }
    if has(Operation::List) {
        service_imports.push(pair(&schema_module, &public));
        service_imports.push(pair(&schema_module, &many_public));
    }
    if has(Operation::Update) {
        service_imports.push(pair(&schema_module, &format!("{model}Update")));
    }
    service_imports.push(pair(&session_module, &session_dependency));
    let mut endpoint_imports: Vec<[String; 2]> = Vec::new();
    if has(Operation::Create) || has(Operation::Read) || has(Operation::Update) {
        endpoint_imports.push(pair(&schema_module, model));
        endpoint_imports.push(pair(&schema_module, &public));
    }
    if has(Operation::Create) {
        endpoint_imports.push(pair(&schema_module, &format!("{model}Create")));
    }
    if has(Operation::List) {
        endpoint_imports.push(pair(&schema_module, &many_public));
    }
    if has(Operation::Update) {
        endpoint_imports.push(pair(&schema_module, &format!("{model}Update")));
    }
    endpoint_imports.push(pair(
        &service_module,
        &format!("{}ServiceDep", feature.name.pascal()),
    ));
    let mut test_imports = vec![
        pair(&session_module, &session_dependency),
        pair(&layout.module(&layout.main), &layout.app_var),
    ];
    if base_module != "sqlmodel" {
        test_imports.push(pair(&base_module, &model_base));
    }
    let literal = r
        .fields
        .iter()
        .find(|f| matches!(f.ty.scalar, crate::request::Scalar::Literal(_)) && !f.ty.list);
    let changed = r
        .fields
        .iter()
        .find(|f| matches!(f.ty.scalar, crate::request::Scalar::Str) && !f.ty.list)
        .unwrap_or(&r.fields[0]);
    ResourceView {
        not_null: r
            .fields
            .iter()
            .filter(|f| !f.ty.optional)
            .map(|f| f.name.clone())
            .collect(),
        sqlmodel_imports: sqlmodel_names
            .into_iter()
            .map(|n| ["sqlmodel".to_string(), n])
            .collect(),
        json_column,
        schema_std_imports: schema_std,
        service_imports,
        endpoint_imports,
        test_imports,
        session_dependency,
        model_base,
        schema_project_imports,
        not_found_error: format!("{model}NotFoundError"),
        invalid_field: literal.map(|f| f.name.clone()).or_else(|| {
            r.fields
                .iter()
                .find(|f| !f.is_optional())
                .map(|f| f.name.clone())
        }),
        update_field: changed.name.clone(),
        update_value: text_json(match &changed.example {
            Example::Str(s) => Json::from(format!("{s} (updated)")),
            other => other.to_json(),
        }),
        unknown_id: match r.id_type {
            IdType::Int => Json::from(999_999),
            IdType::Uuid => Json::from("00000000-0000-0000-0000-000000000000"),
        },
        invalid_value: match literal {
            Some(_) => Json::from("not one of the values"),
            None => Json::Null,
        },
        base: format!("{model}Base"),
        create: format!("{model}Create"),
        update: format!("{model}Update"),
        public: format!("{model}Public"),
        many_public,
        id_name: r.id_name.clone(),
        id_type: match r.id_type {
            IdType::Int => "int".into(),
            IdType::Uuid => "UUID".into(),
        },
        id_is_uuid: r.id_type == IdType::Uuid,
        collection_url: url(&feature.path),
        item_url: url(&item_path),
        collection_path: text(&feature.path),
        item_path: text(&item_path),
        ops: Ops {
            create: r.has(Operation::Create),
            list: r.has(Operation::List),
            read: r.has(Operation::Read),
            update: r.has(Operation::Update),
            delete: r.has(Operation::Delete),
        },
        names: OpNames {
            create: format!("create_{}", r.singular),
            list: format!("list_{plural}"),
            read: format!("read_{}", r.singular),
            update: format!("update_{}", r.singular),
            delete: format!("delete_{}", r.singular),
        },
        fields: r.fields.iter().map(|f| field_view(f, false)).collect(),
        update_fields: r.fields.iter().map(|f| field_view(f, true)).collect(),
        not_found: text(
            &feature
                .errors
                .first()
                .map_or_else(|| format!("{model} not found"), |e| e.description.clone()),
        ),
        singular: r.singular.clone(),
        plural,
        model: model.clone(),
    }
}

/// A JSON object with its keys in the order of the request's fields (a `serde_json` map
/// would sort them), for the doc.
struct Ordered(Vec<(String, Json)>);

/// A response example: one object, or a list of one.
enum Many {
    One(Ordered),
    List(Ordered),
}

impl Many {
    fn pretty(&self) -> String {
        match self {
            Many::One(o) => o.pretty(""),
            Many::List(o) => format!("[\n  {}\n]", o.pretty("  ")),
        }
    }
}

impl Ordered {
    /// Laid out as `serde_json::to_string_pretty` would, at `indent`.
    fn pretty(&self, indent: &str) -> String {
        if self.0.is_empty() {
            return "{}".into();
        }
        let inner = format!("{indent}  ");
        let items: Vec<String> = self
            .0
            .iter()
            .map(|(k, v)| {
                let value = serde_json::to_string_pretty(v)
                    .unwrap_or_default()
                    .replace('\n', &format!("\n{inner}"));
                format!("{inner}{}: {value}", Json::from(k.as_str()))
            })
            .collect();
        format!("{{\n{}\n{indent}}}", items.join(",\n"))
    }

    fn compact(&self) -> String {
        let items: Vec<String> = self
            .0
            .iter()
            .map(|(k, v)| format!("{}: {v}", Json::from(k.as_str())))
            .collect();
        format!("{{{}}}", items.join(", "))
    }
}

/// A shell line that makes the request: the URL and body single-quoted for the shell.
fn curl(method: &str, url: &str, body: Option<&String>) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let mut line = format!("curl -X {method} {}", quote(url));
    if let Some(b) = body {
        line += &format!(" -H 'Content-Type: application/json' -d {}", quote(b));
    }
    line
}

/// Whether a name already starts with a verb (`create_pet`): the service's method is
/// then the name itself, not `create_create_pet`.
fn starts_with_verb(snake: &str) -> bool {
    const VERBS: &[&str] = &[
        "get",
        "list",
        "create",
        "add",
        "make",
        "build",
        "read",
        "fetch",
        "find",
        "search",
        "update",
        "replace",
        "set",
        "edit",
        "delete",
        "remove",
        "check",
        "send",
        "run",
        "compute",
        "calculate",
    ];
    let first = snake.split('_').next().unwrap_or_default();
    VERBS.contains(&first)
}

/// The `HTTPException` subclass an endpoint's service raises for `status`
/// (`PetVisitsNotFoundError`), named after the feature (`pascal`) and the reason.
pub(crate) fn error_class(pascal: &str, status: u16) -> String {
    format!("{pascal}{}Error", pascal_of(&reason(status)))
}

/// `not_found` for 404: the HTTP reason phrase as a name (Python's `http.HTTPStatus`),
/// `error_418` for a status without one.
fn reason(status: u16) -> String {
    let phrase = match status {
        400 => "bad_request",
        401 => "unauthorized",
        402 => "payment_required",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        408 => "request_timeout",
        409 => "conflict",
        410 => "gone",
        411 => "length_required",
        412 => "precondition_failed",
        413 => "content_too_large",
        415 => "unsupported_media_type",
        416 => "range_not_satisfiable",
        417 => "expectation_failed",
        421 => "misdirected_request",
        423 => "locked",
        424 => "failed_dependency",
        425 => "too_early",
        426 => "upgrade_required",
        428 => "precondition_required",
        429 => "too_many_requests",
        431 => "request_header_fields_too_large",
        451 => "unavailable_for_legal_reasons",
        500 => "internal_server_error",
        501 => "not_implemented",
        502 => "bad_gateway",
        503 => "service_unavailable",
        504 => "gateway_timeout",
        507 => "insufficient_storage",
        _ => return format!("error_{status}"),
    };
    phrase.to_string()
}

/// The standard-library imports that annotations of `types` and the constructors of
/// `values` need, as `[module, name]` pairs (sorted and merged by `py_imports`).
fn std_imports<'a>(
    types: impl Iterator<Item = &'a crate::request::FieldType>,
    values: &[&Example],
) -> Vec<[String; 2]> {
    let mut out: Vec<[String; 2]> = Vec::new();
    let mut add = |m: &str, n: &str| {
        let pair = [m.to_string(), n.to_string()];
        if !out.contains(&pair) {
            out.push(pair);
        }
    };
    for ty in types {
        if let Some((m, n)) = ty.scalar.py_import() {
            add(m, n);
        }
    }
    fn walk(v: &Example, add: &mut dyn FnMut(&str, &str)) {
        match v {
            Example::Date(_) => add("datetime", "date"),
            Example::DateTime(s) => {
                add("datetime", "datetime");
                match crate::request::datetime_parts(s).and_then(|p| p.offset_minutes) {
                    Some(0) => add("datetime", "timezone"),
                    Some(_) => {
                        add("datetime", "timezone");
                        add("datetime", "timedelta");
                    }
                    None => {}
                }
            }
            Example::Uuid(_) => add("uuid", "UUID"),
            Example::Decimal(_) => add("decimal", "Decimal"),
            Example::List(items) => items.iter().for_each(|i| walk(i, add)),
            _ => {}
        }
    }
    for v in values {
        walk(v, &mut add);
    }
    out
}

pub(crate) fn project(
    name: &str,
    layout: &Layout,
    with_db: bool,
) -> anyhow::Result<ProjectContext> {
    Ok(ProjectContext {
        project: ProjectView {
            name: text(name),
            with_db,
        },
        layout: layout_view(layout)?,
    })
}

fn layout_view(layout: &Layout) -> anyhow::Result<LayoutView> {
    check_layout(layout)?;
    Ok(LayoutView {
        package: layout.package.clone(),
        api_version: layout.api_version.clone(),
        api_prefix: layout.api_prefix(),
        router_var: layout.router_var.clone(),
        app_var: layout.app_var.clone(),
        modules: Modules {
            aggregator: layout.module(&layout.aggregator),
            db: layout.module(&layout.db),
            main: layout.module(&layout.main),
            endpoints: layout.module(&layout.endpoints_dir),
            schemas: layout.module(&layout.schemas_dir),
            services: layout.module(&layout.services_dir),
            ..Modules::default()
        },
        files: Files {
            aggregator: layout.aggregator.clone(),
            db: layout.db.clone(),
            main: layout.main.clone(),
            ..Files::default()
        },
        testpaths: testpaths(&layout.tests_dir),
        db_depth: layout.db.matches('/').count(),
    })
}

/// The tests' root: the outermost directory of `tests_dir` named like a test package
/// (`petsage/tests` for `petsage/tests/test_api/test_v1`), so that tests beside the
/// generated ones are collected too.
fn testpaths(tests_dir: &str) -> String {
    let parts: Vec<&str> = tests_dir.split('/').collect();
    match parts.iter().position(|p| p.starts_with("test")) {
        Some(i) => parts[..=i].join("/"),
        None => tests_dir.to_string(),
    }
}

/// The layout's names end up in code as identifiers: refuse what would not be one,
/// rather than generate code that does not parse. (`config` validates the same when it
/// reads `[tool.petsage-build]`; a `Layout` built in code gets the same guarantee.)
fn check_layout(layout: &Layout) -> anyhow::Result<()> {
    layout
        .check_disjoint()
        .map_err(|e| invalid(format!("layout: {e}")))?;
    for (what, value) in [
        ("package", layout.package.as_str()),
        ("router_var", &layout.router_var),
        ("app_var", &layout.app_var),
        ("api_version", &layout.api_version),
    ] {
        if !is_identifier(value) {
            return Err(invalid(format!(
                "layout: {what} '{value}' is not a Python identifier"
            )));
        }
    }
    for (what, path) in [
        ("aggregator", layout.aggregator.as_str()),
        ("main", &layout.main),
        ("endpoints_dir", &layout.endpoints_dir),
        ("schemas_dir", &layout.schemas_dir),
        ("services_dir", &layout.services_dir),
        ("tests_dir", &layout.tests_dir),
    ] {
        let module = layout.module(path);
        if !module.split('.').all(is_identifier) {
            return Err(invalid(format!(
                "layout: {what} '{path}' is not a Python module path"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn testpaths_start_at_the_tests_package() {
        assert_eq!(testpaths("petsage/tests/test_api/test_v1"), "petsage/tests");
        assert_eq!(testpaths("app/tests"), "app/tests");
        assert_eq!(testpaths("app/checks"), "app/checks");
    }

    #[test]
    fn layouts_with_non_identifiers_are_refused() {
        let layout = Layout {
            router_var: "api-router".into(),
            ..Layout::default()
        };
        assert!(layout_view(&layout).is_err());
        let layout = Layout {
            endpoints_dir: "app/api/my-routes".into(),
            ..Layout::default()
        };
        assert!(layout_view(&layout).is_err());
        assert!(layout_view(&Layout::default()).is_ok());
    }
}
