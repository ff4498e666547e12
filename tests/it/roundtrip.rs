//! Property: decode(encode(x)) == x over generated requests, and every canonical form
//! validates again.

use petsage_build::naming::FeatureName;
use petsage_build::request::{
    self, EndpointSpec, Example, Field, FieldType, Method, Request, ResponseSpec, Scalar,
};
use proptest::prelude::*;

fn name() -> impl Strategy<Value = FeatureName> {
    "[a-z][a-z0-9]{0,8}(_[a-z0-9]{1,6}){0,3}"
        .prop_filter_map("valid name", |s| FeatureName::parse(&s).ok())
}

/// Free text that stresses YAML quoting: quotes, colons, hashes, keywords, numbers.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 .,:#'\"\\\\{}%!&*?|>@`-]{1,40}",
        Just("null".to_string()),
        Just("true".to_string()),
        Just("0x1F".to_string()),
        Just("1e3".to_string()),
        Just("- item".to_string()),
        Just("\"\"\" ''' {{ x }} {% if %}".to_string()),
        "\\PC{1,20}",
        "[a-z]{1,10}\n[a-z ]{1,10}",
    ]
    .prop_map(|s| s.trim().to_string())
    .prop_filter("non-empty", |s| !s.is_empty())
}

fn one_line() -> impl Strategy<Value = String> {
    text()
        .prop_map(|s| s.replace('\n', " "))
        .prop_filter("non-empty", |s| !s.trim().is_empty())
        .prop_map(|s| s.trim().to_string())
}

fn field() -> impl Strategy<Value = Field> {
    // (scalar, list): every scalar, plain and as a list.
    let base = prop_oneof![
        Just((Scalar::Str, false)),
        Just((Scalar::Int, false)),
        Just((Scalar::Float, false)),
        Just((Scalar::Bool, false)),
        Just((Scalar::Str, true)),
        Just((Scalar::Int, true)),
        Just((Scalar::Date, false)),
        Just((Scalar::DateTime, false)),
        Just((Scalar::Uuid, false)),
        Just((Scalar::Decimal, true)),
        Just((Scalar::Literal(vec!["a".into(), "b-c".into()]), false)),
    ];
    (
        // Names that clash with the generated code are refused (render::field_name_clash).
        "[a-z][a-z0-9]{0,6}(_[a-z0-9]{1,4}){0,2}".prop_filter("no clash", |n: &String| {
            petsage_build::render::field_name_clash(n).is_none()
        }),
        base,
        any::<bool>(),
        any::<bool>(),
        prop::option::of(one_line()),
        text(),
        any::<i64>(),
        -1.0e12f64..1.0e12,
        any::<bool>(),
        prop::collection::vec(one_line(), 0..3),
        prop::collection::vec(any::<i64>(), 0..3),
    )
        .prop_filter("not reserved", |t| {
            !t.0.starts_with("model_")
                && ![
                    "json",
                    "dict",
                    "copy",
                    "schema",
                    "validate",
                    "construct",
                    "type",
                    "match",
                    "case",
                ]
                .contains(&t.0.as_str())
                && !petsage_build::naming::is_python_keyword(&t.0)
        })
        .prop_map(
            |(name, base, optional, none, description, s, i, f, b, ls, li)| {
                let (scalar, list) = base;
                let one = |scalar: &Scalar, k: usize| match scalar {
                    Scalar::Str => Example::Str(s.clone()),
                    Scalar::Int => Example::Int(i),
                    Scalar::Float => Example::Float(f),
                    Scalar::Bool => Example::Bool(b),
                    Scalar::Date => {
                        Example::Date(format!("20{:02}-0{}-2{}", k % 100, 1 + k % 9, k % 9))
                    }
                    Scalar::DateTime => Example::DateTime("2026-11-30T10:15:00Z".into()),
                    Scalar::Uuid => Example::Uuid("0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7f".into()),
                    Scalar::Decimal => Example::Decimal(format!("{}.{:02}", i % 1000, k % 100)),
                    Scalar::Literal(v) => Example::Str(v[k % v.len()].clone()),
                };
                let example = if optional && none {
                    Example::None
                } else if list {
                    match scalar {
                        Scalar::Str => Example::List(ls.into_iter().map(Example::Str).collect()),
                        Scalar::Int => Example::List(li.into_iter().map(Example::Int).collect()),
                        ref other => Example::List((0..ls.len()).map(|k| one(other, k)).collect()),
                    }
                } else {
                    one(&scalar, li.len())
                };
                Field {
                    name,
                    ty: FieldType {
                        scalar,
                        list,
                        optional,
                    },
                    example,
                    description,
                    default: None,
                    constraints: Default::default(),
                    references: None,
                }
            },
        )
}

fn request() -> impl Strategy<Value = Request> {
    let method = prop_oneof![
        Just(Method::Get),
        Just(Method::Post),
        Just(Method::Put),
        Just(Method::Patch),
        Just(Method::Delete)
    ];
    let endpoint = (
        prop::option::of(method),
        // Dot segments (`/.`, `/..`) are refused: clients resolve them away.
        prop::option::of(
            "(/[a-z0-9._~-]{1,8}){1,3}".prop_filter("no dot segment", |p| {
                p.split('/')
                    .all(|s| s.is_empty() || s.chars().any(|c| c != '.'))
            }),
        ),
        prop::option::of(prop::collection::vec(one_line(), 0..3)),
        prop::option::of(one_line()),
    )
        .prop_map(|(method, path, tags, summary)| EndpointSpec {
            method,
            path,
            tags,
            summary,
            ..EndpointSpec::default()
        });
    let fields = prop::collection::vec(field(), 1..5).prop_map(|mut fs| {
        let mut seen = std::collections::HashSet::new();
        fs.retain(|f| seen.insert(f.name.clone()));
        fs
    });
    let response = (
        prop::option::of("[A-Z][A-Za-z0-9]{0,12}Response"),
        prop::option::of(fields),
    )
        .prop_map(|(model, fields)| ResponseSpec {
            model,
            many: None,
            fields,
        });
    (
        name(),
        text(),
        prop::collection::vec(text(), 0..3),
        prop::option::of(endpoint),
        prop::option::of(response),
    )
        .prop_map(
            |(feature, description, requirements, endpoint, response)| Request {
                feature,
                description,
                requirements: requirements
                    .into_iter()
                    .filter(|r| !r.eq_ignore_ascii_case("none"))
                    .collect(),
                kind: None,
                endpoint,
                body: None,
                response,
                resource: None,
                model: None,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decode_of_encode_is_identity(req in request()) {
        let payload = request::to_payload(&req).unwrap();
        let back = request::from_payload(&payload).unwrap();
        prop_assert_eq!(&back, &req);
        // The payload is canonical: encoding the decoded request gives the same text.
        prop_assert_eq!(request::to_payload(&back).unwrap(), payload);
    }
}
