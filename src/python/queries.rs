//! Read-only queries `detect` asks of a module that the wiring summary does not keep:
//! calls whose result is bound to a name, stands as a statement or is returned, at any
//! depth, with the function they are in. `app = FastAPI(...)`,
//! `api_router = APIRouter()`, `application = FastAPI(**kw)` + `return application`
//! inside a factory, and `app = create_application(router=router)` are all call sites.

use ruff_python_ast::{Arguments, Expr, Stmt};
use ruff_text_size::Ranged;

use super::syntax::{Target, parse_checked};
use super::syntax_error::SyntaxError;
use super::text::split_bom;

/// One call: `target = callee(args)`, `callee(args)` as a statement, or `return callee(args)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSite {
    /// The name the result is bound to (`x = f()`, `x: T = f()`); `None` otherwise.
    pub target: Option<String>,
    /// The called expression without whitespace (`FastAPI`, `fastapi.FastAPI`).
    pub callee: String,
    /// Each argument's value without whitespace, in source order (a keyword argument's
    /// value without its name: `router` for `router=router`).
    pub args: Vec<String>,
    /// The keyword of each argument of `args` (`None` for a positional one).
    pub keywords: Vec<Option<String>>,
    /// The innermost `def` the call is in; `None` at module level (also inside a
    /// top-level `if`/`try`).
    pub function: Option<String>,
    /// `return callee(args)`.
    pub returned: bool,
    /// 1-based line of the call.
    pub line: usize,
}

/// The call sites of a module and the names its functions return.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calls {
    pub sites: Vec<CallSite>,
    /// `(function, name)` for every `return name` in a function.
    pub returned_names: Vec<(String, String)>,
    /// Module-level sync functions that yield a database session, by their return
    /// annotation (`-> Generator[Session, None, None]`, `-> Iterator[Session]`), with
    /// their 1-based line: candidates for `session_dependency`.
    pub session_functions: Vec<(String, usize)>,
    /// Every class (at any depth), so that `detect` finds the app of a FastAPI subclass
    /// and the base of the project's models.
    pub classes: Vec<ClassInfo>,
    /// Module-level sync generator functions without a return annotation whose name
    /// says database or session (`def get_db(): db = SessionLocal() ... yield db`), with
    /// their 1-based line: the FastAPI tutorial's form of a session dependency.
    pub unannotated_session_functions: Vec<(String, usize)>,
    /// Module-level functions and their parameters, so that `detect` follows an app
    /// handed to a helper that includes the routers on it (`include_routers(app)`).
    pub functions: Vec<FunctionInfo>,
}

/// A module-level `def`: its name and its parameters, in order (positional ones first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionInfo {
    pub name: String,
    pub params: Vec<String>,
}

impl CallSite {
    /// The parameter of `function` that argument `index` of this call binds: by its
    /// keyword, else by its place among the positional arguments.
    pub fn param_of(&self, index: usize, function: &FunctionInfo) -> Option<String> {
        if let Some(Some(k)) = self.keywords.get(index) {
            return function.params.contains(k).then(|| k.clone());
        }
        let place = self.keywords[..index.min(self.keywords.len())]
            .iter()
            .filter(|k| k.is_none())
            .count();
        function.params.get(place).cloned()
    }
}

/// A class statement: its name and what it derives from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassInfo {
    pub name: String,
    /// The last dotted part of each base (`FastAPI` for `fastapi.FastAPI`).
    pub bases: Vec<String>,
    /// `table=True` among its keywords (a SQLModel table model).
    pub table: bool,
    /// Whether its body declares fields (`name: str = ...` at its top level).
    pub has_fields: bool,
    /// 1-based line of the `class` statement.
    pub line: usize,
}

impl Calls {
    /// The call sites whose callee's last dotted part is `name` (`FastAPI` matches
    /// `FastAPI(...)` and `fastapi.FastAPI(...)`).
    pub fn of(&self, name: &str) -> impl Iterator<Item = &CallSite> {
        self.sites
            .iter()
            .filter(move |s| s.callee.rsplit('.').next() == Some(name))
    }
}

/// The call sites of `source` (BOM allowed), or where it is not Python.
pub fn call_sites(source: &str, target: Target) -> Result<Calls, SyntaxError> {
    let (_, code) = split_bom(source);
    let parsed = parse_checked(code, target)?;
    let starts: Vec<usize> = std::iter::once(0)
        .chain(code.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut walker = Walker {
        code,
        starts,
        out: Calls::default(),
        classes: 0,
    };
    walker.body(&parsed.module().body, None);
    Ok(walker.out)
}

/// `Generator[Session, ...]` or `Iterator[Session]` (any dotted spelling of either, and
/// of the session class: `sqlmodel.Session`, `orm.Session`).
fn yields_session(returns: Option<&Expr>) -> bool {
    let Some(Expr::Subscript(sub)) = returns else {
        return false;
    };
    let last = |e: &Expr| match e {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(a.attr.id.to_string()),
        _ => None,
    };
    let generator = last(&sub.value)
        .is_some_and(|n| matches!(n.as_str(), "Generator" | "Iterator" | "Iterable"));
    let first = match sub.slice.as_ref() {
        Expr::Tuple(t) => t.elts.first(),
        other => Some(other),
    };
    generator && first.and_then(last).is_some_and(|n| n == "Session")
}

struct Walker<'c> {
    code: &'c str,
    starts: Vec<usize>,
    out: Calls,
    /// How many class bodies the walk is in.
    classes: usize,
}

impl Walker<'_> {
    fn body(&mut self, body: &[Stmt], function: Option<&str>) {
        for stmt in body {
            stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || self.stmt(stmt, function));
        }
    }

    fn stmt(&mut self, stmt: &Stmt, function: Option<&str>) {
        match stmt {
            Stmt::Assign(a) => {
                // `users_router = r = APIRouter()` binds both names: one site each.
                for t in &a.targets {
                    if let Some(name) = t.as_name_expr() {
                        self.call(Some(name.id.as_str()), &a.value, function, false);
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                if let (Some(name), Some(value)) = (a.target.as_name_expr(), &a.value) {
                    self.call(Some(name.id.as_str()), value, function, false);
                }
            }
            Stmt::Expr(e) => self.call(None, &e.value, function, false),
            Stmt::Return(r) => match (r.value.as_deref(), function) {
                (Some(Expr::Name(n)), Some(f)) => {
                    self.out
                        .returned_names
                        .push((f.to_string(), n.id.to_string()));
                }
                (Some(value), _) => self.call(None, value, function, true),
                _ => {}
            },
            Stmt::FunctionDef(f) => {
                let module_level = function.is_none() && self.classes == 0;
                if module_level {
                    let p = &f.parameters;
                    let params = p
                        .posonlyargs
                        .iter()
                        .chain(&p.args)
                        .chain(&p.kwonlyargs)
                        .map(|a| a.parameter.name.id.to_string())
                        .collect();
                    self.out.functions.push(FunctionInfo {
                        name: f.name.id.to_string(),
                        params,
                    });
                }
                if module_level && !f.is_async && yields_session(f.returns.as_deref()) {
                    let at = f.range().start().to_usize();
                    let line = self.starts.partition_point(|&s| s <= at);
                    self.out
                        .session_functions
                        .push((f.name.id.to_string(), line));
                } else if module_level && !f.is_async && f.returns.is_none() {
                    let name = f.name.id.as_str();
                    let body = &self.code[f.range().start().to_usize()..f.range().end().to_usize()];
                    if (name.contains("db") || name.contains("session"))
                        && body.contains("yield")
                        && body.contains("Session")
                    {
                        let at = f.range().start().to_usize();
                        let line = self.starts.partition_point(|&s| s <= at);
                        self.out
                            .unannotated_session_functions
                            .push((name.to_string(), line));
                    }
                }
                self.body(&f.body, Some(f.name.id.as_str()));
            }
            Stmt::ClassDef(c) => {
                let bases = c
                    .bases()
                    .iter()
                    .filter_map(|b| match b {
                        Expr::Name(n) => Some(n.id.to_string()),
                        Expr::Attribute(a) => Some(a.attr.id.to_string()),
                        _ => None,
                    })
                    .collect();
                let table = c.keywords().iter().any(|k| {
                    k.arg.as_ref().is_some_and(|a| a.as_str() == "table")
                        && matches!(&k.value, Expr::BooleanLiteral(b) if b.value)
                });
                let at = c.range().start().to_usize();
                self.out.classes.push(ClassInfo {
                    name: c.name.id.to_string(),
                    bases,
                    table,
                    has_fields: c.body.iter().any(|s| matches!(s, Stmt::AnnAssign(_))),
                    line: self.starts.partition_point(|&s| s <= at),
                });
                self.classes += 1;
                self.body(&c.body, function);
                self.classes -= 1;
            }
            Stmt::If(i) => {
                self.body(&i.body, function);
                for clause in &i.elif_else_clauses {
                    self.body(&clause.body, function);
                }
            }
            Stmt::Try(t) => {
                self.body(&t.body, function);
                for h in &t.handlers {
                    if let Some(h) = h.as_except_handler() {
                        self.body(&h.body, function);
                    }
                }
                self.body(&t.orelse, function);
                self.body(&t.finalbody, function);
            }
            Stmt::For(f) => {
                self.body(&f.body, function);
                self.body(&f.orelse, function);
            }
            Stmt::While(w) => {
                self.body(&w.body, function);
                self.body(&w.orelse, function);
            }
            Stmt::With(w) => self.body(&w.body, function),
            Stmt::Match(m) => {
                for case in &m.cases {
                    self.body(&case.body, function);
                }
            }
            _ => {}
        }
    }

    fn call(&mut self, target: Option<&str>, value: &Expr, function: Option<&str>, returned: bool) {
        let Some(call) = value.as_call_expr() else {
            return;
        };
        let at = call.range().start().to_usize();
        let line = self.starts.partition_point(|&s| s <= at);
        let site = CallSite {
            target: target.map(str::to_string),
            callee: self.squashed(call.func.range()),
            args: self.args(&call.arguments),
            keywords: self.keywords(&call.arguments),
            function: function.map(str::to_string),
            returned,
            line,
        };
        self.out.sites.push(site);
    }

    fn args(&self, arguments: &Arguments) -> Vec<String> {
        let positional = arguments.args.iter().map(|a| (a.range(), a.range()));
        let keywords = arguments
            .keywords
            .iter()
            .map(|k| (k.range(), k.value.range()));
        let mut all: Vec<_> = positional.chain(keywords).collect();
        all.sort_by_key(|(whole, _)| whole.start());
        all.into_iter().map(|(_, v)| self.squashed(v)).collect()
    }

    /// The keyword of each argument, in the order of [`Walker::args`].
    fn keywords(&self, arguments: &Arguments) -> Vec<Option<String>> {
        let positional = arguments.args.iter().map(|a| (a.range(), None));
        let keywords = arguments
            .keywords
            .iter()
            .map(|k| (k.range(), k.arg.as_ref().map(|a| a.id.to_string())));
        let mut all: Vec<_> = positional.chain(keywords).collect();
        all.sort_by_key(|(whole, _)| whole.start());
        all.into_iter().map(|(_, k)| k).collect()
    }

    fn squashed(&self, range: ruff_text_size::TextRange) -> String {
        self.code[range.start().to_usize()..range.end().to_usize()]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sites(code: &str) -> Calls {
        call_sites(code, Target::LATEST).unwrap()
    }

    #[test]
    fn an_argument_binds_its_parameter_by_keyword_or_place() {
        let c = sites(
            "def mount(prefix, target, *, extra=None):\n    target.include_router(r)\n\
             mount('/api', app)\nmount(target=app, prefix='/api')\nmount('/api', extra=app)\n\
             mount('/api', tags=app)\n",
        );
        let f = &c.functions[0];
        assert_eq!(f.params, ["prefix", "target", "extra"]);
        let bound: Vec<Option<String>> = c
            .of("mount")
            .map(|s| {
                let i = s.args.iter().position(|a| a == "app")?;
                s.param_of(i, f)
            })
            .collect();
        assert_eq!(
            bound,
            [
                Some("target".to_string()),
                Some("target".to_string()),
                Some("extra".to_string()),
                None
            ]
        );
    }

    #[test]
    fn session_functions_are_found_by_their_annotation() {
        let code = "def get_db() -> Generator[Session, None, None]:\n    yield s\n\
            def get_session() -> typing.Iterator[sqlmodel.Session]:\n    yield s\n\
            async def get_async() -> AsyncGenerator[Session, None]:\n    yield s\n\
            def other() -> Generator[int, None, None]:\n    yield 1\n\
            def session() -> Session:\n    return s\n\
            class C:\n    def get_db(self) -> Iterator[Session]:\n        yield s\n";
        assert_eq!(
            sites(code).session_functions,
            [("get_db".to_string(), 1), ("get_session".to_string(), 3)]
        );
    }

    #[test]
    fn top_level_and_factory_apps() {
        let c = sites(
            "from fastapi import FastAPI\n\
             import fastapi\n\
             app = FastAPI(title='x')\n\
             other: fastapi.FastAPI = fastapi.FastAPI()\n\
             def get_application() -> FastAPI:\n    \
                 application = FastAPI(**kw)\n    \
                 application.include_router(r, prefix=p)\n    \
                 return application\n\
             def make():\n    return FastAPI()\n\
             served = get_application()\n",
        );
        let apps: Vec<_> = c
            .of("FastAPI")
            .map(|s| {
                (
                    s.target.as_deref(),
                    s.function.as_deref(),
                    s.returned,
                    s.line,
                )
            })
            .collect();
        assert_eq!(
            apps,
            [
                (Some("app"), None, false, 3),
                (Some("other"), None, false, 4),
                (Some("application"), Some("get_application"), false, 6),
                (None, Some("make"), true, 10),
            ]
        );
        assert_eq!(
            c.returned_names,
            [("get_application".to_string(), "application".to_string())]
        );
        let served: Vec<_> = c.of("get_application").collect();
        assert_eq!(served.len(), 1);
        assert_eq!(served[0].target.as_deref(), Some("served"));
        let include = c.of("include_router").next().unwrap();
        assert_eq!(include.args, ["r", "p"]);
    }

    #[test]
    fn chained_assignments_bind_every_name_and_classes_are_kept() {
        let c = sites(
            "users_router = r = APIRouter()\nclass Api(fastapi.FastAPI):\n    pass\n\
             class Pet(Base, table=True):\n    name: str\n\
             def get_db():\n    db = SessionLocal()\n    yield db\n",
        );
        let targets: Vec<_> = c.of("APIRouter").map(|s| s.target.as_deref()).collect();
        assert_eq!(targets, [Some("users_router"), Some("r")]);
        let classes: Vec<_> = c
            .classes
            .iter()
            .map(|k| {
                (
                    k.name.as_str(),
                    k.bases.clone(),
                    k.table,
                    k.has_fields,
                    k.line,
                )
            })
            .collect();
        assert_eq!(
            classes,
            [
                ("Api", vec!["FastAPI".to_string()], false, false, 2),
                ("Pet", vec!["Base".to_string()], true, true, 4),
            ]
        );
        assert_eq!(c.unannotated_session_functions, [("get_db".to_string(), 6)]);
    }

    #[test]
    fn arguments_are_values_in_source_order() {
        let c = sites("app = create_application(router=router, settings = s.x)\n");
        let s = &c.sites[0];
        assert_eq!(s.callee, "create_application");
        assert_eq!(s.args, ["router", "s.x"]);
        assert!(call_sites("app = (\n", Target::LATEST).is_err());
    }

    #[test]
    fn nested_blocks_keep_their_function() {
        let c = sites(
            "if x:\n    r = APIRouter()\n\
             class C:\n    def m(self):\n        try:\n            q = APIRouter()\n        \
             except E:\n            pass\n",
        );
        let routers: Vec<_> = c
            .of("APIRouter")
            .map(|s| (s.target.clone().unwrap(), s.function.clone()))
            .collect();
        assert_eq!(
            routers,
            [("r".into(), None), ("q".into(), Some("m".to_string()))]
        );
    }

    #[test]
    fn parsed_resolve_follows_imports_in_any_spelling() {
        let p = crate::python::ParsedModule::new(
            "from app.api.routes.api import router as api_router\n\
             from .api import router\n\
             from app.api.routes import items\n",
        )
        .unwrap();
        assert_eq!(p.resolve("api_router", "app"), "app.api.routes.api.router");
        assert_eq!(p.resolve("router", "app"), "app.api.router");
        assert_eq!(
            p.resolve("items.router", "app"),
            "app.api.routes.items.router"
        );
        assert_eq!(p.resolve("local_router", "app"), "local_router");
    }
}
