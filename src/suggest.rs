//! "Did you mean" for a name that is not one of the allowed ones: request keys, config
//! keys, template names. A leaf: it uses nothing else in the crate.

/// The allowed name closest to `key` (compared in lower case), if it is close enough to
/// be a typo.
pub fn did_you_mean<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let key = key.to_ascii_lowercase();
    allowed
        .iter()
        .map(|a| (strsim::levenshtein(&key, a), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_typos() {
        let allowed = ["feature", "description", "requirements"];
        assert_eq!(did_you_mean("featur", &allowed), Some("feature"));
        assert_eq!(did_you_mean("Descripton", &allowed), Some("description"));
        assert_eq!(did_you_mean("zzz", &allowed), None);
    }
}
