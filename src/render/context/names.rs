//! Names the context derives: the standard-library imports that types and example
//! values need, and the aliases of literal types.

use crate::naming::pascal_of;
use crate::render::pytype;
use crate::request::Example;

/// The standard-library imports that annotations of `types` and the constructors of
/// `values` need, as `[module, name]` pairs (sorted and merged by `py_imports`).
pub(super) fn std_imports<'a>(
    types: impl Iterator<Item = &'a crate::request::FieldType>,
    values: &[&Example],
) -> Vec<[String; 2]> {
    let mut out: Vec<[String; 2]> = Vec::new();
    let mut add = |m: &str, n: &str| {
        let pair = [m.to_string(), n.to_string()];
        if !out.contains(&pair) {
            out.push(pair);
        }
    };
    for ty in types {
        if let Some((m, n)) = pytype::std_import(&ty.scalar) {
            add(m, n);
        }
    }
    for v in values {
        walk(v, &mut add);
    }
    out
}

/// The imports an example value needs (`date`, `timezone`, ...), each given to `add`.
fn walk(v: &Example, add: &mut dyn FnMut(&str, &str)) {
    match v {
        Example::Date(_) => add("datetime", "date"),
        Example::DateTime(s) => {
            add("datetime", "datetime");
            match crate::request::datetime_parts(s).and_then(|p| p.offset_minutes) {
                Some(0) => add("datetime", "timezone"),
                Some(_) => {
                    add("datetime", "timezone");
                    add("datetime", "timedelta");
                }
                None => {}
            }
        }
        Example::Uuid(_) => add("uuid", "UUID"),
        Example::Decimal(_) => add("decimal", "Decimal"),
        Example::List(items) => items.iter().for_each(|i| walk(i, add)),
        _ => {}
    }
}

/// The `Literal[...]` types of a feature, each written once as a module-level alias in the
/// schema module (`Species = Literal["dog", "cat", "bird"]`) and used by name everywhere
/// else: annotations stay short enough for one line, and a literal reads as a type.
#[derive(Debug, Default)]
pub(crate) struct Literals {
    /// `(Literal["dog", "cat"], Species, [dog, cat])`, in the order first used.
    pub aliases: Vec<(String, String, Vec<String>)>,
}

impl Literals {
    /// Names an alias for every literal type among `named` (`(name, type)` of fields and
    /// parameters, in order): the PascalCase of the shortest name that uses it, with
    /// `Choice` (then a number) added when that is taken (`taken`: the module's classes).
    pub(crate) fn of<'a>(
        named: impl Iterator<Item = (&'a str, &'a crate::request::FieldType)>,
        taken: &[String],
    ) -> Literals {
        // Each literal type with the names that use it, in the order first used.
        let mut users: Vec<(String, Vec<String>, Vec<&'a str>)> = Vec::new();
        for (name, ty) in named {
            let crate::request::Scalar::Literal(values) = &ty.scalar else {
                continue;
            };
            let text = pytype::scalar(&ty.scalar);
            match users.iter_mut().find(|(t, _, _)| *t == text) {
                Some((_, _, names)) => names.push(name),
                None => users.push((text, values.clone(), vec![name])),
            }
        }
        let mut out = Literals::default();
        for (text, values, names) in users {
            // The shortest name that uses it keeps the annotations short.
            let shortest = names
                .iter()
                .min_by_key(|n| n.len())
                .copied()
                .unwrap_or("value");
            let base = pascal_of(shortest);
            let free = |n: &String| {
                !taken.contains(n)
                    && !out.aliases.iter().any(|(_, a, _)| a == n)
                    && !crate::pynames::MODULE_NAMES.contains(&n.as_str())
            };
            let alias = std::iter::once(base.clone())
                .chain(std::iter::once(format!("{base}Choice")))
                .chain((2..).map(|i| format!("{base}Choice{i}")))
                .find(free)
                .unwrap_or_default();
            out.aliases.push((text, alias, values));
        }
        out
    }

    /// `ty`'s annotation with its literal written as the alias.
    pub(crate) fn py_type(&self, ty: &crate::request::FieldType) -> String {
        let full = pytype::annotation(ty);
        // By equality: a quoted value may hold the text of another literal type.
        let literal = pytype::scalar(&ty.scalar);
        match self.aliases.iter().find(|(text, _, _)| *text == literal) {
            Some((text, alias, _)) => full.replacen(text.as_str(), alias, 1),
            None => full,
        }
    }

    /// The aliases `types` use.
    pub(crate) fn used_by<'a>(
        &self,
        types: impl Iterator<Item = &'a crate::request::FieldType>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for ty in types {
            let literal = pytype::scalar(&ty.scalar);
            for (text, alias, _) in &self.aliases {
                if *text == literal && !out.contains(alias) {
                    out.push(alias.clone());
                }
            }
        }
        out
    }
}
