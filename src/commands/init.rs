//! `init [DIR]`: a minimal runnable backend to add features to.

use std::io::Write;
use std::path::Path;

use super::write::{WriteOptions, finish};
use crate::builder;
use crate::error::refused;
use crate::exit::ExitStatus;
use crate::layout::Layout;
use crate::render::Renderer;

pub fn run(dir: &Path, opts: WriteOptions, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let layout = Layout::default();
    let renderer = Renderer::new()?;
    let name = project_name(dir);
    let plan = builder::plan_init(dir, &name, &layout, &renderer, opts.policy)?;
    let conflicts = plan.conflicts();
    if !opts.dry_run && conflicts.contains(&"pyproject.toml") {
        // The usual cause is a project that exists already: say so, not just "differs".
        return Err(refused(format!(
            "{} already holds a project (its pyproject.toml is not the one init writes); \
             nothing was written. Add features to it with `petsage-build feature NAME` \
             (configure its layout in [tool.petsage-build]), or rerun init with \
             --skip-existing to add only what is missing or --force to overwrite {}",
            dir.display(),
            conflicts.join(", ")
        )));
    }
    let status = finish(&plan, opts, out)?;
    if status == ExitStatus::Success && !opts.quiet && !opts.dry_run {
        let cd = match dir.to_str() {
            Some("." | "") => String::new(),
            Some(d) => format!("cd {d} && "),
            None => format!("cd {} && ", dir.display()),
        };
        let cd = crate::escape::line(&cd);
        writeln!(out, "next: {cd}petsage-build feature smoke_test && pytest")?;
    }
    Ok(status)
}

/// A distribution name for pyproject.toml from the directory's name.
fn project_name(dir: &Path) -> String {
    let base = std::path::absolute(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches('-').to_string();
    if cleaned.is_empty() {
        "petsage-backend".to_string()
    } else {
        cleaned
    }
}
