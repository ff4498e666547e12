//! Command-line types (clap); each command hands over to one function of the library.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::commands::{self, check::CheckFormat, decode::RequestFormat, list::ListFormat};
use crate::exit::ExitStatus;
use crate::ops::write::WriteOptions;
use crate::plan::ConflictPolicy;
use crate::style::ColorChoice;

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

/// The options every writing command shares.
#[derive(Debug, Clone, Args)]
pub struct WriteArgs {
    /// Show what would change (summary and diffs) and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run, also print the full content of new files
    #[arg(long, requires = "dry_run")]
    pub show_new: bool,
    /// Overwrite existing files whose content differs
    #[arg(long, conflicts_with = "skip_existing")]
    pub force: bool,
    /// Keep existing files whose content differs (the wiring is still done)
    #[arg(long)]
    pub skip_existing: bool,
}

impl WriteArgs {
    fn options(&self, quiet: bool, color: bool) -> WriteOptions {
        let policy = if self.force {
            ConflictPolicy::Force
        } else if self.skip_existing {
            ConflictPolicy::SkipExisting
        } else {
            ConflictPolicy::Refuse
        };
        WriteOptions {
            dry_run: self.dry_run,
            show_new: self.show_new,
            quiet,
            color,
            policy,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a minimal runnable FastAPI backend to add features to
    #[command(after_help = "Examples:\n  \
        petsage-build init demo\n  \
        petsage-build init --dry-run --show-new")]
    Init {
        /// Directory of the new project (created when missing)
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[command(flatten)]
        write: WriteArgs,
        /// No Alembic: the app creates its tables at start-up instead of migrating
        #[arg(long)]
        no_migrations: bool,
        /// Users, login (OAuth2 password flow, JWTs) and `CurrentUser`, to protect
        /// routes and scope rows by
        #[arg(long)]
        auth: bool,
    },
    /// Add a feature: schema, service, endpoint, test and doc, wired into the router
    #[command(after_help = "Examples:\n  \
        petsage-build feature smoke_test\n  \
        petsage-build feature pet_profile --description \"Pet profiles\"\n  \
        petsage-build feature --request examples/smoke_test.yaml --dry-run\n  \
        petsage-build feature --payload \"$(cat examples/smoke_test.b64)\"")]
    Feature {
        /// Feature name (snake_case); alone it uses the built-in preset or defaults
        name: Option<String>,
        /// The request as a base64 payload, or `-` for stdin
        #[arg(long, value_name = "PAYLOAD", conflicts_with = "request")]
        payload: Option<String>,
        /// The request as a YAML/JSON file, or `-` for stdin
        #[arg(long, value_name = "FILE")]
        request: Option<String>,
        /// Replace the request's description
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
        /// Templates that replace the built-in ones by name (overrides the config key)
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Write the feature's own files only, not the wiring (for a router shape the
        /// tool does not know; it prints how to wire it by hand)
        #[arg(long)]
        no_wire: bool,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Generate features again with today's templates, merging in every hand edit
    #[command(after_help = "Examples:\n  \
        petsage-build update --dry-run\n  \
        petsage-build update smoke_test\n  \
        petsage-build update pet_profile --request pet_profile.yaml\n  \
        petsage-build update --conflicts markers\n\n\
        Each generated file is merged three ways: what was generated last time (kept in the\n\
        feature's record), the file as it is, and the new generation. Conflicts stop the run\n\
        (exit 1) and nothing is written, unless --conflicts markers writes them marked.")]
    Update {
        /// Feature names (default: every recorded feature)
        names: Vec<String>,
        /// A new request (YAML/JSON file, or `-` for stdin) for the one feature named
        #[arg(long, value_name = "FILE")]
        request: Option<String>,
        /// What to do when an edit and the new generation change the same lines
        #[arg(long, value_enum, default_value_t = commands::update::ConflictMode::Refuse, value_name = "MODE")]
        conflicts: commands::update::ConflictMode,
        /// Templates that replace the built-in ones by name (overrides the config key and
        /// each record's); `builtin`: the built-in templates (`./builtin` names a directory)
        #[arg(long, value_name = "DIR|builtin")]
        templates: Option<commands::update::TemplatesArg>,
        /// Show what would change (summary and diffs) and write nothing
        #[arg(long)]
        dry_run: bool,
        /// With --dry-run, also print the full content of new files
        #[arg(long, requires = "dry_run")]
        show_new: bool,
    },
    /// Remove a feature: its files, its record and its wiring
    #[command(after_help = "Examples:\n  \
        petsage-build remove smoke_test --dry-run\n  \
        petsage-build remove smoke_test --force")]
    Remove {
        /// Feature name
        name: String,
        /// Show what would be removed and change nothing
        #[arg(long)]
        dry_run: bool,
        /// Also remove files edited since generation
        #[arg(long)]
        force: bool,
    },
    /// Check that every feature is complete and wired (for CI)
    #[command(after_help = "Examples:\n  \
        petsage-build check\n  \
        petsage-build check --format github\n  \
        petsage-build check --format json | jq .errors\n\n\
        Exit status: 0 when there is no error finding (notes do not fail), 1 otherwise.")]
    Check {
        /// Output format
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Print the [tool.petsage-build] section that fits an existing project
    #[command(after_help = "Examples:\n  \
        petsage-build detect\n  \
        petsage-build --root backend detect\n  \
        petsage-build detect --write --dry-run\n  \
        petsage-build detect --write && petsage-build feature pet_profile\n\n\
        Exit status: 0 when a FastAPI app and a router aggregator were found, 1 otherwise \
        (what is missing is said on stderr).")]
    Detect {
        /// Add the section to pyproject.toml (all other bytes kept)
        #[arg(long)]
        write: bool,
        /// With --write, replace a [tool.petsage-build] section already there
        #[arg(long, requires = "write")]
        force: bool,
        /// With --write, show the change to pyproject.toml and write nothing
        #[arg(long, requires = "write")]
        dry_run: bool,
    },
    /// List every feature with its state
    #[command(after_help = "Examples:\n  \
        petsage-build list\n  \
        petsage-build list --format json")]
    List {
        /// Output format
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Decode a request payload and print it, validated
    #[command(after_help = "Examples:\n  \
        petsage-build decode \"$(cat examples/smoke_test.b64)\"\n  \
        petsage-build decode - --format yaml < examples/smoke_test.b64")]
    Decode {
        /// The base64 payload (standard or URL-safe, padding optional), or `-` for stdin
        payload: String,
        /// Output format
        #[arg(long, value_enum, default_value_t = RequestFormat::Text)]
        format: RequestFormat,
    },
    /// Validate a YAML/JSON request file and print its payload
    #[command(after_help = "Examples:\n  \
        petsage-build encode examples/smoke_test.yaml\n  \
        petsage-build encode - < request.json")]
    Encode {
        /// The request file (YAML or JSON), or `-` for stdin
        file: String,
    },
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
    Schema {
        /// Which schema
        kind: commands::schema::SchemaKind,
    },
    /// Serve the project to coding assistants over MCP (Model Context Protocol, stdio)
    #[command(after_help = "Examples:\n  \
        petsage-build mcp\n  \
        petsage-build --root backend mcp --read-only\n\n\
        Register it with an MCP client as the command `petsage-build` with the arguments\n\
        `mcp` (and `--root DIR`, or start it in the project). It serves that one project:\n\
        tools describe_project, decode_request, plan_feature, add_feature, remove_feature\n\
        and check (see the README, \"Coding agents (MCP)\").")]
    Mcp {
        /// Serve only the tools that write nothing (describe, decode, plan, check)
        #[arg(long)]
        read_only: bool,
    },
    /// Print a shell completion script
    #[command(after_help = "Examples:\n  \
        petsage-build completions bash > ~/.local/share/bash-completion/completions/petsage-build\n  \
        petsage-build completions zsh > ~/.zfunc/_petsage-build\n  \
        petsage-build completions fish > ~/.config/fish/completions/petsage-build.fish")]
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
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
    if let Command::Mcp { read_only } = cli.command {
        // The protocol owns standard output: it must not be locked here.
        return commands::mcp::run(cli.root.as_deref(), read_only);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let color = cli.color.enabled();
    let root = cli.root.as_deref();
    let quiet = cli.quiet;
    // A command that changes the tree: once it has, its output is only a report.
    let applies = match &cli.command {
        Command::Init { write, .. } | Command::Feature { write, .. } => !write.dry_run,
        Command::Remove { dry_run, .. } | Command::Update { dry_run, .. } => !dry_run,
        Command::Detect { write, dry_run, .. } => *write && !dry_run,
        _ => false,
    };
    let status = match cli.command {
        Command::Init {
            dir,
            no_migrations,
            auth,
            write,
        } => {
            let dir = root.map_or(dir.clone(), |r| r.join(&dir));
            commands::init::run(
                &dir,
                crate::render::ProjectSetup {
                    migrations: !no_migrations,
                    auth,
                },
                invoked.as_deref(),
                write.options(quiet, color),
                &mut out,
            )?
        }
        Command::Feature {
            name,
            payload,
            request,
            description,
            templates,
            no_wire,
            write,
        } => {
            let input = crate::ops::feature::FeatureInput {
                name,
                payload,
                request,
                document: None,
                description,
                templates,
                no_wire,
            };
            commands::feature::run(root, &input, write.options(quiet, color), &mut out)?
        }
        Command::Remove {
            name,
            dry_run,
            force,
        } => {
            let write = WriteArgs {
                dry_run,
                show_new: false,
                force,
                skip_existing: false,
            };
            commands::remove::run(root, &name, write.options(quiet, color), &mut out)?
        }
        Command::Detect {
            write,
            force,
            dry_run,
        } => {
            let args = WriteArgs {
                dry_run,
                show_new: false,
                force: false,
                skip_existing: false,
            };
            commands::detect::run(root, write, force, args.options(quiet, color), &mut out)?
        }
        Command::Check { format } => commands::check::run(root, format, quiet, color, &mut out)?,
        Command::List { format } => commands::list::run(root, format, color, &mut out)?,
        Command::Decode { payload, format } => commands::decode::run(&payload, format, &mut out)?,
        Command::Encode { file } => commands::encode::run(&file, &mut out)?,
        Command::Templates(TemplatesCommand::Export { dir, force }) => {
            commands::templates::export(&dir, force, quiet, &mut out)?
        }
        Command::Update {
            names,
            request,
            conflicts,
            templates,
            dry_run,
            show_new,
        } => {
            let input = commands::update::UpdateInput {
                names,
                request,
                conflicts,
                templates,
            };
            let opts = WriteOptions {
                dry_run,
                show_new,
                quiet,
                color,
                policy: ConflictPolicy::Refuse,
            };
            commands::update::run(root, &input, opts, &mut out)?
        }
        Command::Templates(TemplatesCommand::List) => commands::templates::list(&mut out)?,
        Command::Schema { kind } => commands::schema::run(kind, &mut out)?,
        Command::Mcp { .. } => unreachable!("served above"),
        Command::Completions { shell } => {
            commands::completions::run(shell, &mut Cli::command(), &mut out)?
        }
    };
    match out.flush() {
        // A full or closed standard output does not undo a successful apply.
        Err(_) if applies && status == ExitStatus::Success => {}
        flushed => flushed?,
    }
    Ok(status)
}
