//! `detect` (SPEC §11): the `[tool.petsage-build]` section that fits an existing FastAPI
//! project, read off its files: the import root, the FastAPI app, the router aggregator
//! main mounts, and the directories of endpoint, schema, service and test modules.
//!
//! Pure except for reading: directories are listed, files are read through `fsread`,
//! nothing is written. Every key carries the reason it was chosen; a key that could not
//! be found is left out (the default applies) with the reason.
//!
//! The scan (`scan.rs`) lists the project's Python files; `app.rs` finds the FastAPI app
//! and the aggregator it mounts; `dirs.rs` the module directories and the API version;
//! `session.rs` the database session dependency. `detect()` here puts the keys together.

mod aggregator;
mod app;
mod dependencies;
mod dirs;
mod scan;
mod session;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::rc::Rc;

use crate::python::{Calls, ParsedModule, Target};

pub use scan::has_other_packages;
use scan::import_root;

/// One key of the section: its value, or `None` when left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub name: &'static str,
    pub value: Option<String>,
    pub why: String,
}

/// What `detect` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// Comment lines about the project that no key holds (the import root).
    pub notes: Vec<String>,
    pub keys: Vec<Key>,
    /// What is missing for a usable section ("FastAPI app", "router aggregator").
    pub missing: Vec<String>,
}

impl Detection {
    /// The value found for `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.keys
            .iter()
            .find(|k| k.name == key)
            .and_then(|k| k.value.as_deref())
    }

    /// The section as TOML: the header, then each key with a comment saying where it
    /// was found (or why it is left out). Lines end in `nl`.
    pub fn section(&self, nl: &str) -> String {
        let mut out = String::new();
        for note in &self.notes {
            out.push_str(&format!("# {}{nl}", crate::escape::line(note)));
        }
        out.push_str(&format!("[tool.petsage-build]{nl}"));
        for key in &self.keys {
            match &key.value {
                // `dependencies` is a table of names, written inline as it was built.
                Some(v) if key.name == "dependencies" => {
                    out.push_str(&format!("# {}{nl}", crate::escape::line(&key.why)));
                    out.push_str(&format!("{} = {v}{nl}", key.name));
                }
                Some(v) => {
                    out.push_str(&format!("# {}{nl}", crate::escape::line(&key.why)));
                    out.push_str(&format!("{} = {}{nl}", key.name, toml_string(v)));
                }
                None => out.push_str(&format!(
                    "# {}: left out, {}{nl}",
                    key.name,
                    crate::escape::line(&key.why)
                )),
            }
        }
        out
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A parsed project file.
struct Source {
    /// Relative to the root, `/` separators.
    rel: String,
    text: String,
    parsed: ParsedModule,
    calls: Calls,
}

/// A router variable in a project file.
#[derive(Clone)]
struct RouterRef {
    source: Rc<Source>,
    var: String,
    /// The function whose parameter `var` is, when main hands the app to it
    /// (`include_routers(app)` includes on the parameter `app`).
    helper: Option<String>,
}

/// The FastAPI app.
struct App {
    source: Rc<Source>,
    /// The module-level variable holding the app, if any.
    var: Option<String>,
    /// The names `include_router` is called on for this app (the variable, and the
    /// factory's local name).
    receivers: Vec<String>,
    /// Routers handed to the call that makes the app (`create_application(router=r)`).
    handed: Vec<String>,
    why: String,
}

struct Detector<'r> {
    root: &'r Path,
    /// The import root with a trailing `/`, or empty.
    prefix: String,
    target: Target,
    cache: HashMap<String, Option<Rc<Source>>>,
    /// The top-level package and API version, once known (for new directories).
    package: Option<String>,
    version: Option<String>,
    /// The directories of the modules the aggregator includes.
    routed_dirs: Vec<String>,
    /// `src/` is a package of the project's own (`src.books.routes`), not an import root.
    src_package: bool,
    /// The endpoint modules are one package per feature.
    per_feature: Option<PerFeature>,
}

/// One package per feature (`app/routers/<name>/endpoints.py`).
#[derive(Clone)]
struct PerFeature {
    /// The endpoint module's path pattern (`app/routers/{name}/endpoints.py`).
    pattern: String,
    /// Each feature's package (`app.routers.bots`) and endpoint module file.
    features: Vec<(String, String)>,
}

/// Inspects the project at `root`; `pyproject` is the text of its pyproject.toml, if any.
pub fn detect(root: &Path, pyproject: Option<&str>) -> Detection {
    let doc: toml::Table = pyproject.and_then(|t| t.parse().ok()).unwrap_or_default();
    let target = doc
        .get("project")
        .and_then(|p| p.get("requires-python"))
        .and_then(|v| v.as_str())
        .and_then(Target::from_requires_python)
        .unwrap_or_default();
    let (import_root, root_why, by_layout) = import_root(root, &doc);
    let prefix = if import_root.is_empty() {
        String::new()
    } else {
        format!("{import_root}/")
    };
    let mut d = Detector {
        root,
        prefix,
        target,
        cache: HashMap::new(),
        package: None,
        version: None,
        routed_dirs: Vec::new(),
        src_package: false,
        per_feature: None,
    };
    let mut files = d.scan();
    let mut notes = Vec::new();
    // `src/` with an `__init__.py` that the project imports itself from is a package
    // (SPEC §11b): the root is the import root, and modules keep `src.`.
    let own = (by_layout && import_root == "src" && root.join("src/__init__.py").is_file())
        .then(|| d.imports_itself_as_src(&files))
        .flatten();
    if let Some(rel) = own {
        notes.push(format!(
            "import root: the project root; src/ is a package the project imports itself \
             from (src/__init__.py, and `from src.` in {rel}): module paths keep `src.`"
        ));
        d.prefix = String::new();
        d.src_package = true;
        files = d.scan();
    } else if import_root.is_empty() {
        notes.push(format!("import root: the project root ({root_why})"));
    } else if import_root == "src" {
        notes.push(format!(
            "import root: src/ ({root_why}); src/ is always an import root, never a \
             package"
        ));
    }
    let mut keys: BTreeMap<&'static str, Key> = BTreeMap::new();
    let mut put = |name: &'static str, value: Option<String>, why: String| {
        keys.insert(name, Key { name, value, why });
    };
    if !import_root.is_empty() && import_root != "src" && !d.src_package {
        // Said even where the packaging config says it too: detect's reading may differ
        // (a named directory that is itself a package has its parent for a root).
        put("import_root", Some(import_root.clone()), root_why.clone());
    }
    let mut missing = Vec::new();
    let app = d.find_app(&files);
    let aggregator = app.as_ref().and_then(|a| d.find_aggregator(a));
    match &app {
        Some(app) => {
            put("main", Some(app.source.rel.clone()), app.why.clone());
            match &app.var {
                Some(v) => put(
                    "app_var",
                    Some(v.clone()),
                    format!("the app variable in {}", app.source.rel),
                ),
                None => put(
                    "app_var",
                    None,
                    "the app is made by a factory and no module-level variable holds it".into(),
                ),
            }
        }
        None => {
            missing.push("FastAPI app".to_string());
            put(
                "main",
                None,
                format!(
                    "no module assigns `X = FastAPI(...)` or returns FastAPI(...) from a \
                     factory (looked at {} .py file(s) under {})",
                    files.len(),
                    d.shown_root()
                ),
            );
            put("app_var", None, "no FastAPI app found".into());
        }
    }
    // The top-level package: the first part of main's module (or the aggregator's).
    let package = aggregator
        .as_ref()
        .map(|(a, _)| a.source.rel.clone())
        .or_else(|| app.as_ref().map(|a| a.source.rel.clone()))
        .and_then(|rel| {
            let module = d.module_of(&rel);
            let first = module.split('.').next().unwrap_or("").to_string();
            (!first.is_empty() && d.is_dir(&format!("{}{first}", d.prefix))).then_some(first)
        });
    d.package = package.clone();
    d.version = d.api_version(&aggregator, None, &app).map(|(v, _)| v);
    match &package {
        Some(p) => put(
            "package",
            Some(p.clone()),
            format!("the top-level package of main: {}{p}/", d.prefix),
        ),
        None => put("package", None, "main is not inside a package".into()),
    }
    let mut endpoints = None;
    match &aggregator {
        Some((agg, why)) => {
            put("aggregator", Some(agg.source.rel.clone()), why.clone());
            put(
                "router_var",
                Some(agg.var.clone()),
                format!(
                    "the router {} includes the endpoint routers on",
                    agg.source.rel
                ),
            );
            let (dir, why, existing) = d.endpoints_dir(agg);
            if existing {
                endpoints = dir.clone();
            }
            put("endpoints_dir", dir, why);
            if let Some(per) = &d.per_feature {
                put(
                    "endpoint",
                    Some(per.pattern.clone()),
                    format!(
                        "each of the {} routers the aggregator includes is in a package of \
                         its own, in a module named alike",
                        per.features.len()
                    ),
                );
            }
        }
        None => {
            missing.push("router aggregator".to_string());
            let why = if app.is_some() {
                "main includes no router of the project (follow `include_router` from the app)"
            } else {
                "no FastAPI app to follow `include_router` from"
            };
            put("aggregator", None, why.into());
            put("router_var", None, "no aggregator found".into());
            put("endpoints_dir", None, "no aggregator found".into());
        }
    }
    let api_version = d.api_version(&aggregator, endpoints.as_deref(), &app);
    match api_version {
        Some((v, why)) => put("api_version", Some(v), why),
        None => put(
            "api_version",
            None,
            "no /api/vN prefix or vN package seen (default v1)".into(),
        ),
    }
    let pkg_dir = package.as_ref().map(|p| format!("{}{p}", d.prefix));
    let taken: Vec<String> = endpoints.iter().cloned().collect();
    for (key, pattern_key, names, default) in [
        // Singular names too (`schema/`, `service/`), after the plural.
        (
            "schemas_dir",
            "schema",
            &["schemas", "schema", "models", "model"][..],
            "api/{v}/schemas",
        ),
        (
            "services_dir",
            "service",
            // `controllers/` holds the logic the routes call in MVC-style projects.
            &["services", "service", "crud", "controllers", "controller"][..],
            "services",
        ),
    ] {
        if let Some((pattern, why)) = d.feature_sibling(names) {
            put(pattern_key, Some(pattern), why);
            put(
                key,
                None,
                format!("the {pattern_key} pattern replaces it (one package per feature)"),
            );
            continue;
        }
        let found = pkg_dir
            .as_deref()
            .and_then(|p| d.named_dir(p, names, endpoints.as_deref(), &taken));
        match found {
            Some(dir) => put(
                key,
                Some(dir.clone()),
                format!(
                    "an existing {}/ directory",
                    dir.rsplit('/').next().unwrap_or("")
                ),
            ),
            None => {
                let what = names
                    .iter()
                    .map(|n| format!("{n}/"))
                    .collect::<Vec<_>>()
                    .join(" or ");
                let (value, why) = d.new_dir(package.as_deref(), default, &what);
                put(key, value, why);
            }
        }
    }
    let (tests, why) = d.tests_dir(pkg_dir.as_deref(), endpoints.as_deref());
    match tests {
        Some(t) => put("tests_dir", Some(t), why),
        None => {
            let (value, why) = if let (Some(_), Some(p)) = (&d.per_feature, &pkg_dir) {
                // The default mirrors the default endpoints directory (api/vN), which an
                // endpoint pattern leaves unused.
                (
                    Some(format!("{p}/tests")),
                    format!("{why}: a new {p}/tests/ (features are packages, not api/vN modules)"),
                )
            } else if d.prefix.is_empty() {
                (
                    None,
                    format!("{why} (the default, a new directory inside the package, applies)"),
                )
            } else {
                (
                    Some("tests".to_string()),
                    format!(
                        "{why}: a new tests/ (the default would be outside {})",
                        d.shown_root()
                    ),
                )
            };
            put("tests_dir", value, why);
        }
    }
    match d.session_dependency(&files) {
        Ok((value, why)) => put("session_dependency", Some(value), why),
        Err(why) => put("session_dependency", None, why),
    }
    match d.model_base(&files) {
        Ok((value, why)) => put("model_base", Some(value), why),
        Err(why) => put("model_base", None, why),
    }
    match d.route_dependencies(&files) {
        Ok((value, why)) => put("dependencies", Some(value), why),
        Err(why) => put("dependencies", None, why),
    }
    notes.extend(session::alembic_note(root));
    put(
        "docs_dir",
        Some("docs/features".into()),
        "feature docs beside the code, not inside the package (the default for existing projects)"
            .into(),
    );
    // In the order the configuration documents its keys.
    let keys = crate::config::KEYS
        .iter()
        .filter_map(|k| keys.remove(k.name))
        .collect();
    Detection {
        notes,
        keys,
        missing,
    }
}
