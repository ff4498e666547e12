//! Fields' types and values as Python writes them: the annotation of a request type
//! (`list[date] | None`, `Literal["dog", "cat"]`), the standard-library import it needs,
//! and a value tagged for the layout pass (`pyfmt`), which writes typed values as
//! constructor calls.

use serde_json::Value as Json;

use crate::request::{Example, FieldType, Scalar};

/// The Python annotation of a scalar.
pub(crate) fn scalar(s: &Scalar) -> String {
    match s {
        Scalar::Str => "str".into(),
        Scalar::Int => "int".into(),
        Scalar::Float => "float".into(),
        Scalar::Bool => "bool".into(),
        Scalar::Date => "date".into(),
        Scalar::DateTime => "datetime".into(),
        Scalar::Uuid => "UUID".into(),
        Scalar::Decimal => "Decimal".into(),
        // Escaped as every request string is; ASCII escapes make the width exact.
        Scalar::Literal(values) => crate::pystr::literal_type(values),
    }
}

/// The Python annotation of a type (`list[date] | None`).
pub(crate) fn annotation(ty: &FieldType) -> String {
    ty.spell(&scalar(&ty.scalar))
}

/// The `from module import name` a scalar's annotation needs, if any.
pub(crate) fn std_import(s: &Scalar) -> Option<(&'static str, &'static str)> {
    match s {
        Scalar::Date => Some(("datetime", "date")),
        Scalar::DateTime => Some(("datetime", "datetime")),
        Scalar::Uuid => Some(("uuid", "UUID")),
        Scalar::Decimal => Some(("decimal", "Decimal")),
        Scalar::Literal(_) => Some(("typing", "Literal")),
        _ => None,
    }
}

/// The value for the Python layout pass (`pyfmt`): JSON, with each typed value as a
/// one-key object (`{"date": "2026-11-30"}`) that the pass writes as the constructor call
/// (`date(2026, 11, 30)`).
pub(crate) fn value(e: &Example) -> Json {
    let tagged = |tag: &str, s: &str| serde_json::json!({ tag: s });
    match e {
        Example::Date(s) => tagged("date", s),
        Example::DateTime(s) => tagged("datetime", s),
        Example::Uuid(s) => tagged("uuid", s),
        Example::Decimal(s) => tagged("decimal", s),
        Example::List(v) => v.iter().map(value).collect(),
        other => other.to_json(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> FieldType {
        FieldType::parse(s).unwrap()
    }

    #[test]
    fn annotations() {
        assert_eq!(
            annotation(&t("literal[a, b] | None")),
            "Literal[\"a\", \"b\"] | None"
        );
        assert_eq!(annotation(&t("list[uuid]")), "list[UUID]");
        assert_eq!(annotation(&t("list[date] | None")), "list[date] | None");
        // Quoted values keep their spaces and may be any text, in ASCII escapes.
        for (s, py) in [
            ("literal[\"x y\", c]", "Literal[\"x y\", \"c\"]"),
            ("literal[ ' a, b ' ,c ]", "Literal[\" a, b \", \"c\"]"),
            (
                "literal[\"it's\", 'say \"hi\"']",
                "Literal[\"it's\", 'say \"hi\"']",
            ),
            ("literal['a]', \"\\\"]", "Literal[\"a]\", \"\\\\\"]"),
            ("literal[\"café\"]", "Literal[\"caf\\xe9\"]"),
        ] {
            assert_eq!(annotation(&t(s)), py, "{s}");
        }
    }

    #[test]
    fn typed_values_are_tagged_for_the_layout_pass() {
        let v = Example::check(
            &t("list[date]"),
            Some(&serde_yaml::from_str("['2026-01-01']").unwrap()),
        )
        .unwrap();
        assert_eq!(value(&v), serde_json::json!([{"date": "2026-01-01"}]));
    }
}
