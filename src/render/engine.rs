//! The Tera engine: the templates built into the binary, an optional directory whose
//! files replace them by name, and the settings every template is rendered with.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::Context as _;
use tera::{ErrorKind, Tera};

use crate::error::invalid;

use super::{escaping, filters, pyfmt};

/// The built-in templates: name (path below `templates/`, without `.tera`) and source.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "feature/schema.py",
        include_str!("../../templates/feature/schema.py.tera"),
    ),
    (
        "feature/service.py",
        include_str!("../../templates/feature/service.py.tera"),
    ),
    (
        "feature/endpoint.py",
        include_str!("../../templates/feature/endpoint.py.tera"),
    ),
    (
        "feature/test.py",
        include_str!("../../templates/feature/test.py.tera"),
    ),
    (
        "feature/doc.md",
        include_str!("../../templates/feature/doc.md.tera"),
    ),
    (
        "resource/schema.py",
        include_str!("../../templates/resource/schema.py.tera"),
    ),
    (
        "resource/model.py",
        include_str!("../../templates/resource/model.py.tera"),
    ),
    (
        "resource/service.py",
        include_str!("../../templates/resource/service.py.tera"),
    ),
    (
        "resource/endpoint.py",
        include_str!("../../templates/resource/endpoint.py.tera"),
    ),
    (
        "resource/test.py",
        include_str!("../../templates/resource/test.py.tera"),
    ),
    (
        "resource/doc.md",
        include_str!("../../templates/resource/doc.md.tera"),
    ),
    (
        "resource/revision.py",
        include_str!("../../templates/resource/revision.py.tera"),
    ),
    (
        "project/pyproject.toml",
        include_str!("../../templates/project/pyproject.toml.tera"),
    ),
    (
        "project/main.py",
        include_str!("../../templates/project/main.py.tera"),
    ),
    (
        "project/aggregator.py",
        include_str!("../../templates/project/aggregator.py.tera"),
    ),
    (
        "project/db.py",
        include_str!("../../templates/project/db.py.tera"),
    ),
    (
        "project/errors.py",
        include_str!("../../templates/project/errors.py.tera"),
    ),
    (
        "project/env.py",
        include_str!("../../templates/project/env.py.tera"),
    ),
    (
        "project/script.py.mako",
        include_str!("../../templates/project/script.py.mako.tera"),
    ),
    (
        "project/models_init.py",
        include_str!("../../templates/project/models_init.py.tera"),
    ),
    (
        "project/gitignore",
        include_str!("../../templates/project/gitignore.tera"),
    ),
    (
        "project/README.md",
        include_str!("../../templates/project/README.md.tera"),
    ),
    (
        "auth/user_model.py",
        include_str!("../../templates/auth/user_model.py.tera"),
    ),
    (
        "auth/security.py",
        include_str!("../../templates/auth/security.py.tera"),
    ),
    (
        "auth/deps.py",
        include_str!("../../templates/auth/deps.py.tera"),
    ),
    (
        "auth/schemas.py",
        include_str!("../../templates/auth/schemas.py.tera"),
    ),
    (
        "auth/login.py",
        include_str!("../../templates/auth/login.py.tera"),
    ),
    (
        "auth/users.py",
        include_str!("../../templates/auth/users.py.tera"),
    ),
    (
        "auth/service.py",
        include_str!("../../templates/auth/service.py.tera"),
    ),
    (
        "auth/command.py",
        include_str!("../../templates/auth/command.py.tera"),
    ),
    (
        "auth/test_auth.py",
        include_str!("../../templates/auth/test_auth.py.tera"),
    ),
    (
        "auth/test_security.py",
        include_str!("../../templates/auth/test_security.py.tera"),
    ),
    (
        "auth/revision.py",
        include_str!("../../templates/auth/revision.py.tera"),
    ),
];

/// The file name a template has on disk (`templates export`, `--templates DIR`).
pub fn file_name(name: &str) -> String {
    format!("{name}.tera")
}

pub(crate) struct Engine {
    templates: Templates,
    /// Names whose source came from the user's directory, and that directory: their
    /// errors name the user's file and are bad input (exit 2), not our bug.
    overridden: Vec<String>,
    dir: Option<PathBuf>,
    /// `sha256:<hex>` of every template's effective source (see [`identity`]).
    identity: String,
}

/// What generated a file, in one string a record can keep: the hash of every template's
/// source as used (a built-in, or the user's replacement), by name. Any change of any
/// template, built-in or the user's, changes it; the same set always gives the same one.
pub(crate) fn identity(overrides: &[(String, String)]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (name, builtin) in BUILTIN {
        let source = overrides
            .iter()
            .find(|(n, _)| n == name)
            .map_or(*builtin, |(_, s)| s.as_str());
        // Lengths first: no two sets hash the same input.
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((source.len() as u64).to_le_bytes());
        h.update(source.as_bytes());
    }
    crate::digest::Digest::of_hasher(h).to_string()
}

enum Templates {
    /// With overrides: every template, parsed up front (an override may include another
    /// template, and a broken one is reported before anything is done).
    All(Box<Tera>),
    /// With the built-ins alone: each of `BUILTIN` parsed on first use (a command parses
    /// only what it renders), into a Tera of its own. None includes another, and apart
    /// they can be parsed and rendered on several threads at once.
    Lazy(Vec<OnceLock<Tera>>),
}

impl Engine {
    /// The built-in templates, each replaced by `overrides` where it names one.
    pub fn new(overrides: &[(String, String)], dir: Option<&Path>) -> anyhow::Result<Engine> {
        let lazy = overrides.is_empty();
        let mut engine = Engine {
            templates: if lazy {
                Templates::Lazy(BUILTIN.iter().map(|_| OnceLock::new()).collect())
            } else {
                Templates::All(Box::new(configured()))
            },
            overridden: overrides.iter().map(|(n, _)| n.clone()).collect(),
            dir: dir.map(Path::to_path_buf),
            identity: identity(overrides),
        };
        if !lazy {
            engine.load(overrides)?;
        }
        Ok(engine)
    }

    fn load(&mut self, overrides: &[(String, String)]) -> anyhow::Result<()> {
        let Templates::All(tera) = &mut self.templates else {
            return Ok(());
        };
        for (name, builtin) in BUILTIN {
            let source = overrides
                .iter()
                .find(|(n, _)| n == name)
                .map_or(*builtin, |(_, s)| s.as_str());
            if let Err(e) = tera.add_raw_template(name, source) {
                return Err(self.template_error(name, "does not parse", &e));
            }
        }
        Ok(())
    }

    /// One line: `template DIR/feature/schema.py.tera:3:7: does not parse: Unknown filter`.
    fn template_error(&self, name: &str, what: &str, e: &tera::Error) -> anyhow::Error {
        let (message, at) = describe(e);
        let (file, user) = self.source_of(name);
        let at = at.map_or_else(String::new, |(l, c)| format!(":{l}:{c}"));
        let text = format!("template {file}{at}: {what}: {message}");
        if user {
            invalid(text)
        } else {
            anyhow::anyhow!(text)
        }
    }

    /// The length of template `name`'s source, to hand the longest out first when
    /// several are rendered at once.
    pub fn source_len(name: &str) -> usize {
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, source)| source.len())
    }

    /// Reads the templates of `dir` that replace built-ins: `dir/feature/schema.py.tera`
    /// and so on; missing ones fall back to the built-in. A `.tera` file there that is no
    /// template of ours (a typo such as `feature/shema.py.tera`) is refused: silently
    /// ignoring it would leave the user wondering why their change does not show.
    pub fn overrides_in(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
        let known: Vec<String> = BUILTIN.iter().map(|(n, _)| file_name(n)).collect();
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry =
                entry.with_context(|| format!("cannot read templates in {}", dir.display()))?;
            let Ok(rel) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !entry.file_type().is_file() || !rel.ends_with(".tera") {
                continue;
            }
            let Some(name) = BUILTIN
                .iter()
                .map(|(n, _)| *n)
                .find(|n| file_name(n) == rel)
            else {
                let mut msg = format!(
                    "template {} is not one petsage-build uses (known: {})",
                    entry.path().display(),
                    known.join(", ")
                );
                if let Some(guess) = crate::suggest::did_you_mean(&rel, &known) {
                    msg.push_str(&format!("; did you mean '{guess}'?"));
                }
                return Err(invalid(msg));
            };
            let source = crate::fsread::read_to_string(entry.path()).map_err(|e| {
                invalid(format!(
                    "cannot read template {}: {e}",
                    entry.path().display()
                ))
            })?;
            found.push((name.to_string(), source));
        }
        Ok(found)
    }

    /// The template values of `value`, built once for all the templates of a command.
    /// Strings marked as request text (`context::TEXT_MARK`) become unsafe strings, which
    /// Tera escapes for the output language when a template prints them bare; all other
    /// strings (identifiers and paths we computed) are safe.
    pub fn context<T: serde::Serialize>(value: &T) -> anyhow::Result<tera::Context> {
        let json = serde_json::to_value(value).context("cannot build the template context")?;
        let serde_json::Value::Object(map) = json else {
            anyhow::bail!("cannot build the template context: not a map");
        };
        let mut ctx = tera::Context::new();
        for (key, value) in map {
            ctx.insert_value(key, escaping::tera_value(value));
        }
        Ok(ctx)
    }

    /// The identity of the templates as used: a record keeps it, `check` compares it.
    pub fn identity(&self) -> &str {
        &self.identity
    }

    /// The directory whose templates replace built-ins, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The file a template comes from (`DIR/feature/x.py.tera` or `built-in ...`), and
    /// whether it is the user's.
    pub fn source_of(&self, name: &str) -> (String, bool) {
        let user = self.overridden.iter().any(|n| n == name);
        match (&self.dir, user) {
            (Some(dir), true) => (dir.join(file_name(name)).display().to_string(), true),
            _ => (format!("built-in {}", file_name(name)), false),
        }
    }

    /// Renders template `name`; Python output goes through the layout pass.
    pub fn render(&self, name: &str, context: &tera::Context) -> anyhow::Result<String> {
        escaping::render_into(name);
        let rendered = match &self.templates {
            Templates::All(tera) => tera.render(name, context),
            Templates::Lazy(parsed) => {
                let Some(i) = BUILTIN.iter().position(|(n, _)| *n == name) else {
                    anyhow::bail!("template {}: no such built-in template", file_name(name));
                };
                let tera = match parsed[i].get() {
                    Some(tera) => tera,
                    None => {
                        let mut tera = configured();
                        if let Err(e) = tera.add_raw_template(name, BUILTIN[i].1) {
                            return Err(self.template_error(name, "does not parse", &e));
                        }
                        // Two threads may parse it at once: either copy will do.
                        parsed[i].get_or_init(|| tera)
                    }
                };
                tera.render(name, context)
            }
        };
        let text = rendered.map_err(|e| self.template_error(name, "cannot render", &e))?;
        if name.ends_with(".py") {
            pyfmt::expand(&text).map_err(|e| anyhow::anyhow!("template {}: {e}", file_name(name)))
        } else {
            Ok(text)
        }
    }
}

impl Clone for Engine {
    fn clone(&self) -> Engine {
        Engine {
            templates: match &self.templates {
                Templates::All(tera) => Templates::All(tera.clone()),
                Templates::Lazy(parsed) => Templates::Lazy(parsed.clone()),
            },
            overridden: self.overridden.clone(),
            dir: self.dir.clone(),
            identity: self.identity.clone(),
        }
    }
}

/// A Tera instance with our settings and filters, and no template yet.
///
/// Autoescaping is on for every output language, with our escape function instead of
/// HTML's: request text is safe by construction in any template. The escaping filters
/// (`py_str`, `py_doc`, `md`, ...) return safe strings, so they render exactly as before;
/// a bare `{{ feature.description }}` is escaped for the file being rendered (see
/// `escape_bare`); and `safe`, the one way around that, is refused.
fn configured() -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".py", ".md", ".toml"]);
    tera.set_escape_fn(escaping::escape_bare);
    filters::register(&mut tera);
    tera
}

/// A Tera error on one line, with its line and (1-based) column where Tera knows them.
/// Tera's own `Display` is a multi-line report; its other messages often say only
/// "failed to render", so the causes are appended.
fn describe(e: &tera::Error) -> (String, Option<(usize, usize)>) {
    if let ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) = e.kind() {
        let span = r.span();
        return (
            r.message().to_string(),
            Some((span.start_line, span.start_col + 1)),
        );
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    // Reference checks (unknown filter, test, function) arrive as a finished report:
    // `error: MESSAGE`, then ` --> NAME:LINE:COL` and the source excerpt.
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let at = lines.find_map(|l| {
        let place = l.trim_start().strip_prefix("--> ")?;
        let mut parts = place.rsplitn(3, ':');
        let col = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        Some((line, col))
    });
    match at {
        Some(at) => (first.trim_start_matches("error: ").to_string(), Some(at)),
        None => (text.replace('\n', " "), None),
    }
}
