//! A validated feature name and every case variant the templates need (SPEC §3).
//!
//! This is the only place that knows how names are normalised and spelled: the request
//! model, the layout and the templates all ask a `FeatureName` instead of re-deriving.

use std::fmt;

/// The longest name accepted: 63 characters keep every derived path component short.
pub const MAX_NAME_LEN: usize = 63;

/// A feature name in normalised snake_case, valid as a Python module name. It remembers
/// how it was spelled so that a normalisation can be reported; equality ignores that.
#[derive(Debug, Clone)]
pub struct FeatureName {
    snake: String,
    given: String,
}

impl PartialEq for FeatureName {
    fn eq(&self, other: &Self) -> bool {
        self.snake == other.snake
    }
}

impl Eq for FeatureName {}

impl FeatureName {
    /// Normalises `input` (`SmokeTest`, `smoke-test`, `Smoke Test` → `smoke_test`) and
    /// validates the result. The error says why a name is refused.
    pub fn parse(input: &str) -> Result<FeatureName, crate::error::Error> {
        let snake = normalise(input.trim());
        validate(input, &snake)?;
        Ok(FeatureName {
            snake,
            given: input.trim().to_string(),
        })
    }

    /// `smoke_test`
    pub fn snake(&self) -> &str {
        &self.snake
    }

    /// The spelling as given, when normalising changed it (`SmokeTest`).
    pub fn normalised_from(&self) -> Option<&str> {
        (self.given != self.snake).then_some(self.given.as_str())
    }

    /// `SmokeTest`
    pub fn pascal(&self) -> String {
        self.words().map(capitalise).collect()
    }

    /// `smoke-test`
    pub fn kebab(&self) -> String {
        spell(&self.snake, Case::Kebab)
    }

    /// `Smoke Test`
    pub fn title(&self) -> String {
        spell(&self.snake, Case::Title)
    }

    fn words(&self) -> impl Iterator<Item = &str> {
        self.snake.split('_')
    }
}

impl fmt::Display for FeatureName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.snake)
    }
}

/// How a name is written (in the siblings' include arguments, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `pet_profile`
    Snake,
    /// `pet-profile`
    Kebab,
    /// `Pet Profile`
    Title,
}

/// `name` (snake case) in the given case.
pub fn spell(snake: &str, case: Case) -> String {
    match case {
        Case::Snake => snake.to_string(),
        Case::Kebab => snake.replace('_', "-"),
        Case::Title => snake
            .split('_')
            .map(capitalise)
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// `VisitCreate` → `visit_create`: a class name as a variable name.
pub fn snake_of(pascal: &str) -> String {
    normalise(pascal)
}

/// `PetVisit` from `pet_visit`.
pub fn pascal_of(snake: &str) -> String {
    snake.split('_').map(capitalise).collect()
}

/// `pet visit` from `pet_visit`: the words of a name, for sentences.
pub fn words_of(snake: &str) -> String {
    snake.replace('_', " ")
}

/// `Pet visit` from `pet_visit`: the words of a name as a sentence starts them.
pub fn sentence_of(snake: &str) -> String {
    let mut s = words_of(snake);
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

/// The singular of a snake_case name's last word, by the regular English rules
/// (`pets` → `pet`, `categories` → `category`, `boxes` → `box`); a word that does not
/// end like a plural is kept. Used only for defaults a request can override.
pub fn singular(snake: &str) -> String {
    let (head, last) = match snake.rsplit_once('_') {
        Some((h, l)) => (format!("{h}_"), l),
        None => (String::new(), snake),
    };
    let one = if let Some(stem) = last.strip_suffix("ies").filter(|s| s.len() > 1) {
        format!("{stem}y")
    } else if let Some(stem) = ["sses", "shes", "ches", "xes", "zes"]
        .iter()
        .find_map(|end| last.strip_suffix(end).map(|s| (s, end)))
        .map(|(s, end)| format!("{s}{}", &end[..end.len() - 2]))
    {
        stem
    } else if let Some(stem) = last
        .strip_suffix('s')
        .filter(|s| s.len() > 1 && !s.ends_with('s') && !s.ends_with("u") && !s.ends_with('i'))
    {
        stem.to_string()
    } else {
        last.to_string()
    };
    format!("{head}{one}")
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// Maps separators to `_` and splits camel case, without collapsing anything: a name such
/// as `__init__` must stay visibly wrong rather than be silently repaired.
fn normalise(input: &str) -> String {
    let chars: Vec<char> = input.chars().collect();
    let mut out = String::with_capacity(input.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' || c == ' ' {
            out.push('_');
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            let boundary = prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower);
            if boundary {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn validate(input: &str, snake: &str) -> Result<(), String> {
    let shown = if input.trim() == snake {
        format!("'{snake}'")
    } else {
        format!("'{}' (normalised: '{snake}')", input.trim())
    };
    if snake.is_empty() {
        return Err("feature name is empty".into());
    }
    if let Some(bad) = snake
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'))
    {
        return Err(format!(
            "feature name {shown} contains {bad:?}; use letters, digits and underscores"
        ));
    }
    if !snake.starts_with(|c: char| c.is_ascii_lowercase()) && !snake.starts_with('_') {
        return Err(format!("feature name {shown} must start with a letter"));
    }
    if snake.starts_with('_') || snake.ends_with('_') {
        return Err(format!(
            "feature name {shown} must not start or end with '_'"
        ));
    }
    if snake.contains("__") {
        return Err(format!("feature name {shown} must not contain '__'"));
    }
    if snake.len() > MAX_NAME_LEN {
        return Err(format!(
            "feature name {shown} is {} characters long; the limit is {MAX_NAME_LEN}",
            snake.len()
        ));
    }
    if is_python_keyword(snake) {
        return Err(format!(
            "feature name {shown} is a Python keyword and cannot name a module"
        ));
    }
    Ok(())
}

/// True when `s` is a Python keyword, a soft keyword that could be one (`match`, `case`,
/// `type`; not `_`), or a lower-case spelling of a constant (`none`, `true`, `false`,
/// which read as the constants in a request and whose PascalCase variants are them): the
/// names a request, a module path or the config may not use. The lists are `pyrules`'.
pub fn is_python_keyword(s: &str) -> bool {
    crate::pyrules::is_keyword(s)
        || (s != "_" && crate::pyrules::SOFT_KEYWORDS.contains(&s))
        || matches!(s, "false" | "none" | "true")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singulars_and_cases() {
        for (many, one) in [
            ("pets", "pet"),
            ("pet_visits", "pet_visit"),
            ("categories", "category"),
            ("boxes", "box"),
            ("addresses", "address"),
            ("status", "status"),
            ("inventory", "inventory"),
        ] {
            assert_eq!(singular(many), one, "{many}");
        }
        assert_eq!(snake_of("VisitCreate"), "visit_create");
        assert_eq!(pascal_of("pet_visit"), "PetVisit");
        assert_eq!(words_of("pet_visit"), "pet visit");
        assert_eq!(sentence_of("pet_visit"), "Pet visit");
    }

    #[test]
    fn normalises_every_spelling() {
        for input in [
            "smoke_test",
            "SmokeTest",
            "smoke-test",
            "Smoke Test",
            "smokeTest",
        ] {
            assert_eq!(
                FeatureName::parse(input).unwrap().snake(),
                "smoke_test",
                "{input}"
            );
        }
        assert_eq!(
            FeatureName::parse("HTTPServer").unwrap().snake(),
            "http_server"
        );
        assert_eq!(
            FeatureName::parse("pet2Owner").unwrap().snake(),
            "pet2_owner"
        );
    }

    #[test]
    fn variants() {
        let n = FeatureName::parse("adopt_pet_v2").unwrap();
        assert_eq!(n.pascal(), "AdoptPetV2");
        assert_eq!(n.kebab(), "adopt-pet-v2");
        assert_eq!(n.title(), "Adopt Pet V2");
    }

    #[test]
    fn refusals_say_why() {
        let cases = [
            ("", "empty"),
            ("class", "keyword"),
            ("match", "keyword"),
            ("__init__", "start or end"),
            ("../x", "contains '.'"),
            ("a__b", "'__'"),
            ("2fast", "start with a letter"),
            ("pet_", "start or end"),
            ("café", "contains 'é'"),
        ];
        for (input, why) in cases {
            let err = FeatureName::parse(input).unwrap_err().to_string();
            assert!(err.contains(why), "{input}: {err}");
        }
        assert!(FeatureName::parse(&"a".repeat(64)).is_err());
        assert!(FeatureName::parse(&"a".repeat(63)).is_ok());
    }
}
