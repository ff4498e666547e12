//! petsage-build: scaffolds feature modules into a Python FastAPI backend.
//!
//! The library is the whole product; `main.rs` only maps results to exit codes.

pub mod alembic;
pub mod apply;
pub mod cli;
pub mod commands;
pub mod config;
pub mod containment;
pub mod database_code;
pub mod dependencies;
pub mod detect;
pub mod digest;
pub mod error;
pub mod escape;
pub mod exit;
pub mod fsread;
pub mod journal;
pub mod layout;
pub mod lock;
pub mod mcp;
pub mod mounted;
pub mod naming;
pub mod ops;
pub mod packaging;
pub mod pep440;
pub mod plan;
pub mod prefix_chain;
pub mod project;
pub mod pydantic_pin;
pub mod pynames;
pub mod pyrules;
pub(crate) mod pystr;
pub mod python;
pub mod record;
pub mod render;
pub mod request;
pub mod show;
pub mod style;
pub mod suggest;
pub mod survey;
