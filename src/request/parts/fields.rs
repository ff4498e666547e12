//! Readers of fields (of a body, a response or a stored model) and the names a request
//! may give: fields, parameters, models.

use serde_yaml::Value;

use super::*;
use crate::naming::is_python_keyword;
use crate::request::constraints::Constraints;
use crate::request::example::Example;
use crate::request::field::FieldType;
use crate::request::keys::Entries;
use crate::request::model::Field;

pub(in crate::request) const FIELD_KEYS: &[&str] = &[
    "name",
    "type",
    "example",
    "description",
    "default",
    "min_length",
    "max_length",
    "pattern",
    "ge",
    "gt",
    "le",
    "lt",
    "unique",
    "index",
    "references",
    "on_delete",
];

pub(in crate::request) const MAX_FIELDS: usize = 100;

pub(in crate::request) fn fields(owner: &str, value: &Value) -> Result<Vec<Field>, String> {
    let key = format!("{owner}.fields");
    let items = sequence(&key, value)?;
    if items.is_empty() {
        return Err(format!("'{key}' is empty; give at least one field"));
    }
    if items.len() > MAX_FIELDS {
        return Err(format!("'{key}' has more than {MAX_FIELDS} fields"));
    }
    let mut out: Vec<Field> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let f = field(&format!("{key}[{i}]"), owner, item)?;
        if out.iter().any(|g| g.name == f.name) {
            return Err(format!("{owner} field '{}' is given twice", f.name));
        }
        out.push(f);
    }
    Ok(out)
}

pub(in crate::request) fn field(path: &str, owner: &str, value: &Value) -> Result<Field, String> {
    let e = Entries::read(mapping(path, value)?, path, FIELD_KEYS)?;
    let name = string(&e, "name", e.require("name")?)?;
    field_name(&name).map_err(|why| format!("{path}: field name '{name}' {why}"))?;
    let ty = FieldType::parse(&string(&e, "type", e.require("type")?)?)
        .map_err(|why| format!("{owner} field '{name}': {why}"))?;
    let (example, default) =
        example_and_default(&e, &ty).map_err(|why| format!("{owner} field '{name}': {why}"))?;
    let description = e
        .get("description")
        .map(|v| line(&e, "description", v))
        .transpose()?;
    let constraints = Constraints::read(&e, &ty)
        .and_then(|c| {
            c.check_value("example", &example)?;
            if let Some(d) = &default {
                c.check_value("default", d)?;
            }
            Ok(c)
        })
        .map_err(|why| format!("{owner} field '{name}': {why}"))?;
    // A response is what the app writes: a constraint there turns its own data into a
    // 500. Only a stored model has a column to be unique or indexed.
    if owner == "response" && !constraints.is_empty() {
        return Err(format!(
            "response field '{name}': constraints (min_length, ge, unique, ...) apply to \
             what a client sends: a request body's or a resource model's fields"
        ));
    }
    if constraints.unique && example == Example::None {
        return Err(format!(
            "{owner} field '{name}': a unique field needs an example that is not null (the \
             generated tests store it twice to see the 409)"
        ));
    }
    if constraints.unique
        && let Example::Str(s) = &example
        && constraints.text_variants(s).len() < 2
    {
        return Err(format!(
            "{owner} field '{name}': unique, but its constraints leave no two other values \
             near the example for the generated tests to store; give an example with room"
        ));
    }
    if owner != "model" && constraints.pattern.is_some() {
        return Err(format!(
            "{owner} field '{name}': pattern applies to a resource model's fields (a request \
             body's are not supported yet)"
        ));
    }
    if owner != "model" && (constraints.unique || constraints.index) {
        return Err(format!(
            "{owner} field '{name}': unique and index apply to a resource model's fields \
             (a column)"
        ));
    }
    let references = crate::request::reference::Reference::read(&e, &ty)
        .map_err(|why| format!("{owner} field '{name}': {why}"))?;
    if references.is_some() && owner != "model" {
        return Err(format!(
            "{owner} field '{name}': references applies to a resource model's fields (a \
             column)"
        ));
    }
    if references.is_some()
        && let Example::Int(n) = example
        && n < 1
    {
        return Err(format!(
            "{owner} field '{name}': the example of a reference is an id, from 1"
        ));
    }
    Ok(Field {
        name,
        ty,
        example,
        description,
        default,
        constraints,
        references,
    })
}

/// The example (required unless the type allows None) and the default, both checked
/// against the type. A list's default must be empty: Python would share one list.
pub(in crate::request) fn example_and_default(
    e: &Entries,
    ty: &FieldType,
) -> Result<(Example, Option<Example>), String> {
    let example = match (e.get("example"), e.get("references")) {
        // A reference's example is an id: the first row's, as the tests store it.
        (None, Some(_)) if !ty.optional && !ty.list && ty.scalar == crate::request::Scalar::Int => {
            Example::Int(1)
        }
        (None, Some(_))
            if !ty.optional && !ty.list && ty.scalar == crate::request::Scalar::Uuid =>
        {
            crate::request::IdType::Uuid.example()
        }
        (given, _) => Example::check(ty, given)?,
    };
    let default = match e.get("default") {
        None => None,
        Some(v) => {
            Some(Example::check(ty, Some(v)).map_err(|why| why.replacen("example", "default", 1))?)
        }
    };
    if let Some(Example::List(items)) = &default
        && !items.is_empty()
    {
        return Err("a list default must be empty ([]) or left out".into());
    }
    Ok((example, default))
}

pub(in crate::request) fn model_name(what: &str, name: &str) -> Result<String, String> {
    let pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !pascal || name.len() > 63 {
        return Err(format!(
            "{what} '{}' must be a PascalCase class name (letters and digits, up to 63)",
            name.chars().take(40).collect::<String>()
        ));
    }
    if is_python_keyword(name) {
        return Err(format!(
            "{what} '{name}' is a reserved name in Python (a keyword)"
        ));
    }
    if let Some(why) = crate::pynames::model_name_clash(name) {
        return Err(format!("{what} '{name}' {why}"));
    }
    Ok(name.to_string())
}

pub(in crate::request) fn snake_name(name: &str) -> Result<(), &'static str> {
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 63;
    if !valid {
        return Err("must be snake_case (a-z, 0-9, _; starting with a letter)");
    }
    if is_python_keyword(name) {
        return Err("is a Python keyword");
    }
    Ok(())
}

pub(in crate::request) fn field_name(name: &str) -> Result<(), &'static str> {
    snake_name(name)?;
    if let Some(why) = crate::pynames::field_name_clash(name) {
        return Err(why);
    }
    Ok(())
}

/// A parameter is an argument of the route and the service method: it may not be a
/// name those functions use for something else.
pub(in crate::request) fn param_name(name: &str) -> Result<(), &'static str> {
    snake_name(name)?;
    if let Some(why) = crate::pynames::param_name_clash(name) {
        return Err(why);
    }
    Ok(())
}
