//! One module per command; each takes plain values and a writer, never clap types.

pub mod check;
pub mod completions;
pub mod decode;
pub mod encode;
pub mod feature;
pub mod init;
pub mod list;
pub mod remove;
pub mod templates;
pub mod write;
