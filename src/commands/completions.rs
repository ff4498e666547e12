//! `completions SHELL`: the shell completion script, generated from the clap definition.

use std::io::Write;

use clap_complete::Shell;

use crate::exit::ExitStatus;

const BIN: &str = "petsage-build";

pub fn run(
    shell: Shell,
    cmd: &mut clap::Command,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let mut script = Vec::new();
    clap_complete::generate(shell, cmd, BIN, &mut script);
    let mut script = String::from_utf8(script)?;
    if shell == Shell::Bash {
        script = fix_bash(&script);
    }
    out.write_all(script.as_bytes())?;
    Ok(ExitStatus::Success)
}

/// clap_complete (4.6.11) spells the subcommand states of a hyphenated binary two ways in
/// its bash script: the loop computes `petsage__build__subcmd__feature`, the case arms
/// say `petsage__subcmd__build__subcmd__feature`, so no option of any subcommand ever
/// completes (clap-rs/clap#6421). The arms are rewritten to the loop's spelling.
fn fix_bash(script: &str) -> String {
    script.replace("petsage__subcmd__build", "petsage__build")
}
