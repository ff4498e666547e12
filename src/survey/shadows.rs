//! E011 (SPEC §13 "Reachable routes"): a feature's route that a route of a feature
//! included before it answers first (`/pets/search` after `/pets/{pet_id}`), so the app
//! never serves it. The include order is the aggregator's; the routes are the records'.

use std::collections::HashMap;
use std::path::Path;

use super::findings::{Code, Finding};
use crate::layout::Layout;
use crate::record;
use crate::request::Route;

/// The E011 findings among the recorded features that the aggregator includes
/// (`includes`: module → line), each at the shadowed feature's include. A record that
/// cannot be read is E008's, not this check's.
pub(super) fn shadowed(
    root: &Path,
    layout: &Layout,
    includes: &HashMap<String, usize>,
) -> anyhow::Result<Vec<Finding>> {
    // Only the routes are kept of each request, in include order.
    let mut included: Vec<(usize, String, Vec<Route>)> = Vec::new();
    for (rel, path) in record::list(root)? {
        let Ok(rec) = record::load_listed_without_base(&rel, &path) else {
            continue;
        };
        let Some(&line) = includes.get(&rec.feature) else {
            continue;
        };
        let Ok(feature) = rec.request().and_then(|r| Ok(r.resolve()?)) else {
            continue;
        };
        included.push((line, rec.feature, Route::all(&feature)));
    }
    included.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    // Only a route with a parameter answers another's requests: the others are kept
    // apart, so a thousand static routes cost no thousand-squared comparisons.
    let shadowers: Vec<(usize, &String, &Route)> = included
        .iter()
        .enumerate()
        .flat_map(|(i, (_, other, theirs))| {
            theirs
                .iter()
                .filter(|r| r.path.contains("{}"))
                .map(move |r| (i, other, r))
        })
        .collect();
    let mut findings = Vec::new();
    for (i, (line, name, routes)) in included.iter().enumerate() {
        let earlier = shadowers
            .iter()
            .take_while(|(j, _, _)| *j < i)
            .map(|(_, other, r)| (*other, *r));
        for (other, first) in earlier {
            if let Some(hidden) = routes.iter().find(|r| first.shadows(r)) {
                findings.push(
                    Finding::new(
                        Code::ShadowedRoute,
                        &layout.aggregator,
                        format!(
                            "{} {} of feature '{name}' is never served: {} {} of feature \
                             '{other}', included before it, answers first; include \
                             '{name}' before '{other}'",
                            hidden.method, hidden.given, first.method, first.given
                        ),
                    )
                    .at(*line),
                );
                break;
            }
        }
    }
    Ok(findings)
}
