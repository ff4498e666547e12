//! The fields of a resource's schema module: the table's and the update's, with the
//! type aliases their constraints need (SPEC §13). A pattern takes a text type of its
//! own (the `Text` alias's NUL pattern would override it); an update's required
//! constrained field takes its constraints on an alias, since Pydantic applies a
//! `Field(...)` constraint on `T | SkipJsonSchema[None]` to `None` too (a 500).

use serde::Serialize;

use super::field_view::{FieldView, InputTypes, Stored, field_view_as, input_type};
use super::names::Literals;
use super::text;

/// `NAME = Annotated[str, StringConstraints(pattern=PATTERN), AfterValidator(...)]`.
#[derive(Debug, Serialize)]
pub(crate) struct PatternAlias {
    pub name: String,
    pub pattern: String,
    pub field: String,
}

/// `NAME = DEFINITION`, the type of the update's field `field`.
#[derive(Debug, Serialize)]
pub(crate) struct UpdateAlias {
    pub name: String,
    pub definition: String,
    pub field: String,
}

/// An int column with a bound of its own. Pydantic (2.14) lets the `Int32` alias's bounds
/// override a `Field(ge=...)` on the field (the alias's metadata comes last), so such a
/// field is a plain `int` whose `Field(...)` holds its bounds and the column's.
fn bounded_int(f: &crate::request::Field) -> bool {
    let c = &f.constraints;
    f.ty.scalar == crate::request::Scalar::Int
        && !f.ty.list
        && (c.ge.is_some() || c.gt.is_some() || c.le.is_some() || c.lt.is_some())
}

/// Adds the 32-bit column's bound on each side the field leaves open.
fn int32_bounds(f: &crate::request::Field, view: &mut FieldView) {
    let c = &f.constraints;
    let mut add = |key: &'static str, value: i64| {
        view.constraints.push(super::field_view::ConstraintView {
            key,
            value: serde_json::Value::from(value),
        });
    };
    if c.ge.is_none() && c.gt.is_none() {
        add("ge", i64::from(i32::MIN));
    }
    if c.le.is_none() && c.lt.is_none() {
        add("le", i64::from(i32::MAX));
    }
}

/// The two field lists and the aliases they use.
pub(super) struct ModelFields {
    pub fields: Vec<FieldView>,
    pub update_fields: Vec<FieldView>,
    pub pattern_aliases: Vec<PatternAlias>,
    pub update_aliases: Vec<UpdateAlias>,
}

/// The fields of `r`'s table model and of its update schema; the refining types they use
/// are added to `types`.
pub(super) fn model_fields(
    r: &crate::request::Resource,
    lits: &Literals,
    types: &mut InputTypes,
) -> ModelFields {
    let model = &r.model;
    // A field with a pattern has a text type of its own: the pattern, and no NUL.
    let pattern_aliases: Vec<PatternAlias> = r
        .fields
        .iter()
        .filter_map(|f| {
            Some(PatternAlias {
                name: format!("{model}{}Text", crate::naming::pascal_of(&f.name)),
                pattern: text(f.constraints.pattern.as_deref()?),
                field: f.name.clone(),
            })
        })
        .collect();
    let typed = |f: &crate::request::Field, py_type: String| match pattern_aliases
        .iter()
        .find(|a| a.field == f.name)
    {
        Some(a) => py_type.replacen("Text", &a.name, 1),
        None => py_type,
    };
    let fields: Vec<FieldView> = r
        .fields
        .iter()
        .map(|f| {
            let py_type = typed(f, input_type(&f.ty, lits, Stored::Table, types));
            let bounded = bounded_int(f);
            let py_type = if bounded {
                py_type.replacen("Int32", "int", 1)
            } else {
                py_type
            };
            let mut view = field_view_as(f, false, lits, py_type);
            if bounded {
                int32_bounds(f, &mut view);
            }
            view
        })
        .collect();
    let mut update_aliases: Vec<UpdateAlias> = Vec::new();
    // Without an update there is no update schema, nor the types only it would use.
    let updates = if r.has(crate::request::Operation::Update) {
        r.fields.as_slice()
    } else {
        &[]
    };
    let update_fields: Vec<FieldView> = updates
        .iter()
        .map(|f| {
            let py_type = typed(f, input_type(&f.ty, lits, Stored::Update, types));
            let kwargs = super::field_view::constraint_views(f, false);
            match py_type.strip_suffix(" | SkipJsonSchema[None]") {
                // Pydantic applies a `Field(...)` constraint to the whole union, `None`
                // branch included (a TypeError, a 500): it goes inside, on the type.
                Some(base) if !kwargs.is_empty() => {
                    let kwargs: Vec<String> = kwargs
                        .iter()
                        .map(|c| format!("{}={}", c.key, c.value))
                        .collect();
                    let alias = format!("{model}{}Patch", crate::naming::pascal_of(&f.name));
                    update_aliases.push(UpdateAlias {
                        name: alias.clone(),
                        definition: format!("Annotated[{base}, Field({})]", kwargs.join(", ")),
                        field: f.name.clone(),
                    });
                    let bare = crate::request::Field {
                        constraints: crate::request::Constraints::default(),
                        references: None,
                        ..f.clone()
                    };
                    field_view_as(&bare, true, lits, format!("{alias} | SkipJsonSchema[None]"))
                }
                _ => field_view_as(f, true, lits, py_type),
            }
        })
        .collect();
    ModelFields {
        fields,
        update_fields,
        pattern_aliases,
        update_aliases,
    }
}
