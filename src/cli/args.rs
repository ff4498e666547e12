//! The arguments of each command, as clap reads them, and what each gives the library:
//! the input of its `ops`/`commands` function and its write options.

use std::path::PathBuf;

use clap::Args;

use crate::commands::{self, check::CheckFormat, decode::RequestFormat, list::ListFormat};
use crate::ops::write::WriteOptions;
use crate::plan::ConflictPolicy;

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
    pub fn options(&self, quiet: bool, color: bool) -> WriteOptions {
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

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory of the new project (created when missing)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub write: WriteArgs,
    /// No Alembic: the app creates its tables at start-up instead of migrating
    #[arg(long)]
    pub no_migrations: bool,
    /// Users, login (OAuth2 password flow, JWTs) and `CurrentUser`, to protect
    /// routes and scope rows by
    #[arg(long)]
    pub auth: bool,
}

#[derive(Debug, Args)]
pub struct FeatureArgs {
    /// Feature name (snake_case); alone it uses the built-in preset or defaults
    pub name: Option<String>,
    /// The request as a base64 payload, or `-` for stdin
    #[arg(long, value_name = "PAYLOAD", conflicts_with = "request")]
    pub payload: Option<String>,
    /// The request as a YAML/JSON file, or `-` for stdin; given more than once (or a
    /// file of several YAML documents), the features are added in one run, all or none
    #[arg(long, value_name = "FILE")]
    pub request: Vec<String>,
    /// Replace the request's description
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// Templates that replace the built-in ones by name (overrides the config key)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Write the feature's own files only, not the wiring (for a router shape the
    /// tool does not know; it prints how to wire it by hand)
    #[arg(long)]
    pub no_wire: bool,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Feature names (default: every recorded feature)
    pub names: Vec<String>,
    /// A new request (YAML/JSON file, or `-` for stdin) for the one feature named
    #[arg(long, value_name = "FILE")]
    pub request: Option<String>,
    /// What to do when an edit and the new generation change the same lines
    #[arg(long, value_enum, default_value_t = commands::update::ConflictMode::Refuse, value_name = "MODE")]
    pub conflicts: commands::update::ConflictMode,
    /// Templates that replace the built-in ones by name (overrides the config key and
    /// each record's); `builtin`: the built-in templates (`./builtin` names a directory)
    #[arg(long, value_name = "DIR|builtin")]
    pub templates: Option<commands::update::TemplatesArg>,
    /// Show what would change (summary and diffs) and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run, also print the full content of new files
    #[arg(long, requires = "dry_run")]
    pub show_new: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Feature name
    pub name: String,
    /// Show what would be removed and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Also remove files edited since generation
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Args)]
pub struct DetectArgs {
    /// Add the section to pyproject.toml (all other bytes kept)
    #[arg(long)]
    pub write: bool,
    /// With --write, replace a [tool.petsage-build] section already there
    #[arg(long, requires = "write")]
    pub force: bool,
    /// With --write, show the change to pyproject.toml and write nothing
    #[arg(long, requires = "write")]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The base64 payload (standard or URL-safe, padding optional), or `-` for stdin
    pub payload: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = RequestFormat::Text)]
    pub format: RequestFormat,
}

#[derive(Debug, Args)]
pub struct EncodeArgs {
    /// The request file (YAML or JSON), or `-` for stdin
    pub file: String,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema
    pub kind: commands::schema::SchemaKind,
}

#[derive(Debug, Args)]
pub struct McpArgs {
    /// Serve only the tools that write nothing (describe, decode, plan, check)
    #[arg(long)]
    pub read_only: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    pub shell: clap_complete::Shell,
}

impl InitArgs {
    pub fn setup(&self) -> crate::render::ProjectSetup {
        crate::render::ProjectSetup {
            migrations: !self.no_migrations,
            auth: self.auth,
        }
    }
}

impl FeatureArgs {
    /// The request as `ops::feature` takes it, and the write options.
    pub fn input(self) -> (crate::ops::feature::FeatureInput, WriteArgs) {
        let input = crate::ops::feature::FeatureInput {
            name: self.name,
            payload: self.payload,
            requests: self.request,
            documents: Vec::new(),
            description: self.description,
            templates: self.templates,
            no_wire: self.no_wire,
        };
        (input, self.write)
    }
}

impl UpdateArgs {
    /// What `update` takes, and its write options (conflicts are its own, never forced).
    pub fn input(self, quiet: bool, color: bool) -> (commands::update::UpdateInput, WriteOptions) {
        let opts = WriteOptions {
            dry_run: self.dry_run,
            show_new: self.show_new,
            quiet,
            color,
            policy: ConflictPolicy::Refuse,
        };
        let input = commands::update::UpdateInput {
            names: self.names,
            request: self.request,
            conflicts: self.conflicts,
            templates: self.templates,
        };
        (input, opts)
    }
}

impl RemoveArgs {
    /// `--force` removes edited files: the write options' `Force`.
    pub fn options(&self, quiet: bool, color: bool) -> WriteOptions {
        WriteArgs {
            dry_run: self.dry_run,
            show_new: false,
            force: self.force,
            skip_existing: false,
        }
        .options(quiet, color)
    }
}

impl DetectArgs {
    /// `--force` replaces a section, which is `detect`'s own: never the files' `Force`.
    pub fn options(&self, quiet: bool, color: bool) -> WriteOptions {
        WriteArgs {
            dry_run: self.dry_run,
            show_new: false,
            force: false,
            skip_existing: false,
        }
        .options(quiet, color)
    }
}
