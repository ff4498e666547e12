//! The `Plan`: every file a command would touch, with its new bytes, computed in memory
//! before the disk is touched. Building a plan only reads; `apply` is the only writer.
//!
//! The plans of the writing commands are built here: `feature` (its five files, record
//! and wiring), `update` (a feature generated again, merged with its edits), `init` (a
//! new project) and `remove` (a feature's files and wiring), with what they share in
//! `wiring`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::containment;

mod database;
mod feature;
mod generation;
mod init;
mod merge3;
mod migration;
mod named_dependencies;
mod owner;
mod records;
mod references;
mod remove;
mod sibling_routers;
mod table_reference;
mod tables_created;
mod update;
mod wiring;

pub use feature::features;
pub use generation::{Conflict, conflict_marker_line};
pub use init::init;
pub use remove::{SharedModules, remove};
pub use update::{Target, Update, update};

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// A new file.
    Create,
    /// An existing file with other content, replaced because of `--force`.
    Overwrite,
    /// An existing file edited in place (the wiring).
    Patch,
    /// An existing file that already has exactly the new content.
    Unchanged,
    /// An existing file with other content, kept because of `--skip-existing`.
    Skip,
    /// An existing file with other content and no policy: stops the whole run.
    Conflict,
    /// An existing file removed (`remove`).
    Delete,
}

impl Action {
    /// The word shown in summaries.
    pub fn verb(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Overwrite => "overwrite",
            Action::Patch => "patch",
            Action::Unchanged => "unchanged",
            Action::Skip => "skip",
            Action::Conflict => "conflict",
            Action::Delete => "delete",
        }
    }

    /// True when applying the action writes to disk.
    pub fn writes(self) -> bool {
        matches!(
            self,
            Action::Create | Action::Overwrite | Action::Patch | Action::Delete
        )
    }
}

/// What to do with a file that exists with other content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConflictPolicy {
    /// Stop the run and list the files (exit 1).
    #[default]
    Refuse,
    /// Replace the existing file.
    Force,
    /// Keep the existing file.
    SkipExisting,
}

/// One file of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Relative to the root, with `/` separators.
    pub path: String,
    pub action: Action,
    /// The bytes on disk now, if the file exists.
    pub old: Option<Vec<u8>>,
    /// The bytes after the plan is applied (for Skip and Conflict: the bytes we would
    /// have written).
    pub new: Vec<u8>,
}

/// Every change of one command, in the order they are shown and applied.
#[derive(Debug, Clone)]
pub struct Plan {
    root: PathBuf,
    changes: Vec<FileChange>,
    /// Where each path is in `changes`: `update` of a thousand features plans thousands
    /// of files, and looks each one up before every read.
    at: HashMap<String, usize>,
    /// What the endpoint modules beside a feature say of their routers, read from disk
    /// once per run (`update` plans each feature beside all the others).
    siblings: RefCell<HashMap<String, Option<sibling_routers::Sibling>>>,
    /// The directories it has read from, kept open for its other reads.
    dirs: containment::OpenDirs,
    /// What the user should know about the plan beyond its files (`note:` lines).
    notes: Vec<String>,
}

impl Plan {
    /// An empty plan over `root`. A root that does not exist yet is created on apply.
    pub fn new(root: &Path) -> anyhow::Result<Plan> {
        let root = canonical_or_planned(root)
            .with_context(|| format!("cannot open the project root {}", root.display()))?;
        Ok(Plan {
            root,
            changes: Vec::new(),
            at: HashMap::new(),
            siblings: RefCell::default(),
            dirs: containment::OpenDirs::default(),
            notes: Vec::new(),
        })
    }

    /// Adds a note for the user (shown with the plan, applied or not), once: features
    /// planned together often have the same thing to say.
    pub fn note(&mut self, text: impl Into<String>) {
        let text = text.into();
        if !self.notes.contains(&text) {
            self.notes.push(text);
        }
    }

    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn changes(&self) -> &[FileChange] {
        &self.changes
    }

    /// The plan's change of `rel`, if it has one.
    pub fn change(&self, rel: &str) -> Option<&FileChange> {
        self.at.get(rel).map(|i| &self.changes[*i])
    }

    /// The bytes a file will have after the plan: planned content, else what is on disk.
    pub fn read(&self, rel: &str) -> anyhow::Result<Option<Vec<u8>>> {
        if let Some(c) = self.change(rel) {
            return Ok(Some(match c.action {
                Action::Skip | Action::Conflict => c.old.clone().unwrap_or_default(),
                _ => c.new.clone(),
            }));
        }
        self.read_disk(rel)
    }

    fn read_disk(&self, rel: &str) -> anyhow::Result<Option<Vec<u8>>> {
        // Never through a link (refused). A file standing where a directory must go also
        // means "not there yet": the apply step then refuses to create the directory.
        self.dirs.read(&self.root, rel)
    }

    /// The directory `rel` of the root as [`containment::dir`] opens it, kept for the
    /// plan's other reads (and its apply's checks, made before anything is written).
    pub fn dir(&self, rel: &str) -> anyhow::Result<Option<std::sync::Arc<containment::Dir>>> {
        self.dirs.dir(&self.root, rel)
    }

    /// A file the command generates: new, unchanged, or a conflict settled by `policy`.
    pub fn generate(
        &mut self,
        rel: &str,
        contents: impl Into<Vec<u8>>,
        policy: ConflictPolicy,
    ) -> anyhow::Result<Action> {
        let new = contents.into();
        let old = self.read_disk(rel)?;
        let action = match &old {
            None => Action::Create,
            Some(old) if *old == new => Action::Unchanged,
            Some(_) => match policy {
                ConflictPolicy::Refuse => Action::Conflict,
                ConflictPolicy::Force => Action::Overwrite,
                ConflictPolicy::SkipExisting => Action::Skip,
            },
        };
        self.push(rel, action, old, new);
        Ok(action)
    }

    /// A file that must exist but whose content, if any, is the user's (`__init__.py`).
    pub fn ensure(&mut self, rel: &str, contents: impl Into<Vec<u8>>) -> anyhow::Result<Action> {
        // Its bytes are not needed: a regular file that opens for reading is there, as
        // reading it would say; anything else is read, for the same answer or error.
        let (parent, name) = containment::split(rel)?;
        if let Some(d) = self.dirs.dir(&self.root, parent)?
            && let Ok(Some(_)) = d.open_file(name)
        {
            return Ok(Action::Unchanged);
        }
        match self.read_disk(rel)? {
            Some(_) => Ok(Action::Unchanged),
            None => {
                self.push(rel, Action::Create, None, contents.into());
                Ok(Action::Create)
            }
        }
    }

    /// A file edited in place: `new` is its whole new content.
    pub fn patch(&mut self, rel: &str, new: impl Into<Vec<u8>>) -> anyhow::Result<Action> {
        let old = self.read_disk(rel)?;
        Ok(self.patch_read(rel, old, new.into()))
    }

    /// The bytes a file will have after the plan, as [`Plan::read`], and whether they are
    /// what is on disk now (the file is not in the plan yet): then they can be handed
    /// back to [`Plan::patch_read`] instead of reading the file again.
    pub fn read_current(&self, rel: &str) -> anyhow::Result<(Option<Vec<u8>>, bool)> {
        if self.change(rel).is_some() {
            return Ok((self.read(rel)?, false));
        }
        Ok((self.read_disk(rel)?, true))
    }

    /// As [`Plan::patch`], with `old` the bytes on disk now, as read by
    /// [`Plan::read_current`].
    pub fn patch_read(&mut self, rel: &str, old: Option<Vec<u8>>, new: Vec<u8>) -> Action {
        let action = match &old {
            None => Action::Create,
            Some(old) if *old == new => Action::Unchanged,
            Some(_) => Action::Patch,
        };
        self.push(rel, action, old, new);
        action
    }

    /// A file to remove; a file that is already gone is left out of the plan.
    pub fn delete(&mut self, rel: &str) -> anyhow::Result<Action> {
        match self.read_disk(rel)? {
            Some(old) => {
                if self.at.contains_key(rel) {
                    self.changes.retain(|c| c.path != rel);
                    self.reindex();
                }
                self.append(FileChange {
                    path: rel.to_string(),
                    action: Action::Delete,
                    old: Some(old),
                    new: Vec::new(),
                });
                Ok(Action::Delete)
            }
            None => Ok(Action::Unchanged),
        }
    }

    fn push(&mut self, rel: &str, action: Action, old: Option<Vec<u8>>, new: Vec<u8>) {
        // A later step of the same plan may refine an earlier one (a created aggregator
        // that is then wired): keep one entry per file, the first one's `old`.
        if let Some(i) = self.at.get(rel) {
            let c = &mut self.changes[*i];
            c.new = new;
            if c.action == Action::Unchanged && action != Action::Unchanged {
                c.action = action;
            }
            return;
        }
        self.append(FileChange {
            path: rel.to_string(),
            action,
            old,
            new,
        });
    }

    fn append(&mut self, change: FileChange) {
        self.at.insert(change.path.clone(), self.changes.len());
        self.changes.push(change);
    }

    fn reindex(&mut self) {
        self.at = (self.changes.iter().enumerate())
            .map(|(i, c)| (c.path.clone(), i))
            .collect();
    }

    /// The files that stop the run.
    pub fn conflicts(&self) -> Vec<&str> {
        self.changes
            .iter()
            .filter(|c| c.action == Action::Conflict)
            .map(|c| c.path.as_str())
            .collect()
    }

    /// True when applying would write nothing.
    pub fn is_noop(&self) -> bool {
        !self.changes.iter().any(|c| c.action.writes())
    }
}

/// The canonical form of `path`, or of its nearest existing ancestor joined with the rest.
fn canonical_or_planned(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut missing = Vec::new();
    let mut cur = absolute.as_path();
    loop {
        match cur.canonicalize() {
            Ok(real) => {
                return Ok(missing.iter().rev().fold(real, |acc, part| acc.join(part)));
            }
            Err(e) => match (cur.file_name(), cur.parent()) {
                (Some(name), Some(parent)) => {
                    missing.push(name.to_os_string());
                    cur = parent;
                }
                _ => return Err(e),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_has_one_change_and_is_found_by_its_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.py"), "old\n").unwrap();
        let mut plan = Plan::new(dir.path()).unwrap();
        plan.patch("a.py", "new\n").unwrap();
        plan.generate("b.py", "b\n", ConflictPolicy::Refuse)
            .unwrap();
        plan.patch("a.py", "newer\n").unwrap();
        // A delete of a planned file replaces its change and goes last.
        plan.delete("a.py").unwrap();
        let paths: Vec<&str> = plan.changes().iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["b.py", "a.py"]);
        assert_eq!(plan.change("a.py").map(|c| c.action), Some(Action::Delete));
        assert_eq!(plan.read("b.py").unwrap().as_deref(), Some(&b"b\n"[..]));
        assert!(plan.change("c.py").is_none());
    }
}
