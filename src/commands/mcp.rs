//! `mcp [--read-only]`: serve the project (found from the current directory, or
//! `--root`) to an MCP client on standard input and output, until it closes them.

use std::path::Path;

use crate::exit::ExitStatus;
use crate::mcp::{Server, serve};

pub fn run(root: Option<&Path>, read_only: bool) -> anyhow::Result<ExitStatus> {
    // No project, no server: one line and exit 2 before the session starts.
    let (project, _) = crate::ops::open_project(root)?;
    serve(Server::new(project.root, read_only))?;
    Ok(ExitStatus::Success)
}
