//! `resource.owner: true` (SPEC §15): the column that scopes a resource's rows to the
//! user who created them, before and after the plan read the configured user model.

use super::field::{FieldType, Scalar};
use super::model::{Field, IdType};

/// The column that scopes a resource's rows to their owner, and the user model it
/// refers to (config `user_model`).
#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    /// `owner_id`, an indexed int until the plan reads the user model's id type.
    pub field: Field,
    /// The user model: `(module, class)`, and its table.
    pub model: (String, String),
    pub table: String,
    /// What the tests set to store a user: each required column and its two values
    /// (Python), for the two users the isolation tests use.
    pub required: Vec<(String, [String; 2])>,
}

/// The owner column's name.
pub const OWNER_FIELD: &str = "owner_id";

impl Owner {
    /// The owner of a resource's rows, before the plan read the user model.
    pub(super) fn new() -> Owner {
        let constraints = super::Constraints {
            index: true,
            ..Default::default()
        };
        Owner {
            field: Field {
                name: OWNER_FIELD.to_string(),
                ty: FieldType::plain(Scalar::Int),
                example: IdType::Int.example(),
                description: Some("The user the row belongs to.".to_string()),
                default: None,
                constraints,
                references: None,
            },
            model: (String::new(), String::new()),
            table: String::new(),
            required: Vec::new(),
        }
    }
}
