//! The one place that turns outcomes into exit statuses (SPEC §6).

use std::process::ExitCode;

use crate::error::Error;

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: done.
    Success,
    /// 1: refused or a check failed.
    Failure,
    /// 2: invalid input or usage.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// The status an error ends the run with: that of the first [`Error`] in its chain (also
/// one an `io::Error` carries: `fsread`'s refusals), else 1 (I/O and the like).
pub fn status_of(err: &anyhow::Error) -> ExitStatus {
    err.chain()
        .find_map(|c| {
            c.downcast_ref::<Error>().or_else(|| {
                c.downcast_ref::<std::io::Error>()
                    .and_then(|e| e.get_ref())
                    .and_then(|i| i.downcast_ref::<Error>())
            })
        })
        .map_or(ExitStatus::Failure, |e| match e {
            Error::Invalid(_) => ExitStatus::Error,
            Error::Refused(_) => ExitStatus::Failure,
        })
}

/// The one line an error is shown as (`error: …`, every cause after a colon, terminal
/// controls escaped): what the CLI prints on stderr and what the MCP server's tool errors
/// say.
pub fn error_line(err: &anyhow::Error) -> String {
    format!("error: {}", crate::escape::line(&format!("{err:#}")))
}

/// True when the error is a closed standard output (`petsage-build decode … | head`),
/// which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
