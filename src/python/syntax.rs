//! Parsing with tree-sitter-python and the syntax check that guards every patch.

use std::cell::RefCell;
use std::fmt;

use tree_sitter::{Node, Parser, Tree};

use super::text::split_bom;

/// Where a source stops being Python, 1-based like Python's own messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for SyntaxError {}

thread_local! {
    /// One parser per thread, set up once: a command parses several sources (the
    /// aggregator before and after patching, the main app).
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parses code that has no BOM (see `split_bom`). Only fails if tree-sitter itself does.
pub(crate) fn parse(code: &str) -> Result<Tree, SyntaxError> {
    let failed = |message: &str| SyntaxError {
        line: 1,
        column: 1,
        message: message.to_string(),
    };
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = match &mut *slot {
            Some(parser) => parser,
            None => {
                let mut parser = Parser::new();
                parser
                    .set_language(&tree_sitter_python::LANGUAGE.into())
                    .map_err(|_| failed("the Python grammar could not be loaded"))?;
                slot.insert(parser)
            }
        };
        let tree = parser.parse(code, None);
        // A parse that gave up leaves the parser mid-way; the next one starts afresh.
        if tree.is_none() {
            parser.reset();
        }
        // After a large source, let the parser's buffers go with it: they would add to
        // the peak memory of the next parse.
        if code.len() > 16 * 1024 {
            *slot = None;
        }
        tree.ok_or_else(|| failed("the parser gave up"))
    })
}

/// Checks that `source` (BOM allowed) is Python, reporting the first problem.
pub fn check_syntax(source: &str) -> Result<(), SyntaxError> {
    let (_, code) = split_bom(source);
    parse_checked(code).map(|_| ())
}

/// Parses code without BOM and refuses anything with errors or conflict markers.
pub(crate) fn parse_checked(code: &str) -> Result<Tree, SyntaxError> {
    let tree = parse(code)?;
    // A conflict marker is the most useful thing to report: the parser's own error
    // would point somewhere inside the conflict with a vaguer message.
    if let Some(err) = conflict_marker(code, &tree) {
        return Err(err);
    }
    if code.contains('\0') {
        let at = code.find('\0').unwrap_or(0);
        return Err(error_at(code, at, "null byte".to_string()));
    }
    let root = tree.root_node();
    if root.has_error() {
        let (at, message) = first_error(code, root);
        return Err(error_at(code, at, message));
    }
    // tree-sitter accepts a few things CPython refuses; they would survive a patch
    // unnoticed, so they are refused here too.
    if let Some((at, message)) = not_python3(code, root) {
        return Err(error_at(code, at, message));
    }
    Ok(tree)
}

/// Inconsistent indentation (which tree-sitter silently accepts) and Python 2's `print`
/// and `exec` statements: the first such spot in document order.
fn not_python3(code: &str, root: Node) -> Option<(usize, String)> {
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        match node.kind() {
            "print_statement" | "exec_statement" => {
                let keyword = node.kind().trim_end_matches("_statement");
                return Some((node.start_byte(), format!("Python 2 `{keyword}` statement")));
            }
            "module" | "block" => {
                if let Some(found) = bad_indent(code, node) {
                    return Some(found);
                }
            }
            _ => {}
        }
        // A simple statement holds no block and no other statement: nothing to find
        // inside (most of an aggregator's nodes are in them).
        if !is_simple_statement(node.kind()) && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return None;
            }
        }
    }
}

/// Statements that contain only expressions (or names), never a block or a statement.
fn is_simple_statement(kind: &str) -> bool {
    matches!(
        kind,
        "expression_statement"
            | "import_statement"
            | "import_from_statement"
            | "future_import_statement"
            | "assert_statement"
            | "return_statement"
            | "delete_statement"
            | "raise_statement"
            | "pass_statement"
            | "break_statement"
            | "continue_statement"
            | "global_statement"
            | "nonlocal_statement"
            | "type_alias_statement"
    )
}

fn bad_indent(code: &str, body: Node) -> Option<(usize, String)> {
    let mut reference: Option<&str> = (body.kind() == "module").then_some("");
    let mut cursor = body.walk();
    for child in body.named_children(&mut cursor) {
        if child.kind() == "comment" {
            continue;
        }
        let start = child.start_byte();
        let line_begin = code[..start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &code[line_begin..start];
        if !indent.trim().is_empty() {
            // Not the first thing on its line (after `;` or `:`): no indentation.
            continue;
        }
        match reference {
            None => reference = Some(indent),
            Some(r) if r == indent => {}
            Some(r) => {
                let message = if indent.len() > r.len() {
                    "unexpected indent"
                } else {
                    "unindent does not match any outer indentation level"
                };
                return Some((line_begin, message.to_string()));
            }
        }
    }
    None
}

fn error_at(code: &str, at: usize, message: String) -> SyntaxError {
    let at = floor_boundary(code, at);
    let before = &code[..at];
    let line = before.matches('\n').count() + 1;
    let line_begin = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_begin..].chars().count() + 1;
    SyntaxError {
        line,
        column,
        message,
    }
}

fn floor_boundary(code: &str, mut at: usize) -> usize {
    at = at.min(code.len());
    while !code.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn conflict_marker(code: &str, tree: &Tree) -> Option<SyntaxError> {
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let marker = ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
            .into_iter()
            .find(|m| line.starts_with(m));
        if let Some(marker) = marker
            && !inside_string(tree, offset)
        {
            return Some(error_at(
                code,
                offset,
                format!("merge conflict marker `{marker}`"),
            ));
        }
        offset += line.len();
    }
    None
}

/// Whether `at` lies in a string literal, where a marker-like line is just text.
fn inside_string(tree: &Tree, at: usize) -> bool {
    let mut node = tree.root_node().descendant_for_byte_range(at, at + 1);
    while let Some(n) = node {
        if n.kind() == "string" {
            return true;
        }
        node = n.parent();
    }
    false
}

/// The first ERROR or MISSING node in document order, walked without recursion so that
/// deeply nested input cannot exhaust the stack.
fn first_error(code: &str, root: Node) -> (usize, String) {
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_missing() {
            let kind = node.kind();
            return (node.start_byte(), format!("missing `{kind}`"));
        }
        if node.is_error() {
            return (node.start_byte(), describe_error(code, node));
        }
        // Only descend into subtrees that contain an error.
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return (root.start_byte(), "invalid syntax".to_string());
            }
        }
    }
}

fn describe_error(code: &str, node: Node) -> String {
    let text = code
        .get(node.start_byte()..node.end_byte())
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty());
    match text {
        Some(t) => {
            let snippet: String = t.chars().take(40).collect();
            let more = if snippet.len() < t.len() { "…" } else { "" };
            format!("invalid syntax near `{snippet}{more}`")
        }
        None => "invalid syntax".to_string(),
    }
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
    }

    #[test]
    fn errors() {
        let e = check_syntax("x = 1\ny = (\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e =
            check_syntax("a = 1\n<<<<<<< HEAD\nb = 2\n=======\nb = 3\n>>>>>>> x\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.to_string().contains("merge conflict"), "{e}");
        let e = check_syntax("def f(:\n    pass\n").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        assert!(check_syntax("é = = 1\n").is_err());
        let e = check_syntax("a = 1\n  b = 2\n").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (2, "unexpected indent"));
        let e = check_syntax("if a:\n    b = 1\n  c = 2\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(check_syntax("print 'x'\n").is_err());
        assert!(check_syntax("if a: b = 1\nif c:\n\tx = 1\n\ty = 2\n  # odd comment\n").is_ok());
    }
}
