//! Where each file of a project lives, and the Python module paths that follow from it.
//!
//! Defaults are PetSage's layout (SPEC §4); `config.rs` reads `[tool.petsage-build]` into
//! a `Layout` that overrides them: a directory per kind of file or a path pattern with
//! `{name}` (SPEC §9), the import root module paths start below, the URL prefix main
//! mounts the aggregator under, and whether main is wired at all.

use std::path::{Path, PathBuf};

use crate::naming::FeatureName;
use crate::python::{Target, Wiring};

mod auth;
mod feature_files;

pub use auth::{Attribute, Auth};
pub use feature_files::{FeatureFiles, NAME, Patterns};

/// The project layout, every path relative to the project root, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The top-level package (`petsage`).
    pub package: String,
    /// The API version segment (`v1`), used for the URL prefix.
    pub api_version: String,
    /// The router aggregator module file (`petsage/api/v1/api.py`).
    pub aggregator: String,
    /// The aggregator's router variable (`api_v1_router`).
    pub router_var: String,
    /// The main app module file (`petsage/main.py`).
    pub main: String,
    /// The FastAPI app variable in `main` (`app`).
    pub app_var: String,
    pub endpoints_dir: String,
    pub schemas_dir: String,
    pub services_dir: String,
    pub tests_dir: String,
    pub docs_dir: String,
    /// Where table models go (`petsage/models`, SPEC §13); `None`: in the schema module,
    /// as where `schemas_dir` is that directory (`app/models`).
    pub models_dir: Option<String>,
    /// Per-file path patterns with `{name}` (SPEC §9: `app/{name}/views.py`), each
    /// replacing the directory of its kind; for package-per-feature layouts.
    pub patterns: Patterns,
    /// The URL prefix the aggregator is mounted at, when not `/api/<api_version>`
    /// (`/api`, or empty for none).
    pub prefix: Option<String>,
    /// Whether `feature` may wire the main app at all (SPEC §11).
    pub wire_main: bool,
    /// The directory module paths start from (`lib` for `lib/app/x.py` = `app.x`): from
    /// `import_root` or the packaging config; empty for the root (`src/` always is one).
    pub import_root: String,
    /// `src/` is a real package of the project (it has an `__init__.py` and the project
    /// itself imports `from src.x import ...`, SPEC §11b): module paths start with `src.`.
    pub src_package: bool,
    /// The oldest Python the project supports (`requires-python`), for syntax checks.
    pub python: Target,
    /// The database module `init` writes (`petsage/db.py`): engine, tables, sessions.
    pub db: String,
    /// The project's own session dependency (`app.api.deps.get_db`), when it has one;
    /// else `get_session` of `db`.
    pub session_dependency: Option<String>,
    /// The class the project's table models derive from (`app.models.Base`), when not
    /// `sqlmodel.SQLModel`.
    pub model_base: Option<String>,
    /// The user model and named dependencies (SPEC §15).
    pub auth: Auth,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            package: "petsage".into(),
            api_version: "v1".into(),
            aggregator: "petsage/api/v1/api.py".into(),
            router_var: "api_v1_router".into(),
            main: "petsage/main.py".into(),
            app_var: "app".into(),
            endpoints_dir: "petsage/api/v1/endpoints".into(),
            schemas_dir: "petsage/api/v1/schemas".into(),
            services_dir: "petsage/services".into(),
            tests_dir: "petsage/tests/test_api/test_v1".into(),
            docs_dir: "petsage/feature_docs".into(),
            models_dir: Some("petsage/models".into()),
            patterns: Patterns::default(),
            prefix: None,
            wire_main: true,
            import_root: String::new(),
            src_package: false,
            python: Target::default(),
            db: "petsage/db.py".into(),
            session_dependency: None,
            model_base: None,
            auth: Auth::default(),
        }
    }
}

impl Layout {
    /// The directory table models go into: `models_dir`, else the schema modules'.
    pub fn models_home(&self) -> &str {
        self.models_dir.as_deref().unwrap_or(&self.schemas_dir)
    }

    /// The base class of a resource's models: `(module, class)`.
    pub fn model_base(&self) -> (String, String) {
        match self.model_base.as_deref().and_then(|d| d.rsplit_once('.')) {
            Some((module, name)) => (module.to_string(), name.to_string()),
            None => ("sqlmodel".to_string(), "SQLModel".to_string()),
        }
    }

    /// The session dependency resources use: `(module, function)`.
    pub fn session_dependency(&self) -> (String, String) {
        match self
            .session_dependency
            .as_deref()
            .and_then(|d| d.rsplit_once('.'))
        {
            Some((module, name)) => (module.to_string(), name.to_string()),
            None => (self.module(&self.db), "get_session".to_string()),
        }
    }
}

/// The strings of main's wiring of the aggregator, owned so that a [`Wiring`] can borrow
/// them (see [`Layout::main_wiring`]).
pub struct MainWiring {
    /// The aggregator's module (`petsage.api.v1.api`).
    pub module: String,
    /// The include's arguments (`api_v1_router, prefix="/api/v1"`).
    pub include: String,
    within: String,
}

impl MainWiring {
    pub fn wiring<'a>(&'a self, layout: &'a Layout) -> Wiring<'a> {
        Wiring {
            module: &self.module,
            name: &layout.router_var,
            alias: None,
            router: &layout.app_var,
            include_args: &self.include,
            target: layout.python,
            within: &self.within,
        }
    }
}

impl Layout {
    /// How the main app imports and includes the aggregator (SPEC §5), for `feature`
    /// to add and `check` to look for.
    pub fn main_wiring(&self) -> MainWiring {
        MainWiring {
            module: self.module(&self.aggregator),
            include: self.main_include_args(),
            within: self.package(&self.main),
        }
    }

    /// The arguments of main's include of the aggregator: the router, and the prefix
    /// unless it is empty.
    pub fn main_include_args(&self) -> String {
        match self.api_prefix() {
            prefix if prefix.is_empty() => self.router_var.clone(),
            prefix => format!("{}, prefix=\"{prefix}\"", self.router_var),
        }
    }

    /// The URL prefix the aggregator is mounted at (`/api/v1`, or `api_prefix`).
    pub fn api_prefix(&self) -> String {
        match &self.prefix {
            Some(prefix) => prefix.clone(),
            None => format!("/api/{}", self.api_version),
        }
    }

    /// The module of the domain errors resources raise (SPEC §13): `errors.py` beside
    /// the database module (`petsage/errors.py`).
    pub fn errors_module(&self) -> String {
        match self.db.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/errors.py"),
            None => "errors.py".to_string(),
        }
    }

    /// The dotted module of a directory or `.py` file below the root, from the
    /// project's import root.
    pub fn module(&self, path: &str) -> String {
        let root = self.import_root.trim_matches('/');
        let path = path.trim_matches('/');
        let inside = (!root.is_empty())
            .then(|| path.strip_prefix(root)?.strip_prefix('/'))
            .flatten();
        let path = inside.unwrap_or(path);
        if self.src_package && root.is_empty() && (path == "src" || path.starts_with("src/")) {
            // `src/x/y.py` is `src.x.y`: the project's own spelling.
            return Layout::module_of(&format!("_/{path}"))
                .strip_prefix("_.")
                .map(str::to_string)
                .unwrap_or_default();
        }
        Layout::module_of(path)
    }

    /// The files that may hold the module `module` (`a/b.py`, `a/b/__init__.py`, below
    /// the import root or `src/`), most likely first.
    pub fn module_files(&self, module: &str) -> Vec<String> {
        let rel = module.replace('.', "/");
        let root = self.import_root.trim_matches('/');
        let bases: Vec<String> = if root.is_empty() {
            vec![String::new(), "src/".to_string()]
        } else {
            vec![format!("{root}/")]
        };
        bases
            .iter()
            .flat_map(|b| [format!("{b}{rel}.py"), format!("{b}{rel}/__init__.py")])
            .filter(|f| {
                let dir = f.strip_suffix("/__init__.py").unwrap_or(f);
                self.module(dir) == module
            })
            .collect()
    }

    /// The package a file's relative imports start from, from the import root.
    pub fn package(&self, file: &str) -> String {
        self.module(file.rsplit_once('/').map_or("", |(dir, _)| dir))
    }

    /// The dotted module of a directory or `.py` file below an import root (`src/`
    /// counts as one).
    pub fn module_of(path: &str) -> String {
        let path = path.trim_matches('/');
        // `src/` is an import root, never a package (SPEC §11): `src/app/x.py` is `app.x`.
        let path = path.strip_prefix("src/").unwrap_or(path);
        let path = if path == "src" { "" } else { path };
        let path = path.trim_end_matches(".py");
        // A package's `__init__.py` is the package itself.
        let path = path.strip_suffix("/__init__").unwrap_or(path);
        path.replace('/', ".")
    }

    /// The package a file's relative imports start from: its directory's module
    /// (`app.api` for `app/api/api.py` and for `app/api/__init__.py`).
    pub fn package_of(file: &str) -> String {
        Layout::module_of(file.rsplit_once('/').map_or("", |(dir, _)| dir))
    }

    /// The directories that must be Python packages (hold an `__init__.py`) for the
    /// feature's modules to import: every directory from the package down to each
    /// module directory. Docs are not Python, so their directory is not included.
    pub fn package_dirs(&self) -> Vec<String> {
        self.package_dirs_with(None, false)
    }

    /// As [`Layout::package_dirs`], plus the directories of feature `name`'s modules
    /// (with patterns like `app/{name}/views.py` every feature has its own package),
    /// and, for a resource (`table`), of its table model.
    pub fn package_dirs_for(&self, name: &FeatureName, table: bool) -> Vec<String> {
        self.package_dirs_with(Some(name.snake()), table)
    }

    fn package_dirs_with(&self, name: Option<&str>, table: bool) -> Vec<String> {
        let p = self.path_patterns();
        let mut module_dirs = vec![parent(&self.aggregator), parent(&self.main)];
        let model = p.model.clone().filter(|_| table).unwrap_or_default();
        let mut patterns = vec![&p.endpoint, &p.schema, &p.service, &p.test];
        if !model.is_empty() {
            patterns.push(&model);
        }
        for pattern in patterns {
            let dir = parent(pattern);
            module_dirs.push(match (dir.split_once(NAME), name) {
                (None, _) => dir,
                (Some(_), Some(n)) => dir.replace(NAME, n),
                // Without a name, only the part above the per-feature directory.
                (Some((above, _)), None) => above.trim_end_matches('/').to_string(),
            });
        }
        let mut dirs: Vec<String> = Vec::new();
        for dir in module_dirs {
            let mut acc = PathBuf::new();
            for part in Path::new(&dir).components() {
                acc.push(part);
                let s = acc.to_string_lossy().replace('\\', "/");
                if !s.is_empty() && !dirs.contains(&s) {
                    dirs.push(s);
                }
            }
        }
        dirs
    }
}

pub(super) fn parent(path: &str) -> String {
    path.rsplit_once('/')
        .map(|(p, _)| p.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_module_need_their_own_directories() {
        let l = Layout {
            services_dir: "petsage/api/v1/Schemas".into(),
            ..Layout::default()
        };
        let err = l.check_disjoint().unwrap_err();
        assert!(err.contains("schemas_dir and services_dir"), "{err}");
        assert!(Layout::default().check_disjoint().is_ok());
        let flat = Layout {
            endpoints_dir: "app/api".into(),
            aggregator: "app/api/main.py".into(),
            schemas_dir: "app/schemas".into(),
            ..Layout::default()
        };
        let name = |n| FeatureName::parse(n).unwrap();
        assert!(
            flat.check_feature(&name("main"))
                .unwrap_err()
                .to_string()
                .contains("aggregator")
        );
        assert!(flat.check_feature(&name("pets")).is_ok());
        let nested = Layout {
            endpoints_dir: "app/schemas/routes".into(),
            schemas_dir: "app/schemas".into(),
            ..Layout::default()
        };
        let err = nested
            .check_feature(&name("routes"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("package app/schemas/routes/"), "{err}");
    }

    #[test]
    fn default_paths() {
        let l = Layout::default();
        let f = l.feature_files(&FeatureName::parse("smoke_test").unwrap());
        assert_eq!(f.schema, "petsage/api/v1/schemas/smoke_test.py");
        assert_eq!(f.model.as_deref(), Some("petsage/models/smoke_test.py"));
        assert_eq!(f.service, "petsage/services/smoke_test_service.py");
        assert_eq!(f.endpoint, "petsage/api/v1/endpoints/smoke_test.py");
        assert_eq!(f.test, "petsage/tests/test_api/test_v1/test_smoke_test.py");
        assert_eq!(f.doc, "petsage/feature_docs/smoke_test.md");
        assert_eq!(Layout::module_of(&l.aggregator), "petsage.api.v1.api");
        assert_eq!(
            l.package_dirs(),
            [
                "petsage",
                "petsage/api",
                "petsage/api/v1",
                "petsage/api/v1/endpoints",
                "petsage/api/v1/schemas",
                "petsage/services",
                "petsage/tests",
                "petsage/tests/test_api",
                "petsage/tests/test_api/test_v1",
            ]
        );
    }
}
