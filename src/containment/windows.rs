//! The Windows half of [`super`]: std has no `openat` there, so a directory is its path,
//! each part of which was checked, from the root down, not to be a link (a symbolic
//! link, a junction, a mount point: every name-surrogate reparse point, as std's
//! `is_symlink` reads them). A file at the end is opened without following a link
//! (`FILE_FLAG_OPEN_REPARSE_POINT`), and temp files are created with `CREATE_NEW`,
//! which never follows one either. What this does not exclude, unlike unix's directory
//! handles, is a directory swapped for a junction between its check and a later call
//! made through its path.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::windows::fs::{FileTypeExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Entry, Ident, link_refusal, parts};

/// Opens a directory (without it, `CreateFileW` opens only files).
const FILE_FLAG_BACKUP_SEMANTICS: u32 = 0x0200_0000;
/// Opens a reparse point itself, never what it points to.
const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
/// Enough to read a handle's metadata, and never refused for another opener's sharing.
const FILE_READ_ATTRIBUTES: u32 = 0x0080;

/// A directory beneath the root, with no link on the way when it was resolved. `rel` is
/// its path relative to the root (`""` for the root), for messages.
#[derive(Debug)]
pub struct Dir {
    path: PathBuf,
    pub rel: String,
}

/// The root directory (links in the root's own path are the user's and are followed;
/// below it, none is). `None` when it does not exist.
pub fn open_root(root: &Path) -> anyhow::Result<Option<Dir>> {
    let context = || format!("cannot open the project root {}", root.display());
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => Ok(Some(Dir {
            path: root.to_path_buf(),
            rel: String::new(),
        })),
        Ok(_) => Err(io::Error::from(io::ErrorKind::NotADirectory)).with_context(context),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(context),
    }
}

/// The object at `path` itself (a link is opened as the link), for its metadata only.
fn open_itself(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .access_mode(FILE_READ_ATTRIBUTES)
        .custom_flags(FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path)
}

/// What an opened object is, by its handle.
fn entry_of(file: &File) -> io::Result<Entry> {
    let meta = file.metadata()?;
    let ft = meta.file_type();
    Ok(if ft.is_symlink() {
        Entry::Link
    } else if ft.is_dir() {
        Entry::Dir {
            ident: ident_of(file)?,
        }
    } else if ft.is_file() {
        Entry::File {
            ident: ident_of(file)?,
            // Windows has one permission bit: read-only.
            mode: if meta.permissions().readonly() {
                0o444
            } else {
                0o666
            },
        }
    } else {
        Entry::Other
    })
}

impl Dir {
    /// `rel` below this directory, part by part; see [`super::dir`] and
    /// [`super::dir_create`].
    pub(super) fn descend(
        self,
        rel: &str,
        mut created: Option<&mut Vec<(String, Ident)>>,
    ) -> anyhow::Result<Option<Dir>> {
        let mut cur = self;
        for part in parts(rel)? {
            let shown = cur.child_rel(part);
            match cur.entry(part)? {
                Some(Entry::Dir { .. }) => {}
                Some(Entry::Link) => return Err(link_refusal(rel, &shown)),
                Some(Entry::File { .. } | Entry::Other) => return Ok(None),
                None => {
                    let Some(made) = created.as_deref_mut() else {
                        return Ok(None);
                    };
                    // Only a directory this call made is recorded as made (one that
                    // appeared meanwhile is someone else's).
                    let ours = match std::fs::create_dir(cur.path.join(part)) {
                        Ok(()) => true,
                        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => false,
                        Err(e) => return Err(e).with_context(|| format!("cannot create {shown}")),
                    };
                    match cur.entry(part)? {
                        Some(Entry::Dir { ident }) => {
                            if ours {
                                made.push((shown.clone(), ident));
                            }
                        }
                        Some(Entry::Link) => return Err(link_refusal(rel, &shown)),
                        _ => return Err(not_a_directory(&shown)),
                    }
                }
            }
            cur = cur.child(part);
        }
        Ok(Some(cur))
    }

    fn child(&self, name: &str) -> Dir {
        Dir {
            path: self.path.join(name),
            rel: self.child_rel(name),
        }
    }

    /// This directory's identity.
    pub fn ident(&self) -> anyhow::Result<Ident> {
        Ok(ident_of(&open_itself(&self.path)?)?)
    }

    /// The subdirectory `name` (not through a link); `None` when missing.
    pub fn subdir(&self, name: &str) -> anyhow::Result<Option<Dir>> {
        let shown = self.child_rel(name);
        match self.entry(name)? {
            Some(Entry::Dir { .. }) => Ok(Some(self.child(name))),
            None => Ok(None),
            Some(Entry::Link) => Err(link_refusal(&shown, &shown)),
            Some(_) => Err(not_a_directory(&shown)),
        }
    }

    /// What stands at `name`, never following a link; `None` when nothing does.
    pub fn entry(&self, name: &str) -> anyhow::Result<Option<Entry>> {
        let looked = open_itself(&self.path.join(name)).and_then(|f| entry_of(&f));
        match looked {
            Ok(e) => Ok(Some(e)),
            Err(e) if crate::fsread::is_absent(&e) => Ok(None),
            Err(e) => Err(e).with_context(|| format!("cannot look at {}", self.child_rel(name))),
        }
    }

    /// The regular file `name` opened for reading, never through a link (refused) and
    /// checked as [`crate::fsread::open`] checks.
    pub fn open_file(&self, name: &str) -> anyhow::Result<Option<(File, u64)>> {
        let shown = self.child_rel(name);
        match crate::fsread::open_unless_link(&self.path.join(name)) {
            Ok(Some(f)) => Ok(Some(
                crate::fsread::checked_len(f).map_err(anyhow::Error::new)?,
            )),
            Ok(None) => Err(link_refusal(&shown, &shown)),
            Err(e) if crate::fsread::is_absent(&e) => Ok(None),
            Err(e) => Err(e).with_context(|| format!("cannot open {shown}")),
        }
    }

    /// A new file `name`, created exclusively (an existing entry of any kind, a link
    /// included, fails the call: `CREATE_NEW` never follows one), writable. Windows has
    /// no mode to give it.
    pub fn create_new(&self, name: &str, _mode: u32) -> io::Result<File> {
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.path.join(name))
    }

    /// Renames `from` to `to` in this directory (replacing `to`'s entry, never what a
    /// link there points to).
    pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
        std::fs::rename(self.path.join(from), self.path.join(to))
    }

    /// A second name `to` for the file `from`; fails if `to` exists, and if `from` is a
    /// link: `CreateHardLinkW` would follow it, so the new name is checked to be of the
    /// object that was at `from` (held open meanwhile) and removed if not.
    pub fn hard_link(&self, from: &str, to: &str) -> io::Result<()> {
        let (from, to) = (self.path.join(from), self.path.join(to));
        let itself = open_itself(&from)?;
        if matches!(entry_of(&itself)?, Entry::Link) {
            return Err(io::Error::other("a symbolic link is never linked"));
        }
        std::fs::hard_link(&from, &to)?;
        let same = open_itself(&to)
            .and_then(|f| Ok(ident_of(&f)? == ident_of(&itself)?))
            .unwrap_or(false);
        if !same {
            let _ = std::fs::remove_file(&to);
            return Err(io::Error::other("the file changed while it was linked"));
        }
        Ok(())
    }

    /// Removes the entry `name` (a link is removed as a link: a link to a directory,
    /// or a junction, is removed as the directory entry it is).
    pub fn unlink(&self, name: &str) -> io::Result<()> {
        let path = self.path.join(name);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink_dir() => std::fs::remove_dir(path),
            _ => std::fs::remove_file(path),
        }
    }

    /// Removes the empty directory `name` (never a link to one).
    pub fn rmdir(&self, name: &str) -> io::Result<()> {
        let path = self.path.join(name);
        if std::fs::symlink_metadata(&path)?.file_type().is_symlink() {
            return Err(io::Error::from(io::ErrorKind::NotADirectory));
        }
        std::fs::remove_dir(path)
    }

    /// Flushes this directory's entries to disk: nothing to do on Windows, whose file
    /// systems journal their metadata and have no call to flush a directory.
    pub fn sync(&self) {}

    /// The names in this directory with what stands there, sorted.
    pub fn entries(&self) -> anyhow::Result<Vec<(String, Entry)>> {
        let shown = if self.rel.is_empty() { "." } else { &self.rel };
        let mut names = Vec::new();
        for entry in
            std::fs::read_dir(&self.path).with_context(|| format!("cannot read {shown}/"))?
        {
            let entry = entry.with_context(|| format!("cannot read {shown}/"))?;
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        let mut out = Vec::new();
        for name in names {
            if let Some(e) = self.entry(&name)? {
                out.push((name, e));
            }
        }
        Ok(out)
    }

    /// The names in this directory with the kind of each, sorted (as [`Dir::entries`]).
    pub fn kinds(&self) -> anyhow::Result<Vec<(String, super::Kind)>> {
        Ok(self
            .entries()?
            .into_iter()
            .map(|(name, e)| (name, super::Kind::of(e)))
            .collect())
    }
}

fn not_a_directory(shown: &str) -> anyhow::Error {
    anyhow::Error::new(io::Error::from(io::ErrorKind::NotADirectory))
        .context(format!("cannot open {shown}"))
}

/// The identity of an opened file: its volume's serial number and its file index (on
/// ReFS, whose file ids have 128 bits, this 64-bit index is not documented as unique).
pub fn ident_of(file: &File) -> io::Result<Ident> {
    let info = winapi_util::file::information(file)?;
    Ok(Ident {
        dev: info.volume_serial_number(),
        ino: info.file_index(),
    })
}
