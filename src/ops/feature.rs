//! What `feature` does before showing or applying: the request, the project, the lock
//! and the plan (the MCP server's `plan_feature` and `add_feature` too).

use std::path::{Path, PathBuf};

use super::Notes;
use super::write::{WriteOptions, lock_unless_dry_run};
use crate::error::invalid;
use crate::lock::ProjectLock;
use crate::naming::FeatureName;
use crate::plan::Plan;
use crate::pydantic_pin;
use crate::render::Renderer;
use crate::request::{self, Request, payload};

/// Where the request comes from.
#[derive(Debug, Clone, Default)]
pub struct FeatureInput {
    pub name: Option<String>,
    pub payload: Option<String>,
    /// Request files, planned in this order into one plan: all of them or nothing, and
    /// each may refer to the resources of those before it.
    pub requests: Vec<String>,
    /// Requests as YAML/JSON texts (the MCP server's `request` or `requests`); like
    /// `requests`, they cannot go with `payload`.
    pub documents: Vec<String>,
    pub description: Option<String>,
    /// Templates directory given on the command line (relative to the current directory).
    pub templates: Option<PathBuf>,
    /// Write the feature's own files only: the aggregator and main stay as they are.
    pub no_wire: bool,
}

/// A writing command's plan, with the project lock it was built under (none for a dry
/// run), to be held until the plan is applied.
pub struct Planned {
    pub plan: Plan,
    /// The requests planned, in order (one, unless several request files were given).
    pub requests: Vec<Request>,
    pub lock: Option<ProjectLock>,
}

/// Everything `feature` does before showing or applying: the request, the project, the
/// lock, the plan. The notes of the plan itself are in the plan; those before it
/// (a normalised name, a recovered run) go to `notes`.
pub fn plan(
    root: Option<&Path>,
    input: &FeatureInput,
    opts: WriteOptions,
    notes: &mut Notes,
) -> anyhow::Result<Planned> {
    let reqs = resolve_requests(input)?;
    for req in &reqs {
        if let Some(note) = super::normalised_note(&req.feature) {
            notes(note);
        }
    }
    let (project, _) = super::open_project(root)?;
    unconfigured_elsewhere(&project.root)?;
    let lock = lock_unless_dry_run(&project.root, opts, notes)?;
    // As given (relative to the current directory): messages name it as the user wrote it.
    let renderer = project.renderer(input.templates.as_deref())?;
    refuse_pydantic_1(&project.root, &renderer)?;
    let plan = crate::plan::features(
        &project.root,
        project.layout(),
        &renderer,
        &reqs,
        opts.policy,
        !input.no_wire,
    )?;
    Ok(Planned {
        plan,
        requests: reqs,
        lock,
    })
}

/// The built-in schema is Pydantic 2 code (`ConfigDict`, `Field(examples=...)`): a project
/// whose Pydantic is 1 is refused (SPEC §11), unless the schema template is the user's.
pub fn refuse_pydantic_1(root: &Path, renderer: &Renderer) -> anyhow::Result<()> {
    if renderer.is_overridden("feature/schema.py") {
        return Ok(());
    }
    let pins = pydantic_pin::detect(root)?;
    match pydantic_pin::decide(&pins) {
        Some(pin) if pin.major < 2 => Err(invalid(pin.refusal())),
        _ => Ok(()),
    }
}

/// The requests to plan: those of the request files (each may hold several), in an order
/// where each comes after those it refers to; else the one request of a payload, the
/// MCP server's document, a preset or a name. Among several, a name or a description
/// would be ambiguous, and a feature asked twice would be planned over itself; standard
/// input reads once.
fn resolve_requests(input: &FeatureInput) -> anyhow::Result<Vec<Request>> {
    if input.payload.is_some() && !input.requests.is_empty() {
        return Err(invalid("give either --payload or --request, not both"));
    }
    if input.requests.iter().filter(|r| *r == "-").count() > 1 {
        return Err(invalid("--request -: standard input can be read once"));
    }
    if input.payload.is_some() && !input.documents.is_empty() {
        return Err(invalid("give either a payload or a request, not both"));
    }
    // A file may hold several requests (YAML documents separated by `---`).
    // Each request with where it came from: a file's name, or its place among the
    // MCP server's documents.
    let mut reqs: Vec<(String, Request)> = Vec::new();
    let files = input
        .requests
        .iter()
        .map(|f| (f.clone(), request::from_file_all(f)));
    let documents = input.documents.iter().enumerate().map(|(i, d)| {
        let parsed = request::parse_yaml(d).map(|r| vec![r]);
        (format!("request {}", i + 1), parsed)
    });
    for (source, found) in files.chain(documents) {
        for req in found? {
            if let Some((first, _)) = reqs.iter().find(|(_, r)| r.feature == req.feature) {
                return Err(invalid(format!(
                    "the feature '{}' is requested twice ({first} and {source})",
                    req.feature
                )));
            }
            reqs.push((source.clone(), req));
        }
    }
    if reqs.len() < 2 {
        return Ok(vec![resolve_request(input, reqs.pop().map(|(_, r)| r))?]);
    }
    if let Some(name) = &input.name {
        return Err(invalid(format!(
            "the name '{name}' goes with one request; with several, each request names \
             its feature"
        )));
    }
    if input.description.is_some() {
        return Err(invalid(
            "--description replaces one request's description; give it with one request",
        ));
    }
    in_dependency_order(reqs.into_iter().map(|(_, r)| r).collect())
}

/// `reqs` in an order where each comes after the requests it refers to (`references:`,
/// `parent:`), otherwise as given: `--request visits.yaml --request pets.yaml` plans
/// pets first. Requests that refer to each other in a cycle are refused, naming it: the
/// first of them would refer to a resource that does not exist yet.
fn in_dependency_order(mut rest: Vec<Request>) -> anyhow::Result<Vec<Request>> {
    let mut ordered: Vec<Request> = Vec::with_capacity(rest.len());
    while !rest.is_empty() {
        let waits_on = |r: &Request| {
            rest.iter()
                .position(|o| o.feature != r.feature && r.refers_to(o.feature.snake()))
        };
        let Some(next) = rest.iter().position(|r| waits_on(r).is_none()) else {
            // Each waits on another: follow the first until it comes back.
            let mut chain = vec![0];
            while let Some(i) = waits_on(&rest[chain[chain.len() - 1]]) {
                if let Some(start) = chain.iter().position(|c| *c == i) {
                    let names: Vec<String> = chain[start..]
                        .iter()
                        .chain(std::iter::once(&i))
                        .map(|c| rest[*c].feature.to_string())
                        .collect();
                    return Err(invalid(format!(
                        "the requests refer to each other in a cycle ({}); none can be \
                         added first",
                        names.join(" -> ")
                    )));
                }
                chain.push(i);
            }
            break;
        };
        ordered.push(rest.remove(next));
    }
    ordered.append(&mut rest);
    Ok(ordered)
}

/// The request from a payload, a request file's one request (read already), the MCP
/// server's document, the preset of the name, or defaults for the name.
fn resolve_request(input: &FeatureInput, from_file: Option<Request>) -> anyhow::Result<Request> {
    let given = match (&input.payload, from_file) {
        (Some(_), Some(_)) => {
            return Err(invalid("give either --payload or --request, not both"));
        }
        (Some(p), None) => Some(if p == "-" {
            let bytes = request::read_input("-", payload::MAX_PAYLOAD_TEXT, "the payload")?;
            request::from_payload(&String::from_utf8_lossy(&bytes))?
        } else {
            request::from_payload(p)?
        }),
        (None, Some(req)) => Some(req),
        (None, None) => None,
    };
    let mut req = match (given, &input.name) {
        (Some(req), None) => req,
        (Some(req), Some(name)) => {
            let name = FeatureName::parse(name)?;
            if name != req.feature {
                return Err(invalid(format!(
                    "the name '{name}' disagrees with the request's feature '{}'",
                    req.feature
                )));
            }
            req
        }
        (None, Some(name)) => {
            let name = FeatureName::parse(name)?;
            request::preset(name.snake()).unwrap_or_else(|| Request::named(name))
        }
        (None, None) => {
            return Err(invalid(
                "give a feature name, --payload or --request (e.g. `petsage-build feature smoke_test`)",
            ));
        }
    };
    if let Some(d) = &input.description {
        req = req.with_description(d)?;
    }
    Ok(req)
}

/// Where `feature` writes without being told: a project that has a `[tool.petsage-build]`
/// section or PetSage's default layout (`petsage/`) is the user's say-so. Anything else
/// must be a FastAPI backend (a declared `fastapi` dependency, or a FastAPI app `detect`
/// finds), or the run would scatter a `petsage/` package over a library or another
/// tool's checkout; and a FastAPI project with Python packages of its own is another
/// layout, where PetSage's would wire nothing the app serves: point to `detect`.
fn unconfigured_elsewhere(root: &Path) -> anyhow::Result<()> {
    let default = crate::layout::Layout::default();
    if root.join(&default.aggregator).exists() || root.join(&default.package).exists() {
        return Ok(());
    }
    let text = crate::fsread::read_to_string(&root.join("pyproject.toml")).unwrap_or_default();
    let configured = text
        .parse::<toml::Table>()
        .ok()
        .is_some_and(|d| d.get("tool").and_then(|t| t.get("petsage-build")).is_some());
    if configured {
        return Ok(());
    }
    let fastapi = crate::dependencies::declares(root, "fastapi")?
        || crate::detect::detect(root, Some(&text))
            .get("main")
            .is_some_and(|main| importable(root, main));
    if !fastapi {
        return Err(invalid(
            "this is not a FastAPI project: no fastapi dependency, no FastAPI app and no \
             [tool.petsage-build] section; start a backend with `petsage-build init DIR`, or \
             add [tool.petsage-build] to pyproject.toml (`petsage-build detect` proposes one)",
        ));
    }
    if !crate::detect::has_other_packages(root) {
        return Ok(());
    }
    Err(invalid(
        "no [tool.petsage-build] section and no petsage/ package here; run `petsage-build \
         detect` to see the configuration that fits this project",
    ))
}

/// Whether the module at `rel` (relative to the root, `/`-separated) is one the project
/// can import: at the root or in `src/`, or in regular packages all the way down from
/// there. A FastAPI app in a loose directory (a test corpus, a build's scratch space) is
/// no sign that the project is a backend.
fn importable(root: &Path, rel: &str) -> bool {
    let (base, rel) = match rel.strip_prefix("src/") {
        Some(rest) => (root.join("src"), rest),
        None => (root.to_path_buf(), rel),
    };
    let mut dir = base;
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    parts.into_iter().all(|part| {
        dir.push(part);
        dir.join("__init__.py").is_file()
    })
}
