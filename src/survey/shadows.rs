//! E011 (SPEC §13 "Reachable routes"): a feature's route that a route of a feature
//! included before it answers first (`/pets/search` after `/pets/{pet_id}`), so the app
//! never serves it. The include order is the aggregator's; the routes are the records'.

use super::findings::{Code, Finding};
use crate::layout::Layout;
use crate::request::Route;
use std::collections::HashMap;

/// The routes of the recorded feature `feature` (its request as the record holds it)
/// when the aggregator includes it (`includes`: module → line), with that line. A record
/// whose request is invalid is E008's, not this check's.
pub(super) fn included_routes(
    includes: &HashMap<String, usize>,
    feature: &str,
    request: &serde_yaml::Value,
) -> Option<(usize, String, Vec<Route>)> {
    let &line = includes.get(feature)?;
    let request = crate::request::Request::from_yaml(request).ok()?;
    let resolved = request.resolve().ok()?;
    Some((line, feature.to_string(), Route::all(&resolved)))
}

/// The E011 findings among the recorded features that the aggregator includes
/// (`included`: of each, [`included_routes`]), each at the shadowed feature's include.
pub(super) fn shadowed(
    layout: &Layout,
    mut included: Vec<(usize, String, Vec<Route>)>,
) -> Vec<Finding> {
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
    findings
}
