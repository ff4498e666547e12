//! Python source handling: parsing with tree-sitter and the wiring edits (SPEC §5).
//!
//! Everything here is a pure function from text to text. tree-sitter only finds the
//! anchors; the edits are minimal byte splices into the original, so comments, blank
//! lines, newline style, tabs, a BOM and a missing final newline all survive.

mod model;
mod order;
mod syntax;
mod text;
mod unwire;
mod wire;

pub use syntax::{SyntaxError, check_syntax};
pub use unwire::{UnwireChange, unwire};
pub use wire::{Parsed, WireChange, imported_names, is_wired, wire};

/// What to wire: `from {module} import {name}` and `{router}.include_router({include_args})`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wiring<'a> {
    /// e.g. `petsage.api.v1.endpoints`, or `petsage.api.v1.api` for main.py.
    pub module: &'a str,
    /// e.g. `smoke_test`, or `api_v1_router`.
    pub name: &'a str,
    /// e.g. `api_v1_router`, or `app`.
    pub router: &'a str,
    /// e.g. `smoke_test.router`, or `api_v1_router, prefix="/api/v1"`.
    pub include_args: &'a str,
}
