//! No write outside the root: every path of a plan is relative, has no `..`, and does not
//! pass through a symbolic link that leads out of the root.

use std::path::{Component, Path, PathBuf};

use crate::error::invalid;

/// Joins `rel` to `root` after checking that the result stays inside `root`, also through
/// symbolic links that exist now. `root` must be canonical.
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
    // and `rel` free of `..`, the path stays inside. Looking at each existing part once
    // (`lstat`) is much cheaper than resolving the path; a link anywhere takes the
    // general way below, with the same answer as before.
    if !through_symlink(root, rel_path) {
        return Ok(path);
    }
    // The deepest part of the path that exists decides where a write would land.
    let mut existing = path.as_path();
    loop {
        if std::fs::symlink_metadata(existing).is_ok() {
            break;
        }
        match existing.parent() {
            Some(parent) => existing = parent,
            None => break,
        }
    }
    if let Ok(real) = existing.canonicalize() {
        // A root that does not exist yet (`init new-dir`) has its nearest ancestor here.
        if !real.starts_with(root) && !root.starts_with(&real) {
            return Err(invalid(format!(
                "refusing to write {rel}: {} leads outside the project root (symbolic link to {})",
                existing.strip_prefix(root).unwrap_or(existing).display(),
                real.display()
            )));
        }
    } else if std::fs::symlink_metadata(existing).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(invalid(format!(
            "refusing to write {rel}: {} is a dangling symbolic link",
            existing.strip_prefix(root).unwrap_or(existing).display()
        )));
    }
    Ok(path)
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
