//! Auth follows the siblings (SPEC §11b): the `dependencies=[...]` that the aggregator's
//! includes of endpoint modules carry, so that a new route is never more public than its
//! neighbours; and what a generated test overrides to reach such a route (SPEC §15: a
//! generated test never needs the real secret).

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::model::{Kind, squash};
use super::parsed_module::ParsedModule;
use crate::pyrules::{is_dotted, is_identifier};

/// What the sibling includes on a router carry as `dependencies=`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SiblingAuth {
    /// The value the majority writes (`[Depends(verify_token)]`, on one line), or `None`
    /// when most siblings carry none.
    pub dependencies: Option<String>,
    /// How many siblings carry exactly that (or none, for `None`), of `total`.
    pub agreeing: usize,
    pub total: usize,
}

impl SiblingAuth {
    /// Whether some siblings do otherwise than the majority: worth one `note:` line.
    pub fn disagree(&self) -> bool {
        self.agreeing < self.total
    }
}

pub use crate::request::Override as DependencyOverride;

/// The `dependencies=` most of `values` (one per sibling: what it carries, or none)
/// carry; `None` when there are no siblings. On a tie the protected side wins: a new
/// route is never more public than its neighbours.
pub fn majority(values: &[Option<String>]) -> Option<SiblingAuth> {
    if values.is_empty() {
        return None;
    }
    // Spellings that differ only in white space are the same dependencies.
    let mut groups: Vec<(Option<String>, Option<String>, usize)> = Vec::new();
    for v in values {
        let key = v.as_deref().map(squash);
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.2 += 1,
            None => groups.push((key, v.clone(), 1)),
        }
    }
    let (_, value, agreeing) = groups.into_iter().max_by_key(|g| (g.2, g.0.is_some()))?;
    let dependencies = match value {
        // A value that cannot be written on one line (a comment in it) is not one
        // an argument list can carry: the new route cannot follow it.
        Some(v) if v.contains('#') => return None,
        Some(v) => Some(one_line(&v)),
        None => None,
    };
    Some(SiblingAuth {
        dependencies,
        agreeing,
        total: values.len(),
    })
}

/// Whether `a` and `b` are the same dependencies, white space aside.
pub fn same_dependencies(a: &str, b: &str) -> bool {
    squash(a) == squash(b)
}

impl ParsedModule {
    /// The `dependencies=` of the includes on `router` (of endpoint modules and of other
    /// routers alike: each is a neighbour of the new route), the majority's; `None` when
    /// nothing is included on it. On a tie the protected side wins: a new route is never
    /// more public than its neighbours.
    pub fn sibling_auth(&self, router: &str) -> Option<SiblingAuth> {
        let values: Vec<Option<String>> = self
            .module
            .includes
            .iter()
            .filter(|i| i.router == router)
            .map(|i| {
                i.keywords
                    .iter()
                    .find(|(k, _)| k == "dependencies")
                    .map(|(_, v)| v.clone())
            })
            .collect();
        majority(&values)
    }

    /// What a test overrides for the dependencies `value` (as the siblings write it in
    /// this module, whose own module path is `this`): `Depends(f)`/`Security(f, ...)`
    /// give `f`, a name bound to a `Depends(...)` object gives its `.dependency`. Each is
    /// imported from where this module imports it (or from this module, where it is
    /// defined here). An element that cannot be resolved so is returned as text.
    pub fn dependency_overrides(
        &self,
        value: &str,
        within: &str,
        this: &str,
    ) -> Result<Vec<DependencyOverride>, String> {
        let parsed = ruff_python_parser::parse_expression(value).map_err(|_| value.to_string())?;
        let elements = match parsed.expr() {
            Expr::List(l) => l.elts.as_slice(),
            Expr::Tuple(t) => t.elts.as_slice(),
            _ => return Err(value.to_string()),
        };
        let mut out = Vec::new();
        for element in elements {
            let text = &value[element.range().start().to_usize()..element.range().end().to_usize()];
            let (dotted, optional) = match element {
                Expr::Call(call) => {
                    let func = dotted_text(value, &call.func);
                    let last = func.as_deref().and_then(|f| f.rsplit('.').next());
                    match (last, dependency_argument(call)) {
                        (Some("Depends" | "Security"), Some(arg)) => (
                            dotted_text(value, arg).ok_or_else(|| text.to_string())?,
                            false,
                        ),
                        _ => return Err(text.to_string()),
                    }
                }
                e => (dotted_text(value, e).ok_or_else(|| text.to_string())?, true),
            };
            let (head, rest) = dotted.split_once('.').map_or((dotted.as_str(), ""), |p| p);
            let (module, name) = self
                .import_of(head, within, this)
                .ok_or_else(|| text.to_string())?;
            let mut key = name.clone();
            if !rest.is_empty() {
                key = format!("{key}.{rest}");
            }
            if optional {
                key.push_str(".dependency");
            }
            out.push(DependencyOverride {
                module,
                name,
                key,
                optional,
            });
        }
        Ok(out)
    }

    /// `value` (as this module writes it; `within` and `this` as for
    /// [`ParsedModule::dependency_overrides`]) as another module writes it, with the
    /// imports that needs: one `(module, name)` per free name, each from where this
    /// module imports it (or from this module, where it defines it). A chain through a
    /// plain module import (`fastapi.Depends` after `import fastapi`) is imported by its
    /// last name (`from fastapi import Depends`) and written so. `Err` gives a name that
    /// cannot be imported so (a builtin, an alias, a star import, a clash).
    pub fn imports_for(
        &self,
        value: &str,
        within: &str,
        this: &str,
    ) -> Result<(String, Vec<[String; 2]>), String> {
        let parsed = ruff_python_parser::parse_expression(value).map_err(|_| value.to_string())?;
        let mut chains = Vec::new();
        free_names(value, parsed.expr(), &mut chains)?;
        let mut out: Vec<[String; 2]> = Vec::new();
        let mut rewrites: Vec<(usize, usize, String)> = Vec::new();
        for (start, end, chain) in chains {
            let head = chain.split('.').next().unwrap_or(&chain);
            let plain = self
                .module
                .bindings
                .iter()
                .any(|b| b.top && b.level == 0 && b.name == head && b.target == head);
            let pair = if plain {
                let (module, name) = chain.rsplit_once('.').ok_or_else(|| chain.clone())?;
                rewrites.push((start, end, name.to_string()));
                [module.to_string(), name.to_string()]
            } else {
                match self.import_of(head, within, this) {
                    Some((module, name)) if name == head => [module, name],
                    _ => return Err(head.to_string()),
                }
            };
            // One name, two origins: the other module could not bind both.
            if out.iter().any(|[m, n]| *n == pair[1] && *m != pair[0]) {
                return Err(pair[1].clone());
            }
            if !out.contains(&pair) {
                out.push(pair);
            }
        }
        let mut written = value.to_string();
        for (start, end, name) in rewrites.into_iter().rev() {
            written.replace_range(start..end, &name);
        }
        Ok((written, out))
    }

    /// Where a test imports the name `head` of this module from: `(module, name)`, the
    /// import this module makes (`from m import x as head` gives `(m, x)`), or this
    /// module itself where it defines `head` at the top level.
    pub(super) fn import_of(
        &self,
        head: &str,
        within: &str,
        this: &str,
    ) -> Option<(String, String)> {
        let resolved = self.module.canonical(head, within);
        if resolved != head {
            let (module, name) = resolved.rsplit_once('.')?;
            return (is_dotted(module) && is_identifier(name))
                .then(|| (module.to_string(), name.to_string()));
        }
        let defined = self.module.statements.iter().any(|t| match &t.kind {
            Kind::Assign(names) => names.iter().any(|n| n == head),
            Kind::Definition(name) => name == head,
            _ => false,
        });
        (defined && is_dotted(this)).then(|| (this.to_string(), head.to_string()))
    }
}

/// The names an expression of calls, lists, attributes and constants reads: each
/// dotted chain (`a.b.c`, or a lone name) with its byte range in `source`, in source
/// order; `Err` names a part of another kind (a lambda, a comprehension).
fn free_names(
    source: &str,
    expr: &Expr,
    out: &mut Vec<(usize, usize, String)>,
) -> Result<(), String> {
    if let Some(chain) = dotted_text(source, expr) {
        let range = expr.range();
        out.push((range.start().to_usize(), range.end().to_usize(), chain));
        return Ok(());
    }
    match expr {
        Expr::Attribute(a) => free_names(source, &a.value, out),
        Expr::Call(c) => {
            free_names(source, &c.func, out)?;
            for a in &c.arguments.args {
                free_names(source, a, out)?;
            }
            c.arguments
                .keywords
                .iter()
                .try_for_each(|k| free_names(source, &k.value, out))
        }
        Expr::List(l) => l.elts.iter().try_for_each(|e| free_names(source, e, out)),
        Expr::Tuple(t) => t.elts.iter().try_for_each(|e| free_names(source, e, out)),
        Expr::StringLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_) => Ok(()),
        _ => Err("an expression other than calls, names and constants".to_string()),
    }
}

/// What a `Depends(...)`/`Security(...)` call depends on: its first argument, or its
/// `dependency=`.
pub(super) fn dependency_argument(call: &ruff_python_ast::ExprCall) -> Option<&Expr> {
    call.arguments.args.first().or_else(|| {
        call.arguments
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.id == "dependency"))
            .map(|k| &k.value)
    })
}

/// `a` or `a.b.c` as written (without white space), if `expr` is one.
pub(super) fn dotted_text(source: &str, expr: &Expr) -> Option<String> {
    let mut e = expr;
    loop {
        match e {
            Expr::Name(_) => break,
            Expr::Attribute(a) => e = &a.value,
            _ => return None,
        }
    }
    let text = squash(&source[expr.range().start().to_usize()..expr.range().end().to_usize()]);
    is_dotted(&text).then_some(text)
}

/// A value written over several lines, on one: `[\n    Depends(a),\n]` gives
/// `[Depends(a)]` (the include is wrapped again as ruff would).
fn one_line(value: &str) -> String {
    if !value.contains(['\n', '\r']) {
        return value.to_string();
    }
    let joined = value
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = joined;
    for (from, to) in [
        ("( ", "("),
        ("[ ", "["),
        (", )", ")"),
        (", ]", "]"),
        (",)", ")"),
        (",]", "]"),
        (" )", ")"),
        (" ]", "]"),
    ] {
        out = out.replace(from, to);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(code: &str) -> Option<SiblingAuth> {
        ParsedModule::new(code)
            .ok()
            .and_then(|p| p.sibling_auth("r"))
    }

    #[test]
    fn the_majority_of_endpoint_includes_decides() {
        let all = "from app.routes import a, b\nr.include_router(a.router, tags=[\"x\"], dependencies=[Dep])\nr.include_router(b.router, dependencies=[ Dep ])\n";
        assert_eq!(
            auth(all),
            Some(SiblingAuth {
                dependencies: Some("[Dep]".into()),
                agreeing: 2,
                total: 2
            })
        );
        let most = "from app.routes import a, b, c\nr.include_router(a.router)\nr.include_router(b.router, dependencies=[Depends(v)])\nr.include_router(c.router, dependencies=[Depends(v)])\nq.include_router(c.router)\n";
        let got = auth(most);
        assert_eq!(
            got.as_ref().and_then(|a| a.dependencies.clone()).as_deref(),
            Some("[Depends(v)]")
        );
        assert!(got.is_some_and(|a| a.disagree() && a.total == 3));
        // A tie: the protected side.
        let tie = "from app.routes import a, b\nr.include_router(a.router)\nr.include_router(b.router, dependencies=[D])\n";
        assert_eq!(
            auth(tie).and_then(|a| a.dependencies).as_deref(),
            Some("[D]")
        );
        let open = "from app.routes import a, b, c\nr.include_router(a.router)\nr.include_router(b.router)\nr.include_router(c.router, dependencies=[D])\n";
        assert_eq!(auth(open).map(|a| a.dependencies), Some(None));
        assert_eq!(
            auth("from app import other\nq.include_router(other.router)\n"),
            None
        );
        let wrapped = "from app.routes import a\nr.include_router(\n    a.router,\n    dependencies=[\n        Depends(v),\n        Depends(w),\n    ],\n)\n";
        assert_eq!(
            auth(wrapped).and_then(|a| a.dependencies).as_deref(),
            Some("[Depends(v), Depends(w)]")
        );
    }

    #[test]
    fn overrides_resolve_through_the_imports() {
        let code = "from fastapi import Depends\nfrom app.deps import verify_token, DependsJwt as Jwt\nfrom app import security\nLocal = Depends(f)\n";
        let parsed = ParsedModule::new(code).ok();
        let overrides = |v: &str| {
            parsed
                .as_ref()
                .map(|p| p.dependency_overrides(v, "app.api", "app.api.main"))
        };
        let o = |module: &str, name: &str, key: &str, optional: bool| DependencyOverride {
            module: module.into(),
            name: name.into(),
            key: key.into(),
            optional,
        };
        assert_eq!(
            overrides(
                "[Depends(verify_token), Jwt, Security(security.check, scopes=[\"a\"]), Local]"
            ),
            Some(Ok(vec![
                o("app.deps", "verify_token", "verify_token", false),
                o("app.deps", "DependsJwt", "DependsJwt.dependency", true),
                o("app", "security", "security.check", false),
                o("app.api.main", "Local", "Local.dependency", true),
            ]))
        );
        assert_eq!(
            overrides("[Depends(unknown)]"),
            Some(Err("Depends(unknown)".into()))
        );
        assert_eq!(
            overrides("[Depends(lambda: 1)]"),
            Some(Err("Depends(lambda: 1)".into()))
        );
        assert_eq!(overrides("deps"), Some(Err("deps".into())));
    }

    #[test]
    fn a_value_is_imported_from_where_the_sibling_imports_it() {
        let sibling = "from fastapi import Depends, Security\nfrom ..deps import user, key as k\n\
                       import app.auth\n\nLOCAL = 1\n";
        let parsed = ParsedModule::new(sibling).unwrap();
        let imports = |v: &str| parsed.imports_for(v, "app.api.routes", "app.api.routes.a");
        let pair = |m: &str, n: &str| [m.to_string(), n.to_string()];
        let value = "[Depends(user), Security(user, scopes=[\"me\"])]";
        assert_eq!(
            imports(value),
            Ok((
                value.to_string(),
                vec![
                    pair("fastapi", "Depends"),
                    pair("app.api.deps", "user"),
                    pair("fastapi", "Security")
                ]
            ))
        );
        assert_eq!(
            imports("[Depends(LOCAL)]"),
            Ok((
                "[Depends(LOCAL)]".to_string(),
                vec![
                    pair("fastapi", "Depends"),
                    pair("app.api.routes.a", "LOCAL")
                ]
            ))
        );
        // A public project's shape: `import fastapi`, then `fastapi.Depends(...)`.
        assert_eq!(
            imports("[app.auth.Depends(LOCAL), Depends(app.auth.token)]"),
            Err("Depends".into()),
            "two `Depends` from two modules: the other module could bind only one"
        );
        assert_eq!(
            imports("[app.auth.Guard(LOCAL), Depends(app.auth.token)]"),
            Ok((
                "[Guard(LOCAL), Depends(token)]".to_string(),
                vec![
                    pair("app.auth", "Guard"),
                    pair("app.api.routes.a", "LOCAL"),
                    pair("fastapi", "Depends"),
                    pair("app.auth", "token")
                ]
            ))
        );
        // An alias, a builtin and a lambda cannot be written the same way elsewhere.
        assert_eq!(imports("[Depends(k)]"), Err("k".into()));
        assert_eq!(imports("[Depends(print)]"), Err("print".into()));
        assert!(imports("[Depends(lambda: 1)]").is_err());
        let defs = crate::python::router_defs(
            "router = APIRouter(prefix=\"/a\", dependencies=[Depends(user)])\nother = APIRouter()\n",
        );
        assert_eq!(
            defs.dependencies.get("router").map(String::as_str),
            Some("[Depends(user)]")
        );
        assert!(!defs.dependencies.contains_key("other"));
    }
}
