//! Names the context derives: an error's class, and the
//! standard-library imports that types and example values need.

use crate::naming::pascal_of;
use crate::request::Example;

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
    for v in values {
        walk(v, &mut add);
    }
    out
}

/// The imports an example value needs (`date`, `timezone`, ...), each given to `add`.
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

/// The `Literal[...]` types of a feature, each written once as a module-level alias in the
/// schema module (`Species = Literal["dog", "cat", "bird"]`) and used by name everywhere
/// else: annotations stay short enough for one line, and a literal reads as a type.
#[derive(Debug, Default)]
pub(crate) struct Literals {
    /// `(Literal["dog", "cat"], Species, [dog, cat])`, in the order first used.
    pub aliases: Vec<(String, String, Vec<String>)>,
}

impl Literals {
    /// Names an alias for every literal type among `named` (`(name, type)` of fields and
    /// parameters, in order): the PascalCase of the shortest name that uses it, with
    /// `Choice` (then a number) added when that is taken (`taken`: the module's classes).
    pub(crate) fn of<'a>(
        named: impl Iterator<Item = (&'a str, &'a crate::request::FieldType)>,
        taken: &[String],
    ) -> Literals {
        // Each literal type with the names that use it, in the order first used.
        let mut users: Vec<(String, Vec<String>, Vec<&'a str>)> = Vec::new();
        for (name, ty) in named {
            let crate::request::Scalar::Literal(values) = &ty.scalar else {
                continue;
            };
            let text = ty.scalar.py_type();
            match users.iter_mut().find(|(t, _, _)| *t == text) {
                Some((_, _, names)) => names.push(name),
                None => users.push((text, values.clone(), vec![name])),
            }
        }
        let mut out = Literals::default();
        for (text, values, names) in users {
            // The shortest name that uses it keeps the annotations short.
            let shortest = names
                .iter()
                .min_by_key(|n| n.len())
                .copied()
                .unwrap_or("value");
            let base = pascal_of(shortest);
            let free = |n: &String| {
                !taken.contains(n)
                    && !out.aliases.iter().any(|(_, a, _)| a == n)
                    && !crate::render::bindings::MODULE_NAMES.contains(&n.as_str())
            };
            let alias = std::iter::once(base.clone())
                .chain(std::iter::once(format!("{base}Choice")))
                .chain((2..).map(|i| format!("{base}Choice{i}")))
                .find(free)
                .unwrap_or_default();
            out.aliases.push((text, alias, values));
        }
        out
    }

    /// `ty`'s annotation with its literal written as the alias.
    pub(crate) fn py_type(&self, ty: &crate::request::FieldType) -> String {
        let full = ty.py_type();
        // By equality: a quoted value may hold the text of another literal type.
        let literal = ty.scalar.py_type();
        match self.aliases.iter().find(|(text, _, _)| *text == literal) {
            Some((text, alias, _)) => full.replacen(text.as_str(), alias, 1),
            None => full,
        }
    }

    /// The aliases `types` use.
    pub(crate) fn used_by<'a>(
        &self,
        types: impl Iterator<Item = &'a crate::request::FieldType>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for ty in types {
            let literal = ty.scalar.py_type();
            for (text, alias, _) in &self.aliases {
                if *text == literal && !out.contains(alias) {
                    out.push(alias.clone());
                }
            }
        }
        out
    }
}
