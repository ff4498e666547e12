//! No write outside the root: every path of a plan is relative, has no `..`, and does not
//! pass through a symbolic link that leads out of the root.

use std::path::{Component, Path, PathBuf};

use crate::error::invalid;

/// Joins `rel` to `root` after checking that the result stays strictly inside `root`, also
/// through symbolic links that exist now, and returns it resolved (a link inside the root
/// is followed to its target). `root` must be canonical.
pub fn resolve(root: &Path, rel: &str) -> anyhow::Result<PathBuf> {
    let rel_path = Path::new(rel);
    if rel.is_empty()
        || rel_path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(invalid(format!(
            "refusing the path '{rel}': it must be relative to the project root, without '..'"
        )));
    }
    let path = root.join(rel_path);
    // Most paths pass through no symbolic link at all: then, the root being canonical
    // and `rel` free of `..`, the path is strictly below the root. Looking at each
    // existing part once (`lstat`) is much cheaper than resolving the path; a link
    // anywhere takes the general way below.
    if !through_symlink(root, rel_path) {
        return Ok(path);
    }
    // Each existing part, resolved, must be strictly below the root: a link to the root
    // itself or to one of its ancestors (which contains the root, so `root.starts_with`
    // would hold) leads out as surely as a link elsewhere. The path returned is the
    // resolved one, so that a write through a link inside the root lands on its target.
    let mut real = root.to_path_buf();
    let mut shown = PathBuf::new();
    let mut parts = rel_path.components();
    for part in parts.by_ref() {
        shown.push(part);
        let next = real.join(part);
        match std::fs::symlink_metadata(&next) {
            Ok(meta) if meta.file_type().is_symlink() => match next.canonicalize() {
                Ok(target) if strictly_below(root, &target) => real = target,
                Ok(target) => {
                    let whither = if target == root {
                        "the project root itself"
                    } else if root.starts_with(&target) {
                        "an ancestor of the project root"
                    } else {
                        "outside the project root"
                    };
                    return Err(invalid(format!(
                        "refusing to write {rel}: {} leads outside the project root \
                         (symbolic link to {}, {whither})",
                        shown.display(),
                        target.display()
                    )));
                }
                Err(_) => {
                    return Err(invalid(format!(
                        "refusing to write {rel}: {} is a dangling symbolic link",
                        shown.display()
                    )));
                }
            },
            Ok(_) => real = next,
            // Nothing below a missing part exists: the rest is joined as given.
            Err(_) => {
                real = next;
                break;
            }
        }
    }
    for part in parts {
        real.push(part);
    }
    Ok(real)
}

/// As [`resolve`] for the parent directory of `rel`, joined with `rel`'s last part
/// unresolved: the directory entry itself, which a deletion removes (a symbolic link is
/// removed as a link, never followed to its target).
pub fn resolve_entry(root: &Path, rel: &str) -> anyhow::Result<PathBuf> {
    let (parent, name) = match rel.rsplit_once('/') {
        Some((parent, name)) => (Some(parent), name),
        None => (None, rel),
    };
    let name = Path::new(name);
    if !matches!(
        name.components().collect::<Vec<_>>()[..],
        [Component::Normal(_)]
    ) {
        return Err(invalid(format!(
            "refusing the path '{rel}': it must be relative to the project root, without '..'"
        )));
    }
    let dir = match parent {
        Some(parent) => resolve(root, parent)?,
        None => root.to_path_buf(),
    };
    Ok(dir.join(name))
}

/// The containment rule: `path` (resolved) is below `root` and is not `root` itself (nor,
/// therefore, an ancestor of it).
pub fn strictly_below(root: &Path, path: &Path) -> bool {
    path.starts_with(root) && path != root
}

/// Whether an existing part of `root/rel` (below `root`) is a symbolic link. Parts are
/// looked at from the root down; the first one that does not exist ends the walk, since
/// nothing below it exists either.
fn through_symlink(root: &Path, rel: &Path) -> bool {
    let mut cur = root.to_path_buf();
    for part in rel.components() {
        cur.push(part);
        match std::fs::symlink_metadata(&cur) {
            Ok(meta) if meta.file_type().is_symlink() => return true,
            Ok(meta) if meta.is_dir() => {}
            // A file, or nothing: nothing exists below it.
            _ => return false,
        }
    }
    false
}
