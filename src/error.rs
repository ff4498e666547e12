//! The library's one error type: what went wrong, of two kinds, each ending a run with its
//! own exit status (`exit::status_of`, as just's `Error::code`). Failures of another kind
//! (I/O and the like) travel as `anyhow` errors with context, and end with 1. A leaf:
//! it knows nothing of exit statuses, which are the CLI's.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Input that cannot be used as given (a payload, a name, a request, a file, the
    /// configuration): exit 2. The text is one line naming what is wrong.
    #[error("{0}")]
    Invalid(String),
    /// A valid request the tool declines to carry out (conflicts, edited files): exit 1.
    #[error("{0}")]
    Refused(String),
}

/// A validator's message is invalid input: `?` on a `Result<_, String>` of the request,
/// name or layout checks gives an `Error::Invalid` with that message.
impl From<String> for Error {
    fn from(msg: String) -> Error {
        Error::Invalid(msg)
    }
}

impl From<&str> for Error {
    fn from(msg: &str) -> Error {
        Error::Invalid(msg.to_string())
    }
}

/// An `Error::Invalid` in an `anyhow` chain.
pub fn invalid(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Error::Invalid(msg.into()))
}

/// An `Error::Refused` in an `anyhow` chain.
pub fn refused(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Error::Refused(msg.into()))
}
