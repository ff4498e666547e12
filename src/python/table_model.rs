//! A hand-written table model as the generated code refers to it, read from its class:
//! its table (a foreign key's target), its columns (which is the primary key, which a
//! test must fill to store a row). The configured `user_model` (SPEC §15) and a
//! `references: {table, column, type}` (§13) are both read so.

use ruff_python_ast::{Expr, Stmt, StmtClassDef};
use ruff_text_size::Ranged;

/// A class of a module read as a table model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableModel {
    pub class: String,
    /// `__tablename__`, else SQLModel's default: the class name lower-cased.
    pub table: String,
    /// The class says `table=True`: a SQLModel table, in SQLModel's metadata (a plain
    /// SQLAlchemy model's table is in another, which a SQLModel foreign key cannot name).
    pub sqlmodel_table: bool,
    /// Its annotated columns, in order (`_private` and `ClassVar`s aside).
    pub columns: Vec<Column>,
}

/// One annotated column of a table model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// The annotation as written (`int | None`, `uuid.UUID`).
    pub annotation: String,
    /// No default: a row cannot be stored without a value (`x: str`, `Field(max_length=9)`).
    pub required: bool,
    /// `Field(primary_key=True)`.
    pub primary_key: bool,
    /// `Field(unique=True)`.
    pub unique: bool,
    /// `Field(foreign_key=...)`: the value must be another table's row.
    pub foreign_key: bool,
}

impl Column {
    /// The column holds UUIDs (else, for an id, ints).
    pub fn is_uuid(&self) -> bool {
        self.annotation.contains("UUID")
    }
}

impl TableModel {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The columns a stored row must be given, its primary key aside.
    pub fn required(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(|c| c.required && !c.primary_key)
    }
}

/// The user model's table as the owner column refers to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserModel {
    pub table: String,
    /// The id is a UUID (else an int).
    pub uuid_id: bool,
    /// The columns without a default, in order.
    pub required: Vec<Column>,
}

/// The class `name` at the top level of `source`, read as the user model; `None` where
/// the module defines no such class or it has no `id` column.
pub fn user_model(source: &str, name: &str) -> Option<UserModel> {
    let model = table_models(source).into_iter().find(|m| m.class == name)?;
    let id = model.column("id")?;
    Some(UserModel {
        table: model.table.clone(),
        uuid_id: id.is_uuid(),
        required: model
            .columns
            .iter()
            .filter(|c| c.required && c.name != "id")
            .cloned()
            .collect(),
    })
}

/// Every class at the top level of `source`, read as a table model; none where the
/// module does not parse.
pub fn table_models(source: &str) -> Vec<TableModel> {
    let (_, code) = super::text::split_bom(source);
    let Ok(module) = ruff_python_parser::parse_module(code) else {
        return Vec::new();
    };
    module
        .syntax()
        .body
        .iter()
        .filter_map(|s| match s {
            Stmt::ClassDef(c) => Some(read_class(code, c)),
            _ => None,
        })
        .collect()
}

fn read_class(code: &str, class: &StmtClassDef) -> TableModel {
    let sqlmodel_table = class.arguments.as_ref().is_some_and(|a| {
        a.keywords.iter().any(|k| {
            k.arg.as_ref().is_some_and(|n| n.id == "table")
                && matches!(k.value, Expr::BooleanLiteral(ref b) if b.value)
        })
    });
    let mut table = class.name.id.to_lowercase();
    let mut columns = Vec::new();
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
                let Some(name) = a.target.as_name_expr().map(|n| n.id.to_string()) else {
                    continue;
                };
                let annotation = text(code, &a.annotation);
                if name.starts_with('_') || annotation.contains("ClassVar") {
                    continue;
                }
                let field = a.value.as_deref().and_then(|v| field_call(code, v));
                let keyword = |key: &str| {
                    field.and_then(|c| {
                        c.arguments
                            .keywords
                            .iter()
                            .find(|k| k.arg.as_ref().is_some_and(|a| a.id == key))
                    })
                };
                // `unique=False` says no.
                let flag = |key: &str| {
                    keyword(key).is_some_and(
                        |k| !matches!(k.value, Expr::BooleanLiteral(ref b) if !b.value),
                    )
                };
                let required = match (a.value.as_deref(), field) {
                    (None, _) => true,
                    (Some(_), Some(call)) => {
                        call.arguments.args.is_empty()
                            && keyword("default").is_none()
                            && keyword("default_factory").is_none()
                    }
                    (Some(_), None) => false,
                };
                columns.push(Column {
                    required,
                    primary_key: flag("primary_key"),
                    unique: flag("unique"),
                    foreign_key: flag("foreign_key"),
                    name,
                    annotation,
                });
            }
            _ => {}
        }
    }
    TableModel {
        class: class.name.id.to_string(),
        table,
        sqlmodel_table,
        columns,
    }
}

/// `Field(...)` (SQLModel's, or pydantic's), the value of a column.
fn field_call<'a>(code: &str, value: &'a Expr) -> Option<&'a ruff_python_ast::ExprCall> {
    let Expr::Call(call) = value else {
        return None;
    };
    (text(code, &call.func).rsplit('.').next() == Some("Field")).then_some(call)
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
        let user = user_model(code, "User").unwrap();
        assert_eq!((user.table.as_str(), user.uuid_id), ("user", false));
        let required: Vec<_> = user
            .required
            .iter()
            .map(|c| (c.name.as_str(), c.annotation.as_str(), c.unique))
            .collect();
        assert_eq!(
            required,
            [("email", "str", true), ("hashed_password", "str", false)]
        );
        let named = "import uuid\nclass Account(Base):\n    __tablename__ = \"accounts\"\n    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)\n";
        let got = user_model(named, "Account").unwrap();
        assert_eq!((got.table.as_str(), got.uuid_id), ("accounts", true));
        assert_eq!(user_model(code, "Nobody"), None);
        assert_eq!(user_model("class User:\n    email: str\n", "User"), None);
    }

    #[test]
    fn a_table_model_says_its_keys_and_what_a_row_needs() {
        let code = "class Team(SQLModel, table=True):\n    __tablename__ = \"teams\"\n    key: str = Field(primary_key=True)\n    name: str = Field(unique=True)\n    org_id: int = Field(foreign_key=\"org.id\")\n    size: int = 0\n\nclass Legacy(Base):\n    id: Mapped[int] = mapped_column(primary_key=True)\n";
        let models = table_models(code);
        let team = &models[0];
        assert_eq!((team.table.as_str(), team.sqlmodel_table), ("teams", true));
        let key = team.column("key").unwrap();
        assert!(key.primary_key && key.required);
        let required: Vec<_> = team
            .required()
            .map(|c| (c.name.as_str(), c.unique, c.foreign_key))
            .collect();
        assert_eq!(required, [("name", true, false), ("org_id", false, true)]);
        assert_eq!(
            (models[1].table.as_str(), models[1].sqlmodel_table),
            ("legacy", false)
        );
        assert!(table_models("class (:").is_empty());
    }
}
