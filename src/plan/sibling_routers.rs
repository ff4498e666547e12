//! Auth follows the siblings where they write it on their routers (SPEC §11b): endpoint
//! modules that build `router = APIRouter(dependencies=[Depends(get_current_user)])`
//! protect every route on it, though their includes carry nothing. The new module's
//! router is built the same way, importing what the value names from where a sibling
//! imports it; its test overrides those dependencies.

use std::rc::Rc;

use super::Plan;
use crate::error::refused;
use crate::layout::Layout;
use crate::python::{self, ParsedModule};
use crate::request::{Feature, RouterDependencies};

/// The endpoint modules' own router variable (`x.router` in the aggregator).
const ROUTER: &str = "router";

/// Where the endpoint modules included on the aggregator's router (`aggregator`, whose
/// package is `within`) mostly build their routers with `dependencies=`, the feature's
/// router gets them. Returns the notes: which side it followed where the siblings
/// disagree, a dependency the test cannot override. Refused where the value names
/// something the new module cannot import as the sibling does: a route more public than
/// its neighbours is never served (with `--no-wire`, `wired` false, it is not served by
/// this run: a note says what to add).
pub(super) fn follow_sibling_routers(
    plan: &Plan,
    layout: &Layout,
    (aggregator, within): (&ParsedModule, &str),
    feature: &mut Feature,
    wired: bool,
) -> anyhow::Result<Vec<String>> {
    let own = feature.name.snake().to_string();
    let (prefix, suffix) = layout.endpoint_module_pattern();
    let mut names: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (name, _) in
        aggregator.modules_included_from(&layout.router_var, (&prefix, &suffix), within)
    {
        if name != own && seen.insert(name.clone()) {
            names.push(name);
        }
    }
    // Each sibling that builds its router here: its file, and what that router carries.
    let mut siblings: Vec<(String, Option<Rc<str>>, Option<String>)> = Vec::new();
    for name in names {
        let path = layout.files_for(&name).endpoint;
        if let Some(s) = sibling(plan, &path)? {
            siblings.push((path, s.text, s.dependencies));
        }
    }
    let values: Vec<Option<String>> = siblings.iter().map(|s| s.2.clone()).collect();
    let Some(auth) = python::majority_auth(&values) else {
        return Ok(Vec::new());
    };
    let (with, total, disagree) = (auth.agreeing, auth.total, auth.disagree());
    let mut notes = Vec::new();
    let Some(value) = auth.dependencies else {
        // A request that names its own dependencies has said what protects it.
        if disagree && feature.dependencies.is_empty() {
            notes.push(format!(
                "{} of {total} endpoint routers are built with dependencies, {with} with \
                 none; the new router follows the majority: no dependencies (add \
                 `dependencies=[...]` to its `APIRouter()` if the route must be protected)",
                total - with
            ));
        }
        return Ok(notes);
    };
    if disagree {
        notes.push(format!(
            "{with} of {total} endpoint routers are built with `dependencies={value}`; the \
             new router follows the majority and is built with it too"
        ));
    }
    let Some((path, Some(text), _)) = siblings.iter().find(|s| {
        s.2.as_deref()
            .is_some_and(|v| python::same_dependencies(v, &value))
    }) else {
        return Ok(notes);
    };
    let this = layout.module(path);
    let sibling_within = layout.package(path);
    let parsed = ParsedModule::for_target(text, layout.python)
        .map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
    let (written, imports) = match parsed.imports_for(&value, &sibling_within, &this) {
        Ok(found) => found,
        Err(name) if wired => {
            return Err(refused(format!(
                "the endpoint routers beside the new one are built with \
                 `dependencies={value}`, and `{name}` in it cannot be imported as {path} \
                 imports it; nothing was changed (run with --no-wire, give the new router \
                 those dependencies, then wire it)"
            )));
        }
        Err(name) => {
            notes.push(format!(
                "the endpoint routers beside the new one are built with \
                 `dependencies={value}` (`{name}` in it cannot be imported as {path} \
                 imports it): give the new router those dependencies before wiring it"
            ));
            return Ok(notes);
        }
    };
    match parsed.dependency_overrides(&value, &sibling_within, &this) {
        Ok(overrides) => {
            for o in overrides {
                if !feature.overrides.contains(&o) {
                    feature.overrides.push(o);
                }
            }
        }
        Err(element) => notes.push(format!(
            "the new router is built with `{element}`, which its generated test cannot \
             override (not a `Depends(name)` or a name imported there): the test gets the \
             real dependency; authenticate it there by hand"
        )),
    }
    feature.router_dependencies = Some(RouterDependencies {
        value: written,
        imports,
    });
    Ok(notes)
}

/// What a sibling endpoint module says of its router `router`: the `dependencies=` it
/// is built with, and then its text (where the new module finds how to import them; a
/// thousand siblings without are not kept in memory).
#[derive(Debug, Clone)]
pub(super) struct Sibling {
    text: Option<Rc<str>>,
    dependencies: Option<String>,
}

/// The sibling module at `path`, `None` where it is missing or builds no `router`. One
/// the plan does not change is read and summarised once per run.
fn sibling(plan: &Plan, path: &str) -> anyhow::Result<Option<Sibling>> {
    let on_disk = plan.change(path).is_none();
    if on_disk && let Some(known) = plan.siblings.borrow().get(path) {
        return Ok(known.clone());
    }
    let text = plan.read(path)?.and_then(|b| String::from_utf8(b).ok());
    let found = text.and_then(|text| {
        // A parse per sibling in every run of a project with a thousand features costs
        // more than the run itself: only a module that names dependencies is parsed.
        if !text.contains("dependencies") {
            return text.contains("APIRouter").then_some(Sibling {
                text: None,
                dependencies: None,
            });
        }
        let defs = python::router_defs(&text);
        let dependencies = defs.dependencies.get(ROUTER).cloned();
        defs.routers.contains_key(ROUTER).then(|| Sibling {
            text: dependencies.is_some().then(|| text.into()),
            dependencies,
        })
    });
    if on_disk {
        plan.siblings
            .borrow_mut()
            .insert(path.to_string(), found.clone());
    }
    Ok(found)
}
