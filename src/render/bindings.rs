//! The names the built-in feature templates bind and use, so that no identifier taken
//! from a request (the response model, the field names) can shadow one of them, or a
//! name Pydantic or ruff gives a meaning to. A test renders every template and checks
//! that these lists are complete against the output.

/// Names bound or looked up at module scope by the feature modules (schema, service,
/// endpoint, test): their imports and definitions. The response model is a module-level
/// class in the schema and imported by the others, so it must be none of these.
pub const MODULE_NAMES: &[&str] = &[
    // schema
    "BaseModel",
    "ConfigDict",
    "Field",
    // endpoint
    "APIRouter",
    "router",
    "Annotated",
    "Path",
    "Query",
    "service",
    "body",
    // service
    "Depends",
    "HTTPException",
    "Session",
    "SessionDep",
    "func",
    "select",
    "self",
    "session",
    "super",
    "dict",
    "b",
    "_",
    "row",
    "__init__",
    "count",
    "rows",
    "data",
    "changes",
    "item",
    "item_id",
    "get",
    "replace",
    "create",
    "read",
    "update",
    "delete",
    "skip",
    "limit",
    "get_session",
    // schema of a resource
    "SQLModel",
    "AutoString",
    "JSON",
    "field_validator",
    "classmethod",
    "cls",
    "value",
    "object",
    "ValueError",
    "reject_null",
    "id",
    "uuid4",
    // the column types of a resource's schema, and its list and path types
    "Int32",
    "Text",
    "UtcDatetime",
    "in_utc",
    "OverflowError",
    "AfterValidator",
    "AwareDatetime",
    "FiniteFloat",
    "Finite",
    "non_finite_as_text",
    "isfinite",
    "str",
    "StringConstraints",
    "BeforeValidator",
    "SURROGATES",
    "surrogates_as_nul",
    "isinstance",
    "SkipJsonSchema",
    "ItemId",
    "col",
    // standard-library types of fields and parameters
    "Literal",
    "UUID",
    "Decimal",
    "date",
    "datetime",
    "timezone",
    "timedelta",
    // test
    "TestClient",
    "Iterator",
    "Any",
    "pytest",
    "StaticPool",
    "os",
    "TEST_DATABASE_URL",
    "sqlite",
    "create_engine",
    "engine",
    "session_override",
    "failing_service",
    "dependency",
    "stored",
    "test_client",
    "invalid",
    "ids",
    "range",
    "sorted",
    "EXAMPLE",
    "detail",
    "created",
    "UNKNOWN_ID",
    "approx",
    "client",
    "response",
    "url",
];

/// Names looked up in the response model's class body after its fields are bound: the
/// builtins of the annotations (`str`, `list[int] | None`), `Field`, and `model_config`,
/// and the standard-library types of annotations and values (`date`, `datetime`; the
/// others are not snake_case). A field named `str` would make every later `str`
/// annotation mean the field; a field named `date` makes its own annotation (evaluated
/// after the assignment) and every later `date(2026, 1, 1)` mean the `FieldInfo`.
pub const CLASS_SCOPE_NAMES: &[&str] = &[
    "model_config",
    "Field",
    "ConfigDict",
    "str",
    "int",
    "float",
    "bool",
    "list",
    "None",
    "date",
    "datetime",
];

/// Names a resource's model classes use in their bodies after the fields are bound (the
/// update schema's validator: `@field_validator(...)`, `@classmethod`, `reject_null`),
/// the public attributes SQLModel adds to Pydantic's `BaseModel` (`metadata`,
/// `sqlmodel_update`), the attributes SQLAlchemy's declarative mapping reserves on a
/// mapped class (`metadata`, `registry`: it warns, which fails `pytest -W error`), and
/// the named parameters of the table model's constructors (`SQLModel.__new__(cls,
/// ...)`: a field `cls` is then given twice): a field named like one breaks the class,
/// its construction or the attribute.
///
/// Source: SQLModel 0.0.50 in the test venv, `[n for n in dir(SQLModel) +
/// dir(type(SQLModel)) if not n.startswith("_")]` less `BASEMODEL_NAMESPACE`, and the
/// parameters of `SQLModel.__new__` and `__init__`; SQLAlchemy 2.1's
/// `orm/decl_base.py` ("should be left reserved"). `tests/it/e2e.rs` checks that the
/// installed SQLModel has no public name or constructor parameter missing here.
pub const RESOURCE_CLASS_NAMES: &[&str] = &[
    "field_validator",
    "classmethod",
    "reject_null",
    "metadata",
    "sqlmodel_update",
    "registry",
    "cls",
];

/// Every attribute of Pydantic 2's `BaseModel` whose name a field could have (public
/// names: field names start with a letter), and of its metaclass (`register`, `mro`):
/// a field named like one shadows it and Pydantic warns ("shadows an attribute in parent
/// BaseModel"), which fails `pytest -W error`; the `model_` ones are Pydantic's.
///
/// Source: Pydantic 2.14.4 in the test venv (`scripts/pycheck --setup`),
/// `[n for n in dir(BaseModel) + dir(type(BaseModel)) if not n.startswith("_")]`;
/// `tests/it/e2e.rs` checks that the installed Pydantic has no public name missing here.
pub const BASEMODEL_NAMESPACE: &[&str] = &[
    "construct",
    "copy",
    "dict",
    "from_orm",
    "json",
    "model_computed_fields",
    "model_config",
    "model_construct",
    "model_copy",
    "model_dump",
    "model_dump_json",
    "model_extra",
    "model_fields",
    "model_fields_set",
    "model_json_schema",
    "model_parametrized_name",
    "model_post_init",
    "model_rebuild",
    "model_validate",
    "model_validate_json",
    "model_validate_strings",
    "parse_file",
    "parse_obj",
    "parse_raw",
    "schema",
    "schema_json",
    "update_forward_refs",
    "validate",
    // the metaclass (ABCMeta, type)
    "mro",
    "register",
];

/// Names ruff's E741 ("ambiguous variable name") refuses.
pub const AMBIGUOUS_NAMES: &[&str] = &["l", "O", "I"];

/// Why a response field may not be called `name`, if it may not.
pub fn field_name_clash(name: &str) -> Option<&'static str> {
    if CLASS_SCOPE_NAMES.contains(&name) {
        Some(
            "is a name the generated model's class body uses (a builtin or date type, Field or model_config)",
        )
    } else if BASEMODEL_NAMESPACE.contains(&name) || name.starts_with("model_") {
        Some("clashes with a Pydantic BaseModel attribute")
    } else if AMBIGUOUS_NAMES.contains(&name) {
        Some("is an ambiguous name (ruff E741: l, O, I)")
    } else {
        None
    }
}

/// Why a field of a resource's model may not be called `name`, beyond
/// `field_name_clash`, if it may not.
pub fn resource_field_name_clash(name: &str) -> Option<&'static str> {
    RESOURCE_CLASS_NAMES
        .contains(&name)
        .then_some(
            "is a name SQLModel or SQLAlchemy reserve on a table model, or its constructor or validator uses",
        )
}

/// Names a parameter of the route or of the service method may not have: the route's
/// own arguments (`service`, `body`), the method's `self`, and the module-level names
/// the function bodies call (a parameter named `date` would hide the `date` class the
/// service body calls). Annotations are read at module scope, so `str` or `int` are fine.
pub const PARAM_NAMES: &[&str] = &[
    "self",
    "service",
    "body",
    "date",
    "datetime",
    "timezone",
    "timedelta",
];

/// Why a path or query parameter may not be called `name`, if it may not.
pub fn param_name_clash(name: &str) -> Option<&'static str> {
    if PARAM_NAMES.contains(&name) {
        Some("is a name the generated route or service uses")
    } else if AMBIGUOUS_NAMES.contains(&name) {
        Some("is an ambiguous name (ruff E741: l, O, I)")
    } else {
        None
    }
}

/// Why the response model may not be called `name`, if it may not.
pub fn model_name_clash(name: &str) -> Option<&'static str> {
    if MODULE_NAMES.contains(&name) || CLASS_SCOPE_NAMES.contains(&name) {
        Some("is a name the generated modules import or define")
    } else if AMBIGUOUS_NAMES.contains(&name) {
        Some("is an ambiguous name (ruff E741: l, O, I)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::layout::Layout;
    use crate::naming::is_python_keyword;
    use crate::render::Renderer;
    use crate::request::parse_yaml;

    /// The identifiers a Python text looks up or binds: not in strings or comments, not
    /// attributes (`.x`), not keyword arguments (`x=`), not module paths of imports.
    fn identifiers(code: &str) -> BTreeSet<String> {
        // Import module paths first: `from a.b import c` binds only `c`.
        let code: String = code
            .lines()
            .map(|line| match line.strip_prefix("from ") {
                Some(rest) => rest.split_once(" import ").map_or("", |(_, n)| n),
                None => line,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let chars: Vec<char> = code.chars().collect();
        let at = |i: usize| chars.get(i).copied();
        let mut out = BTreeSet::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '#' {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            } else if c == '"' || c == '\'' {
                let triple = at(i + 1) == Some(c) && at(i + 2) == Some(c);
                let width = if triple { 3 } else { 1 };
                i += width;
                while i < chars.len() {
                    if chars[i] == '\\' {
                        i += 2;
                    } else if chars[i] == c
                        && (!triple || (at(i + 1) == Some(c) && at(i + 2) == Some(c)))
                    {
                        i += width;
                        break;
                    } else {
                        i += 1;
                    }
                }
            } else if c.is_ascii_alphabetic() || c == '_' {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let attribute = start > 0 && chars[start - 1] == '.';
                let kwarg = at(i) == Some('=') && at(i + 1) != Some('=');
                if !attribute && !kwarg {
                    out.insert(word);
                }
            } else {
                i += 1;
            }
        }
        out
    }

    #[test]
    fn the_lists_cover_every_name_the_templates_emit() {
        // Every field type, a float (the test imports approx), long names (every layout).
        let yaml = "feature: every_type\ndescription: Docs \"quoted\" here.\n\
            response:\n  model: EveryTypeResponse\n  fields:\n\
            \x20   - {name: s, type: str, example: a}\n\
            \x20   - {name: i, type: int, example: 1}\n\
            \x20   - {name: f, type: 'float | None', example: 1.5}\n\
            \x20   - {name: b, type: bool, example: true}\n\
            \x20   - {name: ls, type: 'list[str]', example: [a]}\n\
            \x20   - {name: li_with_a_name_long_enough_to_need_the_parenthesised_layout, type: 'list[int] | None', example: [1]}\n";
        // `i` is refused now (E741); build the request with another name.
        let yaml = yaml.replace("{name: i,", "{name: n,");
        // An endpoint with every input, and resources with either id.
        let inputs = include_str!("../../examples/pet_visits.yaml");
        let pets = include_str!("../../examples/pets.yaml");
        let owners = "feature: owners\ndescription: Owners.\nkind: resource\n\
            resource: {id: {type: uuid}}\nmodel: {fields: [{name: email, type: str, example: a}]}\n";
        for yaml in [yaml.as_str(), inputs, pets, owners] {
            check_names(yaml);
        }
    }

    /// Every identifier the templates emit for `yaml` is in a list, or comes from the
    /// request (its names and the names derived from them).
    fn check_names(yaml: &str) {
        let req = parse_yaml(yaml).unwrap();
        let feature = req.resolve().unwrap();
        let layout = Layout::default();
        let files = Renderer::new().unwrap().feature(&feature, &layout).unwrap();
        let mut from_request: BTreeSet<String> =
            feature.fields.iter().map(|f| f.name.clone()).collect();
        from_request.extend(feature.params.iter().map(|p| p.name.clone()));
        if let Some(b) = &feature.body {
            from_request.insert(b.model.clone());
            from_request.extend(b.fields.iter().map(|f| f.name.clone()));
        }
        from_request.insert(feature.model.clone());
        // Literal aliases are named after a field or parameter (`Species`, `KindChoice`).
        let named: Vec<String> = from_request.iter().cloned().collect();
        for n in named {
            let pascal = crate::naming::pascal_of(&n);
            from_request.insert(format!("{pascal}Choice"));
            from_request.insert(pascal);
        }
        let snake = feature.name.snake();
        let pascal = feature.name.pascal();
        for f in ["get", "test", "create", "replace", "update", "delete"] {
            from_request.insert(format!("{f}_{snake}"));
        }
        for x in [
            format!("{snake}_route"),
            format!("get_{snake}_service"),
            format!("{pascal}Service"),
            format!("{pascal}ServiceDep"),
            format!("{pascal}NotFoundError"),
            format!("test_{snake}_not_found"),
            format!("test_{snake}_invalid_body"),
            layout.app_var.clone(),
        ] {
            from_request.insert(x);
        }
        if let Some(r) = &feature.resource {
            let m = &r.model;
            let s = &r.singular;
            for x in [
                format!("{m}Base"),
                format!("{m}Create"),
                format!("{m}Update"),
                format!("{m}Public"),
                format!("{pascal}Public"),
                format!("{m}NotFoundError"),
                format!("{m}ErrorBody"),
                r.id_name.clone(),
            ] {
                from_request.insert(x);
            }
            for op in ["create", "read", "update", "delete"] {
                from_request.insert(format!("{op}_{s}"));
                from_request.insert(format!("test_{op}_{s}"));
                from_request.insert(format!("test_{op}_{s}_not_found"));
                from_request.insert(format!("test_{op}_{s}_invalid"));
            }
            from_request.insert(format!("list_{snake}"));
            from_request.insert(format!("test_list_{snake}"));
        }
        let declared: BTreeSet<&str> = MODULE_NAMES
            .iter()
            .chain(CLASS_SCOPE_NAMES)
            .copied()
            .collect();
        for file in files.iter().filter(|f| f.path.ends_with(".py")) {
            for word in identifiers(&file.contents) {
                let known = declared.contains(word.as_str())
                    || from_request.contains(&word)
                    || is_python_keyword(&word)
                    || matches!(
                        word.as_str(),
                        "import" | "from" | "def" | "async" | "return"
                    );
                assert!(
                    known,
                    "{}: '{word}' is emitted but in no list of bindings.rs",
                    file.path
                );
            }
        }
    }

    #[test]
    fn clashes_are_explained() {
        assert!(field_name_clash("str").unwrap().contains("class body"));
        assert!(field_name_clash("register").unwrap().contains("Pydantic"));
        assert!(
            field_name_clash("model_anything")
                .unwrap()
                .contains("Pydantic")
        );
        assert!(field_name_clash("l").unwrap().contains("E741"));
        assert_eq!(field_name_clash("status"), None);
        assert!(model_name_clash("APIRouter").is_some());
        assert!(model_name_clash("TestClient").is_some());
        assert_eq!(model_name_clash("PetResponse"), None);
    }
}
