//! The Tera engine: the templates built into the binary, an optional directory whose
//! files replace them by name, and the settings every template is rendered with.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use tera::{ErrorKind, Tera};

use crate::error::invalid;

use super::{filters, pyfmt};

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
        "project/README.md",
        include_str!("../../templates/project/README.md.tera"),
    ),
];

/// The file name a template has on disk (`templates export`, `--templates DIR`).
pub fn file_name(name: &str) -> String {
    format!("{name}.tera")
}

#[derive(Clone)]
pub(crate) struct Engine {
    tera: Tera,
    /// Names whose source came from the user's directory, and that directory: their
    /// errors name the user's file and are bad input (exit 2), not our bug.
    overridden: Vec<String>,
    dir: Option<PathBuf>,
}

impl Engine {
    /// The built-in templates, each replaced by `overrides` where it names one.
    pub fn new(overrides: &[(String, String)], dir: Option<&Path>) -> anyhow::Result<Engine> {
        let mut engine = Engine {
            tera: Tera::new(),
            overridden: overrides.iter().map(|(n, _)| n.clone()).collect(),
            dir: dir.map(Path::to_path_buf),
        };
        engine.load(overrides)?;
        Ok(engine)
    }

    fn load(&mut self, overrides: &[(String, String)]) -> anyhow::Result<()> {
        let tera = &mut self.tera;
        // Our outputs are Python, Markdown and TOML: HTML escaping would corrupt them.
        // Escaping is explicit, through the filters of `filters.rs`.
        tera.autoescape_on(Vec::<&str>::new());
        filters::register(tera);
        for (name, builtin) in BUILTIN {
            let source = overrides
                .iter()
                .find(|(n, _)| n == name)
                .map_or(*builtin, |(_, s)| s.as_str());
            if let Err(e) = tera.add_raw_template(name, source) {
                return Err(self.template_error(name, "does not parse", &e));
            }
        }
        if let Some((unknown, _)) = overrides
            .iter()
            .find(|(n, _)| !BUILTIN.iter().any(|(b, _)| b == n))
        {
            anyhow::bail!(
                "{} is not a template petsage-build uses (known: {})",
                file_name(unknown),
                BUILTIN
                    .iter()
                    .map(|(n, _)| file_name(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        Ok(())
    }

    /// One line: `template DIR/feature/schema.py.tera:3:7: does not parse: Unknown filter`.
    fn template_error(&self, name: &str, what: &str, e: &tera::Error) -> anyhow::Error {
        let (message, at) = describe(e);
        let user = self.overridden.iter().any(|n| n == name);
        let file = match (&self.dir, user) {
            (Some(dir), true) => dir.join(file_name(name)).display().to_string(),
            _ => format!("built-in {}", file_name(name)),
        };
        let at = at.map_or_else(String::new, |(l, c)| format!(":{l}:{c}"));
        let text = format!("template {file}{at}: {what}: {message}");
        if user {
            invalid(text)
        } else {
            anyhow::anyhow!(text)
        }
    }

    /// Reads the templates of `dir` that replace built-ins: `dir/feature/schema.py.tera`
    /// and so on; missing ones fall back to the built-in.
    pub fn overrides_in(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
        let mut found = Vec::new();
        for (name, _) in BUILTIN {
            let path = dir.join(file_name(name));
            if path.is_file() {
                let source = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read template {}", path.display()))?;
                found.push((name.to_string(), source));
            }
        }
        Ok(found)
    }

    /// Renders template `name`; Python output goes through the layout pass.
    pub fn render<T: serde::Serialize>(&self, name: &str, context: &T) -> anyhow::Result<String> {
        let context = tera::Context::from_serialize(context)
            .map_err(|e| anyhow::anyhow!(describe(&e).0))
            .context("cannot build the template context")?;
        let text = self
            .tera
            .render(name, &context)
            .map_err(|e| self.template_error(name, "cannot render", &e))?;
        if name.ends_with(".py") {
            pyfmt::expand(&text).map_err(|e| anyhow::anyhow!("template {}: {e}", file_name(name)))
        } else {
            Ok(text)
        }
    }
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
