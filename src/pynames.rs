//! The Python names the generated code binds and uses, in one module that both
//! `request` (which refuses a request name that would clash) and `render` (which writes
//! them) use: the names the built-in feature templates bind, those Pydantic, SQLModel
//! and ruff give a meaning to, and the names derived from a feature (its error classes).
//! A test in `render` renders every template and checks that these lists are complete
//! against the output. Depends on nothing in the crate but `naming`.

use crate::naming::pascal_of;

/// Names bound or looked up at module scope by the feature modules (schema, service,
/// endpoint, test): their imports and definitions. The response model is a module-level
/// class in the schema and imported by the others, so it must be none of these.
pub const MODULE_NAMES: &[&str] = &[
    // schema
    "BaseModel",
    "ConfigDict",
    "Field",
    // endpoint
    "APIRouter",
    "router",
    "Annotated",
    "Path",
    "Query",
    "service",
    "body",
    // service
    "Depends",
    "HTTPException",
    "NotFoundError",
    "ConflictError",
    "IntegrityError",
    "InvalidRequestError",
    "StaleDataError",
    "save",
    "ErrorBody",
    "DomainErrorRoute",
    "Session",
    "SessionDep",
    "func",
    "select",
    "self",
    "session",
    "super",
    "dict",
    "b",
    "_",
    "row",
    "__init__",
    "count",
    "rows",
    "data",
    "changes",
    "item",
    "item_id",
    "get",
    "replace",
    "create",
    "read",
    "update",
    "delete",
    "skip",
    "limit",
    "get_session",
    // schema of a resource
    "SQLModel",
    "AutoString",
    "JSON",
    "field_validator",
    "refuse_nul",
    "StringConstraints",
    "AfterValidator",
    "classmethod",
    "cls",
    "value",
    "object",
    "ValueError",
    "reject_null",
    "id",
    "uuid4",
    // the column types of a resource's schema, and its list and path types
    "Int32",
    "Text",
    "UtcDatetime",
    "in_utc",
    "OverflowError",
    "AfterValidator",
    "AwareDatetime",
    "FiniteFloat",
    "isfinite",
    "str",
    "StringConstraints",
    "BeforeValidator",
    "SURROGATES",
    "isinstance",
    // the body's guard (`echo_safe`)
    "echo_safe",
    "echo_safe_input",
    "model_validator",
    "key",
    "items",
    "cast",
    "SkipJsonSchema",
    "ItemId",
    "col",
    // standard-library types of fields and parameters
    "Literal",
    "UUID",
    "Decimal",
    "date",
    "datetime",
    "timezone",
    "timedelta",
    // the list's query (service, test)
    "ColumnElement",
    "UnaryExpression",
    "ORDER",
    "conditions",
    "order",
    "query",
    "sort",
    "where",
    "first",
    "tuple",
    "len",
    "ordered",
    "within",
    "sort_key",
    "selected",
    "expected",
    "low",
    "high",
    // the service tests
    "Engine",
    "page",
    "missing",
    "found",
    "public",
    "patch",
    "other",
    "deleted_meanwhile",
    "changed",
    // test
    "TestClient",
    "Iterator",
    "Any",
    "pytest",
    "StaticPool",
    "os",
    "TEST_DATABASE_URL",
    "sqlite",
    "create_engine",
    "engine",
    "session_override",
    "failing_service",
    "dependency",
    "stored",
    "test_client",
    "invalid",
    "ids",
    "range",
    "sorted",
    "EXAMPLE",
    "detail",
    "created",
    "UNKNOWN_ID",
    "UNIQUE",
    "VARIANTS",
    "DEFAULTS",
    "STAMPS",
    "utc_now",
    "now",
    "unstamped",
    "instant",
    "before",
    "updated",
    "replaced",
    "sent",
    "first",
    "second",
    "rows",
    "row",
    "field",
    "value",
    "name",
    "n",
    "url_for",
    "params",
    "path",
    "str",
    "client",
    "response",
    "url",
];

/// Names looked up in the response model's class body after its fields are bound: the
/// builtins of the annotations (`str`, `list[int] | None`), `Field`, and `model_config`,
/// and the standard-library types of annotations and values (`date`, `datetime`; the
/// others are not snake_case). A field named `str` would make every later `str`
/// annotation mean the field; a field named `date` makes its own annotation (evaluated
/// after the assignment) and every later `date(2026, 1, 1)` mean the `FieldInfo`. A
/// body's class also defines its guard after the fields (`@classmethod`,
/// `echo_safe_input`), which a field of that name would be replaced by.
pub const CLASS_SCOPE_NAMES: &[&str] = &[
    "model_config",
    "classmethod",
    "echo_safe_input",
    "Field",
    "ConfigDict",
    "str",
    "int",
    "float",
    "bool",
    "list",
    "None",
    "date",
    "datetime",
];

/// Names a resource's model classes use in their bodies after the fields are bound (the
/// update schema's validator: `@field_validator(...)`, `reject_null`),
/// the public attributes SQLModel adds to Pydantic's `BaseModel` (`metadata`,
/// `sqlmodel_update`), the attributes SQLAlchemy's declarative mapping reserves on a
/// mapped class (`metadata`, `registry`: it warns, which fails `pytest -W error`), and
/// the named parameters of the table model's constructors (`SQLModel.__new__(cls,
/// ...)`: a field `cls` is then given twice): a field named like one breaks the class,
/// its construction or the attribute.
///
/// Source: SQLModel 0.0.50 in the test venv, `[n for n in dir(SQLModel) +
/// dir(type(SQLModel)) if not n.startswith("_")]` less `BASEMODEL_NAMESPACE`, and the
/// parameters of `SQLModel.__new__` and `__init__`; SQLAlchemy 2.1's
/// `orm/decl_base.py` ("should be left reserved"). `tests/it/e2e.rs` checks that the
/// installed SQLModel has no public name or constructor parameter missing here.
pub const RESOURCE_CLASS_NAMES: &[&str] = &[
    "field_validator",
    "reject_null",
    "metadata",
    "sqlmodel_update",
    "registry",
    "cls",
];

/// Every attribute of Pydantic 2's `BaseModel` whose name a field could have (public
/// names: field names start with a letter), and of its metaclass (`register`, `mro`):
/// a field named like one shadows it and Pydantic warns ("shadows an attribute in parent
/// BaseModel"), which fails `pytest -W error`; the `model_` ones are Pydantic's.
///
/// Source: Pydantic 2.14.4 in the test venv (`scripts/pycheck --setup`),
/// `[n for n in dir(BaseModel) + dir(type(BaseModel)) if not n.startswith("_")]`;
/// `tests/it/e2e.rs` checks that the installed Pydantic has no public name missing here.
pub const BASEMODEL_NAMESPACE: &[&str] = &[
    "construct",
    "copy",
    "dict",
    "from_orm",
    "json",
    "model_computed_fields",
    "model_config",
    "model_construct",
    "model_copy",
    "model_dump",
    "model_dump_json",
    "model_extra",
    "model_fields",
    "model_fields_set",
    "model_json_schema",
    "model_parametrized_name",
    "model_post_init",
    "model_rebuild",
    "model_validate",
    "model_validate_json",
    "model_validate_strings",
    "parse_file",
    "parse_obj",
    "parse_raw",
    "schema",
    "schema_json",
    "update_forward_refs",
    "validate",
    // the metaclass (ABCMeta, type)
    "mro",
    "register",
];

/// Names ruff's E741 ("ambiguous variable name") refuses.
pub const AMBIGUOUS_NAMES: &[&str] = &["l", "O", "I"];

/// Why a response field may not be called `name`, if it may not.
pub fn field_name_clash(name: &str) -> Option<&'static str> {
    if CLASS_SCOPE_NAMES.contains(&name) {
        Some(
            "is a name the generated model's class body uses (a builtin or date type, Field, model_config or the body's guard)",
        )
    } else if BASEMODEL_NAMESPACE.contains(&name) || name.starts_with("model_") {
        Some("clashes with a Pydantic BaseModel attribute")
    } else if AMBIGUOUS_NAMES.contains(&name) {
        Some("is an ambiguous name (ruff E741: l, O, I)")
    } else {
        None
    }
}

/// Why a field of a resource's model may not be called `name`, beyond
/// `field_name_clash`, if it may not.
pub fn resource_field_name_clash(name: &str) -> Option<&'static str> {
    RESOURCE_CLASS_NAMES
        .contains(&name)
        .then_some(
            "is a name SQLModel or SQLAlchemy reserve on a table model, or its constructor or validator uses",
        )
}

/// Names a parameter of the route or of the service method may not have: the route's
/// own arguments (`service`, `body`), the method's `self`, and the module-level names
/// the function bodies call (a parameter named `date` would hide the `date` class the
/// service body calls). Annotations are read at module scope, so `str` or `int` are fine.
pub const PARAM_NAMES: &[&str] = &[
    "self",
    "service",
    "body",
    "date",
    "datetime",
    "timezone",
    "timedelta",
];

/// Why a path or query parameter may not be called `name`, if it may not.
pub fn param_name_clash(name: &str) -> Option<&'static str> {
    if PARAM_NAMES.contains(&name) {
        Some("is a name the generated route or service uses")
    } else if AMBIGUOUS_NAMES.contains(&name) {
        Some("is an ambiguous name (ruff E741: l, O, I)")
    } else {
        None
    }
}

/// Why the response model may not be called `name`, if it may not.
pub fn model_name_clash(name: &str) -> Option<&'static str> {
    if MODULE_NAMES.contains(&name) || CLASS_SCOPE_NAMES.contains(&name) {
        Some("is a name the generated modules import or define")
    } else if AMBIGUOUS_NAMES.contains(&name) {
        Some("is an ambiguous name (ruff E741: l, O, I)")
    } else {
        None
    }
}

/// The `HTTPException` subclass an endpoint's service raises for `status`
/// (`PetVisitsNotFoundError`), named after the feature (`pascal`) and the reason.
pub fn error_class(pascal: &str, status: u16) -> String {
    format!("{pascal}{}Error", pascal_of(&reason(status)))
}

/// `not_found` for 404: the HTTP reason phrase as a name (Python's `http.HTTPStatus`),
/// `error_418` for a status without one.
pub fn reason(status: u16) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashes_are_explained() {
        assert!(field_name_clash("str").unwrap().contains("class body"));
        assert!(field_name_clash("register").unwrap().contains("Pydantic"));
        assert!(
            field_name_clash("model_anything")
                .unwrap()
                .contains("Pydantic")
        );
        assert!(field_name_clash("l").unwrap().contains("E741"));
        assert_eq!(field_name_clash("status"), None);
        assert!(model_name_clash("APIRouter").is_some());
        assert!(model_name_clash("TestClient").is_some());
        assert_eq!(model_name_clash("PetResponse"), None);
    }
}
