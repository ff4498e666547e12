//! The Tera engine: the templates built into the binary, an optional directory whose
//! files replace them by name, and the settings every template is rendered with.

use std::path::Path;

use anyhow::Context as _;
use tera::Tera;

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
}

impl Engine {
    /// The built-in templates, each replaced by `overrides` where it names one.
    pub fn new(overrides: &[(String, String)]) -> anyhow::Result<Engine> {
        let mut tera = Tera::new();
        // Our outputs are Python, Markdown and TOML: HTML escaping would corrupt them.
        // Escaping is explicit, through the filters of `filters.rs`.
        tera.autoescape_on(Vec::<&str>::new());
        filters::register(&mut tera);
        for (name, builtin) in BUILTIN {
            let source = overrides
                .iter()
                .find(|(n, _)| n == name)
                .map_or(*builtin, |(_, s)| s.as_str());
            tera.add_raw_template(name, source)
                .map_err(|e| anyhow::anyhow!(describe(&e)))
                .with_context(|| format!("template {} does not parse", file_name(name)))?;
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
        Ok(Engine { tera })
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
            .map_err(|e| anyhow::anyhow!(describe(&e)))
            .context("cannot build the template context")?;
        let text = self
            .tera
            .render(name, &context)
            .map_err(|e| anyhow::anyhow!(describe(&e)))
            .with_context(|| format!("cannot render template {}", file_name(name)))?;
        if name.ends_with(".py") {
            pyfmt::expand(&text).map_err(|e| anyhow::anyhow!("template {}: {e}", file_name(name)))
        } else {
            Ok(text)
        }
    }
}

/// A Tera error with its causes: Tera's own message often says only "failed to render".
fn describe(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
