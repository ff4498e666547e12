//! Finding the project root: `--root`, else the nearest directory upwards that holds a
//! `pyproject.toml` (as cargo finds `Cargo.toml`).

use std::cell::RefCell;
use std::collections::HashMap;
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

    /// The templates directory of a generation: `explicit` (the command line), else the
    /// `templates` key, else `recorded` (the directory a feature's record names, relative
    /// to the root: what `update` falls back on), else none, the built-ins.
    pub fn templates_dir(
        &self,
        explicit: Option<&Path>,
        recorded: Option<&str>,
    ) -> Option<PathBuf> {
        explicit
            .map(Path::to_path_buf)
            .or_else(|| self.config.templates.as_ref().map(|t| self.root.join(t)))
            .or_else(|| recorded.map(|r| self.root.join(r)))
    }

    /// The identities of the templates `update` would use for each record (see
    /// [`Project::templates_dir`]), each directory read once.
    pub fn templates_identities(&self) -> TemplatesIdentities<'_> {
        TemplatesIdentities {
            project: self,
            seen: RefCell::new(HashMap::new()),
        }
    }

    /// The renderer for this project: templates from `explicit` (the command line), else
    /// from the `templates` key, else the built-ins.
    pub fn renderer(&self, explicit: Option<&Path>) -> anyhow::Result<Renderer> {
        self.renderer_in(self.templates_dir(explicit, None))
    }

    /// The renderer with the templates of `dir`, else the built-ins.
    pub fn renderer_in(&self, dir: Option<PathBuf>) -> anyhow::Result<Renderer> {
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

/// See [`Project::templates_identities`].
pub struct TemplatesIdentities<'p> {
    project: &'p Project,
    seen: RefCell<HashMap<Option<PathBuf>, Option<String>>>,
}

impl TemplatesIdentities<'_> {
    /// The identity of the templates `update` would generate a feature with whose record
    /// names `recorded`, or `None` when that directory cannot be read (`update` says why).
    pub fn of(&self, recorded: Option<&str>) -> Option<String> {
        let dir = self.project.templates_dir(None, recorded);
        self.seen
            .borrow_mut()
            .entry(dir)
            .or_insert_with_key(|dir| crate::render::templates_identity(dir.as_deref()).ok())
            .clone()
    }
}

/// How `dir` is reached from `root`: `/`-separated, with `..` where it lies outside
/// (`../shared/templates` in a monorepo). A record keeps it, so it never names this
/// machine; `None` when either cannot be resolved, they share no ancestor, or a part is
/// not UTF-8.
pub fn relative_dir(root: &Path, dir: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let dir = dir.canonicalize().ok()?;
    let common = root
        .components()
        .zip(dir.components())
        .take_while(|(a, b)| a == b)
        .count();
    // Only the filesystem root in common (or a different drive): nothing portable.
    if common <= 1 && root.components().count() > 1 {
        return None;
    }
    let mut parts = vec!["..".to_string(); root.components().count() - common];
    for part in dir.components().skip(common) {
        parts.push(part.as_os_str().to_str()?.to_string());
    }
    Some(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}

#[cfg(test)]
mod tests {
    use super::relative_dir;

    #[test]
    fn relative_dirs_are_portable() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("repo/backend");
        for dir in ["repo/backend/tpl/x", "repo/shared/templates", "elsewhere"] {
            std::fs::create_dir_all(tmp.path().join(dir)).unwrap();
        }
        let rel = |dir: &str| relative_dir(&root, &tmp.path().join(dir));
        assert_eq!(rel("repo/backend/tpl/x").as_deref(), Some("tpl/x"));
        assert_eq!(rel("repo/backend").as_deref(), Some("."));
        assert_eq!(
            rel("repo/shared/templates").as_deref(),
            Some("../shared/templates")
        );
        assert_eq!(rel("elsewhere").as_deref(), Some("../../elsewhere"));
        assert_eq!(rel("missing"), None);
    }
}
