//! The URL prefixes a module gives its routers (SPEC §11b "Prefix chain"): the
//! `prefix=` of `x = APIRouter(prefix=...)`, of each `include_router(...)`, and the path
//! of `app.mount("/api/v1", app=api)`, so that the URL a feature is served at can be
//! put together from the app down.

use std::collections::HashMap;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};

use super::parsed_module::ParsedModule;

/// A `prefix=` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prefix {
    /// No `prefix=`: the empty prefix.
    Absent,
    /// A plain string literal.
    Literal(String),
    /// Anything else (`settings.API_V1_STR`, an f-string, a parameter).
    Unknown,
}

impl Prefix {
    fn of(value: Option<&str>) -> Prefix {
        match value {
            None => Prefix::Absent,
            Some(v) => literal(v).map_or(Prefix::Unknown, Prefix::Literal),
        }
    }
}

/// The text of a plain one-line string literal (`"/api"`, `'/x'`), without prefixes,
/// escapes or quotes inside.
fn literal(v: &str) -> Option<String> {
    let v = v.trim();
    let quote = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = v.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains([quote, '\\', '\n', '\r', '"', '\''])).then(|| inner.to_string())
}

/// What a module defines: its top-level routers (`x = APIRouter(...)`, any spelling
/// ending in `APIRouter`) with their own prefix, and the sub-apps it mounts (`V` of
/// `x.mount("/p", app=V)`, at any depth) with their path.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RouterDefs {
    pub routers: HashMap<String, Prefix>,
    /// The `dependencies=` a top-level router is built with, as written: every route
    /// on it inherits them (SPEC §11b, auth follows the siblings).
    pub dependencies: HashMap<String, String>,
    pub mounts: HashMap<String, String>,
}

/// Reads [`RouterDefs`] from `source`; a source that does not parse defines nothing.
pub fn router_defs(source: &str) -> RouterDefs {
    let mut defs = RouterDefs::default();
    let Ok(parsed) = ruff_python_parser::parse_module(source) else {
        return defs;
    };
    let text = |e: &Expr| {
        use ruff_text_size::Ranged;
        source[e.range().start().to_usize()..e.range().end().to_usize()].to_string()
    };
    for stmt in &parsed.syntax().body {
        let (target, value) = match stmt {
            Stmt::Assign(a) if a.targets.len() == 1 => (&a.targets[0], a.value.as_ref()),
            Stmt::AnnAssign(a) => match a.value.as_deref() {
                Some(v) => (a.target.as_ref(), v),
                None => continue,
            },
            _ => continue,
        };
        let (Some(name), Some(call)) = (target.as_name_expr(), value.as_call_expr()) else {
            continue;
        };
        if !text(&call.func).ends_with("APIRouter") {
            continue;
        }
        let keyword = |key: &str| {
            call.arguments
                .keywords
                .iter()
                .find(|k| k.arg.as_ref().is_some_and(|a| a.id == key))
                .map(|k| text(&k.value))
        };
        let prefix = keyword("prefix");
        if let Some(value) = keyword("dependencies") {
            defs.dependencies.insert(name.id.to_string(), value);
        }
        defs.routers
            .insert(name.id.to_string(), Prefix::of(prefix.as_deref()));
    }
    let mut mounts = Mounts {
        source,
        found: HashMap::new(),
    };
    for stmt in &parsed.syntax().body {
        mounts.visit_stmt(stmt);
    }
    defs.mounts = mounts.found;
    defs
}

struct Mounts<'s> {
    source: &'s str,
    found: HashMap<String, String>,
}

impl<'a> Visitor<'a> for Mounts<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Some(call) = expr.as_call_expr()
            && let Some(attr) = call.func.as_attribute_expr()
            && attr.attr.id == "mount"
        {
            use ruff_text_size::Ranged;
            let text =
                |e: &Expr| &self.source[e.range().start().to_usize()..e.range().end().to_usize()];
            let path = call.arguments.args.first().and_then(|p| literal(text(p)));
            let app = call
                .arguments
                .keywords
                .iter()
                .find(|k| k.arg.as_ref().is_some_and(|a| a.id == "app"))
                .map(|k| &k.value)
                .or_else(|| call.arguments.args.get(1));
            if let (Some(path), Some(app)) = (path, app.and_then(|a| a.as_name_expr())) {
                self.found.insert(app.id.to_string(), path);
            }
        }
        visitor::walk_expr(self, expr);
    }
}

impl ParsedModule {
    /// The includes of `target` (an absolute path, `app.api.v1.router`) in any scope:
    /// the router each is made on and its `prefix=`.
    pub fn includes_of(&self, target: &str, within: &str) -> Vec<(String, Prefix)> {
        self.module
            .includes
            .iter()
            .filter(|i| {
                i.first_arg
                    .as_deref()
                    .is_some_and(|a| self.module.canonical(a, within) == target)
            })
            .map(|i| {
                let prefix = i.keywords.iter().find(|(k, _)| k == "prefix");
                (
                    i.router.clone(),
                    Prefix::of(prefix.map(|(_, v)| v.as_str())),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_read_where_they_are_literals() {
        let defs = router_defs(
            "from fastapi import APIRouter, FastAPI\nr = APIRouter(prefix=\"/v1\")\nq: APIRouter = fastapi.APIRouter()\ns = APIRouter(prefix=settings.P)\napp = FastAPI()\napi = FastAPI()\napp.mount(\"/api/v1\", app=api)\n",
        );
        assert_eq!(defs.routers.get("r"), Some(&Prefix::Literal("/v1".into())));
        assert_eq!(defs.routers.get("q"), Some(&Prefix::Absent));
        assert_eq!(defs.routers.get("s"), Some(&Prefix::Unknown));
        assert_eq!(defs.routers.get("app"), None);
        assert_eq!(defs.mounts.get("api").map(String::as_str), Some("/api/v1"));
        let parsed = ParsedModule::new(
            "from .v1 import router as v1\napi.include_router(v1, prefix=\"/x\")\ndef f(app):\n    app.include_router(v1, prefix=p)\n",
        )
        .ok();
        assert_eq!(
            parsed.map(|p| p.includes_of("app.api.v1.router", "app.api")),
            Some(vec![
                ("api".into(), Prefix::Literal("/x".into())),
                ("app".into(), Prefix::Unknown)
            ])
        );
        assert_eq!(literal("f\"/x\""), None);
    }
}
