//! Applying a plan, all or nothing: every new file is first written to a temp file in
//! its own directory, then renamed into place; a deleted file is first renamed aside.
//! On any failure, files already replaced get their old bytes back, files set aside
//! return, created files and directories are removed. Only after every step succeeded
//! are the set-aside files dropped and directories left empty by deletions pruned.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::containment;
use crate::error::refused;
use crate::plan::{Action, Plan};

/// Test hook: `PETSAGE_BUILD_FAULT=rename:N` makes the N-th rename (1-based) fail, so
/// tests can prove that a failure part-way leaves the tree as it was.
const FAULT_ENV: &str = "PETSAGE_BUILD_FAULT";

struct Staged {
    target: PathBuf,
    temp: PathBuf,
    old: Option<Vec<u8>>,
    /// A deletion: `commit` renames target → temp, instead of temp → target.
    delete: bool,
}

/// Writes every change of `plan` that writes, or nothing at all.
pub fn apply(plan: &Plan) -> anyhow::Result<()> {
    let conflicts = plan.conflicts();
    if !conflicts.is_empty() {
        return Err(refused(format!(
            "{} existing file(s) differ: {}",
            conflicts.len(),
            conflicts.join(", ")
        )));
    }
    let mut created_dirs: Vec<PathBuf> = Vec::new();
    let mut staged: Vec<Staged> = Vec::new();
    let result = stage(plan, &mut created_dirs, &mut staged).and_then(|()| commit(&staged));
    match result {
        Ok(()) => {
            for s in staged.iter().filter(|s| s.delete) {
                let _ = fs::remove_file(&s.temp);
                prune_empty_dirs(plan.root(), &s.target);
            }
            Ok(())
        }
        Err((err, committed)) => {
            rollback(&staged[..committed]);
            for s in &staged[committed..] {
                let _ = fs::remove_file(&s.temp);
            }
            for dir in created_dirs.iter().rev() {
                let _ = fs::remove_dir(dir);
            }
            Err(err.context("nothing was changed"))
        }
    }
}

type Failure = (anyhow::Error, usize);

/// Phase one: directories and temp files; nothing visible has changed yet.
fn stage(
    plan: &Plan,
    created_dirs: &mut Vec<PathBuf>,
    staged: &mut Vec<Staged>,
) -> Result<(), Failure> {
    for change in plan.changes().iter().filter(|c| c.action.writes()) {
        let target = containment::resolve(plan.root(), &change.path).map_err(|e| (e, 0))?;
        if change.action == Action::Delete {
            staged.push(Staged {
                temp: temp_path(&target, "del"),
                target,
                old: change.old.clone(),
                delete: true,
            });
            continue;
        }
        if let Some(parent) = target.parent() {
            create_dirs(parent, created_dirs)
                .with_context(|| format!("cannot create the directory for {}", change.path))
                .map_err(|e| (e, 0))?;
        }
        let temp = temp_path(&target, "tmp");
        // Recorded before writing, so that a half-written temp file is removed too.
        staged.push(Staged {
            target: target.clone(),
            temp: temp.clone(),
            old: change.old.clone(),
            delete: false,
        });
        write_temp(&temp, &change.new, &target, change.action)
            .with_context(|| format!("cannot write {}", change.path))
            .map_err(|e| (e, 0))?;
    }
    Ok(())
}

/// Phase two: renames. On failure, reports how many were already done.
fn commit(staged: &[Staged]) -> Result<(), Failure> {
    let fault = std::env::var(FAULT_ENV).ok().and_then(|v| {
        v.strip_prefix("rename:")
            .and_then(|n| n.parse::<usize>().ok())
    });
    for (i, s) in staged.iter().enumerate() {
        let result = if fault == Some(i + 1) {
            Err(std::io::Error::other("injected fault"))
        } else if s.delete {
            fs::rename(&s.target, &s.temp)
        } else {
            fs::rename(&s.temp, &s.target)
        };
        result
            .with_context(|| format!("cannot move {} into place", s.target.display()))
            .map_err(|e| (e, i))?;
    }
    Ok(())
}

/// Puts back what `committed` replaced: old bytes where there were some, else removes.
fn rollback(committed: &[Staged]) {
    for s in committed.iter().rev() {
        if s.delete {
            let _ = fs::rename(&s.temp, &s.target);
            continue;
        }
        match &s.old {
            Some(old) => {
                let temp = temp_path(&s.target, "tmp");
                if fs::write(&temp, old).is_ok() {
                    let _ = fs::rename(&temp, &s.target);
                }
                let _ = fs::remove_file(&temp);
            }
            None => {
                let _ = fs::remove_file(&s.target);
            }
        }
    }
}

/// Creates `dir` and its missing ancestors, recording each for rollback.
fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut missing = Vec::new();
    let mut cur = dir;
    while fs::symlink_metadata(cur).is_err() {
        missing.push(cur.to_path_buf());
        match cur.parent() {
            Some(p) => cur = p,
            None => break,
        }
    }
    for d in missing.into_iter().rev() {
        fs::create_dir(&d).with_context(|| format!("cannot create {}", d.display()))?;
        created.push(d);
    }
    Ok(())
}

fn temp_path(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(
        ".{name}.petsage-build-{}.{suffix}",
        std::process::id()
    ))
}

/// Removes the directories above a deleted file that it left empty, up to the root.
fn prune_empty_dirs(root: &Path, deleted: &Path) {
    let mut dir = deleted.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

fn write_temp(temp: &Path, bytes: &[u8], target: &Path, action: Action) -> anyhow::Result<()> {
    fs::write(temp, bytes)?;
    // An edited file keeps its permissions (an executable script stays executable).
    if matches!(action, Action::Patch | Action::Overwrite)
        && let Ok(meta) = fs::metadata(target)
    {
        let _ = fs::set_permissions(temp, meta.permissions());
    }
    Ok(())
}
