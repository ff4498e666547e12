//! The journal of a run that writes: `.petsage-build/journal`, written and synced before
//! the first file of a plan is touched and removed after the last, so that a run killed
//! at any instant (SIGKILL, power loss) is rolled back (or, once committed, finished) by
//! the next run of any command under the project lock.
//!
//! It lists every target with what the run does to it and the SHA-256 of the bytes
//! before and after; the temp, backup and set-aside files are named from the target and
//! the run's process id (`.<name>.petsage-build-<pid>.tmp|bak|del`, beside the target),
//! so the journal names no other file. Rolling back:
//! - a created file is removed, a replaced one gets its backup (a hard link to the old
//!   file, same bytes and mode) renamed back, a deleted one is renamed back;
//! - the directories the run created are removed if empty; temp files go.
//!
//! Rolling forward (a committed run) only removes backups and set-aside files.
//!
//! The journal is not trusted: it is read through `fsread`, parsed strictly (a bad one
//! is refused with one line), every path goes through `containment` (strictly below the
//! root, never under `.git`), and a file is only ever removed or replaced while its bytes
//! hash to what the journal says this run wrote there, and restored only from a backup
//! whose bytes hash to what the journal says was there before. A journal that did not
//! come from a run of ours therefore cannot touch a file whose content it does not know.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::containment;
use crate::error::invalid;
use crate::record::hash;

/// The journal, relative to the root.
pub const PATH: &str = ".petsage-build/journal";
/// Where a new journal is written before it is renamed to [`PATH`].
pub const TEMP: &str = ".petsage-build/journal.tmp";
const MAGIC: &str = "petsage-build journal 1";

/// What the run does to one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A new file with these bytes (hash).
    Create { new: String },
    /// An existing file replaced: old and new hashes.
    Replace { old: String, new: String },
    /// An existing file removed: its hash.
    Delete { old: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Relative to the root, as in the plan.
    pub rel: String,
    pub step: Step,
}

/// One run's journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    pub pid: u32,
    /// Once every rename is done: the next run finishes instead of rolling back.
    pub committed: bool,
    /// Directories the run creates, parents first, relative to the root.
    pub dirs: Vec<String>,
    pub entries: Vec<Entry>,
}

/// What recovering did, for the note a command prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovered {
    RolledBack,
    Finished,
}

impl Journal {
    pub fn to_text(&self) -> String {
        let mut s = format!("{MAGIC}\npid\t{}\n", self.pid);
        s += if self.committed {
            "state\tcommitted\n"
        } else {
            "state\tpending\n"
        };
        for d in &self.dirs {
            s += &format!("dir\t{d}\n");
        }
        for e in &self.entries {
            match &e.step {
                Step::Create { new } => s += &format!("create\t{new}\t{}\n", e.rel),
                Step::Replace { old, new } => s += &format!("replace\t{old}\t{new}\t{}\n", e.rel),
                Step::Delete { old } => s += &format!("delete\t{old}\t{}\n", e.rel),
            }
        }
        s += "end\n";
        s
    }

    /// Parses a journal strictly; any other text is refused, naming the line.
    pub fn parse(text: &str) -> anyhow::Result<Journal> {
        let bad = |n: usize, why: &str| {
            invalid(format!(
                "{PATH} is not a journal petsage-build wrote (line {n}: {why}); if no run \
                 was interrupted, delete it"
            ))
        };
        let mut lines = text.split('\n').enumerate().map(|(i, l)| (i + 1, l));
        if lines.next().map(|(_, l)| l) != Some(MAGIC) {
            return Err(bad(1, "unknown header"));
        }
        let mut j = Journal {
            pid: 0,
            committed: false,
            dirs: Vec::new(),
            entries: Vec::new(),
        };
        let mut ended = false;
        for (n, line) in lines.by_ref() {
            let f: Vec<&str> = line.split('\t').collect();
            match f[..] {
                ["pid", pid] if n == 2 => {
                    j.pid = pid.parse().map_err(|_| bad(n, "bad pid"))?;
                }
                ["state", state] if n == 3 => {
                    j.committed = match state {
                        "pending" => false,
                        "committed" => true,
                        _ => return Err(bad(n, "bad state")),
                    };
                }
                ["dir", rel] if n > 3 && j.entries.is_empty() => j.dirs.push(path(rel, n)?),
                ["create", new, rel] if n > 3 => j.entries.push(Entry {
                    rel: path(rel, n)?,
                    step: Step::Create {
                        new: hash_field(new).ok_or_else(|| bad(n, "bad hash"))?,
                    },
                }),
                ["replace", old, new, rel] if n > 3 => j.entries.push(Entry {
                    rel: path(rel, n)?,
                    step: Step::Replace {
                        old: hash_field(old).ok_or_else(|| bad(n, "bad hash"))?,
                        new: hash_field(new).ok_or_else(|| bad(n, "bad hash"))?,
                    },
                }),
                ["delete", old, rel] if n > 3 => j.entries.push(Entry {
                    rel: path(rel, n)?,
                    step: Step::Delete {
                        old: hash_field(old).ok_or_else(|| bad(n, "bad hash"))?,
                    },
                }),
                ["end"] if n > 3 => {
                    ended = true;
                    break;
                }
                [""] => return Err(bad(n, "incomplete, no end line")),
                _ => return Err(bad(n, "unexpected line")),
            }
        }
        let rest: Vec<_> = lines.collect();
        if !ended || rest.len() != 1 || !rest[0].1.is_empty() {
            return Err(bad(text.lines().count(), "incomplete"));
        }
        if j.pid == 0 {
            return Err(bad(2, "no pid"));
        }
        Ok(j)
    }
}

/// A path field: relative, no `..`, nothing under `.git`, no control characters.
fn path(rel: &str, n: usize) -> anyhow::Result<String> {
    let ok = !rel.is_empty()
        && !rel.chars().any(char::is_control)
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && !rel.split('/').any(|part| part == ".git");
    if ok {
        Ok(rel.to_string())
    } else {
        Err(invalid(format!(
            "{PATH} is not a journal petsage-build wrote (line {n}: path '{}' is not \
             allowed); if no run was interrupted, delete it",
            rel.escape_debug()
        )))
    }
}

fn hash_field(h: &str) -> Option<String> {
    let hex = h.strip_prefix("sha256:")?;
    (hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then(|| h.to_string())
}

/// True when a journal (of a run still going, or interrupted) is there, or only its temp
/// file (a run killed while writing it, which [`recover`] removes). Only reads.
pub fn exists(root: &Path) -> bool {
    [PATH, TEMP]
        .iter()
        .any(|p| fs::symlink_metadata(root.join(p)).is_ok())
}

/// True when only the journal's temp file is there: the run died before it touched
/// anything else.
pub fn only_temp(root: &Path) -> bool {
    fs::symlink_metadata(root.join(PATH)).is_err() && fs::symlink_metadata(root.join(TEMP)).is_ok()
}

/// The name of one of a run's side files of `target`: `tmp` (new bytes), `bak` (a hard
/// link to the old file), `del` (a deleted file set aside).
pub fn side_path(target: &Path, pid: u32, kind: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.petsage-build-{pid}.{kind}"))
}

/// Writes `journal` durably: temp file, sync, rename, sync of the directory.
pub fn write(root: &Path, journal: &Journal) -> anyhow::Result<()> {
    let path = containment::resolve(root, PATH)?;
    let temp = containment::resolve(root, TEMP)?;
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::File::create(&temp)?;
        std::io::Write::write_all(&mut f, journal.to_text().as_bytes())?;
        f.sync_all()?;
        fs::rename(&temp, &path)?;
        sync_dir(path.parent().unwrap_or(root));
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.with_context(|| format!("cannot write {PATH}"))
}

/// Removes the journal (the run is over), durably.
pub fn remove(root: &Path) -> anyhow::Result<()> {
    let path = containment::resolve(root, PATH)?;
    fs::remove_file(&path).with_context(|| format!("cannot remove {PATH}"))?;
    sync_dir(path.parent().unwrap_or(root));
    Ok(())
}

/// Flushes a directory's entries (renames, removals) to disk; best effort.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The journal on disk, if any; a journal that is not a regular file, too large or not
/// one we write is refused (exit 2).
pub fn load(root: &Path) -> anyhow::Result<Option<Journal>> {
    let path = containment::resolve(root, PATH)?;
    match crate::fsread::read_opt(&path).with_context(|| format!("cannot read {PATH}"))? {
        None => Ok(None),
        Some(bytes) => {
            let text = std::str::from_utf8(&bytes).map_err(|_| {
                invalid(format!(
                    "{PATH} is not a journal petsage-build wrote (not UTF-8); if no run was \
                     interrupted, delete it"
                ))
            })?;
            Journal::parse(text).map(Some)
        }
    }
}

/// Finishes or rolls back the run that left a journal, if one did. Call under the
/// exclusive project lock.
pub fn recover(root: &Path) -> anyhow::Result<Option<Recovered>> {
    if let Ok(temp) = containment::resolve(root, TEMP) {
        // A journal being written when the run died: nothing else was touched yet.
        let _ = fs::remove_file(temp);
    }
    if !exists(root) {
        return Ok(None);
    }
    let Some(journal) = load(root)? else {
        return Ok(None);
    };
    let done = if journal.committed {
        finish(root, &journal)?;
        Recovered::Finished
    } else {
        roll_back(root, &journal)?;
        Recovered::RolledBack
    };
    Ok(Some(done))
}

/// Where `e` lands: the resolved file for a write, the directory entry for a deletion.
fn target(root: &Path, e: &Entry) -> anyhow::Result<PathBuf> {
    match e.step {
        Step::Delete { .. } => containment::resolve_entry(root, &e.rel),
        _ => containment::resolve(root, &e.rel),
    }
}

/// The hash of the regular file at `path`, if it is one that can be read.
fn hash_of(path: &Path) -> Option<String> {
    crate::fsread::read(path).ok().map(|b| hash(&b))
}

/// Puts the tree back as it was before the run, removes its side files, the directories
/// it created and the journal.
pub fn roll_back(root: &Path, journal: &Journal) -> anyhow::Result<()> {
    let pid = journal.pid;
    // Every path is checked before anything is touched.
    let targets = journal
        .entries
        .iter()
        .map(|e| target(root, e))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let dirs = journal
        .dirs
        .iter()
        .map(|d| containment::resolve(root, d))
        .collect::<anyhow::Result<Vec<_>>>()?;
    for (e, t) in journal.entries.iter().zip(&targets).rev() {
        let tmp = side_path(t, pid, "tmp");
        let _ = fs::remove_file(&tmp);
        match &e.step {
            Step::Create { new } => {
                if is_file(t) && hash_of(t).as_ref() == Some(new) {
                    fs::remove_file(t)
                        .with_context(|| format!("cannot roll back {}: remove", e.rel))?;
                }
            }
            Step::Replace { old, new } => {
                let bak = side_path(t, pid, "bak");
                if is_file(&bak) && hash_of(&bak).as_ref() == Some(old) {
                    let now = hash_of(t);
                    if now.is_none() || now.as_ref() == Some(new) || now.as_ref() == Some(old) {
                        fs::rename(&bak, t)
                            .with_context(|| format!("cannot roll back {}: restore", e.rel))?;
                    }
                }
                let _ = fs::remove_file(&bak);
            }
            Step::Delete { old } => {
                let del = side_path(t, pid, "del");
                if fs::symlink_metadata(t).is_err()
                    && fs::symlink_metadata(&del).is_ok()
                    && (!is_file(&del) || hash_of(&del).as_ref() == Some(old))
                {
                    fs::rename(&del, t)
                        .with_context(|| format!("cannot roll back {}: put back", e.rel))?;
                }
            }
        }
        if let Some(parent) = t.parent() {
            sync_dir(parent);
        }
    }
    remove(root)?;
    for d in dirs.iter().rev() {
        let _ = fs::remove_dir(d);
    }
    Ok(())
}

/// Completes a committed run: its backups and set-aside files go, then the journal, then
/// directories its deletions left empty.
pub fn finish(root: &Path, journal: &Journal) -> anyhow::Result<()> {
    let targets = journal
        .entries
        .iter()
        .map(|e| target(root, e))
        .collect::<anyhow::Result<Vec<_>>>()?;
    for t in &targets {
        for kind in ["tmp", "bak", "del"] {
            let _ = fs::remove_file(side_path(t, journal.pid, kind));
        }
    }
    remove(root)?;
    // The journal's directory, if this run made it only for the journal (`init`).
    if journal.dirs.iter().any(|d| d == crate::record::DIR) {
        let _ = fs::remove_dir(root.join(crate::record::DIR));
    }
    for (e, t) in journal.entries.iter().zip(&targets) {
        if matches!(e.step, Step::Delete { .. }) {
            prune_empty_dirs(root, t);
        }
    }
    Ok(())
}

fn is_file(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// Removes the directories above a deleted file that it left empty, up to the root.
pub fn prune_empty_dirs(root: &Path, deleted: &Path) {
    let mut dir = deleted.parent();
    while let Some(d) = dir {
        if !containment::strictly_below(root, d) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(c: char) -> String {
        format!("sha256:{}", c.to_string().repeat(64))
    }

    #[test]
    fn round_trips_and_refuses_other_texts() {
        let j = Journal {
            pid: 42,
            committed: false,
            dirs: vec!["a".into(), "a/b".into()],
            entries: vec![
                Entry {
                    rel: "a/b/c.py".into(),
                    step: Step::Create { new: h('a') },
                },
                Entry {
                    rel: "x y.py".into(),
                    step: Step::Replace {
                        old: h('b'),
                        new: h('c'),
                    },
                },
                Entry {
                    rel: ".petsage-build/n.yaml".into(),
                    step: Step::Delete { old: h('d') },
                },
            ],
        };
        assert_eq!(Journal::parse(&j.to_text()).unwrap(), j);
        let text = j.to_text();
        for bad in [
            String::new(),
            text.replace("end\n", ""),
            text.replace("a/b/c.py", "../c.py"),
            text.replace("a/b/c.py", "/etc/passwd"),
            text.replace("a/b/c.py", ".git/config"),
            text.replace("a/b/c.py", "a//c.py"),
            text.replace(&h('a'), "sha256:00"),
            text.replace("pid\t42", "pid\tx"),
            text.replace("pending", "maybe"),
            text + "more\n",
        ] {
            assert!(Journal::parse(&bad).is_err(), "{bad}");
        }
    }
}
