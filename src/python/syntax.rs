//! Parsing with Astral's `ruff_python_parser` and the syntax check that guards every patch.
//!
//! The parser is ruff's own, so our view of a file is the one the user's linter has, and
//! it refuses what CPython refuses (tree-sitter, used before, recovered from errors and
//! let invalid code through). Version-dependent syntax (`match`, `type X = ...`, ...) is
//! judged against the project's lowest supported Python ([`Target`]). Where an error is
//! placed and how it is worded is `syntax_error.rs`.

use std::fmt;

use ruff_python_ast::token::Token;
use ruff_python_ast::{ModModule, PythonVersion};
use ruff_python_parser::{Mode, ParseOptions, Parsed};
use ruff_text_size::TextSize;

use super::syntax_error::{SyntaxError, check_cookie, conflict_marker, error_at, never_closed};
use super::text::split_bom;

/// The oldest Python a project supports (`requires-python`): syntax newer than that is
/// refused, as CPython of that version would refuse it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub major: u8,
    pub minor: u8,
}

impl Target {
    /// The newest version the parser knows: accepts every syntax it knows.
    pub const LATEST: Target = Target {
        major: 3,
        minor: 14,
    };

    /// The lower bound of a `requires-python` specifier (`>=3.10`, `~=3.11`, `>=3.9,<4`,
    /// `==3.12.*`); `None` when it names no lower bound.
    pub fn from_requires_python(spec: &str) -> Option<Target> {
        let lo = crate::pep440::lower_bound(spec)?;
        let major = u8::try_from(*lo.first()?).ok()?;
        let minor = u8::try_from(lo.get(1).copied().unwrap_or(0)).ok()?;
        (major == 3).then_some(Target { major, minor })
    }

    fn options(self) -> ParseOptions {
        ParseOptions::from(Mode::Module).with_target_version(PythonVersion {
            major: self.major,
            minor: self.minor,
        })
    }
}

impl Default for Target {
    fn default() -> Self {
        Target::LATEST
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// A parsed module: its statements and its tokens (comments and brackets live there).
pub(crate) struct Source {
    /// `Some` until dropped (see `Drop`).
    parsed: Option<Parsed<ModModule>>,
    /// The source's length, which bounds the tree's depth.
    len: usize,
}

impl Source {
    pub(crate) fn module(&self) -> &ModModule {
        self.parsed.as_ref().map_or(&*EMPTY, Parsed::syntax)
    }

    pub(crate) fn tokens(&self) -> &[Token] {
        self.parsed.as_ref().map_or(&[], |p| p.tokens())
    }
}

/// Never seen: `parsed` is only `None` while the source is being dropped.
static EMPTY: std::sync::LazyLock<ModModule> = std::sync::LazyLock::new(|| ModModule {
    node_index: ruff_python_ast::AtomicNodeIndex::NONE,
    range: ruff_text_size::TextRange::default(),
    body: Default::default(),
});

/// Checks that `source` (BOM allowed) is Python for the newest version.
pub fn check_syntax(source: &str) -> Result<(), SyntaxError> {
    check_syntax_for(source, Target::LATEST)
}

/// Checks that `source` (BOM allowed) is Python that `target` accepts.
pub fn check_syntax_for(source: &str, target: Target) -> Result<(), SyntaxError> {
    let (bom, code) = split_bom(source);
    check_cookie(bom, code)?;
    parse_checked(code, target).map(|_| ())
}

/// Parses code without BOM and refuses anything with errors or conflict markers. The
/// parse runs with a stack that grows on demand (the parser's own `stacker`), and the
/// tree is dropped the same way, so deeply nested input cannot overflow the stack.
pub(crate) fn parse_checked(code: &str, target: Target) -> Result<Source, SyntaxError> {
    if let Some(at) = code.find('\0') {
        return Err(error_at(code, at, "source code cannot contain null bytes"));
    }
    let parsed = ruff_python_parser::parse_unchecked(code, target.options());
    let first_error = parsed
        .errors()
        .iter()
        .map(|e| (e.location.start(), e.error.to_string()))
        .chain(parsed.unsupported_syntax_errors().iter().map(|e| {
            let message = e.to_string();
            (e.range.start(), message)
        }))
        .min_by_key(|(at, _)| *at);
    if let Some((at, message)) = first_error {
        // A conflict marker is the most useful thing to report: the parser's own error
        // would point somewhere inside the conflict with a vaguer message.
        let found = conflict_marker(code, parsed.tokens())
            .or_else(|| never_closed(code, parsed.tokens(), offset(at)))
            .unwrap_or_else(|| error_at(code, offset(at), &message));
        dispose(parsed, code.len());
        return Err(found);
    }
    // Parsed in `Mode::Module`, so always a module.
    let parsed = parsed
        .try_into_module()
        .ok_or_else(|| error_at(code, 0, "not a module"))?;
    // What parses may still not compile: CPython raises these as syntax errors too.
    let version = PythonVersion {
        major: target.major,
        minor: target.minor,
    };
    if let Some((range, message)) = super::semantic::first_error(code, parsed.syntax(), version) {
        let found = error_at(code, offset(range.start()), &message);
        dispose(parsed, code.len());
        return Err(found);
    }
    Ok(Source {
        parsed: Some(parsed),
        len: code.len(),
    })
}

/// Drops a tree with room to recurse: dropping a chain of a million nested expressions
/// recurses as deep as the chain, and the depth can only be as large as the source is
/// long. A large tree is dropped on a thread whose stack fits that bound (reserved, not
/// used, unless the source really is that deep).
pub(crate) fn dispose<T: Send + 'static>(value: T, source_len: usize) {
    const SMALL: usize = 4 * 1024;
    const PER_BYTE: usize = 256;
    if source_len <= SMALL {
        drop(value);
        return;
    }
    let stack = source_len.saturating_mul(PER_BYTE).saturating_add(1 << 20);
    let dropper = std::thread::Builder::new()
        .name("drop-tree".into())
        .stack_size(stack)
        .spawn(move || drop(value));
    // If no thread can be had, the tree is leaked rather than risk the stack: the
    // process is short-lived and the memory is bounded by the size cap on reads.
    if let Ok(handle) = dropper {
        let _ = handle.join();
    }
}

impl Drop for Source {
    fn drop(&mut self) {
        dispose(self.parsed.take(), self.len);
    }
}

fn offset(at: TextSize) -> usize {
    at.to_usize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid() {
        assert_eq!(check_syntax("x = 1\n"), Ok(()));
        assert_eq!(check_syntax(""), Ok(()));
        assert_eq!(check_syntax("\u{feff}x = 1\r\n"), Ok(()));
        assert_eq!(check_syntax("s = \"\"\"\n=======\n\"\"\"\n"), Ok(()));
        assert_eq!(check_syntax("x = 1\ry = 2\r"), Ok(()));
    }

    #[test]
    fn what_cpython_refuses_is_refused() {
        // Each was accepted by the tree-sitter check (fuzz and hostile-review finds).
        for code in [
            "from fastapi import APIRoute.r\n",
            "from typing \nimport X\n",
            "api_v1_router = APIRouter()as x\n",
            "x = (1,\n",
            "f(**k, *a)\n",
            "x = yield = 1\n",
            "import a.b as\n",
            "def f(a, a): pass\n",
            "return 1\n",
            "x = [(yield) for y in z]\n",
            "def f():\n    await g()\n",
            "break\n",
            "for x in y:\n    pass\nelse:\n    continue\n",
            "nonlocal x\n",
            "f(a=1, a=2)\n",
            "class C:\n    return 1\n",
            "def f(x):\n    global x\n",
            "from x import y\nfrom __future__ import annotations\n",
            "\u{feff}# coding: latin-1\nx = 1\n",
        ] {
            assert!(check_syntax(code).is_err(), "{code:?}");
        }
    }

    #[test]
    fn valid_scopes_are_accepted() {
        for code in [
            "async def f():\n    await g()\n    [x async for x in y]\n",
            "def f():\n    for x in y:\n        if x:\n            break\n    return 1\n",
            "def g():\n    yield 1\n    lambda: (yield)\n",
            "while True:\n    try:\n        continue\n    finally:\n        pass\n",
            "def f():\n    x = 1\n\n    def g():\n        nonlocal x\n        x = 2\n",
            "class C:\n    xs = [i for i in range(3)]\n",
            "from __future__ import annotations\nimport os\n",
            "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n",
            "g = (await x for x in y)\n",
            "def f(x):\n    class C:\n        nonlocal x\n",
            "\u{feff}# -*- coding: utf-8 -*-\nx = 1\n",
        ] {
            assert_eq!(check_syntax(code), Ok(()), "{code:?}");
        }
    }

    #[test]
    fn target_version_decides() {
        let old = Target { major: 3, minor: 9 };
        assert!(check_syntax_for("match x:\n    case 1:\n        pass\n", old).is_err());
        assert!(check_syntax("match x:\n    case 1:\n        pass\n").is_ok());
        assert!(
            check_syntax_for(
                "type X = int\n",
                Target {
                    major: 3,
                    minor: 11
                }
            )
            .is_err()
        );
        assert!(check_syntax("type X = int\n").is_ok());
    }

    #[test]
    fn requires_python() {
        let t = |s| Target::from_requires_python(s).map(|t| t.to_string());
        assert_eq!(t(">=3.10"), Some("3.10".into()));
        assert_eq!(t(">=3.9, <4"), Some("3.9".into()));
        assert_eq!(t("~=3.11.2"), Some("3.11".into()));
        assert_eq!(t("==3.12.*"), Some("3.12".into()));
        assert_eq!(t("<4"), None);
        assert_eq!(t(">=3"), Some("3.0".into()));
    }

    #[test]
    fn deep_unary_does_not_overflow() {
        let deep = format!("x = {}1\n", "-".repeat(200_000));
        let _ = check_syntax(&deep);
    }

    #[test]
    fn deep_parens_do_not_overflow() {
        let deep = format!("x = {}1{}\n", "(".repeat(100_000), ")".repeat(100_000));
        let _ = check_syntax(&deep);
    }

    #[test]
    fn long_chain_does_not_overflow() {
        let chain = format!("x = 1{}\n", "+1".repeat(300_000));
        let _ = check_syntax(&chain);
        let _ = super::super::load::read(&chain, Target::LATEST);
    }
}
