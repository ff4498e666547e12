//! The plan of `feature`: render the five files, record them, add missing `__init__.py`
//! files (and a resource's database module), and wire the aggregator and the main app —
//! all in memory.

use std::path::Path;

use super::database::{database_module, errors_module, note_tables, uses_db_module};
use super::generation::Generation;
use super::records::RecordIndex;
use super::wiring::{ensure_packages, wire_file, wire_main};
use super::{ConflictPolicy, Plan};
use crate::layout::Layout;
use crate::python::{self, Wiring};
use crate::record::Record;
use crate::render::Renderer;
use crate::request::{Kind, Request};

/// The plan for adding the features of `reqs` to the project at `root`, in order: for
/// each, its five files, its record, missing packages, and the wiring of the aggregator
/// and the main app. Each request is planned on what those before it planned, as if it
/// were run after them: it may refer to their resources, and may not take their routes
/// or tables.
pub fn features(
    root: &Path,
    layout: &Layout,
    renderer: &Renderer,
    reqs: &[Request],
    policy: ConflictPolicy,
    wire: bool,
) -> anyhow::Result<Plan> {
    let mut plan = Plan::new(root)?;
    let mut records = RecordIndex::default();
    for (i, req) in reqs.iter().enumerate() {
        let record = feature_into(
            &mut plan,
            &mut records,
            layout,
            renderer,
            req,
            &mut Generation::Add(policy, wire),
        )?;
        if i + 1 < reqs.len() {
            records.insert(root, &record)?;
        }
    }
    Ok(plan)
}

/// Adds the generation of `req` to `plan`: as [`features`] does for one request, with
/// each file settled by `generation`. Returns the record it planned.
pub(super) fn feature_into(
    plan: &mut Plan,
    records: &mut RecordIndex,
    layout: &Layout,
    renderer: &Renderer,
    req: &Request,
    generation: &mut Generation,
) -> anyhow::Result<Record> {
    let root = plan.root().to_path_buf();
    let mut feature = req.resolve()?;
    super::references::resolve_targets(records, &root, layout, &mut feature)?;
    let table = feature.kind() == Kind::Resource;
    let kept;
    let layout = match hidden_module(&root, layout, &feature) {
        Some(module) if table => {
            plan.note(format!(
                "the table model stays in the schema module: a models package there would \
                 hide the project's {module} (set models_dir or model in \
                 [tool.petsage-build] to put it elsewhere)"
            ));
            kept = layout.with_tables_in_schemas();
            &kept
        }
        _ => layout,
    };
    // Two features on one route: the second would never be reached (SPEC §11).
    let others = records.others(&root, &feature, (&layout.db, &layout.errors_module()))?;
    let (recorded, shared, hashes) = (others.requests, others.inits, others.shared_hashes);
    let own = others.own;
    crate::request::check_route_unique(&feature, &recorded)?;
    crate::request::check_tables_unique(&feature, &recorded)?;
    // A new feature's include goes after every other: a route of theirs that would
    // answer its requests first makes it unreachable. A feature already there keeps its
    // place (`check` reports shadows among those).
    if !others.regenerated {
        crate::request::check_reachable(&feature, &recorded)?;
    }
    // How the aggregator imports and includes its endpoints decides the import, the
    // include's arguments and so (a `prefix=` there) the route's own path.
    let wired = !matches!(generation, Generation::Add(_, false));
    let import = aggregator_import(plan, layout, &mut feature, wired)?;
    super::owner::resolve_owner(plan, layout, &mut feature)?;
    super::named_dependencies::add_named_dependencies(plan, layout, &mut feature)?;
    feature.api_prefix = crate::prefix_chain::served_prefix(&root, layout);
    for note in &import.notes {
        plan.note(note.clone());
    }
    let files = renderer.feature(&feature, layout)?;
    // The packages it creates are the feature's too: `remove` gives the tree back.
    let shared: Vec<&String> = shared.iter().collect();
    let dirs = layout.package_dirs_for(&feature.name, table);
    let created = ensure_packages(plan, &dirs, &layout.import_root, &shared)?;
    let db = database_module(plan, layout, renderer, &feature, (&shared, &hashes))?;
    let errors = errors_module(plan, layout, renderer, &feature, (&shared, &hashes))?;
    // Where its revisions go: looked up once (a walk of the tree for an alembic.ini).
    let alembic = if table {
        crate::alembic::find(&root)?
    } else {
        None
    };
    let revisions = if table {
        let within = (records, layout);
        super::migration::revisions(
            plan,
            renderer,
            within,
            (req, &feature),
            (alembic.as_ref(), own.as_ref()),
            generation,
        )?
    } else {
        super::migration::Revisions::default()
    };
    let mut record = Record::new(
        req,
        renderer.identity(),
        files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone().into_bytes()))
            .chain(created.into_iter().map(|p| (p, Vec::new())))
            .chain(db)
            .chain(errors)
            .chain(revisions.written.iter().cloned()),
    );
    // A revision is never merged (one that may have run is never edited): its hash is
    // all the record needs, kept from the generation that wrote it.
    for (path, hash) in &revisions.kept {
        record.files.insert(path.clone(), hash.clone());
    }
    let revision_paths = revisions.written.iter().map(|(p, _)| p);
    for path in revision_paths.chain(revisions.kept.iter().map(|(p, _)| p)) {
        record.base.remove(path);
    }
    record.templates_dir = renderer
        .templates_dir()
        .and_then(|dir| crate::project::relative_dir(&root, dir));
    for file in files {
        let action = generation.settle(plan, &file.path, file.contents)?;
        if action == crate::plan::Action::Skip {
            record.keep(&file.path);
        }
    }
    // The record is ours: it always describes the latest generation.
    plan.generate(
        &Record::path_of(feature.name.snake()),
        record.to_text()?,
        ConflictPolicy::Force,
    )?;
    let within = layout.package(&layout.aggregator);
    let aggregator = Wiring {
        module: &import.module,
        name: &import.member,
        alias: import.alias.as_deref(),
        router: &layout.router_var,
        include_args: &import.include,
        target: layout.python,
        within: &within,
    };
    if !wired {
        // `--no-wire`: the feature's own files only; the user wires it (SPEC §11b).
        plan.note(format!(
            "not wired (--no-wire): in {} import `{}` from `{}` and include it on `{}` \
             ({}.include_router({}), or however the app includes its routers)",
            layout.aggregator,
            aggregator.bound(),
            aggregator.module,
            layout.router_var,
            layout.router_var,
            aggregator.include_args
        ));
    } else {
        wire_file(
            plan,
            &layout.aggregator,
            || renderer.aggregator(layout),
            &aggregator,
        )?;
        let with_db = uses_db_module(layout, &feature);
        wire_main(plan, layout, renderer, (with_db, revisions.any()))?;
    }
    if table {
        note_tables(
            plan,
            layout,
            &feature,
            (alembic.as_ref(), revisions.latest()),
        )?;
    }
    Ok(record)
}

/// The project's module (`app/models.py`) that the package of the feature's table model
/// (`app/models/`) would hide, were it created: Python imports the package first.
fn hidden_module(
    root: &std::path::Path,
    layout: &Layout,
    feature: &crate::request::Feature,
) -> Option<String> {
    let model = layout.feature_files(&feature.name).model?;
    let mut dir = model.as_str();
    while let Some((parent, _)) = dir.rsplit_once('/') {
        let module = format!("{parent}.py");
        if !root.join(parent).is_dir() && root.join(&module).is_file() {
            return Some(module);
        }
        dir = parent;
    }
    None
}

/// The aggregator's import and include of a new feature, as its neighbours are written.
struct AggregatorImport {
    module: String,
    member: String,
    alias: Option<String>,
    include: String,
    /// What the run says about it (the siblings' dependencies it followed).
    notes: Vec<String>,
}

/// Reads the aggregator's house style (SPEC §11): relative or absolute imports, module
/// or router form, and the arguments its endpoint includes share. A shared
/// `prefix="/<name>"` moves that part of the feature's path into its include.
fn aggregator_import(
    plan: &Plan,
    layout: &Layout,
    feature: &mut crate::request::Feature,
    wired: bool,
) -> anyhow::Result<AggregatorImport> {
    let name = feature.name.snake().to_string();
    let within = layout.package(&layout.aggregator);
    let (prefix, suffix) = layout.endpoint_module_pattern();
    let endpoint_module = format!("{prefix}{name}{suffix}");
    let parsed = plan
        .read(&layout.aggregator)?
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| python::ParsedModule::for_target(&text, layout.python).ok());
    let style = parsed
        .as_ref()
        .map(|p| p.import_style(&prefix, &suffix, &within))
        .unwrap_or_default();
    let pattern = parsed
        .as_ref()
        .and_then(|p| p.include_pattern(&layout.router_var, (&prefix, &suffix), &within));
    let spelled = |module: &str| {
        style
            .relative
            .then(|| relative_module(module, &within))
            .flatten()
            .unwrap_or_else(|| module.to_string())
    };
    // A package per feature (`app/{name}/views.py`) has no common package to import the
    // module from: its router is imported, as such projects do.
    let router_suffix = match (&style.router_suffix, suffix.is_empty()) {
        (Some(s), _) => Some(s.clone()),
        (None, false) => Some("_router".to_string()),
        (None, true) => None,
    };
    let (module, member, alias, first) = match router_suffix {
        Some(router_suffix) => {
            let alias = format!("{name}{router_suffix}");
            let module = spelled(&endpoint_module);
            (module, "router".to_string(), Some(alias.clone()), alias)
        }
        None => (
            spelled(prefix.trim_end_matches('.')),
            name.clone(),
            None,
            format!("{name}.router"),
        ),
    };
    let mut include = vec![first];
    if let Some(pattern) = pattern {
        let mount = pattern
            .prefix
            .map(|case| format!("/{}", python::spell(&name, case)));
        // The route keeps what follows the mount; a path outside it breaks the pattern.
        let rest = match &mount {
            Some(mount) => feature
                .path
                .strip_prefix(mount.as_str())
                .filter(|rest| rest.is_empty() || rest.starts_with('/')),
            None => Some(feature.path.as_str()),
        };
        if let Some(rest) = rest.map(str::to_string) {
            for key in &pattern.order {
                match key.as_str() {
                    "prefix" => {
                        include.push(format!("prefix=\"{}\"", mount.clone().unwrap_or_default()));
                    }
                    "tags" => {
                        if let Some(case) = pattern.tags {
                            include.push(format!("tags=[\"{}\"]", python::spell(&name, case)));
                        }
                    }
                    key => {
                        if let Some((_, value)) = pattern.same.iter().find(|(k, _)| k == key) {
                            include.push(format!("{key}={value}"));
                        }
                    }
                }
            }
            if let Some(mount) = mount {
                feature.mount = mount;
                feature.path = rest;
            }
        }
    }
    let mut notes = Vec::new();
    if let Some(parsed) = &parsed {
        let this = layout.module(&layout.aggregator);
        notes.extend(follow_sibling_auth(
            parsed,
            (&layout.router_var, &within, &this),
            &mut include,
            feature,
        ));
        if !include.iter().any(|a| a.starts_with("dependencies=")) {
            notes.extend(super::sibling_routers::follow_sibling_routers(
                plan,
                layout,
                (parsed, &within),
                feature,
                wired,
            )?);
        }
    }
    Ok(AggregatorImport {
        module,
        member,
        alias,
        include: include.join(", "),
        notes,
    })
}

/// Auth follows the siblings (SPEC §11b): the new include carries the `dependencies=`
/// the majority of the includes on the router carry (already there when the
/// siblings' whole pattern is followed), and its test overrides them. Returns the notes:
/// which side it followed where the siblings disagree, and a dependency the test cannot
/// override.
fn follow_sibling_auth(
    parsed: &python::ParsedModule,
    (router, within, this): (&str, &str, &str),
    include: &mut Vec<String>,
    feature: &mut crate::request::Feature,
) -> Vec<String> {
    let mut notes = Vec::new();
    let Some(auth) = parsed.sibling_auth(router) else {
        return notes;
    };
    let (with, total, disagree) = (auth.agreeing, auth.total, auth.disagree());
    let Some(value) = auth.dependencies else {
        if disagree && feature.dependencies.is_empty() {
            notes.push(format!(
                "{} of {total} includes on `{router}` carry dependencies, {with} carry \
                 none; the new include follows the majority: no dependencies (add \
                 `dependencies=[...]` to it if the route must be protected)",
                total - with
            ));
        }
        return notes;
    };
    if disagree {
        notes.push(format!(
            "{with} of {total} includes on `{router}` carry `dependencies={value}`; \
             the new include follows the majority and carries it too"
        ));
    }
    if !include.iter().any(|a| a.starts_with("dependencies=")) {
        include.push(format!("dependencies={value}"));
    }
    match parsed.dependency_overrides(&value, within, this) {
        Ok(overrides) => feature.overrides = overrides,
        Err(element) => notes.push(format!(
            "the new route inherits `{element}`, which its generated test cannot override \
             (not a `Depends(name)` or a name imported here): the test gets the real \
             dependency; authenticate it there by hand"
        )),
    }
    notes
}

/// `module` relative to the package `within` (`.`, `.endpoints`, `.x.views`), when it
/// lies in it.
fn relative_module(module: &str, within: &str) -> Option<String> {
    if module == within {
        return Some(".".to_string());
    }
    let rest = module.strip_prefix(within)?.strip_prefix('.')?;
    Some(format!(".{rest}"))
}
