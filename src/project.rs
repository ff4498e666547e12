//! Finding the project root: `--root`, else the nearest directory upwards that holds a
//! `pyproject.toml` (as cargo finds `Cargo.toml`).

use std::path::{Path, PathBuf};

use crate::error::invalid;

/// The project root for a command run in `cwd`.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> anyhow::Result<PathBuf> {
    if let Some(root) = explicit {
        let root = cwd.join(root);
        if !root.is_dir() {
            return Err(invalid(format!(
                "--root {}: not a directory",
                root.display()
            )));
        }
        return Ok(root);
    }
    cwd.ancestors()
        .find(|dir| dir.join("pyproject.toml").is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            invalid(format!(
                "no pyproject.toml in {} or any parent directory; run `petsage-build init` \
                 or pass --root",
                cwd.display()
            ))
        })
}
