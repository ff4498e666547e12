//! Does the main app create the database tables at start-up (SPEC §12)? In its own text
//! (`SQLModel.metadata.create_all(engine)`, `create_db_and_tables()`), or in a function
//! of the project's modules that it calls (`init_db()` in `app/db/init_db.py`), followed
//! through the imports a few calls deep, so that `feature` does not say main creates no
//! tables when a helper does.

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;

use ruff_python_ast::Stmt;
use ruff_text_size::Ranged;

use crate::layout::Layout;
use crate::python::ParsedModule;

/// How many functions are followed at most, and how deep.
const MAX_FOLLOWED: usize = 64;
const MAX_DEPTH: usize = 3;

/// Whether `main` (the main module's text) creates the tables, itself or through the
/// project functions it calls.
pub(super) fn creates_tables(root: &Path, layout: &Layout, main: &str) -> bool {
    if has_marker(main) {
        return true;
    }
    let Ok(parsed) = ParsedModule::for_target(main, layout.python) else {
        return false;
    };
    let within = layout.package(&layout.main);
    let mut queue: VecDeque<(String, usize)> = called_names(main)
        .into_iter()
        .map(|name| parsed.resolve_any_scope(&name, &within))
        .filter(|path| path.contains('.'))
        .map(|path| (path, 0))
        .collect();
    let mut seen = BTreeSet::new();
    while let Some((path, depth)) = queue.pop_front() {
        if seen.len() >= MAX_FOLLOWED {
            break;
        }
        if !seen.insert(path.clone()) {
            continue;
        }
        let Some((module, function)) = path.rsplit_once('.') else {
            continue;
        };
        let Some((rel, text)) = read_module(root, layout, module) else {
            continue;
        };
        let Some(body) = function_text(&text, function) else {
            continue;
        };
        if has_marker(body) {
            return true;
        }
        if depth >= MAX_DEPTH {
            continue;
        }
        let Ok(parsed) = ParsedModule::for_target(&text, layout.python) else {
            continue;
        };
        let within = layout.package(&rel);
        for name in called_names(body) {
            let resolved = parsed.resolve_any_scope(&name, &within);
            // Not imported: a function of the same module.
            let next = if resolved == name && !name.contains('.') {
                format!("{module}.{name}")
            } else {
                resolved
            };
            queue.push_back((next, depth + 1));
        }
    }
    false
}

/// The code (comments aside) names a table-creating call.
fn has_marker(text: &str) -> bool {
    text.lines().any(|l| {
        let code = l.split('#').next().unwrap_or("");
        code.contains("create_all") || code.contains("create_db_and_tables")
    })
}

/// The dotted names called in `text` (`init_db`, `db.init`), each once; definitions
/// (`def f(`, `class C(`) aside.
fn called_names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let starts = (c.is_ascii_alphabetic() || c == b'_')
            && (i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'_' | b'.')));
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'.'))
        {
            i += 1;
        }
        let name = text[start..i].trim_end_matches('.');
        let before = text[..start].trim_end();
        let defined = before.ends_with("def") || before.ends_with("class");
        if bytes.get(i) == Some(&b'(') && !defined && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// The text of the module-level function `name` of `source` (also inside a top-level
/// `if`/`try`).
fn function_text<'s>(source: &'s str, name: &str) -> Option<&'s str> {
    let parsed = ruff_python_parser::parse_module(source).ok()?;
    let mut stack: Vec<&Stmt> = parsed.syntax().body.iter().collect();
    while let Some(stmt) = stack.pop() {
        match stmt {
            Stmt::FunctionDef(f) if f.name.id.as_str() == name => {
                let r = f.range();
                return source.get(r.start().to_usize()..r.end().to_usize());
            }
            Stmt::If(i) => {
                stack.extend(i.body.iter());
                stack.extend(i.elif_else_clauses.iter().flat_map(|c| c.body.iter()));
            }
            Stmt::Try(t) => stack.extend(t.body.iter()),
            _ => {}
        }
    }
    None
}

/// The project file of a dotted module and its text: `a/b.py` or `a/b/__init__.py`,
/// below the import root, the root or `src/`.
fn read_module(root: &Path, layout: &Layout, module: &str) -> Option<(String, String)> {
    let path = module.replace('.', "/");
    let configured = match layout.import_root.trim_matches('/') {
        "" => String::new(),
        r => format!("{r}/"),
    };
    for base in [configured.as_str(), "", "src/"] {
        for rel in [
            format!("{base}{path}.py"),
            format!("{base}{path}/__init__.py"),
        ] {
            if let Ok(text) = crate::fsread::read_to_string(&root.join(&rel)) {
                return Some((rel, text));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_read_off_the_text() {
        let text = "def f(x):\n    init_db(engine)\n    db.setup()\n    return x.y(1)\n";
        assert_eq!(called_names(text), ["init_db", "db.setup", "x.y"]);
    }

    #[test]
    fn a_helper_main_calls_creates_the_tables() {
        let dir = tempfile::tempdir().unwrap();
        let put = |rel: &str, text: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        put(
            "app/db/init_db.py",
            "from app.db import base\n\n\ndef init_db(engine):\n    base.make(engine)\n",
        );
        put(
            "app/db/base.py",
            "from sqlmodel import SQLModel\n\n\ndef make(engine):\n    SQLModel.metadata.create_all(engine)\n\n\ndef unused():\n    pass\n",
        );
        let layout = Layout {
            main: "app/main.py".into(),
            ..Layout::default()
        };
        let main = "from contextlib import asynccontextmanager\n\nfrom app.db.init_db import init_db\n\n\n@asynccontextmanager\nasync def lifespan(app):\n    init_db(None)\n    yield\n";
        assert!(creates_tables(dir.path(), &layout, main));
        let main = "from app.db.base import unused\n\nunused()\n";
        assert!(!creates_tables(dir.path(), &layout, main));
    }
}
