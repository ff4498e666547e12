//! The dependencies a request names (`endpoint.dependencies`, `resource.auth: required`,
//! SPEC §15), resolved through config `dependencies = { name = "module:attr" }`: each
//! goes on the feature's router as `Depends(f)` (an `Annotated` alias gives its `f`), and
//! its generated tests override it; `current_user`'s tests also prove that a request
//! without a token is a 401.

use super::Plan;
use crate::error::invalid;
use crate::layout::{Attribute, Layout};
use crate::python::{DependencyError, DependencyForm, dependency_form};
use crate::request::{CURRENT_USER, Feature, Override, RouterDependencies};

/// How many `from a import b` hops a configured name is followed through.
const MAX_HOPS: usize = 4;

/// Puts the dependencies `feature` names on its router, after those it inherits from its
/// siblings (one they carry already is not added twice). An unknown name, or one whose
/// module does not define it, is invalid input: one line naming it.
pub(super) fn add_named_dependencies(
    plan: &Plan,
    layout: &Layout,
    feature: &mut Feature,
) -> anyhow::Result<()> {
    let names = feature.dependencies.clone();
    for name in &names {
        let attr = configured(layout, name, feature)?;
        let (module, callable) = callable_of(plan, layout, name, attr)?;
        let key = Override {
            module: module.clone(),
            name: callable.clone(),
            key: callable.clone(),
            optional: false,
        };
        if crate::pynames::MODULE_NAMES.contains(&callable.as_str()) {
            return Err(invalid(format!(
                "dependencies.{name}: `{callable}` is a name the generated modules use \
                 themselves; configure it under another name (a function of {module} that \
                 returns `{callable}`'s value)"
            )));
        }
        // Already on the route (the siblings' include or router carries it): the test
        // overrides it once; for the current user, as the one that answers 401.
        let inherited = feature.overrides.iter().position(|o| *o == key);
        if let Some(at) = inherited {
            if name == CURRENT_USER {
                feature.auth = Some(feature.overrides.remove(at));
            }
            continue;
        }
        push_router_dependency(feature, name, [module, callable])?;
        if name == CURRENT_USER {
            feature.auth = Some(key);
        } else {
            feature.overrides.push(key);
        }
    }
    Ok(())
}

/// What config says `name` is; missing, one line saying what to configure.
fn configured<'a>(
    layout: &'a Layout,
    name: &str,
    feature: &Feature,
) -> anyhow::Result<&'a Attribute> {
    if let Some(attr) = layout.auth.dependencies.get(name) {
        return Ok(attr);
    }
    let asked = if name == CURRENT_USER && feature.resource.is_some() {
        "resource.auth: required needs the dependency 'current_user'".to_string()
    } else {
        format!("endpoint.dependencies names '{name}'")
    };
    let known: Vec<&str> = layout
        .auth
        .dependencies
        .keys()
        .map(String::as_str)
        .collect();
    if known.is_empty() {
        return Err(invalid(format!(
            "{asked}, but [tool.petsage-build] has no dependencies: add dependencies = \
             {{ {name} = \"module:attr\" }} (init --auth writes current_user)"
        )));
    }
    let mut msg = format!(
        "{asked}, which [tool.petsage-build] dependencies does not name (it has: {})",
        known.join(", ")
    );
    if let Some(guess) = crate::suggest::did_you_mean(name, &known) {
        msg.push_str(&format!("; did you mean '{guess}'?"));
    }
    Err(invalid(msg))
}

/// The `(module, name)` of the callable a router's `Depends(...)` takes for `attr`: the
/// attribute itself, or the `f` of an `Annotated[T, Depends(f)]` alias, read from its
/// module in the project (followed through re-exports). A module outside the project
/// (an installed package) is taken at its word: a callable.
fn callable_of(
    plan: &Plan,
    layout: &Layout,
    key: &str,
    attr: &Attribute,
) -> anyhow::Result<(String, String)> {
    let (mut module, mut name) = (attr.module.clone(), attr.name.clone());
    let shown = format!("dependencies.{key} = \"{}:{}\"", attr.module, attr.name);
    for _ in 0..MAX_HOPS {
        let Some((file, text)) = read_module(plan, layout, &module)? else {
            return Ok((module, name));
        };
        let within = layout.package(&file);
        let form = dependency_form(&text, &name, (&within, &module)).map_err(|e| {
            invalid(match e {
                DependencyError::Syntax(e) => format!("{shown}: {file} is not valid Python ({e})"),
                DependencyError::Unreadable(e) => format!("{shown}: {file}: {e}"),
                DependencyError::Unresolved(f) => format!(
                    "{shown}: {file} defines {name} with Depends({f}), and does not say \
                     where `{f}` comes from"
                ),
            })
        })?;
        match form {
            None => {
                return Err(invalid(format!(
                    "{shown}: {file} defines no `{name}` at its top level"
                )));
            }
            Some(DependencyForm::Callable) => return Ok((module, name)),
            Some(DependencyForm::Alias { callable }) => return Ok(callable),
            Some(DependencyForm::Imported(m, n)) => (module, name) = (m, n),
        }
    }
    Ok((module, name))
}

/// The file of `module` in the project and its text, if it has one.
pub(super) fn read_module(
    plan: &Plan,
    layout: &Layout,
    module: &str,
) -> anyhow::Result<Option<(String, String)>> {
    for file in layout.module_files(module) {
        if let Some(bytes) = plan.read(&file)? {
            let text =
                String::from_utf8(bytes).map_err(|_| invalid(format!("{file} is not UTF-8")))?;
            return Ok(Some((file, text)));
        }
    }
    Ok(None)
}

/// `Depends(callable)` after the router's other dependencies, and its imports.
fn push_router_dependency(
    feature: &mut Feature,
    key: &str,
    [module, callable]: [String; 2],
) -> anyhow::Result<()> {
    let element = format!("Depends({callable})");
    let deps = feature
        .router_dependencies
        .get_or_insert_with(|| RouterDependencies {
            value: "[]".to_string(),
            imports: Vec::new(),
        });
    if let Some([m, _]) = deps
        .imports
        .iter()
        .find(|[m, n]| *n == callable && *m != module)
    {
        return Err(invalid(format!(
            "dependencies.{key}: the router's other dependencies import `{callable}` from \
             {m}, this one from {module}; configure it under a name of its own"
        )));
    }
    deps.value = match deps
        .value
        .strip_suffix(']')
        .filter(|_| deps.value.starts_with('['))
    {
        Some("[") => format!("[{element}]"),
        Some(head) => format!("{head}, {element}]"),
        None => format!("[*{}, {element}]", deps.value),
    };
    for pair in [
        ["fastapi".to_string(), "Depends".to_string()],
        [module, callable],
    ] {
        if !deps.imports.contains(&pair) {
            deps.imports.push(pair);
        }
    }
    Ok(())
}
