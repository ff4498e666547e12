//! petsage-build: scaffolds feature modules into a Python FastAPI backend.
//!
//! The library is the whole product; `main.rs` only maps results to exit codes.

pub mod cli;
pub mod commands;
pub mod apply;
pub mod config;
pub mod containment;
pub mod error;
pub mod exit;
pub mod layout;
pub mod lock;
pub mod naming;
pub mod plan;
pub mod project;
pub mod python;
pub mod record;
pub mod request;
pub mod show;
