//! Reading a YAML mapping whose keys are matched case-insensitively on the first letter
//! (`feature` and `Feature`), refusing unknown keys with the allowed ones and a guess.

use serde_yaml::{Mapping, Value};

use crate::suggest::did_you_mean;

/// The entries of one mapping, checked against the keys allowed at `path`.
pub struct Entries<'a> {
    path: String,
    found: Vec<(&'static str, &'a Value)>,
}

impl<'a> Entries<'a> {
    /// Matches every key of `map` against `allowed`; `path` names the mapping in messages
    /// (empty for the top level, else e.g. `endpoint`).
    pub fn read(map: &'a Mapping, path: &str, allowed: &[&'static str]) -> Result<Self, String> {
        let mut found: Vec<(&'static str, &'a Value)> = Vec::with_capacity(map.len());
        for (key, value) in map {
            let Some(key) = key.as_str() else {
                return Err(format!(
                    "{}keys must be strings, found {}",
                    in_path(path),
                    describe(key)
                ));
            };
            let Some(canonical) = allowed.iter().copied().find(|a| first_letter_ci_eq(a, key))
            else {
                return Err(unknown_key(path, key, allowed));
            };
            if found.iter().any(|(k, _)| *k == canonical) {
                return Err(format!("{}key '{canonical}' is given twice", in_path(path)));
            }
            found.push((canonical, value));
        }
        Ok(Entries {
            path: path.to_string(),
            found,
        })
    }

    /// The value of `key`, treating an explicit YAML null as absent.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.found
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .filter(|v| !v.is_null())
    }

    /// The value of a required `key`.
    pub fn require(&self, key: &str) -> Result<&'a Value, String> {
        self.get(key)
            .ok_or_else(|| format!("missing required key '{}'", self.qualify(key)))
    }

    /// `endpoint.method` for `method` inside `endpoint`.
    pub fn qualify(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

fn in_path(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("in '{path}': ")
    }
}

/// `feature` matches `feature` and `Feature`, nothing else.
fn first_letter_ci_eq(canonical: &str, key: &str) -> bool {
    let (mut a, mut b) = (canonical.chars(), key.chars());
    match (a.next(), b.next()) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(&y) && a.as_str() == b.as_str(),
        _ => false,
    }
}

fn unknown_key(path: &str, key: &str, allowed: &[&str]) -> String {
    let shown: String = key.chars().take(40).collect();
    let mut msg = format!(
        "unknown key '{}' (allowed: {})",
        if path.is_empty() {
            shown
        } else {
            format!("{path}.{shown}")
        },
        allowed.join(", ")
    );
    if let Some(guess) = did_you_mean(key, allowed) {
        msg.push_str(&format!("; did you mean '{guess}'?"));
    }
    msg
}

/// A short description of a YAML value's kind, for messages.
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a float",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_letter_only() {
        assert!(first_letter_ci_eq("feature", "Feature"));
        assert!(first_letter_ci_eq("feature", "feature"));
        assert!(!first_letter_ci_eq("feature", "FEATURE"));
        assert!(!first_letter_ci_eq("feature", "featur"));
    }
}
