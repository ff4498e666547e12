//! Where a module puts dependencies on routes (SPEC §15, what `detect` counts): the
//! `dependencies=` of `include_router(...)` calls, of `APIRouter(...)` and of route
//! decorators (`@router.get(..., dependencies=[...])`), in any scope.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

/// The calls whose `dependencies=` protect routes: what includes, builds or decorates
/// them.
const SITES: &[&str] = &[
    "include_router",
    "APIRouter",
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "api_route",
];

/// Each `dependencies=` value of the module, as written, in source order; none where it
/// does not parse.
pub fn dependency_values(source: &str) -> Vec<String> {
    let (_, code) = super::text::split_bom(source);
    let Ok(module) = ruff_python_parser::parse_module(code) else {
        return Vec::new();
    };
    let mut sites = Sites {
        code,
        found: Vec::new(),
    };
    for stmt in &module.syntax().body {
        sites.visit_stmt(stmt);
    }
    sites.found
}

struct Sites<'s> {
    code: &'s str,
    found: Vec<String>,
}

impl<'a> Visitor<'a> for Sites<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Some(call) = expr.as_call_expr() {
            let name = match &*call.func {
                Expr::Name(n) => Some(n.id.as_str()),
                Expr::Attribute(a) => Some(a.attr.id.as_str()),
                _ => None,
            };
            if name.is_some_and(|n| SITES.contains(&n))
                && let Some(k) = call
                    .arguments
                    .keywords
                    .iter()
                    .find(|k| k.arg.as_ref().is_some_and(|a| a.id == "dependencies"))
            {
                let range = k.value.range();
                self.found
                    .push(self.code[range.start().to_usize()..range.end().to_usize()].to_string());
            }
        }
        visitor::walk_expr(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_routers_and_decorators_are_counted() {
        let code = "from fastapi import APIRouter, Depends\nfrom app.deps import user, admin\n\nrouter = APIRouter(prefix=\"/x\", dependencies=[Depends(user)])\n\n@router.get(\"/a\", dependencies=[Depends(admin)])\ndef a():\n    return 1\n\ndef wire(app):\n    app.include_router(router, dependencies=[\n        Depends(user),\n    ])\n\nother = dict(dependencies=[1])\n";
        assert_eq!(
            dependency_values(code),
            vec![
                "[Depends(user)]".to_string(),
                "[Depends(admin)]".to_string(),
                "[\n        Depends(user),\n    ]".to_string(),
            ]
        );
        assert!(dependency_values("def (:\n").is_empty());
    }
}
