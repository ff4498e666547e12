//! The keys of `[tool.petsage-build]`: each with the kind of value it takes and what it
//! means. The reader (`Config::parse`) checks a value by its kind, `detect` writes keys in
//! this order, and the JSON Schema (`schema config`) is built from this table, so the three
//! cannot disagree on which keys exist or what they take.

/// What a key's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An ASCII Python identifier that is not a keyword.
    Identifier,
    /// A `.py` file inside the root whose path is an importable module.
    Module,
    /// A directory inside the root whose path is an importable package.
    Package,
    /// A directory inside the root (not imported).
    Dir,
    /// The directory packages are imported from (`src`), or `""` / `"."` for the root.
    ImportRoot,
    /// A per-feature file path holding `{name}` once, ending in the extension.
    Pattern { ext: &'static str },
    /// `""` or a URL path such as `/api`.
    UrlPrefix,
    /// A dotted path to a name in a module (`app.api.deps.get_db`).
    Dotted,
    /// `true` or `false`.
    Bool,
    /// A name in a module, `module:attr` (`app.api.deps:CurrentUser`), as uvicorn names
    /// an app.
    Attribute,
    /// A table of names, each an `Attribute`: the dependencies routes may ask for.
    Dependencies,
}

/// One key of the table.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    pub kind: Kind,
    /// What it means and its default, for people and editors.
    pub doc: &'static str,
}

const fn key(name: &'static str, kind: Kind, doc: &'static str) -> Key {
    Key { name, kind, doc }
}

/// Every key, in the order the README documents them.
pub const KEYS: &[Key] = &[
    key(
        "package",
        Kind::Identifier,
        "The top-level package. Default: petsage",
    ),
    key(
        "api_version",
        Kind::Identifier,
        "The API version: the URL prefix is /api/<api_version>, and the default paths \
         hold it. Default: v1",
    ),
    key(
        "aggregator",
        Kind::Module,
        "The module that includes every endpoint router. Default: \
         <package>/api/<api_version>/api.py",
    ),
    key(
        "router_var",
        Kind::Identifier,
        "The aggregator's APIRouter variable. Default: api_<api_version>_router",
    ),
    key(
        "main",
        Kind::Module,
        "The module with the FastAPI app. Default: <package>/main.py",
    ),
    key(
        "app_var",
        Kind::Identifier,
        "The FastAPI app variable in main. Default: app",
    ),
    key(
        "endpoints_dir",
        Kind::Package,
        "Where endpoint modules go. Default: <package>/api/<api_version>/endpoints",
    ),
    key(
        "schemas_dir",
        Kind::Package,
        "Where Pydantic schema modules go. Default: <package>/api/<api_version>/schemas, or \
         <package>/schemas where endpoints_dir is elsewhere",
    ),
    key(
        "services_dir",
        Kind::Package,
        "Where service modules go. Default: <package>/services",
    ),
    key(
        "tests_dir",
        Kind::Package,
        "Where test modules go. Default: <package>/tests/test_api/test_<api_version>, or \
         <package>/tests where endpoints_dir is elsewhere",
    ),
    key(
        "models_dir",
        Kind::Package,
        "Where a resource's table model goes. Default: <package>/models; the schema module \
         itself where schemas_dir is this directory",
    ),
    key(
        "docs_dir",
        Kind::Dir,
        "Where feature docs go. Default: <package>/feature_docs",
    ),
    key(
        "schema",
        Kind::Pattern { ext: ".py" },
        "A path per feature for its schema module, with {name} once (app/{name}/schemas.py); \
         replaces schemas_dir",
    ),
    key(
        "model",
        Kind::Pattern { ext: ".py" },
        "A path per feature for a resource's table model, with {name} once \
         (app/{name}/models.py); replaces models_dir. Default beside a schema pattern: \
         models.py in its directory",
    ),
    key(
        "service",
        Kind::Pattern { ext: ".py" },
        "A path per feature for its service module, with {name} once (app/{name}/service.py); \
         replaces services_dir",
    ),
    key(
        "endpoint",
        Kind::Pattern { ext: ".py" },
        "A path per feature for its endpoint module, with {name} once (app/{name}/views.py); \
         replaces endpoints_dir, and the aggregator then imports each feature's router",
    ),
    key(
        "test",
        Kind::Pattern { ext: ".py" },
        "A path per feature for its test module, with {name} once; replaces tests_dir",
    ),
    key(
        "doc",
        Kind::Pattern { ext: ".md" },
        "A path per feature for its doc, with {name} once (docs/{name}.md); replaces docs_dir",
    ),
    key(
        "api_prefix",
        Kind::UrlPrefix,
        "Where main mounts the aggregator: a path such as /api, or \"\" for the root. \
         Default: /api/<api_version>",
    ),
    key(
        "wire_main",
        Kind::Bool,
        "Whether main may be patched to include the aggregator. Default: true",
    ),
    key(
        "import_root",
        Kind::ImportRoot,
        "The directory packages are imported from (src for a src layout; \"\" for the \
         root). Default: what the packaging config says, else the root",
    ),
    key(
        "db",
        Kind::Module,
        "The database module init writes and resources use. Default: <package>/db.py",
    ),
    key(
        "session_dependency",
        Kind::Dotted,
        "The project's own database session dependency, a function yielding a SQLModel \
         Session (app.api.deps.get_db); resources then use it instead of the db module",
    ),
    key(
        "model_base",
        Kind::Dotted,
        "The class the project's table models derive from (app.models.Base). Default: \
         sqlmodel.SQLModel",
    ),
    key(
        "user_model",
        Kind::Attribute,
        "The project's user table model, module:Class (petsage.models.user:User): the \
         model owner-scoped resources refer to. init --auth writes it",
    ),
    key(
        "dependencies",
        Kind::Dependencies,
        "Named dependencies routes may ask for, each module:attr: a callable (used as \
         Depends(...)) or an Annotated alias (used as a parameter's type), such as \
         { current_user = \"petsage.api.deps:CurrentUser\" }. init --auth writes \
         current_user",
    ),
    key(
        "templates",
        Kind::Dir,
        "A directory of templates that replace the built-in ones by name",
    ),
];

/// Whether `name` is a key of the table.
pub fn is_key(name: &str) -> bool {
    KEYS.iter().any(|k| k.name == name)
}

/// The kind of a key of the table.
pub(super) fn kind_of(name: &str) -> Kind {
    KEYS.iter().find(|k| k.name == name).map_or_else(
        || unreachable!("'{name}' is not a key of the table"),
        |k| k.kind,
    )
}
