//! `init [DIR]`: a minimal runnable backend to add features to.

use std::ffi::OsStr;
use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use super::write::finish;
use crate::error::{invalid, refused};
use crate::exit::ExitStatus;
use crate::layout::Layout;
use crate::ops::write::{WriteOptions, lock_unless_dry_run};
use crate::render::{ProjectSetup, Renderer};

/// `invoked` is the program as it was run (`argv[0]`), for the `next:` hint.
/// `setup`: Alembic (SPEC §14), authentication (SPEC §15).
pub fn run(
    dir: &Path,
    setup: ProjectSetup,
    invoked: Option<&OsStr>,
    opts: WriteOptions,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
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
    let result = locked_run(dir, (&name, setup), &layout, &renderer, opts, out);
    if result.as_ref().is_ok_and(|s| *s == ExitStatus::Success) && !opts.quiet && !opts.dry_run {
        let cd = match dir.to_str() {
            Some("." | "") => String::new(),
            Some(d) => format!("cd {} && ", shell_word(d)),
            None => format!("cd {} && ", shell_word(&dir.to_string_lossy())),
        };
        let program = command_name(invoked);
        let hint = format!("next: {cd}{program} feature smoke_test && pytest");
        // Written after the work is done: a closed or full output is not a failure.
        let _ = writeln!(out, "{}", crate::escape::line(&hint));
    }
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
    name: (&str, ProjectSetup),
    layout: &Layout,
    renderer: &Renderer,
    opts: WriteOptions,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let _lock = if dir.exists() {
        lock_unless_dry_run(dir, opts, &mut super::printed(opts.quiet))?
    } else {
        None
    };
    let plan = crate::plan::init(dir, name, layout, renderer, opts.policy)?;
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
    finish(&plan, opts, out)
}

/// How to run this program again from any directory: `petsage-build` when that name on
/// PATH is this program, else the path it was run by, made absolute (after `cargo run` it
/// is `target/release/petsage-build`, not on PATH, and the hint starts with a `cd`).
fn command_name(invoked: Option<&OsStr>) -> String {
    const NAME: &str = "petsage-build";
    let Some(invoked) = invoked.map(Path::new) else {
        return NAME.to_string();
    };
    if invoked.components().count() <= 1 {
        // Found through PATH (no directory part): the name as typed works again.
        return shell_word(&invoked.to_string_lossy());
    }
    let ours = std::fs::canonicalize(invoked).ok();
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(NAME))
            .find(|candidate| candidate.is_file())
    });
    if ours.is_some() && on_path.and_then(|p| std::fs::canonicalize(p).ok()) == ours {
        return NAME.to_string();
    }
    let absolute = std::path::absolute(invoked).unwrap_or_else(|_| invoked.to_path_buf());
    shell_word(&absolute.to_string_lossy())
}

/// `word` as one shell word: as is when it holds only characters no shell treats
/// specially, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+@%:,=".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
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
