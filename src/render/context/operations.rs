//! A resource's operations as the templates see them: which it has, the route (and
//! test) names, and the sentence that lists them.

use serde::Serialize;

use crate::request::{Operation, Resource};

#[derive(Debug, Serialize)]
pub(crate) struct Ops {
    pub create: bool,
    pub list: bool,
    pub read: bool,
    pub update: bool,
    pub replace: bool,
    pub delete: bool,
    /// Some operation takes a body (create, update, replace): the body's guard, and the
    /// service's `save` where a field is unique.
    pub writes: bool,
    /// Some operation takes the `Create` body (create, replace).
    pub create_body: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct OpNames {
    pub create: String,
    pub list: String,
    pub read: String,
    pub update: String,
    pub replace: String,
    pub delete: String,
}

impl Ops {
    pub(super) fn of(r: &Resource) -> Ops {
        Ops {
            create: r.has(Operation::Create),
            list: r.has(Operation::List),
            read: r.has(Operation::Read),
            update: r.has(Operation::Update),
            replace: r.has(Operation::Replace),
            delete: r.has(Operation::Delete),
            writes: r.operations.iter().any(|o| o.takes_body()),
            create_body: r.has(Operation::Create) || r.has(Operation::Replace),
        }
    }
}

impl OpNames {
    /// `create_pet`, `list_pets`, ...: the item's routes by the singular, the list by
    /// `plural`.
    pub(super) fn of(r: &Resource, plural: &str) -> OpNames {
        let s = &r.singular;
        OpNames {
            create: format!("create_{s}"),
            list: format!("list_{plural}"),
            read: format!("read_{s}"),
            update: format!("update_{s}"),
            replace: format!("replace_{s}"),
            delete: format!("delete_{s}"),
        }
    }
}

/// `Create, list and read`: the operations in route order, as a sentence's start.
pub(super) fn ops_summary(ops: &[Operation]) -> String {
    let names: Vec<&str> = ops.iter().map(|o| o.as_str()).collect();
    let text = match names.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}
