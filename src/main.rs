//! The `petsage-build` binary: run the command, print any error on one line, exit.

use std::process::ExitCode;

use petsage_build::exit::{ExitStatus, error_line, is_broken_pipe, status_of};

fn main() -> ExitCode {
    match petsage_build::cli::run(std::env::args_os()) {
        Ok(status) => status.into(),
        Err(err) if is_broken_pipe(&err) => ExitStatus::Success.into(),
        Err(err) => {
            eprintln!("{}", error_line(&err));
            status_of(&err).into()
        }
    }
}
