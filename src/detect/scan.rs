//! Which files `detect` reads: the import root, then every Python file below it (bounded,
//! without virtual environments, caches and hidden directories), each parsed once.

use std::path::Path;
use std::rc::Rc;

use super::{Detector, Source};
use crate::layout::Layout;
use crate::python::{ParsedModule, call_sites};

/// How many `.py` files the scan looks at, at most.
const MAX_FILES: usize = 5000;
/// How deep below the import root the scan goes.
pub(super) const MAX_DEPTH: usize = 12;
/// Directories never scanned (besides hidden ones and virtual environments).
const SKIP_DIRS: &[&str] = &[
    "tests",
    "test",
    "node_modules",
    "migrations",
    "alembic",
    "__pycache__",
    "site-packages",
    "venv",
    "env",
    "build",
    "dist",
];

/// The import root the packaging config names, else `src` when packages live there,
/// else the root itself (empty), with the reason, and whether `src` was taken by the
/// src-layout rule alone (then `src` may still be a package the project imports itself
/// from, SPEC §11b, which only its files can tell).
pub(super) fn import_root(root: &Path, doc: &toml::Table) -> (String, String, bool) {
    let (dir, why) = configured_root(root, doc);
    let by_layout = dir.is_none();
    let (dir, why) = dir.map_or_else(|| src_layout(root), |d| (d, why));
    (dir, why, by_layout)
}

/// `src` when it holds packages, else the root.
fn src_layout(root: &Path) -> (String, String) {
    if has_package(&root.join("src")) {
        return ("src".into(), "src layout: the packages live in src/".into());
    }
    (
        String::new(),
        "no src/ layout and no packaging key names another".into(),
    )
}

/// The import root the packaging config names (`None` when none does), with the reason.
fn configured_root(root: &Path, doc: &toml::Table) -> (Option<String>, String) {
    let from_config = crate::packaging::declared_root(doc)
        .filter(|d| !d.src_included || root.join("src").is_dir())
        .map(|d| (d.dir, d.why));
    if let Some((dir, why)) = from_config {
        if dir.is_empty() || dir == "src" {
            return (Some(dir), why);
        }
        // A directory with an `__init__.py` is a package, not a root: its code imports
        // itself as `{dir}.x` (or relatively), so the root is its parent. (`src/` is
        // left to the src-layout rules.)
        if root.join(&dir).join("__init__.py").is_file() {
            let parent = dir.rsplit_once('/').map_or("", |(p, _)| p).to_string();
            let shown = if parent.is_empty() {
                "the project root".to_string()
            } else {
                format!("{parent}/")
            };
            return (
                Some(parent),
                format!(
                    "{why} names {dir}/, but {dir}/ has an __init__.py: it is a package, so {shown} is the import root"
                ),
            );
        }
        return (Some(dir), why);
    }
    (None, String::new())
}

/// Whether `dir` holds a Python package (a subdirectory with an `__init__.py` or `.py`
/// files).
pub(super) fn has_package(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|e| {
        let p = e.path();
        p.is_dir()
            && !is_skipped(&e.file_name().to_string_lossy())
            && std::fs::read_dir(&p).is_ok_and(|mut it| {
                it.any(|f| f.is_ok_and(|f| f.file_name().to_string_lossy().ends_with(".py")))
            })
    })
}

pub(super) fn is_skipped(name: &str) -> bool {
    name.starts_with('.') || SKIP_DIRS.contains(&name) || name.ends_with(".egg-info")
}

/// Whether the project at `root` has a Python package outside the default `petsage/`
/// (at the root or under `src/`).
pub fn has_other_packages(root: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(root) else {
        return false;
    };
    let mut found = has_package(&root.join("src"));
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == "petsage" || name == "src" || is_skipped(&name) || !e.path().is_dir() {
            continue;
        }
        if e.path().join("__init__.py").is_file() {
            found = true;
        }
    }
    found
}

impl Detector<'_> {
    pub(super) fn shown_root(&self) -> String {
        if self.prefix.is_empty() {
            "the project root".into()
        } else {
            self.prefix.clone()
        }
    }

    pub(super) fn is_dir(&self, rel: &str) -> bool {
        self.root.join(rel).is_dir()
    }

    /// Every `.py` file below the import root, sorted, skipping tests, virtual
    /// environments, dependencies, migrations and hidden directories; bounded.
    pub(super) fn scan(&self) -> Vec<String> {
        let mut out = Vec::new();
        let base = self.prefix.trim_end_matches('/').to_string();
        let mut stack = vec![(base, 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(self.root.join(&dir)) else {
                continue;
            };
            let mut names: Vec<(String, bool)> = entries
                .flatten()
                .filter_map(|e| {
                    let ft = e.file_type().ok()?;
                    Some((e.file_name().to_string_lossy().into_owned(), ft.is_dir()))
                })
                .collect();
            names.sort();
            let join = |n: &str| {
                if dir.is_empty() {
                    n.to_string()
                } else {
                    format!("{dir}/{n}")
                }
            };
            let mut subdirs = Vec::new();
            for (name, is_dir) in names {
                if is_dir {
                    let path = join(&name);
                    // A virtual environment, or a cache (the Cache Directory Tagging
                    // Specification's CACHEDIR.TAG, which cargo's target/ has): not the
                    // project's code, whatever it holds.
                    if depth < MAX_DEPTH
                        && !is_skipped(&name)
                        && !self.root.join(&path).join("pyvenv.cfg").exists()
                        && !self.root.join(&path).join("CACHEDIR.TAG").exists()
                    {
                        subdirs.push(path);
                    }
                } else if name.ends_with(".py") && !name.starts_with("test_") {
                    out.push(join(&name));
                    if out.len() >= MAX_FILES {
                        out.sort();
                        return out;
                    }
                }
            }
            for s in subdirs.into_iter().rev() {
                stack.push((s, depth + 1));
            }
        }
        out.sort();
        out
    }

    /// A project file, read and parsed once; `None` when missing, unreadable or not
    /// Python.
    pub(super) fn source(&mut self, rel: &str) -> Option<Rc<Source>> {
        if let Some(s) = self.cache.get(rel) {
            return s.clone();
        }
        let s = crate::fsread::read_to_string(&self.root.join(rel))
            .ok()
            .and_then(|text| {
                let parsed = ParsedModule::for_target(&text, self.target).ok()?;
                let calls = call_sites(&text, self.target).ok()?;
                Some(Rc::new(Source {
                    rel: rel.to_string(),
                    text,
                    parsed,
                    calls,
                }))
            });
        self.cache.insert(rel.to_string(), s.clone());
        s
    }

    /// The dotted module of a file below the import root.
    pub(super) fn module_of(&self, rel: &str) -> String {
        let rel = rel.strip_prefix(&self.prefix).unwrap_or(rel);
        if self.src_package && (rel == "src" || rel.starts_with("src/")) {
            // `src/x/y.py` is `src.x.y`, as the project spells it (`Layout::module`).
            return Layout::module_of(&format!("_/{rel}"))
                .strip_prefix("_.")
                .map(str::to_string)
                .unwrap_or_default();
        }
        Layout::module_of(rel)
    }

    /// The package relative imports of a file start from.
    pub(super) fn within(&self, rel: &str) -> String {
        self.module_of(rel.rsplit_once('/').map_or("", |(dir, _)| dir))
    }

    /// A file below `src/` that imports the project as `src` (`from src.books.routes
    /// import book_router`): the evidence that `src` is a package, not an import root.
    pub(super) fn imports_itself_as_src(&mut self, files: &[String]) -> Option<String> {
        for rel in files.iter().filter(|r| r.starts_with("src/")) {
            let Ok(text) = crate::fsread::read_to_string(&self.root.join(rel)) else {
                continue;
            };
            if !text.contains("src") {
                continue;
            }
            if let Some(src) = self.source(rel)
                && src.parsed.imports_absolutely("src")
            {
                return Some(rel.clone());
            }
        }
        None
    }

    /// The file of a dotted module, if the project has it.
    pub(super) fn file_of(&self, module: &str) -> Option<String> {
        if module.is_empty() {
            return None;
        }
        let path = module.replace('.', "/");
        [
            format!("{}{path}.py", self.prefix),
            format!("{}{path}/__init__.py", self.prefix),
        ]
        .into_iter()
        .find(|rel| self.root.join(rel).is_file())
    }
}
