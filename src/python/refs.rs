//! What a name in a module refers to, whatever the spelling of its import: absolute or
//! relative, aliased, `import a.b` or `from a import b`. Wiring and `check` compare
//! these resolved paths, so `from .endpoints import pet`, `import app.endpoints.pet as
//! p` and `from app.endpoints.pet import router as pet_router` all count as the same
//! module.

use super::model::{Binding, Module};

/// Resolves a binding to an absolute dotted path. `within` is the package that relative
/// imports of the file start from (`app.api` for `app/api/api.py` and for
/// `app/api/__init__.py`); `None` when a relative import climbs above it.
pub(crate) fn resolve(b: &Binding, within: &str) -> Option<String> {
    resolve_path(b.level, &b.target, within)
}

/// `target` after `level` leading dots, made absolute from the package `within`.
pub(crate) fn resolve_path(level: u32, target: &str, within: &str) -> Option<String> {
    if level == 0 {
        return Some(target.to_string());
    }
    let mut parts: Vec<&str> = within.split('.').filter(|p| !p.is_empty()).collect();
    for _ in 1..level {
        parts.pop()?;
    }
    if parts.is_empty() {
        return None;
    }
    let base = parts.join(".");
    Some(if target.is_empty() {
        base
    } else {
        format!("{base}.{target}")
    })
}

/// Whether `path` is `prefix` or lies inside it, component by component.
pub(crate) fn within_path(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.'))
}

impl Module {
    /// The top-level bindings, resolved: `(bound name, absolute path, line)`.
    pub(crate) fn resolved<'m>(
        &'m self,
        within: &'m str,
    ) -> impl Iterator<Item = (&'m Binding, String)> + 'm {
        self.bindings
            .iter()
            .filter(|b| b.top)
            .filter_map(move |b| resolve(b, within).map(|path| (b, path)))
    }

    /// What a dotted expression (`pet.router`, `routes.pet.router`) refers to: its head
    /// resolved through the last top-level import that binds it, else the text itself.
    pub(crate) fn canonical(&self, expr: &str, within: &str) -> String {
        let (head, rest) = expr.split_once('.').map_or((expr, ""), |(h, r)| (h, r));
        let index = self.last_top.get_or_init(|| {
            let mut index = std::collections::HashMap::new();
            for (i, b) in self.bindings.iter().enumerate().filter(|(_, b)| b.top) {
                index.insert(b.name.clone(), i);
            }
            index
        });
        let bound = index
            .get(head)
            .and_then(|&i| self.bindings.get(i))
            .and_then(|b| resolve(b, within));
        match (bound, rest.is_empty()) {
            (Some(path), true) => path,
            (Some(path), false) => format!("{path}.{rest}"),
            (None, _) => expr.to_string(),
        }
    }

    /// As [`Module::canonical`], where no top-level import binds the head: through the
    /// last import in any scope that does (`def setup(): from app.api import router`),
    /// so that a function-local import is followed too.
    pub(crate) fn canonical_any_scope(&self, expr: &str, within: &str) -> String {
        let top = self.canonical(expr, within);
        if top != expr {
            return top;
        }
        let (head, rest) = expr.split_once('.').map_or((expr, ""), |(h, r)| (h, r));
        let bound = self
            .bindings
            .iter()
            .rev()
            .find(|b| !b.top && b.name == head)
            .and_then(|b| resolve(b, within));
        match (bound, rest.is_empty()) {
            (Some(path), true) => path,
            (Some(path), false) => format!("{path}.{rest}"),
            (None, _) => expr.to_string(),
        }
    }

    /// How this module spells the absolute path `path` through its own top-level
    /// imports (`pet_routes` for `import app.endpoints.pet as pet_routes` and path
    /// `app.endpoints.pet`; `pet_routes.router` for `app.endpoints.pet.router`), using
    /// the most specific import; `None` if no import reaches it.
    pub(crate) fn spelling_of(&self, path: &str, within: &str) -> Option<String> {
        self.resolved(within)
            .filter(|(_, target)| within_path(path, target))
            .max_by_key(|(_, target)| target.len())
            .map(|(b, target)| format!("{}{}", b.name, &path[target.len()..]))
    }

    /// Whether any import, in any scope, reaches the module `path` or something in it
    /// (`import path`, `from path import x`, `from parent import last`, relative too).
    pub(crate) fn imports_anywhere(&self, path: &str, within: &str) -> bool {
        self.bindings.iter().any(|b| {
            let imported = Binding {
                target: b.imported.clone(),
                ..b.clone()
            };
            resolve(b, within).is_some_and(|t| within_path(&t, path))
                || resolve(&imported, within).is_some_and(|t| within_path(&t, path))
        })
    }

    /// The absolute modules imported anywhere (each statement's module, and for
    /// `from m import n` also `m.n`, which may be a submodule).
    pub(crate) fn imported_modules(&self, within: &str) -> Vec<String> {
        let mut out = Vec::new();
        for b in &self.bindings {
            let imported = Binding {
                target: b.imported.clone(),
                ..b.clone()
            };
            out.extend(resolve(&imported, within));
            out.extend(resolve(b, within));
        }
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::Target;
    use crate::python::load::read;

    fn module(code: &str) -> Module {
        read(code, Target::LATEST).unwrap_or_default()
    }

    #[test]
    fn every_spelling_resolves_to_one_path() {
        let within = "app.api";
        for code in [
            "from app.api.endpoints import pet\n",
            "from .endpoints import pet\n",
            "from . import endpoints\npet = endpoints.pet\n",
            "import app.api.endpoints.pet as pet_routes\n",
            "from app.api.endpoints.pet import router as pet_router\n",
            "import app.api.endpoints.pet\n",
            "from ..api.endpoints import pet as p\n",
        ] {
            let m = module(code);
            let spelled = m.spelling_of("app.api.endpoints.pet.router", within);
            let spelled = spelled.unwrap_or_default();
            assert_eq!(
                m.canonical(&spelled, within),
                "app.api.endpoints.pet.router",
                "{code}"
            );
        }
    }

    #[test]
    fn relative_imports_resolve_against_the_package() {
        let m = module("from .. import deps\nfrom ...x import y\n");
        assert_eq!(m.canonical("deps", "app.api.v1"), "app.api.deps");
        assert_eq!(m.canonical("y", "app.api.v1"), "app.x.y");
        assert_eq!(m.canonical("y", "app"), "y", "climbs above the root");
    }

    #[test]
    fn imports_in_any_scope_count() {
        let m =
            module("def create_app():\n    from .api.main import api_router as r\n    return r\n");
        assert!(m.imports_anywhere("app.api.main", "app"));
        // Importing a submodule runs the package: a package aggregator counts too.
        assert!(m.imports_anywhere("app.api", "app"));
        assert!(!m.imports_anywhere("app.other", "app"));
        assert!(!m.imports_anywhere("app.api.main", "lib"));
    }
}
