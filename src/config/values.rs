//! The checks of one configuration value: a file pattern, a dotted name, a URL prefix, an
//! identifier, a path inside the project. Each error names the key.

use std::path::{Component, Path};

use crate::error::invalid;
use crate::layout::NAME;
use crate::naming::is_python_keyword;

/// A per-file path pattern: relative, inside the root, with `{name}` (SPEC §9), ending
/// in `ext`, and importable for every feature name (checked with a sample one).
pub(super) fn file_pattern(key: &str, v: &str, ext: &str) -> anyhow::Result<String> {
    if v.matches(NAME).count() != 1 {
        return Err(invalid(format!(
            "[tool.petsage-build] {key} = '{v}' must contain {NAME} exactly once"
        )));
    }
    if !v.ends_with(ext) {
        return Err(invalid(format!(
            "[tool.petsage-build] {key} = '{v}' must end in {ext}"
        )));
    }
    not_reserved(key, v)?;
    let sample = v.replace(NAME, "x");
    let rel = relative(key, &sample, ext == ".py")?;
    if ext == ".py" {
        module_path(key, &rel)?;
    }
    Ok(v.replace('\\', "/"))
}

/// A dotted path to a name in a module: `session_dependency` (a function that yields a
/// SQLModel `Session`, `app.api.deps.get_db`) or `model_base` (the class table models
/// derive from, `app.models.Base`).
pub(super) fn dotted(key: &str, v: &str, what: &str) -> anyhow::Result<String> {
    let ok = v.split('.').count() >= 2
        && v.split('.').all(crate::pyrules::is_ascii_identifier)
        && !v.split('.').any(is_python_keyword);
    if !ok {
        return Err(invalid(format!(
            "[tool.petsage-build] {key} = '{v}' must be a dotted path to {what}"
        )));
    }
    Ok(v.to_string())
}

/// `module:attr` (`app.api.deps:CurrentUser`): a dotted module path and a name in it.
pub(super) fn attribute(key: &str, v: &str) -> anyhow::Result<super::Attribute> {
    let word = |w: &str| crate::pyrules::is_ascii_identifier(w) && !is_python_keyword(w);
    match v.split_once(':') {
        Some((module, name)) if module.split('.').all(word) && word(name) => Ok(super::Attribute {
            module: module.to_string(),
            name: name.to_string(),
        }),
        _ => Err(invalid(format!(
            "[tool.petsage-build] {key} = '{v}' must be module:name, such as \
             'app.api.deps:CurrentUser'"
        ))),
    }
}

/// `api_prefix`: empty (no prefix) or a path that starts with `/` and does not end with
/// one, of plain URL characters; a segment may be a path parameter (`/{organization}`,
/// SPEC §11b), which the generated tests pass a value for.
pub(super) fn url_prefix(p: &str) -> anyhow::Result<String> {
    let param = |seg: &str| {
        seg.strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .is_some_and(is_identifier)
    };
    let ok = p.is_empty()
        || p.starts_with('/')
            && !p.ends_with('/')
            && !p.contains("//")
            && p.split('/').skip(1).all(|seg| {
                param(seg)
                    || seg
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
            })
            && !p.split('/').any(|seg| seg == "." || seg == "..");
    if ok {
        Ok(p.to_string())
    } else {
        Err(invalid(format!(
            "[tool.petsage-build] api_prefix = '{p}' must be empty or a path like '/api' \
             or '/{{organization}}/api' (starting with '/', no trailing '/', no '.' or '..' \
             segments)"
        )))
    }
}

pub(super) fn identifier(key: &str, v: &str) -> anyhow::Result<()> {
    if is_identifier(v) {
        Ok(())
    } else {
        Err(invalid(format!(
            "[tool.petsage-build] {key} = '{v}' is not a Python identifier"
        )))
    }
}

/// An ASCII name that is not even a soft keyword: the layout's names end up in generated
/// code and in module paths.
fn is_identifier(s: &str) -> bool {
    crate::pyrules::is_ascii_identifier(s) && !is_python_keyword(s)
}

/// Every part of a module path must be importable: `app/api-v2/routes` cannot be.
pub(super) fn module_path(key: &str, rel: &str) -> anyhow::Result<()> {
    for part in rel.trim_end_matches(".py").split('/') {
        if !is_identifier(part) {
            return Err(invalid(format!(
                "[tool.petsage-build] {key} = '{rel}': '{part}' is not a Python identifier, so \
                 the module cannot be imported"
            )));
        }
    }
    Ok(())
}

/// Refuses a path into `.git` (anywhere: a submodule's too) or the records directory:
/// they belong to git and to petsage-build's own state, where a generated file could
/// never be recovered after a kill, or would be taken for a record. Case-insensitively,
/// as a case-insensitive file system resolves them.
fn not_reserved(key: &str, v: &str) -> anyhow::Result<()> {
    let parts: Vec<&str> = v.trim_end_matches('/').split(['/', '\\']).collect();
    let reserved = parts.iter().any(|part| part.eq_ignore_ascii_case(".git"))
        || parts[0].eq_ignore_ascii_case(crate::record::DIR);
    if reserved {
        return Err(invalid(format!(
            "[tool.petsage-build] {key} = '{v}' is inside .git or {}, which petsage-build \
             never writes to",
            crate::record::DIR
        )));
    }
    Ok(())
}

/// A path inside the root, with `/` separators and no trailing slash; module files end
/// in `.py` and every directory part is a Python identifier.
pub(super) fn relative(key: &str, v: &str, py_file: bool) -> anyhow::Result<String> {
    let trimmed = v.trim_end_matches('/');
    let p = Path::new(trimmed);
    if trimmed.is_empty()
        || p.is_absolute()
        || p.components().any(|c| !matches!(c, Component::Normal(_)))
        // `components` drops `.` and empty parts; spelled out, they are still not clean.
        || trimmed.split(['/', '\\']).any(|part| matches!(part, "" | "." | ".."))
    {
        return Err(invalid(format!(
            "[tool.petsage-build] {key} = '{v}' must be a path inside the project root \
             (relative, without '.' or '..')"
        )));
    }
    not_reserved(key, v)?;
    if py_file && !trimmed.ends_with(".py") {
        return Err(invalid(format!(
            "[tool.petsage-build] {key} = '{v}' must name a .py file"
        )));
    }
    Ok(trimmed.replace('\\', "/"))
}
