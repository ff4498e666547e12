//! Recovery from a journal: rolling a run back, or finishing a committed one. Every
//! object is looked at first (through directory handles, never following a link) and
//! anything the journal says the run made that is not the object it made refuses the
//! whole recovery before anything is touched; only then are the removals and renames
//! done.
//!
//! Rolling back:
//! - a created file is removed while it is the object the run made and holds the bytes
//!   it wrote; a replaced one gets its backup renamed back; a deleted one is renamed back
//!   from where it was set aside;
//! - temp files go, and the directories the run created, if empty.
//!
//! Rolling forward (a committed run) removes only the backups and set-aside files, then
//! directories the deletions left empty.

use std::path::Path;

use anyhow::Context as _;

use super::{Journal, PATH, State, Step, Sync};
use crate::containment::{self, Dir, Entry as Stat, Ident};
use crate::error::invalid;
use crate::record::hash;

/// One change to the tree, decided before any is made: in the directory of entry `at`.
enum Act {
    Unlink(usize, String),
    Rename(usize, String, String),
}

/// The directory of each entry's target, opened; `None` where it does not exist.
fn parents(root: &Path, j: &Journal) -> anyhow::Result<Vec<Option<Dir>>> {
    j.entries
        .iter()
        .map(|e| containment::dir(root, containment::split(&e.rel)?.0))
        .collect()
}

fn leaf(rel: &str) -> &str {
    rel.rsplit_once('/').map_or(rel, |(_, name)| name)
}

fn hash_in(d: &Dir, name: &str) -> Option<crate::digest::Digest> {
    d.read(name).ok().flatten().map(|b| hash(&b))
}

/// The refusal of a journal that names an object its run did not make.
fn foreign(rel: &str, verb: &str) -> anyhow::Error {
    invalid(format!(
        "refusing {PATH}: {} is not the file the run {verb}, so the journal is not one a \
         run on this machine left; nothing was changed (if no run was interrupted, delete it)",
        rel.escape_debug()
    ))
}

/// Whether `what` is the object `ident` names (a journal without identities names none).
fn is(what: Option<Stat>, ident: Option<Ident>) -> bool {
    match what {
        Some(Stat::File { ident: i, .. }) => Some(i) == ident,
        _ => false,
    }
}

/// The side file `kind` of the entry: removed if it is the object the run made, or
/// while pending (nothing of the run has an identity yet) if it is a regular file by
/// the run's random name; anything else there refuses.
fn side_file(
    d: &Dir,
    j: &Journal,
    rel: &str,
    kind: &str,
    ident: Option<Ident>,
    verb: &str,
) -> anyhow::Result<Option<String>> {
    let side = j.side(leaf(rel), kind);
    Ok(match d.entry(&side)? {
        None => None,
        Some(Stat::File { .. }) if j.state == State::Pending => Some(side),
        what if is(what, ident) => Some(side),
        _ => return Err(foreign(&d.child_rel(&side), verb)),
    })
}

/// Puts the tree back as it was before the run, removes its side files, the directories
/// it created and the journal.
pub fn roll_back(root: &Path, j: &Journal) -> anyhow::Result<()> {
    let dirs = parents(root, j)?;
    let pending = j.state == State::Pending;
    let mut acts = Vec::new();
    for (i, e) in j.entries.iter().enumerate().rev() {
        let Some(d) = &dirs[i] else {
            continue;
        };
        let name = leaf(&e.rel);
        let target = d.entry(name)?;
        match &e.step {
            Step::Create { new, made } => {
                if let Some(tmp) = side_file(d, j, &e.rel, "tmp", *made, "made")? {
                    acts.push(Act::Unlink(i, tmp));
                }
                if let Some(Stat::File { .. }) = target
                    && hash_in(d, name).as_ref() == Some(new)
                {
                    if is(target, *made) {
                        acts.push(Act::Unlink(i, name.to_string()));
                    } else if pending {
                        return Err(invalid(format!(
                            "refusing {PATH}: it says its run created {}, but that file was \
                             there before it (a pending run has renamed nothing); nothing was \
                             changed (if no run was interrupted, delete it)",
                            e.rel.escape_debug()
                        )));
                    } else {
                        return Err(foreign(&e.rel, "created"));
                    }
                }
                // Ours but edited since, or someone else's: left as it is.
            }
            Step::Replace {
                old,
                new,
                bak,
                made,
            } => {
                if let Some(tmp) = side_file(d, j, &e.rel, "tmp", *made, "made")? {
                    acts.push(Act::Unlink(i, tmp));
                }
                let b = j.side(name, "bak");
                let backup = d.entry(&b)?;
                let second_name = matches!(
                    (backup, target),
                    (Some(Stat::File { ident: x, .. }), Some(Stat::File { ident: y, .. })) if x == y
                );
                if backup.is_none() {
                } else if pending {
                    // Nothing was renamed: a backup is a second name of the target, or a
                    // copy of it (where links fail); anything else is not the run's.
                    let copy = hash_in(d, &b).as_ref() == Some(old)
                        && hash_in(d, name).as_ref() == Some(old);
                    if matches!(backup, Some(Stat::File { .. })) && (second_name || copy) {
                        acts.push(Act::Unlink(i, b));
                    }
                } else if !is(backup, *bak) {
                    return Err(foreign(&d.child_rel(&b), "backed up"));
                } else if second_name {
                    // Not replaced yet: the backup is only a second name.
                    acts.push(Act::Unlink(i, b));
                } else if target.is_none()
                    || is(target, *made) && hash_in(d, name).as_ref() == Some(new)
                {
                    acts.push(Act::Rename(i, b, name.to_string()));
                } else {
                    // Edited since the run: the edit stays.
                    acts.push(Act::Unlink(i, b));
                }
            }
            Step::Delete { gone, .. } => {
                let del = j.side(name, "del");
                match d.entry(&del)? {
                    None => {}
                    // A pending run has set nothing aside: not the run's, left alone.
                    Some(_) if pending => {}
                    what if is(what, *gone) => {
                        if target.is_none() {
                            acts.push(Act::Rename(i, del, name.to_string()));
                        }
                    }
                    _ => return Err(foreign(&d.child_rel(&del), "set aside")),
                }
            }
        }
    }
    // A directory is removed (if empty) when it is the one the run made; while pending
    // (no identities yet), only one the run's own side files were found in, or below:
    // a run makes a directory for a file it stages there at once, so an empty one a
    // forged journal names is never taken for the run's.
    let sides = side_paths(j, &acts);
    let mut rmdirs = Vec::new();
    for (rel, ident) in j.dirs.iter().rev() {
        let (parent, name) = containment::split(rel)?;
        let staged_here =
            rel == crate::record::DIR || sides.iter().any(|s| s.starts_with(&format!("{rel}/")));
        if let Some(p) = containment::dir(root, parent)?
            && let Some(Stat::Dir { ident: i }) = p.entry(name)?
            && ident.map_or(staged_here, |x| x == i)
        {
            rmdirs.push((p, name.to_string()));
        }
    }
    // Every rename back is durable before the journal's removal can be.
    perform(j, &dirs, acts, Sync::Durable)?;
    remove_journal(root, Sync::Durable)?;
    for (p, name) in rmdirs {
        // Only if empty: whatever is in it now is someone's.
        let _ = p.rmdir(&name);
    }
    Ok(())
}

/// Completes a committed run: its backups and set-aside files go, then the journal, then
/// directories its deletions left empty. With [`Sync::Lazy`] (the run itself, right
/// after its commit mark) none of this is synced: a removal a power loss undoes leaves
/// the committed journal or a side file, which the next run finishes again.
pub fn finish(root: &Path, j: &Journal, sync: Sync) -> anyhow::Result<()> {
    let dirs = parents(root, j)?;
    let mut acts = Vec::new();
    for (i, e) in j.entries.iter().enumerate() {
        let Some(d) = &dirs[i] else {
            continue;
        };
        let (made, bak, gone) = match &e.step {
            Step::Create { made, .. } => (*made, None, None),
            Step::Replace { bak, made, .. } => (*made, *bak, None),
            Step::Delete { gone, .. } => (None, None, *gone),
        };
        // What the run wrote is in place, as the object it made (unless edited since):
        // a journal calling someone else's file with those bytes its own is not ours.
        if let Step::Create { new, .. } | Step::Replace { new, .. } = &e.step {
            let name = leaf(&e.rel);
            let target = d.entry(name)?;
            if matches!(target, Some(Stat::File { .. }))
                && !is(target, made)
                && hash_in(d, name).as_ref() == Some(new)
            {
                return Err(foreign(&e.rel, "wrote"));
            }
        }
        for (kind, ident, verb) in [
            ("tmp", made, "made"),
            ("bak", bak, "backed up"),
            ("del", gone, "set aside"),
        ] {
            if let Some(side) = side_file(d, j, &e.rel, kind, ident, verb)? {
                acts.push(Act::Unlink(i, side));
            }
        }
    }
    // Directories are pruned only above a deletion whose set-aside file this run made
    // and this removes (a forged journal names none).
    let sides = side_paths(j, &acts);
    perform(j, &dirs, acts, sync)?;
    remove_journal(root, sync)?;
    // The records directory, if this run made it only for the journal (`init`).
    if j.dirs.iter().any(|(d, _)| d == crate::record::DIR)
        && let Some(top) = containment::dir(root, "")?
    {
        let _ = top.rmdir(crate::record::DIR);
    }
    for e in &j.entries {
        let set_aside = j.side(leaf(&e.rel), "del");
        let (parent, _) = containment::split(&e.rel)?;
        let at = if parent.is_empty() {
            set_aside
        } else {
            format!("{parent}/{set_aside}")
        };
        if matches!(e.step, Step::Delete { .. }) && sides.contains(&at) {
            prune_empty_dirs(root, &e.rel);
        }
    }
    Ok(())
}

/// The paths (relative to the root) of the side files among `acts`' removals.
fn side_paths(j: &Journal, acts: &[Act]) -> Vec<String> {
    acts.iter()
        .filter_map(|a| match a {
            Act::Unlink(i, name) if name.as_str() != leaf(&j.entries[*i].rel) => {
                let rel = &j.entries[*i].rel;
                Some(match rel.rsplit_once('/') {
                    Some((parent, _)) => format!("{parent}/{name}"),
                    None => name.clone(),
                })
            }
            _ => None,
        })
        .collect()
}

fn perform(j: &Journal, dirs: &[Option<Dir>], acts: Vec<Act>, sync: Sync) -> anyhow::Result<()> {
    for act in acts {
        let (Act::Unlink(i, _) | Act::Rename(i, _, _)) = act;
        // Acts are only decided for entries whose directory was opened.
        let Some(d) = dirs[i].as_ref() else {
            continue;
        };
        let result = match &act {
            Act::Unlink(_, name) => d.unlink(name),
            Act::Rename(_, from, to) => d.rename(from, to),
        };
        match result {
            Ok(()) if sync == Sync::Durable => d.sync(),
            Ok(()) => {}
            // A side file already gone is what was wanted.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("cannot recover {}", j.entries[i].rel.escape_debug())
                });
            }
        }
    }
    Ok(())
}

fn remove_journal(root: &Path, sync: Sync) -> anyhow::Result<()> {
    let dir = containment::dir(root, crate::record::DIR)?
        .ok_or_else(|| invalid(format!("{PATH} vanished during recovery")))?;
    super::remove(&dir, sync)
}

/// Removes the directories above a deleted file that it left empty, up to the root.
fn prune_empty_dirs(root: &Path, deleted: &str) {
    let parts: Vec<&str> = deleted.split('/').collect();
    for k in (1..parts.len()).rev() {
        let parent = parts[..k - 1].join("/");
        let Ok(Some(p)) = containment::dir(root, &parent) else {
            break;
        };
        if p.rmdir(parts[k - 1]).is_err() {
            break;
        }
    }
}
