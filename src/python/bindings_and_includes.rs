//! The imports of every scope and every `include_router` call, wherever they stand.
//!
//! The top level alone (`model.rs`) is not enough: routers are often included inside an
//! app factory or an `if`, and an import inside a function still names a module that
//! removing a feature would leave dangling. One walk over every statement and expression,
//! with a stack that grows on demand, collects them all; the call arguments are read the
//! same way for a probe call, so that a wiring's arguments compare with what the walk found.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Arguments, Expr, ModModule, Stmt};
use ruff_text_size::Ranged;

use super::text::{Lines, span, squash, text};

/// A name bound by an import anywhere in the file (any scope): what main-app
/// recognition and the spelling-independent wiring queries read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Binding {
    /// The bound name (`x` in `import a.b as x`; `a` in `import a.b`).
    pub name: String,
    /// What it refers to: the leading dots of a relative import, then the dotted path
    /// (`a.b` for `import a.b as x`, `a` for `import a.b`, `m.n` for `from m import n`).
    pub level: u32,
    pub target: String,
    /// The module imported by the statement, whole (`a.b` for `import a.b`).
    pub imported: String,
    pub line: usize,
    /// At the top level of the module (also in a top-level `try`/`if`).
    pub top: bool,
}

/// A call `{object}.include_router({first_arg}, ...)` anywhere in the file.
#[derive(Debug, Clone)]
pub(crate) struct Include {
    /// The object's text without whitespace (`api_router`, `self.app`).
    pub router: String,
    pub first_arg: Option<String>,
    /// The keyword arguments as written (`prefix="/x"`), for the siblings' pattern.
    pub keywords: Vec<(String, String)>,
    /// The statement range when the call is a whole top-level statement.
    pub statement: Option<(usize, usize)>,
    /// The statement range when the call is a whole statement at any depth, and whether
    /// it is the only statement of its block (removing it would leave the block empty).
    pub any_statement: Option<(usize, usize, bool)>,
    /// The iterable when the call includes the variable of a `for` loop it stands in
    /// (`for router in routers: app.include_router(router)` gives `routers`).
    pub loop_over: Option<String>,
    /// The 1-based line of the call.
    pub line: usize,
}

/// Collects the import bindings and the `include_router` calls of `body` and everything
/// nested in it.
pub(super) fn collect(
    code: &str,
    lines: &Lines,
    body: &[Stmt],
    includes: &mut Vec<Include>,
    bindings: &mut Vec<Binding>,
) {
    let mut walker = Walker {
        code,
        lines,
        depth: 0,
        level: 0,
        includes,
        bindings,
        sole: std::collections::HashSet::new(),
        loops: Vec::new(),
    };
    for stmt in body {
        walker.visit_stmt(stmt);
    }
}

/// Walks every statement and expression once, with a stack that grows on demand, for
/// the imports of any scope and every `include_router` call.
struct Walker<'c, 'o> {
    code: &'c str,
    lines: &'o Lines,
    /// 0 at the top level; statements in a `try`/`if` stay at 0, in a body they go up.
    depth: usize,
    /// 0 for the module's own statements; every statement's children are one deeper.
    level: usize,
    includes: &'o mut Vec<Include>,
    bindings: &'o mut Vec<Binding>,
    /// Starts of statements that are alone in their block.
    sole: std::collections::HashSet<usize>,
    /// The `for` loops the walk is in, innermost last: the loop variable and the
    /// iterable without whitespace.
    loops: Vec<(String, String)>,
}

/// The blocks of statements a compound statement holds.
fn bodies(stmt: &Stmt) -> Vec<&[Stmt]> {
    match stmt {
        Stmt::If(i) => std::iter::once(i.body.as_slice())
            .chain(i.elif_else_clauses.iter().map(|c| c.body.as_slice()))
            .collect(),
        Stmt::Try(t) => {
            let mut out = vec![
                t.body.as_slice(),
                t.orelse.as_slice(),
                t.finalbody.as_slice(),
            ];
            out.extend(
                t.handlers
                    .iter()
                    .filter_map(|h| h.as_except_handler().map(|h| h.body.as_slice())),
            );
            out
        }
        Stmt::For(f) => vec![f.body.as_slice(), f.orelse.as_slice()],
        Stmt::While(w) => vec![w.body.as_slice(), w.orelse.as_slice()],
        Stmt::With(w) => vec![w.body.as_slice()],
        Stmt::FunctionDef(f) => vec![f.body.as_slice()],
        Stmt::ClassDef(c) => vec![c.body.as_slice()],
        Stmt::Match(m) => m.cases.iter().map(|c| c.body.as_slice()).collect(),
        _ => Vec::new(),
    }
}

impl<'a> Visitor<'a> for Walker<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        let top = self.depth == 0;
        let direct = self.level == 0;
        match stmt {
            Stmt::Import(i) => {
                for alias in &i.names {
                    let imported = alias.name.id.to_string();
                    let (name, target) = match &alias.asname {
                        Some(a) => (a.id.to_string(), imported.clone()),
                        None => {
                            let head = imported.split('.').next().unwrap_or("").to_string();
                            (head.clone(), head)
                        }
                    };
                    self.bindings.push(Binding {
                        name,
                        level: 0,
                        target,
                        imported,
                        line: self.lines.line(alias.range().start().to_usize()),
                        top,
                    });
                }
                return;
            }
            Stmt::ImportFrom(f) => {
                let module = f
                    .module
                    .as_ref()
                    .map(|m| m.id.to_string())
                    .unwrap_or_default();
                for alias in &f.names {
                    let name = alias.asname.as_ref().unwrap_or(&alias.name).id.to_string();
                    let target = if module.is_empty() {
                        alias.name.id.to_string()
                    } else {
                        format!("{module}.{}", alias.name.id)
                    };
                    self.bindings.push(Binding {
                        name,
                        level: f.level,
                        target,
                        imported: module.clone(),
                        line: self.lines.line(alias.range().start().to_usize()),
                        top,
                    });
                }
                return;
            }
            Stmt::Expr(e) => {
                if let Some(call) = e.value.as_call_expr()
                    && let Some(mut include) = self.include(call.func.as_ref(), &call.arguments)
                {
                    let (start, end) = span(stmt.range());
                    include.statement = direct.then_some((start, end));
                    include.any_statement = Some((start, end, self.sole.contains(&start)));
                    self.includes.push(include);
                    self.visit_arguments(&call.arguments);
                    return;
                }
            }
            _ => {}
        }
        let nested = matches!(
            stmt,
            Stmt::FunctionDef(_)
                | Stmt::ClassDef(_)
                | Stmt::For(_)
                | Stmt::While(_)
                | Stmt::With(_)
                | Stmt::Match(_)
        );
        for body in bodies(stmt) {
            if let [only] = body {
                self.sole.insert(only.range().start().to_usize());
            }
        }
        let depth = usize::from(nested);
        let looped = match stmt {
            Stmt::For(f) => f
                .target
                .as_name_expr()
                .map(|n| (n.id.to_string(), squash(text(self.code, f.iter.range())))),
            _ => None,
        };
        let in_loop = looped.is_some();
        self.loops.extend(looped);
        self.depth += depth;
        self.level += 1;
        stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || {
            visitor::walk_stmt(self, stmt);
        });
        self.level -= 1;
        self.depth -= depth;
        if in_loop {
            self.loops.pop();
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Some(call) = expr.as_call_expr()
            && let Some(include) = self.include(call.func.as_ref(), &call.arguments)
        {
            self.includes.push(include);
        }
        stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || {
            visitor::walk_expr(self, expr);
        });
    }
}

impl Walker<'_, '_> {
    fn include(&self, func: &Expr, arguments: &Arguments) -> Option<Include> {
        let attribute = func.as_attribute_expr()?;
        if attribute.attr.id != "include_router" || !is_dotted_name(&attribute.value) {
            return None;
        }
        // The router is FastAPI's first parameter: given by place or as `router=`. Either
        // spelling is the same include, for every reader (wiring, check, remove).
        let first_arg = arguments
            .args
            .first()
            .map(|a| squash(text(self.code, a.range())))
            .or_else(|| {
                let router = arguments.find_keyword(ROUTER)?;
                Some(squash(text(self.code, router.value.range())))
            });
        let keywords = arguments
            .keywords
            .iter()
            .filter_map(|k| {
                let key = k.arg.as_ref()?.id.to_string();
                (key != ROUTER).then(|| (key, text(self.code, k.value.range()).to_string()))
            })
            .collect();
        Some(Include {
            router: squash(text(self.code, attribute.value.range())),
            loop_over: first_arg.as_ref().and_then(|a| {
                self.loops
                    .iter()
                    .rev()
                    .find(|(var, _)| var == a)
                    .map(|(_, iter)| iter.clone())
            }),
            first_arg,
            keywords,
            statement: None,
            any_statement: None,
            line: self.lines.line(func.range().start().to_usize()),
        })
    }
}

/// The name of `include_router`'s router parameter.
const ROUTER: &str = "router";

/// `name` or `name.attr.attr`.
fn is_dotted_name(expr: &Expr) -> bool {
    let mut e = expr;
    loop {
        match e {
            Expr::Name(_) => return true,
            Expr::Attribute(a) => e = &a.value,
            _ => return false,
        }
    }
}

/// The arguments of a call as written, in source order (comments between them left out).
pub(crate) fn argument_texts(code: &str, arguments: &Arguments) -> Vec<String> {
    arguments
        .iter_source_order()
        .map(|a| text(code, a.range()).to_string())
        .collect()
}

/// The arguments of `_f({args})` when `probe` is exactly that one call: the first
/// argument without whitespace and every argument as written.
pub(crate) fn probe_arguments(probe: &str, module: &ModModule) -> Option<(String, Vec<String>)> {
    let [Stmt::Expr(e)] = module.body.as_slice() else {
        return None;
    };
    let call = e.value.as_call_expr()?;
    let name = call.func.as_name_expr()?;
    if name.id != "_f" || call.range().end().to_usize() != probe.trim_end().len() {
        return None;
    }
    let args = argument_texts(probe, &call.arguments);
    Some((squash(args.first()?), args))
}
