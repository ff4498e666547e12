//! What the tree says about its features, for `check` (findings) and `list` (states).
//!
//! One pass reads everything once: the aggregator and the main app (each parsed once),
//! the records, the endpoints directory listing, and each recorded file (opened once, to
//! hash it and to know it exists). Each feature is then judged from sets, so the work
//! grows linearly with the number of features. Features come from three places, so that
//! a project without records is checked too: records, endpoint modules, and names the
//! aggregator imports from the endpoints package.

mod feature_state;
mod findings;
mod judge;
mod migrations;
mod recorded_files;
mod report;
mod shadows;
mod wiring;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::layout::Layout;
use crate::record::{self, Record};

pub use feature_state::{FeatureState, Part, Survey};
pub use findings::{Code, Finding, Severity};
pub use report::{
    RoutesByName, check_github, check_json, check_summary, check_text, check_value, list_json,
    list_text, list_value,
};

use judge::{FeatureCtx, judge};
use recorded_files::{defines_router, endpoint_modules, read_records};
use wiring::read_wiring;

/// What the aggregator registers, read once.
enum Aggregator {
    Missing,
    /// Not UTF-8 or not Python: a finding says so, and nothing is known about wiring.
    Broken,
    Read {
        /// Endpoint module imported (in any spelling) → its line.
        imports: HashMap<String, usize>,
        /// Endpoint module included on the router (in any spelling) → its line.
        includes: HashMap<String, usize>,
    },
}

/// Reads the project at `root` and judges every feature in it.
///
/// Peak memory stays flat: the aggregator (the one large file, whose parse needs the
/// most memory) is read first and alone, and each record is cut down to its file
/// hashes as soon as it is parsed.
///
/// `templates` gives the identity of the templates `update` would generate a feature with,
/// from the templates directory its record names (`Project::templates_identities`): a
/// record of other ones gets N002. `None` (a directory that cannot be read) skips that.
pub fn survey(
    root: &Path,
    layout: &Layout,
    templates: &dyn Fn(Option<&str>) -> Option<String>,
) -> anyhow::Result<Survey> {
    let listed = record::list(root)?;
    let modules = endpoint_modules(root, layout)?;
    // Its error, if any, is reported after those of the records, as it always was.
    let wiring = read_wiring(root, layout);
    let mut findings = Vec::new();
    let includes = match &wiring {
        Ok((Aggregator::Read { includes, .. }, _)) => Some(includes),
        _ => None,
    };
    // Each record is read once: its files for the feature's findings, and the routes of
    // those the aggregator includes for E011.
    let mut routes = Vec::new();
    // And what each resource's table must have, for E012.
    let mut tables = Vec::new();
    let parsed = listed.into_iter().map(|(rel, path)| {
        let record = record::load_listed_head_and_request(&rel, &path).map(|(head, request)| {
            if let Some(expected) = request.as_ref().and_then(migrations::expected) {
                tables.push((rel.clone(), expected));
            }
            if let (Some(includes), Some(request)) = (includes, request) {
                routes.extend(shadows::included_routes(includes, &head.feature, &request));
            }
            Recorded::from(head)
        });
        (rel, record)
    });
    let records = read_records(parsed, &mut findings);
    let (aggregator, main_findings) = wiring?;

    let endpoints_module = layout.module(&layout.endpoints_dir);
    // A generated module is an endpoint module; a hand-written one only if it defines a
    // router or the aggregator includes it (a re-exported router).
    let included = |name: &str| match &aggregator {
        Aggregator::Read { includes, .. } => includes.contains_key(name),
        _ => false,
    };
    let routed: BTreeSet<&str> = modules
        .iter()
        .filter(|(name, rel)| {
            records.contains_key(*name) || included(name) || defines_router(root, rel)
        })
        .map(|(name, _)| name.as_str())
        .collect();
    let mut names: BTreeSet<&str> = BTreeSet::new();
    names.extend(records.keys().map(String::as_str));
    names.extend(routed.iter().copied());
    if let Aggregator::Read { imports, .. } = &aggregator {
        names.extend(imports.keys().map(String::as_str));
    }

    match &aggregator {
        Aggregator::Missing if !names.is_empty() => findings.push(Finding::new(
            Code::AggregatorMissing,
            &layout.aggregator,
            format!(
                "the router aggregator does not exist, so no endpoint module is registered \
                 ({} known feature(s))",
                names.len()
            ),
        )),
        Aggregator::Missing => {}
        _ => findings.extend(main_findings),
    }

    let mut features = Vec::with_capacity(names.len());
    for name in names {
        let record = records.get(name);
        let current = record.and_then(|r| templates(r.templates_dir.as_deref()));
        let ctx = FeatureCtx {
            root,
            layout,
            endpoints_module: &endpoints_module,
            record,
            // A module without a record was not generated: it is held to its wiring,
            // never to the five-file shape, which would fail every project that adopts
            // petsage-build beside hand-written routes.
            hand_written: !records.contains_key(name),
            module: modules.get(name).map(String::as_str),
            routed: routed.contains(name),
            aggregator: &aggregator,
            templates: current.as_deref(),
        };
        features.push(judge(name, &ctx, &mut findings));
    }
    if let Aggregator::Read { .. } = &aggregator {
        findings.extend(shadows::shadowed(layout, routes));
    }
    findings.extend(migrations::unmigrated(root, &tables));
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.code, &a.message).cmp(&(&b.path, b.line, b.code, &b.message))
    });
    Ok(Survey { features, findings })
}

/// What `check` keeps of a record: it reads a record's files and hashes, never its
/// request, so a thousand requests are never held at once.
struct Recorded {
    feature: String,
    /// The identity of the templates that generated it, if the record says.
    templates: Option<String>,
    /// The directory of those templates, if they were not the built-ins.
    templates_dir: Option<String>,
    /// Generated file → `sha256:<hex>`, sorted by path.
    files: Vec<(String, crate::record::Recorded)>,
}

impl From<Record> for Recorded {
    fn from(r: Record) -> Recorded {
        Recorded {
            feature: r.feature,
            templates: r.templates,
            templates_dir: r.templates_dir,
            files: r.files.into_iter().collect(),
        }
    }
}
