//! What the templates see: a `Feature` and a `Layout` turned into template values.
//!
//! Identifiers (names, module paths, types) are computed here, from `FeatureName` and
//! `Layout`; free text (everything that comes from a request) is marked as such by
//! `text`, so that the engine hands it to templates as unsafe strings: a template that
//! prints it without an escaping filter gets it escaped for its output language.
//!
//! `feature` builds the feature templates' context from `views` (the values of its
//! parts), `resource` (a resource's), `doc` (the doc's JSON examples and `curl` lines) and
//! `names` (derived names and imports); this module holds the project's and layout's.

use serde::Serialize;
use serde_json::Value as Json;

use crate::error::invalid;
use crate::layout::Layout;
use crate::pyrules::is_ascii_identifier as is_identifier;

mod doc;
mod feature;
mod field_view;
mod inherited;
mod listing;
mod model_fields;
mod module_imports;
mod names;
mod operations;
mod references;
mod resource;
mod revision;
mod scopes;
mod table;
mod test_data;
mod views;

pub(crate) use feature::feature;
pub(crate) use revision::revision;
pub use revision::{Change as RevisionChange, RevisionIds};
use views::FeatureView;

/// Marks request text in the serialised context: `engine::context` strips it and makes
/// the string unsafe (escaped when printed bare); every unmarked string is an
/// identifier or path we computed, and is printed as is. (Request text cannot hold U+0001
/// at the start of a string that is not marked: only `text` puts it there, and the engine
/// strips exactly one.)
/// Where `init` puts Alembic's script directory (SPEC §14).
pub const MIGRATIONS_DIR: &str = "migrations";

pub(crate) const TEXT_MARK: char = '\u{1}';

/// Request text, marked for the engine.
fn text(s: &str) -> String {
    format!("{TEXT_MARK}{s}")
}

fn texts(items: &[String]) -> Vec<String> {
    items.iter().map(|s| text(s)).collect()
}

/// An example value as text in a URL, a header or a path: a string as it is, anything
/// else as JSON writes it (`5`, `true`), which is how FastAPI reads it back.
fn plain_text(v: Json) -> String {
    match v {
        Json::String(s) => s,
        other => other.to_string(),
    }
}

/// A JSON value from a request (an example), every string in it marked.
fn text_json(v: Json) -> Json {
    match v {
        Json::String(s) => Json::String(text(&s)),
        Json::Array(items) => Json::Array(items.into_iter().map(text_json).collect()),
        Json::Object(map) => {
            Json::Object(map.into_iter().map(|(k, v)| (k, text_json(v))).collect())
        }
        other => other,
    }
}

/// The context of the five feature templates.
#[derive(Debug, Serialize)]
pub(crate) struct FeatureContext {
    pub feature: FeatureView,
    pub layout: LayoutView,
}

/// The context of the project templates.
#[derive(Debug, Serialize)]
pub(crate) struct ProjectContext {
    pub project: ProjectView,
    pub layout: LayoutView,
}

#[derive(Debug, Serialize)]
pub(crate) struct ProjectView {
    /// The distribution name, as given (free text: through `toml_str`/`py_str`/`md`).
    pub name: String,
    /// The project has the database module: main creates its tables at start-up.
    pub with_db: bool,
    /// Alembic is set up (SPEC §14): the tables are migrated, not created at start-up.
    pub migrations: bool,
    /// `init --auth` (SPEC §15): users, login with JWTs, `CurrentUser`.
    pub auth: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct LayoutView {
    pub package: String,
    /// `v1`
    pub api_version: String,
    /// `/api/v1`
    pub api_prefix: String,
    pub router_var: String,
    pub app_var: String,
    pub modules: Modules,
    pub files: Files,
    /// Where pytest looks for tests (pyproject's `testpaths`).
    pub testpaths: String,
    /// How many directories the database module is below the root (`Path.parents[n]`
    /// of the module is the root).
    pub db_depth: usize,
}

/// Dotted module paths.
#[derive(Debug, Serialize, Default)]
pub(crate) struct Modules {
    pub aggregator: String,
    pub db: String,
    pub main: String,
    pub endpoints: String,
    pub schemas: String,
    pub services: String,
    /// The package of the table models: the one Alembic's environment imports.
    pub models: String,
    /// The feature's own modules (empty in the project context).
    pub schema: String,
    pub service: String,
    pub endpoint: String,
}

/// Paths relative to the root (empty where there is no feature).
#[derive(Debug, Serialize, Default)]
pub(crate) struct Files {
    pub aggregator: String,
    pub db: String,
    /// The domain errors module resources share.
    pub errors: String,
    pub main: String,
    pub schema: String,
    pub service: String,
    pub endpoint: String,
    pub test: String,
    pub doc: String,
}

pub(crate) fn project(
    name: &str,
    layout: &Layout,
    with_db: bool,
    setup: super::ProjectSetup,
) -> anyhow::Result<ProjectContext> {
    Ok(ProjectContext {
        project: ProjectView {
            name: text(name),
            with_db,
            migrations: setup.migrations,
            auth: setup.auth,
        },
        layout: layout_view(layout)?,
    })
}

fn layout_view(layout: &Layout) -> anyhow::Result<LayoutView> {
    check_layout(layout)?;
    Ok(LayoutView {
        package: layout.package.clone(),
        api_version: layout.api_version.clone(),
        api_prefix: layout.api_prefix(),
        router_var: layout.router_var.clone(),
        app_var: layout.app_var.clone(),
        modules: Modules {
            aggregator: layout.module(&layout.aggregator),
            db: layout.module(&layout.db),
            main: layout.module(&layout.main),
            endpoints: layout.module(&layout.endpoints_dir),
            schemas: layout.module(&layout.schemas_dir),
            services: layout.module(&layout.services_dir),
            models: layout.module(layout.models_home()),
            ..Modules::default()
        },
        files: Files {
            aggregator: layout.aggregator.clone(),
            db: layout.db.clone(),
            errors: layout.errors_module(),
            main: layout.main.clone(),
            ..Files::default()
        },
        testpaths: testpaths(&layout.tests_dir),
        db_depth: layout.db.matches('/').count(),
    })
}

/// The tests' root: the outermost directory of `tests_dir` named like a test package
/// (`petsage/tests` for `petsage/tests/test_api/test_v1`), so that tests beside the
/// generated ones are collected too.
fn testpaths(tests_dir: &str) -> String {
    let parts: Vec<&str> = tests_dir.split('/').collect();
    match parts.iter().position(|p| p.starts_with("test")) {
        Some(i) => parts[..=i].join("/"),
        None => tests_dir.to_string(),
    }
}

/// The layout's names end up in code as identifiers: refuse what would not be one,
/// rather than generate code that does not parse. (`config` validates the same when it
/// reads `[tool.petsage-build]`; a `Layout` built in code gets the same guarantee.)
fn check_layout(layout: &Layout) -> anyhow::Result<()> {
    layout
        .check_disjoint()
        .map_err(|e| invalid(format!("layout: {e}")))?;
    for (what, value) in [
        ("package", layout.package.as_str()),
        ("router_var", &layout.router_var),
        ("app_var", &layout.app_var),
        ("api_version", &layout.api_version),
    ] {
        if !is_identifier(value) {
            return Err(invalid(format!(
                "layout: {what} '{value}' is not a Python identifier"
            )));
        }
    }
    for (what, path) in [
        ("aggregator", layout.aggregator.as_str()),
        ("main", &layout.main),
        ("endpoints_dir", &layout.endpoints_dir),
        ("schemas_dir", &layout.schemas_dir),
        ("services_dir", &layout.services_dir),
        ("tests_dir", &layout.tests_dir),
    ] {
        let module = layout.module(path);
        if !module.split('.').all(is_identifier) {
            return Err(invalid(format!(
                "layout: {what} '{path}' is not a Python module path"
            )));
        }
    }
    Ok(())
}

/// The URL prefix a feature's routes are served under, before its `mount`: read from the
/// app down when the plan could (SPEC §11b), else the layout's `api_prefix`.
pub(super) fn served_prefix(feature: &crate::request::Feature, layout: &Layout) -> String {
    feature
        .api_prefix
        .clone()
        .unwrap_or_else(|| layout.api_prefix())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn testpaths_start_at_the_tests_package() {
        assert_eq!(testpaths("petsage/tests/test_api/test_v1"), "petsage/tests");
        assert_eq!(testpaths("app/tests"), "app/tests");
        assert_eq!(testpaths("app/checks"), "app/checks");
    }

    #[test]
    fn layouts_with_non_identifiers_are_refused() {
        let layout = Layout {
            router_var: "api-router".into(),
            ..Layout::default()
        };
        assert!(layout_view(&layout).is_err());
        let layout = Layout {
            endpoints_dir: "app/api/my-routes".into(),
            ..Layout::default()
        };
        assert!(layout_view(&layout).is_err());
        assert!(layout_view(&Layout::default()).is_ok());
    }
}
