//! No read or write outside the root, and none through a symbolic link: every path of
//! the project the tool manages (plans, records, the journal, the configuration) is
//! opened from the root directory, one part at a time, each part without following a
//! link, and every later operation (create, rename, link, remove) is made in the
//! directory that was opened. A link anywhere on the way is refused (exit 1).
//!
//! How a directory is held differs by platform: on unix (`unix.rs`) it is a handle
//! (`openat` with `O_NOFOLLOW`), so a directory swapped for a link after it was opened
//! changes nothing; on Windows (`windows.rs`) it is a path whose every part was checked
//! not to be a link (a symbolic link, a junction), so such a swap between the check and
//! the use is not excluded (see ARCHITECTURE.md).
//!
//! Git stores symbolic links, so a link inside the root can be anyone's commit: the tool
//! neither follows one nor writes through one; it never needs to.

use std::path::{Component, Path};

use crate::error::{Error, invalid};

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub use unix::{Dir, ident_of, open_root};

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub use windows::{Dir, ident_of, open_root};

/// What a file-system object is, on this machine: device and inode (on Windows, the
/// volume's serial number and the file's index). A journal records the identity of
/// every object its run made, so that recovery acts only on those.
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
}

/// What stands at a name in a directory (never following a link). `mode` is the
/// permission bits (on Windows 0o444 for a read-only file, else 0o666).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    File { ident: Ident, mode: u32 },
    Dir { ident: Ident },
    Link,
    Other,
}

/// What kind of object stands at a name, never following a link: [`Entry`] without the
/// identity and mode, which a directory's listing gives without a `stat` per name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Link,
    Other,
}

impl Kind {
    fn of(entry: Entry) -> Kind {
        match entry {
            Entry::File { .. } => Kind::File,
            Entry::Dir { .. } => Kind::Dir,
            Entry::Link => Kind::Link,
            Entry::Other => Kind::Other,
        }
    }
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
    if let Some(part) = rel.split('/').find(|p| !names_itself(p)) {
        return Err(invalid(format!(
            "refusing the path '{}': Windows reads '{}' as another name (a device, a stream, \
             a short 8.3 name, or without its trailing dots and spaces)",
            rel.escape_debug(),
            part.escape_debug()
        )));
    }
    Ok(rel.split('/').collect())
}

/// Every part names a child of its directory on unix.
#[cfg(unix)]
fn names_itself(_: &str) -> bool {
    true
}

#[cfg(windows)]
fn names_itself(part: &str) -> bool {
    !windows_alias(part)
}

/// On Windows `\` separates parts too, `:` names a drive or a stream, the file system
/// drops a trailing dot or space, `CON`, `NUL`, `COM1` (with any extension) are devices,
/// and `GIT~1` may be the short (8.3) name of `.git`: a part with any of them could name
/// something other than itself. (Compiled everywhere, so that its tests run everywhere.)
#[cfg_attr(not(windows), allow(dead_code))]
fn windows_alias(part: &str) -> bool {
    let stem = part
        .split('.')
        .next()
        .unwrap_or(part)
        .trim_end()
        .to_ascii_lowercase();
    let device = matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || (stem.len() == 4
            && (stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.as_bytes()[3].is_ascii_digit());
    let short_name = part
        .split('~')
        .skip(1)
        .any(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    device || short_name || part.contains(['\\', ':']) || part.ends_with(['.', ' '])
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

/// The directories a plan reads from, each opened once for the plan (from the root,
/// part by part, as [`dir`] does) and kept: a feature reads some twenty files in a
/// handful of directories, and `update` thousands. Nothing writes while a plan is built,
/// so a directory found missing stays missing for it; a directory swapped for a link
/// after it was opened changes nothing, as for any handle. At most [`OpenDirs::MAX`] are
/// kept open (file descriptors are a limited resource); past that they are opened per
/// read, as before.
#[derive(Default)]
pub struct OpenDirs(
    std::cell::RefCell<std::collections::HashMap<String, Option<std::sync::Arc<Dir>>>>,
);

impl OpenDirs {
    pub const MAX: usize = 256;

    /// As [`dir`], kept for the next call.
    pub fn dir(&self, root: &Path, rel: &str) -> anyhow::Result<Option<std::sync::Arc<Dir>>> {
        if let Some(d) = self.0.borrow().get(rel) {
            return Ok(d.clone());
        }
        let d = dir(root, rel)?.map(std::sync::Arc::new);
        let mut dirs = self.0.borrow_mut();
        if dirs.len() < Self::MAX {
            dirs.insert(rel.to_string(), d.clone());
        }
        Ok(d)
    }

    /// As [`read`], from the kept directory.
    pub fn read(&self, root: &Path, rel: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let (parent, name) = split(rel)?;
        let Some(d) = self.dir(root, parent)? else {
            return Ok(None);
        };
        d.read(name).map_err(|e| with_rel(e, rel))
    }
}

/// A copy of a plan keeps none of its directories open: it opens its own.
impl Clone for OpenDirs {
    fn clone(&self) -> OpenDirs {
        OpenDirs::default()
    }
}

impl std::fmt::Debug for OpenDirs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OpenDirs({})", self.0.borrow().len())
    }
}

/// `rel` split into its parent directory (`""` for the root) and its last part.
pub fn split(rel: &str) -> anyhow::Result<(&str, &str)> {
    parts(rel)?;
    Ok(rel.rsplit_once('/').unwrap_or(("", rel)))
}

/// `e` of reading `rel`: one of ours (a refusal) as it is, anything else with the path.
pub(crate) fn with_rel(e: anyhow::Error, rel: &str) -> anyhow::Error {
    if e.downcast_ref::<Error>().is_some() {
        e
    } else {
        e.context(format!("cannot read {}", rel.escape_debug()))
    }
}

impl Dir {
    /// The path of `name` in this directory, relative to the root.
    pub fn child_rel(&self, name: &str) -> String {
        if self.rel.is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", self.rel)
        }
    }

    /// The bytes of the regular file `name` (see [`Dir::open_file`]); `None` if missing.
    pub fn read(&self, name: &str) -> anyhow::Result<Option<Vec<u8>>> {
        match self.open_file(name)? {
            None => Ok(None),
            Some((f, len)) => crate::fsread::read_known(f, len)
                .map(Some)
                .map_err(anyhow::Error::new),
        }
    }
}

#[cfg(test)]
mod tests;
