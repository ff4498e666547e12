//! What a resource's generated tests store and post beyond the example: rows whose
//! unique fields differ, the detail of a conflict, and a value just outside each
//! constraint (SPEC §13: route tests cover every constraint).

use serde::Serialize;
use serde_json::Value as Json;

use crate::request::Example;

/// A value just outside one constraint of a field: `value`, or `repeat` times `x`.
#[derive(Debug, Serialize)]
pub(crate) struct OutOfBounds {
    pub field: String,
    pub value: Json,
    pub repeat: Option<u64>,
}

/// `A Vet with this chip already exists`, naming every unique field.
pub(super) fn conflict_detail(model: &str, unique: &[String]) -> String {
    format!("A {model} with this {} already exists", unique.join(" or "))
}

/// For each of three rows, new values of the unique fields (none for the first: the
/// example), each within the field's constraints.
pub(super) fn variants(r: &crate::request::Resource) -> Vec<Vec<FieldValue>> {
    (0..3)
        .map(|n| {
            r.fields
                .iter()
                .filter(|f| n > 0 && f.constraints.unique)
                .filter_map(|f| {
                    Some(FieldValue {
                        field: f.name.clone(),
                        value: variant(f, n)?,
                    })
                })
                .collect()
        })
        .collect()
}

/// One field's value in a test's row.
#[derive(Debug, Serialize)]
pub(crate) struct FieldValue {
    pub field: String,
    pub value: Json,
}

/// The `n`th value (1 or 2) of a unique field that differs from its example.
pub(super) fn variant(f: &crate::request::Field, n: u8) -> Option<Json> {
    let c = &f.constraints;
    match &f.example {
        Example::Str(s) => c
            .text_variants(s)
            .into_iter()
            .nth(usize::from(n) - 1)
            .map(Json::from),
        Example::Int(i) => {
            let within = |x: i64| {
                #[allow(clippy::cast_precision_loss)]
                let xf = x as f64;
                c.ge.is_none_or(|b| xf >= b.as_f64())
                    && c.gt.is_none_or(|b| xf > b.as_f64())
                    && c.le.is_none_or(|b| xf <= b.as_f64())
                    && c.lt.is_none_or(|b| xf < b.as_f64())
                    && i32::try_from(x).is_ok()
            };
            let up = i.checked_add(i64::from(n)).filter(|x| within(*x));
            let down = i.checked_sub(i64::from(n)).filter(|x| within(*x));
            up.or(down).map(Json::from)
        }
        Example::Uuid(u) => {
            let last = u.chars().last()?;
            let other = "0123456789abcdef"
                .chars()
                .filter(|c| *c != last)
                .nth(usize::from(n) - 1)?;
            Some(Json::from(format!("{}{other}", &u[..u.len() - 1])))
        }
        _ => None,
    }
}

/// A value just outside each bound and length of the fields.
pub(super) fn out_of_bounds(r: &crate::request::Resource) -> Vec<OutOfBounds> {
    use crate::request::Bound;
    let mut out = Vec::new();
    for f in &r.fields {
        let c = &f.constraints;
        let mut put = |value: Json, repeat: Option<u64>| {
            out.push(OutOfBounds {
                field: f.name.clone(),
                value,
                repeat,
            });
        };
        if let Some(m) = c.min_length.filter(|m| *m > 0) {
            if m == 1 {
                put(Json::from(""), None);
            } else {
                put(Json::Null, Some(m - 1));
            }
        }
        if let Some(m) = c.max_length {
            put(Json::Null, Some(m + 1));
        }
        if let Some(t) = c.text_outside_pattern() {
            put(Json::from(t), None);
        }
        let step = |b: Bound, by: i64| match b {
            Bound::Int(i) => Json::from(i.saturating_add(by)),
            #[allow(clippy::cast_precision_loss)]
            Bound::Float(x) => Json::from(x + by as f64),
        };
        if let Some(b) = c.ge {
            put(step(b, -1), None);
        }
        if let Some(b) = c.gt {
            put(b.to_json(), None);
        }
        if let Some(b) = c.le {
            put(step(b, 1), None);
        }
        if let Some(b) = c.lt {
            put(b.to_json(), None);
        }
    }
    out
}
