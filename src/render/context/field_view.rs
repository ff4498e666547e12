//! The template values of one field (a schema's, a body's or a table's): its annotation,
//! default and constraints, and the input types and imports the schema module needs for
//! what it accepts (NUL-free text, 32-bit ints, finite floats, aware datetimes).

use serde::Serialize;
use serde_json::Value as Json;

use super::names::Literals;
use super::{text, text_json};
use crate::pyrules::LINE_LENGTH;
use crate::render::pytype;
use crate::request::{Field, FieldType, Scalar};

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FieldView {
    pub name: String,
    /// The `Field(...)` keywords of its constraints (`min_length=1`, `unique=True`);
    /// `unique` and `index` only where the field is a column of the table.
    pub constraints: Vec<ConstraintView>,
    /// The Python annotation (`list[str] | None`), a literal by its alias (`Species`);
    /// `doc_type` spells it out (`Literal["dog", "cat"]`).
    pub py_type: String,
    pub doc_type: String,
    /// The request's type as an annotation (`str`, `Species`), where `py_type` is a
    /// resource's column type (`Text`), for the doc.
    pub api_type: String,
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
    /// The default as the JSON the app returns (null without one), for the test that a
    /// replace resets an omitted field.
    pub default_json: Json,
    /// The column type a table needs given explicitly: `AutoString` for a literal (a
    /// plain string column), `JSON` for a list.
    pub sa_type: Option<&'static str>,
    /// How `name: type = Field(` is laid out in the schema class, as ruff would:
    /// `plain` on one line; `value` with the `Field(...)` call parenthesised when that
    /// line is too long; `annotation` with the type parenthesised when even that is.
    pub head: &'static str,
}

pub(super) fn field_view(f: &Field, all_optional: bool, lits: &Literals) -> FieldView {
    let mut ty = f.ty.clone();
    if all_optional {
        ty.optional = true;
    }
    field_view_as(f, all_optional, lits, lits.py_type(&ty))
}

/// As [`field_view`], with the annotation given (a resource's column types); `api_type`
/// stays the request's type.
pub(super) fn field_view_as(
    f: &Field,
    all_optional: bool,
    lits: &Literals,
    py_type: String,
) -> FieldView {
    let example = f.example.to_json();
    let mut ty = f.ty.clone();
    if all_optional {
        ty.optional = true;
    }
    let api_type = lits.py_type(&ty);
    let doc_type = pytype::annotation(&ty);
    let required = !all_optional && !f.is_optional();
    let default = match (&f.default, all_optional) {
        (Some(d), false) => pytype::value(d),
        _ => Json::Null,
    };
    let declared = 4 + f.name.len() + 2 + py_type.len();
    // ruff parenthesises a long annotation only when that can help: never a bare name
    // (the line then stays too long, and the request is refused by the width check).
    let bare = py_type
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_');
    let head = if bare || declared + " = Field(".len() <= LINE_LENGTH {
        "plain"
    } else if declared + " = (".len() <= LINE_LENGTH {
        "value"
    } else {
        "annotation"
    };
    FieldView {
        head,
        constraints: constraint_views(f, !all_optional),
        name: f.name.clone(),
        py_type,
        api_type,
        doc_type,
        approx: f.example.has_float(),
        examples: vec![text_json(example.clone())],
        example: text_json(example),
        py_example: text_json(pytype::value(&f.example)),
        description: f.description.as_deref().map(text),
        required,
        default: text_json(default),
        default_json: text_json(
            f.default
                .as_ref()
                .map_or(Json::Null, crate::request::Example::to_json),
        ),
        sa_type: if f.ty.list {
            Some("JSON")
        } else if matches!(f.ty.scalar, crate::request::Scalar::Literal(_)) {
            Some("AutoString")
        } else {
            None
        },
    }
}

/// One constraint keyword: its name (from a fixed list) and value (a number or `True`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ConstraintView {
    pub key: &'static str,
    pub value: Json,
}

/// The constraints of `f` as `Field(...)` keywords (the request's keys, in its order;
/// the pattern is on the field's type); `column`: `unique` and `index` too.
pub(super) fn constraint_views(f: &Field, column: bool) -> Vec<ConstraintView> {
    f.constraints
        .entries()
        .into_iter()
        .filter(|(key, _)| *key != "pattern" && (column || !matches!(*key, "unique" | "index")))
        .filter_map(|(key, value)| {
            Some(ConstraintView {
                key,
                value: serde_json::to_value(value).ok()?,
            })
        })
        .collect()
}

/// The refining types an input's annotations use, which its schema module defines or
/// imports (`Int32`, `Text`, `FiniteFloat`, `UtcDatetime`).
#[derive(Debug, Default, Serialize)]
pub(crate) struct InputTypes {
    pub int32: bool,
    pub text: bool,
    pub finite: bool,
    pub utc: bool,
}

/// Where an input's value goes: a resource's table, the partial update of one, or
/// nowhere (an endpoint's body and parameters, which the service reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stored {
    Table,
    Update,
    No,
}

/// The annotation of an input, as the type of what can be echoed back and, for a
/// stored field, of what its column can hold. Every input: text without NUL (and so
/// without a lone surrogate, which the schema turns into NUL), a finite float (JSON has
/// no NaN: a 422 echoing one, or a response holding one, would be a 500). A stored
/// field also: a 32-bit `INTEGER`, an aware datetime kept in UTC. A literal by its
/// alias. In an update every field is optional; one the table requires takes
/// `SkipJsonSchema[None]`, so that the schema does not advertise the null its
/// validator refuses.
pub(super) fn input_type(
    ty: &FieldType,
    lits: &Literals,
    stored: Stored,
    used: &mut InputTypes,
) -> String {
    let table = stored != Stored::No;
    let mut s = match &ty.scalar {
        Scalar::Str => {
            used.text = true;
            "Text".to_string()
        }
        Scalar::Float => {
            used.finite = true;
            "FiniteFloat".to_string()
        }
        Scalar::Int if table => {
            used.int32 = true;
            "Int32".to_string()
        }
        Scalar::DateTime if table => {
            used.utc = true;
            "UtcDatetime".to_string()
        }
        other => lits.py_type(&FieldType::plain(other.clone())),
    };
    if ty.list {
        s = format!("list[{s}]");
    }
    if ty.optional {
        s.push_str(" | None");
    } else if stored == Stored::Update {
        s.push_str(" | SkipJsonSchema[None]");
    }
    s
}

/// Adds `from m import n` to `to` unless it is there already.
pub(super) fn add_import(to: &mut Vec<[String; 2]>, m: &str, n: &str) {
    let pair = [m.to_string(), n.to_string()];
    if !to.contains(&pair) {
        to.push(pair);
    }
}

/// Adds the imports of the schema module's refining types (`types`) and, where it has a
/// body class (`guarded`), of `echo_safe`, the body's guard: to `pydantic` and `std`.
pub(super) fn input_imports(
    types: &InputTypes,
    guarded: bool,
    pydantic: &mut Vec<[String; 2]>,
    std: &mut Vec<[String; 2]>,
) {
    let add = add_import;
    if types.utc {
        add(pydantic, "pydantic", "AfterValidator");
        add(pydantic, "pydantic", "AwareDatetime");
        add(std, "datetime", "datetime");
        add(std, "datetime", "timezone");
    }
    if types.finite {
        add(pydantic, "pydantic", "FiniteFloat");
    }
    if types.text {
        add(pydantic, "pydantic", "StringConstraints");
    }
    if types.int32 || types.text || types.utc {
        add(std, "typing", "Annotated");
    }
    if guarded {
        add(pydantic, "pydantic", "model_validator");
        add(std, "math", "isfinite");
        add(std, "typing", "cast");
    }
}
