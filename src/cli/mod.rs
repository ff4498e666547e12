//! The command line (clap): the commands, and `run`, which hands each to one function
//! of the library. Each command's arguments are in `args.rs`.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};

use crate::commands;
use crate::exit::ExitStatus;
use crate::style::ColorChoice;

mod args;

pub use args::{
    CheckArgs, CompletionsArgs, DecodeArgs, DetectArgs, EncodeArgs, FeatureArgs, InitArgs,
    ListArgs, McpArgs, RemoveArgs, SchemaArgs, UpdateArgs, WriteArgs,
};

#[derive(Debug, Parser)]
#[command(
    name = "petsage-build",
    version,
    about = "Scaffold feature modules into a FastAPI backend",
    long_about = "Scaffold feature modules into a FastAPI backend: schema, service, endpoint, \
                  test and doc, wired into the API router.",
    after_help = "Examples:\n  \
        petsage-build init demo && cd demo\n  \
        petsage-build feature smoke_test\n  \
        petsage-build feature orders --description \"Manage pet food orders\"\n  \
        petsage-build check --format github",
    propagate_version = true
)]
pub struct Cli {
    /// Project root (default: the nearest directory upwards holding a pyproject.toml)
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Print nothing on success
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// When to colour the output (NO_COLOR is honoured by `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a minimal runnable FastAPI backend to add features to
    #[command(after_help = "Examples:\n  \
        petsage-build init demo\n  \
        petsage-build init --dry-run --show-new")]
    Init(InitArgs),
    /// Add a feature: schema, service, endpoint, test and doc, wired into the router
    #[command(after_help = "Examples:\n  \
        petsage-build feature smoke_test\n  \
        petsage-build feature pet_profile --description \"Pet profiles\"\n  \
        petsage-build feature --request examples/smoke_test.yaml --dry-run\n  \
        petsage-build feature --request owners.yaml --request pets.yaml\n  \
        petsage-build feature --payload \"$(cat examples/smoke_test.b64)\"")]
    Feature(FeatureArgs),
    /// Generate features again with today's templates, merging in every hand edit
    #[command(after_help = "Examples:\n  \
        petsage-build update --dry-run\n  \
        petsage-build update smoke_test\n  \
        petsage-build update pet_profile --request pet_profile.yaml\n  \
        petsage-build update --conflicts markers\n\n\
        Each generated file is merged three ways: what was generated last time (kept in the\n\
        feature's record), the file as it is, and the new generation. Conflicts stop the run\n\
        (exit 1) and nothing is written, unless --conflicts markers writes them marked.")]
    Update(UpdateArgs),
    /// Remove a feature: its files, its record and its wiring
    #[command(after_help = "Examples:\n  \
        petsage-build remove smoke_test --dry-run\n  \
        petsage-build remove smoke_test --force")]
    Remove(RemoveArgs),
    /// Check that every feature is complete and wired (for CI)
    #[command(after_help = "Examples:\n  \
        petsage-build check\n  \
        petsage-build check --format github\n  \
        petsage-build check --format json | jq .errors\n\n\
        Exit status: 0 when there is no error finding (notes do not fail), 1 otherwise.")]
    Check(CheckArgs),
    /// Print the [tool.petsage-build] section that fits an existing project
    #[command(after_help = "Examples:\n  \
        petsage-build detect\n  \
        petsage-build --root backend detect\n  \
        petsage-build detect --write --dry-run\n  \
        petsage-build detect --write && petsage-build feature pet_profile\n\n\
        Exit status: 0 when a FastAPI app and a router aggregator were found, 1 otherwise \
        (what is missing is said on stderr).")]
    Detect(DetectArgs),
    /// List every feature with its state
    #[command(after_help = "Examples:\n  \
        petsage-build list\n  \
        petsage-build list --format json")]
    List(ListArgs),
    /// Decode a request payload and print it, validated
    #[command(after_help = "Examples:\n  \
        petsage-build decode \"$(cat examples/smoke_test.b64)\"\n  \
        petsage-build decode - --format yaml < examples/smoke_test.b64")]
    Decode(DecodeArgs),
    /// Validate a YAML/JSON request file and print its payload
    #[command(after_help = "Examples:\n  \
        petsage-build encode examples/smoke_test.yaml\n  \
        petsage-build encode - < request.json")]
    Encode(EncodeArgs),
    /// Work with the templates
    #[command(
        subcommand,
        after_help = "Examples:\n  \
        petsage-build templates list\n  \
        petsage-build templates export my-templates\n  \
        petsage-build feature orders --templates my-templates"
    )]
    Templates(TemplatesCommand),
    /// Print the JSON Schema of request files or of [tool.petsage-build] (for editors)
    #[command(after_help = "Examples:\n  \
        petsage-build schema request > schemas/request.schema.json\n  \
        # then, on the first line of a request file:\n  \
        # yaml-language-server: $schema=schemas/request.schema.json\n  \
        petsage-build schema config > schemas/config.schema.json\n  \
        # then, in .taplo.toml, scoped to the table:\n  \
        # [[rule]]\n  \
        # include = [\"pyproject.toml\"]\n  \
        # keys = [\"tool.petsage-build\"]\n  \
        # schema.path = \"schemas/config.schema.json\"")]
    Schema(SchemaArgs),
    /// Serve the project to coding assistants over MCP (Model Context Protocol, stdio)
    #[command(after_help = "Examples:\n  \
        petsage-build mcp\n  \
        petsage-build --root backend mcp --read-only\n\n\
        Register it with an MCP client as the command `petsage-build` with the arguments\n\
        `mcp` (and `--root DIR`, or start it in the project). It serves that one project:\n\
        tools describe_project, decode_request, plan_feature, add_feature, remove_feature\n\
        and check (see the README, \"Coding agents (MCP)\").")]
    Mcp(McpArgs),
    /// Print a shell completion script
    #[command(after_help = "Examples:\n  \
        petsage-build completions bash > ~/.local/share/bash-completion/completions/petsage-build\n  \
        petsage-build completions zsh > ~/.zfunc/_petsage-build\n  \
        petsage-build completions fish > ~/.config/fish/completions/petsage-build.fish")]
    Completions(CompletionsArgs),
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates to DIR, to edit and use with --templates
    #[command(after_help = "Examples:\n  \
        petsage-build templates export .petsage-templates\n  \
        petsage-build feature orders --templates .petsage-templates")]
    Export {
        /// Target directory (created when missing)
        dir: PathBuf,
        /// Overwrite templates already there
        #[arg(long)]
        force: bool,
    },
    /// List the template names petsage-build uses
    #[command(after_help = "Examples:\n  \
        petsage-build templates list\n  \
        petsage-build templates list | grep feature/")]
    List,
}

impl Command {
    /// The command changes the tree: once it has, its output is only a report.
    fn applies(&self) -> bool {
        match self {
            Command::Init(InitArgs { write, .. }) | Command::Feature(FeatureArgs { write, .. }) => {
                !write.dry_run
            }
            Command::Remove(a) => !a.dry_run,
            Command::Update(a) => !a.dry_run,
            Command::Detect(a) => a.write && !a.dry_run,
            _ => false,
        }
    }
}

/// Parses the arguments and runs the command.
pub fn run<I, T>(args: I) -> anyhow::Result<ExitStatus>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let invoked = args.first().cloned();
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
    if let Command::Mcp(a) = &cli.command {
        // The protocol owns standard output: it must not be locked here.
        return commands::mcp::run(cli.root.as_deref(), a.read_only);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let (root, quiet, color) = (cli.root.as_deref(), cli.quiet, cli.color.enabled());
    let applies = cli.command.applies();
    let status = match cli.command {
        Command::Init(a) => {
            let dir = root.map_or(a.dir.clone(), |r| r.join(&a.dir));
            let opts = a.write.options(quiet, color);
            commands::init::run(&dir, a.setup(), invoked.as_deref(), opts, &mut out)?
        }
        Command::Feature(a) => {
            let (input, write) = a.input();
            commands::feature::run(root, &input, write.options(quiet, color), &mut out)?
        }
        Command::Remove(a) => {
            commands::remove::run(root, &a.name, a.options(quiet, color), &mut out)?
        }
        Command::Detect(a) => {
            let opts = a.options(quiet, color);
            commands::detect::run(root, a.write, a.force, opts, &mut out)?
        }
        Command::Check(a) => commands::check::run(root, a.format, quiet, color, &mut out)?,
        Command::List(a) => commands::list::run(root, a.format, color, &mut out)?,
        Command::Decode(a) => commands::decode::run(&a.payload, a.format, &mut out)?,
        Command::Encode(a) => commands::encode::run(&a.file, &mut out)?,
        Command::Templates(TemplatesCommand::Export { dir, force }) => {
            commands::templates::export(&dir, force, quiet, &mut out)?
        }
        Command::Templates(TemplatesCommand::List) => commands::templates::list(&mut out)?,
        Command::Update(a) => {
            let (input, opts) = a.input(quiet, color);
            commands::update::run(root, &input, opts, &mut out)?
        }
        Command::Schema(a) => commands::schema::run(a.kind, &mut out)?,
        Command::Mcp(_) => unreachable!("served above"),
        Command::Completions(a) => {
            commands::completions::run(a.shell, &mut Cli::command(), &mut out)?
        }
    };
    match out.flush() {
        // A full or closed standard output does not undo a successful apply.
        Err(_) if applies && status == ExitStatus::Success => {}
        flushed => flushed?,
    }
    Ok(status)
}
