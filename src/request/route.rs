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
        match (&feature.resource, feature.kind()) {
            // Its routes are under the parent's item, which only the plan finds: a
            // record read alone cannot say them (nor can anything it shadows be told).
            (Some(r), Kind::Resource) if r.parent.is_some() && r.parent_field().is_none() => {
                Vec::new()
            }
            (Some(r), Kind::Resource) => {
                let item = format!("{}/{{{}}}", feature.path, r.id_name);
                r.operations
                    .iter()
                    .map(|op| match op {
                        Operation::Create => route("POST", &feature.path),
                        Operation::List => route("GET", &feature.path),
                        Operation::Read => route("GET", &item),
                        Operation::Update => route("PATCH", &item),
                        Operation::Replace => route("PUT", &item),
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

impl Route {
    /// Whether `self`, registered before `later`, catches every request meant for
    /// `later` (SPEC §13 "Reachable routes"): the same method and number of segments,
    /// each of `self`'s segments a parameter or `later`'s text, and `later` fixed where
    /// `self` has a parameter. Starlette takes the first route whose path matches, and a
    /// parameter matches any one segment whatever its type (`/pets/{pet_id}` answers
    /// `GET /pets/search` with a 422); a method that differs matches only partly and lets
    /// the search go on.
    pub fn shadows(&self, later: &Route) -> bool {
        if self.method != later.method || self == later {
            return false;
        }
        let mine: Vec<&str> = self.path.split('/').collect();
        let theirs: Vec<&str> = later.path.split('/').collect();
        mine.len() == theirs.len() && mine.iter().zip(&theirs).all(|(a, b)| *a == "{}" || a == b)
    }
}

/// Refuses a new `feature` a route of which one of the `earlier` features (recorded, and
/// so included before it: a new include goes after the others) would shadow: one line
/// naming both routes and the other feature. Exit 1: the request is valid, the project's
/// routes are in the way.
pub fn check_reachable<'a>(
    feature: &Feature,
    earlier: impl IntoIterator<Item = &'a Request>,
) -> Result<(), crate::error::Error> {
    let mine = Route::all(feature);
    for other in earlier {
        if other.feature == feature.name {
            continue;
        }
        let Ok(theirs) = other.resolve() else {
            continue;
        };
        for route in Route::all(&theirs) {
            if let Some(hidden) = mine.iter().find(|r| route.shadows(r)) {
                return Err(crate::error::Error::Refused(format!(
                    "feature '{}' would serve {} {}, which {} {} of feature '{}' (included \
                     before it) would answer instead; give it another path",
                    feature.name,
                    hidden.method,
                    hidden.given,
                    route.method,
                    route.given,
                    other.feature
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(method: &'static str, path: &str) -> Route {
        Route {
            method,
            path: normalise(path),
            given: path.to_string(),
        }
    }

    #[test]
    fn a_parameter_shadows_a_fixed_segment_registered_after_it() {
        let item = route("GET", "/pets/{pet_id}");
        assert!(item.shadows(&route("GET", "/pets/search")));
        // Not the other way round, not another method, not another depth, not itself.
        assert!(!route("GET", "/pets/search").shadows(&item));
        assert!(!item.shadows(&route("POST", "/pets/search")));
        assert!(!item.shadows(&route("GET", "/pets/search/all")));
        assert!(!item.shadows(&route("GET", "/pets")));
        assert!(!item.shadows(&route("GET", "/pets/{id}")));
        assert!(!item.shadows(&route("GET", "/owners/search")));
        assert!(route("GET", "/{x}/visits").shadows(&route("GET", "/pets/visits")));
    }

    #[test]
    fn parameters_match_whatever_their_names() {
        assert_eq!(
            normalise("/pets/{id}/toys"),
            normalise("/pets/{pet_id}/toys")
        );
        assert_ne!(normalise("/pets/{id}"), normalise("/pets/id"));
    }
}
