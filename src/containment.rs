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
