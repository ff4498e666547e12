//! The list operation's query (SPEC §13): a deterministic order (`order_by`, ties broken
//! by the id), the filters (equality, and inclusive `_min` / `_max` bounds for numbers,
//! dates and datetimes) and the fields the `sort` parameter may name, each checked
//! against the model.

use super::model::{Field, IdType, Operation, ResourceSpec, TIMESTAMPS};
use super::{FieldType, Scalar};

/// The query of a resource's list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listing {
    /// The default order, the id last (ascending) unless named.
    pub order_by: Vec<Order>,
    pub filters: Vec<Filter>,
    /// The fields `sort` may name; `sort=-name` is descending.
    pub sort: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub field: String,
    pub descending: bool,
}

/// A filter on `field` (of type `ty`, never optional or a list): `field=`, and with
/// `range`, `field_min=` and `field_max=`.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub field: String,
    pub ty: FieldType,
    pub range: bool,
}

impl Filter {
    /// The query parameters: `weight_kg`, `weight_kg_min`, `weight_kg_max`.
    pub fn params(&self) -> Vec<String> {
        let mut out = vec![self.field.clone()];
        if self.range {
            out.push(format!("{}_min", self.field));
            out.push(format!("{}_max", self.field));
        }
        out
    }
}

/// The query parameters the list has besides the filters'.
const LIST_PARAMS: [&str; 3] = ["skip", "limit", "sort"];

/// Reads `order_by`, `filters` and `sort` of `spec` against the model's columns: the
/// fields, the id and the timestamps.
pub(super) fn listing(
    spec: &ResourceSpec,
    fields: &[Field],
    id: (&str, IdType),
    operations: &[Operation],
) -> Result<Listing, String> {
    let (id_name, id_type) = id;
    let id_ty = FieldType::plain(id_type.scalar());
    let stamp = FieldType::plain(Scalar::DateTime);
    let mut columns: Vec<(&str, &FieldType)> = vec![(id_name, &id_ty)];
    columns.extend(fields.iter().map(|f| (f.name.as_str(), &f.ty)));
    if spec.timestamps {
        columns.extend(TIMESTAMPS.iter().map(|t| (*t, &stamp)));
    }
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    // The API's items show the id as `id`: either name means it.
    let canonical = |name: &str| {
        if name == "id" {
            id_name.to_string()
        } else {
            name.to_string()
        }
    };
    let column = |key: &str, name: &str| -> Result<FieldType, String> {
        let name = canonical(name);
        let name = name.as_str();
        let Some((_, ty)) = columns.iter().find(|(n, _)| *n == name) else {
            let hint = crate::suggest::did_you_mean(name, &names)
                .map_or_else(String::new, |s| format!("; did you mean '{s}'?"));
            return Err(format!(
                "resource.{key}: '{name}' is not a column of the model (one of {}){hint}",
                names.join(", ")
            ));
        };
        if ty.list {
            return Err(format!(
                "resource.{key}: '{name}' holds a list, which the list cannot {}",
                if key == "filters" {
                    "filter on"
                } else {
                    "order by"
                }
            ));
        }
        Ok(FieldType {
            optional: false,
            ..(*ty).clone()
        })
    };
    let given = [
        ("order_by", &spec.order_by),
        ("filters", &spec.filters),
        ("sort", &spec.sort),
    ];
    if let Some((key, _)) = given.iter().find(|(_, v)| v.is_some())
        && !operations.contains(&Operation::List)
    {
        return Err(format!(
            "resource.{key} is for the list, and resource.operations has no list; add it or \
             leave {key} out"
        ));
    }
    let mut order_by = Vec::new();
    for item in spec.order_by.iter().flatten() {
        let (descending, name) = match item.strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, item.as_str()),
        };
        column("order_by", name)?;
        let field = canonical(name);
        if order_by.iter().any(|o: &Order| o.field == field) {
            return Err(format!(
                "resource.order_by: the id is given twice (as '{id_name}' and as 'id'); give it once"
            ));
        }
        order_by.push(Order { field, descending });
    }
    if !order_by.iter().any(|o| o.field == id_name) {
        order_by.push(Order {
            field: id_name.to_string(),
            descending: false,
        });
    }
    let mut filters: Vec<Filter> = Vec::new();
    for name in spec.filters.iter().flatten() {
        if canonical(name) == id_name {
            return Err(format!(
                "resource.filters: '{name}' is the id; an item is read by its id \
                 (GET <path>/{{{id_name}}}), not filtered by it"
            ));
        }
        let ty = column("filters", name)?;
        let range = matches!(
            ty.scalar,
            Scalar::Int | Scalar::Float | Scalar::Date | Scalar::DateTime
        );
        filters.push(Filter {
            field: name.clone(),
            ty,
            range,
        });
    }
    let params: Vec<String> = filters.iter().flat_map(Filter::params).collect();
    for (i, p) in params.iter().enumerate() {
        if LIST_PARAMS.contains(&p.as_str()) || params[..i].contains(p) {
            return Err(format!(
                "resource.filters: the query parameter '{p}' would be there twice (the list \
                 has skip, limit, sort, and <name>_min / <name>_max for a number or a date); \
                 rename the field or leave it out of filters"
            ));
        }
    }
    let mut sort = Vec::new();
    for name in spec.sort.iter().flatten() {
        column("sort", name)?;
        let field = canonical(name);
        if sort.contains(&field) {
            return Err(format!(
                "resource.sort: the id is given twice (as '{id_name}' and as 'id'); give it once"
            ));
        }
        sort.push(field);
    }
    Ok(Listing {
        order_by,
        filters,
        sort,
    })
}
