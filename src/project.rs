//! Finding the project root: `--root`, else the nearest directory upwards that holds a
//! `pyproject.toml` (as cargo finds `Cargo.toml`).

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::invalid;
use crate::layout::Layout;
use crate::render::Renderer;

/// The project root for a command run in `cwd`.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> anyhow::Result<PathBuf> {
    if let Some(given) = explicit {
        let root = cwd.join(given);
        if !root.is_dir() {
            return Err(invalid(format!(
                "--root {}: not a directory",
                root.display()
            )));
        }
        // A directory that is not a project: writing a feature there would scatter files
        // over it and call that clean. `init` makes the project, and never comes here.
        // (Only absence is judged here; what is there is read, and judged, by `fsread`.)
        if std::fs::symlink_metadata(root.join("pyproject.toml")).is_err() {
            let shown = given.display();
            return Err(invalid(format!(
                "{shown} has no pyproject.toml; run `petsage-build init {shown}` first, or \
                 point --root at your project"
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

/// A project: its root and its configuration.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
}

impl Project {
    /// Finds the root (see [`find_root`]) and reads its `[tool.petsage-build]`.
    pub fn open(explicit: Option<&Path>, cwd: &Path) -> anyhow::Result<Project> {
        let root = find_root(explicit, cwd)?;
        let config = Config::load(&root)?;
        Ok(Project { root, config })
    }

    pub fn layout(&self) -> &Layout {
        &self.config.layout
    }

    /// The identity of the templates `update` would use here (the `templates` key, else the
    /// built-ins), or `None` when that directory cannot be read (`feature` says why).
    pub fn templates_identity(&self) -> Option<String> {
        let dir = self.config.templates.as_ref().map(|t| self.root.join(t));
        crate::render::templates_identity(dir.as_deref()).ok()
    }

    /// The renderer for this project: templates from `explicit` (the command line), else
    /// from the `templates` key, else the built-ins.
    pub fn renderer(&self, explicit: Option<&Path>) -> anyhow::Result<Renderer> {
        let dir = explicit
            .map(Path::to_path_buf)
            .or_else(|| self.config.templates.as_ref().map(|t| self.root.join(t)));
        match dir {
            None => Renderer::new(),
            Some(dir) if dir.is_dir() => Renderer::with_templates(&dir),
            Some(dir) => Err(invalid(format!(
                "templates directory {} does not exist",
                dir.display()
            ))),
        }
    }
}
