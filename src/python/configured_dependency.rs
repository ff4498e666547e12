//! What a dependency named in config (`dependencies = { current_user =
//! "app.deps:CurrentUser" }`, SPEC §15) is, read from the module that defines it: an
//! `Annotated` alias (used as a parameter's type; its `Depends(f)` on a router) or a
//! callable (used as `Depends(name)`).

use ruff_python_ast::{Expr, Stmt};

use super::parsed_module::ParsedModule;
use super::sibling_auth::{dependency_argument, dotted_text};
use super::syntax_error::SyntaxError;

/// The form of a configured dependency, as its module defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DependencyForm {
    /// `Name = Annotated[T, Depends(f)]`: the `(module, name)` a router's `Depends(...)`
    /// imports `f` from.
    Alias { callable: (String, String) },
    /// A function, a class or an object defined here: `Depends(name)` as it is.
    Callable,
    /// Imported into the module: the `(module, name)` it comes from.
    Imported(String, String),
}

/// How `source` (the module `this`, in the package `within`) defines `name` at its top
/// level; `Ok(None)` where it does not. An alias whose `Depends(...)` names something
/// the module cannot say the origin of is `Err` with that text.
pub fn dependency_form(
    source: &str,
    name: &str,
    (within, this): (&str, &str),
) -> Result<Option<DependencyForm>, DependencyError> {
    let parsed = ParsedModule::new(source).map_err(DependencyError::Syntax)?;
    let (_, code) = super::text::split_bom(source);
    let module = ruff_python_parser::parse_module(code)
        .map_err(|e| DependencyError::Unreadable(e.to_string()))?;
    let mut form = None;
    // The last binding at the top level is the one an import sees.
    for stmt in &module.syntax().body {
        let value = match stmt {
            Stmt::Assign(a)
                if a.targets
                    .iter()
                    .any(|t| t.as_name_expr().is_some_and(|n| n.id == name)) =>
            {
                Some(&*a.value)
            }
            Stmt::AnnAssign(a) if a.target.as_name_expr().is_some_and(|n| n.id == name) => {
                match &a.value {
                    Some(v) => Some(&**v),
                    None => continue,
                }
            }
            Stmt::TypeAlias(t) if t.name.as_name_expr().is_some_and(|n| n.id == name) => {
                Some(&*t.value)
            }
            Stmt::FunctionDef(f) if f.name.id == name => None,
            Stmt::ClassDef(c) if c.name.id == name => None,
            Stmt::ImportFrom(_) | Stmt::Import(_) => {
                if let Some((m, n)) = parsed
                    .import_of(name, within, this)
                    .filter(|(m, _)| m != this)
                {
                    form = Some(DependencyForm::Imported(m, n));
                }
                continue;
            }
            _ => continue,
        };
        form = Some(match value.and_then(|v| annotated_dependency(code, v)) {
            Some(callable) => {
                let head = callable.split('.').next().unwrap_or(&callable);
                let rest = &callable[head.len()..];
                let (module, origin) = parsed
                    .import_of(head, within, this)
                    .ok_or_else(|| DependencyError::Unresolved(callable.clone()))?;
                if !rest.is_empty() {
                    // `Depends(deps.get_user)`: an attribute of an imported module.
                    let (m, n) = format!("{module}.{origin}{rest}")
                        .rsplit_once('.')
                        .map(|(m, n)| (m.to_string(), n.to_string()))
                        .ok_or_else(|| DependencyError::Unresolved(callable.clone()))?;
                    DependencyForm::Alias { callable: (m, n) }
                } else {
                    DependencyForm::Alias {
                        callable: (module, origin),
                    }
                }
            }
            None => DependencyForm::Callable,
        });
    }
    Ok(form)
}

/// Why a configured dependency's module could not say what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DependencyError {
    Syntax(SyntaxError),
    Unreadable(String),
    /// The alias's `Depends(...)` names this, which the module does not import or define.
    Unresolved(String),
}

/// `f` (dotted, as written) of `Annotated[T, ..., Depends(f)]` (or `Security(f, ...)`).
fn annotated_dependency(code: &str, value: &Expr) -> Option<String> {
    let Expr::Subscript(s) = value else {
        return None;
    };
    let base = dotted_text(code, &s.value)?;
    if base.rsplit('.').next() != Some("Annotated") {
        return None;
    }
    let Expr::Tuple(t) = &*s.slice else {
        return None;
    };
    t.elts.iter().skip(1).find_map(|e| {
        let Expr::Call(call) = e else {
            return None;
        };
        let func = dotted_text(code, &call.func)?;
        if !matches!(func.rsplit('.').next(), Some("Depends" | "Security")) {
            return None;
        }
        dotted_text(code, dependency_argument(call)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(code: &str, name: &str) -> Result<Option<DependencyForm>, DependencyError> {
        dependency_form(code, name, ("app.api", "app.api.deps"))
    }

    fn alias(m: &str, n: &str) -> Option<DependencyForm> {
        Some(DependencyForm::Alias {
            callable: (m.into(), n.into()),
        })
    }

    #[test]
    fn an_annotated_alias_gives_its_callable_and_where_it_comes_from() {
        let here = "from typing import Annotated\nfrom fastapi import Depends\n\ndef get_user() -> int:\n    return 1\n\nCurrentUser = Annotated[int, Depends(get_user)]\n";
        assert_eq!(
            form(here, "CurrentUser"),
            Ok(alias("app.api.deps", "get_user"))
        );
        assert_eq!(form(here, "get_user"), Ok(Some(DependencyForm::Callable)));
        assert_eq!(form(here, "missing"), Ok(None));
        let imported = "from typing import Annotated\nimport fastapi\nfrom .auth import current as get_user\nfrom app import security\n\nUser = Annotated[int, fastapi.Depends(dependency=get_user)]\nAdmin: TypeAlias = Annotated[int, fastapi.Security(security.admin, scopes=[\"a\"])]\n";
        assert_eq!(form(imported, "User"), Ok(alias("app.api.auth", "current")));
        assert_eq!(form(imported, "Admin"), Ok(alias("app.security", "admin")));
        assert_eq!(
            form(imported, "get_user"),
            Ok(Some(DependencyForm::Imported(
                "app.api.auth".into(),
                "current".into()
            )))
        );
        let unknown = "from typing import Annotated\nU = Annotated[int, Depends(nowhere)]\n";
        assert_eq!(
            form(unknown, "U"),
            Err(DependencyError::Unresolved("nowhere".into()))
        );
    }

    #[test]
    fn objects_and_classes_are_callables() {
        let code = "from fastapi.security import HTTPBearer\nbearer = HTTPBearer()\nclass Guard:\n    pass\n";
        assert_eq!(form(code, "bearer"), Ok(Some(DependencyForm::Callable)));
        assert_eq!(form(code, "Guard"), Ok(Some(DependencyForm::Callable)));
        assert_eq!(
            form(code, "HTTPBearer"),
            Ok(Some(DependencyForm::Imported(
                "fastapi.security".into(),
                "HTTPBearer".into()
            )))
        );
    }
}
