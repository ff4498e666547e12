//! Applying a plan, all or nothing, also across a kill: a journal
//! (`.petsage-build/journal`, see [`crate::journal`]) listing every target is written and
//! synced before anything else; then every new file is written to a synced temp file in
//! its own directory, every file to be replaced gets a backup (a hard link to it), and
//! only then are temp files renamed into place and deleted files renamed aside. After the
//! last rename the journal is marked committed, backups and set-aside files go, and the
//! journal is removed. On a failure the journal's own roll-back restores the tree; after a
//! kill the next run does ([`crate::journal::recover`]).
//!
//! Targets are the resolved paths `containment` returns: a write through a symbolic link
//! inside the root lands on its target; a deletion removes the entry itself.

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::containment;
use crate::error::{invalid, refused};
use crate::journal::{self, Entry, Journal, Step, side_path};
use crate::plan::{Action, Plan};
use crate::record::hash;

/// Test hook, compiled in only with the `fault-injection` feature (which only the test
/// build turns on, see Cargo.toml): `PETSAGE_BUILD_FAULT=rename:N` makes the N-th rename
/// (1-based) fail, so tests can prove that a failure part-way leaves the tree as it was;
/// `PETSAGE_BUILD_FAULT=kill:N` aborts the process (no clean-up at all, as SIGKILL) just
/// before the N-th rename, or with N = renames + 1 after the last rename, before the
/// journal is marked committed, or with N = renames + 2 just after it is. Without the
/// feature the variable is never read.
#[cfg(feature = "fault-injection")]
fn faults() -> (Option<usize>, Option<usize>) {
    let fault = std::env::var("PETSAGE_BUILD_FAULT").unwrap_or_default();
    let at = |prefix: &str| {
        fault
            .strip_prefix(prefix)
            .and_then(|n| n.parse::<usize>().ok())
    };
    (at("rename:"), at("kill:"))
}

#[cfg(not(feature = "fault-injection"))]
fn faults() -> (Option<usize>, Option<usize>) {
    (None, None)
}

struct Op<'p> {
    rel: &'p str,
    target: PathBuf,
    new: &'p [u8],
    action: Action,
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
    let root = plan.root();
    let ops = targets(plan)?;
    if ops.is_empty() {
        return Ok(());
    }
    if !root.is_dir() {
        return Err(invalid(format!("{} is not a directory", root.display())));
    }
    let journal_dir = containment::resolve(root, crate::record::DIR)?;
    let mut dirs: Vec<PathBuf> = Vec::new();
    missing_dirs(&journal_dir, &mut dirs);
    for op in ops.iter().filter(|o| o.action != Action::Delete) {
        if let Some(parent) = op.target.parent() {
            missing_dirs(parent, &mut dirs);
        }
    }
    let journal = Journal {
        pid: std::process::id(),
        committed: false,
        dirs: dirs.iter().map(|d| rel_of(root, d)).collect(),
        entries: ops
            .iter()
            .zip(plan.changes().iter().filter(|c| c.action.writes()))
            .map(|(op, change)| Entry {
                rel: op.rel.to_string(),
                step: match (op.action, &change.old) {
                    (Action::Delete, old) => Step::Delete {
                        old: hash(old.as_deref().unwrap_or_default()),
                    },
                    (_, Some(old)) => Step::Replace {
                        old: hash(old),
                        new: hash(op.new),
                    },
                    (_, None) => Step::Create { new: hash(op.new) },
                },
            })
            .collect(),
    };
    // The journal's directory first (listed in it, so a roll-back removes it too).
    if let Err(e) = create_journal_dir(&journal_dir).and_then(|()| journal::write(root, &journal)) {
        if dirs.first() == Some(&journal_dir) {
            let _ = fs::remove_dir(&journal_dir);
        }
        return Err(e.context("nothing was changed"));
    }
    match stage(&ops, &journal, &dirs).and_then(|()| commit(root, &ops, &journal)) {
        Ok(()) => journal::finish(
            root,
            &Journal {
                committed: true,
                ..journal
            },
        ),
        Err(err) => match journal::roll_back(root, &journal) {
            Ok(()) => Err(err.context("nothing was changed")),
            Err(undo) => Err(err.context(format!(
                "and rolling back failed ({undo:#}); the next run of petsage-build will \
                 retry from {}",
                journal::PATH
            ))),
        },
    }
}

/// The resolved target of every change that writes; refuses (before anything is
/// written) a read-only file to change, and two paths that are one file.
fn targets(plan: &Plan) -> anyhow::Result<Vec<Op<'_>>> {
    let mut ops: Vec<Op> = Vec::new();
    for change in plan.changes().iter().filter(|c| c.action.writes()) {
        let target = if change.action == Action::Delete {
            containment::resolve_entry(plan.root(), &change.path)?
        } else {
            containment::resolve(plan.root(), &change.path)?
        };
        if let Some(other) = ops.iter().find(|o| o.target == target) {
            return Err(invalid(format!(
                "{} and {} are the same file (through a symbolic link); nothing was written",
                other.rel, change.path
            )));
        }
        if change.action != Action::Create
            && let Ok(meta) = fs::symlink_metadata(&target)
            && meta.is_file()
            && meta.permissions().mode() & 0o200 == 0
        {
            return Err(invalid(format!(
                "{} is read-only (mode {:o}); nothing was written (make it writable to let \
                 petsage-build {} it)",
                change.path,
                meta.permissions().mode() & 0o7777,
                if change.action == Action::Delete {
                    "delete"
                } else {
                    "change"
                }
            )));
        }
        ops.push(Op {
            rel: &change.path,
            target,
            new: &change.new,
            action: change.action,
        });
    }
    Ok(ops)
}

/// Phase one: directories, synced temp files and backups; nothing visible has changed.
fn stage(ops: &[Op], journal: &Journal, dirs: &[PathBuf]) -> anyhow::Result<()> {
    for d in dirs {
        if fs::symlink_metadata(d).is_err() {
            fs::create_dir(d).with_context(|| format!("cannot create {}", d.display()))?;
        }
    }
    for op in ops {
        match op.action {
            Action::Delete => {}
            _ => {
                let temp = side_path(&op.target, journal.pid, "tmp");
                write_temp(&temp, op.new, &op.target, op.action)
                    .with_context(|| format!("cannot write {}", op.rel))?;
                if op.action != Action::Create && fs::symlink_metadata(&op.target).is_ok() {
                    backup(&op.target, &side_path(&op.target, journal.pid, "bak"))
                        .with_context(|| format!("cannot back up {}", op.rel))?;
                }
            }
        }
    }
    Ok(())
}

/// Phase two: the renames; then the commit mark. A kill or failure before the mark is
/// rolled back, after it finished.
fn commit(root: &Path, ops: &[Op], journal: &Journal) -> anyhow::Result<()> {
    let (fail_at, kill_at) = faults();
    for (i, op) in ops.iter().enumerate() {
        if kill_at == Some(i + 1) {
            std::process::abort();
        }
        let result = if fail_at == Some(i + 1) {
            Err(std::io::Error::other("injected fault"))
        } else if op.action == Action::Delete {
            fs::rename(&op.target, side_path(&op.target, journal.pid, "del"))
        } else {
            fs::rename(side_path(&op.target, journal.pid, "tmp"), &op.target)
        };
        result.with_context(|| format!("cannot move {} into place", op.rel))?;
    }
    let mut parents: Vec<&Path> = ops.iter().filter_map(|o| o.target.parent()).collect();
    parents.sort();
    parents.dedup();
    for p in parents {
        journal::sync_dir(p);
    }
    if kill_at == Some(ops.len() + 1) {
        std::process::abort();
    }
    journal::write(
        root,
        &Journal {
            committed: true,
            ..journal.clone()
        },
    )?;
    if kill_at == Some(ops.len() + 2) {
        std::process::abort();
    }
    Ok(())
}

fn create_journal_dir(dir: &Path) -> anyhow::Result<()> {
    if fs::symlink_metadata(dir).is_err() {
        fs::create_dir(dir).with_context(|| format!("cannot create {}", crate::record::DIR))?;
    }
    Ok(())
}

/// `dir` and its missing ancestors, parents first, added to `out` once each.
fn missing_dirs(dir: &Path, out: &mut Vec<PathBuf>) {
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
        if !out.contains(&d) {
            out.push(d);
        }
    }
}

fn rel_of(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// A second name for the old file (same bytes and mode); a copy where links fail.
fn backup(target: &Path, bak: &Path) -> std::io::Result<()> {
    let _ = fs::remove_file(bak);
    if fs::hard_link(target, bak).is_ok() {
        return Ok(());
    }
    fs::copy(target, bak)?;
    fs::File::open(bak)?.sync_all()
}

fn write_temp(temp: &Path, bytes: &[u8], target: &Path, action: Action) -> anyhow::Result<()> {
    let mut f = fs::File::create(temp)?;
    std::io::Write::write_all(&mut f, bytes)?;
    // An edited file keeps its permissions (an executable script stays executable).
    if matches!(action, Action::Patch | Action::Overwrite)
        && let Ok(meta) = fs::metadata(target)
    {
        let _ = f.set_permissions(meta.permissions());
    }
    f.sync_all()?;
    Ok(())
}
