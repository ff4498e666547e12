//! `resource.owner: true` (SPEC §15): the rows belong to the user who created them. The
//! configured `user_model` is read from the project, for the column's foreign key (its
//! table, its id's type) and for what the generated tests set to store two users.

use super::Plan;
use crate::error::invalid;
use crate::layout::Layout;
use crate::python::user_model;
use crate::request::{Example, Feature, FieldType, OWNER_FIELD, Scalar};

/// Fills in the owner of `feature`'s rows from the configured user model. Invalid input
/// where no user model is configured, its module or class is not in the project, a test
/// could not store a user of it, or the names clash.
pub(super) fn resolve_owner(
    plan: &Plan,
    layout: &Layout,
    feature: &mut Feature,
) -> anyhow::Result<()> {
    let Some(r) = feature.resource.as_mut() else {
        return Ok(());
    };
    // A row that refers to owned rows would need their owner in its tests too.
    if let Some(t) = r.targets.iter().find(|t| {
        t.feature
            .resource
            .as_ref()
            .is_some_and(|theirs| theirs.owner.is_some())
    }) {
        return Err(invalid(format!(
            "model field '{}': '{}' is owner-scoped (resource.owner), and references to \
             such rows are not supported yet",
            t.field, t.feature.name
        )));
    }
    if r.owner.is_none() {
        return Ok(());
    }
    let Some(attr) = &layout.auth.user_model else {
        return Err(invalid(
            "resource.owner: true needs the user model the rows belong to: set user_model = \
             \"module:Class\" in [tool.petsage-build] (init --auth writes it)",
        ));
    };
    let shown = format!("user_model = \"{}:{}\"", attr.module, attr.name);
    let Some((file, text)) = super::named_dependencies::read_module(plan, layout, &attr.module)?
    else {
        return Err(invalid(format!(
            "{shown}: the project has no module {} (resource.owner refers to its table)",
            attr.module
        )));
    };
    let Some(user) = user_model(&text, &attr.name) else {
        return Err(invalid(format!(
            "{shown}: {file} defines no table model class `{}` with an `id` column",
            attr.name
        )));
    };
    if r.model == attr.name {
        return Err(invalid(format!(
            "model.name '{}' is the user model's class name; give the model another name",
            r.model
        )));
    }
    if let Some(p) = r.parent_field().filter(|p| p.name == OWNER_FIELD) {
        return Err(invalid(format!(
            "resource.parent gives the column '{}', which resource.owner: true adds too; \
             nest the resource under a parent with another id name",
            p.name
        )));
    }
    let mut required = Vec::new();
    for c in &user.required {
        let (name, annotation) = (&c.name, &c.annotation);
        if c.foreign_key {
            return Err(invalid(format!(
                "{shown}: the column '{name}' refers to another table and has no default: \
                 the generated tests cannot store a user"
            )));
        }
        let values = test_values(name, annotation).ok_or_else(|| {
            invalid(format!(
                "{shown}: the column `{name}: {annotation}` has no default, and the \
                 generated tests cannot make one to store a user (give it a default, or \
                 make it a str, int, float or bool)"
            ))
        })?;
        required.push((name.clone(), values));
    }
    if let Some(owner) = r.owner.as_mut() {
        if user.uuid_id {
            owner.field.ty = FieldType::plain(Scalar::Uuid);
            owner.field.example = crate::request::IdType::Uuid.example();
        }
        owner.model = (attr.module.clone(), attr.name.clone());
        owner.table = user.table;
        owner.required = required;
    }
    Ok(())
}

/// Two values (Python) a test stores two users with, for a column of this annotation:
/// distinct, as a unique column needs (`a@example.com`, `b@example.com` for an email).
fn test_values(name: &str, annotation: &str) -> Option<[String; 2]> {
    // The texts are `a` and `a@example.com`: nothing to escape.
    let py = |s: &str| format!("\"{s}\"");
    Some(
        match super::table_reference::example_of(name, annotation)? {
            Example::Str(a) => [py(&a), py(&format!("b{}", &a[1..]))],
            Example::Int(i) => [i.to_string(), (i + 1).to_string()],
            Example::Float(f) => [format!("{f:?}"), format!("{:?}", f + 1.0)],
            _ => ["True".to_string(), "True".to_string()],
        },
    )
}
