//! One module per command; each takes plain values and a writer, never clap types.

pub mod decode;
pub mod encode;
pub mod write;
