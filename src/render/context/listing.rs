//! The template values of a resource's list query (SPEC §13): the query class of its
//! filters and sort (schema module), the conditions and order (service), and the cases
//! the tests check. Every order ends on the id, and puts NULLs last on every database
//! (SQLite puts them first, PostgreSQL last, unless told).

use serde::Serialize;
use serde_json::Value as Json;

use super::field_view::{InputTypes, Stored, input_type};
use super::names::Literals;
use super::text_json;
use crate::request::{Example, FieldType, Resource, Scalar};

#[derive(Debug, Default, Serialize)]
pub(crate) struct ListingView {
    /// `PetQuery`, where there are filters or a sort; `PetSort`, the literal of `sorts`'
    /// values.
    pub query: Option<String>,
    /// It has filters (a query may hold only the sort).
    pub filtered: bool,
    pub sort_alias: Option<String>,
    /// The query class's fields, in order (`weight_kg_min: FiniteFloat | None`).
    pub params: Vec<ParamView>,
    /// The default order's terms (`col(Pet.name).desc()`); `default_order`: only the
    /// id ascending, as without an `order_by`.
    pub order: Vec<String>,
    /// The same order for the doc, by the API's names (`-weight_kg`, `id`).
    pub order_names: Vec<String>,
    pub default_order: bool,
    /// The sort's cases: its value (a field as the API's items name it, the id `id`; `-`
    /// before it: descending) and the term it orders by first.
    pub sorts: Vec<SortView>,
    /// Some sort is by another field than the id, and so needs the tie-break.
    pub tie_break: bool,
    /// The test's `ordered`: the keys the stored rows differ in, last key first.
    pub ordered: Vec<OrderedKey>,
    /// The filter test's cases, and the sort test's (the value, the row's key name).
    pub filter_cases: Vec<FilterCase>,
    pub sort_cases: Vec<[String; 2]>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ParamView {
    pub name: String,
    pub py_type: String,
    /// The column it compares (`Pet.weight_kg`) and how (`==`, `>=`, `<=`).
    pub column: String,
    pub op: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct SortView {
    pub value: String,
    pub term: String,
    /// It sorts by the id, which needs no tie-break.
    pub by_id: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct OrderedKey {
    /// `row["chip"]`, or `instant(row["created_at"])` for a timestamp.
    pub key: String,
    pub descending: bool,
}

/// The query parameters (a `dict` literal's items), the row's key they select on and the
/// inclusive bounds a selected row's value lies in (`None`: open).
#[derive(Debug, Serialize)]
pub(crate) struct FilterCase {
    pub params: Vec<(String, Json)>,
    pub key: String,
    pub low: Json,
    pub high: Json,
}

/// The table's attribute of a column the request names (the id is `id`).
fn attribute<'a>(r: &'a Resource, name: &'a str) -> &'a str {
    if name == r.id_name { "id" } else { name }
}

fn optional(r: &Resource, name: &str) -> bool {
    r.fields.iter().any(|f| f.name == name && f.ty.optional)
}

fn term(r: &Resource, name: &str, descending: bool) -> String {
    let dir = if descending { "desc" } else { "asc" };
    let nulls = if optional(r, name) {
        ".nulls_last()"
    } else {
        ""
    };
    format!("col({}.{}).{dir}(){nulls}", r.model, attribute(r, name))
}

pub(super) fn listing_view(r: &Resource, lits: &Literals, types: &mut InputTypes) -> ListingView {
    let l = &r.listing;
    let model = &r.model;
    let queried = !l.filters.is_empty() || !l.sort.is_empty();
    let mut params = Vec::new();
    let mut filter_cases = Vec::new();
    for f in &l.filters {
        let ty = FieldType {
            optional: true,
            ..f.ty.clone()
        };
        let py_type = input_type(&ty, lits, Stored::Table, types);
        let column = format!("{model}.{}", f.field);
        params.push(ParamView {
            name: f.field.clone(),
            py_type: py_type.clone(),
            column: column.clone(),
            op: "==",
        });
        if f.range {
            for (suffix, op) in [("_min", ">="), ("_max", "<=")] {
                params.push(ParamView {
                    name: format!("{}{suffix}", f.field),
                    py_type: py_type.clone(),
                    column: column.clone(),
                    op,
                });
            }
        }
        filter_cases.extend(cases(r, f));
    }
    let sorts = l
        .sort
        .iter()
        .flat_map(|s| {
            [false, true].map(|descending| SortView {
                value: format!("{}{}", if descending { "-" } else { "" }, attribute(r, s)),
                term: term(r, s, descending),
                by_id: *s == r.id_name,
            })
        })
        .collect();
    let key = |name: &str| {
        let attr = attribute(r, name);
        if crate::request::TIMESTAMPS.contains(&attr) {
            format!("instant(row[\"{attr}\"])")
        } else {
            format!("row[\"{attr}\"]")
        }
    };
    // The stored rows differ in their ids, timestamps and unique fields only.
    let varies = |name: &str| {
        name == r.id_name
            || (r.timestamps && crate::request::TIMESTAMPS.contains(&name))
            || r.fields
                .iter()
                .any(|f| f.name == name && f.constraints.unique && f.example != Example::None)
    };
    let ordered = l
        .order_by
        .iter()
        .rev()
        .filter(|o| varies(&o.field))
        .map(|o| OrderedKey {
            key: key(&o.field),
            descending: o.descending,
        })
        .collect();
    let sort_cases = l
        .sort
        .iter()
        .filter(|s| {
            // Python cannot order the rows by a value that is null in all of them.
            r.fields
                .iter()
                .find(|f| f.name == **s)
                .is_none_or(|f| f.example != Example::None)
        })
        .map(|s| attribute(r, s))
        .flat_map(|s| [s.to_string(), format!("-{s}")].map(|v| [v, s.to_string()]))
        .collect();
    ListingView {
        query: queried.then(|| format!("{model}Query")),
        filtered: !l.filters.is_empty(),
        tie_break: l.sort.iter().any(|s| *s != r.id_name),
        sort_alias: (!l.sort.is_empty()).then(|| format!("{model}Sort")),
        params,
        order: l
            .order_by
            .iter()
            .map(|o| term(r, &o.field, o.descending))
            .collect(),
        order_names: l
            .order_by
            .iter()
            .map(|o| {
                format!(
                    "{}{}",
                    if o.descending { "-" } else { "" },
                    attribute(r, &o.field)
                )
            })
            .collect(),
        default_order: !queried && l.order_by.len() == 1 && !l.order_by[0].descending,
        sorts,
        ordered,
        filter_cases,
        sort_cases,
    }
}

/// The filter test's cases for `f`: its example and another value (equality), and for
/// a range, the example as both bounds and a bound beyond every value of its type.
fn cases(r: &Resource, f: &crate::request::Filter) -> Vec<FilterCase> {
    let Some(field) = r.fields.iter().find(|x| x.name == f.field) else {
        // A timestamp: only the bounds beyond every value.
        return beyond(f);
    };
    if field.example == Example::None {
        return beyond(f);
    }
    // As the API writes it: the query's text, and what a row holds.
    let example = text_json(field.example.to_json());
    let mut out = vec![FilterCase {
        params: vec![(f.field.clone(), example.clone())],
        key: f.field.clone(),
        low: example.clone(),
        high: example.clone(),
    }];
    if let Some(other) = other_value(&f.ty, &field.example) {
        out.push(FilterCase {
            params: vec![(f.field.clone(), other.clone())],
            key: f.field.clone(),
            low: other.clone(),
            high: other,
        });
    }
    if f.range {
        out.push(FilterCase {
            params: vec![
                (format!("{}_min", f.field), example.clone()),
                (format!("{}_max", f.field), example.clone()),
            ],
            key: f.field.clone(),
            low: example.clone(),
            high: example,
        });
        out.extend(beyond(f));
    }
    out
}

/// `_min` above and `_max` below every value the column can hold (as the API writes it).
fn beyond(f: &crate::request::Filter) -> Vec<FilterCase> {
    let (low, high): (Json, Json) = match f.ty.scalar {
        Scalar::Int => (
            Json::from(-2_147_483_648_i64),
            Json::from(2_147_483_647_i64),
        ),
        Scalar::Float => (Json::from(-1e300), Json::from(1e300)),
        Scalar::Date => (Json::from("0001-01-01"), Json::from("9999-12-31")),
        Scalar::DateTime => (
            Json::from("0001-01-02T00:00:00Z"),
            Json::from("9999-12-30T00:00:00Z"),
        ),
        _ => return Vec::new(),
    };
    let key = crate::request::TIMESTAMPS
        .iter()
        .find(|t| **t == f.field)
        .map_or_else(|| f.field.clone(), |t| (*t).to_string());
    vec![
        FilterCase {
            params: vec![(format!("{}_min", f.field), high.clone())],
            key: key.clone(),
            low: high,
            high: Json::Null,
        },
        FilterCase {
            params: vec![(format!("{}_max", f.field), low.clone())],
            key,
            low: Json::Null,
            high: low,
        },
    ]
}

/// A value of the type that differs from the example, for a filter that selects none of
/// the stored rows (they hold the example, or its unique variants).
fn other_value(ty: &FieldType, example: &Example) -> Option<Json> {
    Some(match (&ty.scalar, example) {
        (Scalar::Literal(values), Example::Str(s)) => {
            Json::from(values.iter().find(|v| *v != s)?.as_str())
        }
        (Scalar::Str, Example::Str(s)) => Json::from(format!("{s} (none)")),
        (Scalar::Bool, Example::Bool(b)) => Json::from(!b),
        (Scalar::Int, Example::Int(i)) => Json::from(if *i > 0 { -1 } else { 1_000_001 }),
        (Scalar::Float, Example::Float(x)) => Json::from(if *x > 0.0 { -1.5 } else { 1.5e6 }),
        (Scalar::Date, _) => Json::from("1970-01-02"),
        (Scalar::DateTime, _) => Json::from("1970-01-02T00:00:00Z"),
        (Scalar::Uuid, _) => Json::from("00000000-0000-4000-8000-000000000000"),
        _ => return None,
    })
}
