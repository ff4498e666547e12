//! What owner-scoped rows need of the configured user model (config `user_model`, SPEC
//! §15), read from the class: its table (the foreign key's target), its id's type, and
//! the columns a test must fill to store a user.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

/// The user model's table as the owner column refers to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserModel {
    /// `__tablename__`, else SQLModel's default: the class name lower-cased.
    pub table: String,
    /// The id is a UUID (else an int).
    pub uuid_id: bool,
    /// The columns without a default, each `(name, annotation as written)`, in order.
    pub required: Vec<(String, String)>,
}

/// The class `name` at the top level of `source`, read as a table model; `None` where
/// the module defines no such class or it has no `id` column.
pub fn user_model(source: &str, name: &str) -> Option<UserModel> {
    let (_, code) = super::text::split_bom(source);
    let module = ruff_python_parser::parse_module(code).ok()?;
    let class = module.syntax().body.iter().find_map(|s| match s {
        Stmt::ClassDef(c) if c.name.id == name => Some(c),
        _ => None,
    })?;
    let mut table = name.to_lowercase();
    let mut uuid_id = None;
    let mut required = Vec::new();
    for stmt in &class.body {
        match stmt {
            Stmt::Assign(a) => {
                let named = a
                    .targets
                    .iter()
                    .any(|t| t.as_name_expr().is_some_and(|n| n.id == "__tablename__"));
                if let (true, Expr::StringLiteral(s)) = (named, &*a.value) {
                    table = s.value.to_str().to_string();
                }
            }
            Stmt::AnnAssign(a) => {
                let Some(field) = a.target.as_name_expr().map(|n| n.id.to_string()) else {
                    continue;
                };
                let annotation = text(code, &a.annotation);
                if field == "id" {
                    uuid_id = Some(annotation.contains("UUID"));
                    continue;
                }
                if field.starts_with('_') || annotation.contains("ClassVar") {
                    continue;
                }
                if a.value.as_deref().is_none_or(|v| no_default(code, v)) {
                    required.push((field, annotation));
                }
            }
            _ => {}
        }
    }
    Some(UserModel {
        table,
        uuid_id: uuid_id?,
        required,
    })
}

/// A value that gives the column no default: none (`x: str`), or `Field(...)` without
/// `default=`/`default_factory=` (and without a positional default).
fn no_default(code: &str, value: &Expr) -> bool {
    let Expr::Call(call) = value else {
        return false;
    };
    let func = text(code, &call.func);
    if func.rsplit('.').next() != Some("Field") {
        return false;
    }
    call.arguments.args.is_empty()
        && !call.arguments.keywords.iter().any(|k| {
            k.arg
                .as_ref()
                .is_some_and(|a| a.id == "default" || a.id == "default_factory")
        })
}

fn text(code: &str, expr: &Expr) -> String {
    code[expr.range().start().to_usize()..expr.range().end().to_usize()].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_the_id_and_the_columns_a_user_needs() {
        let code = "from sqlmodel import Field, SQLModel\n\nclass User(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    email: str = Field(max_length=255, unique=True)\n    hashed_password: str\n    is_active: bool = True\n    name: str | None = None\n";
        assert_eq!(
            user_model(code, "User"),
            Some(UserModel {
                table: "user".into(),
                uuid_id: false,
                required: vec![
                    ("email".into(), "str".into()),
                    ("hashed_password".into(), "str".into()),
                ],
            })
        );
        let named = "import uuid\nclass Account(Base):\n    __tablename__ = \"accounts\"\n    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)\n";
        let got = user_model(named, "Account").unwrap();
        assert_eq!((got.table.as_str(), got.uuid_id), ("accounts", true));
        assert_eq!(user_model(code, "Nobody"), None);
        assert_eq!(user_model("class User:\n    email: str\n", "User"), None);
    }
}
