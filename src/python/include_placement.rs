//! Placing the feature's `include_router` call: after the last include on the router,
//! else (the includes live in a function: an app factory, `def api_routers()`) after
//! the last one there, at its indentation (SPEC §11b), else below the router's
//! assignment; written as `ruff format` would write it.

use anyhow::Result;

use super::Wiring;
use super::model::{Kind, Module, TopStatement};
use super::text::{Splice, is_blank_line, lines_at, next_line_start};
use super::wiring_plan::WiringPlan;
use crate::error::invalid;
use crate::pyrules::{self};

/// Where the statement starts that `include_splices` puts the new include after: the
/// last top-level include on the router, else the router's assignment.
pub(super) fn include_anchor(m: &Module, plan: &WiringPlan) -> Option<usize> {
    if let Some(list) = plan.router_list(m) {
        return Some(list.statement.0);
    }
    match last_include(m, plan.wiring).or_else(|| last_nested_include(m, plan.wiring)) {
        Some((start, _)) => Some(start),
        None => router_assignment(m, plan.wiring.router).map(|t| t.start),
    }
}

/// Where no include on the router stands at the top level: the last one that is a whole
/// statement in a nested block (a factory's body), if any.
pub(crate) fn last_nested_include(m: &Module, w: &Wiring) -> Option<(usize, usize)> {
    if last_include(m, w).is_some() {
        return None;
    }
    m.includes
        .iter()
        .filter(|i| i.router == w.router)
        .filter_map(|i| i.any_statement.map(|(a, b, _)| (a, b)))
        .max_by_key(|s| s.1)
}

/// The last top-level `{router}.include_router(...)` statement.
pub(crate) fn last_include(m: &Module, w: &Wiring) -> Option<(usize, usize)> {
    m.includes
        .iter()
        .filter(|i| i.router == w.router)
        .filter_map(|i| i.statement)
        .max_by_key(|s| s.1)
}

/// The last top-level statement assigning the router variable.
pub(crate) fn router_assignment<'m>(m: &'m Module, router: &str) -> Option<&'m TopStatement> {
    m.statements
        .iter()
        .rfind(|t| matches!(&t.kind, Kind::Assign(names) if names.iter().any(|n| n == router)))
}

/// `{router}.include_router({args})`, wrapped the way ruff format would.
fn render_include(plan: &WiringPlan) -> Vec<String> {
    pyrules::include_router(
        plan.wiring.router,
        plan.wiring.include_args.trim(),
        &plan.args,
    )
}

pub(super) fn include_splices(
    code: &str,
    m: &Module,
    plan: &WiringPlan,
    nl: &str,
) -> Result<Vec<Splice>> {
    // A list of routers gets the router as one more element (SPEC §11b).
    if let Some(list) = plan.router_list(m) {
        return Ok(super::router_list::add_splices(
            code,
            list,
            &plan.first_arg,
            nl,
        ));
    }
    let lines = render_include(plan);
    if let Some((_, end)) = last_include(m, plan.wiring) {
        let at = next_line_start(code, end);
        return Ok(vec![Splice::insert(at, lines_at(code, at, &lines, nl))]);
    }
    if let Some((start, end)) = last_nested_include(m, plan.wiring) {
        let line_start = code[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let indent = &code[line_start..start];
        if !indent.chars().all(|c| c == ' ' || c == '\t') {
            return Err(invalid(format!(
                "cannot include `{}`: the includes on `{}` share their lines with other code",
                plan.wiring.name, plan.wiring.router
            )));
        }
        let lines: Vec<String> = lines.iter().map(|l| format!("{indent}{l}")).collect();
        let at = next_line_start(code, end);
        return Ok(vec![Splice::insert(at, lines_at(code, at, &lines, nl))]);
    }
    let Some(created) = router_assignment(m, plan.wiring.router) else {
        return Err(invalid(format!(
            "cannot include `{}`: the router variable `{}` is never assigned at the top level",
            plan.wiring.name, plan.wiring.router
        )));
    };
    let at = next_line_start(code, created.end);
    let mut block = Vec::new();
    // Code right below the creation: set the first include apart from it.
    if at < code.len() && !is_blank_line(code, at) {
        block.push(String::new());
    }
    block.extend(lines);
    Ok(vec![Splice::insert(at, lines_at(code, at, &block, nl))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::sample_wiring as wiring;

    #[test]
    fn long_includes_wrap_like_ruff() {
        let args = format!("{}.router, prefix=\"/a\"", "n".repeat(50));
        let w = wiring(&args);
        let plan = WiringPlan::new(&w).ok();
        let lines = plan.as_ref().map(render_include).unwrap_or_default();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[1].starts_with("    nnn") && !lines[1].ends_with(','));
    }

    #[test]
    fn includes_in_a_factory_get_the_new_one_there() {
        let source = "from petsage.api.v1.endpoints import alpha\n\n\ndef routes(api_v1_router):\n    api_v1_router.include_router(alpha.router)\n    return api_v1_router\n\n\napi_v1_router = routes(X())\n";
        let change = crate::python::wire(source, &wiring("smoke_test.router")).ok();
        let want = "from petsage.api.v1.endpoints import alpha, smoke_test\n\n\ndef routes(api_v1_router):\n    api_v1_router.include_router(alpha.router)\n    api_v1_router.include_router(smoke_test.router)\n    return api_v1_router\n\n\napi_v1_router = routes(X())\n";
        assert!(
            matches!(&change, Some(crate::python::WireChange::Patched { source, .. }) if source == want),
            "{change:?}"
        );
        // And it comes out again.
        let original = source;
        let back = crate::python::unwire(want, &wiring("smoke_test.router")).ok();
        assert!(
            matches!(&back, Some(crate::python::UnwireChange::Patched { source, .. }) if source == original),
            "{back:?}"
        );
    }
}
