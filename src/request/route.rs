//! Routes: which method and path a feature serves, compared the way a router matches
//! them, so that two features never claim the same route.

use super::{Feature, Request};

/// A method and path, normalised for comparison: every path parameter (`{id}`,
/// `{pet_id:int}`) is the same placeholder, since two routes that differ only in their
/// parameters' names match the same requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub method: &'static str,
    pub path: String,
}

impl Route {
    pub fn of(feature: &Feature) -> Route {
        Route {
            method: feature.method.as_str(),
            path: normalise(&feature.path),
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
) -> Result<(), String> {
    let mine = Route::of(feature);
    for other in others {
        if other.feature == feature.name {
            continue;
        }
        let theirs = other.resolve();
        if Route::of(&theirs) == mine {
            return Err(format!(
                "feature '{}' would serve {} {}, which feature '{}' already serves; give it \\
                 another endpoint.path or method",
                feature.name, mine.method, feature.path, other.feature
            ));
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
