//! The journal of a run that writes: `.petsage-build/journal`, written before the first
//! file of a plan is touched (and synced before the first rename) and removed after the
//! last, so that a run killed at any instant (SIGKILL, power loss) is rolled back (or, once committed, finished) by
//! the next run of any command under the project lock.
//!
//! It lists every target with what the run does to it and the SHA-256 of the bytes
//! before and after. A run has a random name (`run`), and its side files are named from
//! the target and it (`.<name>.petsage-build-<run>.tmp|bak|del`, beside the target),
//! created exclusively, so no planted file or link can stand in for one. The journal is
//! written twice and marked once: `pending` before anything else (nothing visible has changed yet),
//! `staged` once every temp file, backup and directory exists — now with the identity
//! (device and inode) of each object the run made: the temp file that becomes the
//! target, the old file its backup is a second name of, the file a deletion sets aside,
//! each directory; synced, the one `fsync` of the file a crash needs — and after the
//! last rename a line `committed` is appended to it and synced (`fdatasync`).
//!
//! The journal is not trusted: anyone can commit one, and the hashes it holds are of
//! public files. It is read without following links, parsed strictly (a bad one is
//! refused with one line), and recovery ([`undo`]) acts only on objects whose identity
//! is the one the journal says the run made: a journal naming the project's own files
//! as created, or a forged backup, is refused, not obeyed. One of a pending run (which
//! has renamed nothing) only removes the run's temp files and the second names it gave.

use std::path::Path;

use anyhow::Context as _;

use crate::containment::{self, Dir, Entry as Stat, Ident};
use crate::digest::Digest;
use crate::error::invalid;

mod undo;

pub use undo::{finish, roll_back};

/// The journal, relative to the root.
pub const PATH: &str = ".petsage-build/journal";
const NAME: &str = "journal";
const MAGIC: &str = "petsage-build journal 2";
/// The names of the journal's own temp files start with this.
const TEMP_PREFIX: &str = ".journal.petsage-build-";
/// The commit mark `apply` appends to a staged journal.
const MARK: &str = "committed\n";

/// Where the run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Nothing renamed; identities not known yet.
    Pending,
    /// Every side file made (identities known); renames may have happened.
    Staged,
    /// Every rename done: the next run finishes instead of rolling back.
    Committed,
}

/// What the run does to one target, with the identities of what it made (`None` while
/// pending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A new file with these bytes (hash); `made` is the temp file renamed into place.
    Create { new: Digest, made: Option<Ident> },
    /// An existing file replaced: old and new hashes; `bak` the old file (its backup is
    /// a second name of it, or a copy), `made` the temp file renamed over it.
    Replace {
        old: Digest,
        new: Digest,
        bak: Option<Ident>,
        made: Option<Ident>,
    },
    /// An existing file removed: its hash, and the file (set aside, then removed).
    Delete { old: Digest, gone: Option<Ident> },
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
    /// The run's random name (16 hex digits), part of its side files' names.
    pub run: String,
    pub state: State,
    /// Directories the run creates, parents first, relative to the root.
    pub dirs: Vec<(String, Option<Ident>)>,
    pub entries: Vec<Entry>,
    /// How a committed run was marked: `true` for the mark `apply` writes, a line
    /// `committed` appended after `end` to the synced staged journal (one write and one
    /// `fdatasync`, no second file); `false` for a `state committed` line.
    pub appended_mark: bool,
}

/// What recovering did, for the note a command prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovered {
    RolledBack,
    Finished,
}

fn ident_field(i: &Option<Ident>) -> String {
    i.map_or_else(|| "-".to_string(), |i| i.to_string())
}

impl Journal {
    /// A new run's name: 64 random bits (the standard library's OS-seeded hasher keys),
    /// so that no one can plant a file where a side file of the run will go.
    pub fn new_run() -> String {
        use std::hash::{BuildHasher as _, Hasher as _};
        let mut h = std::hash::RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        format!("{:016x}", h.finish())
    }

    pub fn to_text(&self) -> String {
        let mut s = format!("{MAGIC}\npid\t{}\nrun\t{}\n", self.pid, self.run);
        let appended = self.state == State::Committed && self.appended_mark;
        s += match self.state {
            State::Pending => "state\tpending\n",
            State::Staged => "state\tstaged\n",
            State::Committed if appended => "state\tstaged\n",
            State::Committed => "state\tcommitted\n",
        };
        for (d, i) in &self.dirs {
            s += &format!("dir\t{}\t{d}\n", ident_field(i));
        }
        for e in &self.entries {
            s += &match &e.step {
                Step::Create { new, made } => {
                    format!("create\t{new}\t{}\t{}\n", ident_field(made), e.rel)
                }
                Step::Replace {
                    old,
                    new,
                    bak,
                    made,
                } => format!(
                    "replace\t{old}\t{new}\t{}\t{}\t{}\n",
                    ident_field(bak),
                    ident_field(made),
                    e.rel
                ),
                Step::Delete { old, gone } => {
                    format!("delete\t{old}\t{}\t{}\n", ident_field(gone), e.rel)
                }
            };
        }
        s += "end\n";
        if appended {
            s += MARK;
        }
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
            run: String::new(),
            state: State::Pending,
            dirs: Vec::new(),
            entries: Vec::new(),
            appended_mark: false,
        };
        let mut ended = false;
        for (n, line) in lines.by_ref() {
            let f: Vec<&str> = line.split('\t').collect();
            // Identities are there exactly when the state says the run knew them.
            let state = j.state;
            let ident = |s: &str| -> anyhow::Result<Option<Ident>> {
                match (s, state) {
                    ("-", State::Pending) => Ok(None),
                    (s, State::Staged | State::Committed) => Ident::parse(s)
                        .map(Some)
                        .ok_or_else(|| bad(n, "bad or missing identity")),
                    _ => Err(bad(n, "an identity before the run was staged")),
                }
            };
            let hash = |h: &str| Digest::parse(h).ok_or_else(|| bad(n, "bad hash"));
            match f[..] {
                ["pid", pid] if n == 2 => {
                    j.pid = pid
                        .parse()
                        .ok()
                        .filter(|p: &u32| p.to_string() == pid)
                        .ok_or_else(|| bad(n, "bad pid"))?;
                }
                ["run", run] if n == 3 => {
                    let ok = run.len() == 16 && run.bytes().all(|b| b.is_ascii_hexdigit());
                    j.run = ok
                        .then(|| run.to_string())
                        .ok_or_else(|| bad(n, "bad run"))?;
                }
                ["state", state] if n == 4 => {
                    j.state = match state {
                        "pending" => State::Pending,
                        "staged" => State::Staged,
                        "committed" => State::Committed,
                        _ => return Err(bad(n, "bad state")),
                    };
                }
                ["dir", i, rel] if n > 4 && j.entries.is_empty() => {
                    j.dirs.push((path(rel, n)?, ident(i)?));
                }
                ["create", new, made, rel] if n > 4 => j.entries.push(Entry {
                    rel: path(rel, n)?,
                    step: Step::Create {
                        new: hash(new)?,
                        made: ident(made)?,
                    },
                }),
                ["replace", old, new, bak, made, rel] if n > 4 => j.entries.push(Entry {
                    rel: path(rel, n)?,
                    step: Step::Replace {
                        old: hash(old)?,
                        new: hash(new)?,
                        bak: ident(bak)?,
                        made: ident(made)?,
                    },
                }),
                ["delete", old, gone, rel] if n > 4 => j.entries.push(Entry {
                    rel: path(rel, n)?,
                    step: Step::Delete {
                        old: hash(old)?,
                        gone: ident(gone)?,
                    },
                }),
                ["end"] if n > 4 => {
                    ended = true;
                    break;
                }
                [""] => return Err(bad(n, "incomplete, no end line")),
                _ => return Err(bad(n, "unexpected line")),
            }
        }
        // After `end`: nothing, or the commit mark appended to a staged journal. A mark
        // torn by a crash while it was written (a part of it, or bytes never written,
        // read as NULs) is no mark: the run is rolled back, as one killed before it.
        let tail = lines.map(|(_, l)| l).collect::<Vec<_>>().join("\n");
        if !ended {
            return Err(bad(text.lines().count(), "incomplete"));
        }
        if !tail.is_empty() {
            let torn = MARK.starts_with(tail.as_str()) || tail.bytes().all(|b| b == 0);
            match j.state {
                State::Staged if tail == MARK => {
                    j.state = State::Committed;
                    j.appended_mark = true;
                }
                State::Staged if torn => {}
                _ => return Err(bad(text.lines().count(), "incomplete")),
            }
        }
        if j.pid == 0 || j.run.is_empty() {
            return Err(bad(2, "no pid or run"));
        }
        // A run creates only the directories on the way to its files (and the records
        // directory, for the journal): no other directory may be named.
        for (i, (d, _)) in j.dirs.iter().enumerate() {
            let below = |rel: &str| rel.starts_with(&format!("{d}/"));
            if d != crate::record::DIR && !j.entries.iter().any(|e| below(&e.rel)) {
                return Err(bad(5 + i, "a directory on the way to none of its files"));
            }
        }
        Ok(j)
    }

    /// The name of one of the run's side files of `name`: `tmp` (new bytes), `bak` (a
    /// second name of the old file), `del` (a deleted file set aside).
    pub fn side(&self, name: &str, kind: &str) -> String {
        side_name(&self.run, name, kind)
    }
}

/// The name of the side file `kind` of `name` for the run `run` (see [`Journal::side`]).
pub fn side_name(run: &str, name: &str, kind: &str) -> String {
    format!(".{name}.petsage-build-{run}.{kind}")
}

/// A path field: relative, no `..`, nothing under `.git`, no control characters.
fn path(rel: &str, n: usize) -> anyhow::Result<String> {
    let ok = !rel.is_empty()
        && !rel.chars().any(char::is_control)
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && !rel.split('/').any(|part| part.eq_ignore_ascii_case(".git"));
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

/// True when a journal (of a run still going, or interrupted) is there, or a journal's
/// temp file (a run killed while writing it). Only reads.
pub fn exists(root: &Path) -> bool {
    std::fs::symlink_metadata(root.join(PATH)).is_ok()
        || std::fs::read_dir(root.join(crate::record::DIR)).is_ok_and(|names| {
            names
                .filter_map(Result::ok)
                .any(|e| is_temp(&e.file_name().to_string_lossy()))
        })
}

/// A journal's temp file: ours (random name), or the fixed name earlier versions used.
fn is_temp(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp") || name == "journal.tmp"
}

/// As [`exists`], but a symbolic link as the records directory or in it is refused
/// rather than reported: it is someone's commit, not an interrupted run.
pub fn exists_not_linked(root: &Path) -> anyhow::Result<bool> {
    if !exists(root) {
        return Ok(false);
    }
    let Some(dir) = containment::dir(root, crate::record::DIR)? else {
        return Ok(false);
    };
    let mut found = false;
    for (name, what) in dir.entries()? {
        if what == Stat::Link {
            let rel = dir.child_rel(&name);
            return Err(containment::link_refusal(&rel, &rel));
        }
        found |= name == NAME || is_temp(&name);
    }
    Ok(found)
}

/// Whether a write is made durable before the call returns (see ARCHITECTURE.md,
/// "Durability": only the staged journal and the commit mark need to be).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sync {
    /// `fsync` the file and the directory.
    Durable,
    /// Leave it to the kernel: a kill cannot lose it, a power loss may.
    Lazy,
}

/// Writes `journal` into the records directory `dir`: a temp file created exclusively
/// under a random name, renamed over the journal; with [`Sync::Durable`] the file is
/// synced before the rename and the directory after it. Returns the written file, still
/// open for writing at its end (the journal now), for [`mark_committed`].
pub fn write(dir: &Dir, journal: &Journal, sync: Sync) -> anyhow::Result<std::fs::File> {
    let temp = format!("{TEMP_PREFIX}{}.tmp", Journal::new_run());
    let result = (|| -> std::io::Result<std::fs::File> {
        let mut f = dir.create_new(&temp, 0o644)?;
        std::io::Write::write_all(&mut f, journal.to_text().as_bytes())?;
        if sync == Sync::Durable {
            f.sync_all()?;
        }
        dir.rename(&temp, NAME)?;
        if sync == Sync::Durable {
            dir.sync();
        }
        Ok(f)
    })();
    if result.is_err() {
        let _ = dir.unlink(&temp);
    }
    result.with_context(|| format!("cannot write {PATH}"))
}

/// Marks the staged journal `file` (as [`write`] returned it, at its end) committed,
/// durably: the mark is appended and the file's data synced (`fdatasync`), one call; the
/// journal's name is already durable.
pub fn mark_committed(file: &mut std::fs::File, journal: &mut Journal) -> anyhow::Result<()> {
    let result = std::io::Write::write_all(file, MARK.as_bytes()).and_then(|()| file.sync_data());
    result.with_context(|| format!("cannot mark {PATH} committed"))?;
    journal.state = State::Committed;
    journal.appended_mark = true;
    Ok(())
}

/// Removes the journal from the records directory `dir` (the run is over); with
/// [`Sync::Durable`] the directory is synced.
pub fn remove(dir: &Dir, sync: Sync) -> anyhow::Result<()> {
    dir.unlink(NAME)
        .with_context(|| format!("cannot remove {PATH}"))?;
    if sync == Sync::Durable {
        dir.sync();
    }
    Ok(())
}

/// The journal on disk, if any; a journal that is a link, not a regular file, too large
/// or not one we write is refused.
pub fn load(root: &Path) -> anyhow::Result<Option<Journal>> {
    match containment::read(root, PATH)? {
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
    let Some(dir) = containment::dir(root, crate::record::DIR)? else {
        return Ok(None);
    };
    // A journal being written when its run died: nothing else was touched yet. (A link
    // by that name is not a temp file of ours: left, and refused by every command.)
    let mut swept = false;
    for (name, what) in dir.kinds()? {
        if is_temp(&name) && what == containment::Kind::File {
            dir.unlink(&name)
                .with_context(|| format!("cannot remove {}", dir.child_rel(&name)))?;
            swept = true;
        }
    }
    if swept {
        dir.sync();
    }
    let Some(journal) = load(root)? else {
        return Ok(swept.then_some(Recovered::RolledBack));
    };
    let done = if journal.state == State::Committed {
        finish(root, &journal, Sync::Durable)?;
        Recovered::Finished
    } else {
        roll_back(root, &journal)?;
        Recovered::RolledBack
    };
    Ok(Some(done))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(c: char) -> Digest {
        Digest::parse(&format!("sha256:{}", c.to_string().repeat(64))).unwrap()
    }

    #[test]
    fn round_trips_and_refuses_other_texts() {
        let id = |n| Some(Ident { dev: 1, ino: n });
        let j = Journal {
            pid: 42,
            run: "0123456789abcdef".into(),
            state: State::Staged,
            appended_mark: false,
            dirs: vec![("a".into(), id(1)), ("a/b".into(), id(2))],
            entries: vec![
                Entry {
                    rel: "a/b/c.py".into(),
                    step: Step::Create {
                        new: h('a'),
                        made: id(3),
                    },
                },
                Entry {
                    rel: "x y.py".into(),
                    step: Step::Replace {
                        old: h('b'),
                        new: h('c'),
                        bak: id(4),
                        made: id(5),
                    },
                },
                Entry {
                    rel: ".petsage-build/n.yaml".into(),
                    step: Step::Delete {
                        old: h('d'),
                        gone: id(6),
                    },
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
            text.replace("a/b/c.py", ".GIT/config"),
            text.replace("a/b/c.py", "a//c.py"),
            text.replace(h('a').as_str(), "sha256:00"),
            text.replace("pid\t42", "pid\tx"),
            text.replace("pid\t42", "pid\t+42"),
            text.replace("pid\t42", "pid\t042"),
            text.replace("\t1:3\t", "\t01:3\t"),
            text.replace("\t1:3\t", "\t1:+3\t"),
            text.replace("staged", "maybe"),
            // Identities only once staged, and always then.
            text.replace("staged", "pending"),
            text.replace("\t1:3\t", "\t-\t"),
            text.replace("\t1:3\t", "\t1:x\t"),
            // A directory on the way to none of its files.
            text.replace("dir\t1:1\ta\n", "dir\t1:1\tz\n"),
            text.replace("run\t0123456789abcdef", "run\tshort"),
            text.replace("petsage-build journal 2", "petsage-build journal 1"),
            text + "more\n",
        ] {
            assert!(Journal::parse(&bad).is_err(), "{bad}");
        }
        assert_ne!(Journal::new_run(), Journal::new_run());
    }

    /// The mark `apply` appends: a staged journal followed by `committed` is committed
    /// and prints back the same; a mark torn by a crash (part of it, or NULs) leaves it
    /// staged; after anything else, or after a journal not staged, it is refused.
    #[test]
    fn the_appended_commit_mark() {
        let staged = Journal {
            pid: 3,
            run: "0123456789abcdef".into(),
            state: State::Staged,
            appended_mark: false,
            dirs: vec![],
            entries: vec![Entry {
                rel: "a.py".into(),
                step: Step::Create {
                    new: h('a'),
                    made: Some(Ident { dev: 1, ino: 2 }),
                },
            }],
        };
        let text = staged.to_text();
        let marked = Journal::parse(&format!("{text}{MARK}")).unwrap();
        assert_eq!(marked.state, State::Committed);
        assert!(marked.appended_mark);
        assert_eq!(marked.to_text(), format!("{text}{MARK}"));
        for torn in ["c", "committe", "committed", "\0\0\0"] {
            let read = Journal::parse(&format!("{text}{torn}")).unwrap();
            assert_eq!(read, staged, "{torn:?}");
        }
        for bad in ["x", "committed\nmore\n", "committedx"] {
            assert!(Journal::parse(&format!("{text}{bad}")).is_err(), "{bad:?}");
        }
        let committed = text.replace("state\tstaged", "state\tcommitted");
        assert!(Journal::parse(&format!("{committed}{MARK}")).is_err());
        let pending = Journal {
            state: State::Pending,
            entries: vec![Entry {
                rel: "a.py".into(),
                step: Step::Create {
                    new: h('a'),
                    made: None,
                },
            }],
            ..staged
        };
        assert!(Journal::parse(&format!("{}{MARK}", pending.to_text())).is_err());
    }

    proptest::proptest! {
        /// The journal is untrusted input: a valid journal with any one line replaced by
        /// any text is refused or read as a journal that prints back to that same text;
        /// never a panic.
        #[test]
        fn an_edited_journal_is_refused_or_reads_back_exactly(
            line in 0usize..12,
            with in "[a-z0-9:\\-\t/._ ]{0,80}",
        ) {
            let id = |n| Some(Ident { dev: 7, ino: n });
            let j = Journal {
                pid: 9,
                run: "00000000000000ff".into(),
                state: State::Staged,
            appended_mark: false,
                dirs: vec![("p".into(), id(1))],
                entries: vec![
                    Entry { rel: "p/a.py".into(), step: Step::Create { new: h('a'), made: id(2) } },
                    Entry {
                        rel: "b.py".into(),
                        step: Step::Replace { old: h('b'), new: h('c'), bak: id(3), made: id(4) },
                    },
                    Entry { rel: "c.md".into(), step: Step::Delete { old: h('d'), gone: id(5) } },
                ],
            };
            let mut lines: Vec<String> = j.to_text().lines().map(str::to_string).collect();
            let at = line % lines.len();
            lines[at] = with;
            let text = lines.join("\n") + "\n";
            if let Ok(read) = Journal::parse(&text) {
                proptest::prop_assert_eq!(read.to_text(), text);
            }
        }
    }
}
