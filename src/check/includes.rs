//! The `include_router` calls on one router, read in a single parse.
//!
//! `python::is_wired` answers the question for one name and parses the file each time;
//! over a thousand features that is a thousand parses of a thousand-line file. This walk
//! mirrors what `python` counts as an include (a call `{router}.include_router(...)` at
//! any depth, identified by its first argument without whitespace) so that `check` can
//! parse the aggregator once. It belongs next to `python::imported_names`; it lives here
//! only until the Python module exposes it.

use tree_sitter::{Node, Parser};

/// The first argument of every `{router}.include_router(...)` call, without whitespace,
/// with the call's 1-based line. `None` if the source cannot be parsed at all (callers
/// run `python::check_syntax` first, so that is not expected).
pub(crate) fn included(source: &str, router: &str) -> Option<Vec<(String, usize)>> {
    let code = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .ok()?;
    let tree = parser.parse(code, None)?;
    let mut out = Vec::new();
    let mut cursor = tree.root_node().walk();
    loop {
        let node = cursor.node();
        if node.kind() == "call"
            && let Some(arg) = include_of(code, node, router)
        {
            out.push((arg, node.start_position().row + 1));
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return Some(out);
            }
        }
    }
}

fn include_of(code: &str, call: Node, router: &str) -> Option<String> {
    let function = call.child_by_field_name("function")?;
    if function.kind() != "attribute" {
        return None;
    }
    let object = function.child_by_field_name("object")?;
    let attribute = function.child_by_field_name("attribute")?;
    if object.kind() != "identifier"
        || text(object, code) != router
        || text(attribute, code) != "include_router"
    {
        return None;
    }
    let args = call.child_by_field_name("arguments")?;
    let mut cursor = args.walk();
    let first = args
        .named_children(&mut cursor)
        .find(|n| n.kind() != "comment")?;
    Some(
        text(first, code)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
    )
}

fn text<'s>(node: Node, code: &'s str) -> &'s str {
    code.get(node.start_byte()..node.end_byte()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_includes_on_the_router_only() {
        let src = "r = X()\nr.include_router(a.router)\nif t:\n    r.include_router(\n        b . router, prefix='/b')\nother.include_router(c.router)\n";
        assert_eq!(
            included(src, "r"),
            Some(vec![("a.router".into(), 2), ("b.router".into(), 4)])
        );
    }
}
