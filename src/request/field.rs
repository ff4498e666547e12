//! Response fields: their Python types and type-checked examples (SPEC §2).

use std::fmt;

use serde_yaml::Value;

use super::keys::describe;

/// The base types a field may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseType {
    Str,
    Int,
    Float,
    Bool,
    ListStr,
    ListInt,
}

/// A field's type: a base type, optionally `| None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldType {
    pub base: BaseType,
    pub optional: bool,
}

const ALLOWED_TYPES: &str =
    "str, int, float, bool, list[str], list[int], each optionally followed by '| None'";

impl FieldType {
    /// Parses `str`, `list[int]`, `float | None`, ignoring white space.
    pub fn parse(text: &str) -> Result<FieldType, String> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let (base, optional) = match compact.strip_suffix("|None") {
            Some(base) => (base, true),
            None => (compact.as_str(), false),
        };
        let base = match base {
            "str" => BaseType::Str,
            "int" => BaseType::Int,
            "float" => BaseType::Float,
            "bool" => BaseType::Bool,
            "list[str]" => BaseType::ListStr,
            "list[int]" => BaseType::ListInt,
            _ => {
                let shown: String = text.chars().take(40).collect();
                return Err(format!("unknown type '{shown}' (allowed: {ALLOWED_TYPES})"));
            }
        };
        Ok(FieldType { base, optional })
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base = match self.base {
            BaseType::Str => "str",
            BaseType::Int => "int",
            BaseType::Float => "float",
            BaseType::Bool => "bool",
            BaseType::ListStr => "list[str]",
            BaseType::ListInt => "list[int]",
        };
        f.write_str(base)?;
        if self.optional {
            f.write_str(" | None")?;
        }
        Ok(())
    }
}

/// An example value, already checked against its field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Example {
    None,
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    ListStr(Vec<String>),
    ListInt(Vec<i64>),
}

impl Example {
    /// Checks `value` against `ty`; the error names what was expected and what was found.
    pub fn check(ty: FieldType, value: Option<&Value>) -> Result<Example, String> {
        let Some(value) = value.filter(|v| !v.is_null()) else {
            return if ty.optional {
                Ok(Example::None)
            } else {
                Err(format!("example is missing (type {ty} needs one)"))
            };
        };
        let mismatch = || format!("example must be {ty}, found {}", describe(value));
        let example = match ty.base {
            BaseType::Str => Example::Str(value.as_str().ok_or_else(mismatch)?.to_string()),
            BaseType::Int => Example::Int(int(value).ok_or_else(mismatch)?),
            BaseType::Float => {
                let f = match value {
                    Value::Number(n) => n.as_f64().ok_or_else(mismatch)?,
                    _ => return Err(mismatch()),
                };
                if !f.is_finite() {
                    return Err(format!("example must be a finite number, found {f}"));
                }
                Example::Float(f)
            }
            BaseType::Bool => Example::Bool(value.as_bool().ok_or_else(mismatch)?),
            BaseType::ListStr => Example::ListStr(
                list(value)
                    .ok_or_else(mismatch)?
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect::<Option<_>>()
                    .ok_or_else(|| format!("example must be {ty}: every item a string"))?,
            ),
            BaseType::ListInt => Example::ListInt(
                list(value)
                    .ok_or_else(mismatch)?
                    .iter()
                    .map(int)
                    .collect::<Option<_>>()
                    .ok_or_else(|| format!("example must be {ty}: every item an integer"))?,
            ),
        };
        Ok(example)
    }

    /// The example as a YAML value (the canonical request form).
    pub fn to_yaml(&self) -> Value {
        match self {
            Example::None => Value::Null,
            Example::Str(s) => Value::String(s.clone()),
            Example::Int(i) => Value::from(*i),
            Example::Float(f) => Value::from(*f),
            Example::Bool(b) => Value::Bool(*b),
            Example::ListStr(v) => Value::Sequence(v.iter().cloned().map(Value::String).collect()),
            Example::ListInt(v) => Value::Sequence(v.iter().map(|i| Value::from(*i)).collect()),
        }
    }

    /// The example as JSON, the form the generated code and tests compare against.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Example::None => serde_json::Value::Null,
            Example::Str(s) => s.clone().into(),
            Example::Int(i) => (*i).into(),
            Example::Float(f) => (*f).into(),
            Example::Bool(b) => (*b).into(),
            Example::ListStr(v) => v.clone().into(),
            Example::ListInt(v) => v.clone().into(),
        }
    }
}

/// An integer that fits in i64; floats such as `1.0` are not integers here.
fn int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

fn list(value: &Value) -> Option<&Vec<Value>> {
    match value {
        Value::Sequence(items) => Some(items),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(s: &str) -> Value {
        serde_yaml::from_str(s).unwrap()
    }

    #[test]
    fn types_parse_and_print() {
        for t in [
            "str",
            "int",
            "float",
            "bool",
            "list[str]",
            "list[int]",
            "int | None",
        ] {
            assert_eq!(FieldType::parse(t).unwrap().to_string(), t);
        }
        assert_eq!(
            FieldType::parse("list[ str ]|None").unwrap().to_string(),
            "list[str] | None"
        );
        assert!(
            FieldType::parse("dict")
                .unwrap_err()
                .contains("unknown type 'dict'")
        );
    }

    #[test]
    fn examples_are_type_checked() {
        let t = |s| FieldType::parse(s).unwrap();
        assert_eq!(Example::check(t("int"), Some(&y("3"))), Ok(Example::Int(3)));
        assert_eq!(
            Example::check(t("float"), Some(&y("3"))),
            Ok(Example::Float(3.0))
        );
        assert_eq!(Example::check(t("str | None"), None), Ok(Example::None));
        assert!(Example::check(t("str"), Some(&y("3"))).is_err());
        assert!(Example::check(t("int"), Some(&y("true"))).is_err());
        assert!(Example::check(t("int"), Some(&y("1.5"))).is_err());
        assert!(Example::check(t("bool"), Some(&y("'yes'"))).is_err());
        assert!(Example::check(t("list[int]"), Some(&y("[1, 'a']"))).is_err());
        assert!(Example::check(t("float"), Some(&y(".nan"))).is_err());
        assert!(Example::check(t("str"), None).is_err());
    }
}
