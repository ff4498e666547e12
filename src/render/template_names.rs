//! The lists of `pynames` against the templates: every identifier a rendered feature
//! emits is in a list, or comes from the request.

use std::collections::BTreeSet;

use crate::layout::Layout;
use crate::naming::is_python_keyword;
use crate::pynames::{CLASS_SCOPE_NAMES, MODULE_NAMES};
use crate::render::Renderer;
use crate::request::parse_yaml;

/// The identifiers a Python text looks up or binds: not in strings or comments, not
/// attributes (`.x`), not keyword arguments (`x=`), not module paths of imports.
fn identifiers(code: &str) -> BTreeSet<String> {
    // Import module paths first: `from a.b import c` binds only `c`.
    let code: String = code
        .lines()
        .map(|line| match line.strip_prefix("from ") {
            Some(rest) => rest.split_once(" import ").map_or("", |(_, n)| n),
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let chars: Vec<char> = code.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let mut out = BTreeSet::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '"' || c == '\'' {
            let triple = at(i + 1) == Some(c) && at(i + 2) == Some(c);
            let width = if triple { 3 } else { 1 };
            i += width;
            while i < chars.len() {
                if chars[i] == '\\' {
                    i += 2;
                } else if chars[i] == c
                    && (!triple || (at(i + 1) == Some(c) && at(i + 2) == Some(c)))
                {
                    i += width;
                    break;
                } else {
                    i += 1;
                }
            }
        } else if c.is_ascii_digit() {
            // A number (`1e300`, `0x1F`) holds no name.
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let attribute = start > 0 && chars[start - 1] == '.';
            let kwarg = at(i) == Some('=') && at(i + 1) != Some('=');
            if !attribute && !kwarg {
                out.insert(word);
            }
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn the_lists_cover_every_name_the_templates_emit() {
    // Every field type, a float (the test imports approx), long names (every layout).
    let yaml = "feature: every_type\ndescription: Docs \"quoted\" here.\n\
        response:\n  model: EveryTypeResponse\n  fields:\n\
        \x20   - {name: s, type: str, example: a}\n\
        \x20   - {name: i, type: int, example: 1}\n\
        \x20   - {name: f, type: 'float | None', example: 1.5}\n\
        \x20   - {name: b, type: bool, example: true}\n\
        \x20   - {name: ls, type: 'list[str]', example: [a]}\n\
        \x20   - {name: li_with_a_name_long_enough_to_need_the_parenthesised_layout, type: 'list[int] | None', example: [1]}\n";
    // `i` is refused now (E741); build the request with another name.
    let yaml = yaml.replace("{name: i,", "{name: n,");
    // An endpoint with every input, and resources with either id.
    let inputs = include_str!("../../examples/pet_visits.yaml");
    let pets = include_str!("../../examples/pets.yaml");
    let owners = "feature: owners\ndescription: Owners.\nkind: resource\n\
        resource: {id: {type: uuid}}\nmodel: {fields: [{name: email, type: str, example: a}]}\n";
    for yaml in [yaml.as_str(), inputs, pets, owners] {
        check_names(yaml);
    }
}

/// Every identifier the templates emit for `yaml` is in a list, or comes from the
/// request (its names and the names derived from them).
fn check_names(yaml: &str) {
    let req = parse_yaml(yaml).unwrap();
    let feature = req.resolve().unwrap();
    let layout = Layout::default();
    let files = Renderer::new().unwrap().feature(&feature, &layout).unwrap();
    let mut from_request: BTreeSet<String> =
        feature.fields.iter().map(|f| f.name.clone()).collect();
    from_request.extend(feature.params.iter().map(|p| p.name.clone()));
    if let Some(b) = &feature.body {
        from_request.insert(b.model.clone());
        from_request.extend(b.fields.iter().map(|f| f.name.clone()));
    }
    from_request.insert(feature.model.clone());
    // Literal aliases are named after a field or parameter (`Species`, `KindChoice`).
    let named: Vec<String> = from_request.iter().cloned().collect();
    for n in named {
        let pascal = crate::naming::pascal_of(&n);
        from_request.insert(format!("{pascal}Choice"));
        from_request.insert(pascal);
    }
    let snake = feature.name.snake();
    let pascal = feature.name.pascal();
    for f in ["get", "test", "create", "replace", "update", "delete"] {
        from_request.insert(format!("{f}_{snake}"));
    }
    for x in [
        format!("{snake}_route"),
        format!("get_{snake}_service"),
        format!("{pascal}Service"),
        format!("{pascal}ServiceDep"),
        format!("{pascal}NotFoundError"),
        format!("test_{snake}_not_found"),
        format!("test_{snake}_invalid_body"),
        layout.app_var.clone(),
    ] {
        from_request.insert(x);
    }
    if let Some(r) = &feature.resource {
        let m = &r.model;
        let s = &r.singular;
        for x in [
            format!("{m}Base"),
            format!("{m}Create"),
            format!("{m}Update"),
            format!("{m}Public"),
            format!("{pascal}Public"),
            format!("{m}NotFoundError"),
            format!("{m}ErrorBody"),
            format!("{m}Query"),
            format!("{m}Sort"),
            r.id_name.clone(),
        ] {
            from_request.insert(x);
        }
        // An update's constrained field's type alias.
        for f in &r.fields {
            from_request.insert(format!("{m}{}Patch", crate::naming::pascal_of(&f.name)));
            from_request.insert(format!("{m}{}Text", crate::naming::pascal_of(&f.name)));
        }
        for op in ["create", "read", "update", "replace", "delete"] {
            from_request.insert(format!("{op}_{s}"));
            from_request.insert(format!("test_{op}_{s}"));
            from_request.insert(format!("test_{op}_{s}_not_found"));
            from_request.insert(format!("test_{op}_{s}_invalid"));
            from_request.insert(format!("test_{op}_{s}_conflict"));
            from_request.insert(format!("test_{op}_{s}_out_of_bounds"));
            from_request.insert(format!("test_{op}_{s}_resets_omitted_fields"));
            from_request.insert(format!("test_{op}_{s}_ignores_sent_timestamps"));
        }
        if r.timestamps {
            from_request.extend(crate::request::TIMESTAMPS.map(String::from));
        }
        from_request.insert(format!("list_{snake}"));
        from_request.insert(format!("test_list_{snake}"));
        from_request.extend(
            r.listing
                .filters
                .iter()
                .flat_map(crate::request::Filter::params),
        );
        for t in [
            "service_create",
            "service_conflict",
            "service_list",
            "service_update",
            "service_delete",
            "service_not_found",
            "service_update_deleted_meanwhile",
            "service_replace_deleted_meanwhile",
        ] {
            from_request.insert(format!("test_{t}"));
        }
        for t in ["filtered", "sorted", "unknown_sort"] {
            from_request.insert(format!("test_list_{snake}_{t}"));
        }
    }
    let declared: BTreeSet<&str> = MODULE_NAMES
        .iter()
        .chain(CLASS_SCOPE_NAMES)
        .copied()
        .collect();
    for file in files.iter().filter(|f| f.path.ends_with(".py")) {
        for word in identifiers(&file.contents) {
            let known = declared.contains(word.as_str())
                || from_request.contains(&word)
                || is_python_keyword(&word)
                || matches!(
                    word.as_str(),
                    "import" | "from" | "def" | "async" | "return"
                );
            assert!(
                known,
                "{}: '{word}' is emitted but in no list of pynames.rs",
                file.path
            );
        }
    }
}
