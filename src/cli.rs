//! Command-line types (clap); each command hands over to one function of the library.

use std::ffi::OsString;
use std::io::Write;

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands;
use crate::exit::ExitStatus;

#[derive(Debug, Parser)]
#[command(
    name = "petsage-build",
    version,
    about = "Scaffold feature modules into a FastAPI backend",
    long_about = "Scaffold feature modules into a FastAPI backend: schema, service, endpoint, \
                  test and doc, wired into the API router.",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decode a request payload and print it, validated
    #[command(after_help = "Examples:\n  \
        petsage-build decode \"$(cat examples/smoke_test.b64)\"\n  \
        petsage-build decode - --format yaml < examples/smoke_test.b64")]
    Decode {
        /// The base64 payload (standard or URL-safe, padding optional), or `-` for stdin
        payload: String,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Validate a YAML/JSON request file and print its payload
    #[command(after_help = "Examples:\n  \
        petsage-build encode examples/smoke_test.yaml\n  \
        petsage-build encode - < request.json")]
    Encode {
        /// The request file (YAML or JSON), or `-` for stdin
        file: String,
    },
}

/// How a request is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Yaml,
    Json,
}

/// Parses the arguments and runs the command.
pub fn run<I, T>(args: I) -> anyhow::Result<ExitStatus>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors are status 2.
            let _ = e.print();
            return Ok(if e.use_stderr() {
                ExitStatus::Error
            } else {
                ExitStatus::Success
            });
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let status = match cli.command {
        Command::Decode { payload, format } => commands::decode::run(&payload, format, &mut out)?,
        Command::Encode { file } => commands::encode::run(&file, &mut out)?,
    };
    out.flush()?;
    Ok(status)
}
