//! The errors CPython raises while compiling a module that parses: `return` or `yield`
//! outside a function, `await` outside an async one, `break` outside a loop, a parameter
//! named twice, `nonlocal` at module level, and the rest of ruff's "semantic syntax
//! errors". ruff's checker decides each; this file only tells it where it is (which
//! scopes enclose the node), walking the tree once.
//!
//! Where the scope facts would need name binding (a `global` declared later, a
//! `nonlocal` without a binding), the answer given is the one that reports nothing:
//! refusing valid code would be worse than missing a rare invalid one.

use std::cell::RefCell;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ModModule, PythonVersion, Stmt};
use ruff_python_parser::semantic_errors::{
    LazyImportContext, SemanticSyntaxChecker, SemanticSyntaxContext, SemanticSyntaxError,
};
use ruff_text_size::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Module,
    Class,
    Function { is_async: bool },
    Lambda,
    Comprehension { is_async: bool, generator: bool },
}

#[derive(Debug)]
struct Scope {
    kind: Kind,
    params: Vec<String>,
    /// Loops around the current node within this scope.
    loops: usize,
    /// `try` blocks around the current node within this scope.
    tries: usize,
}

impl Scope {
    fn new(kind: Kind) -> Scope {
        Scope {
            kind,
            params: Vec::new(),
            loops: 0,
            tries: 0,
        }
    }
}

struct Context<'s> {
    source: &'s str,
    version: PythonVersion,
    future_annotations: bool,
    scopes: Vec<Scope>,
    errors: RefCell<Vec<SemanticSyntaxError>>,
}

impl Context<'_> {
    fn current(&self) -> Option<&Scope> {
        self.scopes.last()
    }

    /// The scopes from the innermost out, comprehensions skipped.
    fn enclosing(&self) -> impl Iterator<Item = Kind> + '_ {
        self.scopes
            .iter()
            .rev()
            .map(|s| s.kind)
            .filter(|k| !matches!(k, Kind::Comprehension { .. }))
    }
}

impl SemanticSyntaxContext for Context<'_> {
    fn future_annotations_or_stub(&self) -> bool {
        self.future_annotations
    }

    fn lazy_import_context(&self) -> Option<LazyImportContext> {
        match self.enclosing().next() {
            Some(Kind::Function { .. } | Kind::Lambda) => Some(LazyImportContext::Function),
            Some(Kind::Class) => Some(LazyImportContext::Class),
            _ if self.current().is_some_and(|s| s.tries > 0) => {
                Some(LazyImportContext::TryExceptBlocks)
            }
            _ => None,
        }
    }

    fn python_version(&self) -> PythonVersion {
        self.version
    }

    fn source(&self) -> &str {
        self.source
    }

    fn global(&self, _name: &str) -> Option<TextRange> {
        None
    }

    fn has_nonlocal_binding(&self, _name: &str) -> bool {
        true
    }

    fn in_async_context(&self) -> bool {
        matches!(
            self.enclosing().next(),
            Some(Kind::Function { is_async: true })
        )
    }

    fn in_await_allowed_context(&self) -> bool {
        // A generator expression with `await` is an async generator: allowed anywhere.
        for scope in self.scopes.iter().rev() {
            match scope.kind {
                Kind::Function { .. } | Kind::Lambda => return true,
                Kind::Comprehension {
                    generator: true, ..
                } => return true,
                Kind::Comprehension { .. } => {}
                Kind::Class | Kind::Module => return false,
            }
        }
        false
    }

    fn in_yield_allowed_context(&self) -> bool {
        matches!(
            self.current().map(|s| s.kind),
            Some(Kind::Function { .. } | Kind::Lambda)
        )
    }

    fn in_sync_comprehension(&self) -> bool {
        for scope in self.scopes.iter().rev() {
            match scope.kind {
                Kind::Comprehension {
                    is_async: false, ..
                } => return true,
                Kind::Comprehension { .. } => {}
                _ => return false,
            }
        }
        false
    }

    fn in_class_body_comprehension(&self) -> bool {
        matches!(self.enclosing().next(), Some(Kind::Class))
            && matches!(
                self.current().map(|s| s.kind),
                Some(Kind::Comprehension { .. })
            )
    }

    fn in_module_scope(&self) -> bool {
        matches!(self.current().map(|s| s.kind), Some(Kind::Module))
    }

    fn in_function_scope(&self) -> bool {
        matches!(
            self.current().map(|s| s.kind),
            Some(Kind::Function { .. } | Kind::Lambda)
        )
    }

    fn in_generator_context(&self) -> bool {
        matches!(
            self.current().map(|s| s.kind),
            Some(Kind::Comprehension {
                generator: true,
                ..
            })
        )
    }

    fn in_notebook(&self) -> bool {
        false
    }

    fn report_semantic_error(&self, error: SemanticSyntaxError) {
        self.errors.borrow_mut().push(error);
    }

    fn in_loop_context(&self) -> bool {
        self.current().is_some_and(|s| s.loops > 0)
    }

    fn is_bound_parameter(&self, name: &str) -> bool {
        // Only the current scope's own parameters: a class inside the function has none.
        self.current()
            .filter(|s| matches!(s.kind, Kind::Function { .. } | Kind::Lambda))
            .is_some_and(|s| s.params.iter().any(|p| p == name))
    }
}

struct Walk<'s> {
    checker: SemanticSyntaxChecker,
    ctx: Context<'s>,
}

impl Walk<'_> {
    fn in_scope(&mut self, scope: Scope, f: impl FnOnce(&mut Self)) {
        self.ctx.scopes.push(scope);
        f(self);
        self.ctx.scopes.pop();
    }

    fn with_current(&mut self, change: impl Fn(&mut Scope, bool), f: impl FnOnce(&mut Self)) {
        if let Some(s) = self.ctx.scopes.last_mut() {
            change(s, true);
        }
        f(self);
        if let Some(s) = self.ctx.scopes.last_mut() {
            change(s, false);
        }
    }
}

fn parameter_names(parameters: &ruff_python_ast::Parameters) -> Vec<String> {
    parameters.iter().map(|p| p.name().id.to_string()).collect()
}

impl<'a> Visitor<'a> for Walk<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.checker.visit_stmt(stmt, &self.ctx);
        stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || match stmt {
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    self.visit_decorator(d);
                }
                if let Some(t) = &f.type_params {
                    self.visit_type_params(t);
                }
                self.visit_parameters(&f.parameters);
                if let Some(r) = &f.returns {
                    self.visit_annotation(r);
                }
                let mut scope = Scope::new(Kind::Function {
                    is_async: f.is_async,
                });
                scope.params = parameter_names(&f.parameters);
                self.in_scope(scope, |w| w.visit_body(&f.body));
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.visit_decorator(d);
                }
                if let Some(t) = &c.type_params {
                    self.visit_type_params(t);
                }
                if let Some(a) = &c.arguments {
                    self.visit_arguments(a);
                }
                self.in_scope(Scope::new(Kind::Class), |w| w.visit_body(&c.body));
            }
            Stmt::For(f) => {
                self.visit_expr(&f.iter);
                self.visit_expr(&f.target);
                let loops = |s: &mut Scope, enter: bool| {
                    if enter { s.loops += 1 } else { s.loops -= 1 }
                };
                self.with_current(loops, |w| w.visit_body(&f.body));
                self.visit_body(&f.orelse);
            }
            Stmt::While(l) => {
                self.visit_expr(&l.test);
                let loops = |s: &mut Scope, enter: bool| {
                    if enter { s.loops += 1 } else { s.loops -= 1 }
                };
                self.with_current(loops, |w| w.visit_body(&l.body));
                self.visit_body(&l.orelse);
            }
            Stmt::Try(t) => {
                let tries = |s: &mut Scope, enter: bool| {
                    if enter { s.tries += 1 } else { s.tries -= 1 }
                };
                self.with_current(tries, |w| {
                    w.visit_body(&t.body);
                    for h in &t.handlers {
                        w.visit_except_handler(h);
                    }
                });
                self.visit_body(&t.orelse);
                self.visit_body(&t.finalbody);
            }
            _ => visitor::walk_stmt(self, stmt),
        });
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        self.checker.visit_expr(expr, &self.ctx);
        stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || match expr {
            Expr::Lambda(l) => {
                let mut scope = Scope::new(Kind::Lambda);
                if let Some(p) = &l.parameters {
                    self.visit_parameters(p);
                    scope.params = parameter_names(p);
                }
                self.in_scope(scope, |w| w.visit_expr(&l.body));
            }
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                let (generators, generator) = match expr {
                    Expr::ListComp(c) => (&c.generators, false),
                    Expr::SetComp(c) => (&c.generators, false),
                    Expr::DictComp(c) => (&c.generators, false),
                    Expr::Generator(g) => (&g.generators, true),
                    _ => return,
                };
                // The first iterable is evaluated in the enclosing scope.
                if let Some(first) = generators.first() {
                    self.visit_expr(&first.iter);
                }
                let is_async = generators.iter().any(|g| g.is_async);
                let scope = Scope::new(Kind::Comprehension {
                    is_async,
                    generator,
                });
                self.in_scope(scope, |w| {
                    for (i, g) in generators.iter().enumerate() {
                        w.visit_expr(&g.target);
                        if i > 0 {
                            w.visit_expr(&g.iter);
                        }
                        for cond in &g.ifs {
                            w.visit_expr(cond);
                        }
                    }
                    match expr {
                        Expr::ListComp(c) => w.visit_expr(&c.elt),
                        Expr::SetComp(c) => w.visit_expr(&c.elt),
                        Expr::Generator(g) => w.visit_expr(&g.elt),
                        Expr::DictComp(c) => {
                            if let Some(key) = &c.key {
                                w.visit_expr(key);
                            }
                            w.visit_expr(&c.value);
                        }
                        _ => {}
                    }
                });
            }
            _ => visitor::walk_expr(self, expr),
        });
    }
}

/// The first compile-time error CPython would raise for `module`, with its range.
pub(crate) fn first_error(
    source: &str,
    module: &ModModule,
    version: PythonVersion,
) -> Option<(TextRange, String)> {
    let future_annotations = module.body.iter().any(|s| {
        matches!(s, Stmt::ImportFrom(f)
            if f.module.as_ref().is_some_and(|m| m.id == "__future__")
                && f.names.iter().any(|a| a.name.id == "annotations"))
    });
    let mut walk = Walk {
        checker: SemanticSyntaxChecker::new(),
        ctx: Context {
            source,
            version,
            future_annotations,
            scopes: vec![Scope::new(Kind::Module)],
            errors: RefCell::new(Vec::new()),
        },
    };
    walk.visit_body(&module.body);
    let errors = walk.ctx.errors.into_inner();
    errors
        .into_iter()
        .min_by_key(|e| e.range.start())
        .map(|e| (e.range, e.to_string()))
}
