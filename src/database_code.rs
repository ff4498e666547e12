//! The database code a project already has (SPEC §11b, §12): its Alembic config, the
//! modules that make an engine, a `db` package. `feature` uses what is there instead of
//! writing a second engine; `detect` reports it. Only lists directories and reads files
//! through `fsread`; every walk is bounded.

use std::path::Path;

/// How deep and how wide a walk of the project goes.
const MAX_DEPTH: usize = 6;
const MAX_ENTRIES: usize = 20_000;

/// Directories that are never the project's own code.
fn skipped(name: &str) -> bool {
    name.starts_with('.')
        || matches!(
            name,
            "node_modules" | "__pycache__" | "venv" | "env" | "site-packages" | "target"
        )
        || name.ends_with(".egg-info")
}

/// The project's files below `root`, relative with `/`, those `keep` accepts (by file
/// name), in path order; virtual environments and caches aside.
fn files(root: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let walk = walkdir::WalkDir::new(root)
        .max_depth(MAX_DEPTH)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir()
                    && (skipped(&e.file_name().to_string_lossy())
                        || e.path().join("pyvenv.cfg").exists()))
        });
    for entry in walk.take(MAX_ENTRIES).flatten() {
        if !entry.file_type().is_file() || !keep(&entry.file_name().to_string_lossy()) {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(root)
            && let Some(rel) = rel.to_str()
        {
            out.push(rel.replace('\\', "/"));
        }
    }
    out
}

/// Where the project configures Alembic: an `alembic.ini` anywhere in the tree
/// (`backend/alembic.ini`; the shallowest first), else `[tool.alembic]` in
/// pyproject.toml (Alembic 1.16), else an `alembic/` directory with an `env.py`.
pub fn alembic_config(root: &Path) -> Option<String> {
    let mut inis = files(root, |name| name == "alembic.ini");
    inis.sort_by_key(|p| (p.matches('/').count(), p.clone()));
    if let Some(ini) = inis.into_iter().next() {
        return Some(ini);
    }
    let pyproject = crate::fsread::read_to_string(&root.join("pyproject.toml")).ok()?;
    let doc: toml::Table = pyproject.parse().ok()?;
    if doc.get("tool").and_then(|t| t.get("alembic")).is_some() {
        return Some("pyproject.toml [tool.alembic]".to_string());
    }
    root.join("alembic/env.py")
        .is_file()
        .then(|| "alembic/env.py".to_string())
}

/// The `alembic` command line for the config found by [`alembic_config`]: `-c` names an
/// ini file that is not the default one.
pub fn alembic_command(config: &str) -> String {
    match config {
        "alembic.ini" | "alembic/env.py" => "alembic".to_string(),
        c if c.ends_with("alembic.ini") => format!("alembic -c {c}"),
        _ => "alembic".to_string(),
    }
}

/// The first module below `dir` (relative to `root`) that makes a database engine
/// (`create_engine(`, `create_async_engine(`), with the 1-based line; `skip` aside (our
/// own database module).
pub fn engine_module(root: &Path, dir: &str, skip: &str) -> Option<(String, usize)> {
    let base = if dir.is_empty() {
        root.to_path_buf()
    } else {
        root.join(dir)
    };
    for rel in files(&base, |name| name.ends_with(".py")) {
        let rel = if dir.is_empty() {
            rel
        } else {
            format!("{dir}/{rel}")
        };
        if rel == skip || rel.split('/').any(aside) {
            continue;
        }
        let Ok(text) = crate::fsread::read_to_string(&root.join(&rel)) else {
            continue;
        };
        let line = text.lines().position(|l| {
            let code = l.split('#').next().unwrap_or("");
            code.contains("create_engine(") || code.contains("create_async_engine(")
        });
        if let Some(i) = line {
            return Some((rel, i + 1));
        }
    }
    None
}

/// The project's modules that may define table models (their text mentions
/// `table=True` or `__tablename__`), each `(path, text)`, in path order; tests and
/// migrations aside.
pub fn model_sources(root: &Path) -> Vec<(String, String)> {
    files(root, |name| name.ends_with(".py"))
        .into_iter()
        .filter(|rel| !rel.split('/').any(aside))
        .filter_map(|rel| {
            let text = crate::fsread::read_to_string(&root.join(&rel)).ok()?;
            (text.contains("table=True") || text.contains("__tablename__")).then_some((rel, text))
        })
        .collect()
}

/// A directory of tests (which make engines and models of their own) or migrations
/// (Alembic's engine, tables as they were).
fn aside(dir: &str) -> bool {
    matches!(dir, "tests" | "test" | "alembic" | "migrations") || dir.starts_with("test_")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn alembic_is_found_anywhere_in_the_tree_or_in_pyproject() {
        let d = tree(&[
            ("backend/alembic.ini", "[alembic]\n"),
            ("pyproject.toml", ""),
        ]);
        assert_eq!(
            alembic_config(d.path()).as_deref(),
            Some("backend/alembic.ini")
        );
        assert_eq!(
            alembic_command("backend/alembic.ini"),
            "alembic -c backend/alembic.ini"
        );
        let d = tree(&[(
            "pyproject.toml",
            "[tool.alembic]\nscript_location = \"m\"\n",
        )]);
        assert_eq!(
            alembic_config(d.path()).as_deref(),
            Some("pyproject.toml [tool.alembic]")
        );
        let d = tree(&[(".venv/lib/alembic.ini", ""), ("pyproject.toml", "")]);
        assert_eq!(alembic_config(d.path()), None);
    }

    #[test]
    fn an_engine_is_found_outside_comments_and_tests() {
        let d = tree(&[
            (
                "app/db/session.py",
                "from sqlalchemy import create_engine\n\nengine = create_engine(URL)\n",
            ),
            (
                "app/tests/conftest.py",
                "engine = create_engine('sqlite://')\n",
            ),
            ("app/other.py", "# create_engine(x)\n"),
            ("alembic/env.py", "engine = create_engine(url)\n"),
        ]);
        assert_eq!(
            engine_module(d.path(), "app", ""),
            Some(("app/db/session.py".to_string(), 3))
        );
        assert_eq!(engine_module(d.path(), "app", "app/db/session.py"), None);
        assert_eq!(engine_module(d.path(), "", "app/db/session.py"), None);
    }
}
