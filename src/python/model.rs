//! What the wiring needs to know about a module, read off ruff's syntax tree into plain
//! byte ranges and strings, so that the editing code never holds on to the tree.
//!
//! The top level is read here (statements in order, comments, from-imports with their
//! tokens); what any scope binds or calls is walked in `bindings_and_includes.rs`, and
//! both share the small range and line helpers below.

use ruff_python_ast::token::{Token, TokenKind};
use ruff_python_ast::{Alias, Expr, ModModule, Stmt, StmtImportFrom};
use ruff_text_size::{Ranged, TextRange};

use super::bindings_and_includes;
pub(crate) use super::bindings_and_includes::{Binding, Include};
pub(super) use super::text::squash;
use super::text::{Lines, span, text};

/// One imported member: `name` or `name as alias`.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub name: String,
    pub alias: Option<String>,
    pub start: usize,
    pub end: usize,
    pub line: usize,
}

/// A `from module import ...` statement at the top level (or in a top-level `try`/`if`).
#[derive(Debug, Clone)]
pub(crate) struct FromImport {
    pub start: usize,
    pub end: usize,
    /// Absolute module path; `None` for relative imports.
    pub module: Option<String>,
    /// The leading dots of a relative import (0 for an absolute one).
    pub level: u32,
    /// The module part after the dots (empty for `from . import x`).
    pub dotted: String,
    /// The module as written, dots included.
    pub module_text: String,
    pub members: Vec<Member>,
    pub wildcard: bool,
    /// Byte offsets of `(` and `)` when the names are parenthesised.
    pub parens: Option<(usize, usize)>,
    /// A direct child of the module, as opposed to one inside a top-level `try`/`if`.
    pub direct: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Comment,
    Docstring,
    Future,
    /// `import x`, with the first module's top-level package.
    Import(String),
    /// `from x import ...`, index into `Module::from_imports`.
    From(usize),
    /// A `try`/`if` whose body imports something: part of the import block.
    ImportGuard,
    /// An assignment binding these names.
    Assign(Vec<String>),
    /// `def`, `class` or a decorated one, with the name it binds.
    Definition(String),
    Other,
}

/// One top-level statement or comment.
#[derive(Debug, Clone)]
pub(crate) struct TopStatement {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Module {
    pub statements: Vec<TopStatement>,
    pub from_imports: Vec<FromImport>,
    pub includes: Vec<Include>,
    pub bindings: Vec<Binding>,
    /// Top-level assignments of a list or tuple of routers (`ROUTERS = [a.router]`),
    /// with the 1-based line of each.
    pub router_lists: Vec<(super::router_list::RouterList, usize)>,
    /// Top-level assignments of other collections (`R = [{"router": a}]`): the name,
    /// what it is, the 1-based line and the statement's start.
    pub other_collections: Vec<(String, &'static str, usize, usize)>,
    /// Bound name → index of the last top-level binding of it, built on first use (an
    /// aggregator of a thousand includes asks a thousand times).
    pub last_top: std::cell::OnceCell<std::collections::HashMap<String, usize>>,
}

/// Reads the module summary from a parsed, error-free module of `code`.
pub(crate) fn read(code: &str, module: &ModModule, tokens: &[Token]) -> Module {
    let lines = Lines::new(code);
    let mut out = Module::default();
    let mut seen_statement = false;
    for stmt in &module.body {
        let kind = match stmt {
            Stmt::ImportFrom(f) if f.module.as_ref().is_some_and(|m| m.id == "__future__") => {
                Kind::Future
            }
            Stmt::Import(i) => {
                let first = i.names.first().map_or("", |a| a.name.id.as_str());
                Kind::Import(first.split('.').next().unwrap_or("").to_string())
            }
            Stmt::ImportFrom(f) => {
                out.from_imports
                    .push(from_import(code, f, tokens, &lines, true));
                Kind::From(out.from_imports.len() - 1)
            }
            Stmt::Try(_) | Stmt::If(_) => {
                if guarded_imports(code, stmt, tokens, &lines, &mut out.from_imports) {
                    Kind::ImportGuard
                } else {
                    Kind::Other
                }
            }
            Stmt::Expr(e) if !seen_statement && is_docstring(&e.value) => Kind::Docstring,
            Stmt::Assign(a) => Kind::Assign(
                a.targets
                    .iter()
                    .filter_map(|t| t.as_name_expr().map(|n| n.id.to_string()))
                    .collect(),
            ),
            Stmt::AnnAssign(a) if a.value.is_some() => Kind::Assign(
                a.target
                    .as_name_expr()
                    .map(|n| vec![n.id.to_string()])
                    .unwrap_or_default(),
            ),
            Stmt::FunctionDef(f) => Kind::Definition(f.name.id.to_string()),
            Stmt::ClassDef(c) => Kind::Definition(c.name.id.to_string()),
            _ => Kind::Other,
        };
        seen_statement = true;
        let (start, end) = span(stmt.range());
        if matches!(kind, Kind::Assign(_)) {
            if let Some(list) = super::router_list::router_list(code, stmt) {
                out.router_lists.push((list, lines.line(start)));
            } else if let Some((name, what)) = super::router_list::other_collection(stmt) {
                out.other_collections
                    .push((name, what, lines.line(start), start));
            }
        }
        out.statements.push(TopStatement { kind, start, end });
    }
    // Comments between top-level statements are entries of their own, in document order.
    let mut comments = top_level_comments(tokens, &out.statements);
    if !comments.is_empty() {
        out.statements.append(&mut comments);
        out.statements.sort_by_key(|t| t.start);
    }
    bindings_and_includes::collect(
        code,
        &lines,
        &module.body,
        &mut out.includes,
        &mut out.bindings,
    );
    out
}

fn is_docstring(value: &Expr) -> bool {
    value.is_string_literal_expr()
}

fn top_level_comments(tokens: &[Token], tops: &[TopStatement]) -> Vec<TopStatement> {
    let mut out = Vec::new();
    let mut next_top = 0;
    for token in tokens.iter().filter(|t| t.kind() == TokenKind::Comment) {
        let (start, end) = span(token.range());
        while next_top < tops.len() && tops[next_top].end <= start {
            next_top += 1;
        }
        let inside = tops.get(next_top).is_some_and(|t| t.start <= start);
        if !inside {
            out.push(TopStatement {
                kind: Kind::Comment,
                start,
                end,
            });
        }
    }
    out
}

/// Collects from-imports inside a top-level `try`/`if` (any branch, but not inside
/// functions or classes); returns whether the statement imports anything at all.
fn guarded_imports(
    code: &str,
    stmt: &Stmt,
    tokens: &[Token],
    lines: &Lines,
    out: &mut Vec<FromImport>,
) -> bool {
    let mut any = false;
    let mut found = Vec::new();
    let mut stack: Vec<&Stmt> = vec![stmt];
    while let Some(s) = stack.pop() {
        match s {
            Stmt::ImportFrom(f) => {
                any = true;
                found.push(from_import(code, f, tokens, lines, false));
            }
            Stmt::Import(_) => any = true,
            Stmt::Try(t) => {
                stack.extend(&t.body);
                for handler in &t.handlers {
                    if let Some(h) = handler.as_except_handler() {
                        stack.extend(&h.body);
                    }
                }
                stack.extend(&t.orelse);
                stack.extend(&t.finalbody);
            }
            Stmt::If(i) => {
                stack.extend(&i.body);
                for clause in &i.elif_else_clauses {
                    stack.extend(&clause.body);
                }
            }
            _ => {}
        }
    }
    found.sort_by_key(|f| f.start);
    out.extend(found);
    any
}

fn member(code: &str, alias: &Alias, lines: &Lines) -> Member {
    let (start, end) = span(alias.range());
    Member {
        name: squash(text(code, alias.name.range())),
        alias: alias.asname.as_ref().map(|a| a.id.to_string()),
        start,
        end,
        line: lines.line(start),
    }
}

fn from_import(
    code: &str,
    f: &StmtImportFrom,
    tokens: &[Token],
    lines: &Lines,
    direct: bool,
) -> FromImport {
    let (start, end) = span(f.range());
    let dotted = f
        .module
        .as_ref()
        .map(|m| m.id.to_string())
        .unwrap_or_default();
    let statement_tokens = tokens_in(tokens, f.range());
    let import_kw = statement_tokens
        .iter()
        .find(|t| t.kind() == TokenKind::Import)
        .map(|t| t.start().to_usize());
    // `from` is four bytes (`lazy from` is not valid: `lazy` goes before `import` only).
    let from_kw = statement_tokens
        .iter()
        .find(|t| t.kind() == TokenKind::From)
        .map_or(start, |t| t.end().to_usize());
    let module_text = code
        .get(from_kw..import_kw.unwrap_or(from_kw))
        .unwrap_or("")
        .trim()
        .to_string();
    let after_import = import_kw.unwrap_or(start);
    let open = statement_tokens
        .iter()
        .find(|t| t.kind() == TokenKind::Lpar && t.start().to_usize() > after_import)
        .map(|t| t.start().to_usize());
    let close = open.and_then(|_| {
        statement_tokens
            .iter()
            .rfind(|t| t.kind() == TokenKind::Rpar)
            .map(|t| t.start().to_usize())
    });
    let wildcard = f.names.iter().any(|a| a.name.id == "*");
    FromImport {
        start,
        end,
        module: (f.level == 0).then(|| dotted.clone()),
        level: f.level,
        dotted,
        module_text,
        members: if wildcard {
            Vec::new()
        } else {
            f.names.iter().map(|a| member(code, a, lines)).collect()
        },
        wildcard,
        parens: open.zip(close),
        direct,
    }
}

fn tokens_in(tokens: &[Token], range: TextRange) -> &[Token] {
    let first = tokens.partition_point(|t| t.start() < range.start());
    let last = tokens.partition_point(|t| t.end() <= range.end());
    tokens.get(first..last.max(first)).unwrap_or(&[])
}
