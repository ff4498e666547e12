//! Field and parameter types (SPEC §2, §12): `str int float bool date datetime uuid
//! decimal literal[...]`, `list[T]`, `| None`, parsed and printed back in the request's
//! form. The values checked against them are `example.rs`'s.

use std::fmt;

/// The scalar types a field, a list item or a parameter may have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    Str,
    Int,
    Float,
    Bool,
    Date,
    DateTime,
    Uuid,
    Decimal,
    /// `literal[a, b, c]`: one of these strings.
    Literal(Vec<String>),
}

/// A type: a scalar or a list of one, optionally `| None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldType {
    pub scalar: Scalar,
    pub list: bool,
    pub optional: bool,
}

const ALLOWED_TYPES: &str = "str, int, float, bool, date, datetime, uuid, decimal, \
     literal[a, b, ...], list[T] of those, each optionally followed by '| None'";

/// The longest `Literal[...]` annotation a request may ask for: it must fit a generated
/// line together with the field's name (ruff would otherwise re-wrap it).
const MAX_LITERAL_TYPE: usize = 60;
const MAX_LITERAL_VALUE: usize = 40;

impl Scalar {
    fn parse(text: &str) -> Result<Scalar, String> {
        Ok(match text {
            "str" => Scalar::Str,
            "int" => Scalar::Int,
            "float" => Scalar::Float,
            "bool" => Scalar::Bool,
            "date" => Scalar::Date,
            "datetime" => Scalar::DateTime,
            "uuid" => Scalar::Uuid,
            "decimal" => Scalar::Decimal,
            _ => match text
                .strip_prefix("literal[")
                .and_then(|s| s.strip_suffix(']'))
            {
                Some(values) => Scalar::Literal(literal_values(values)?),
                None => return Err(String::new()),
            },
        })
    }
}

/// `dog, cat, 'bird', "Rex's bed"`: each value once, at most [`MAX_LITERAL_VALUE`]
/// characters. A bare value is a word of letters, digits, `_`, `-` and `.`; a quoted one
/// (in `"` or `'`, which it cannot hold) may be any text but control characters, as a
/// Python `Literal` value may: it is escaped where it reaches code.
fn literal_values(text: &str) -> Result<Vec<String>, String> {
    let mut values: Vec<String> = Vec::new();
    for item in outside_quotes(text, ',') {
        let v = item.trim();
        let quoted = ['"', '\''].into_iter().find(|q| v.starts_with(*q));
        let v = match quoted {
            Some(q) => match v[1..].strip_suffix(q).filter(|inner| !inner.contains(q)) {
                Some(inner) => inner,
                None => {
                    let shown: String = v.chars().take(40).collect();
                    return Err(format!(
                        "literal value {shown} is not closed by its quote {q} (a quoted \
                         value cannot hold the quote it is written in)"
                    ));
                }
            },
            None => v,
        };
        if v.is_empty() {
            return Err("literal[...] has an empty value".into());
        }
        let shown: String = v.chars().take(40).collect();
        let shown = crate::escape::line(&shown);
        let fits = v.chars().count() <= MAX_LITERAL_VALUE;
        if quoted.is_some() && (!fits || v.chars().any(crate::escape::is_dangerous)) {
            return Err(format!(
                "literal value '{shown}' must be at most {MAX_LITERAL_VALUE} characters, \
                 none of them a control character"
            ));
        }
        if quoted.is_none() && (!fits || !v.chars().all(is_word_char)) {
            return Err(format!(
                "literal value '{shown}' must be letters, digits, _ - or . (at most \
                 {MAX_LITERAL_VALUE}), or quoted"
            ));
        }
        if values.iter().any(|w| w == v) {
            return Err(format!("literal value '{shown}' is given twice"));
        }
        values.push(v.to_string());
    }
    Ok(values)
}

/// A character of a bare literal value.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// `text` cut at each `sep` that is not inside quotes.
fn outside_quotes(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut quote, mut start) = (None, 0);
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == sep => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            None => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// `text` without the white space outside quotes (`literal["Rex's bed", cat]` keeps the
/// space of its first value), but for one space between two words, which no type has:
/// `literal[big dog]` is refused, never read as `bigdog`.
fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote = None;
    let mut spaced = false;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c.is_whitespace() => {
                spaced = true;
                continue;
            }
            None => {
                if spaced && is_word_char(c) && out.chars().next_back().is_some_and(is_word_char) {
                    out.push(' ');
                }
            }
        }
        spaced = false;
        out.push(c);
    }
    out
}

/// A literal value as the request's type syntax writes it: bare when it is a word, else
/// in the quote it does not hold.
fn request_form(v: &str) -> String {
    if v.chars().all(is_word_char) {
        v.to_string()
    } else if v.contains('"') {
        format!("'{v}'")
    } else {
        format!("\"{v}\"")
    }
}

impl FieldType {
    /// Parses `str`, `list[date]`, `literal[a, b] | None`, ignoring white space.
    pub fn parse(text: &str) -> Result<FieldType, String> {
        let compact = compact(text);
        let (base, optional) = match compact.strip_suffix("|None") {
            Some(base) => (base, true),
            None => (compact.as_str(), false),
        };
        let unknown = || {
            let shown: String = text.chars().take(60).collect();
            format!("unknown type '{shown}' (allowed: {ALLOWED_TYPES})")
        };
        let (inner, list) = match base.strip_prefix("list[").and_then(|s| s.strip_suffix(']')) {
            Some(inner) => (inner, true),
            None => (base, false),
        };
        let scalar =
            Scalar::parse(inner).map_err(|why| if why.is_empty() { unknown() } else { why })?;
        let ty = FieldType {
            scalar,
            list,
            optional,
        };
        if let Scalar::Literal(values) = &ty.scalar
            && ty.spell(&crate::pystr::literal_type(values)).len() > MAX_LITERAL_TYPE
        {
            return Err(format!(
                "type '{ty}' is too long for one line of code (at most {MAX_LITERAL_TYPE} \
                 characters as Python); use fewer or shorter values"
            ));
        }
        Ok(ty)
    }

    /// A plain type of the given scalar.
    pub fn plain(scalar: Scalar) -> FieldType {
        FieldType {
            scalar,
            list: false,
            optional: false,
        }
    }

    /// The type written with `scalar` for its scalar: `list[…]` and ` | None` read the
    /// same in a request and in Python (`render::pytype` writes the Python one).
    pub fn spell(&self, scalar: &str) -> String {
        let mut s = if self.list {
            format!("list[{scalar}]")
        } else {
            scalar.to_string()
        };
        if self.optional {
            s.push_str(" | None");
        }
        s
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scalar = match &self.scalar {
            Scalar::Str => "str".to_string(),
            Scalar::Int => "int".to_string(),
            Scalar::Float => "float".to_string(),
            Scalar::Bool => "bool".to_string(),
            Scalar::Date => "date".to_string(),
            Scalar::DateTime => "datetime".to_string(),
            Scalar::Uuid => "uuid".to_string(),
            Scalar::Decimal => "decimal".to_string(),
            Scalar::Literal(values) => {
                let values: Vec<String> = values.iter().map(|v| request_form(v)).collect();
                format!("literal[{}]", values.join(", "))
            }
        };
        f.write_str(&self.spell(&scalar))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> FieldType {
        FieldType::parse(s).unwrap()
    }

    #[test]
    fn types_parse_and_print() {
        for s in [
            "str",
            "int",
            "float",
            "bool",
            "date",
            "datetime",
            "uuid",
            "decimal",
            "list[str]",
            "list[int]",
            "list[date] | None",
            "int | None",
            "literal[dog, cat, bird]",
            "list[literal[a, b]]",
        ] {
            assert_eq!(t(s).to_string(), s);
        }
        assert_eq!(t("list[ str ]|None").to_string(), "list[str] | None");
        assert_eq!(t("literal['a', \"b\"]").to_string(), "literal[a, b]");
        // Quoted values keep their spaces and may be any text; printed back quoted.
        for (s, printed) in [
            ("literal[\"x y\", c]", "literal[\"x y\", c]"),
            ("literal[ ' a, b ' ,c ]", "literal[\" a, b \", c]"),
            (
                "literal[\"it's\", 'say \"hi\"']",
                "literal[\"it's\", 'say \"hi\"']",
            ),
            ("literal['a]', \"\\\"]", "literal[\"a]\", \"\\\"]"),
            ("literal[\"café\"]", "literal[\"café\"]"),
        ] {
            assert_eq!(t(s).to_string(), printed, "{s}");
            assert_eq!(t(printed).to_string(), printed, "{s} round trip");
        }
        for (bad, why) in [
            ("literal[\"a]", "not closed"),
            ("literal['a\"]", "not closed"),
            ("literal[\"a\"b\"]", "not closed"),
            ("literal[\"a\u{7}\"]", "control character"),
            ("literal[\"\u{202e}x\"]", "control character"),
            ("literal[\"a b\", 'a b']", "given twice"),
            ("literal[a b]", "or quoted"),
            ("dict", "unknown type 'dict'"),
            ("list[list[int]]", "unknown type"),
            ("literal[]", "empty value"),
            ("literal[a, a]", "given twice"),
            ("literal[a/b]", "must be letters"),
            ("literal[\"\"]", "empty value"),
            (
                "literal[aaaaaaaaaa, bbbbbbbbbbb, cccccccccccc, dddddddddd, eeeeeeeee]",
                "too long",
            ),
        ] {
            let e = FieldType::parse(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }
}
