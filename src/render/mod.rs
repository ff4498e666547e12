//! Rendering: the files of a feature and of a new project, from embedded Tera templates.
//!
//! - `engine` holds the templates (built in, or replaced by name from a directory) and
//!   the Tera settings;
//! - `context` turns a `Feature` and a `Layout` into template values;
//! - `filters` are the escaping filters, the only way request text reaches a file;
//! - `pystr` and `markdown` do the escaping; `pyfmt` lays Python values and docstrings
//!   out the way `ruff format` would.
//!
//! > **Invariant.** Request text is never code: every string from a request reaches
//! > Python through `py_str`/`py_value` (a literal) or `py_doc` (docstring text that
//! > cannot close its docstring), Markdown through `md`/`md_code`. Tera never renders a
//! > value a second time, so `{{` in a request is just text.
//!
//! > **Invariant.** Generated Python is already formatted: `ruff format --check` passes
//! > on it, long text included, and no line is longer than 88 columns.
//!
//! Rendering is pure: nothing here reads or writes the project.

mod context;
mod engine;
mod escaping;
mod filters;
mod markdown;
mod pyfmt;
mod pytype;
#[cfg(test)]
mod template_names;

use std::path::Path;

use crate::layout::Layout;
use crate::request::Feature;

// The names the generated code binds live in `pynames`, which `request` checks names
// against too; re-exported here where callers have always found them.
pub use crate::pynames::{
    AMBIGUOUS_NAMES, BASEMODEL_NAMESPACE, RESOURCE_CLASS_NAMES, field_name_clash, model_name_clash,
    param_name_clash, resource_field_name_clash,
};
pub use context::{MIGRATIONS_DIR, RevisionChange, RevisionIds};
pub use engine::BUILTIN as BUILTIN_TEMPLATES;
pub use engine::file_name as template_file_name;

/// A file to write, relative to the project root, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    pub path: String,
    pub contents: String,
}

/// The identity a renderer with the templates of `dir` (else the built-ins) would have
/// ([`Renderer::identity`]), without parsing them: what `check` compares records with.
pub fn templates_identity(dir: Option<&Path>) -> anyhow::Result<String> {
    let overrides = match dir {
        Some(dir) => engine::Engine::overrides_in(dir)?,
        None => Vec::new(),
    };
    Ok(engine::identity(&overrides))
}

/// Renders features and projects.
#[derive(Clone)]
pub struct Renderer {
    engine: engine::Engine,
}

impl Renderer {
    /// A renderer with the built-in templates.
    pub fn new() -> anyhow::Result<Renderer> {
        Ok(Renderer {
            engine: engine::Engine::new(&[], None)?,
        })
    }

    /// A renderer whose templates are replaced by those found in `dir` (same relative
    /// names as the built-ins, e.g. `feature/schema.py.tera`); missing ones fall back.
    pub fn with_templates(dir: &Path) -> anyhow::Result<Renderer> {
        let overrides = engine::Engine::overrides_in(dir)?;
        Ok(Renderer {
            engine: engine::Engine::new(&overrides, Some(dir))?,
        })
    }

    /// The identity of the templates this renderer uses (`sha256:<hex>`), which a record
    /// keeps: a different one means `update` has something to bring.
    pub fn identity(&self) -> &str {
        self.engine.identity()
    }

    /// The directory of the user's templates, when they are not all built-in.
    pub fn templates_dir(&self) -> Option<&Path> {
        self.engine.dir()
    }

    /// Whether template `name` (`feature/schema.py`) comes from the user's directory.
    pub fn is_overridden(&self, name: &str) -> bool {
        self.engine.source_of(name).1
    }

    /// The files of a feature, in order schema, (a resource's) model, service, endpoint,
    /// test, doc (paths from `layout.feature_files`).
    pub fn feature(&self, feature: &Feature, layout: &Layout) -> anyhow::Result<Vec<RenderedFile>> {
        let ctx = engine::Engine::context(&context::feature(feature, layout)?)?;
        let files = layout.feature_files(&feature.name);
        // A resource has templates of its own, under the same five names, and its table
        // model a module of its own where the layout has one.
        match (feature.kind(), files.model) {
            (crate::request::Kind::Resource, Some(model)) => self.render_all(
                [
                    ("resource/schema.py", files.schema),
                    ("resource/model.py", model),
                    ("resource/service.py", files.service),
                    ("resource/endpoint.py", files.endpoint),
                    ("resource/test.py", files.test),
                    ("resource/doc.md", files.doc),
                ],
                &ctx,
            ),
            (crate::request::Kind::Resource, None) => self.render_all(
                [
                    ("resource/schema.py", files.schema),
                    ("resource/service.py", files.service),
                    ("resource/endpoint.py", files.endpoint),
                    ("resource/test.py", files.test),
                    ("resource/doc.md", files.doc),
                ],
                &ctx,
            ),
            (crate::request::Kind::Endpoint, _) => self.render_all(
                [
                    ("feature/schema.py", files.schema),
                    ("feature/service.py", files.service),
                    ("feature/endpoint.py", files.endpoint),
                    ("feature/test.py", files.test),
                    ("feature/doc.md", files.doc),
                ],
                &ctx,
            ),
        }
    }

    /// The Alembic revision that makes `change` to a resource's table, as `ids` name
    /// it, checked like every generated module; `None` when there is nothing to change.
    pub fn revision(
        &self,
        change: &RevisionChange,
        ids: &context::RevisionIds,
        path: &str,
    ) -> anyhow::Result<Option<String>> {
        let Some(view) = context::revision(change, ids) else {
            return Ok(None);
        };
        let ctx = engine::Engine::context(&serde_json::json!({ "r": view }))?;
        let files = self.render_all([("resource/revision.py", path.to_string())], &ctx)?;
        Ok(files.into_iter().next().map(|f| f.contents))
    }

    /// What `init` writes: pyproject.toml, the main app (already including the
    /// aggregator), the aggregator, the database module, a .gitignore and a README. Not
    /// the `__init__.py` files. With `migrations`, Alembic's environment and revision
    /// template and the models package (its naming convention), and main creates no
    /// tables; without, main creates them at start-up.
    pub fn project(
        &self,
        project_name: &str,
        layout: &Layout,
        setup: ProjectSetup,
    ) -> anyhow::Result<Vec<RenderedFile>> {
        let migrations = setup.migrations;
        let ctx =
            engine::Engine::context(&context::project(project_name, layout, !migrations, setup)?)?;
        let mut files = self.render_all(project_files(layout), &ctx)?;
        if setup.auth {
            files.extend(self.render_all(auth_files(layout), &ctx)?);
            if migrations {
                files.extend(self.render_all(
                    [(
                        "auth/revision.py",
                        format!("{MIGRATIONS_DIR}/versions/{AUTH_REVISION}_users.py"),
                    )],
                    &ctx,
                )?);
            }
        }
        if migrations {
            let models = layout.models_home();
            files.extend(self.render_all(
                [
                    ("project/env.py", format!("{MIGRATIONS_DIR}/env.py")),
                    (
                        "project/script.py.mako",
                        format!("{MIGRATIONS_DIR}/script.py.mako"),
                    ),
                    ("project/models_init.py", format!("{models}/__init__.py")),
                ],
                &ctx,
            )?);
        }
        Ok(files)
    }

    /// Renders each `(template, path)` with `ctx`, each checked. Several are rendered on
    /// two threads (most of a command's time is parsing and rendering its templates, and
    /// checking what they render): the longest template first, each thread taking the
    /// next one left, so that the files are done in about the time of the longer half.
    fn render_all<const N: usize>(
        &self,
        plan: [(&str, String); N],
        ctx: &tera::Context,
    ) -> anyhow::Result<Vec<RenderedFile>> {
        let one = |(template, path): &(&str, String)| -> anyhow::Result<RenderedFile> {
            let contents = self.engine.render(template, ctx)?;
            if template.ends_with(".py") {
                self.check_python(template, path, &contents)?;
                self.check_widths(template, path, &contents)?;
            }
            Ok(RenderedFile {
                contents,
                path: path.clone(),
            })
        };
        if N < 2 {
            return plan.iter().map(one).collect();
        }
        let mut order: Vec<usize> = (0..N).collect();
        order.sort_by_key(|i| std::cmp::Reverse(engine::Engine::source_len(plan[*i].0)));
        let next = std::sync::atomic::AtomicUsize::new(0);
        let work = || {
            let mut done = Vec::new();
            loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&i) = order.get(k) else {
                    return done;
                };
                done.push((i, one(&plan[i])));
            }
        };
        let mut done = std::thread::scope(|s| {
            let other = std::thread::Builder::new().spawn_scoped(s, work);
            let mut done = work();
            // No second thread to be had: this one has done every file.
            if let Ok(other) = other {
                match other.join() {
                    Ok(theirs) => done.extend(theirs),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            done
        });
        // In the order asked, the first error as the one reported.
        done.sort_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, file)| file).collect()
    }

    /// Every generated `.py` file is parsed before it enters a plan: a template that
    /// renders invalid Python is refused (the user's template: invalid input, exit 2).
    fn check_python(&self, template: &str, path: &str, contents: &str) -> anyhow::Result<()> {
        let Err(e) = crate::python::check_syntax(contents) else {
            return Ok(());
        };
        let (file, user) = self.engine.source_of(template);
        let msg = format!(
            "template {file}: rendered {path} is not valid Python (line {}, column {}: {})",
            e.line, e.column, e.message
        );
        Err(if user {
            crate::error::invalid(msg)
        } else {
            anyhow::anyhow!(msg)
        })
    }

    /// The built-in templates lay out their values as `ruff format` would; only names can
    /// make a line longer than 88 columns (a 63-character field with a long literal type,
    /// say), and ruff would then re-wrap it. Such a request is refused with the line rather
    /// than generating code that fails the project's checks. A user's template is theirs.
    fn check_widths(&self, template: &str, path: &str, contents: &str) -> anyhow::Result<()> {
        if self.engine.source_of(template).1 {
            return Ok(());
        }
        // As ruff's E501: a line of one word (`name=-2.2250738585072014e-308,`) cannot be
        // broken, and passes; so does a line that says `# noqa: E501`.
        let long = contents.lines().enumerate().find(|(_, l)| {
            !crate::pyrules::fits(l)
                && !l.trim_end().ends_with("# noqa: E501")
                && l.split_whitespace().count() > 1
        });
        match long {
            None => Ok(()),
            Some((n, line)) => {
                let shown: String = line.trim().chars().take(60).collect();
                Err(crate::error::invalid(format!(
                    "the request's names are too long for {path}: line {} (`{shown}`) would \
                     be {} columns (ruff's limit is {}); shorten the feature, model, field or \
                     parameter names",
                    n + 1,
                    crate::pyrules::width(line),
                    crate::pyrules::LINE_LENGTH
                )))
            }
        }
    }

    /// A fresh aggregator, with no endpoint yet, for a project that lacks one.
    pub fn aggregator(&self, layout: &Layout) -> anyhow::Result<String> {
        let ctx = engine::Engine::context(&context::project(
            "",
            layout,
            false,
            ProjectSetup::default(),
        )?)?;
        self.engine.render("project/aggregator.py", &ctx)
    }

    /// A fresh database module, for a project without one that gets a resource.
    pub fn db_module(&self, layout: &Layout) -> anyhow::Result<String> {
        let ctx = engine::Engine::context(&context::project(
            "",
            layout,
            true,
            ProjectSetup::default(),
        )?)?;
        self.engine.render("project/db.py", &ctx)
    }

    /// The domain errors module resources share (`errors.py`): written by the first
    /// resource, recorded by each, removed with the last.
    pub fn errors_module(&self, layout: &Layout) -> anyhow::Result<String> {
        let ctx = engine::Engine::context(&context::project(
            "",
            layout,
            true,
            ProjectSetup::default(),
        )?)?;
        self.engine.render("project/errors.py", &ctx)
    }

    /// A fresh main module for a project that lacks one. It already includes the
    /// aggregator in the shape the wiring engine recognises
    /// (`app.include_router(api_v1_router, prefix="/api/v1")`), so wiring it again is a
    /// no-op; `with_db`: it creates the database module's tables at start-up.
    pub fn main_module(&self, layout: &Layout, with_db: bool) -> anyhow::Result<String> {
        let ctx = engine::Engine::context(&context::project(
            "",
            layout,
            with_db,
            ProjectSetup::default(),
        )?)?;
        self.engine.render("project/main.py", &ctx)
    }
}

/// How `init` sets a project up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProjectSetup {
    /// Alembic (SPEC §14): the tables are migrated, not created at start-up.
    pub migrations: bool,
    /// Users, login with JWTs and `CurrentUser` (SPEC §15, `init --auth`).
    pub auth: bool,
}

/// The id of the revision that creates `init --auth`'s user table: the first of the
/// project's history, the same in every project.
const AUTH_REVISION: &str = "7f236ee37377";

/// The files `init --auth` adds, by template.
fn auth_files(layout: &Layout) -> [(&'static str, String); 10] {
    let package = Path::new(&layout.main)
        .parent()
        .map_or(String::new(), |p| p.to_string_lossy().replace('\\', "/"));
    let api = Path::new(&layout.aggregator)
        .parent()
        .and_then(Path::parent)
        .map_or(String::new(), |p| p.to_string_lossy().replace('\\', "/"));
    let models = layout.models_home();
    let at = |dir: &str, file: &str| {
        if dir.is_empty() {
            file.to_string()
        } else {
            format!("{dir}/{file}")
        }
    };
    [
        ("auth/user_model.py", at(models, "user.py")),
        ("auth/security.py", at(&package, "security.py")),
        ("auth/deps.py", at(&api, "deps.py")),
        ("auth/schemas.py", at(&layout.schemas_dir, "users.py")),
        ("auth/login.py", at(&layout.endpoints_dir, "login.py")),
        ("auth/users.py", at(&layout.endpoints_dir, "users.py")),
        (
            "auth/service.py",
            at(&layout.services_dir, "users_service.py"),
        ),
        ("auth/command.py", at(&package, "users.py")),
        ("auth/test_auth.py", at(&layout.tests_dir, "test_auth.py")),
        (
            "auth/test_security.py",
            at(&layout.tests_dir, "test_security.py"),
        ),
    ]
}

/// The files every `init` writes, by template.
fn project_files(layout: &Layout) -> [(&'static str, String); 6] {
    [
        ("project/pyproject.toml", "pyproject.toml".to_string()),
        ("project/README.md", "README.md".to_string()),
        ("project/main.py", layout.main.clone()),
        ("project/aggregator.py", layout.aggregator.clone()),
        ("project/db.py", layout.db.clone()),
        ("project/gitignore", ".gitignore".to_string()),
    ]
}
