//! The packages a project declares, wherever Python projects declare them: pyproject.toml
//! (`[project] dependencies` and `optional-dependencies`, `[dependency-groups]`, poetry's
//! dependencies and groups), the `requirements*.txt` files of the root and of
//! `requirements/`, and the lock files `uv.lock` and `poetry.lock`. Names only: what a
//! version constraint allows is `pydantic_pin`'s business. Reads through [`fsread`].

use std::path::Path;

use anyhow::Context as _;

use crate::fsread;

/// Does the project at `root` declare `package` (a PEP 503 name, compared normalised)
/// anywhere? Unreadable files are errors; files that do not parse declare nothing (the
/// readers of those files report them).
pub fn declares(root: &Path, package: &str) -> anyhow::Result<bool> {
    let wanted = normalise(package);
    if let Some(text) = read_text(root, "pyproject.toml")?
        && pyproject_names(&text).contains(&wanted)
    {
        return Ok(true);
    }
    for rel in requirement_files(root)? {
        if let Some(text) = read_text(root, &rel)?
            && requirement_lines(&text)
                .iter()
                .any(|r| normalise(split_name(r).0) == wanted)
        {
            return Ok(true);
        }
    }
    for lock in ["uv.lock", "poetry.lock"] {
        if let Some(text) = read_text(root, lock)?
            && lock_names(&text).contains(&wanted)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

pub(crate) fn read_text(root: &Path, rel: &str) -> anyhow::Result<Option<String>> {
    let bytes = fsread::read_opt(&root.join(rel)).with_context(|| format!("reading {rel}"))?;
    Ok(bytes.map(|b| String::from_utf8_lossy(&b).into_owned()))
}

/// `requirements*.txt` in the root and `requirements/*.txt`, sorted; directories skipped.
pub(crate) fn requirement_files(root: &Path) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for (dir, prefix) in [("", "requirements"), ("requirements", "")] {
        let entries = match std::fs::read_dir(root.join(dir)) {
            Ok(e) => e,
            Err(e) if fsread::is_absent(&e) => continue,
            Err(e) => return Err(e).with_context(|| format!("listing {}", root.display())),
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.starts_with(prefix) && n.ends_with(".txt"))
            .map(|n| {
                if dir.is_empty() {
                    n
                } else {
                    format!("{dir}/{n}")
                }
            })
            .collect();
        names.sort();
        out.extend(names);
    }
    Ok(out)
}

/// The requirements of a pip requirements file, one per logical line (continuations
/// joined), without comments and options (`-r`, `-e`, `--index-url`, a requirement's
/// `--hash=...`).
pub(crate) fn requirement_lines(text: &str) -> Vec<String> {
    let joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
    joined
        .lines()
        .filter_map(|line| {
            // A comment starts at a `#` at the start or after white space.
            let line = match line.find(" #").or_else(|| line.find("\t#")) {
                Some(at) => &line[..at],
                None if line.trim_start().starts_with('#') => "",
                None => line,
            };
            let line = line.trim();
            if line.is_empty() || line.starts_with('-') {
                return None;
            }
            Some(line.split(" --").next().unwrap_or(line).to_string())
        })
        .collect()
}

/// A PEP 508 requirement split into its name and the rest (extras, version, markers).
pub(crate) fn split_name(requirement: &str) -> (&str, &str) {
    let req = requirement.trim_start();
    let end = req
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(req.len());
    (&req[..end], &req[end..])
}

/// A package name as PEP 503 compares them.
pub(crate) fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Every package name pyproject.toml declares, normalised.
fn pyproject_names(text: &str) -> Vec<String> {
    let Ok(doc) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let pep508 = |v: &toml::Value| v.as_str().map(|r| normalise(split_name(r).0));
    let project = doc.get("project");
    let lists = project
        .and_then(|p| p.get("dependencies"))
        .into_iter()
        .chain(
            project
                .and_then(|p| p.get("optional-dependencies"))
                .and_then(toml::Value::as_table)
                .into_iter()
                .flat_map(|t| t.values()),
        )
        .chain(
            doc.get("dependency-groups")
                .and_then(toml::Value::as_table)
                .into_iter()
                .flat_map(|t| t.values()),
        );
    for list in lists {
        out.extend(list.as_array().into_iter().flatten().filter_map(pep508));
    }
    let poetry = doc.get("tool").and_then(|t| t.get("poetry"));
    let tables = poetry
        .and_then(|p| p.get("dependencies"))
        .into_iter()
        .chain(poetry.and_then(|p| p.get("dev-dependencies")))
        .chain(
            poetry
                .and_then(|p| p.get("group"))
                .and_then(toml::Value::as_table)
                .into_iter()
                .flat_map(|g| g.values())
                .filter_map(|g| g.get("dependencies")),
        );
    for table in tables.filter_map(toml::Value::as_table) {
        out.extend(table.keys().map(|k| normalise(k)));
    }
    out
}

/// The package names of a `uv.lock` or `poetry.lock` (`[[package]] name = ...`).
fn lock_names(text: &str) -> Vec<String> {
    let Ok(doc) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    doc.get("package")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("name").and_then(toml::Value::as_str))
        .map(normalise)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(files: &[(&str, &str)]) -> bool {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        declares(dir.path(), "fastapi").unwrap()
    }

    #[test]
    fn fastapi_is_found_wherever_it_is_declared() {
        let yes = [
            (
                "pyproject.toml",
                "[project]\ndependencies = [\"FastAPI[standard]>=0.115\"]\n",
            ),
            (
                "pyproject.toml",
                "[project.optional-dependencies]\nweb = [\"fastapi\"]\n",
            ),
            (
                "pyproject.toml",
                "[dependency-groups]\ndev = [\"fastapi ; python_version>'3.9'\"]\n",
            ),
            (
                "pyproject.toml",
                "[tool.poetry.dependencies]\nFastAPI = \"^0.110\"\n",
            ),
            (
                "pyproject.toml",
                "[tool.poetry.group.web.dependencies]\nfastapi = \"*\"\n",
            ),
            (
                "requirements.txt",
                "# web\nuvicorn\nfastapi==0.115.0 --hash=sha256:00\n",
            ),
            ("requirements/base.txt", "-r common.txt\nfastapi\n"),
            (
                "uv.lock",
                "[[package]]\nname = \"fastapi\"\nversion = \"0.115.0\"\n",
            ),
        ];
        for file in yes {
            assert!(declared(&[file]), "{file:?}");
        }
        let no = [
            (
                "pyproject.toml",
                "[project]\ndependencies = [\"requests\", \"fastapi-users\"]\n",
            ),
            ("pyproject.toml", "[project]\nname = \"fastapi\"\n"),
            ("pyproject.toml", "not toml = = ="),
            ("requirements.txt", "# fastapi\nrequests  # not fastapi\n"),
            ("notes.txt", "fastapi\n"),
        ];
        for file in no {
            assert!(!declared(&[file]), "{file:?}");
        }
    }
}
