//! Applying a plan, all or nothing, also across a kill: a journal
//! (`.petsage-build/journal`, see [`crate::journal`]) listing every target is written
//! before anything else; then every new file is written to a temp file in its own
//! directory, every file to be replaced gets a backup (a hard link to it), the journal is
//! written again with their identities and synced, and only then are temp files renamed
//! into place and deleted files renamed aside. After the last rename the journal is
//! marked committed (synced), backups and set-aside files go, and the journal is
//! removed. Those are the only syncs (see ARCHITECTURE.md, "Durability"). On a failure the journal's own roll-back restores the tree; after a
//! kill the next run does ([`crate::journal::recover`]).
//!
//! Every path is opened through `containment`, beneath the root and never through a
//! symbolic link: a link at a target or on the way to one refuses the run before the
//! journal is written. Side files are created exclusively (`O_EXCL`, never through a
//! link) under the run's random name, and every create, link and rename is relative to
//! the handle of the target's directory, so a directory swapped for a link mid-run
//! changes nothing.

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use anyhow::Context as _;

use crate::containment::{self, Dir, Entry as Stat, Ident};
use crate::error::{invalid, refused};
use crate::journal::{self, Entry, Journal, State, Step, Sync};
use crate::plan::{Action, FileChange, Plan};
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

/// One change that writes, with its directory (opened while staging) and name.
struct Op<'p> {
    change: &'p FileChange,
    parent: &'p str,
    name: &'p str,
    /// The mode of the file it replaces, if any.
    mode: Option<u32>,
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
    // The records directory is petsage-build's own (records, the journal): a link
    // anywhere in it is someone's commit, refused before anything is written.
    if let Some(records) = plan.dir(crate::record::DIR)? {
        for (name, what) in records.kinds()? {
            if what == containment::Kind::Link {
                let rel = records.child_rel(&name);
                return Err(containment::link_refusal(&rel, &rel));
            }
        }
    }
    let mut dirs: Vec<String> = Vec::new();
    missing_dirs(plan, crate::record::DIR, &mut dirs)?;
    for op in ops.iter().filter(|o| o.change.action != Action::Delete) {
        missing_dirs(plan, op.parent, &mut dirs)?;
    }
    let mut journal = Journal {
        pid: std::process::id(),
        run: Journal::new_run(),
        state: State::Pending,
        dirs: dirs.iter().map(|d| (d.clone(), None)).collect(),
        entries: ops
            .iter()
            .map(|op| Entry {
                rel: op.change.path.clone(),
                step: match (op.change.action, &op.change.old) {
                    (Action::Delete, old) => Step::Delete {
                        old: hash(old.as_deref().unwrap_or_default()),
                        gone: None,
                    },
                    (_, Some(old)) => Step::Replace {
                        old: hash(old),
                        new: hash(&op.change.new),
                        bak: None,
                        made: None,
                    },
                    (_, None) => Step::Create {
                        new: hash(&op.change.new),
                        made: None,
                    },
                },
            })
            .collect(),
        appended_mark: false,
    };
    // The journal's directory first (listed in it, so a roll-back removes it too).
    let mut made: Vec<(String, Ident)> = Vec::new();
    let records = containment::dir_create(root, crate::record::DIR, &mut made);
    // Not synced: until the staged journal replaces it nothing visible changes, and a
    // kill cannot lose it (see ARCHITECTURE.md, "Durability").
    let written = records.and_then(|d| journal::write(&d, &journal, Sync::Lazy).map(|_| d));
    let records = match written {
        Ok(d) => d,
        Err(e) => {
            if !made.is_empty()
                && let Ok(Some(top)) = containment::dir(root, "")
            {
                let _ = top.rmdir(crate::record::DIR);
            }
            return Err(e.context("nothing was changed"));
        }
    };
    let result = stage(root, &ops, &mut journal, &mut made).and_then(|handles| {
        journal.state = State::Staged;
        journal.dirs = made.iter().map(|(d, i)| (d.clone(), Some(*i))).collect();
        // Durable before the first rename: the fsyncs that make a crash recoverable.
        let mut file = journal::write(&records, &journal, Sync::Durable)?;
        commit(&ops, &handles, &mut journal, &mut file)
    });
    if result.is_err() {
        // Every directory this run made, with its identity: the roll-back removes those
        // (if empty), whatever state the journal on disk is in.
        journal.dirs = made.iter().map(|(d, i)| (d.clone(), Some(*i))).collect();
    }
    match result {
        Ok(()) => journal::finish(root, &journal, Sync::Lazy),
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

/// Every change that writes, checked before anything is written: no symbolic link at
/// it or on the way to it (refused), no directory where a file goes, and a read-only
/// file refused.
fn targets(plan: &Plan) -> anyhow::Result<Vec<Op<'_>>> {
    let mut ops: Vec<Op> = Vec::new();
    for change in plan.changes().iter().filter(|c| c.action.writes()) {
        let (parent, name) = containment::split(&change.path)?;
        if change
            .path
            .split('/')
            .any(|p| p.eq_ignore_ascii_case(".git"))
        {
            return Err(invalid(format!(
                "refusing to write {}: petsage-build never writes under .git",
                change.path.escape_debug()
            )));
        }
        let mut mode = None;
        if let Some(d) = plan.dir(parent)? {
            match d.entry(name)? {
                Some(Stat::Link) => {
                    return Err(containment::link_refusal(&change.path, &change.path));
                }
                Some(Stat::Dir { .. } | Stat::Other) => {
                    return Err(invalid(format!(
                        "cannot write {}: it is not a regular file",
                        change.path.escape_debug()
                    )));
                }
                Some(Stat::File { mode: m, .. }) => mode = Some(m),
                None => {}
            }
        }
        if change.action != Action::Create
            && let Some(m) = mode
            && m & 0o200 == 0
        {
            return Err(invalid(format!(
                "{} is read-only (mode {m:o}); nothing was written (make it writable to let \
                 petsage-build {} it)",
                change.path,
                if change.action == Action::Delete {
                    "delete"
                } else {
                    "change"
                }
            )));
        }
        ops.push(Op {
            change,
            parent,
            name,
            mode,
        });
    }
    Ok(ops)
}

/// Phase one: directories, synced temp files and backups, each made exclusively and its
/// identity put in the journal; nothing visible has changed. Returns each op's directory.
fn stage(
    root: &Path,
    ops: &[Op],
    journal: &mut Journal,
    made: &mut Vec<(String, Ident)>,
) -> anyhow::Result<Vec<Rc<Dir>>> {
    let mut handles: Vec<Rc<Dir>> = Vec::new();
    // Each directory opened (or made) once: most files of a feature share a few.
    let mut opened: HashMap<&str, Rc<Dir>> = HashMap::new();
    for (op, entry) in ops.iter().zip(journal.entries.iter_mut()) {
        let d = match opened.get(op.parent) {
            Some(d) => Rc::clone(d),
            None => {
                let d = containment::dir_create(root, op.parent, made)
                    .with_context(|| format!("cannot write {}", op.change.path))?;
                let d = Rc::new(d);
                opened.insert(op.parent, Rc::clone(&d));
                d
            }
        };
        let tmp = journal::side_name(&journal.run, op.name, "tmp");
        let bak = journal::side_name(&journal.run, op.name, "bak");
        match &mut entry.step {
            Step::Delete { gone, .. } => {
                *gone = Some(file_ident(&d, op.name, &op.change.path)?);
            }
            Step::Create { made: m, .. } => {
                *m = Some(
                    write_temp(&d, &tmp, &op.change.new, None, Sync::Lazy)
                        .with_context(|| format!("cannot write {}", op.change.path))?,
                );
            }
            Step::Replace {
                bak: b, made: m, ..
            } => {
                *m = Some(
                    write_temp(&d, &tmp, &op.change.new, op.mode, Sync::Lazy)
                        .with_context(|| format!("cannot write {}", op.change.path))?,
                );
                let old = op.change.old.as_deref().unwrap_or_default();
                *b = Some(
                    backup(&d, op.name, &bak, old)
                        .with_context(|| format!("cannot back up {}", op.change.path))?,
                );
            }
        }
        handles.push(d);
    }
    Ok(handles)
}

/// Phase two: the renames, each in its directory's handle; then the commit mark,
/// appended to the staged journal `file` and synced. A kill or failure before the mark is
/// rolled back, after it finished.
fn commit(
    ops: &[Op],
    handles: &[Rc<Dir>],
    journal: &mut Journal,
    file: &mut std::fs::File,
) -> anyhow::Result<()> {
    let (fail_at, kill_at) = faults();
    for (i, (op, d)) in ops.iter().zip(handles).enumerate() {
        if kill_at == Some(i + 1) {
            std::process::abort();
        }
        let result = if fail_at == Some(i + 1) {
            Err(std::io::Error::other("injected fault"))
        } else if op.change.action == Action::Delete {
            d.rename(op.name, &journal.side(op.name, "del"))
        } else {
            d.rename(&journal.side(op.name, "tmp"), op.name)
        };
        result.with_context(|| format!("cannot move {} into place", op.change.path))?;
    }
    if kill_at == Some(ops.len() + 1) {
        std::process::abort();
    }
    journal::mark_committed(file, journal)?;
    if kill_at == Some(ops.len() + 2) {
        std::process::abort();
    }
    Ok(())
}

/// The directories on the way to `rel` that do not exist yet, parents first, added to
/// `out` once each. A link on the way is refused.
fn missing_dirs(plan: &Plan, rel: &str, out: &mut Vec<String>) -> anyhow::Result<()> {
    if rel.is_empty() {
        return Ok(());
    }
    let parts = containment::parts(rel)?;
    for k in 1..=parts.len() {
        let prefix = parts[..k].join("/");
        if !out.contains(&prefix) && plan.dir(&prefix)?.is_none() {
            out.push(prefix);
        }
    }
    Ok(())
}

/// The identity of the regular file `name` in `d`.
fn file_ident(d: &Dir, name: &str, rel: &str) -> anyhow::Result<Ident> {
    match d.entry(name)? {
        Some(Stat::File { ident, .. }) => Ok(ident),
        Some(Stat::Link) => Err(containment::link_refusal(rel, rel)),
        _ => Err(invalid(format!(
            "cannot delete {rel}: it is not a regular file"
        ))),
    }
}

/// A second name `bak` for the old file `name` (same bytes and mode), or where links
/// fail a synced copy of `old`; its identity.
fn backup(d: &Dir, name: &str, bak: &str, old: &[u8]) -> anyhow::Result<Ident> {
    if d.hard_link(name, bak).is_ok() {
        return match d.entry(bak)? {
            Some(Stat::File { ident, .. }) => Ok(ident),
            _ => Err(anyhow::anyhow!("the backup is not a regular file")),
        };
    }
    // A copy, unlike a second name, holds bytes no one synced yet.
    write_temp(d, bak, old, None, Sync::Durable)
}

/// Writes `bytes` to the new file `temp` in `d` (created exclusively, never through a
/// link), with `mode` if given (an edited file keeps its permissions: an executable
/// script stays executable), synced if `sync` says so; its identity.
fn write_temp(
    d: &Dir,
    temp: &str,
    bytes: &[u8],
    mode: Option<u32>,
    sync: Sync,
) -> anyhow::Result<Ident> {
    let mut f = d.create_new(temp, 0o666)?;
    std::io::Write::write_all(&mut f, bytes)?;
    #[cfg(unix)]
    if let Some(m) = mode {
        use std::os::unix::fs::PermissionsExt as _;
        let _ = f.set_permissions(std::fs::Permissions::from_mode(m));
    }
    // Windows' one permission bit, read-only, is never set on a file the run replaces
    // (`targets` refuses those), so there is nothing to carry over.
    #[cfg(not(unix))]
    let _ = mode;
    if sync == Sync::Durable {
        f.sync_all()?;
    }
    Ok(containment::ident_of(&f)?)
}
