//! `init [DIR]`: a minimal runnable backend to add features to.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use super::write::{WriteOptions, finish, lock_unless_dry_run};
use crate::builder;
use crate::error::{invalid, refused};
use crate::exit::ExitStatus;
use crate::layout::Layout;
use crate::render::Renderer;

pub fn run(dir: &Path, opts: WriteOptions, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
        return Err(invalid(format!(
            "init {}: it exists and is not a directory",
            dir.display()
        )));
    }
    let layout = Layout::default();
    let renderer = Renderer::new()?;
    let name = project_name(dir);
    // The same project lock as every writing command: the directory must exist for it.
    let created = if opts.dry_run {
        Vec::new()
    } else {
        create_root(dir)?
    };
    let result = locked_run(dir, &name, &layout, &renderer, opts, out);
    if result.as_ref().map_or(true, |s| *s != ExitStatus::Success) {
        // Nothing was written: the directories made for the lock go too.
        for d in created.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    }
    result
}

/// Creates `dir` and its missing ancestors; returns those it created, parents first.
fn create_root(dir: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let dir = std::path::absolute(dir)?;
    let mut missing = Vec::new();
    let mut cur = dir.as_path();
    while std::fs::symlink_metadata(cur).is_err() {
        missing.push(cur.to_path_buf());
        match cur.parent() {
            Some(p) => cur = p,
            None => break,
        }
    }
    missing.reverse();
    for (i, d) in missing.iter().enumerate() {
        if let Err(e) = std::fs::create_dir(d) {
            for made in missing[..i].iter().rev() {
                let _ = std::fs::remove_dir(made);
            }
            return Err(e).with_context(|| format!("cannot create {}", d.display()));
        }
    }
    Ok(missing)
}

fn locked_run(
    dir: &Path,
    name: &str,
    layout: &Layout,
    renderer: &Renderer,
    opts: WriteOptions,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let _lock = if dir.exists() {
        lock_unless_dry_run(dir, opts)?
    } else {
        None
    };
    let plan = builder::plan_init(dir, name, layout, renderer, opts.policy)?;
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
        // Written after the work is done: a closed or full output is not a failure.
        let _ = writeln!(out, "next: {cd}petsage-build feature smoke_test && pytest");
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
