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
            field_view_as(f, false, lits, py_type)
        })
        .collect();
    let mut update_aliases: Vec<UpdateAlias> = Vec::new();
    let update_fields: Vec<FieldView> = r
        .fields
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
