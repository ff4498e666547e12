//! Constraints on a field (SPEC §13): lengths and a pattern for text, bounds for numbers, `unique` and
//! `index` for a stored column. They hold in the API (Pydantic: a 422) and in the
//! database (the column's length, a unique index); the example and the default must
//! meet them, or the generated tests would fail.

use serde_yaml::Value;

use super::example::Example;
use super::field::{FieldType, Scalar};
use super::keys::Entries;

/// The longest pattern: it is written on one generated line.
const MAX_PATTERN: usize = 60;

/// `pattern` compiled as Pydantic compiles it, or why it cannot be.
fn compile(pattern: &str) -> Result<regex_automata::meta::Regex, String> {
    regex_automata::meta::Regex::new(pattern).map_err(|e| {
        let why = e.to_string();
        let first = why
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("invalid");
        format!(
            "pattern is not a regular expression Pydantic's engine (Rust regex: no \
             look-around, no back-references) accepts: {}",
            first.trim()
        )
    })
}

/// The longest text a length constraint may name: far beyond any column a team means.
const MAX_LENGTH: u64 = 1_000_000;

/// A field's constraints, as given (absent keys are `None`/`false`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// A regular expression the text must match (searched, as Pydantic does).
    pub pattern: Option<String>,
    /// Bounds of a number, as YAML gave them (an int for an `int` field).
    pub ge: Option<Bound>,
    pub gt: Option<Bound>,
    pub le: Option<Bound>,
    pub lt: Option<Bound>,
    pub unique: bool,
    pub index: bool,
}

/// A numeric bound: an integer, or (for `float` and `decimal` fields) any finite number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    Int(i64),
    Float(f64),
}

impl Bound {
    pub fn as_f64(self) -> f64 {
        match self {
            #[allow(clippy::cast_precision_loss)]
            Bound::Int(i) => i as f64,
            Bound::Float(f) => f,
        }
    }

    pub fn to_yaml(self) -> Value {
        match self {
            Bound::Int(i) => Value::from(i),
            Bound::Float(f) => Value::from(f),
        }
    }

    pub fn to_json(self) -> serde_json::Value {
        match self {
            Bound::Int(i) => serde_json::Value::from(i),
            Bound::Float(f) => serde_json::Value::from(f),
        }
    }
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }

    /// The `(key, value)` pairs given, in [`KEYS`] order.
    pub fn entries(&self) -> Vec<(&'static str, Value)> {
        let mut out = Vec::new();
        let mut put = |k: &'static str, v: Option<Value>| {
            if let Some(v) = v {
                out.push((k, v));
            }
        };
        put("min_length", self.min_length.map(Value::from));
        put("max_length", self.max_length.map(Value::from));
        put("pattern", self.pattern.clone().map(Value::from));
        put("ge", self.ge.map(Bound::to_yaml));
        put("gt", self.gt.map(Bound::to_yaml));
        put("le", self.le.map(Bound::to_yaml));
        put("lt", self.lt.map(Bound::to_yaml));
        put("unique", self.unique.then_some(Value::from(true)));
        put("index", self.index.then_some(Value::from(true)));
        out
    }

    /// Reads the constraints of a field of type `ty`; each error names the key.
    pub fn read(e: &Entries, ty: &FieldType) -> Result<Constraints, String> {
        let text = matches!(ty.scalar, Scalar::Str) && !ty.list;
        let number = matches!(ty.scalar, Scalar::Int | Scalar::Float | Scalar::Decimal) && !ty.list;
        let mut c = Constraints::default();
        for key in ["min_length", "max_length"] {
            let Some(v) = e.get(key) else { continue };
            if !text {
                return Err(format!("{key} applies to a str field, not {ty}"));
            }
            let n = v
                .as_u64()
                .filter(|n| *n <= MAX_LENGTH)
                .ok_or_else(|| format!("{key} must be a whole number from 0 to {MAX_LENGTH}"))?;
            if key == "min_length" {
                c.min_length = Some(n);
            } else if n == 0 {
                return Err("max_length must be at least 1".into());
            } else {
                c.max_length = Some(n);
            }
        }
        if let Some(v) = e.get("pattern") {
            if !text {
                return Err(format!("pattern applies to a str field, not {ty}"));
            }
            let p = v
                .as_str()
                .ok_or("pattern must be a string (a regular expression)")?;
            if p.is_empty() || p.chars().count() > MAX_PATTERN {
                return Err(format!("pattern must have 1 to {MAX_PATTERN} characters"));
            }
            if p.chars().any(char::is_control) {
                return Err("pattern may not hold control characters (write \\n, \\t)".into());
            }
            compile(p)?;
            c.pattern = Some(p.to_string());
        }
        for key in ["ge", "gt", "le", "lt"] {
            let Some(v) = e.get(key) else { continue };
            if !number {
                return Err(format!(
                    "{key} applies to an int, float or decimal field, not {ty}"
                ));
            }
            let bound = match (&ty.scalar, v) {
                (Scalar::Int, v) => Bound::Int(
                    v.as_i64()
                        .filter(|i| i32::try_from(*i).is_ok())
                        .ok_or_else(|| {
                            format!(
                                "{key} must be a whole number a 32-bit INTEGER column holds \
                                 (the field is int)"
                            )
                        })?,
                ),
                (_, v) => match v.as_i64() {
                    Some(i) => Bound::Int(i),
                    None => Bound::Float(
                        v.as_f64()
                            .filter(|f| f.is_finite())
                            .ok_or_else(|| format!("{key} must be a finite number"))?,
                    ),
                },
            };
            *match key {
                "ge" => &mut c.ge,
                "gt" => &mut c.gt,
                "le" => &mut c.le,
                _ => &mut c.lt,
            } = Some(bound);
        }
        for key in ["unique", "index"] {
            let Some(v) = e.get(key) else { continue };
            let on = v
                .as_bool()
                .ok_or_else(|| format!("{key} must be true or false"))?;
            if on && ty.list {
                return Err(format!("{key} applies to a column of one value, not {ty}"));
            }
            if on
                && key == "unique"
                && !matches!(ty.scalar, Scalar::Str | Scalar::Int | Scalar::Uuid)
            {
                return Err(format!(
                    "unique applies to a str, int or uuid field, not {ty}"
                ));
            }
            if key == "unique" {
                c.unique = on;
            } else {
                c.index = on;
            }
        }
        c.check_consistent()?;
        Ok(c)
    }

    /// Bounds and lengths that leave no value, or say one thing twice.
    fn check_consistent(&self) -> Result<(), String> {
        if self.ge.is_some() && self.gt.is_some() {
            return Err("give one of ge and gt, not both".into());
        }
        if self.le.is_some() && self.lt.is_some() {
            return Err("give one of le and lt, not both".into());
        }
        let low = self
            .ge
            .map(|b| (b.as_f64(), "ge", false))
            .or(self.gt.map(|b| (b.as_f64(), "gt", true)));
        let high = self
            .le
            .map(|b| (b.as_f64(), "le", false))
            .or(self.lt.map(|b| (b.as_f64(), "lt", true)));
        if let (Some((lo, lk, lx)), Some((hi, hk, hx))) = (low, high)
            && (lo > hi || (lo == hi && (lx || hx)))
        {
            return Err(format!("{lk} ({lo}) and {hk} ({hi}) leave no value"));
        }
        if let (Some(min), Some(max)) = (self.min_length, self.max_length)
            && min > max
        {
            return Err(format!(
                "min_length ({min}) is more than max_length ({max})"
            ));
        }
        Ok(())
    }

    /// Whether `s` matches the pattern (searched anywhere, as Pydantic does); true
    /// without one.
    pub fn admits_pattern(&self, s: &str) -> bool {
        self.pattern
            .as_deref()
            .is_none_or(|p| compile(p).is_ok_and(|r| r.is_match(s)))
    }

    /// Whether `s` meets the lengths and the pattern.
    pub fn admits_text(&self, s: &str) -> bool {
        self.text_test()(s)
    }

    /// [`Constraints::admits_text`] with the pattern compiled once, for many texts.
    fn text_test(&self) -> impl Fn(&str) -> bool + '_ {
        let pattern = self.pattern.as_deref().and_then(|p| compile(p).ok());
        move |s| {
            let n = s.chars().count() as u64;
            self.min_length.is_none_or(|m| n >= m)
                && self.max_length.is_none_or(|m| n <= m)
                && pattern.as_ref().is_none_or(|r| r.is_match(s))
        }
    }

    /// Two texts other than `s` that meet the constraints, for rows whose unique field
    /// must differ (`s` with a digit appended, or its last character changed); fewer
    /// when the constraints leave none.
    pub fn text_variants(&self, s: &str) -> Vec<String> {
        let admits = self.text_test();
        let stem: String = s
            .chars()
            .take(s.chars().count().saturating_sub(1))
            .collect();
        let mut out: Vec<String> = Vec::new();
        let candidates = ('1'..='9')
            .map(|d| format!("{s}{d}"))
            .chain(('0'..='9').chain('a'..='z').map(|d| format!("{stem}{d}")));
        for candidate in candidates {
            if candidate != s && !out.contains(&candidate) && admits(&candidate) {
                out.push(candidate);
                if out.len() == 2 {
                    break;
                }
            }
        }
        out
    }

    /// A text just outside the pattern (for the 422 test), if one of a few is.
    pub fn text_outside_pattern(&self) -> Option<String> {
        let pattern = compile(self.pattern.as_deref()?).ok()?;
        ["", "!", "x", "0", " ", "~x~"]
            .into_iter()
            .find(|t| !pattern.is_match(t))
            .map(str::to_string)
    }

    /// Why `value` (the example or the default, `what`) breaks a constraint, if it does.
    pub fn check_value(&self, what: &str, value: &Example) -> Result<(), String> {
        match value {
            Example::Str(s) if !self.admits_pattern(s) => Err(format!(
                "{what} {s:?} does not match pattern {:?}",
                self.pattern.as_deref().unwrap_or_default()
            )),
            Example::Str(s) => {
                // Pydantic counts code points.
                let n = s.chars().count() as u64;
                if let Some(min) = self.min_length.filter(|m| n < *m) {
                    return Err(format!(
                        "{what} has {n} characters, fewer than min_length {min}"
                    ));
                }
                if let Some(max) = self.max_length.filter(|m| n > *m) {
                    return Err(format!(
                        "{what} has {n} characters, more than max_length {max}"
                    ));
                }
                Ok(())
            }
            Example::Int(_) | Example::Float(_) | Example::Decimal(_) => {
                let x = match value {
                    #[allow(clippy::cast_precision_loss)]
                    Example::Int(i) => *i as f64,
                    Example::Float(f) => *f,
                    Example::Decimal(d) => d.parse::<f64>().unwrap_or(f64::NAN),
                    _ => return Ok(()),
                };
                let broken = [
                    ("ge", self.ge),
                    ("gt", self.gt),
                    ("le", self.le),
                    ("lt", self.lt),
                ]
                .into_iter()
                .find_map(|(key, bound)| {
                    let b = bound?.as_f64();
                    let ok = match key {
                        "ge" => x >= b,
                        "gt" => x > b,
                        "le" => x <= b,
                        _ => x < b,
                    };
                    (!ok).then(|| format!("{what} {x} is not within {key} {b}"))
                });
                broken.map_or(Ok(()), Err)
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::request::Request;

    fn request(field: &str) -> Result<Request, String> {
        let doc = format!(
            "feature: vets\ndescription: V.\nkind: resource\nmodel:\n  name: Vet\n  fields:\n    - {field}\n"
        );
        let value: serde_yaml::Value = serde_yaml::from_str(&doc).map_err(|e| e.to_string())?;
        Request::from_yaml(&value).map_err(|e| e.to_string())
    }

    #[test]
    fn constraints_round_trip() {
        let r = request(
            "{name: chip, type: str, example: ab, min_length: 1, max_length: 15, unique: true, index: true}",
        )
        .unwrap();
        let again = Request::from_yaml(&r.to_yaml()).unwrap();
        assert_eq!(again, r);
        let c = &r.model.as_ref().unwrap().fields[0].constraints;
        assert_eq!(
            (c.min_length, c.max_length, c.unique, c.index),
            (Some(1), Some(15), true, true)
        );
        let r = request("{name: w, type: float, example: 1.5, ge: 0, lt: 2.5}").unwrap();
        assert_eq!(Request::from_yaml(&r.to_yaml()).unwrap(), r);
    }

    #[test]
    fn bad_constraints_name_the_key() {
        for (field, why) in [
            (
                "{name: n, type: int, example: 1, max_length: 3}",
                "max_length applies to a str field, not int",
            ),
            (
                "{name: n, type: str, example: a, ge: 1}",
                "ge applies to an int, float or decimal field, not str",
            ),
            (
                "{name: n, type: int, example: 5, ge: 10, le: 1}",
                "ge (10) and le (1) leave no value",
            ),
            (
                "{name: n, type: int, example: 5, gt: 1, lt: 1}",
                "gt (1) and lt (1) leave no value",
            ),
            (
                "{name: n, type: int, example: 5, ge: 1, gt: 0}",
                "give one of ge and gt",
            ),
            (
                "{name: n, type: str, example: a, min_length: 3, max_length: 2}",
                "min_length (3) is more than max_length (2)",
            ),
            (
                "{name: n, type: str, example: abc, max_length: 2}",
                "example has 3 characters, more than max_length 2",
            ),
            (
                "{name: n, type: int, example: 0, gt: 0}",
                "example 0 is not within gt 0",
            ),
            (
                "{name: n, type: int, example: 1, le: 3000000000}",
                "le must be a whole number a 32-bit INTEGER column holds",
            ),
            (
                "{name: n, type: float, example: 1.0, unique: true}",
                "unique applies to a str, int or uuid field, not float",
            ),
            (
                "{name: n, type: \"str | None\", example: null, unique: true}",
                "a unique field needs an example that is not null",
            ),
            (
                "{name: n, type: \"list[str]\", example: [a], index: true}",
                "index applies to a column of one value",
            ),
            (
                "{name: n, type: int, example: 1, ge: 0.5}",
                "ge must be a whole number",
            ),
            (
                "{name: n, type: int, example: 1, pattern: x}",
                "pattern applies to a str field, not int",
            ),
            (
                "{name: n, type: str, example: a, pattern: \"(?=a)\"}",
                "pattern is not a regular expression Pydantic's engine",
            ),
            (
                "{name: n, type: str, example: a, pattern: \"(\"}",
                "pattern is not a regular expression",
            ),
            (
                "{name: n, type: str, example: ab, pattern: \"^[0-9]+$\"}",
                "example \"ab\" does not match pattern",
            ),
            (
                "{name: n, type: str, example: \"1\", pattern: \"^1$\", unique: true}",
                "leave no two other values",
            ),
        ] {
            let err = request(field).unwrap_err();
            assert!(err.contains(why), "{field}: {err}");
            assert!(err.contains("'n'"), "{field}: names the field: {err}");
        }
    }
}
