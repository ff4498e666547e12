//! The one place that turns outcomes into exit statuses (SPEC §6).

use std::process::ExitCode;

use crate::error::InvalidInput;

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

/// The status an error ends the run with: 2 for bad input anywhere in its chain; 1 for a
/// refusal ([`crate::error::Refused`]) and for every other failure (I/O and the like).
pub fn status_of(err: &anyhow::Error) -> ExitStatus {
    // `fsread` refusals travel as an `io::Error` holding an `InvalidInput`.
    let inside_io = |c: &(dyn std::error::Error + 'static)| {
        c.downcast_ref::<std::io::Error>()
            .and_then(|e| e.get_ref())
            .is_some_and(|i| i.is::<InvalidInput>())
    };
    if err.chain().any(|c| c.is::<InvalidInput>() || inside_io(c)) {
        ExitStatus::Error
    } else {
        ExitStatus::Failure
    }
}

/// True when the error is a closed standard output (`petsage-build decode … | head`),
/// which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
