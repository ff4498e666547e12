//! No read or write outside the root, and none through a symbolic link: every path of
//! the project the tool manages (plans, records, the journal, the configuration) is
//! opened from a handle on the root directory, one part at a time, each part without
//! following a link (`openat` with `O_NOFOLLOW`), and every later operation (create,
//! rename, link, remove) is relative to the handle of the directory that was opened. A
//! link anywhere on the way is refused (exit 1); a directory swapped for a link after
//! it was opened changes nothing, since the handle still names the directory itself.
//!
//! Git stores symbolic links, so a link inside the root can be anyone's commit: the tool
//! neither follows one nor writes through one; it never needs to.

use std::ffi::OsStr;
use std::fs::File;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::OsStrExt as _;
use std::path::{Component, Path};

use anyhow::Context as _;
use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

use crate::error::{Error, invalid};

/// What a file-system object is, on this machine: device and inode. A journal records
/// the identity of every object its run made, so that recovery acts only on those.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ident {
    pub dev: u64,
    pub ino: u64,
}

impl std::fmt::Display for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.dev, self.ino)
    }
}

impl Ident {
    pub fn parse(s: &str) -> Option<Ident> {
        let (dev, ino) = s.split_once(':')?;
        // Only the canonical form (no sign, no leading zero), so a journal reads back as
        // the same text.
        let digits = |t: &str| {
            !t.is_empty()
                && t.bytes().all(|b| b.is_ascii_digit())
                && (t == "0" || !t.starts_with('0'))
        };
        (digits(dev) && digits(ino)).then_some(Ident {
            dev: dev.parse().ok()?,
            ino: ino.parse().ok()?,
        })
    }

    fn of(st: &rustix::fs::Stat) -> Ident {
        #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
        Ident {
            dev: st.st_dev as u64,
            ino: st.st_ino as u64,
        }
    }
}

/// What stands at a name in a directory (never following a link).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    File { ident: Ident, mode: u32 },
    Dir { ident: Ident },
    Link,
    Other,
}

/// A directory opened beneath the root, with no link on the way. `rel` is its path
/// relative to the root (`""` for the root), for messages.
#[derive(Debug)]
pub struct Dir {
    fd: OwnedFd,
    pub rel: String,
}

/// The refusal of a link on a managed path (exit 1, one line).
pub fn link_refusal(rel: &str, part: &str) -> anyhow::Error {
    anyhow::Error::new(link_error(rel, part))
}

fn link_error(rel: &str, part: &str) -> Error {
    let whose = if rel == part {
        String::new()
    } else {
        format!(" (on the way to {})", rel.escape_debug())
    };
    Error::Refused(format!(
        "refusing {}: it is a symbolic link{whose}, and petsage-build never reads or writes \
         the project's files through one; replace it with the file or directory itself",
        part.escape_debug()
    ))
}

/// Checks that `rel` is a clean relative path: no `..`, `.`, empty part or absolute
/// start. Returns its parts.
pub fn parts(rel: &str) -> anyhow::Result<Vec<&str>> {
    let clean = !rel.is_empty()
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        && rel.split('/').all(|p| !matches!(p, "" | "." | ".."));
    if !clean {
        return Err(invalid(format!(
            "refusing the path '{}': it must be relative to the project root, without '..'",
            rel.escape_debug()
        )));
    }
    Ok(rel.split('/').collect())
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

/// The directory `rel` below `root` (`""` is the root itself), each part opened without
/// following a link; `None` when a part is missing or is not a directory. A link on the
/// way is refused.
pub fn dir(root: &Path, rel: &str) -> anyhow::Result<Option<Dir>> {
    let Some(top) = open_root(root)? else {
        return Ok(None);
    };
    if rel.is_empty() {
        return Ok(Some(top));
    }
    top.descend(rel, None)
}

/// As [`dir`], creating the missing directories; each one it creates is added to
/// `created` (its path and identity), parents first.
pub fn dir_create(
    root: &Path,
    rel: &str,
    created: &mut Vec<(String, Ident)>,
) -> anyhow::Result<Dir> {
    let top = open_root(root)?
        .ok_or_else(|| invalid(format!("{} is not a directory", root.display())))?;
    if rel.is_empty() {
        return Ok(top);
    }
    top.descend(rel, Some(created))?.ok_or_else(|| {
        invalid(format!(
            "cannot create {}: a file stands where a directory must go",
            rel.escape_debug()
        ))
    })
}

/// The bytes of the regular file `rel` below `root` (as [`crate::fsread`] reads: capped,
/// never blocking), opened with no link on the way or at the end; `None` when it (or a
/// directory above it) is missing.
pub fn read(root: &Path, rel: &str) -> anyhow::Result<Option<Vec<u8>>> {
    let (parent, name) = split(rel)?;
    let Some(d) = dir(root, parent)? else {
        return Ok(None);
    };
    d.read(name).map_err(|e| with_rel(e, rel))
}

/// `rel` split into its parent directory (`""` for the root) and its last part.
pub fn split(rel: &str) -> anyhow::Result<(&str, &str)> {
    parts(rel)?;
    Ok(rel.rsplit_once('/').unwrap_or(("", rel)))
}

fn with_rel(e: anyhow::Error, rel: &str) -> anyhow::Error {
    if e.downcast_ref::<Error>().is_some() {
        e
    } else {
        e.context(format!("cannot read {}", rel.escape_debug()))
    }
}

impl Dir {
    /// `rel` below this directory, part by part; see [`dir`] and [`dir_create`].
    fn descend(
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

    /// The path of `name` in this directory, relative to the root.
    pub fn child_rel(&self, name: &str) -> String {
        if self.rel.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", self.rel)
        }
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
    pub fn open_file(&self, name: &str) -> anyhow::Result<Option<File>> {
        let flags =
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
        match rustix::fs::openat(&self.fd, name, flags, Mode::empty()) {
            Ok(fd) => Ok(Some(
                crate::fsread::checked(File::from(fd)).map_err(anyhow::Error::new)?,
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

    /// The bytes of the regular file `name` (see [`Dir::open_file`]); `None` if missing.
    pub fn read(&self, name: &str) -> anyhow::Result<Option<Vec<u8>>> {
        match self.open_file(name)? {
            None => Ok(None),
            Some(f) => crate::fsread::read_file(f)
                .map(Some)
                .map_err(anyhow::Error::new),
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

    /// A handle for `fsync`, `fchmod` and the like.
    pub fn fd(&self) -> impl AsFd + '_ {
        &self.fd
    }
}

/// The identity of an opened file.
pub fn ident_of(file: &File) -> std::io::Result<Ident> {
    Ok(Ident::of(&rustix::fs::fstat(file)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_on_the_way_or_at_the_end_are_refused_and_missing_parts_are_none() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/b/f"), "x").unwrap();
        symlink("b", root.join("a/l")).unwrap();
        symlink("f", root.join("a/b/lf")).unwrap();
        assert_eq!(read(&root, "a/b/f").unwrap().as_deref(), Some(&b"x"[..]));
        assert_eq!(read(&root, "a/b/none").unwrap(), None);
        assert_eq!(read(&root, "a/none/f").unwrap(), None);
        assert_eq!(read(&root, "a/b/f/g").unwrap(), None);
        for rel in ["a/l/f", "a/b/lf"] {
            let e = read(&root, rel).unwrap_err();
            assert!(e.to_string().contains("symbolic link"), "{e}");
            assert!(matches!(e.downcast_ref::<Error>(), Some(Error::Refused(_))));
        }
        for bad in ["", "../x", "/etc/passwd", "a//b", "a/./b"] {
            assert!(read(&root, bad).is_err(), "{bad}");
        }
        let mut made = Vec::new();
        let d = dir_create(&root, "a/c/d", &mut made).unwrap();
        assert_eq!(d.rel, "a/c/d");
        assert_eq!(
            made.iter().map(|m| m.0.as_str()).collect::<Vec<_>>(),
            ["a/c", "a/c/d"]
        );
        assert!(dir_create(&root, "a/l/x", &mut made).is_err());
        // Exclusive creation never goes through a link, dangling or not.
        let b = dir(&root, "a/b").unwrap().unwrap();
        symlink(root.join("victim"), root.join("a/b/t")).unwrap();
        assert!(b.create_new("t", 0o644).is_err());
        assert!(!root.join("victim").exists());
    }
}
