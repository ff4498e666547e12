//! petsage-build: scaffolds feature modules into a Python FastAPI backend.
//!
//! The library is the whole product; `main.rs` only maps results to exit codes.

pub mod cli;
pub mod commands;
pub mod error;
pub mod exit;
pub mod naming;
pub mod python;
pub mod request;
