//! One table, one owner (SPEC §13): two resources never map to the same table, which
//! the app would refuse at import ("Table 'pet' is already defined").

use super::{Feature, Request};

/// The table SQLModel stores `model` in: its `__tablename__` default, the class name in
/// lower case (`PetItem` and `Petitem` both give `petitem`).
pub fn table_of(model: &str) -> String {
    model.to_ascii_lowercase()
}

/// Refuses a resource whose model or table another recorded resource already has: one
/// line naming the other feature (exit 2: the request must change).
pub fn check_tables_unique<'a>(
    feature: &Feature,
    others: impl IntoIterator<Item = &'a Request>,
) -> Result<(), crate::error::Error> {
    let Some(mine) = &feature.resource else {
        return Ok(());
    };
    let table = table_of(&mine.model);
    for other in others {
        if other.feature == feature.name {
            continue;
        }
        let Ok(theirs) = other.resolve() else {
            continue;
        };
        let Some(r) = &theirs.resource else {
            continue;
        };
        if r.model == mine.model {
            return Err(format!(
                "model.name '{}' is the model of feature '{}' already; give this \
                 resource's model another name",
                mine.model, other.feature
            )
            .into());
        }
        if table_of(&r.model) == table {
            return Err(format!(
                "model.name '{}' is stored in table '{table}', which feature '{}' (model \
                 '{}') already uses; give this resource's model another name",
                mine.model, other.feature, r.model
            )
            .into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_the_class_name_in_lower_case() {
        assert_eq!(table_of("PetItem"), table_of("Petitem"));
        assert_ne!(table_of("Pet"), table_of("Pets"));
    }
}
