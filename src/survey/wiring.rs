//! The aggregator and the main app, each read and parsed once: which endpoint modules the
//! aggregator imports and includes, and whether main mounts the aggregator (E004/E005).

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context as _;

use super::Aggregator;
use super::findings::{Code, Finding};
use crate::layout::Layout;
use crate::mounted::Mounting;
use crate::python::ParsedModule;

/// A Python file, parsed once: `None` when it does not exist, `Some(Err(()))` when it is
/// not UTF-8 or not Python (pushed as an E005 finding, with line and column where known).
pub(super) fn read_python(
    root: &Path,
    rel: &str,
    findings: &mut Vec<Finding>,
) -> anyhow::Result<Option<Result<ParsedModule, ()>>> {
    let bytes = match crate::fsread::read(&root.join(rel)) {
        Ok(b) => b,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(None);
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {rel}")),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            findings.push(Finding::new(
                Code::InvalidPython,
                rel,
                format!("not UTF-8 (byte offset {at})"),
            ));
            return Ok(Some(Err(())));
        }
    };
    let parsed = match ParsedModule::new(&text) {
        Ok(parsed) => parsed,
        Err(e) => {
            let mut f = Finding::new(
                Code::InvalidPython,
                rel,
                format!("not valid Python: {}", e.message),
            )
            .at(e.line);
            f.column = Some(e.column);
            findings.push(f);
            return Ok(Some(Err(())));
        }
    };
    Ok(Some(Ok(parsed)))
}

/// The aggregator, with the findings about it and, unless it is missing, the main app.
pub(super) fn read_wiring(
    root: &Path,
    layout: &Layout,
) -> anyhow::Result<(Aggregator, Vec<Finding>)> {
    let mut findings = Vec::new();
    let aggregator = read_aggregator(root, layout, &mut findings)?;
    if !matches!(aggregator, Aggregator::Missing) {
        check_main(root, layout, &mut findings)?;
    }
    Ok((aggregator, findings))
}

pub(super) fn read_aggregator(
    root: &Path,
    layout: &Layout,
    findings: &mut Vec<Finding>,
) -> anyhow::Result<Aggregator> {
    let parsed = match read_python(root, &layout.aggregator, findings)? {
        None => return Ok(Aggregator::Missing),
        Some(Err(())) => return Ok(Aggregator::Broken),
        Some(Ok(parsed)) => parsed,
    };
    let (prefix, suffix) = layout.endpoint_module_pattern();
    let pattern = (prefix.as_str(), suffix.as_str());
    let within = layout.package(&layout.aggregator);
    let imports = parsed.modules_imported_from(pattern, &within);
    let includes = parsed.modules_included_from(&layout.router_var, pattern, &within);
    // The first occurrence is the one to point at.
    let mut import_lines = HashMap::with_capacity(imports.len());
    for (name, line) in imports {
        import_lines.entry(name).or_insert(line);
    }
    let mut include_lines = HashMap::with_capacity(includes.len());
    for (arg, line) in includes {
        include_lines.entry(arg).or_insert(line);
    }
    Ok(Aggregator::Read {
        imports: import_lines,
        includes: include_lines,
    })
}

/// E004/E005 for the main app: it must import the aggregator's router and include it.
pub(super) fn check_main(
    root: &Path,
    layout: &Layout,
    findings: &mut Vec<Finding>,
) -> anyhow::Result<()> {
    // A one-module app: the aggregator is the app, nothing to mount.
    if layout.main == layout.aggregator {
        return Ok(());
    }
    let parsed = match read_python(root, &layout.main, findings)? {
        None => {
            findings.push(Finding::new(
                Code::MainNotWired,
                &layout.main,
                format!(
                    "the main app does not exist, so `{}` is never mounted",
                    layout.router_var
                ),
            ));
            return Ok(());
        }
        Some(Err(())) => return Ok(()),
        Some(Ok(parsed)) => parsed,
    };
    let main = layout.main_wiring();
    let (aggregator_module, include) = (&main.module, &main.include);
    let (imported, included) = parsed
        .is_wired(&main.wiring(layout))
        .with_context(|| format!("cannot read the wiring of {}", layout.main))?;
    // Mounted in any other way (an app factory, an alias, through another router) is
    // mounted: the same recognition that keeps `feature` from patching main.
    // Imported directly but never included anywhere in main is not mounted.
    let mounting = crate::mounted::judge(root, layout, &parsed);
    let mounted = match &mounting {
        Mounting::Mounted { via: None } => {
            parsed.includes_any_router()
                || crate::mounted::hands_app_to_aggregator(root, layout, &parsed)
        }
        Mounting::Mounted { via: Some(_) } => true,
        _ => false,
    };
    if mounted {
        return Ok(());
    }
    let missing = match (imported, included) {
        (true, true) => return Ok(()),
        (false, false) if mounting == Mounting::Doubt => format!(
            "it mounts routers, but none of them leads to {}",
            layout.aggregator
        ),
        (false, false) => format!(
            "neither `from {aggregator_module} import {}` nor `{}.include_router({include})`",
            layout.router_var, layout.app_var
        ),
        (true, false) => format!("`{}.include_router({include})` is missing", layout.app_var),
        (false, true) => format!(
            "`from {aggregator_module} import {}` is missing",
            layout.router_var
        ),
    };
    findings.push(Finding::new(
        Code::MainNotWired,
        &layout.main,
        format!("the aggregator is not wired into the main app: {missing}"),
    ));
    Ok(())
}
