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
    // The directory resolved, and each file below it opened without following a link.
    let root = crate::plan::Plan::new(dir)?.root().to_path_buf();
    for (name, source) in BUILTIN_TEMPLATES {
        let rel = template_file_name(name);
        match crate::containment::read(&root, &rel)? {
            Some(existing) if existing == source.as_bytes() => {}
            Some(_) if !force => differing.push(rel),
            _ => todo.push((rel, *source)),
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
    std::fs::create_dir_all(&root).with_context(|| format!("cannot create {}", dir.display()))?;
    let run = crate::journal::Journal::new_run();
    for (rel, source) in &todo {
        write_new(&root, rel, source, &run)
            .with_context(|| format!("cannot write {}", dir.join(rel).display()))?;
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

/// Writes `source` as `rel` below `root`: a temp file created exclusively (never through
/// a link) beside it, renamed over it; directories on the way made, none through a link.
fn write_new(root: &Path, rel: &str, source: &str, run: &str) -> anyhow::Result<()> {
    let (parent, name) = crate::containment::split(rel)?;
    let d = crate::containment::dir_create(root, parent, &mut Vec::new())?;
    let temp = crate::journal::side_name(run, name, "tmp");
    let written = (|| -> std::io::Result<()> {
        let mut f = d.create_new(&temp, 0o666)?;
        f.write_all(source.as_bytes())?;
        f.sync_all()?;
        d.rename(&temp, name)
    })();
    if written.is_err() {
        let _ = d.unlink(&temp);
    }
    Ok(written?)
}
