//! Python's lexical rules as ruff applies them: the line length and how a line's width
//! is counted, what an identifier and a keyword are, the order ruff's isort puts imports
//! in, and how `ruff format` wraps the two statements we write into existing files (a
//! `from … import …` and an `….include_router(…)` call).
//!
//! Both sides of the crate use these rules: `render` lays out generated files with them
//! and `python` splices into the user's files with them, so a generated file and a
//! patched one agree with each other and with `ruff check` / `ruff format` (ruff 0.17,
//! default settings). This module depends on nothing else in the crate.

use std::cmp::Ordering;

use unicode_width::UnicodeWidthChar;

/// ruff's default `line-length` (and E501's); a line of exactly this width still fits.
pub const LINE_LENGTH: usize = 88;

/// ruff's default `indent-width`, which is also where its tab stops are.
pub const TAB_SIZE: usize = 4;

/// The width ruff gives a line: each character's Unicode display width (East Asian wide
/// characters count 2, combining marks 0), a tab advancing to the next tab stop.
pub fn width(line: &str) -> usize {
    line.chars().fold(0, |column, c| match c {
        '\t' => column + TAB_SIZE - column % TAB_SIZE,
        c => column + c.width().unwrap_or(0),
    })
}

/// Whether `line` fits within `LINE_LENGTH`.
pub fn fits(line: &str) -> bool {
    width(line) <= LINE_LENGTH
}

/// Python's keywords: never a name.
pub const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Python's soft keywords: keywords only in their own statements, names everywhere else.
pub const SOFT_KEYWORDS: &[&str] = &["_", "case", "match", "type"];

/// Whether `s` is one of Python's keywords (soft keywords are names).
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Whether `s` is a name Python accepts as written: a Unicode `XID_Start` character or
/// `_`, then `XID_Continue` characters, and not a keyword. CPython and ruff both refuse
/// any other character before normalising (`a²` is a syntax error, though NFKC would make
/// it `a2`); what they then bind is the name's NFKC form.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || unicode_ident::is_xid_start(c))
        && chars.all(unicode_ident::is_xid_continue)
        && !is_keyword(s)
}

/// `is_identifier`, and ASCII only: the names this tool itself derives and the paths of
/// the modules it writes are kept to ASCII.
pub fn is_ascii_identifier(s: &str) -> bool {
    s.is_ascii() && is_identifier(s)
}

/// Whether `s` is an absolute module path: identifiers joined by dots.
pub fn is_dotted(s: &str) -> bool {
    s.split('.').all(is_identifier)
}

/// ruff isort's `order-by-type`: CONSTANTS, then Classes, then everything else. As ruff
/// decides it, a constant is longer than one *byte* (so `Á` is one) and has upper-case
/// letters but no lower-case ones.
fn member_type(name: &str) -> u8 {
    let upper = name.chars().any(char::is_uppercase);
    if name.len() > 1 && upper && !name.chars().any(char::is_lowercase) {
        0
    } else if name.chars().next().is_some_and(char::is_uppercase) {
        1
    } else {
        2
    }
}

/// Natural order as ruff's isort compares names, with the `natord` crate it uses: digit
/// runs compare as numbers, or digit by digit when one starts with `0` (`x01` < `x1`).
pub fn natural(a: &str, b: &str) -> Ordering {
    natord::compare(a, b)
}

/// ruff isort's default `case-sensitive = false`: case-insensitively first, then as
/// written.
fn natural_ci(a: &str, b: &str) -> Ordering {
    natural(&a.to_lowercase(), &b.to_lowercase()).then_with(|| natural(a, b))
}

/// Order of two imported members (`name` or `name as alias`) within one statement.
pub fn member_cmp(a: (&str, Option<&str>), b: (&str, Option<&str>)) -> Ordering {
    member_type(a.0)
        .cmp(&member_type(b.0))
        .then_with(|| natural_ci(a.0, b.0))
        .then_with(|| a.1.cmp(&b.1))
}

/// Order of two module paths, as ruff's isort orders `from` statements.
pub fn module_cmp(a: &str, b: &str) -> Ordering {
    natural_ci(a, b)
}

/// Order of two `from module import first_member` statements within one section (ruff's
/// default `force-sort-within-sections = false`: `from` statements among themselves).
pub fn from_statement_cmp(a: (&str, &str), b: (&str, &str)) -> Ordering {
    module_cmp(a.0, b.0).then_with(|| member_cmp((a.1, None), (b.1, None)))
}

/// `from {module} import {names}` as ruff's isort writes it: on one line (with
/// `comment`, which is empty or starts with two spaces) if that fits, else parenthesised,
/// one member per line with a trailing comma and the comment behind the `(`.
pub fn from_import(module: &str, names: &[String], comment: &str) -> Vec<String> {
    let single = format!("from {module} import {}{comment}", names.join(", "));
    if fits(&single) {
        return vec![single];
    }
    from_import_wrapped(module, names, comment)
}

/// The parenthesised form of `from_import`.
pub fn from_import_wrapped(module: &str, names: &[String], comment: &str) -> Vec<String> {
    let mut lines = vec![format!("from {module} import ({comment}")];
    lines.extend(names.iter().map(|n| format!("    {n},")));
    lines.push(")".to_string());
    lines
}

/// `{target}.include_router({written})` as `ruff format` writes it: on one line if that
/// fits; else the arguments (`args`, each as written) hugged on one line of their own
/// if that fits; else one argument per line with a magic trailing comma.
pub fn include_router(target: &str, written: &str, args: &[String]) -> Vec<String> {
    call(&format!("{target}.include_router("), written, args)
}

/// `{head}{written})` (`head` ends with the call's `(`) wrapped as [`include_router`].
pub fn call(head: &str, written: &str, args: &[String]) -> Vec<String> {
    let head = head.to_string();
    let single = format!("{head}{written})");
    if fits(&single) {
        return vec![single];
    }
    let hugged = format!("    {}", args.join(", "));
    if fits(&hugged) && !args.is_empty() {
        return vec![head, hugged, ")".to_string()];
    }
    let mut lines = vec![head];
    lines.extend(args.iter().map(|a| format!("    {a},")));
    lines.push(")".to_string());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ruff_member_order() {
        // The order ruff 0.17 produced for this very list.
        let want = ["AB", "B_C", "A", "Ab", "X", "a", "aB", "ab", "x9", "x10"];
        let mut got = ["A", "B_C", "Ab", "a", "ab", "AB", "aB", "x10", "x9", "X"];
        got.sort_by(|a, b| member_cmp((a, None), (b, None)));
        assert_eq!(got, want);
        let want = ["_X", "Á", "A", "Éa", "_1", "__", "a"];
        let mut got = ["__", "_1", "_X", "Á", "Éa", "a", "A"];
        got.sort_by(|a, b| member_cmp((a, None), (b, None)));
        assert_eq!(got, want);
    }

    #[test]
    fn modules() {
        assert_eq!(
            from_statement_cmp(("petsage.api", "x"), ("petsage.api.v1", "a")),
            Ordering::Less
        );
        assert_eq!(natural("v10", "v9"), Ordering::Greater);
        // ruff 0.17: `from p.x01 import z` before `from p.x1 import w`.
        assert_eq!(
            from_statement_cmp(("p.x01", "z"), ("p.x1", "w")),
            Ordering::Less
        );
    }

    #[test]
    fn identifiers() {
        for ok in ["x", "_", "match", "type", "café", "日本", "ﬁle", "x1"] {
            assert!(is_identifier(ok), "{ok}");
        }
        for bad in ["", "1x", "a-b", "class", "None", "a½", "a²", "x y"] {
            assert!(!is_identifier(bad), "{bad}");
        }
        assert!(!is_ascii_identifier("café"));
        assert!(is_dotted("a.b_c.d") && !is_dotted("a..b") && !is_dotted("a.class"));
    }

    #[test]
    fn widths() {
        assert_eq!(width("abc"), 3);
        // ruff 0.17 reports `x = 1  # ` + 35 × `日本` + `x` (80 characters) as 150 wide.
        assert_eq!(width(&format!("x = 1  # {}x", "日本".repeat(35))), 150);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("\tx"), 5);
        assert_eq!(width("ab\tx"), 5);
    }

    #[test]
    fn wrapping() {
        let names = ["a".to_string(), "b".to_string()];
        assert_eq!(from_import("m", &names, ""), ["from m import a, b"]);
        let long = "m".repeat(80);
        assert_eq!(
            from_import(&long, &names, "  # c"),
            [
                format!("from {long} import (  # c"),
                "    a,".into(),
                "    b,".into(),
                ")".into()
            ]
        );
        let args = ["r".repeat(60), "prefix=\"/p\"".to_string()];
        let written = args.join(", ");
        assert_eq!(
            include_router("app", &written, &args),
            [
                "app.include_router(".to_string(),
                format!("    {written}"),
                ")".into()
            ]
        );
    }
}
