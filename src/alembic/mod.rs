//! The project's Alembic setup (SPEC §14): where its config is, and from it the script
//! directory (`env.py`) and the versions directory a resource's revision goes into. Read
//! from the files (an `alembic.ini`, `[tool.alembic]` in pyproject.toml), as `detect`
//! finds them; Alembic is never run.

pub mod drift;
pub mod history;

use std::path::{Component, Path};

use crate::error::{invalid, refused};

pub use drift::Expected;
pub use history::{History, Revision};

/// Where a project's migrations live, every path relative to the root with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// The config, as messages name it: `alembic.ini`, `pyproject.toml [tool.alembic]`.
    pub config: String,
    /// The command that uses it: `alembic`, `alembic -c backend/alembic.ini`.
    pub command: String,
    /// The script directory, which holds `env.py`: `migrations`.
    pub scripts: String,
    /// Where revisions go: `migrations/versions`.
    pub versions: String,
}

impl Setup {
    /// The environment script, which gets the metadata the revisions are compared with.
    pub fn env(&self) -> String {
        format!("{}/env.py", self.scripts)
    }
}

/// Whether `file` (a path or a file name) is named as petsage-build names the revisions
/// of the feature `feature`: `<12 hex digits>_<feature>.py`.
pub fn is_revision_name(file: &str, feature: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.strip_suffix(&format!("_{feature}.py"))
        .is_some_and(|id| id.len() == 12 && id.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The project's Alembic setup, if it has one. A `script_location` outside the root is
/// invalid (exit 2): nothing is written outside the project. A package resource
/// (`myapp:migrations`) cannot be read as a path: refused (exit 1).
pub fn find(root: &Path) -> anyhow::Result<Option<Setup>> {
    let Some(config) = crate::database_code::alembic_config(root) else {
        return Ok(None);
    };
    let command = crate::database_code::alembic_command(&config);
    let (here, options) = if config == "alembic/env.py" {
        (String::new(), Options::default())
    } else if let Some(ini) = config.strip_suffix("alembic.ini") {
        let text = crate::fsread::read_to_string(&root.join(&config))
            .map_err(|e| anyhow::anyhow!("cannot read {config}: {e}"))?;
        (
            ini.trim_end_matches('/').to_string(),
            Options::of_ini(&text),
        )
    } else {
        let text = crate::fsread::read_to_string(&root.join("pyproject.toml"))
            .map_err(|e| anyhow::anyhow!("cannot read pyproject.toml: {e}"))?;
        (String::new(), Options::of_pyproject(&text))
    };
    let location = options
        .script_location
        .unwrap_or_else(|| "alembic".to_string());
    let scripts = resolve(root, &here, &location, (&config, "script_location"))?;
    let versions = match options
        .version_locations
        .as_deref()
        .and_then(first_location)
    {
        Some(v) => resolve(root, &here, v, (&config, "version_locations"))?,
        None => format!("{scripts}/versions"),
    };
    Ok(Some(Setup {
        config,
        command,
        scripts,
        versions,
    }))
}

/// The two options of an Alembic config this needs.
#[derive(Debug, Default)]
struct Options {
    script_location: Option<String>,
    version_locations: Option<String>,
}

impl Options {
    /// `[alembic]` of an ini file (configparser: `key = value` or `key: value`).
    fn of_ini(text: &str) -> Options {
        let mut options = Options::default();
        let mut section = String::new();
        for line in text.lines() {
            let line = line.trim();
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.trim().to_string();
                continue;
            }
            if section != "alembic" || line.starts_with(['#', ';']) {
                continue;
            }
            let Some((key, value)) = line.split_once(['=', ':']) else {
                continue;
            };
            let value = value.trim().to_string();
            match key.trim() {
                "script_location" => options.script_location = Some(value),
                "version_locations" => options.version_locations = Some(value),
                _ => {}
            }
        }
        options
    }

    /// `[tool.alembic]` of pyproject.toml (Alembic 1.16); `version_locations` a string or
    /// a list.
    fn of_pyproject(text: &str) -> Options {
        let doc: toml::Table = text.parse().unwrap_or_default();
        let table = doc
            .get("tool")
            .and_then(|t| t.get("alembic"))
            .and_then(toml::Value::as_table);
        let Some(table) = table else {
            return Options::default();
        };
        let version_locations = match table.get("version_locations") {
            Some(toml::Value::String(s)) => Some(s.clone()),
            Some(toml::Value::Array(a)) => a.first().and_then(|v| v.as_str()).map(str::to_string),
            _ => None,
        };
        Options {
            script_location: table
                .get("script_location")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            version_locations,
        }
    }
}

/// The first of Alembic's separated `version_locations` (space, comma or `os.pathsep`).
fn first_location(v: &str) -> Option<&str> {
    v.split([' ', ',', ':', ';']).find(|s| !s.is_empty())
}

/// `value` (`%(here)s/migrations`, `migrations`) as a path relative to the root, the
/// config's directory `here` being where a relative one starts.
fn resolve(
    root: &Path,
    here: &str,
    value: &str,
    (config, key): (&str, &str),
) -> anyhow::Result<String> {
    if value.contains(':') && !value.contains('/') && !value.contains("%(") {
        return Err(refused(format!(
            "{config}: {key} '{value}' is a package resource, which petsage-build cannot \
             read as a directory; give the directory (`%(here)s/migrations`), or write the \
             revision by hand"
        )));
    }
    let (rest, anchored) = match value.strip_prefix("%(here)s") {
        Some(r) => (r.trim_start_matches('/'), true),
        None => (value, false),
    };
    // A plain relative location is relative to where Alembic runs: the ini's directory
    // for most (`cd backend && alembic upgrade head`), the root for some (`alembic -c
    // backend/alembic.ini`): the one that exists, the ini's when neither does.
    let from_root = here.is_empty()
        || (!anchored && !root.join(here).join(rest).is_dir() && root.join(rest).is_dir());
    let joined = if from_root {
        rest.to_string()
    } else {
        format!("{here}/{rest}")
    };
    let mut parts: Vec<&str> = Vec::new();
    let outside = || {
        invalid(format!(
            "{config}: {key} '{value}' lies outside the project; petsage-build writes \
             nothing outside its root"
        ))
    };
    if Path::new(&joined).is_absolute() {
        return Err(outside());
    }
    for c in Path::new(&joined).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str().ok_or_else(outside)?),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop().ok_or_else(outside)?;
            }
            _ => return Err(outside()),
        }
    }
    if parts.is_empty() {
        return Err(outside());
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(files: &[(&str, &str)]) -> anyhow::Result<Option<Setup>> {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        find(dir.path())
    }

    #[test]
    fn the_script_and_versions_directories_come_from_the_config() {
        let py = setup(&[(
            "pyproject.toml",
            "[tool.alembic]\nscript_location = \"%(here)s/migrations\"\n",
        )])
        .unwrap()
        .unwrap();
        assert_eq!(
            (py.scripts.as_str(), py.versions.as_str()),
            ("migrations", "migrations/versions")
        );
        assert_eq!(py.command, "alembic");
        let ini = setup(&[(
            "backend/alembic.ini",
            "[alembic]\nscript_location = app/alembic\n[loggers]\nkeys = root\n",
        )])
        .unwrap()
        .unwrap();
        assert_eq!(ini.scripts, "backend/app/alembic");
        assert_eq!(ini.versions, "backend/app/alembic/versions");
        assert_eq!(ini.command, "alembic -c backend/alembic.ini");
        let located = setup(&[(
            "alembic.ini",
            "[alembic]\nscript_location = %(here)s/db\nversion_locations = %(here)s/db/revs\n",
        )])
        .unwrap()
        .unwrap();
        assert_eq!(located.versions, "db/revs");
        assert_eq!(
            setup(&[("pyproject.toml", "[project]\nname = \"x\"\n")]).unwrap(),
            None
        );
    }

    #[test]
    fn a_location_outside_the_root_is_invalid() {
        let e =
            setup(&[("alembic.ini", "[alembic]\nscript_location = ../elsewhere\n")]).unwrap_err();
        assert!(
            matches!(e.downcast_ref(), Some(crate::error::Error::Invalid(_))),
            "{e}"
        );
        assert!(e.to_string().contains("outside the project"), "{e}");
        let e = setup(&[(
            "alembic.ini",
            "[alembic]\nscript_location = myapp:migrations\n",
        )])
        .unwrap_err();
        assert!(e.to_string().contains("package resource"), "{e}");
    }
}
