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

    /// The URL prefix the aggregator is mounted at (`/api/v1`).
    pub fn api_prefix(&self) -> String {
        format!("/api/{}", self.api_version)
    }

    /// The dotted module of a directory or `.py` file below the root.
    pub fn module_of(path: &str) -> String {
        path.trim_end_matches(".py")
            .trim_matches('/')
            .replace('/', ".")
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
