//! What each tool does: the arguments read (`args.rs`), then the same library calls as
//! the CLI commands, in the `ops` layer (`ops::feature::plan`, `ops::write::settle`,
//! `ops::check::findings`, ...), and the reply: a short text, as the CLI would
//! print it, and the data (the same as `--format json` where the CLI has it).

use std::path::Path;

use serde_json::{Map, Value, json};

use super::args::{self, DecodeArgs, FeatureArgs, NoArgs, RemoveArgs};
use crate::error::invalid;
use crate::ops::feature::FeatureInput;
use crate::ops::write::{WriteOptions, settle};
use crate::ops::{self, decode};
use crate::plan::{ConflictPolicy, Plan};
use crate::project::Project;
use crate::{escape, journal, request, show, survey};

/// A tool's answer: text for the model to read, and the same facts as data.
pub struct Reply {
    pub text: String,
    pub data: Value,
}

/// Runs the tool `name` on the project at `root` (already checked to be served).
/// `read_only`: the server writes nothing, not even the roll-back of an interrupted run
/// that a plan does first.
pub fn call(
    root: &Path,
    name: &str,
    arguments: Option<Map<String, Value>>,
    read_only: bool,
) -> anyhow::Result<Reply> {
    match name {
        "describe_project" => {
            let NoArgs {} = args::parse(name, arguments)?;
            describe(root)
        }
        "decode_request" => decode(args::parse(name, arguments)?),
        "plan_feature" if read_only && journal::exists(root) => Err(invalid(
            "a petsage-build run was interrupted part-way and the tree is half-written; \
             this server is read-only, so run `petsage-build list` to roll it back first",
        )),
        "plan_feature" => feature(root, args::parse(name, arguments)?, true),
        "add_feature" => feature(root, args::parse(name, arguments)?, false),
        "remove_feature" => remove(root, args::parse(name, arguments)?),
        "check" => {
            let NoArgs {} = args::parse(name, arguments)?;
            check(root)
        }
        _ => Err(invalid(format!("unknown tool '{}'", escape::line(name)))),
    }
}

fn describe(root: &Path) -> anyhow::Result<Reply> {
    let project = Project::open(Some(root), root)?;
    let layout = project.layout();
    // Reading only: an interrupted run is reported, not rolled back (any writing tool,
    // and plan_feature, roll it back first).
    let interrupted = journal::exists(&project.root);
    let identities = project.templates_identities();
    let found = survey::survey(&project.root, layout, &|recorded| identities.of(recorded))?;
    let routes = ops::list::routes(&project.root);
    let files = layout.path_patterns();
    let data = json!({
        "root": project.root.display().to_string(),
        "layout": {
            "package": layout.package,
            "api_version": layout.api_version,
            "aggregator": layout.aggregator,
            "router_var": layout.router_var,
            "main": layout.main,
            "app_var": layout.app_var,
            "api_prefix": layout.api_prefix(),
            "wire_main": layout.wire_main,
            "import_root": layout.import_root,
            "db": layout.db,
            "session_dependency": layout.session_dependency,
            "model_base": layout.model_base,
            "feature_files": {
                "schema": files.schema,
                "model": files.model,
                "service": files.service,
                "endpoint": files.endpoint,
                "test": files.test,
                "doc": files.doc,
            },
        },
        "templates": project.config.templates.as_ref().map(|t| t.display().to_string()),
        "interrupted": interrupted,
        "features": survey::list_value(&found, &routes),
    });
    let mut text = format!(
        "project {}: package {}, aggregator {} (router {}), main {} (app {}), mounted at \
         {}\n",
        project.root.display(),
        layout.package,
        layout.aggregator,
        layout.router_var,
        layout.main,
        layout.app_var,
        layout.api_prefix()
    );
    if interrupted {
        text += "an interrupted run left the tree half-written (check says E009)\n";
    }
    text += &survey::list_text(&found, &routes, false);
    Ok(Reply {
        text: escape::text(&text).into_owned(),
        data,
    })
}

fn decode(a: DecodeArgs) -> anyhow::Result<Reply> {
    let req = request::from_payload(&a.payload)?;
    let mut text = String::new();
    if let Some(note) = ops::normalised_note(&req.feature) {
        text += &format!("note: {note}\n");
    }
    text += &decode::text_block(&req);
    Ok(Reply {
        text: escape::text(&text).into_owned(),
        data: decode::request_json(&req)?,
    })
}

fn feature(root: &Path, a: FeatureArgs, dry_run: bool) -> anyhow::Result<Reply> {
    if a.payload.as_deref() == Some("-") {
        // `-` is standard input on the command line: here, the protocol's stream.
        return Err(invalid(
            "the payload '-' (standard input) cannot be read here; give the base64 text",
        ));
    }
    let input = FeatureInput {
        name: a.name,
        payload: a.payload,
        requests: Vec::new(),
        documents: a
            .request
            .iter()
            .chain(a.requests.iter().flatten())
            .map(Value::to_string)
            .collect(),
        description: a.description,
        templates: None,
        no_wire: false,
    };
    let opts = options(dry_run, a.conflicts.policy());
    let mut notes: Vec<String> = Vec::new();
    let planned = ops::feature::plan(Some(root), &input, opts, &mut |n| notes.push(n))?;
    notes.extend(planned.plan.notes().iter().cloned());
    settle(&planned.plan, opts)?;
    let name = planned
        .requests
        .iter()
        .map(|r| r.feature.snake())
        .collect::<Vec<_>>()
        .join(", ");
    Ok(plan_reply(&planned.plan, &name, dry_run, notes))
}

fn remove(root: &Path, a: RemoveArgs) -> anyhow::Result<Reply> {
    let policy = if a.force {
        ConflictPolicy::Force
    } else {
        ConflictPolicy::Refuse
    };
    let opts = options(false, policy);
    let mut notes: Vec<String> = Vec::new();
    let (plan, _lock) = ops::remove::plan(Some(root), &a.name, opts, &mut |n| notes.push(n))?;
    settle(&plan, opts)?;
    let name = crate::naming::FeatureName::parse(&a.name)?;
    notes.extend(plan.notes().iter().cloned());
    Ok(plan_reply(&plan, name.snake(), false, notes))
}

fn check(root: &Path) -> anyhow::Result<Reply> {
    let found = ops::check::findings(Some(root))?;
    Ok(Reply {
        text: survey::check_text(&found, false),
        data: survey::check_value(&found),
    })
}

/// A writing tool's options: nothing printed (the reply says it all).
fn options(dry_run: bool, policy: ConflictPolicy) -> WriteOptions {
    WriteOptions {
        dry_run,
        show_new: dry_run,
        quiet: true,
        color: false,
        policy,
    }
}

/// The reply of plan_feature, add_feature and remove_feature: the notes, the summary
/// (and for a plan the diffs, new files in full) as the CLI prints them, and as data.
fn plan_reply(plan: &Plan, feature: &str, dry_run: bool, notes: Vec<String>) -> Reply {
    let mut text: String = notes
        .iter()
        .map(|n| format!("note: {}\n", escape::line(n)))
        .collect();
    text += &show::summary(plan, dry_run, false);
    let diffs = dry_run.then(|| show::diffs(plan, true));
    if let Some(d) = &diffs {
        text += d;
    }
    let conflicts = plan.conflicts();
    let data = json!({
        "feature": feature,
        "applied": !dry_run,
        "ok": conflicts.is_empty(),
        "changes": show::changes_json(plan),
        "conflicts": conflicts,
        "notes": notes,
        "diffs": diffs,
    });
    Reply { text, data }
}
