//! Python source handling: parsing with ruff's parser and the wiring edits (SPEC §5).
//!
//! Everything here is a pure function from text to text. The parser only finds the
//! anchors; the edits are minimal byte splices into the original, so comments, blank
//! lines, newline style, tabs, a BOM and a missing final newline all survive.

mod model;
mod order;
mod refs;
mod semantic;
mod syntax;
mod text;
mod unwire;
mod wire;

pub use syntax::{SyntaxError, Target, check_syntax, check_syntax_for};
pub use unwire::{UnwireChange, unwire};
pub use wire::{Parsed, WireChange, imported_names, is_wired, wire};

/// What to wire: `from {module} import {name}` and `{router}.include_router({include_args})`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wiring<'a> {
    /// e.g. `petsage.api.v1.endpoints`, or `petsage.api.v1.api` for main.py.
    pub module: &'a str,
    /// e.g. `smoke_test`, or `api_v1_router`.
    pub name: &'a str,
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
