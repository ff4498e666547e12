//! Python source handling: parsing with ruff's parser and the wiring edits (SPEC §5).
//!
//! Everything here is a pure function from text to text. The parser only finds the
//! anchors; the edits are minimal byte splices into the original, so comments, blank
//! lines, newline style, tabs, a BOM and a missing final newline all survive.

mod bindings_and_includes;
mod configured_dependency;
mod dependency_sites;
mod house_style;
mod import_splice;
mod include_placement;
mod load;
mod model;
mod parsed_module;
mod prefixes;
mod queries;
mod refs;
mod router_list;
mod semantic;
mod sibling_auth;
mod syntax;
mod syntax_error;
mod table_model;
mod text;
mod unwire;
mod wire;
mod wiring_plan;

pub use crate::naming::{Case, spell};
pub use configured_dependency::{DependencyError, DependencyForm, dependency_form};
pub use dependency_sites::dependency_values;
pub use house_style::{ImportStyle, IncludePattern};
pub use parsed_module::{ParsedModule, imported_names, is_wired};
pub use prefixes::{Prefix, RouterDefs, router_defs};
pub use queries::{CallSite, Calls, ClassInfo, FunctionInfo, call_sites};
pub use sibling_auth::{
    DependencyOverride, SiblingAuth, majority as majority_auth, same_dependencies,
};
pub use syntax::{Target, check_syntax, check_syntax_for};
pub use syntax_error::SyntaxError;
pub use table_model::{Column, TableModel, UserModel, table_models, user_model};
pub use unwire::{UnwireChange, unwire};
pub use wire::{WireChange, wire};

/// What to wire: `from {module} import {name}` and `{router}.include_router({include_args})`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wiring<'a> {
    /// e.g. `petsage.api.v1.endpoints`, or `petsage.api.v1.api` for main.py; relative
    /// (`.endpoints`, `.smoke_test`) from the package `within`.
    pub module: &'a str,
    /// e.g. `smoke_test`, or `api_v1_router`.
    pub name: &'a str,
    /// Imported under this name (`router as smoke_test_router`), if any.
    pub alias: Option<&'a str>,
    /// e.g. `api_v1_router`, or `app`.
    pub router: &'a str,
    /// e.g. `smoke_test.router`, or `api_v1_router, prefix="/api/v1"`.
    pub include_args: &'a str,
    /// The oldest Python the project supports: newer syntax is refused.
    pub target: Target,
    /// The package the file's relative imports start from (`app.api` for
    /// `app/api/api.py`); empty when unknown, and then relative imports match nothing.
    pub within: &'a str,
}

impl Wiring<'_> {
    /// The name the import binds: the alias, else the name.
    pub fn bound(&self) -> &str {
        self.alias.unwrap_or(self.name)
    }

    /// The imported member as written in the statement.
    pub(crate) fn member(&self) -> String {
        match self.alias {
            Some(alias) => format!("{} as {alias}", self.name),
            None => self.name.to_string(),
        }
    }

    /// The leading dots of a relative module, and the rest.
    pub(crate) fn relative_parts(&self) -> (u32, &str) {
        let dotted = self.module.trim_start_matches('.');
        // A module path is short: the count of its dots fits.
        let level = u32::try_from(self.module.len() - dotted.len()).unwrap_or(u32::MAX);
        (level, dotted)
    }
}

/// The wiring of a feature into the aggregator, as the unit tests use it.
#[cfg(test)]
pub(crate) fn sample_wiring(include_args: &str) -> Wiring<'_> {
    Wiring {
        module: "petsage.api.v1.endpoints",
        name: "smoke_test",
        alias: None,
        router: "api_v1_router",
        include_args,
        target: Target::LATEST,
        within: "petsage.api.v1",
    }
}
