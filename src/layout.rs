//! Where each file of a project lives, and the Python module paths that follow from it.
//!
//! Defaults are PetSage's layout (SPEC §4); `[tool.petsage-build]` will override them.

use std::path::{Path, PathBuf};

use crate::naming::FeatureName;
use crate::python::Target;

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
    /// The oldest Python the project supports (`requires-python`), for syntax checks.
    pub python: Target,
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
            python: Target::default(),
        }
    }
}

/// The five files of one feature, relative to the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureFiles {
    pub schema: String,
    pub service: String,
    pub endpoint: String,
    pub test: String,
    pub doc: String,
}

impl Layout {
    /// The paths of `name`'s five files.
    pub fn feature_files(&self, name: &FeatureName) -> FeatureFiles {
        let n = name.snake();
        FeatureFiles {
            schema: format!("{}/{n}.py", self.schemas_dir),
            service: format!("{}/{n}_service.py", self.services_dir),
            endpoint: format!("{}/{n}.py", self.endpoints_dir),
            test: format!("{}/test_{n}.py", self.tests_dir),
            doc: format!("{}/{n}.md", self.docs_dir),
        }
    }

    /// The directories of the four kinds of generated module, with their config keys.
    fn module_dirs(&self) -> [(&'static str, &str); 4] {
        [
            ("schemas_dir", self.schemas_dir.as_str()),
            ("services_dir", &self.services_dir),
            ("endpoints_dir", &self.endpoints_dir),
            ("tests_dir", &self.tests_dir),
        ]
    }

    /// Each kind of generated module has a package of its own. Two kinds in one
    /// directory collide by name for some feature even when their file names differ:
    /// the endpoint `x.py` is the schema `x.py`; the service `x_service.py` is the schema
    /// of a feature `x_service`; the test `test_x.py` the schema of `test_x` (and
    /// endpoints beside schemas import each other by the same module name). Compared
    /// without case, as case-insensitive file systems would. Docs are not Python (`.md`)
    /// and may share a directory. The error names both keys.
    pub fn check_disjoint(&self) -> Result<(), String> {
        let dirs = self.module_dirs();
        for (i, (key_a, a)) in dirs.iter().enumerate() {
            for (key_b, b) in &dirs[i + 1..] {
                if a.eq_ignore_ascii_case(b) {
                    return Err(format!(
                        "{key_a} and {key_b} are both '{a}': two kinds of generated module \
                         in one package collide by name; give each its own directory"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The files of feature `name` must not be files or packages the layout already
    /// uses: a feature named like the aggregator or main module in the same directory
    /// would overwrite it, and a module named like a package directory beside it (the
    /// schema `schemas/routes.py` when endpoints live in `schemas/routes/`) could never
    /// be imported.
    pub fn check_feature(&self, name: &FeatureName) -> Result<(), String> {
        let files = self.feature_files(name);
        let taken = [
            ("aggregator", self.aggregator.as_str()),
            ("main", &self.main),
            ("pyproject.toml", "pyproject.toml"),
        ];
        let packages = self.package_dirs();
        for (kind, path) in [
            ("schema", &files.schema),
            ("service", &files.service),
            ("endpoint", &files.endpoint),
            ("test", &files.test),
            ("doc", &files.doc),
        ] {
            if let Some((what, _)) = taken.iter().find(|(_, t)| t.eq_ignore_ascii_case(path)) {
                return Err(format!(
                    "feature '{name}': its {kind} {path} would be the project's {what}; \
                     choose another name"
                ));
            }
            if let Some(stem) = path.strip_suffix(".py")
                && let Some(dir) = packages.iter().find(|d| d.eq_ignore_ascii_case(stem))
            {
                return Err(format!(
                    "feature '{name}': its {kind} module {path} has the name of the package \
                     {dir}/ beside it and could not be imported; choose another name"
                ));
            }
        }
        Ok(())
    }

    /// The URL prefix the aggregator is mounted at (`/api/v1`).
    pub fn api_prefix(&self) -> String {
        format!("/api/{}", self.api_version)
    }

    /// The dotted module of a directory or `.py` file below the root.
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
        let mut dirs: Vec<String> = Vec::new();
        let module_dirs = [
            parent(&self.aggregator),
            parent(&self.main),
            self.endpoints_dir.clone(),
            self.schemas_dir.clone(),
            self.services_dir.clone(),
            self.tests_dir.clone(),
        ];
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

fn parent(path: &str) -> String {
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
                .contains("aggregator")
        );
        assert!(flat.check_feature(&name("pets")).is_ok());
        let nested = Layout {
            endpoints_dir: "app/schemas/routes".into(),
            schemas_dir: "app/schemas".into(),
            ..Layout::default()
        };
        let err = nested.check_feature(&name("routes")).unwrap_err();
        assert!(err.contains("package app/schemas/routes/"), "{err}");
    }

    #[test]
    fn default_paths() {
        let l = Layout::default();
        let f = l.feature_files(&FeatureName::parse("smoke_test").unwrap());
        assert_eq!(f.schema, "petsage/api/v1/schemas/smoke_test.py");
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
