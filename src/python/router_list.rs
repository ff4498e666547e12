//! Router lists (SPEC §11b): where the routers are collected in a list or tuple that
//! the app iterates (`ROUTERS = [a.router, b.router]`, `routers = (tasks.router,)`),
//! the router variable names that collection, and "including" a feature means adding
//! its router to it, never calling `ROUTERS.include_router(...)`.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::text::{Splice, is_blank_line, line_start, next_line_start, span, squash};

/// A top-level `name = [...]` or `name = (...)` (annotated too) whose elements are all
/// dotted names (`a.router`, `router_x`).
#[derive(Debug, Clone)]
pub(crate) struct RouterList {
    pub name: String,
    /// The byte offsets of the opening and the closing bracket.
    pub open: usize,
    pub close: usize,
    /// Each element's range and its text without white space.
    pub elements: Vec<(usize, usize, String)>,
    pub tuple: bool,
    /// The statement's range.
    pub statement: (usize, usize),
}

/// The router list `stmt` assigns, if it is one.
pub(super) fn router_list(code: &str, stmt: &Stmt) -> Option<RouterList> {
    let (target, value) = match stmt {
        Stmt::Assign(a) if a.targets.len() == 1 => (&a.targets[0], a.value.as_ref()),
        Stmt::AnnAssign(a) => (a.target.as_ref(), a.value.as_deref()?),
        _ => return None,
    };
    let name = target.as_name_expr()?.id.to_string();
    let (elts, tuple) = match value {
        Expr::List(l) => (&l.elts, false),
        Expr::Tuple(t) if t.parenthesized => (&t.elts, true),
        _ => return None,
    };
    let mut elements = Vec::new();
    for e in elts {
        if !is_dotted(e) {
            return None;
        }
        let (a, b) = span(e.range());
        elements.push((a, b, squash(&code[a..b])));
    }
    let (open, end) = span(value.range());
    Some(RouterList {
        name,
        open,
        close: end.checked_sub(1)?,
        elements,
        tuple,
        statement: span(stmt.range()),
    })
}

/// What a top-level assignment binds when it is a collection that is not a router list
/// (`ROUTERS = [{"router": a, "prefix": "/a"}]`, a comprehension): its name and what it
/// is. The routers in it are included in a way this tool does not know (SPEC §11b).
pub(super) fn other_collection(stmt: &Stmt) -> Option<(String, &'static str)> {
    let (target, value) = match stmt {
        Stmt::Assign(a) if a.targets.len() == 1 => (&a.targets[0], a.value.as_ref()),
        Stmt::AnnAssign(a) => (a.target.as_ref(), a.value.as_deref()?),
        _ => return None,
    };
    let name = target.as_name_expr()?.id.to_string();
    let kind = match value {
        Expr::List(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Set(_) => "set",
        Expr::Dict(_) => "dict",
        Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
            "comprehension"
        }
        _ => return None,
    };
    Some((name, kind))
}

fn is_dotted(e: &Expr) -> bool {
    match e {
        Expr::Name(_) => true,
        Expr::Attribute(a) => is_dotted(&a.value),
        _ => false,
    }
}

/// Adds `element` at the end of the list: on a line of its own where the list has one
/// element per line, else after the last one (`(tasks.router,)` gives
/// `(tasks.router, pet.router)`).
pub(super) fn add_splices(code: &str, list: &RouterList, element: &str, nl: &str) -> Vec<Splice> {
    let Some(&(last_start, last_end, _)) = list.elements.last() else {
        let text = if list.tuple {
            format!("{element},")
        } else {
            element.to_string()
        };
        return vec![Splice::insert(list.open + 1, text)];
    };
    let between = &code[last_end..list.close];
    let trailing_comma = between.trim_start().starts_with(',');
    let multiline = between.contains(['\n', '\r']);
    if multiline {
        let line = line_start(code, last_start);
        let indent: String = code[line..last_start]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let mut out = Vec::new();
        if !trailing_comma {
            out.push(Splice::insert(last_end, ",".to_string()));
        }
        let close_line = line_start(code, list.close);
        let at = if code[close_line..list.close].trim().is_empty() {
            close_line
        } else {
            next_line_start(code, last_end)
        };
        out.push(Splice::insert(at, format!("{indent}{element},{nl}")));
        return out;
    }
    if trailing_comma {
        let comma = last_end + between.find(',').unwrap_or(0);
        vec![Splice::insert(comma + 1, format!(" {element}"))]
    } else {
        vec![Splice::insert(last_end, format!(", {element}"))]
    }
}

/// Takes the element at `index` out again: its line where it has one to itself, else
/// the element with the separator before it (a tuple left with one element keeps its
/// comma, `(tasks.router,)`).
pub(super) fn remove_splices(code: &str, list: &RouterList, index: usize) -> Vec<Splice> {
    let (start, end) = (list.elements[index].0, list.elements[index].1);
    let line = line_start(code, start);
    let next = next_line_start(code, end);
    let after = &code[end..next.min(code.len())];
    let own_line = code[line..start].trim().is_empty()
        && after.trim_start().trim_start_matches(',').trim().is_empty()
        && next <= list.close
        && !is_blank_line(code, line);
    if own_line {
        return vec![Splice::delete(line, next)];
    }
    match index.checked_sub(1).map(|i| list.elements[i].1) {
        Some(prev_end) => {
            let left = list.elements.len() - 1;
            let trailing_after = code[end..list.close].trim_start().starts_with(',');
            let keep_comma = list.tuple && left == 1 && !trailing_after;
            vec![Splice {
                start: prev_end,
                end,
                text: if keep_comma {
                    ",".into()
                } else {
                    String::new()
                },
            }]
        }
        None => {
            // The first of several: it and the separator after it.
            let to = list
                .elements
                .get(1)
                .map_or(list.close, |&(next_start, _, _)| next_start);
            let to = if list.elements.len() == 1 {
                // The only one: the brackets keep nothing (a tuple, `()`).
                list.close
            } else {
                to
            };
            vec![Splice::delete(start, to)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::text::apply;

    fn list_of(code: &str) -> RouterList {
        let parsed = ruff_python_parser::parse_module(code).unwrap();
        parsed
            .syntax()
            .body
            .iter()
            .find_map(|s| router_list(code, s))
            .unwrap()
    }

    #[test]
    fn an_element_goes_in_and_comes_out_byte_for_byte() {
        for (code, want) in [
            (
                "routers = (tasks.router,)\n",
                "routers = (tasks.router, pet.router)\n",
            ),
            (
                "ROUTERS = [a.router, b]\n",
                "ROUTERS = [a.router, b, pet.router]\n",
            ),
            ("ROUTERS = []\n", "ROUTERS = [pet.router]\n"),
            ("R = ()\n", "R = (pet.router,)\n"),
            (
                "ROUTERS = [\n    a.router,\n    b.router,\n]\n",
                "ROUTERS = [\n    a.router,\n    b.router,\n    pet.router,\n]\n",
            ),
        ] {
            let list = list_of(code);
            let added = apply(code, &add_splices(code, &list, "pet.router", "\n"));
            assert_eq!(added, want, "{code}");
            let again = list_of(&added);
            let index = again.elements.len() - 1;
            assert_eq!(apply(&added, &remove_splices(&added, &again, index)), code);
        }
        // Not a list of routers: left to the include form.
        let parsed = ruff_python_parser::parse_module("R = [make()]\n").unwrap();
        assert!(router_list("R = [make()]\n", &parsed.syntax().body[0]).is_none());
    }
}
