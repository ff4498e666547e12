//! Names the context derives: a service method's name, an error's class, and the
//! standard-library imports that types and example values need.

use crate::naming::pascal_of;
use crate::request::Example;

/// Whether a name already starts with a verb (`create_pet`): the service's method is
/// then the name itself, not `create_create_pet`.
pub(super) fn starts_with_verb(snake: &str) -> bool {
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
pub(super) fn reason(status: u16) -> String {
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
pub(super) fn std_imports<'a>(
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
