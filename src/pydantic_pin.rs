//! The Pydantic major version a project allows (SPEC §11 "Pydantic version").
//!
//! Read from pyproject.toml (`[project] dependencies`, PEP 508; `[tool.poetry.dependencies]`,
//! poetry constraints), the `requirements*.txt` files of the root and of `requirements/`,
//! and the lock files `uv.lock` and `poetry.lock`. The parsing is pure (text in, pins out);
//! only [`detect`] reads, through [`crate::fsread`].
//!
//! A constraint is major 1 when it allows no version from 2.0 on (`^1.9`, `>=1.9,<2`,
//! `~=1.10`, `==1.10.13`, `1.*`), else major 2 (unpinned, `>=1.9`, a URL). Constraints
//! from several places all hold at once, so one of major 1 makes the project major 1. A
//! locked version is what is installed: when a lock file names Pydantic, it decides.

use std::fmt;
use std::path::Path;

use crate::dependencies::{normalise, read_text, requirement_files, requirement_lines, split_name};
use crate::pep440;

/// Where a pin was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `[project] dependencies` of pyproject.toml.
    Project,
    /// `[tool.poetry.dependencies]` of pyproject.toml.
    Poetry,
    /// A requirements file, by its path relative to the root.
    Requirements(String),
    /// A lock file (`uv.lock`, `poetry.lock`), by its name.
    Lock(String),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Project => f.write_str("pyproject.toml [project] dependencies"),
            Source::Poetry => f.write_str("pyproject.toml [tool.poetry.dependencies]"),
            Source::Requirements(p) | Source::Lock(p) => f.write_str(p),
        }
    }
}

/// One statement about the project's Pydantic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// 1 when no allowed version is 2.0 or later, else 2 (for a locked version: its major,
    /// with 0.x counted as 1).
    pub major: u8,
    /// The requirement as written, for messages (`pydantic ^1.9`,
    /// `pydantic[email]>=1.9,<2`, `pydantic 1.10.13` for a locked version).
    pub spec: String,
    pub source: Source,
}

impl Pin {
    fn new(allows_v2: bool, spec: String, source: Source) -> Pin {
        Pin {
            major: if allows_v2 { 2 } else { 1 },
            spec,
            source,
        }
    }

    /// The one line `feature` refuses a Pydantic 1 project with.
    pub fn refusal(&self) -> String {
        let verb = if matches!(self.source, Source::Lock(_)) {
            "locks"
        } else {
            "pins"
        };
        format!(
            "this project {verb} {} ({}); the generated code needs Pydantic 2; see README 'Pydantic 1'",
            self.spec, self.source
        )
    }
}

/// The pin that decides, from every pin found: the highest locked major if a lock file
/// names Pydantic, else the first constraint of major 1, else the first one. `None`:
/// nothing names Pydantic (the newest, major 2, is what gets installed).
pub fn decide(pins: &[Pin]) -> Option<&Pin> {
    let locked = pins
        .iter()
        .filter(|p| matches!(p.source, Source::Lock(_)))
        .max_by_key(|p| p.major);
    locked
        .or_else(|| pins.iter().find(|p| p.major == 1))
        .or_else(|| pins.first())
}

/// The pins in the project at `root`, in the order of the module doc (missing files are
/// no pins; an unreadable one is an error, as every read of `fsread`).
pub fn detect(root: &Path) -> anyhow::Result<Vec<Pin>> {
    let mut pins = Vec::new();
    if let Some(text) = read_text(root, "pyproject.toml")? {
        pins.extend(from_pyproject(&text));
    }
    for rel in requirement_files(root)? {
        if let Some(text) = read_text(root, &rel)? {
            pins.extend(from_requirements(&text, &rel));
        }
    }
    for lock in ["uv.lock", "poetry.lock"] {
        if let Some(text) = read_text(root, lock)? {
            pins.extend(from_lock(&text, lock).map_err(crate::error::invalid)?);
        }
    }
    Ok(pins)
}

/// The pins of a pyproject.toml; text that is not TOML has none (the configuration loader
/// reports it).
pub fn from_pyproject(text: &str) -> Vec<Pin> {
    let Ok(doc) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let mut pins = Vec::new();
    let deps = doc
        .get("project")
        .and_then(|p| p.get("dependencies"))
        .and_then(toml::Value::as_array);
    for dep in deps.into_iter().flatten().filter_map(toml::Value::as_str) {
        if let Some(pin) = from_pep508(dep, Source::Project) {
            pins.push(pin);
        }
    }
    let poetry = doc
        .get("tool")
        .and_then(|t| t.get("poetry"))
        .and_then(|p| p.get("dependencies"))
        .and_then(toml::Value::as_table);
    for (name, value) in poetry.into_iter().flatten() {
        if normalise(name) != "pydantic" {
            continue;
        }
        // A string, a table with `version`, or a list of those (one per marker): the
        // project allows 2 if any of them does. A git/path/url table has no version.
        let versions: Vec<&str> = match value {
            toml::Value::Array(items) => items.iter().map(poetry_version).collect(),
            v => vec![poetry_version(v)],
        };
        let allows_v2 = versions.iter().any(|v| poetry_allows_v2(v));
        let spec = format!("{name} {}", versions.join(" | "));
        pins.push(Pin::new(
            allows_v2,
            spec.trim_end().to_string(),
            Source::Poetry,
        ));
    }
    pins
}

fn poetry_version(value: &toml::Value) -> &str {
    match value {
        toml::Value::String(s) => s,
        v => v.get("version").and_then(toml::Value::as_str).unwrap_or(""),
    }
}

/// The pins of a pip requirements file (`name` is its path, for messages).
pub fn from_requirements(text: &str, name: &str) -> Vec<Pin> {
    requirement_lines(text)
        .iter()
        .filter_map(|line| from_pep508(line, Source::Requirements(name.to_string())))
        .collect()
}

/// The locked Pydantic versions of a `uv.lock` or `poetry.lock` (both TOML with
/// `[[package]] name = ... version = ...`); `name` is the file's, for messages.
pub fn from_lock(text: &str, name: &str) -> Result<Vec<Pin>, String> {
    if !text.contains("pydantic") {
        return Ok(Vec::new());
    }
    let doc: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| format!("{name} is not valid TOML: {}", e.message()))?;
    let packages = doc.get("package").and_then(toml::Value::as_array);
    Ok(packages
        .into_iter()
        .flatten()
        .filter(|p| {
            p.get("name")
                .and_then(toml::Value::as_str)
                .is_some_and(|n| normalise(n) == "pydantic")
        })
        .filter_map(|p| p.get("version").and_then(toml::Value::as_str))
        .map(|v| {
            let major = pep440::release(v).0.first().copied().unwrap_or(0);
            Pin::new(
                major >= 2,
                format!("pydantic {v}"),
                Source::Lock(name.to_string()),
            )
        })
        .collect())
}

/// A PEP 508 requirement on Pydantic as a pin; `None` for any other package (also
/// `pydantic-settings`, `pydantic_core`) or what is not a requirement.
pub fn from_pep508(requirement: &str, source: Source) -> Option<Pin> {
    let req = requirement.split(';').next().unwrap_or("").trim();
    let (name, rest) = split_name(req);
    if normalise(name) != "pydantic" {
        return None;
    }
    let mut rest = rest.trim_start();
    if rest.starts_with('[') {
        rest = rest.find(']').map_or("", |at| &rest[at + 1..]).trim_start();
    }
    // A direct reference (`pydantic @ https://...`) says nothing we can read.
    let allows_v2 = rest.starts_with('@') || {
        let spec = rest.trim_start_matches('(').trim_end_matches(')');
        pep440::allows(spec, &[2])
    };
    Some(Pin::new(allows_v2, req.to_string(), source))
}

/// Does a poetry constraint (`^1.9`, `~1.10`, `>=1.9,<2`, `>=1.9 <2`, `1.*`, `1.10.2`,
/// `^1.9 || ^2.0`, `*`) allow a version from 2.0 on?
pub fn poetry_allows_v2(constraint: &str) -> bool {
    pep440::poetry_allows(constraint, &[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// PEP 508 requirements (`[project] dependencies`, requirements files) → major.
    const PEP508: &[(&str, u8)] = &[
        ("pydantic", 2),
        ("pydantic>=1.9", 2),
        ("pydantic>=1.9,<2", 1),
        ("pydantic >= 1.9, < 2.0", 1),
        ("pydantic<2.0.0", 1),
        ("pydantic<2.0.1", 2),
        ("pydantic<=2", 2),
        ("pydantic<=1.10.13", 1),
        ("pydantic[email]==1.10.13", 1),
        ("pydantic[email,dotenv]>=1.8,<2", 1),
        ("pydantic~=1.10", 1),
        ("pydantic~=1.10.2", 1),
        ("pydantic~=2.5", 2),
        ("pydantic==1.*", 1),
        ("pydantic==2.*", 2),
        ("pydantic!=2.0.0,<3", 2),
        ("pydantic>2.0", 2),
        ("pydantic==2.11.4", 2),
        ("pydantic===1.10.2", 1),
        ("Pydantic (>=1.9,<2)", 1),
        ("pydantic>=1.9,<2; python_version >= '3.8'", 1),
        ("pydantic>=1.9 ; python_version < '3.8'", 2),
        ("pydantic @ https://example.com/pydantic-1.10.0.tar.gz", 2),
        ("pydantic==1.10.0b1", 1),
        ("pydantic<2.0b1", 1),
        ("pydantic==0.32.2", 1),
    ];

    #[test]
    fn pep508_requirements() {
        for (req, major) in PEP508 {
            let pin = from_pep508(req, Source::Project).unwrap_or_else(|| panic!("{req}"));
            assert_eq!(pin.major, *major, "{req}");
        }
        for other in [
            "pydantic-settings<2",
            "pydantic_core==1.0",
            "pydantic.v1<2",
            "fastapi<0.100",
            "",
        ] {
            assert_eq!(from_pep508(other, Source::Project), None, "{other}");
        }
    }

    /// Poetry constraints → does it allow 2.x?
    const POETRY: &[(&str, bool)] = &[
        ("^1.9", false),
        ("^1", false),
        ("^2.6.1", true),
        ("^0.32", false),
        ("~1.10", false),
        ("~1", false),
        ("~2.1", true),
        ("~=1.10", false),
        (">=1.9,<2", false),
        (">=1.9, <2.0", false),
        (">=1.9 <2", false),
        (">= 1.9, < 2", false),
        (">=1.9", true),
        ("1.10.13", false),
        ("==1.10.13", false),
        ("=1.10.13", false),
        ("1.*", false),
        ("1.10.*", false),
        ("2.*", true),
        ("*", true),
        ("", true),
        ("^1.9 || ^2.0", true),
        ("^1.8 || ^1.9", false),
        ("<3", true),
        ("!=1.10.0", true),
    ];

    #[test]
    fn poetry_constraints() {
        for (c, v2) in POETRY {
            assert_eq!(poetry_allows_v2(c), *v2, "{c:?}");
        }
    }

    /// Whole files → the deciding pin's major (`None`: nothing names Pydantic).
    #[test]
    fn files_decide_a_major() {
        let pyproject: &[(&str, Option<u8>)] = &[
            (
                "[project]\nname = 'x'\ndependencies = ['fastapi', 'pydantic>=1.9,<2']\n",
                Some(1),
            ),
            (
                "[project]\ndependencies = ['pydantic[email]>=2.12.5', 'pydantic-settings<2']\n",
                Some(2),
            ),
            ("[project]\ndependencies = ['fastapi']\n", None),
            (
                "[tool.poetry.dependencies]\npython = '^3.9'\npydantic = '^1.9'\n",
                Some(1),
            ),
            (
                "[tool.poetry.dependencies]\npydantic = { version = '^1.9', extras = ['email'] }\n",
                Some(1),
            ),
            (
                "[tool.poetry.dependencies]\npydantic = { extras = ['email'], version = '^2.6.1' }\n",
                Some(2),
            ),
            (
                "[tool.poetry.dependencies]\npydantic = [\n  { version = '^1.9', python = '<3.8' },\n  { version = '^2.0', python = '>=3.8' },\n]\n",
                Some(2),
            ),
            (
                "[tool.poetry.dependencies]\npydantic = { git = 'https://github.com/pydantic/pydantic' }\n",
                Some(2),
            ),
            // Both hold: one pin to 1 is enough.
            (
                "[project]\ndependencies = ['pydantic']\n[tool.poetry.dependencies]\npydantic = '~1.10'\n",
                Some(1),
            ),
            ("not toml [", None),
        ];
        for (text, want) in pyproject {
            let pins = from_pyproject(text);
            assert_eq!(decide(&pins).map(|p| p.major), *want, "{text}");
        }

        let requirements: &[(&str, Option<u8>)] = &[
            ("fastapi==0.79.0\npydantic==1.10.13\n", Some(1)),
            (
                "# pinned\npydantic[email]==1.10.13 \\\n    --hash=sha256:abc \\\n    --hash=sha256:def\n",
                Some(1),
            ),
            ("pydantic>=1.9  # works with 2 too\n", Some(2)),
            ("-r base.txt\n-e git+https://x/y#egg=pydantic\n", None),
            ("pydantic-settings==1.0\n", None),
            ("pydantic<2 ; python_version < '3.8'\n", Some(1)),
            ("#pydantic<2\n", None),
        ];
        for (text, want) in requirements {
            let pins = from_requirements(text, "requirements.txt");
            assert_eq!(decide(&pins).map(|p| p.major), *want, "{text}");
        }

        let locks: &[(&str, Option<u8>)] = &[
            (
                "version = 1\n\n[[package]]\nname = \"pydantic\"\nversion = \"1.10.13\"\nsource = { registry = \"https://pypi.org/simple\" }\n",
                Some(1),
            ),
            (
                "[[package]]\nname = \"pydantic\"\nversion = \"2.5.3\"\n\n[[package]]\nname = \"pydantic-core\"\nversion = \"2.14.6\"\n",
                Some(2),
            ),
            (
                "[[package]]\nname = \"pydantic-settings\"\nversion = \"1.0.0\"\n",
                None,
            ),
            (
                "[[package]]\nname = \"fastapi\"\nversion = \"0.79.0\"\n",
                None,
            ),
        ];
        for (text, want) in locks {
            let pins = from_lock(text, "uv.lock").unwrap();
            assert_eq!(decide(&pins).map(|p| p.major), *want, "{text}");
        }
        assert!(from_lock("[[package]\npydantic", "uv.lock").is_err());
    }

    #[test]
    fn a_lock_wins_and_the_refusal_names_the_pin() {
        let mut pins = from_pyproject("[tool.poetry.dependencies]\npydantic = '^1.9'\n");
        let poetry = decide(&pins).unwrap().clone();
        assert_eq!(
            poetry.refusal(),
            "this project pins pydantic ^1.9 (pyproject.toml [tool.poetry.dependencies]); \
             the generated code needs Pydantic 2; see README 'Pydantic 1'"
        );
        // The lock is what is installed: a constraint that allows 2 locked at 1 is 1 ...
        let mut open = from_pyproject("[project]\ndependencies = ['pydantic>=1.9']\n");
        open.extend(
            from_lock(
                "[[package]]\nname = \"pydantic\"\nversion = \"1.10.13\"\n",
                "poetry.lock",
            )
            .unwrap(),
        );
        let locked = decide(&open).unwrap();
        assert_eq!(locked.major, 1);
        assert_eq!(
            locked.refusal(),
            "this project locks pydantic 1.10.13 (poetry.lock); the generated code needs \
             Pydantic 2; see README 'Pydantic 1'"
        );
        // ... and a stale constraint is overruled by a lock at 2.
        pins.extend(
            from_lock(
                "[[package]]\nname = \"pydantic\"\nversion = \"2.5.3\"\n",
                "uv.lock",
            )
            .unwrap(),
        );
        assert_eq!(decide(&pins).unwrap().major, 2);
        let reqs = from_requirements("pydantic>=1.8,<2\n", "requirements/base.txt");
        assert_eq!(
            reqs[0].refusal(),
            "this project pins pydantic>=1.8,<2 (requirements/base.txt); the generated code \
             needs Pydantic 2; see README 'Pydantic 1'"
        );
    }

    proptest::proptest! {
        /// Never a panic on input: any constraint, requirement line or file text.
        #[test]
        fn any_text_is_read_without_a_panic(s in "[ -~\\n\u{e9}\u{2028}]{0,40}") {
            let _ = poetry_allows_v2(&s);
            let _ = from_pep508(&format!("pydantic{s}"), Source::Project);
            let _ = from_requirements(&format!("pydantic{s}"), "r.txt");
            let _ = from_pyproject(&s);
            let _ = from_lock(&format!("pydantic{s}"), "uv.lock");
        }
    }

    #[test]
    fn huge_numbers_are_no_panic() {
        assert!(!poetry_allows_v2("^0.18446744073709551615"));
        let _ = poetry_allows_v2("^18446744073709551615");
        assert_eq!(
            from_pep508("pydantic<99999999999999999999999", Source::Project)
                .unwrap()
                .major,
            2
        );
    }

    #[test]
    fn detect_reads_the_project_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert_eq!(detect(root).unwrap(), Vec::new());
        std::fs::write(
            root.join("pyproject.toml"),
            "[project]\ndependencies = ['pydantic']\n",
        )
        .unwrap();
        std::fs::create_dir(root.join("requirements")).unwrap();
        std::fs::create_dir(root.join("requirements.d.txt")).unwrap(); // a directory
        std::fs::write(root.join("requirements/prod.txt"), "pydantic==1.10.2\n").unwrap();
        std::fs::write(root.join("requirements-dev.txt"), "pytest\n").unwrap();
        let pins = detect(root).unwrap();
        let decided = decide(&pins).unwrap();
        assert_eq!(decided.major, 1);
        assert_eq!(
            decided.source,
            Source::Requirements("requirements/prod.txt".into())
        );
        std::fs::write(
            root.join("uv.lock"),
            "[[package]]\nname = \"pydantic\"\nversion = \"2.11.4\"\n",
        )
        .unwrap();
        assert_eq!(decide(&detect(root).unwrap()).unwrap().major, 2);
        std::fs::write(root.join("uv.lock"), "pydantic = [").unwrap();
        let e = detect(root).unwrap_err();
        assert!(e.to_string().contains("uv.lock is not valid TOML"), "{e}");
    }
}
