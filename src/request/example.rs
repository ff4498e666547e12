//! Values checked against a field's type (SPEC §2, §12): examples and defaults.
//!
//! A typed value (date, datetime, uuid, decimal) is kept in the canonical text Pydantic 2
//! prints for it in JSON, so that a generated test compares the response with the
//! request's example as written.

use serde_yaml::Value;

use super::field::{FieldType, Scalar};
use super::keys::describe;

/// A value (an example or a default), already checked against its type.
#[derive(Debug, Clone, PartialEq)]
pub enum Example {
    None,
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// `2026-11-30`
    Date(String),
    /// `2026-11-30T10:15:00Z`, as Pydantic prints it (see `canonical_datetime`).
    DateTime(String),
    /// Lower-case, hyphenated.
    Uuid(String),
    /// Digits with an optional sign and fraction, kept as written (`12.50`).
    Decimal(String),
    List(Vec<Example>),
}

impl Example {
    /// Checks `value` against `ty`; the error names what was expected and what was found.
    pub fn check(ty: &FieldType, value: Option<&Value>) -> Result<Example, String> {
        let Some(value) = value.filter(|v| !v.is_null()) else {
            return if ty.optional {
                Ok(Example::None)
            } else {
                Err(format!("example is missing (type {ty} needs one)"))
            };
        };
        if ty.list {
            let Value::Sequence(items) = value else {
                return Err(format!("example must be {ty}, found {}", describe(value)));
            };
            return items
                .iter()
                .map(|v| scalar(&ty.scalar, v))
                .collect::<Result<Vec<_>, _>>()
                .map(Example::List)
                .map_err(|why| format!("example must be {ty}: every item must be {why}"));
        }
        scalar(&ty.scalar, value).map_err(|why| format!("example must be {why}"))
    }

    /// The value as a YAML value (the canonical request form).
    pub fn to_yaml(&self) -> Value {
        match self {
            Example::None => Value::Null,
            Example::Str(s)
            | Example::Date(s)
            | Example::DateTime(s)
            | Example::Uuid(s)
            | Example::Decimal(s) => Value::String(s.clone()),
            Example::Int(i) => Value::from(*i),
            Example::Float(f) => Value::from(*f),
            Example::Bool(b) => Value::Bool(*b),
            Example::List(v) => Value::Sequence(v.iter().map(Example::to_yaml).collect()),
        }
    }

    /// The value as the JSON the app sends and receives.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Example::None => serde_json::Value::Null,
            Example::Str(s)
            | Example::Date(s)
            | Example::DateTime(s)
            | Example::Uuid(s)
            | Example::Decimal(s) => s.clone().into(),
            Example::Int(i) => (*i).into(),
            Example::Float(f) => (*f).into(),
            Example::Bool(b) => (*b).into(),
            Example::List(v) => v.iter().map(Example::to_json).collect(),
        }
    }

    /// Whether the value holds a float (compared with `approx` in tests).
    pub fn has_float(&self) -> bool {
        match self {
            Example::Float(_) => true,
            Example::List(v) => v.iter().any(Example::has_float),
            _ => false,
        }
    }
}

/// One scalar value; the error says what was expected (after "must be").
fn scalar(ty: &Scalar, value: &Value) -> Result<Example, String> {
    let name = FieldType::plain(ty.clone());
    let mismatch = || format!("{name}, found {}", describe(value));
    let text = || value.as_str().ok_or_else(mismatch);
    Ok(match ty {
        Scalar::Str => Example::Str(text()?.to_string()),
        Scalar::Int => Example::Int(int(value).ok_or_else(mismatch)?),
        Scalar::Float => {
            let f = match value {
                Value::Number(n) => n.as_f64().ok_or_else(mismatch)?,
                _ => return Err(mismatch()),
            };
            if !f.is_finite() {
                return Err(format!("a finite number, found {f}"));
            }
            Example::Float(f)
        }
        Scalar::Bool => Example::Bool(value.as_bool().ok_or_else(mismatch)?),
        Scalar::Date => {
            let s = text()?;
            Example::Date(
                canonical_date(s)
                    .ok_or_else(|| format!("a date as YYYY-MM-DD, found '{}'", short(s)))?,
            )
        }
        Scalar::DateTime => {
            let s = text()?;
            Example::DateTime(canonical_datetime(s).ok_or_else(|| {
                format!(
                    "a datetime as YYYY-MM-DDTHH:MM:SS with an optional .fraction and Z or \
                     +HH:MM, found '{}'",
                    short(s)
                )
            })?)
        }
        Scalar::Uuid => {
            let s = text()?;
            Example::Uuid(
                canonical_uuid(s).ok_or_else(|| {
                    format!("a UUID (8-4-4-4-12 hex digits), found '{}'", short(s))
                })?,
            )
        }
        Scalar::Decimal => {
            let s = match value {
                Value::String(s) => s.trim().to_string(),
                Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
                Value::Number(n) => n
                    .as_f64()
                    .filter(|f| f.is_finite())
                    .map(|f| f.to_string())
                    .ok_or_else(mismatch)?,
                _ => return Err(mismatch()),
            };
            if !is_decimal(&s) {
                return Err(format!(
                    "a decimal number such as \"12.50\" (digits, an optional sign and \
                     fraction), found '{}'",
                    short(&s)
                ));
            }
            Example::Decimal(s)
        }
        Scalar::Literal(values) => {
            let s = text()?;
            if !values.iter().any(|v| v == s) {
                return Err(format!(
                    "one of {}, found '{}'",
                    values.join(", "),
                    short(s)
                ));
            }
            Example::Str(s.to_string())
        }
    })
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

/// An integer that fits in i64; floats such as `1.0` are not integers here.
fn int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD`, a real calendar date.
fn canonical_date(s: &str) -> Option<String> {
    let (y, rest) = s.split_once('-')?;
    let (m, d) = rest.split_once('-')?;
    let (y, m, d) = (digits(y, 4)?, digits(m, 2)?, digits(d, 2)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y >= 1 && (1..=days).contains(&d)).then(|| s.to_string())
}

/// The parts of a datetime in canonical form: `date`, hour, minute, second, microsecond,
/// and the offset in minutes (`None`: naive).
pub(crate) struct DateTimeParts {
    pub date: (u32, u32, u32),
    pub time: (u32, u32, u32, u32),
    pub offset_minutes: Option<i32>,
}

/// Reads `YYYY-MM-DDTHH:MM[:SS[.f{1,6}]][Z|±HH:MM]` (a space for `T` too).
pub(crate) fn datetime_parts(s: &str) -> Option<DateTimeParts> {
    let (date, rest) = s.split_once(['T', 't', ' '])?;
    canonical_date(date)?;
    let mut it = date.split('-').map(|p| p.parse::<u32>().ok());
    let date = (it.next()??, it.next()??, it.next()??);
    let (clock, offset) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
        (c, Some(0))
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let (c, o) = rest.split_at(i);
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let (h, m) = o[1..].split_once(':')?;
        let (h, m) = (digits(h, 2)?, digits(m, 2)?);
        if h > 23 || m > 59 {
            return None;
        }
        (c, Some(sign * (h * 60 + m) as i32))
    } else {
        (rest, None)
    };
    let (hm, frac) = match clock.split_once('.') {
        Some((hm, f)) if !f.is_empty() && f.len() <= 6 && f.bytes().all(|b| b.is_ascii_digit()) => {
            (hm, format!("{f:0<6}").parse::<u32>().ok()?)
        }
        Some(_) => return None,
        None => (clock, 0),
    };
    let mut parts = hm.split(':');
    let h = digits(parts.next()?, 2)?;
    let m = digits(parts.next()?, 2)?;
    let sec = match parts.next() {
        Some(p) => digits(p, 2)?,
        None if frac == 0 && !clock.contains('.') => 0,
        None => return None,
    };
    if parts.next().is_some() || h > 23 || m > 59 || sec > 59 {
        return None;
    }
    Some(DateTimeParts {
        date,
        time: (h, m, sec, frac),
        offset_minutes: offset,
    })
}

/// The form Pydantic 2 prints: seconds always, a fraction as six digits only when it is
/// not zero, `Z` for a zero offset, `±HH:MM` for others, nothing when naive.
fn canonical_datetime(s: &str) -> Option<String> {
    let p = datetime_parts(s)?;
    let (y, mo, d) = p.date;
    let (h, mi, sec, us) = p.time;
    let mut out = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}");
    if us != 0 {
        out += &format!(".{us:06}");
    }
    match p.offset_minutes {
        None => {}
        Some(0) => out.push('Z'),
        Some(o) => {
            let sign = if o < 0 { '-' } else { '+' };
            out += &format!("{sign}{:02}:{:02}", o.abs() / 60, o.abs() % 60);
        }
    }
    Some(out)
}

/// 8-4-4-4-12 hex digits (any case, as Pydantic accepts), printed lower case.
fn canonical_uuid(s: &str) -> Option<String> {
    let groups: Vec<&str> = s.split('-').collect();
    let ok = groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
    ok.then(|| s.to_ascii_lowercase())
}

fn is_decimal(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let all_digits =
        |t: &str| !t.is_empty() && t.len() <= 30 && t.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && frac.is_none_or(all_digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(s: &str) -> Value {
        serde_yaml::from_str(s).unwrap()
    }

    fn t(s: &str) -> FieldType {
        FieldType::parse(s).unwrap()
    }

    #[test]
    fn examples_are_type_checked() {
        let ok = |ty: &str, v: &str| Example::check(&t(ty), Some(&y(v)));
        assert_eq!(ok("int", "3"), Ok(Example::Int(3)));
        assert_eq!(ok("float", "3"), Ok(Example::Float(3.0)));
        assert_eq!(Example::check(&t("str | None"), None), Ok(Example::None));
        for (ty, v) in [
            ("str", "3"),
            ("int", "true"),
            ("int", "1.5"),
            ("bool", "'yes'"),
            ("list[int]", "[1, 'a']"),
            ("float", ".nan"),
            ("date", "2026-02-30"),
            ("date", "26-01-01"),
            ("datetime", "2026-01-01"),
            ("datetime", "2026-01-01T25:00:00"),
            ("uuid", "not-a-uuid"),
            ("decimal", "'1e3'"),
            ("decimal", "abc"),
            ("literal[a, b]", "c"),
        ] {
            assert!(ok(ty, v).is_err(), "{ty} {v}");
        }
        assert!(Example::check(&t("str"), None).is_err());
    }

    #[test]
    fn typed_values_are_kept_as_pydantic_prints_them() {
        let one = |ty: &str, v: &str| Example::check(&t(ty), Some(&y(v))).unwrap().to_json();
        assert_eq!(one("date", "'2024-02-29'"), "2024-02-29");
        for (given, printed) in [
            ("2026-11-30T10:15:00Z", "2026-11-30T10:15:00Z"),
            ("2026-11-30T10:15:00+00:00", "2026-11-30T10:15:00Z"),
            ("2026-11-30T10:15Z", "2026-11-30T10:15:00Z"),
            ("2026-11-30T10:15:00+02:00", "2026-11-30T10:15:00+02:00"),
            ("2026-11-30T10:15:00", "2026-11-30T10:15:00"),
            ("2026-11-30T10:15:00.5Z", "2026-11-30T10:15:00.500000Z"),
            ("2026-11-30T10:15:00.000Z", "2026-11-30T10:15:00Z"),
            (
                "2026-11-30T10:15:00.123456-05:30",
                "2026-11-30T10:15:00.123456-05:30",
            ),
        ] {
            assert_eq!(one("datetime", &format!("'{given}'")), printed, "{given}");
        }
        assert_eq!(
            one("uuid", "0B5F8C9E-3C7A-4D2B-9B1E-2F6A1C4D8E7F"),
            "0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7f"
        );
        assert_eq!(one("decimal", "'12.50'"), "12.50");
        assert_eq!(one("decimal", "12.5"), "12.5");
        assert_eq!(one("decimal", "7"), "7");
    }
}
