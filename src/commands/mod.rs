//! One module per command; each takes plain values and a writer, never clap types.

pub mod check;
pub mod completions;
pub mod decode;
pub mod detect;
pub mod encode;
pub mod feature;
pub mod init;
pub mod list;
pub mod mcp;
pub mod remove;
pub mod schema;
pub mod templates;
pub mod update;
pub mod write;

/// The notes of a run as the CLI shows them: each on stderr as it arises (none when
/// quiet). Notes are escaped where they are made.
fn printed(quiet: bool) -> impl FnMut(String) {
    move |note| {
        if !quiet {
            eprintln!("note: {note}");
        }
    }
}
