//! `petsage-build mcp`: a Model Context Protocol server over stdio (rmcp), so that coding
//! assistants build features through the tool instead of writing the files by hand.
//!
//! It serves the one project it was started for (its root fixed at start), never any
//! other: no tool argument names a root or a path. Each call runs synchronously on a
//! current-thread runtime, through the same library calls as the CLI commands; bad input
//! is a tool error (`isError`) whose text is the line the CLI prints (`exit::error_line`).
//! `args.rs` holds the arguments, `tools.rs` the tools' descriptions and schemas,
//! `calls.rs` what each does.

mod args;
mod calls;
mod tools;
mod transport;

use std::path::PathBuf;

use anyhow::Context as _;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt as _};

use crate::exit::error_line;

/// The server's state: the project root and whether it writes.
#[derive(Debug, Clone)]
pub struct Server {
    root: PathBuf,
    read_only: bool,
}

impl Server {
    /// A server for the project at `root` (a root `Project::open` found).
    pub fn new(root: PathBuf, read_only: bool) -> Server {
        Server { root, read_only }
    }

    /// The result of one tool call: data and a text, or the error line as a tool error.
    fn call(&self, request: CallToolRequestParams) -> CallToolResult {
        let outcome = match tools::find(&request.name, self.read_only) {
            Some(tool) => calls::call(&self.root, tool.name, request.arguments, self.read_only),
            None if tools::find(&request.name, false).is_some() => {
                Err(crate::error::refused(format!(
                    "{} writes to the project, and this server is read-only (--read-only)",
                    request.name
                )))
            }
            None => Err(crate::error::invalid(format!(
                "unknown tool '{}'",
                crate::escape::line(&request.name)
            ))),
        };
        match outcome {
            Ok(reply) => {
                let mut result = CallToolResult::success(vec![ContentBlock::text(reply.text)]);
                result.structured_content = Some(reply.data);
                result
            }
            Err(err) => CallToolResult::error(vec![ContentBlock::text(error_line(&err))]),
        }
    }
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        let mut info = ServerConfig::new(ServerCapabilities::builder().enable_tools().build());
        info.server_info = Implementation::new("petsage-build", env!("CARGO_PKG_VERSION"));
        let mode = if self.read_only {
            " This server is read-only: it plans and checks, and writes nothing."
        } else {
            ""
        };
        info.instructions = Some(format!(
            "petsage-build scaffolds features into this FastAPI project: for each feature a \
             Pydantic schema, a service, an APIRouter endpoint, a pytest test and a doc, \
             wired into the router aggregator, with the escaping, wiring and tests right. \
             Use it instead of writing those files by hand: describe_project to see the \
             layout and the features, plan_feature to see what a request would change, \
             add_feature to write it (all or nothing), check to verify, remove_feature to \
             undo.{mode}"
        ));
        info
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tools::list(self.read_only)))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        Ok(self.call(request).into())
    }
}

/// Serves `server` on standard input and output until the client closes them.
pub fn serve(server: Server) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the MCP server's runtime")?;
    runtime.block_on(async {
        let running = server
            .serve(transport::LineTransport::new(
                tokio::io::stdin(),
                tokio::io::stdout(),
            ))
            .await
            .context("the MCP client did not initialise the session")?;
        running
            .waiting()
            .await
            .context("the MCP server stopped unexpectedly")?;
        Ok(())
    })
}
