//! `templates export DIR` and `templates list`: the built-in templates, to customise.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use crate::error::refused;
use crate::exit::ExitStatus;
use crate::render::{BUILTIN_TEMPLATES, template_file_name};

/// Writes every built-in template below `dir`. Refuses (before writing anything) when a
/// template file there differs, unless `force`.
pub fn export(
    dir: &Path,
    force: bool,
    quiet: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let mut todo = Vec::new();
    let mut differing = Vec::new();
    // The directory resolved, and each file strictly below it (no link out of it).
    let root = crate::plan::Plan::new(dir)?.root().to_path_buf();
    for (name, source) in BUILTIN_TEMPLATES {
        let rel = template_file_name(name);
        let path = crate::containment::resolve(&root, &rel)?;
        match crate::fsread::read(&path) {
            Ok(existing) if existing == source.as_bytes() => {}
            Ok(_) if !force => differing.push(rel),
            Ok(_) => todo.push((rel, path, *source)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => todo.push((rel, path, *source)),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", path.display()));
            }
        }
    }
    if !differing.is_empty() {
        return Err(refused(format!(
            "{} template(s) in {} differ from the built-ins: {}; nothing was written (use \
             --force to overwrite them)",
            differing.len(),
            dir.display(),
            differing.join(", ")
        )));
    }
    for (rel, path, source) in &todo {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(path, source).with_context(|| format!("cannot write {}", path.display()))?;
        if !quiet {
            let path = dir.join(rel).display().to_string();
            writeln!(out, "{:>12} {}", "exported", crate::escape::line(&path))?;
        }
    }
    if !quiet {
        let dir = dir.display().to_string();
        let dir = crate::escape::line(&dir);
        writeln!(
            out,
            "{} template(s) written, {} already up to date; use them with --templates {} or \
             `templates = \"{}\"` in [tool.petsage-build]",
            todo.len(),
            BUILTIN_TEMPLATES.len() - todo.len(),
            dir,
            dir
        )?;
    }
    Ok(ExitStatus::Success)
}

/// The template file names, one per line.
pub fn list(out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    for (name, _) in BUILTIN_TEMPLATES {
        writeln!(out, "{}", template_file_name(name))?;
    }
    Ok(ExitStatus::Success)
}
