//! The revisions in a versions directory, read from the files as Alembic would load them
//! (its module-level `revision` and `down_revision`), never by running Alembic: the head
//! a new revision follows, and whether a revision may still be deleted.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context as _;
use ruff_python_ast::{Expr, Stmt};

use crate::error::{invalid, refused};

/// One revision file: its id, the ids it follows, and where it is (relative to the root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub id: String,
    pub down: Vec<String>,
    pub file: String,
}

/// Every revision of a versions directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub revisions: Vec<Revision>,
}

impl History {
    /// Reads every revision file in `versions` (relative to `root`; missing: no
    /// revisions). A file Alembic would load that has no readable `revision` is invalid
    /// input (exit 2): Alembic itself would stop on it.
    pub fn read(root: &Path, versions: &str) -> anyhow::Result<History> {
        let dir = root.join(versions);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(History::default()),
            Err(e) => return Err(e).with_context(|| format!("cannot list {versions}")),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list {versions}"))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            // Alembic's own rule (`_only_source_rev_file`): `.py` files, not `__init__`
            // and not an editor's lock file.
            if name.ends_with(".py") && !name.starts_with("__init__") && !name.starts_with(".#") {
                names.push(name);
            }
        }
        names.sort();
        let mut revisions = Vec::with_capacity(names.len());
        for name in names {
            let file = format!("{versions}/{name}");
            let text = crate::fsread::read_to_string(&root.join(&file))
                .with_context(|| format!("cannot read the revision {file}"))?;
            revisions.push(parse(&text, &file)?);
        }
        Ok(History { revisions })
    }

    /// The one head a new revision follows (`None`: no revision yet), the revisions in
    /// `without` (the files of the feature being generated again) aside. Several heads,
    /// a revision twice, or a `down_revision` no file has: refused (exit 1), since any
    /// revision written then would not be the one next in line.
    pub fn head(&self, without: &[&str]) -> anyhow::Result<Option<String>> {
        let kept: Vec<&Revision> = self
            .revisions
            .iter()
            .filter(|r| !without.contains(&r.file.as_str()))
            .collect();
        let mut ids = BTreeSet::new();
        for r in &kept {
            if !ids.insert(r.id.as_str()) {
                return Err(refused(format!(
                    "revision '{}' is defined twice ({} and another file); resolve it, \
                     and run again; nothing was changed",
                    r.id, r.file
                )));
            }
        }
        for r in &kept {
            if let Some(gone) = r.down.iter().find(|d| !ids.contains(d.as_str())) {
                return Err(refused(format!(
                    "{} follows revision '{gone}', which no file in the versions directory \
                     has; restore it (or fix its down_revision), and run again; nothing was \
                     changed",
                    r.file
                )));
            }
        }
        let followed: BTreeSet<&str> = kept
            .iter()
            .flat_map(|r| r.down.iter().map(String::as_str))
            .collect();
        let heads: Vec<&Revision> = kept
            .iter()
            .copied()
            .filter(|r| !followed.contains(r.id.as_str()))
            .collect();
        match heads.as_slice() {
            [] if kept.is_empty() => Ok(None),
            [] => Err(refused(
                "the revisions form a cycle (every one is followed by another); fix their \
                 down_revision, and run again; nothing was changed",
            )),
            [one] => Ok(Some(one.id.clone())),
            many => Err(refused(format!(
                "the migrations have {} heads ({}); merge them first (`alembic merge heads`), \
                 and run again; nothing was changed",
                many.len(),
                many.iter()
                    .map(|r| format!("{} in {}", r.id, r.file))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// The history once `file` holds `text` (`None`: deleted): a plan's revisions that
    /// are not on disk yet count as much as those that are.
    pub fn set(&mut self, file: &str, text: Option<&str>) -> anyhow::Result<()> {
        self.revisions.retain(|r| r.file != file);
        if let Some(text) = text {
            self.revisions.push(parse(text, file)?);
        }
        Ok(())
    }

    /// The revision in `file`, if the directory has it.
    pub fn in_file(&self, file: &str) -> Option<&Revision> {
        self.revisions.iter().find(|r| r.file == file)
    }

    /// Whether some revision follows `id`.
    pub fn is_followed(&self, id: &str) -> bool {
        self.revisions
            .iter()
            .any(|r| r.down.iter().any(|d| d == id))
    }
}

/// A revision file's `revision` and `down_revision` (plain or annotated assignments at
/// module level; `down_revision` a string, `None`, or a tuple or list of strings).
pub fn parse(text: &str, file: &str) -> anyhow::Result<Revision> {
    let parsed = ruff_python_parser::parse_module(text).map_err(|e| {
        invalid(format!(
            "{file} is not valid Python ({}), so Alembic cannot load it; fix it, and run \
             again",
            e.error
        ))
    })?;
    let (mut id, mut down) = (None, None);
    for stmt in &parsed.syntax().body {
        let (target, value) = match stmt {
            Stmt::Assign(a) if a.targets.len() == 1 => (&a.targets[0], Some(a.value.as_ref())),
            Stmt::AnnAssign(a) => (a.target.as_ref(), a.value.as_deref()),
            _ => continue,
        };
        let (Some(name), Some(value)) = (target.as_name_expr(), value) else {
            continue;
        };
        match name.id.as_str() {
            "revision" => id = string(value),
            "down_revision" => down = Some(strings(value)),
            _ => {}
        }
    }
    let no_revision = || {
        invalid(format!(
            "{file} has no `revision = \"<id>\"` at module level, so Alembic cannot load \
             it; fix it (or move it out of the versions directory), and run again"
        ))
    };
    let id = id.ok_or_else(no_revision)?;
    let down = down.flatten().ok_or_else(|| {
        invalid(format!(
            "{file}: its down_revision is not a revision id, a list of them or None, so \
             the chain cannot be read; fix it, and run again"
        ))
    })?;
    Ok(Revision {
        id,
        down,
        file: file.to_string(),
    })
}

fn string(e: &Expr) -> Option<String> {
    e.as_string_literal_expr()
        .map(|s| s.value.to_str().to_string())
}

/// `None` → none, `"a"` → one, `("a", "b")` → both; anything else: `None`.
fn strings(e: &Expr) -> Option<Vec<String>> {
    match e {
        Expr::NoneLiteral(_) => Some(Vec::new()),
        Expr::StringLiteral(_) => string(e).map(|s| vec![s]),
        Expr::Tuple(t) => t.elts.iter().map(string).collect(),
        Expr::List(l) => l.elts.iter().map(string).collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(files: &[(&str, &str)]) -> History {
        History {
            revisions: files
                .iter()
                .map(|(file, text)| parse(text, file).unwrap())
                .collect(),
        }
    }

    #[test]
    fn reads_plain_and_annotated_assignments() {
        let r = parse(
            "revision: str = 'b1'\ndown_revision: str | None = \"a1\"\n",
            "v/b1.py",
        )
        .unwrap();
        assert_eq!(
            (r.id.as_str(), r.down.as_slice()),
            ("b1", &["a1".to_string()][..])
        );
        let merge = parse("revision = 'm'\ndown_revision = ('a', 'b')\n", "v/m.py").unwrap();
        assert_eq!(merge.down, ["a", "b"]);
        let first = parse("revision = 'a'\ndown_revision = None\n", "v/a.py").unwrap();
        assert!(first.down.is_empty());
    }

    #[test]
    fn a_file_alembic_could_not_load_is_invalid() {
        for text in [
            "revision = \n",
            "down_revision = None\n",
            "revision = 'a'\ndown_revision = f()\n",
        ] {
            let e = parse(text, "v/x.py").unwrap_err();
            assert!(
                matches!(e.downcast_ref(), Some(crate::error::Error::Invalid(_))),
                "{text}: {e}"
            );
        }
    }

    #[test]
    fn the_head_is_the_one_revision_nothing_follows() {
        let h = history(&[
            ("v/a.py", "revision = 'a'\ndown_revision = None\n"),
            ("v/b.py", "revision = 'b'\ndown_revision = 'a'\n"),
        ]);
        assert_eq!(h.head(&[]).unwrap().as_deref(), Some("b"));
        assert_eq!(h.head(&["v/b.py"]).unwrap().as_deref(), Some("a"));
        assert_eq!(History::default().head(&[]).unwrap(), None);
        assert!(h.is_followed("a") && !h.is_followed("b"));
    }

    #[test]
    fn several_heads_a_broken_chain_and_a_twice_defined_id_are_refused() {
        let two = history(&[
            ("v/a.py", "revision = 'a'\ndown_revision = None\n"),
            ("v/b.py", "revision = 'b'\ndown_revision = 'a'\n"),
            ("v/c.py", "revision = 'c'\ndown_revision = 'a'\n"),
        ]);
        let e = two.head(&[]).unwrap_err().to_string();
        assert!(e.contains("2 heads (b in v/b.py, c in v/c.py)"), "{e}");
        let broken = history(&[("v/b.py", "revision = 'b'\ndown_revision = 'a'\n")]);
        assert!(
            broken
                .head(&[])
                .unwrap_err()
                .to_string()
                .contains("follows revision 'a'")
        );
        let twice = history(&[
            ("v/a.py", "revision = 'a'\ndown_revision = None\n"),
            ("v/z.py", "revision = 'a'\ndown_revision = None\n"),
        ]);
        assert!(
            twice
                .head(&[])
                .unwrap_err()
                .to_string()
                .contains("defined twice")
        );
    }
}
