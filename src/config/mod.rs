//! `[tool.petsage-build]` in pyproject.toml (SPEC §9): every key optional, every key
//! checked. The result is a `Layout` plus the templates override directory.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::error::invalid;
use crate::layout::{Layout, Patterns};
use crate::python::Target;
use crate::suggest::did_you_mean;
use values::{attribute, dotted, file_pattern, identifier, module_path, relative, url_prefix};

mod keys;
mod schema;
mod values;

pub use crate::layout::{Attribute, Auth};
pub use keys::{KEYS, Key, Kind, is_key};
pub use schema::config_schema;

/// What the configuration decides.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    pub layout: Layout,
    /// A directory of templates that replace the built-in ones by name.
    pub templates: Option<PathBuf>,
}

impl Config {
    /// Reads `root/pyproject.toml`; a missing file or table means all defaults.
    pub fn load(root: &Path) -> anyhow::Result<Config> {
        let path = root.join("pyproject.toml");
        // Never through a link: what is configured decides where files are written.
        let bytes = match crate::fsread::read_nofollow(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) if crate::fsread::is_refusal(&e) => {
                return Err(
                    anyhow::Error::new(e).context(format!("cannot read {}", path.display()))
                );
            }
            Err(e) => {
                return Err(invalid(format!("cannot read {}: {e}", path.display())));
            }
        };
        let text = String::from_utf8(bytes).map_err(|e| {
            invalid(format!(
                "cannot read {}: not UTF-8 (byte offset {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ))
        })?;
        let mut config = Config::parse(&text).context("pyproject.toml")?;
        // An import root read off the packaging config that is itself a package (has an
        // `__init__.py`) is not one: its parent is, as `detect` says too. One the table
        // names is the user's word.
        let named = text
            .parse::<toml::Table>()
            .ok()
            .and_then(|d| {
                d.get("tool")?
                    .get("petsage-build")?
                    .get("import_root")
                    .cloned()
            })
            .is_some();
        let dir = config.layout.import_root.clone();
        if !named
            && !dir.is_empty()
            && dir != "src"
            && root.join(&dir).join("__init__.py").is_file()
        {
            config.layout.import_root = dir.rsplit_once('/').map_or("", |(p, _)| p).to_string();
        }
        config.layout.src_package = src_is_a_package(root, &config.layout);
        Ok(config)
    }

    /// Parses pyproject.toml text.
    pub fn parse(text: &str) -> anyhow::Result<Config> {
        let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            invalid(format!("invalid TOML: {}", e.message().trim()))
        })?;
        // Syntax newer than the oldest supported Python is refused in the files we patch.
        let python = doc
            .get("project")
            .and_then(|p| p.get("requires-python"))
            .and_then(|v| v.as_str())
            .and_then(Target::from_requires_python)
            .unwrap_or_default();
        let packaging_root = packaging_import_root(&doc);
        let Some(table) = doc
            .get("tool")
            .and_then(|t| t.as_table())
            .and_then(|t| t.get("petsage-build"))
        else {
            let mut config = Config::default();
            config.layout.python = python;
            config.layout.import_root = packaging_root.unwrap_or_default();
            return Ok(config);
        };
        let table = table
            .as_table()
            .ok_or_else(|| invalid("[tool.petsage-build] must be a table"))?;
        let mut values = std::collections::BTreeMap::new();
        let mut wire_main = true;
        let mut auth = Auth::default();
        for (key, value) in table {
            let Some(spec) = KEYS.iter().find(|k| k.name == key) else {
                let names: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
                let mut msg = format!(
                    "unknown key '{key}' in [tool.petsage-build] (allowed: {})",
                    names.join(", ")
                );
                if let Some(guess) = did_you_mean(key, &names) {
                    msg.push_str(&format!("; did you mean '{guess}'?"));
                }
                return Err(invalid(msg));
            };
            if spec.kind == Kind::Dependencies {
                auth.dependencies = dependencies(value)?;
                continue;
            }
            if spec.kind == Kind::Bool {
                // The only boolean key.
                wire_main = value.as_bool().ok_or_else(|| {
                    invalid(format!(
                        "[tool.petsage-build] {key} must be true or false, found {}",
                        value.type_str()
                    ))
                })?;
                continue;
            }
            let s = value.as_str().ok_or_else(|| {
                invalid(format!(
                    "[tool.petsage-build] {key} must be a string, found {}",
                    value.type_str()
                ))
            })?;
            if spec.kind == Kind::Identifier {
                identifier(key, s)?;
            }
            if spec.kind == Kind::Attribute {
                auth.user_model = Some(attribute(key, s)?);
            }
            values.insert(key.as_str(), s.to_string());
        }
        let get = |k: &str| values.get(k).cloned();
        let package = get("package").unwrap_or_else(|| "petsage".into());
        let version = get("api_version").unwrap_or_else(|| "v1".into());
        let api = format!("{package}/api/{version}");
        let path = |key: &str, default: String| -> anyhow::Result<String> {
            let Some(v) = get(key) else {
                return Ok(default);
            };
            let kind = keys::kind_of(key);
            let rel = relative(key, &v, kind == Kind::Module)?;
            // Docs and templates are not imported; modules and packages are.
            if kind != Kind::Dir {
                module_path(key, &rel)?;
            }
            Ok(rel)
        };
        let pattern = |key: &str, ext: &str| -> anyhow::Result<Option<String>> {
            get(key).map(|v| file_pattern(key, &v, ext)).transpose()
        };
        let patterns = Patterns {
            schema: pattern("schema", ".py")?,
            model: pattern("model", ".py")?,
            service: pattern("service", ".py")?,
            endpoint: pattern("endpoint", ".py")?,
            test: pattern("test", ".py")?,
            doc: pattern("doc", ".md")?,
        };
        let prefix = get("api_prefix").map(|p| url_prefix(&p)).transpose()?;
        let import_root = match get("import_root") {
            Some(r) if r.is_empty() || r == "." => String::new(),
            Some(r) => relative("import_root", &r, false)?,
            None => packaging_root.unwrap_or_default(),
        };
        let endpoints_dir = path("endpoints_dir", format!("{api}/endpoints"))?;
        let own = own_package_dir(&endpoints_dir, &package, &api);
        let schemas_default = in_own_package(&own, "schemas", format!("{api}/schemas"));
        let tests_default = in_own_package(
            &own,
            "tests",
            format!("{package}/tests/test_api/test_{version}"),
        );
        let layout = Layout {
            aggregator: path("aggregator", format!("{api}/api.py"))?,
            router_var: get("router_var").unwrap_or_else(|| format!("api_{version}_router")),
            main: path("main", format!("{package}/main.py"))?,
            app_var: get("app_var").unwrap_or_else(|| "app".into()),
            endpoints_dir,
            schemas_dir: path("schemas_dir", schemas_default)?,
            services_dir: path("services_dir", format!("{package}/services"))?,
            tests_dir: path("tests_dir", tests_default)?,
            docs_dir: path("docs_dir", format!("{package}/feature_docs"))?,
            models_dir: Some(path("models_dir", format!("{package}/models"))?),
            db: path("db", String::new())?,
            session_dependency: get("session_dependency")
                .map(|v| {
                    dotted(
                        "session_dependency",
                        &v,
                        "a function, such as app.api.deps.get_db",
                    )
                })
                .transpose()?,
            model_base: get("model_base")
                .map(|v| {
                    dotted(
                        "model_base",
                        &v,
                        "a SQLModel class, such as app.models.Base",
                    )
                })
                .transpose()?,
            package,
            api_version: version,
            patterns,
            prefix,
            wire_main,
            import_root,
            src_package: false,
            python,
            auth,
        };
        let mut layout = layout;
        if layout.db.is_empty() {
            layout.db = format!("{}/db.py", package_dir(&layout));
        }
        layout
            .check_disjoint()
            .and_then(|()| layout.check_patterns())
            .map_err(|e| invalid(format!("[tool.petsage-build] {e}")))?;
        let templates = get("templates")
            .map(|t| relative("templates", &t, false).map(PathBuf::from))
            .transpose()?;
        Ok(Config { layout, templates })
    }
}

/// `dependencies = { name = "module:attr", ... }`: each name an identifier.
fn dependencies(
    value: &toml::Value,
) -> anyhow::Result<std::collections::BTreeMap<String, Attribute>> {
    let table = value.as_table().ok_or_else(|| {
        invalid(format!(
            "[tool.petsage-build] dependencies must be a table of names, found {}",
            value.type_str()
        ))
    })?;
    let mut out = std::collections::BTreeMap::new();
    for (name, v) in table {
        let key = format!("dependencies.{name}");
        identifier(&key, name)?;
        let s = v.as_str().ok_or_else(|| {
            invalid(format!(
                "[tool.petsage-build] {key} must be a string, found {}",
                v.type_str()
            ))
        })?;
        out.insert(name.clone(), attribute(&key, s)?);
    }
    Ok(out)
}

/// Where the packaging config says the packages live (their import root,
/// `packaging::declared_root`). `None` when none says; a path that is not a clean
/// relative one is ignored (the key `import_root` can still say it).
fn packaging_import_root(doc: &toml::Table) -> Option<String> {
    let found = crate::packaging::declared_root(doc)?.dir;
    if found.is_empty() {
        return Some(String::new());
    }
    relative("import_root", &found, false).ok()
}

/// The directory of the top-level package: where the aggregator's path names it
/// (`src/dispatch` for `src/dispatch/api.py`), else below the import root.
fn package_dir(layout: &Layout) -> String {
    let needle = format!("{}/", layout.package);
    let agg = &layout.aggregator;
    let at = if agg.starts_with(&needle) {
        Some(0)
    } else {
        agg.find(&format!("/{needle}")).map(|i| i + 1)
    };
    match at {
        Some(i) => agg[..i + layout.package.len()].to_string(),
        None if layout.import_root.is_empty() => layout.package.clone(),
        None => format!("{}/{}", layout.import_root, layout.package),
    }
}

/// Whether `src/` is a real package here (SPEC §11b): the import root is the project
/// root, `src/__init__.py` exists, and main or the aggregator (in `src/`) imports from
/// `src.` absolutely, as the project's own code then does. Otherwise `src/` is an
/// import root, never a package (SPEC §11).
fn src_is_a_package(root: &Path, layout: &Layout) -> bool {
    if !layout.import_root.is_empty() || !root.join("src/__init__.py").is_file() {
        return false;
    }
    [&layout.main, &layout.aggregator]
        .into_iter()
        .filter(|rel| rel.starts_with("src/"))
        .filter_map(|rel| crate::fsread::read_to_string(&root.join(rel.as_str())).ok())
        .filter_map(|text| crate::python::ParsedModule::for_target(&text, layout.python).ok())
        .any(|parsed| parsed.imports_absolutely("src"))
}

/// The package directory of a project whose endpoints live outside PetSage's
/// `{package}/api/vN/` (its own directories): the path up to the package in the
/// endpoints directory (`src/app` for `src/app/routers`), else the endpoints directory's
/// parent. `None` in PetSage's layout.
fn own_package_dir(endpoints_dir: &str, package: &str, api: &str) -> Option<String> {
    if endpoints_dir.starts_with(&format!("{api}/")) {
        return None;
    }
    let parts: Vec<&str> = endpoints_dir.split('/').collect();
    Some(match parts.iter().position(|p| *p == package) {
        Some(i) => parts[..=i].join("/"),
        None => endpoints_dir
            .rsplit_once('/')
            .map_or(String::new(), |(parent, _)| parent.to_string()),
    })
}

/// A directory the config names none for (`schemas`, `tests`): PetSage's default, or,
/// where the endpoints live elsewhere, that name in the project's own package, so that a
/// project without `api/vN` never gets one (SPEC §11b).
fn in_own_package(own: &Option<String>, leaf: &str, default: String) -> String {
    match own.as_deref() {
        None => default,
        Some("") => leaf.to_string(),
        Some(dir) => format!("{dir}/{leaf}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_without_table() {
        assert_eq!(
            Config::parse("[project]\nname='x'\n").unwrap(),
            Config::default()
        );
    }

    #[test]
    fn auth_keys_name_a_user_model_and_dependencies() {
        let c = Config::parse(
            "[tool.petsage-build]\nuser_model = 'app.models.user:User'\n\
             dependencies = { current_user = 'app.api.deps:CurrentUser', admin = 'app.deps:is_admin' }\n",
        )
        .unwrap();
        let attr = |m: &str, n: &str| Attribute {
            module: m.into(),
            name: n.into(),
        };
        assert_eq!(
            c.layout.auth.user_model,
            Some(attr("app.models.user", "User"))
        );
        assert_eq!(
            c.layout.auth.dependencies.get("current_user"),
            Some(&attr("app.api.deps", "CurrentUser"))
        );
        assert_eq!(c.layout.auth.dependencies.len(), 2);
        for (text, needle) in [
            (
                "user_model = 'app.models.User'",
                "user_model = 'app.models.User' must be module:name",
            ),
            ("user_model = 'app.models:'", "must be module:name"),
            ("user_model = 'app.class:User'", "must be module:name"),
            (
                "dependencies = 'app:x'",
                "dependencies must be a table of names, found string",
            ),
            (
                "dependencies = { current_user = 1 }",
                "dependencies.current_user must be a string",
            ),
            (
                "dependencies = { 'not-a-name' = 'a:b' }",
                "dependencies.not-a-name",
            ),
            (
                "dependencies = { user = 'a.b:c:d' }",
                "dependencies.user = 'a.b:c:d' must be module:name",
            ),
        ] {
            let err = Config::parse(&format!("[tool.petsage-build]\n{text}\n")).unwrap_err();
            assert!(err.to_string().contains(needle), "{text}: {err}");
        }
    }

    #[test]
    fn full_stack_template_layout() {
        let c = Config::parse(
            "[tool.petsage-build]\npackage = 'app'\naggregator = 'app/api/main.py'\n\
             router_var = 'api_router'\nmain = 'app/main.py'\nendpoints_dir = 'app/api/routes'\n\
             tests_dir = 'tests/api/routes'\n",
        )
        .unwrap();
        assert_eq!(c.layout.aggregator, "app/api/main.py");
        assert_eq!(c.layout.endpoints_dir, "app/api/routes");
        // The project has no api/v1: the schemas go into its package, not a new api/v1.
        assert_eq!(c.layout.schemas_dir, "app/schemas");
        assert_eq!(c.layout.router_var, "api_router");
        let schemas = |endpoints: &str| {
            let t =
                format!("[tool.petsage-build]\npackage = 'app'\nendpoints_dir = '{endpoints}'\n");
            Config::parse(&t).unwrap().layout.schemas_dir
        };
        assert_eq!(schemas("app/api/v1/endpoints"), "app/api/v1/schemas");
        assert_eq!(schemas("src/app/routers"), "src/app/schemas");
        assert_eq!(schemas("web/routes"), "web/schemas");
        let t = "[tool.petsage-build]\npackage = 'app'\nendpoints_dir = 'app/routers'\n";
        assert_eq!(Config::parse(t).unwrap().layout.tests_dir, "app/tests");
    }

    #[test]
    fn a_packaging_root_that_is_a_package_is_not_the_import_root() {
        let dir = tempfile::tempdir().unwrap();
        let pyproject = "[tool.poetry]\npackages = [{include = \"*\", from = \"app\"}]\n";
        std::fs::write(dir.path().join("pyproject.toml"), pyproject).unwrap();
        std::fs::create_dir(dir.path().join("app")).unwrap();
        assert_eq!(Config::load(dir.path()).unwrap().layout.import_root, "app");
        std::fs::write(dir.path().join("app/__init__.py"), "").unwrap();
        assert_eq!(Config::load(dir.path()).unwrap().layout.import_root, "");
        // The table's own word stands.
        let named = format!("{pyproject}[tool.petsage-build]\nimport_root = \"app\"\n");
        std::fs::write(dir.path().join("pyproject.toml"), named).unwrap();
        assert_eq!(Config::load(dir.path()).unwrap().layout.import_root, "app");
    }

    #[test]
    fn errors() {
        let err = |t: &str| format!("{:#}", Config::parse(t).unwrap_err());
        assert!(err("[tool.petsage-build]\npakage = 'x'\n").contains("did you mean 'package'"));
        assert!(
            err("[tool.petsage-build]\ndocs_dir = '../x'\n").contains("inside the project root")
        );
        assert!(err("[tool.petsage-build]\ndocs_dir = '/x'\n").contains("inside the project root"));
        assert!(err("[tool.petsage-build]\nmain = 'app/main'\n").contains(".py"));
        assert!(err("[tool.petsage-build]\npackage = 3\n").contains("must be a string"));
        assert!(err("[tool.petsage-build]\nrouter_var = 'a-b'\n").contains("identifier"));
        assert!(err("[tool\n").contains("invalid TOML"));
    }
}
