//! Adding whatever half of the wiring is missing (SPEC §5): the import (see
//! `import_splice`) and the `include_router` call (see `include_placement`), unless the
//! name is already bound to something else.

use anyhow::Result;

use super::Wiring;
use super::import_splice::import_splices;
use super::include_placement::{
    include_anchor, include_splices, last_include, last_nested_include, router_assignment,
};
use super::load::{load, reload};
use super::model::{Kind, Module};
use super::syntax::check_syntax_for;
use super::text::{apply, newline_of, split_lines};
use super::wiring_plan::WiringPlan;
use crate::error::{invalid, refused};

/// The outcome of `wire`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireChange {
    /// Already imported and included: the source stays byte-identical.
    Unchanged,
    /// The new source, and which halves were missing and got added.
    Patched {
        source: String,
        added_import: bool,
        added_include: bool,
    },
}

/// Adds whatever half of the wiring is missing.
pub fn wire(source: &str, w: &Wiring) -> Result<WireChange> {
    let plan = WiringPlan::new(w)?;
    let (bom, code, m) = load(source, w.target)?;
    let imported = plan.imported(&m);
    let included = plan.included(&m);
    if imported && included {
        return Ok(WireChange::Unchanged);
    }
    // Shapes this tool does not know (SPEC §11b): nothing is written, and the user is
    // told how to wire it by hand.
    let by_hand = || {
        format!(
            "wire it by hand (import `{}` from `{}` and include it where the app includes \
             its routers), or run again with --no-wire for the feature's own files",
            w.bound(),
            w.module
        )
    };
    if !included
        && router_assignment(&m, w.router).is_none()
        && last_include(&m, w).is_none()
        && last_nested_include(&m, w).is_none()
    {
        return Err(refused(format!(
            "cannot include `{}`: the router variable `{}` is never assigned at the top level; {}",
            w.name,
            w.router,
            by_hand()
        )));
    }
    if !included
        && plan.router_list(&m).is_none()
        && let Some((_, what, line, _)) = m
            .other_collections
            .iter()
            .rfind(|(name, _, _, _)| name == w.router)
            .filter(|(_, _, _, start)| {
                // The last assignment of the router variable is that collection.
                router_assignment(&m, w.router).is_none_or(|t| t.start <= *start)
            })
    {
        return Err(refused(format!(
            "cannot include `{}`: `{}` (line {line}) is a {what} whose elements are not \
             routers by name, a router collection this tool does not know; {}",
            w.name,
            w.router,
            by_hand()
        )));
    }
    if !imported && let Some(line) = binds_otherwise(code, &m, &plan) {
        return Err(invalid(format!(
            "`{}` is already bound on line {line} to something else; importing the \
             feature under that name would replace it (choose another feature name)",
            w.bound()
        )));
    }
    // Imported under another spelling (an alias, a relative or a plain import): the
    // include uses that spelling, and no second import is added.
    if imported
        && !included
        && let Some(spelled) = plan.spelling(&m).filter(|s| *s != plan.first_arg)
    {
        let mut args = vec![spelled];
        args.extend(plan.args.iter().skip(1).cloned());
        let args = args.join(", ");
        let respelled = Wiring {
            include_args: &args,
            ..*w
        };
        return add_missing(
            bom,
            code,
            m,
            &WiringPlan::new(&respelled)?,
            (imported, included),
        );
    }
    add_missing(bom, code, m, &plan, (imported, included))
}

/// The line where the module binds `w.name` at the top level to anything but the
/// module being wired: an import of something else, an assignment (the router variable
/// itself), a `def` or a `class`. Importing the feature there would rebind it.
fn binds_otherwise(code: &str, m: &Module, plan: &WiringPlan) -> Option<usize> {
    let w = plan.wiring;
    let line_of = |at: usize| split_lines(&code[..at.min(code.len())]).count();
    let path = plan.path();
    let bound = w.bound();
    let imported = m
        .bindings
        .iter()
        .filter(|b| b.top && b.name == bound)
        .find(|b| super::refs::resolve(b, w.within).is_none_or(|t| t != path))
        .map(|b| b.line);
    let defined = m
        .statements
        .iter()
        .find(|t| match &t.kind {
            Kind::Assign(names) => names.iter().any(|n| n == bound),
            Kind::Definition(name) => name == bound,
            _ => false,
        })
        .map(|t| line_of(t.start));
    match (imported, defined) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Adds the halves that are missing: the import unless imported, the include unless
/// included.
fn add_missing(
    bom: &str,
    code: &str,
    m: Module,
    plan: &WiringPlan,
    (imported, included): (bool, bool),
) -> Result<WireChange> {
    let w = plan.wiring;
    let nl = newline_of(code);
    let what = format!("wiring `{}`", w.name);
    let imports = if imported {
        Vec::new()
    } else {
        import_splices(code, &m, w, nl)
    };
    // When every import edit lies before the statement the include goes after, the text
    // from that statement on is the same after the import, only shifted: the include is
    // placed from the first parse, which saves re-parsing the whole file in between (a
    // large part of the work on an aggregator of a thousand features). Any other case,
    // and a result that does not parse (to report it the same way), go step by step.
    let together = if !included
        && let Some(anchor) = include_anchor(&m, plan)
        && imports.iter().all(|s| s.start <= s.end && s.end <= anchor)
    {
        let mut splices = imports.clone();
        splices.extend(include_splices(code, &m, plan, nl)?);
        Some(splices)
    } else {
        None
    };
    // The summary of the module is not needed any more: let it go before parsing again
    // (on a large aggregator it adds to the peak memory of that parse).
    drop(m);
    if let Some(splices) = together {
        let current = apply(code, &splices);
        if check_syntax_for(&current, w.target).is_ok() {
            return Ok(WireChange::Patched {
                source: format!("{bom}{current}"),
                added_import: !imported,
                added_include: true,
            });
        }
    }
    let mut current = code.to_string();
    if !imported {
        current = apply(&current, &imports);
    }
    if !included {
        let m = reload(&current, &what, w.target)?;
        current = apply(&current, &include_splices(&current, &m, plan, nl)?);
    }
    check_syntax_for(&current, w.target).map_err(|e| {
        invalid(format!(
            "{what} would leave invalid Python ({e}); nothing changed"
        ))
    })?;
    Ok(WireChange::Patched {
        source: format!("{bom}{current}"),
        added_import: !imported,
        added_include: !included,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::sample_wiring as wiring;

    #[test]
    fn import_and_include_from_one_parse_match_step_by_step() {
        // The include is placed from the first parse; the result is the same as adding
        // the import, parsing again, then adding the include.
        let source = "from petsage.api.v1.endpoints import alpha\n\napi_v1_router = 1\napi_v1_router.include_router(alpha.router)\n";
        let change = wire(source, &wiring("smoke_test.router")).ok();
        assert_eq!(
            change,
            Some(WireChange::Patched {
                source: "from petsage.api.v1.endpoints import alpha, smoke_test\n\napi_v1_router = 1\napi_v1_router.include_router(alpha.router)\napi_v1_router.include_router(smoke_test.router)\n".to_string(),
                added_import: true,
                added_include: true,
            })
        );
    }

    #[test]
    fn half_wired_gets_the_other_half() {
        let source = "from petsage.api.v1.endpoints import smoke_test\n\napi_v1_router = 1\n";
        let change = wire(source, &wiring("smoke_test.router")).ok();
        assert_eq!(
            change,
            Some(WireChange::Patched {
                source: format!("{source}api_v1_router.include_router(smoke_test.router)\n"),
                added_import: false,
                added_include: true,
            })
        );
    }
}
