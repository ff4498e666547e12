//! The integration tests, in one crate (as uv's `crates/uv/tests/it/`): one binary to
//! build and link instead of one per file. Each module is one area; `common` is the CLI
//! fixture they share.

// Tests may unwrap: a failure is the test's report (Cargo.toml's lints deny it elsewhere).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod batch_cli;
mod check_cli;
mod cli_snapshots;
mod detect_cli;
mod detect_shapes;
mod e2e;
mod e2e_auth;
mod e2e_postgres;
mod feature_cli;
mod forged_cli;
mod golden;
mod harden_cli;
mod harden_misc;
mod layout_cli;
mod links_cli;
mod mcp;
mod migrations_cli;
mod models_cli;
mod packaging;
mod patch;
mod protected_cli;
mod pydantic_cli;
mod real_projects;
mod references_cli;
mod release;
mod remove_cli;
mod request_cli;
mod resource_cli;
mod roundtrip;
mod schema;
mod syntax_corpus;
mod table_references_cli;
mod terminal_cli;
mod update_cli;
mod wire_props;
