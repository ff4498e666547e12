//! One feature's files: the path pattern of each kind (a directory with `{name}.py`, or a
//! configured pattern), the files they give a name, and the checks that keep the kinds
//! apart and every module importable.

use super::{Layout, parent};
use crate::naming::FeatureName;

/// Path patterns with `{name}`, one per kind of file; `None` keeps the directory default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Patterns {
    pub schema: Option<String>,
    /// A resource's table model (`app/{name}/models.py`).
    pub model: Option<String>,
    pub service: Option<String>,
    pub endpoint: Option<String>,
    pub test: Option<String>,
    pub doc: Option<String>,
}

/// The placeholder of a path pattern.
pub const NAME: &str = "{name}";

/// The five files of one feature, relative to the root, and the module of a resource's
/// table model (`None`: the schema module holds the table too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureFiles {
    pub schema: String,
    pub model: Option<String>,
    pub service: String,
    pub endpoint: String,
    pub test: String,
    pub doc: String,
}

impl Layout {
    /// This layout with the table models in the schema modules (where a models package
    /// would hide a `models.py` module of the project).
    pub fn with_tables_in_schemas(&self) -> Layout {
        let mut layout = self.clone();
        layout.models_dir = None;
        layout.patterns.model = layout.patterns.schema.clone();
        layout
    }

    /// The paths of `name`'s five files.
    pub fn feature_files(&self, name: &FeatureName) -> FeatureFiles {
        self.files_for(name.snake())
    }

    /// The five files for the snake-case name `n` (also a placeholder, for patterns).
    pub fn files_for(&self, n: &str) -> FeatureFiles {
        let p = self.path_patterns();
        FeatureFiles {
            schema: p.schema.replace(NAME, n),
            model: p.model.map(|m| m.replace(NAME, n)),
            service: p.service.replace(NAME, n),
            endpoint: p.endpoint.replace(NAME, n),
            test: p.test.replace(NAME, n),
            doc: p.doc.replace(NAME, n),
        }
    }

    /// Every kind's pattern, the configured one or the one its directory implies.
    pub fn path_patterns(&self) -> FeatureFiles {
        let or = |p: &Option<String>, default: String| p.clone().unwrap_or(default);
        let schema = or(
            &self.patterns.schema,
            format!("{}/{NAME}.py", self.schemas_dir),
        );
        // A package per feature keeps its table beside its schemas (`models.py`), unless
        // the schemas are that module already; else the models package, unless it is the
        // schemas package.
        let model = match (&self.patterns.model, &self.patterns.schema) {
            (Some(m), _) => Some(m.clone()).filter(|m| *m != schema),
            (None, Some(s)) => Some(format!("{}/models.py", parent(s))).filter(|m| m != s),
            (None, None) => self
                .models_dir
                .as_ref()
                .filter(|d| !d.eq_ignore_ascii_case(&self.schemas_dir))
                .map(|d| format!("{d}/{NAME}.py")),
        };
        FeatureFiles {
            schema,
            model,
            service: or(
                &self.patterns.service,
                format!("{}/{NAME}_service.py", self.services_dir),
            ),
            endpoint: or(
                &self.patterns.endpoint,
                format!("{}/{NAME}.py", self.endpoints_dir),
            ),
            test: or(
                &self.patterns.test,
                format!("{}/test_{NAME}.py", self.tests_dir),
            ),
            doc: or(&self.patterns.doc, format!("{}/{NAME}.md", self.docs_dir)),
        }
    }

    /// The endpoint module of any feature as `(prefix, suffix)` around its name:
    /// `("petsage.api.v1.endpoints.", "")`, or `("app.", ".views")` for
    /// `app/{name}/views.py`.
    pub fn endpoint_module_pattern(&self) -> (String, String) {
        let module = self.module(&self.path_patterns().endpoint);
        match module.split_once(NAME) {
            Some((before, after)) => (before.to_string(), after.to_string()),
            None => (format!("{module}."), String::new()),
        }
    }

    /// Two kinds of file on one path for some feature: refused, naming both keys.
    pub fn check_patterns(&self) -> Result<(), String> {
        let (files, patterns) = (self.files_for("x"), self.path_patterns());
        let mut kinds = vec![
            ("schema", &files.schema, &patterns.schema),
            ("service", &files.service, &patterns.service),
            ("endpoint", &files.endpoint, &patterns.endpoint),
            ("test", &files.test, &patterns.test),
            ("doc", &files.doc, &patterns.doc),
        ];
        if let (Some(file), Some(pattern)) = (&files.model, &patterns.model) {
            kinds.push(("model", file, pattern));
        }
        for (i, (a, pa, pattern)) in kinds.iter().enumerate() {
            for (b, pb, _) in &kinds[i + 1..] {
                if pa.eq_ignore_ascii_case(pb) {
                    return Err(format!(
                        "the {a} and the {b} of a feature would both be '{pattern}': give \
                         each kind of file its own path"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The directories of the kinds of generated module, with their config keys (the
    /// models package may be the schemas package: the table then joins the schemas).
    fn module_dirs(&self) -> Vec<(&'static str, &str)> {
        let mut dirs = vec![
            ("schemas_dir", self.schemas_dir.as_str()),
            ("services_dir", &self.services_dir),
            ("endpoints_dir", &self.endpoints_dir),
            ("tests_dir", &self.tests_dir),
        ];
        if let Some(models) = self.models_dir.as_deref()
            && !models.eq_ignore_ascii_case(&self.schemas_dir)
        {
            dirs.push(("models_dir", models));
        }
        dirs
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
    pub fn check_feature(&self, name: &FeatureName) -> Result<(), crate::error::Error> {
        let files = self.feature_files(name);
        let taken = [
            ("aggregator", self.aggregator.as_str()),
            ("main", &self.main),
            ("pyproject.toml", "pyproject.toml"),
        ];
        let packages = self.package_dirs();
        let model = files.model.clone().unwrap_or_default();
        for (kind, path) in [
            ("schema", &files.schema),
            ("model", &model),
            ("service", &files.service),
            ("endpoint", &files.endpoint),
            ("test", &files.test),
            ("doc", &files.doc),
        ] {
            if path.is_empty() {
                continue;
            }
            if let Some((what, _)) = taken.iter().find(|(_, t)| t.eq_ignore_ascii_case(path)) {
                return Err(format!(
                    "feature '{name}': its {kind} {path} would be the project's {what}; \
                     choose another name"
                )
                .into());
            }
            if let Some(stem) = path.strip_suffix(".py")
                && let Some(dir) = packages.iter().find(|d| d.eq_ignore_ascii_case(stem))
            {
                return Err(format!(
                    "feature '{name}': its {kind} module {path} has the name of the package \
                     {dir}/ beside it and could not be imported; choose another name"
                )
                .into());
            }
        }
        Ok(())
    }
}
