//! The unix half of [`super`]: a directory is a handle (`openat` with `O_NOFOLLOW`, through
//! `rustix`), and every later operation (create, rename, link, remove) is relative to the
//! handle of the directory that was opened, so a directory swapped for a link after it
//! was opened changes nothing: the handle still names the directory itself.

use std::ffi::OsStr;
use std::fs::File;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt as _;
use std::path::Path;

use anyhow::Context as _;
use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

use super::{Entry, Ident, Kind, link_refusal, parts};

impl Ident {
    fn of(st: &rustix::fs::Stat) -> Ident {
        #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
        Ident {
            dev: st.st_dev as u64,
            ino: st.st_ino as u64,
        }
    }
}

/// A directory opened beneath the root, with no link on the way. `rel` is its path
/// relative to the root (`""` for the root), for messages.
#[derive(Debug)]
pub struct Dir {
    fd: OwnedFd,
    pub rel: String,
}

/// The root directory, opened (links in the root's own path are the user's and are
/// followed; below it, none is). `None` when it does not exist.
pub fn open_root(root: &Path) -> anyhow::Result<Option<Dir>> {
    match rustix::fs::open(root, dir_flags(), Mode::empty()) {
        Ok(fd) => Ok(Some(Dir {
            fd,
            rel: String::new(),
        })),
        Err(Errno::NOENT) => Ok(None),
        Err(e) => Err(std::io::Error::from(e))
            .with_context(|| format!("cannot open the project root {}", root.display())),
    }
}

fn dir_flags() -> OFlags {
    OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC
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
            let next = match cur.open_dir(part) {
                Ok(d) => d,
                Err(e) if e == Errno::NOENT => match created.as_deref_mut() {
                    None => return Ok(None),
                    Some(made) => {
                        // Only a directory this call made is recorded as made (one that
                        // appeared meanwhile is someone else's).
                        let ours =
                            match rustix::fs::mkdirat(&cur.fd, part, Mode::from_raw_mode(0o777)) {
                                Ok(()) => true,
                                Err(Errno::EXIST) => false,
                                Err(e) => {
                                    return Err(std::io::Error::from(e))
                                        .with_context(|| format!("cannot create {shown}"));
                                }
                            };
                        let d = cur.open_dir(part).map_err(|e| cur.refusal(part, e, rel))?;
                        if ours {
                            made.push((shown.clone(), d.ident()?));
                        }
                        d
                    }
                },
                Err(e) => match cur.entry(part)? {
                    Some(Entry::Link) => return Err(link_refusal(rel, &shown)),
                    Some(Entry::File { .. } | Entry::Other) => return Ok(None),
                    _ => {
                        return Err(std::io::Error::from(e))
                            .with_context(|| format!("cannot open {shown}"));
                    }
                },
            };
            cur = Dir {
                fd: next.fd,
                rel: shown,
            };
        }
        Ok(Some(cur))
    }

    fn refusal(&self, part: &str, e: Errno, rel: &str) -> anyhow::Error {
        match self.entry(part) {
            Ok(Some(Entry::Link)) => link_refusal(rel, &self.child_rel(part)),
            _ => anyhow::Error::new(std::io::Error::from(e))
                .context(format!("cannot open {}", self.child_rel(part))),
        }
    }

    fn open_dir(&self, name: &str) -> Result<Dir, Errno> {
        let fd = rustix::fs::openat(
            &self.fd,
            name,
            dir_flags() | OFlags::NOFOLLOW,
            Mode::empty(),
        )?;
        Ok(Dir {
            fd,
            rel: self.child_rel(name),
        })
    }

    /// This directory's identity.
    pub fn ident(&self) -> anyhow::Result<Ident> {
        let st = rustix::fs::fstat(&self.fd).map_err(std::io::Error::from)?;
        Ok(Ident::of(&st))
    }

    /// The subdirectory `name` (not through a link); `None` when missing.
    pub fn subdir(&self, name: &str) -> anyhow::Result<Option<Dir>> {
        match self.open_dir(name) {
            Ok(d) => Ok(Some(d)),
            Err(Errno::NOENT) => Ok(None),
            Err(e) => Err(self.refusal(name, e, &self.child_rel(name))),
        }
    }

    /// What stands at `name`, never following a link; `None` when nothing does.
    pub fn entry(&self, name: &str) -> anyhow::Result<Option<Entry>> {
        match rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) => {
                let ident = Ident::of(&st);
                #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
                let raw = st.st_mode as u32;
                Ok(Some(match FileType::from_raw_mode(raw as _) {
                    FileType::RegularFile => Entry::File {
                        ident,
                        mode: raw & 0o7777,
                    },
                    FileType::Directory => Entry::Dir { ident },
                    FileType::Symlink => Entry::Link,
                    _ => Entry::Other,
                }))
            }
            Err(Errno::NOENT) => Ok(None),
            Err(e) => Err(std::io::Error::from(e))
                .with_context(|| format!("cannot look at {}", self.child_rel(name))),
        }
    }

    /// The regular file `name` opened for reading, never through a link (refused) and
    /// never blocking (as [`crate::fsread::open`]).
    pub fn open_file(&self, name: &str) -> anyhow::Result<Option<(File, u64)>> {
        let flags =
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
        match rustix::fs::openat(&self.fd, name, flags, Mode::empty()) {
            Ok(fd) => Ok(Some(
                crate::fsread::checked_len(File::from(fd)).map_err(anyhow::Error::new)?,
            )),
            Err(Errno::NOENT | Errno::NOTDIR) => Ok(None),
            Err(e) => match self.entry(name)? {
                Some(Entry::Link) => {
                    Err(link_refusal(&self.child_rel(name), &self.child_rel(name)))
                }
                _ => Err(std::io::Error::from(e))
                    .with_context(|| format!("cannot open {}", self.child_rel(name))),
            },
        }
    }

    /// A new file `name`, created exclusively (an existing entry of any kind, a link
    /// included, fails the call), writable, with `mode`.
    pub fn create_new(&self, name: &str, mode: u32) -> std::io::Result<File> {
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&self.fd, name, flags, Mode::from_raw_mode(mode as _))?;
        Ok(File::from(fd))
    }

    /// Renames `from` to `to` in this directory (replacing `to`'s entry, never what a
    /// link there points to).
    pub fn rename(&self, from: &str, to: &str) -> std::io::Result<()> {
        Ok(rustix::fs::renameat(&self.fd, from, &self.fd, to)?)
    }

    /// A second name `to` for the file `from` (a link at `from` is linked as a link, never
    /// followed); fails if `to` exists.
    pub fn hard_link(&self, from: &str, to: &str) -> std::io::Result<()> {
        Ok(rustix::fs::linkat(
            &self.fd,
            from,
            &self.fd,
            to,
            AtFlags::empty(),
        )?)
    }

    /// Removes the entry `name` (a link is removed as a link).
    pub fn unlink(&self, name: &str) -> std::io::Result<()> {
        Ok(rustix::fs::unlinkat(&self.fd, name, AtFlags::empty())?)
    }

    /// Removes the empty directory `name`.
    pub fn rmdir(&self, name: &str) -> std::io::Result<()> {
        Ok(rustix::fs::unlinkat(&self.fd, name, AtFlags::REMOVEDIR)?)
    }

    /// Flushes this directory's entries (renames, removals) to disk; best effort.
    pub fn sync(&self) {
        let _ = rustix::fs::fsync(&self.fd);
    }

    /// The names in this directory with what stands there, sorted.
    pub fn entries(&self) -> anyhow::Result<Vec<(String, Entry)>> {
        let shown = if self.rel.is_empty() { "." } else { &self.rel };
        let mut listing = rustix::fs::Dir::read_from(&self.fd)
            .map_err(std::io::Error::from)
            .with_context(|| format!("cannot read {shown}/"))?;
        let mut names = Vec::new();
        while let Some(entry) = listing.read() {
            let entry = entry
                .map_err(std::io::Error::from)
                .with_context(|| format!("cannot read {shown}/"))?;
            let name = OsStr::from_bytes(entry.file_name().to_bytes());
            if name == "." || name == ".." {
                continue;
            }
            names.push(name.to_string_lossy().into_owned());
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

    /// The names in this directory with the kind of each, sorted: as [`Dir::entries`],
    /// but the kind is the listing's own (`d_type`, which never follows a link), and only
    /// a name the file system gives no kind for is looked at (`statat`, not following).
    pub fn kinds(&self) -> anyhow::Result<Vec<(String, Kind)>> {
        let shown = if self.rel.is_empty() { "." } else { &self.rel };
        let mut listing = rustix::fs::Dir::read_from(&self.fd)
            .map_err(std::io::Error::from)
            .with_context(|| format!("cannot read {shown}/"))?;
        let mut out = Vec::new();
        while let Some(entry) = listing.read() {
            let entry = entry
                .map_err(std::io::Error::from)
                .with_context(|| format!("cannot read {shown}/"))?;
            let name = OsStr::from_bytes(entry.file_name().to_bytes());
            if name == "." || name == ".." {
                continue;
            }
            let name = name.to_string_lossy().into_owned();
            let kind = match entry.file_type() {
                FileType::RegularFile => Kind::File,
                FileType::Directory => Kind::Dir,
                FileType::Symlink => Kind::Link,
                FileType::Unknown => match self.entry(&name)? {
                    Some(e) => Kind::of(e),
                    None => continue,
                },
                _ => Kind::Other,
            };
            out.push((name, kind));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// A handle for `fsync`, `fchmod` and the like.
    pub fn fd(&self) -> impl AsFd + '_ {
        &self.fd
    }
}

/// The identity of an opened file.
pub fn ident_of(file: &File) -> std::io::Result<Ident> {
    Ok(Ident::of(&rustix::fs::fstat(file)?))
}
