//! `detect` (SPEC §11): the `[tool.petsage-build]` section that fits an existing FastAPI
//! project, read off its files: the import root, the FastAPI app, the router aggregator
//! main mounts, and the directories of endpoint, schema, service and test modules.
//!
//! Pure except for reading: directories are listed, files are read through `fsread`,
//! nothing is written. Every key carries the reason it was chosen; a key that could not
//! be found is left out (the default applies) with the reason.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::rc::Rc;

use crate::layout::Layout;
use crate::python::{Calls, ParsedModule, Target, call_sites};

/// How many `.py` files the scan looks at, at most.
const MAX_FILES: usize = 5000;
/// How deep below the import root the scan goes.
const MAX_DEPTH: usize = 12;
/// Directories never scanned (besides hidden ones and virtual environments).
const SKIP_DIRS: &[&str] = &[
    "tests",
    "test",
    "node_modules",
    "migrations",
    "alembic",
    "__pycache__",
    "site-packages",
    "venv",
    "env",
    "build",
    "dist",
];

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
    let (import_root, root_why) = import_root(root, &doc);
    let prefix = if import_root.is_empty() {
        String::new()
    } else {
        format!("{import_root}/")
    };
    let mut notes = Vec::new();
    if import_root.is_empty() {
        notes.push(format!("import root: the project root ({root_why})"));
    } else if import_root == "src" {
        notes.push(format!(
            "import root: src/ ({root_why}); no config key for it yet: src/ is always an \
             import root, never a package"
        ));
    } else {
        notes.push(format!(
            "import root: {import_root}/ ({root_why}); no config key for it yet, and only \
             src/ is taken for one: module paths below {import_root}/ will be wrong"
        ));
    }
    let mut d = Detector {
        root,
        prefix,
        target,
        cache: HashMap::new(),
        package: None,
        version: None,
    };
    let files = d.scan();
    let mut keys: BTreeMap<&'static str, Key> = BTreeMap::new();
    let mut put = |name: &'static str, value: Option<String>, why: String| {
        keys.insert(name, Key { name, value, why });
    };
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
    for (key, names, default) in [
        ("schemas_dir", &["schemas", "models"][..], "api/{v}/schemas"),
        ("services_dir", &["services", "crud"][..], "services"),
    ] {
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
            let (value, why) = if d.prefix.is_empty() {
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
        Some((value, why)) => put("session_dependency", Some(value), why),
        None => put(
            "session_dependency",
            None,
            "no module-level function returns Generator[Session, ...] or Iterator[Session] \
             (resources get the database module db.py)"
                .into(),
        ),
    }
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

/// The import root the packaging config names, else `src` when packages live there,
/// else the root itself (empty), with the reason.
fn import_root(root: &Path, doc: &toml::Table) -> (String, String) {
    let get = |path: &[&str]| -> Option<&toml::Value> {
        let mut v: Option<&toml::Value> = None;
        for (i, part) in path.iter().enumerate() {
            v = if i == 0 {
                doc.get(*part)
            } else {
                v?.get(*part)
            };
        }
        v
    };
    let first_str = |v: Option<&toml::Value>| -> Option<String> {
        v?.as_array()?
            .iter()
            .find_map(|x| x.as_str().map(str::to_string))
    };
    let clean = |s: &str| s.trim_matches('/').trim_start_matches("./").to_string();
    let mut from_config: Option<(String, String)> = None;
    if let Some(w) = first_str(get(&["tool", "setuptools", "packages", "find", "where"])) {
        from_config = Some((
            clean(&w),
            format!("setuptools: [tool.setuptools.packages.find] where = [\"{w}\"]"),
        ));
    } else if let Some(d) = get(&["tool", "setuptools", "package-dir"])
        .and_then(|t| t.get(""))
        .and_then(|v| v.as_str())
    {
        from_config = Some((
            clean(d),
            format!("setuptools: [tool.setuptools] package-dir = {{\"\" = \"{d}\"}}"),
        ));
    } else if let Some((p, key)) = first_str(get(&[
        "tool", "hatch", "build", "targets", "wheel", "packages",
    ]))
    .map(|p| (p, "[tool.hatch.build.targets.wheel] packages"))
    .or_else(|| {
        first_str(get(&["tool", "hatch", "build", "packages"]))
            .map(|p| (p, "[tool.hatch.build] packages"))
    }) {
        let p = clean(&p);
        let parent = p.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        from_config = Some((parent, format!("hatch: {key} = [\"{p}\"]")));
    } else if let Some(entry) = get(&["tool", "poetry", "packages"])
        .and_then(|v| v.as_array())
        .and_then(|a| a.first())
    {
        let include = entry.get("include").and_then(|v| v.as_str()).unwrap_or("");
        match entry.get("from").and_then(|v| v.as_str()) {
            Some(from) => {
                from_config = Some((
                    clean(from),
                    format!(
                        "poetry: packages = [{{ include = \"{include}\", from = \"{from}\" }}]"
                    ),
                ));
            }
            None if include == "src" && root.join("src").is_dir() => {
                // `include = "src"` packages src/ itself; the app still imports as if
                // src/ were the root (src/ is never a package here).
                return (
                    "src".into(),
                    "poetry: packages = [{ include = \"src\" }]: the packages live in src/".into(),
                );
            }
            None => {}
        }
    } else if let Some(m) =
        get(&["tool", "uv", "build-backend", "module-root"]).and_then(|v| v.as_str())
    {
        from_config = Some((
            clean(m),
            format!("uv: [tool.uv.build-backend] module-root = \"{m}\""),
        ));
    } else if get(&["build-system", "build-backend"]).and_then(|v| v.as_str()) == Some("uv_build") {
        from_config = Some((
            "src".into(),
            "uv_build, whose module-root defaults to \"src\"".into(),
        ));
    }
    if let Some((dir, why)) = from_config {
        if dir == "." {
            return (String::new(), why);
        }
        return (dir, why);
    }
    if has_package(&root.join("src")) {
        return ("src".into(), "src layout: the packages live in src/".into());
    }
    (
        String::new(),
        "no src/ layout and no packaging key names another".into(),
    )
}

/// Whether `dir` holds a Python package (a subdirectory with an `__init__.py` or `.py`
/// files).
fn has_package(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|e| {
        let p = e.path();
        p.is_dir()
            && !is_skipped(&e.file_name().to_string_lossy())
            && std::fs::read_dir(&p).is_ok_and(|mut it| {
                it.any(|f| f.is_ok_and(|f| f.file_name().to_string_lossy().ends_with(".py")))
            })
    })
}

fn is_skipped(name: &str) -> bool {
    name.starts_with('.') || SKIP_DIRS.contains(&name) || name.ends_with(".egg-info")
}

/// Whether the project at `root` has a Python package outside the default `petsage/`
/// (at the root or under `src/`).
pub fn has_other_packages(root: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(root) else {
        return false;
    };
    let mut found = has_package(&root.join("src"));
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == "petsage" || name == "src" || is_skipped(&name) || !e.path().is_dir() {
            continue;
        }
        if e.path().join("__init__.py").is_file() {
            found = true;
        }
    }
    found
}

impl Detector<'_> {
    fn shown_root(&self) -> String {
        if self.prefix.is_empty() {
            "the project root".into()
        } else {
            self.prefix.clone()
        }
    }

    fn is_dir(&self, rel: &str) -> bool {
        self.root.join(rel).is_dir()
    }

    /// Every `.py` file below the import root, sorted, skipping tests, virtual
    /// environments, dependencies, migrations and hidden directories; bounded.
    fn scan(&self) -> Vec<String> {
        let mut out = Vec::new();
        let base = self.prefix.trim_end_matches('/').to_string();
        let mut stack = vec![(base, 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(self.root.join(&dir)) else {
                continue;
            };
            let mut names: Vec<(String, bool)> = entries
                .flatten()
                .filter_map(|e| {
                    let ft = e.file_type().ok()?;
                    Some((e.file_name().to_string_lossy().into_owned(), ft.is_dir()))
                })
                .collect();
            names.sort();
            let join = |n: &str| {
                if dir.is_empty() {
                    n.to_string()
                } else {
                    format!("{dir}/{n}")
                }
            };
            let mut subdirs = Vec::new();
            for (name, is_dir) in names {
                if is_dir {
                    let path = join(&name);
                    if depth < MAX_DEPTH
                        && !is_skipped(&name)
                        && !self.root.join(&path).join("pyvenv.cfg").exists()
                    {
                        subdirs.push(path);
                    }
                } else if name.ends_with(".py") && !name.starts_with("test_") {
                    out.push(join(&name));
                    if out.len() >= MAX_FILES {
                        out.sort();
                        return out;
                    }
                }
            }
            for s in subdirs.into_iter().rev() {
                stack.push((s, depth + 1));
            }
        }
        out.sort();
        out
    }

    /// A project file, read and parsed once; `None` when missing, unreadable or not
    /// Python.
    fn source(&mut self, rel: &str) -> Option<Rc<Source>> {
        if let Some(s) = self.cache.get(rel) {
            return s.clone();
        }
        let s = crate::fsread::read_to_string(&self.root.join(rel))
            .ok()
            .and_then(|text| {
                let parsed = ParsedModule::for_target(&text, self.target).ok()?;
                let calls = call_sites(&text, self.target).ok()?;
                Some(Rc::new(Source {
                    rel: rel.to_string(),
                    text,
                    parsed,
                    calls,
                }))
            });
        self.cache.insert(rel.to_string(), s.clone());
        s
    }

    /// The project's own session dependency: the module-level functions that yield a
    /// `Session` (cheaply filtered by their text first). One is proposed; several are
    /// named in the reason.
    fn session_dependency(&mut self, files: &[String]) -> Option<(String, String)> {
        let mut found: Vec<(String, String)> = Vec::new();
        for rel in files {
            let Ok(text) = crate::fsread::read_to_string(&self.root.join(rel)) else {
                continue;
            };
            if !text.contains("Session") || !text.contains("yield") {
                continue;
            }
            let Some(src) = self.source(rel) else {
                continue;
            };
            for (name, line) in &src.calls.session_functions {
                found.push((
                    format!("{}.{name}", self.module_of(rel)),
                    format!("{}:{line}", src.rel),
                ));
            }
        }
        let (value, at) = found.first()?.clone();
        let mut why = format!(
            "`def {}` at {at} yields a Session",
            value.rsplit('.').next().unwrap_or("")
        );
        if found.len() > 1 {
            let others: Vec<&str> = found[1..].iter().map(|(v, _)| v.as_str()).collect();
            why += &format!(" (also: {})", others.join(", "));
        }
        Some((value, why))
    }

    /// The dotted module of a file below the import root.
    fn module_of(&self, rel: &str) -> String {
        Layout::module_of(rel.strip_prefix(&self.prefix).unwrap_or(rel))
    }

    /// The package relative imports of a file start from.
    fn within(&self, rel: &str) -> String {
        Layout::package_of(rel.strip_prefix(&self.prefix).unwrap_or(rel))
    }

    /// The file of a dotted module, if the project has it.
    fn file_of(&self, module: &str) -> Option<String> {
        if module.is_empty() {
            return None;
        }
        let path = module.replace('.', "/");
        [
            format!("{}{path}.py", self.prefix),
            format!("{}{path}/__init__.py", self.prefix),
        ]
        .into_iter()
        .find(|rel| self.root.join(rel).is_file())
    }

    /// The FastAPI app: every construction found, the one that includes project
    /// routers first, then one in a `main.py`, then the first in path order.
    fn find_app(&mut self, files: &[String]) -> Option<App> {
        let mut apps: Vec<App> = Vec::new();
        let mut factories: Vec<(String, String)> = Vec::new();
        for rel in files {
            let Ok(meta) = std::fs::metadata(self.root.join(rel)) else {
                continue;
            };
            if meta.len() > crate::fsread::MAX_FILE {
                continue;
            }
            // Cheap filter before parsing: the name must be in the text.
            let Ok(text) = crate::fsread::read_to_string(&self.root.join(rel)) else {
                continue;
            };
            if !text.contains("FastAPI") {
                continue;
            }
            let Some(src) = self.source(rel) else {
                continue;
            };
            for site in src.calls.of("FastAPI") {
                match (&site.function, &site.target) {
                    (None, Some(var)) => apps.push(App {
                        source: src.clone(),
                        var: Some(var.clone()),
                        receivers: vec![var.clone()],
                        handed: Vec::new(),
                        why: format!(
                            "the FastAPI app: `{var} = {}(...)` at line {} of {rel}",
                            site.callee, site.line
                        ),
                    }),
                    (Some(f), local) => {
                        let returned = site.returned
                            || local.as_ref().is_some_and(|l| {
                                src.calls
                                    .returned_names
                                    .iter()
                                    .any(|(rf, n)| rf == f && n == l)
                            });
                        if returned {
                            factories.push((rel.clone(), f.clone()));
                            let var = src
                                .calls
                                .of(f)
                                .find(|s| s.function.is_none() && s.target.is_some())
                                .and_then(|s| s.target.clone());
                            let mut receivers: Vec<String> = local.iter().cloned().collect();
                            receivers.extend(var.clone());
                            let how = match &var {
                                Some(v) => format!(" and `{v} = {f}()` holds it"),
                                None => String::new(),
                            };
                            apps.push(App {
                                source: src.clone(),
                                var,
                                receivers,
                                handed: Vec::new(),
                                why: format!(
                                    "the FastAPI app: the factory `{f}()` returns the \
                                     FastAPI(...) of line {} of {rel}{how}",
                                    site.line
                                ),
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
        // A factory called from another module: `app = create_application(router=...)`.
        for (frel, f) in &factories {
            if apps
                .iter()
                .any(|a| a.source.rel == *frel && a.var.is_some())
            {
                continue;
            }
            let factory_module = self.module_of(frel);
            for rel in files {
                if rel == frel {
                    continue;
                }
                let Ok(text) = crate::fsread::read_to_string(&self.root.join(rel)) else {
                    continue;
                };
                if !text.contains(f.as_str()) {
                    continue;
                }
                let Some(src) = self.source(rel) else {
                    continue;
                };
                let within = self.within(rel);
                if !src.parsed.imports_module(&factory_module, &within) {
                    continue;
                }
                if let Some(site) = src
                    .calls
                    .of(f)
                    .find(|s| s.function.is_none() && s.target.is_some())
                {
                    let var = site.target.clone().unwrap_or_default();
                    apps.push(App {
                        source: src.clone(),
                        var: Some(var.clone()),
                        receivers: vec![var.clone()],
                        handed: site.args.clone(),
                        why: format!(
                            "the FastAPI app: `{var} = {}(...)` at line {} of {rel}, the \
                             factory of {frel}",
                            site.callee, site.line
                        ),
                    });
                }
            }
        }
        if apps.is_empty() {
            // No FastAPI(...) at all (the factory lives outside what was scanned): a
            // module-level `app = factory(...)` in a main.py.
            for rel in files
                .iter()
                .filter(|r| r.ends_with("/main.py") || *r == "main.py")
            {
                let Some(src) = self.source(rel) else {
                    continue;
                };
                if let Some(site) = src
                    .calls
                    .sites
                    .iter()
                    .find(|s| s.function.is_none() && s.target.as_deref() == Some("app"))
                {
                    apps.push(App {
                        source: src.clone(),
                        var: Some("app".into()),
                        receivers: vec!["app".into()],
                        handed: site.args.clone(),
                        why: format!(
                            "the app: `app = {}(...)` at line {} of {rel} (no FastAPI(...) \
                             call was found in the project, so the factory it calls is \
                             taken to make the app)",
                            site.callee, site.line
                        ),
                    });
                }
            }
        }
        // The app that mounts project routers wins; then a main.py; then path order.
        let mut best: Option<(usize, App)> = None;
        for app in apps {
            let mounted = self.mounted(&app).len();
            let score = usize::from(mounted > 0) * 4
                + usize::from(app.source.rel.ends_with("main.py")) * 2
                + usize::from(app.var.is_some());
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, app));
            }
        }
        best.map(|(_, a)| a)
    }

    /// The project routers the app includes or is handed.
    fn mounted(&mut self, app: &App) -> Vec<RouterRef> {
        let mut args: Vec<String> = Vec::new();
        for r in &app.receivers {
            args.extend(app.source.parsed.includes(r).into_iter().map(|(a, _)| a));
        }
        args.extend(app.handed.iter().cloned());
        let src = app.source.clone();
        let mut out: Vec<RouterRef> = Vec::new();
        for arg in args {
            if let Some(r) = self.router_ref(&src, &arg)
                && !out
                    .iter()
                    .any(|o| o.source.rel == r.source.rel && o.var == r.var)
            {
                out.push(r);
            }
        }
        out
    }

    /// The router an expression of `src` names: a router variable of a project module
    /// (through the file's imports, in any spelling), or of the file itself.
    fn router_ref(&mut self, src: &Rc<Source>, expr: &str) -> Option<RouterRef> {
        let within = self.within(&src.rel);
        let path = src.parsed.resolve(expr, &within);
        if path == expr && !expr.contains('.') {
            // Not imported: a router of this very file.
            return is_router(src, expr).then(|| RouterRef {
                source: src.clone(),
                var: expr.to_string(),
            });
        }
        let (module, var) = path.rsplit_once('.')?;
        let rel = self.file_of(module)?;
        let source = self.source(&rel)?;
        is_router(&source, var).then(|| RouterRef {
            source,
            var: var.to_string(),
        })
    }

    /// How many `include_router` calls the router's module makes, on any of its routers.
    fn include_count(&self, r: &RouterRef) -> usize {
        routers_of(&r.source, &r.var)
            .iter()
            .map(|v| r.source.parsed.includes(v).len())
            .sum()
    }

    /// The aggregator: the router main mounts that includes the others, one level
    /// further when it includes a single router of another module; main itself when it
    /// includes the endpoint routers directly.
    fn find_aggregator(&mut self, app: &App) -> Option<(RouterRef, String)> {
        let mounted = self.mounted(app);
        let best = mounted
            .iter()
            .max_by_key(|r| {
                (
                    self.include_count(r),
                    std::cmp::Reverse(r.source.rel.clone()),
                )
            })?
            .clone();
        let count = self.include_count(&best);
        if count == 0 {
            // Main includes leaf routers itself: main is the aggregator.
            let var = app.var.clone().or_else(|| app.receivers.first().cloned())?;
            let n = mounted.len();
            return Some((
                RouterRef {
                    source: app.source.clone(),
                    var,
                },
                format!(
                    "main includes the endpoint routers itself ({n} of them, none includes \
                     others): main is the aggregator"
                ),
            ));
        }
        let how = if best.source.rel == app.source.rel {
            "the router main defines and includes".to_string()
        } else {
            format!(
                "the router main mounts ({} of {})",
                best.var, best.source.rel
            )
        };
        let mut chosen = best;
        let mut why = format!("{how}, which includes {count} router(s)");
        for _ in 0..2 {
            if self.include_count(&chosen) != 1 {
                break;
            }
            let arg = routers_of(&chosen.source, &chosen.var)
                .iter()
                .flat_map(|v| chosen.source.parsed.includes(v))
                .map(|(a, _)| a)
                .next();
            let Some(next) = arg.and_then(|a| {
                let src = chosen.source.clone();
                self.router_ref(&src, &a)
            }) else {
                break;
            };
            let n = self.include_count(&next);
            if n == 0 || next.source.rel == chosen.source.rel {
                break;
            }
            why = format!(
                "{how}, which only includes {} of {}, which includes {n} router(s)",
                next.var, next.source.rel
            );
            chosen = next;
        }
        Some((chosen, why))
    }

    /// The package whose modules the aggregator imports and includes.
    /// The directory, why, and whether it exists (not a new one).
    fn endpoints_dir(&mut self, agg: &RouterRef) -> (Option<String>, String, bool) {
        let src = agg.source.clone();
        let within = self.within(&src.rel);
        let mut modules: Vec<String> = Vec::new();
        for v in routers_of(&src, &agg.var) {
            for (arg, _) in src.parsed.includes(&v) {
                let path = src.parsed.resolve(&arg, &within);
                let Some((module, _)) = path.rsplit_once('.') else {
                    continue;
                };
                if let Some(rel) = self.file_of(module)
                    && rel != src.rel
                    && !modules.contains(&module.to_string())
                {
                    modules.push(module.to_string());
                }
            }
        }
        if modules.is_empty() {
            return (
                None,
                format!("{} includes no router of another project module", src.rel),
                false,
            );
        }
        let mut by_package: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for m in &modules {
            let (package, leaf) = m.rsplit_once('.').unwrap_or(("", m));
            by_package
                .entry(package.to_string())
                .or_default()
                .push(leaf.to_string());
        }
        let (package, leaves) = by_package
            .iter()
            .max_by_key(|(p, l)| (l.len(), std::cmp::Reverse((*p).clone())))
            .map(|(p, l)| (p.clone(), l.clone()))
            .unwrap_or_default();
        let total = modules.len();
        if leaves.len() * 2 <= total || package.is_empty() {
            let leaf_names: Vec<&str> = modules
                .iter()
                .map(|m| m.rsplit('.').next().unwrap_or(m))
                .collect();
            let same_leaf = leaf_names.windows(2).all(|w| w[0] == w[1]);
            let why = if same_leaf && total > 1 {
                let common = common_package(&modules);
                format!(
                    "the {total} modules whose routers the aggregator includes are one package per feature \
                     ({}<name>/{}.py); per-feature path patterns are not supported yet",
                    self.dir_of(&common),
                    leaf_names[0]
                )
            } else {
                format!(
                    "the {total} modules the aggregator includes share no package (at most \
                     {} in one)",
                    leaves.len()
                )
            };
            let (value, why) = self.new_dir_raw("api/{v}/endpoints", why);
            return (value, why, false);
        }
        let dir = format!("{}{}", self.prefix, package.replace('.', "/"));
        (
            Some(dir),
            format!(
                "the package of {} of the {total} modules the aggregator includes ({})",
                leaves.len(),
                leaves.join(", ")
            ),
            true,
        )
    }

    /// `pkg.sub` as a directory below the root, with a trailing `/`.
    fn dir_of(&self, package: &str) -> String {
        if package.is_empty() {
            self.prefix.clone()
        } else {
            format!("{}{}/", self.prefix, package.replace('.', "/"))
        }
    }

    /// A key not found: left out when the default (`{package}/...`) is inside the
    /// import root; else the default placed under the import root, as a new directory.
    fn new_dir(
        &self,
        package: Option<&str>,
        default: &str,
        what: &str,
    ) -> (Option<String>, String) {
        let why = match package {
            Some(p) => format!("no {what} directory in {}{p}/", self.prefix),
            None => format!("no {what} directory found"),
        };
        self.new_dir_raw(default, why)
    }

    fn new_dir_raw(&self, default: &str, why: String) -> (Option<String>, String) {
        if self.prefix.is_empty() {
            return (
                None,
                format!("{why} (the default, a new directory, applies)"),
            );
        }
        let Some(package) = &self.package else {
            return (None, why);
        };
        let version = self.version.as_deref().unwrap_or("v1");
        let dir = format!(
            "{}{package}/{}",
            self.prefix,
            default.replace("{v}", version)
        );
        (
            Some(dir),
            format!(
                "{why}: a new directory (the default, {package}/{}, would be outside {})",
                default.replace("{v}", version),
                self.prefix
            ),
        )
    }

    /// The directory below `pkg` named like one of `names` (in that order of
    /// preference), nearest to the endpoints directory, not one already taken.
    fn named_dir(
        &self,
        pkg: &str,
        names: &[&str],
        near: Option<&str>,
        taken: &[String],
    ) -> Option<String> {
        let mut found: Vec<String> = Vec::new();
        let mut stack = vec![(pkg.to_string(), 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(self.root.join(&dir)) else {
                continue;
            };
            for e in entries.flatten() {
                if !e.file_type().is_ok_and(|t| t.is_dir()) {
                    continue;
                }
                let name = e.file_name().to_string_lossy().into_owned();
                if is_skipped(&name) {
                    continue;
                }
                let path = format!("{dir}/{name}");
                if names.contains(&name.as_str()) && !taken.contains(&path) {
                    found.push(path.clone());
                }
                if depth < MAX_DEPTH {
                    stack.push((path, depth + 1));
                }
            }
        }
        let rank = |p: &String| {
            let name = p.rsplit('/').next().unwrap_or("");
            let pref = names.iter().position(|n| *n == name).unwrap_or(names.len());
            let shared = near.map_or(0, |n| common_prefix_parts(n, p));
            (
                pref,
                std::cmp::Reverse(shared),
                p.matches('/').count(),
                p.clone(),
            )
        };
        found.into_iter().min_by_key(rank)
    }

    /// The tests directory: one mirroring the endpoints directory (`tests/api/routes`,
    /// `tests/test_api/test_routes`), else `tests/`, else the package's `tests/`.
    fn tests_dir(&self, pkg: Option<&str>, endpoints: Option<&str>) -> (Option<String>, String) {
        let parts: Vec<String> = match (pkg, endpoints) {
            (Some(p), Some(e)) => e
                .strip_prefix(p)
                .unwrap_or("")
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        };
        let bases: Vec<String> = std::iter::once("tests".to_string())
            .chain(pkg.map(|p| format!("{p}/tests")))
            .collect();
        for base in &bases {
            for k in (1..=parts.len()).rev() {
                let tail = &parts[parts.len() - k..];
                for prefixed in [false, true] {
                    let mirror: Vec<String> = tail
                        .iter()
                        .map(|s| {
                            if prefixed {
                                format!("test_{s}")
                            } else {
                                s.clone()
                            }
                        })
                        .collect();
                    let dir = format!("{base}/{}", mirror.join("/"));
                    if self.is_dir(&dir) {
                        return (
                            Some(dir),
                            format!(
                                "an existing test directory mirroring {}",
                                endpoints.unwrap_or("")
                            ),
                        );
                    }
                }
            }
        }
        for base in &bases {
            if self.is_dir(base) {
                return (
                    Some(base.clone()),
                    format!(
                        "an existing {base}/ directory (no mirror of the endpoints directory in it)"
                    ),
                );
            }
        }
        (None, "no tests/ directory".into())
    }

    /// The API version: a `vN` package on the aggregator's or the endpoints' path, else
    /// an `"/api/vN"` literal in main.
    fn api_version(
        &self,
        agg: &Option<(RouterRef, String)>,
        endpoints: Option<&str>,
        app: &Option<App>,
    ) -> Option<(String, String)> {
        let paths = agg
            .iter()
            .map(|(a, _)| a.source.rel.as_str())
            .chain(endpoints);
        for p in paths {
            if let Some(v) = p.split('/').find(|s| is_version(s)) {
                return Some((v.to_string(), format!("the {v}/ package in {p}")));
            }
        }
        let main = app.as_ref()?;
        let text = &main.source.text;
        let at = text.find("\"/api/v").or_else(|| text.find("'/api/v"))?;
        let rest = &text[at + 6..];
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let v = &rest[..end];
        is_version(v).then(|| {
            (
                v.to_string(),
                format!("the \"/api/{v}\" prefix in {}", main.source.rel),
            )
        })
    }
}

fn is_version(s: &str) -> bool {
    s.len() > 1 && s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit())
}

/// Whether `var` is a router of `src`: assigned `APIRouter(...)` at the top level, or
/// the receiver of `include_router` calls.
fn is_router(src: &Source, var: &str) -> bool {
    src.calls
        .of("APIRouter")
        .any(|s| s.function.is_none() && s.target.as_deref() == Some(var))
        || !src.parsed.includes(var).is_empty()
}

/// `var` and every other router the module defines at the top level (they are all
/// part of what the aggregator module includes).
fn routers_of(src: &Source, var: &str) -> Vec<String> {
    let mut out = vec![var.to_string()];
    for s in src.calls.of("APIRouter") {
        if s.function.is_none()
            && let Some(t) = &s.target
            && !out.contains(t)
        {
            out.push(t.clone());
        }
    }
    out
}

fn common_package(modules: &[String]) -> String {
    let split: Vec<Vec<&str>> = modules.iter().map(|m| m.split('.').collect()).collect();
    let mut common: Vec<&str> = Vec::new();
    if let Some(first) = split.first() {
        for (i, part) in first.iter().enumerate() {
            if split.iter().all(|s| s.get(i) == Some(part)) {
                common.push(part);
            } else {
                break;
            }
        }
    }
    common.join(".")
}

fn common_prefix_parts(a: &str, b: &str) -> usize {
    a.split('/')
        .zip(b.split('/'))
        .take_while(|(x, y)| x == y)
        .count()
}
