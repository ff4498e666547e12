//! What `list` and the MCP server's `describe_project` read beside the survey.

use std::path::Path;

use crate::survey;

/// The routes each recorded feature's request serves. A record that cannot be read is
/// left out here: `list` shows its state, `check` reports it.
pub fn routes(root: &Path) -> survey::RoutesByName {
    let Ok(records) = crate::record::load_all(root) else {
        return survey::RoutesByName::new();
    };
    records
        .into_iter()
        .filter_map(|(_, r)| {
            let r = r.ok()?;
            let request = r.request().ok()?;
            let feature = request.resolve().ok()?;
            Some((r.feature, crate::request::Route::all(&feature)))
        })
        .collect()
}
