//! Routes: which method and path a feature serves, compared the way a router matches
//! them, so that two features never claim the same route.

use super::{Feature, Kind, Operation, Request};

/// A method and path, normalised for comparison: every path parameter (`{id}`,
/// `{pet_id:int}`) is the same placeholder, since two routes that differ only in their
/// parameters' names match the same requests.
#[derive(Debug, Clone)]
pub struct Route {
    pub method: &'static str,
    pub path: String,
    /// The path as the feature writes it, for messages.
    pub given: String,
}

impl PartialEq for Route {
    fn eq(&self, other: &Route) -> bool {
        self.method == other.method && self.path == other.path
    }
}

impl Route {
    /// Every route the feature serves: one for an endpoint, one per operation of a
    /// resource (the collection's path and the item's).
    pub fn all(feature: &Feature) -> Vec<Route> {
        let route = |method: &'static str, path: &str| Route {
            method,
            path: normalise(path),
            given: path.to_string(),
        };
        match (&feature.resource, feature.kind) {
            (Some(r), Kind::Resource) => {
                let item = format!("{}/{{{}}}", feature.path, r.id_name);
                r.operations
                    .iter()
                    .map(|op| match op {
                        Operation::Create => route("POST", &feature.path),
                        Operation::List => route("GET", &feature.path),
                        Operation::Read => route("GET", &item),
                        Operation::Update => route("PATCH", &item),
                        Operation::Delete => route("DELETE", &item),
                    })
                    .collect()
            }
            _ => vec![route(feature.method.as_str(), &feature.path)],
        }
    }
}

fn normalise(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if seg.starts_with('{') && seg.ends_with('}') {
                "{}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Refuses `feature` when another feature (by its recorded request) serves the same
/// method and path: one line naming the other feature. Records of `feature` itself (a
/// regeneration) are not a clash.
pub fn check_unique<'a>(
    feature: &Feature,
    others: impl IntoIterator<Item = &'a Request>,
) -> Result<(), crate::error::Error> {
    let mine = Route::all(feature);
    for other in others {
        if other.feature == feature.name {
            continue;
        }
        // A request that does not resolve serves no route (records come from `from_yaml`,
        // which resolves them).
        let Ok(theirs) = other.resolve() else {
            continue;
        };
        let theirs = Route::all(&theirs);
        if let Some(clash) = mine.iter().find(|r| theirs.contains(r)) {
            return Err(format!(
                "feature '{}' would serve {} {}, which feature '{}' already serves; give it \
                 another path or method",
                feature.name, clash.method, clash.given, other.feature
            )
            .into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_match_whatever_their_names() {
        assert_eq!(
            normalise("/pets/{id}/toys"),
            normalise("/pets/{pet_id}/toys")
        );
        assert_ne!(normalise("/pets/{id}"), normalise("/pets/id"));
    }
}
