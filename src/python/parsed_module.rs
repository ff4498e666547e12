//! `ParsedModule`: a module parsed once, and the read-only queries `check`, `detect`, `mounted`
//! and the plans ask of it (imports, includes, what a name refers to, whether a
//! feature is wired).

use anyhow::Result;

use super::Wiring;
use super::load::{load, read};
use super::model::Module;
use super::syntax::Target;
use super::syntax_error::{SyntaxError, check_cookie};
use super::text::split_bom;
use super::wiring_plan::WiringPlan;
use crate::error::invalid;
use crate::pyrules::is_dotted;

/// A module parsed once, for the read-only queries `check` asks of one file.
pub struct ParsedModule {
    pub(super) module: Module,
}

impl ParsedModule {
    /// Parses `source` (BOM allowed), or says where it is not Python, as `check_syntax`.
    pub fn new(source: &str) -> Result<ParsedModule, SyntaxError> {
        ParsedModule::for_target(source, Target::LATEST)
    }

    /// As [`ParsedModule::new`], judging syntax by `target`.
    pub fn for_target(source: &str, target: Target) -> Result<ParsedModule, SyntaxError> {
        let (bom, code) = split_bom(source);
        check_cookie(bom, code)?;
        Ok(ParsedModule {
            module: read(code, target)?,
        })
    }

    /// As [`is_wired`].
    pub fn is_wired(&self, w: &Wiring) -> Result<(bool, bool)> {
        let plan = WiringPlan::new(w)?;
        Ok((plan.imported(&self.module), plan.included(&self.module)))
    }

    /// As [`imported_names`].
    pub fn imported_names(&self, module: &str) -> Result<Vec<(String, usize)>> {
        if !is_dotted(module) {
            return Err(invalid(format!("`{module}` is not a Python module path")));
        }
        Ok(names_from(&self.module, module))
    }

    /// Whether any import of the file, in any scope and any spelling, reaches the module
    /// `module` or something inside it. `within` is the file's package.
    pub fn imports_module(&self, module: &str, within: &str) -> bool {
        self.module.imports_anywhere(module, within)
    }

    /// Every absolute module the file imports, in any scope (for `from m import n`
    /// both `m` and `m.n`, which may be a submodule).
    pub fn imported_modules(&self, within: &str) -> Vec<String> {
        self.module.imported_modules(within)
    }

    /// The modules of the package `package` this file imports at the top level, in any
    /// spelling (`from package import x`, `from .package import x as y`,
    /// `import package.x`, `from package.x import router`), with the import's line.
    pub fn modules_imported_from(
        &self,
        (prefix, suffix): (&str, &str),
        within: &str,
    ) -> Vec<(String, usize)> {
        self.module
            .resolved(within)
            .filter_map(|(b, path)| Some((name_in(&path, prefix, suffix)?, b.line)))
            .collect()
    }

    /// The modules of the package `package` whose router is included on `router`, in
    /// any spelling, with the call's line: `router.include_router(x.router)` and
    /// `router.include_router(x_router)` where `x_router` is `package.x.router`.
    pub fn modules_included_from(
        &self,
        router: &str,
        (prefix, suffix): (&str, &str),
        within: &str,
    ) -> Vec<(String, usize)> {
        self.includes(router)
            .into_iter()
            .filter_map(|(arg, line)| {
                let path = self.module.canonical(&arg, within);
                Some((name_in(&path, prefix, suffix)?, line))
            })
            .collect()
    }

    /// What a dotted expression refers to through the file's top-level imports, as an
    /// absolute path (`app.api.routes.api.router` for `api_router` after
    /// `from app.api.routes.api import router as api_router`); the text itself when its
    /// head is not imported. `within` is the file's package.
    pub fn resolve(&self, expr: &str, within: &str) -> String {
        self.module.canonical(expr, within)
    }

    /// Whether the file imports the package `head` or a module in it by an absolute
    /// import (`from src.books.routes import x`, `import src.db`), in any scope.
    pub fn imports_absolutely(&self, head: &str) -> bool {
        self.module.bindings.iter().any(|b| {
            b.level == 0
                && (b.imported == head
                    || b.imported
                        .strip_prefix(head)
                        .is_some_and(|r| r.starts_with('.')))
        })
    }

    /// As [`ParsedModule::resolve`], also through imports inside functions where no
    /// top-level one binds the name.
    pub fn resolve_any_scope(&self, expr: &str, within: &str) -> String {
        self.module.canonical_any_scope(expr, within)
    }

    /// Whether the file includes any router anywhere (`x.include_router(...)`).
    pub fn includes_any_router(&self) -> bool {
        !self.module.includes.is_empty()
    }

    /// The first argument (without whitespace) of every `{router}.include_router(...)`
    /// call at any depth, with the call's 1-based line, in document order; where `router`
    /// names a list of routers (`ROUTERS = [a.router]`), its elements, which the app
    /// includes.
    pub fn includes(&self, router: &str) -> Vec<(String, usize)> {
        self.includes_in(router, false)
    }

    /// As [`ParsedModule::includes`], where an include of a loop variable stands for the
    /// collection the loop walks (`for r in routers: app.include_router(r)` gives
    /// `routers`): the routers an app includes, as `detect` follows them.
    pub fn included_routers(&self, router: &str) -> Vec<(String, usize)> {
        self.includes_in(router, true)
    }

    fn includes_in(&self, router: &str, through_loops: bool) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = self
            .module
            .includes
            .iter()
            .filter(|i| i.router == router)
            .filter_map(|i| {
                let looped = i.loop_over.clone().filter(|_| through_loops);
                Some((looped.or_else(|| i.first_arg.clone())?, i.line))
            })
            .collect();
        let list = self
            .module
            .router_lists
            .iter()
            .rev()
            .find(|(l, _)| l.name == router);
        if let Some((list, line)) = list {
            out.extend(list.elements.iter().map(|(_, _, e)| (e.clone(), *line)));
        }
        out
    }
}

/// The feature name in `path` when it is (or lies in) `{prefix}{name}{suffix}`: `x` for
/// `pkg.endpoints.x.router` with prefix `pkg.endpoints.`, or `app.x.views` with prefix
/// `app.` and suffix `.views`.
pub(super) fn name_in(path: &str, prefix: &str, suffix: &str) -> Option<String> {
    let rest = path.strip_prefix(prefix)?;
    let name = rest.split('.').next()?;
    let after = &rest[name.len()..];
    let fits = after
        .strip_prefix(suffix)
        .is_some_and(|tail| tail.is_empty() || tail.starts_with('.'));
    (!name.is_empty() && fits).then(|| name.to_string())
}

/// Whether the name is imported and whether it is included, as `wire` decides it.
pub fn is_wired(source: &str, w: &Wiring) -> Result<(bool, bool)> {
    let plan = WiringPlan::new(w)?;
    let (_, _, m) = load(source, w.target)?;
    Ok((plan.imported(&m), plan.included(&m)))
}

/// Names imported from `module` at the top level (also in a top-level `try`/`if`), with
/// the 1-based line of each; an alias is reported by the imported name.
pub fn imported_names(source: &str, module: &str) -> Result<Vec<(String, usize)>> {
    if !is_dotted(module) {
        return Err(invalid(format!("`{module}` is not a Python module path")));
    }
    let (_, _, m) = load(source, Target::LATEST)?;
    Ok(names_from(&m, module))
}

pub(super) fn names_from(m: &Module, module: &str) -> Vec<(String, usize)> {
    m.from_imports
        .iter()
        .filter(|f| f.module.as_deref() == Some(module))
        .flat_map(|f| f.members.iter().map(|x| (x.name.clone(), x.line)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loop_variable_stands_for_the_collection_it_walks() {
        let src = "def create_app():\n    app = FastAPI()\n    for r in routers:\n        app.include_router(r)\n    app.include_router(x.router)\n    for r in other:\n        pass\n    return app\n";
        let parsed = ParsedModule::new(src).unwrap();
        assert_eq!(
            parsed.included_routers("app"),
            vec![("routers".into(), 4), ("x.router".into(), 5)]
        );
        // The wiring's reader keeps the argument as written.
        assert_eq!(parsed.includes("app")[0].0, "r");
    }

    #[test]
    fn parsed_finds_includes_on_the_router_only() {
        let src = "r = X()\nr.include_router(a.router)\nif t:\n    r.include_router(\n        b . router, prefix='/b')\nother.include_router(c.router)\n";
        let parsed = ParsedModule::new(src).ok();
        assert_eq!(
            parsed.map(|p| p.includes("r")),
            Some(vec![("a.router".into(), 2), ("b.router".into(), 4)])
        );
    }
}
