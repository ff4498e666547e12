//! The template values of a feature's parts: the feature itself, its
//! parameters, body, errors, schema classes and test cases (a field's are `field_view.rs`'s).

use serde::Serialize;
use serde_json::Value as Json;

use super::field_view::FieldView;
use super::resource::ResourceView;

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
    /// The service method (`get`, `create`, `replace`, `update`, `delete`: the verb of the
    /// HTTP method; the class names the feature).
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
    /// The route takes a body and no documented error is a 400: it documents FastAPI's
    /// 400 for a body it cannot read (not UTF-8), which every such route can answer.
    pub unreadable_body: bool,
    /// The response is `list[model]`.
    pub many: bool,
    /// The route's return annotation: `Visit`, `list[Visit]` or `None`.
    pub returns: String,
    /// Path parameters first, then query parameters, each group in request order.
    pub params: Vec<ParamView>,
    /// The body the route takes.
    pub body: Option<BodyView>,
    /// The example service method uses none of its arguments, so it `del`s them (ruff's
    /// ARG002 otherwise): the statement as ruff lays it out at 8 spaces, or empty.
    pub service_del: String,
    /// Documented error responses, each an `HTTPException` subclass in the service.
    pub errors: Vec<ErrorView>,
    /// The service class (`SmokeTestService`), its FastAPI dependency
    /// (`get_smoke_test_service`) and the `Annotated` alias the route takes (`...Dep`).
    pub service_class: String,
    pub service_dependency: String,
    pub service_alias: String,
    /// The dependencies the route inherits from its include (the siblings', SPEC §11b),
    /// which the test client overrides (their imports are in the test's imports).
    pub overrides: Vec<crate::request::Override>,
    /// The `current_user` dependency on the route (SPEC §15): the test client overrides
    /// it, the `anonymous` one does not (each route without a token is a 401).
    pub auth: Option<crate::request::Override>,
    /// How the routes that need a user document their 401.
    pub not_authenticated: &'static str,
    /// The path parameters of the prefix the route is served under (`organization` of
    /// `/{organization}`), which the test passes to `url_path_for`.
    pub prefix_params: Vec<String>,
    /// `from MODULE import NAME` pairs of the standard library each module needs for its
    /// annotations and example values (`datetime.date`, `decimal.Decimal`, ...).
    pub schema_std_imports: Vec<[String; 2]>,
    /// What the schema module imports from Pydantic.
    pub schema_pydantic_imports: Vec<[String; 2]>,
    /// Some body field is text: the schema module defines `Text`.
    pub body_text: bool,
    /// Some parameter is a float: the endpoint imports `FiniteFloat`.
    pub finite_params: bool,
    pub service_std_imports: Vec<[String; 2]>,
    pub endpoint_std_imports: Vec<[String; 2]>,
    /// The parts of a resource (`kind: resource`).
    pub resource: Option<ResourceView>,
    /// The classes of the schema module, in order: the body, then the response.
    pub schemas: Vec<SchemaView>,
    /// The schema module's literal aliases (`Species = Literal["dog", "cat"]`).
    pub literals: Vec<LiteralView>,
    /// Path parameters, for `url_path_for` and the service call.
    pub path_params: Vec<String>,
    /// The project's own imports (`[module, name]`) of the service, endpoint and test.
    pub service_imports: Vec<[String; 2]>,
    pub endpoint_imports: Vec<[String; 2]>,
    /// `router = APIRouter(...)`, and the endpoint module's imports from FastAPI.
    pub router_statement: String,
    /// The `dependencies=` of the siblings' routers, for a resource's router.
    pub router_dependencies: Option<String>,
    /// What a test calls for a route's path: `app.url_path_for`, or the test's own
    /// `url_for` where the mount prefix takes parameters.
    pub url_for: String,
    pub fastapi_imports: Vec<[String; 2]>,
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
    pub has_header: bool,
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
pub(crate) struct LiteralView {
    pub name: String,
    /// The allowed values (request text, for `py_value`).
    pub values: Vec<Json>,
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
    /// `path`, `query` or `header`.
    pub location: &'static str,
    /// `Path`, `Query` or `Header`: the FastAPI marker of its `Annotated` type.
    pub marker: &'static str,
    /// A header parameter's `alias=` (the header, where FastAPI would not derive it).
    pub alias: Option<String>,
    /// The header a header parameter reads, and its example as the header's text.
    pub header: Option<String>,
    pub header_example: Json,
    /// The annotation, a literal by its alias (`Kind`); `doc_type` spells it out.
    pub py_type: String,
    /// The annotation in the route, which refines `py_type` (`FiniteFloat`).
    pub endpoint_type: String,
    pub doc_type: String,
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
