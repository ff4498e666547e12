//! The layout pass: turns the values the Python filters left in a rendered template into
//! source laid out exactly as `ruff format` (line length 88) would leave it.
//!
//! A filter cannot know where its output lands on a line, so `py_str`, `py_value` and
//! `py_doc` emit a *marker* (a private-use character, the value as JSON, another
//! private-use character) and this pass, which sees whole lines, lays each value out:
//!
//! - a value whose line fits stays on it;
//! - a list that does not fit is exploded one item per line with a trailing comma (the
//!   "magic trailing comma" keeps ruff from joining it again);
//! - a string that does not fit is wrapped in parentheses after a keyword, a `key:` or
//!   an operator, alone on the next line if it fits there, else cut into implicitly
//!   concatenated parts; as a bare item it is cut into parts in place. ruff joins parts
//!   only when the joined literal fits, which is exactly when we do not cut;
//! - a docstring marker, alone on its line, becomes the wrapped lines of the text.
//!
//! Request text cannot contain a marker character: the filters escape private-use
//! characters, so a marker always comes from a filter.

use serde_json::Value as Json;

use crate::pyrules::{self, LINE_LENGTH, is_ascii_identifier as is_identifier};
use crate::pystr::{Literal, Width, doc_lines};

pub(crate) const VALUE_OPEN: char = '\u{E000}';
pub(crate) const VALUE_CLOSE: char = '\u{E001}';
pub(crate) const DOC_OPEN: char = '\u{E002}';
pub(crate) const DOC_CLOSE: char = '\u{E003}';
const MARKERS: [char; 4] = [VALUE_OPEN, VALUE_CLOSE, DOC_OPEN, DOC_CLOSE];

/// The marker for a value: its JSON, with marker characters inside strings written as
/// JSON escapes so that the closing marker is the first one found.
pub(crate) fn mark(open: char, value: &Json, close: char) -> String {
    let mut json = value.to_string();
    for m in MARKERS {
        json = json.replace(m, &format!("\\u{:04x}", m as u32));
    }
    format!("{open}{json}{close}")
}

/// Lays out every marker of `text`. Errors point at a template that uses a marker where
/// it cannot be laid out; they never depend on request text.
pub(crate) fn expand(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let mut lines = Vec::new();
        expand_line(body, &mut lines).map_err(|e| format!("line {}: {e}", n + 1))?;
        let count = lines.len();
        for (i, l) in lines.into_iter().enumerate() {
            out.push_str(&l);
            if i + 1 < count {
                out.push('\n');
            }
        }
        // A docstring that comes out empty takes its line with it.
        if count > 0 {
            out.push_str(newline);
        }
    }
    Ok(out)
}

fn expand_line(line: &str, out: &mut Vec<String>) -> Result<(), String> {
    if !line.contains(MARKERS) {
        out.push(line.to_string());
        return Ok(());
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    if line.contains(DOC_OPEN) {
        let inner = line[indent..]
            .strip_prefix(DOC_OPEN)
            .and_then(|s| s.strip_suffix(DOC_CLOSE))
            .filter(|s| !s.contains(MARKERS))
            .ok_or("a docstring value must stand alone on its line")?;
        let text: String = serde_json::from_str(inner).map_err(|e| e.to_string())?;
        let pad = " ".repeat(indent);
        for l in doc_lines(&text, LINE_LENGTH.saturating_sub(indent)) {
            out.push(if l.is_empty() { l } else { format!("{pad}{l}") });
        }
        return Ok(());
    }
    // Every value but the last is written flat; the last one is laid out with whatever
    // precedes it on the line as its prefix.
    let mut prefix = String::new();
    let mut rest = &line[indent..];
    let mut last: Option<Json> = None;
    while let Some(start) = rest.find(VALUE_OPEN) {
        if let Some(value) = last.take() {
            prefix.push_str(&flat(&value)?.0);
        }
        prefix.push_str(&rest[..start]);
        let after = &rest[start + VALUE_OPEN.len_utf8()..];
        let end = after
            .find(VALUE_CLOSE)
            .ok_or("a value marker is not closed")?;
        last = Some(serde_json::from_str(&after[..end]).map_err(|e| e.to_string())?);
        rest = &after[end + VALUE_CLOSE.len_utf8()..];
    }
    if rest.contains(MARKERS) || prefix.contains(MARKERS) {
        return Err("a value marker is malformed".into());
    }
    match last {
        Some(value) => emit(&value, indent, &prefix, rest, out),
        None => Err("a value marker is malformed".into()),
    }
}

/// The value as a flat Python expression, and its width.
fn flat(value: &Json) -> Result<(String, Width), String> {
    let source = match value {
        Json::Null => "None".to_string(),
        Json::Bool(true) => "True".to_string(),
        Json::Bool(false) => "False".to_string(),
        Json::Number(n) => number(n)?,
        Json::String(s) => Literal::new(s).source(),
        Json::Array(items) => {
            let items = items
                .iter()
                .map(|v| flat(v).map(|f| f.0))
                .collect::<Result<Vec<_>, _>>()?;
            format!("[{}]", items.join(", "))
        }
        Json::Object(map) => typed(map)?,
    };
    let width = Width::of(&source);
    Ok((source, width))
}

/// A typed value (`{"date": "2026-11-30"}`, see `pytype::value`) as the
/// call that makes it: `date(2026, 11, 30)`, `datetime(2026, 11, 30, 10, 15,
/// tzinfo=timezone.utc)`, `UUID("...")`, `Decimal("12.50")`. The text is checked again
/// here, so only such calls, with digits and hex, can come out of a mapping.
fn typed(map: &serde_json::Map<String, Json>) -> Result<String, String> {
    let (callee, args) = typed_call(map)?;
    Ok(format!("{callee}({})", args.join(", ")))
}

/// The call of [`typed`] as its callee and arguments.
fn typed_call(map: &serde_json::Map<String, Json>) -> Result<(&'static str, Vec<String>), String> {
    let mut entries = map.iter();
    let (Some((tag, Json::String(text))), None) = (entries.next(), entries.next()) else {
        return Err("a mapping cannot be written as a Python value".into());
    };
    let bad = || format!("'{text}' is not a {tag}");
    let t = crate::request::FieldType::plain(match tag.as_str() {
        "date" => crate::request::Scalar::Date,
        "datetime" => crate::request::Scalar::DateTime,
        "uuid" => crate::request::Scalar::Uuid,
        "decimal" => crate::request::Scalar::Decimal,
        _ => return Err("a mapping cannot be written as a Python value".into()),
    });
    let checked = crate::request::Example::check(&t, Some(&serde_yaml::Value::from(text.as_str())))
        .map_err(|_| bad())?;
    Ok(match checked {
        crate::request::Example::Date(d) => {
            let p: Vec<String> = d
                .split('-')
                .filter_map(|x| x.parse::<u32>().ok())
                .map(|n| n.to_string())
                .collect();
            ("date", p)
        }
        crate::request::Example::DateTime(d) => {
            let p = crate::request::datetime_parts(&d).ok_or_else(bad)?;
            let (y, mo, day) = p.date;
            let (h, mi, sec, us) = p.time;
            let mut args = vec![y, mo, day, h, mi]
                .into_iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>();
            if sec != 0 || us != 0 {
                args.push(sec.to_string());
            }
            if us != 0 {
                args.push(us.to_string());
            }
            match p.offset_minutes {
                None => {}
                Some(0) => args.push("tzinfo=timezone.utc".into()),
                Some(o) => {
                    let (h, m) = (o / 60, o % 60);
                    let delta = if m == 0 {
                        format!("hours={h}")
                    } else {
                        format!("hours={h}, minutes={m}")
                    };
                    args.push(format!("tzinfo=timezone(timedelta({delta}))"));
                }
            }
            ("datetime", args)
        }
        crate::request::Example::Uuid(u) => ("UUID", vec![format!("\"{u}\"")]),
        crate::request::Example::Decimal(x) => ("Decimal", vec![format!("\"{x}\"")]),
        _ => return Err(bad()),
    })
}

/// A Python number literal. Floats keep a decimal point or an exponent so that they stay
/// floats (`3.0`, `1e300`); Rust's `Debug` form is valid Python for every finite f64.
fn number(n: &serde_json::Number) -> Result<String, String> {
    if let Some(i) = n.as_i64() {
        return Ok(i.to_string());
    }
    if let Some(u) = n.as_u64() {
        return Ok(u.to_string());
    }
    match n.as_f64() {
        Some(f) if f.is_finite() => Ok(format!("{f:?}")),
        _ => Err(format!("{n} is not a finite number")),
    }
}

fn emit(
    value: &Json,
    indent: usize,
    prefix: &str,
    suffix: &str,
    out: &mut Vec<String>,
) -> Result<(), String> {
    let pad = " ".repeat(indent);
    let (source, width) = flat(value)?;
    let around = Width::exact(indent) + Width::of(prefix) + Width::of(suffix);
    if (around + width).fits(LINE_LENGTH) {
        out.push(format!("{pad}{prefix}{source}{suffix}"));
        return Ok(());
    }
    match value {
        Json::Array(items) if !items.is_empty() => {
            out.push(format!("{pad}{prefix}["));
            for item in items {
                emit(item, indent + 4, "", ",", out)?;
            }
            out.push(format!("{pad}]{suffix}"));
            Ok(())
        }
        // A typed value's call, one argument per line with a magic trailing comma: ruff
        // keeps that layout (it would put the arguments on one line when they fit, but
        // a magic trailing comma keeps them apart).
        Json::Object(map) => {
            let (callee, args) = typed_call(map)?;
            out.push(format!("{pad}{prefix}{callee}("));
            for arg in args {
                out.push(format!("{pad}    {arg},"));
            }
            out.push(format!("{pad}){suffix}"));
            Ok(())
        }
        Json::String(s) => {
            emit_string(s, indent, prefix, suffix, around, out);
            Ok(())
        }
        // The sole argument of a call: ruff breaks the call's brackets.
        _ if is_hug(prefix, suffix) => {
            out.push(format!("{pad}{prefix}"));
            out.push(format!("{pad}    {source}"));
            out.push(format!("{pad}{suffix}"));
            Ok(())
        }
        // Nothing to break: ruff leaves it as it is too.
        _ => {
            out.push(format!("{pad}{prefix}{source}{suffix}"));
            Ok(())
        }
    }
}

/// A string that, written as is, might not fit its line.
fn emit_string(
    text: &str,
    indent: usize,
    prefix: &str,
    suffix: &str,
    around: Width,
    out: &mut Vec<String>,
) {
    let pad = " ".repeat(indent);
    let inner = indent + 4;
    let bare = prefix.trim().is_empty();
    // The sole argument of a call (`f(V)`): its own brackets serve as the parentheses.
    let hug = is_hug(prefix, suffix);
    // ruff decides with exact widths; where ours are only bounds and a decision falls
    // between them, every non-ASCII character is escaped so that the widths are exact.
    let mut literal = Literal::new(text);
    let width = literal.width();
    let flat_limit = LINE_LENGTH.saturating_sub(around.max);
    let inner_limit = LINE_LENGTH.saturating_sub(inner);
    if (around + width).undecided(LINE_LENGTH)
        || (!bare && (Width::exact(inner) + width).undecided(LINE_LENGTH))
    {
        literal = literal.ascii();
    }
    let source = literal.source();
    let width = Width::of(&source);
    if width.fits(flat_limit) {
        out.push(format!("{pad}{prefix}{source}{suffix}"));
        return;
    }
    if bare {
        // Parts in place, one per line; the suffix follows the last part.
        let avail = LINE_LENGTH.saturating_sub(indent + Width::of(suffix).max);
        let parts = literal.split(avail);
        let count = parts.len();
        for (i, part) in parts.into_iter().enumerate() {
            let tail = if i + 1 == count { suffix } else { "" };
            out.push(format!("{pad}{prefix}{part}{tail}"));
        }
        return;
    }
    let inner_pad = " ".repeat(inner);
    let (open, close) = if hug { ("", "") } else { ("(", ")") };
    out.push(format!("{pad}{prefix}{open}"));
    if width.fits(inner_limit) {
        out.push(format!("{inner_pad}{source}"));
    } else {
        for part in literal.split(inner_limit) {
            out.push(format!("{inner_pad}{part}"));
        }
    }
    out.push(format!("{pad}{close}{suffix}"));
}

/// The value is all that stands between a call's (or a list's) brackets.
fn is_hug(prefix: &str, suffix: &str) -> bool {
    prefix.ends_with(['(', '[']) && suffix.starts_with([')', ']'])
}

/// `from MODULE import NAME` statements of one isort section, merged per module, sorted
/// as ruff's isort sorts them, each wrapped as ruff wraps it when it is too long.
pub(crate) fn imports(pairs: &[(String, String)]) -> Result<String, String> {
    let mut modules: Vec<(&str, Vec<&str>)> = Vec::new();
    for (module, name) in pairs {
        if !module.split('.').all(is_identifier) || !is_identifier(name) {
            return Err(format!("`from {module} import {name}` is not an import"));
        }
        match modules.iter_mut().find(|(m, _)| m == module) {
            Some((_, names)) if !names.contains(&name.as_str()) => names.push(name),
            Some(_) => {}
            None => modules.push((module, vec![name])),
        }
    }
    modules.sort_by(|(a, _), (b, _)| pyrules::module_cmp(a, b));
    let mut out = Vec::new();
    for (module, mut names) in modules {
        names.sort_by(|a, b| pyrules::member_cmp((a, None), (b, None)));
        // Nothing shorter than the wrapped form's first line is valid Python: if even
        // that is too long, say so to E501 instead of failing the check.
        let noqa = if pyrules::fits(&format!("from {module} import (")) {
            ""
        } else {
            "  # noqa: E501"
        };
        let names: Vec<String> = names.into_iter().map(str::to_string).collect();
        out.extend(pyrules::from_import(module, &names, noqa));
    }
    Ok(out.join("\n"))
}

/// A function header `def NAME(PARAMS) -> RETURNS:` at `indent`: on one line when it
/// fits; else, without parameters, the return annotation parenthesised on its own line,
/// and with parameters, one per line with a magic trailing comma, as ruff does (and keeps).
/// Parameters are `name` or `name: Annotation` of identifiers (no defaults).
pub(crate) fn def_header(
    name: &str,
    params: &[String],
    returns: &str,
    is_async: bool,
    indent: usize,
) -> Result<String, String> {
    let annotation = |a: &str| {
        !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.[], |\"".contains(c))
    };
    let param_ok = |p: &str| match p.split_once(": ") {
        Some((n, a)) => is_identifier(n) && annotation(a),
        None => is_identifier(p),
    };
    if !is_identifier(name) || !annotation(returns) || !params.iter().all(|p| param_ok(p)) {
        return Err(format!(
            "`def {name}({}) -> {returns}` is not a function header",
            params.join(", ")
        ));
    }
    let keyword = if is_async { "async def" } else { "def" };
    let pad = " ".repeat(indent);
    let line = format!("{keyword} {name}({}) -> {returns}:", params.join(", "));
    if pyrules::fits(&format!("{pad}{line}")) {
        return Ok(line);
    }
    if params.is_empty() {
        return Ok(format!(
            "{keyword} {name}() -> (\n{pad}    {returns}\n{pad}):"
        ));
    }
    let mut out = format!("{keyword} {name}(\n");
    for p in params {
        out += &format!("{pad}    {p},\n");
    }
    out += &format!("{pad}) -> {returns}:");
    Ok(out)
}

/// `del NAMES` at `indent` (the first line unindented, as the template places it): on
/// one line when it fits, else parenthesised one name per line, as ruff lays it out.
/// Empty without names.
pub(crate) fn del_statement(names: &[String], indent: usize) -> String {
    if names.is_empty() {
        return String::new();
    }
    let pad = " ".repeat(indent);
    let line = format!("del {}", names.join(", "));
    if pyrules::fits(&format!("{pad}{line}")) {
        return line;
    }
    let mut out = "del (\n".to_string();
    for n in names {
        out += &format!("{pad}    {n},\n");
    }
    out + &format!("{pad})")
}

/// `TARGET.include_router(ROUTER, prefix="PREFIX")`, the statement the wiring engine
/// recognises, wrapped as ruff wraps it when it is too long.
pub(crate) fn include_router(target: &str, router: &str, prefix: &str) -> Result<String, String> {
    if !is_identifier(target) || !router.split('.').all(is_identifier) {
        return Err(format!("`{target}.include_router({router})` is not a call"));
    }
    // No prefix (`api_prefix = ""`): the router is mounted at the root.
    if prefix.is_empty() {
        return Ok(format!("{target}.include_router({router})"));
    }
    let prefix = Literal::new(prefix).ascii().source();
    let args = [router.to_string(), format!("prefix={prefix}")];
    Ok(pyrules::include_router(target, &args.join(", "), &args).join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lay_out(template: &str, value: Json) -> String {
        let text = template.replace("V", &mark(VALUE_OPEN, &value, VALUE_CLOSE));
        expand(&text).unwrap()
    }

    #[test]
    fn short_values_stay_on_their_line() {
        assert_eq!(
            lay_out("    x=V,\n", json!(["ok", 1, 2.0, true, null])),
            "    x=[\"ok\", 1, 2.0, True, None],\n"
        );
        assert_eq!(lay_out("y = V\n", json!(1e300)), "y = 1e300\n");
    }

    #[test]
    fn long_strings_are_parenthesised_then_cut() {
        let s = "word ".repeat(14).trim_end().to_string();
        assert_eq!(
            lay_out("        description=V,\n", json!(s)),
            format!("        description=(\n            \"{s}\"\n        ),\n")
        );
        let long = "word ".repeat(30);
        let got = lay_out("        \"key\": V,\n", json!(long));
        let lines: Vec<&str> = got.lines().collect();
        assert_eq!(lines[0], "        \"key\": (");
        assert_eq!(lines[1], format!("            \"{}\"", "word ".repeat(14)));
        assert_eq!(lines[4], "        ),");
        assert!(got.lines().all(|l| l.len() <= LINE_LENGTH));
    }

    #[test]
    fn bare_strings_are_cut_in_place() {
        let long = "word ".repeat(30);
        let got = lay_out("            V,\n", json!(long));
        let lines: Vec<&str> = got.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], format!("            \"{}\"", "word ".repeat(14)));
        assert!(lines[2].ends_with("\","));
    }

    #[test]
    fn long_lists_explode_with_a_magic_trailing_comma() {
        let items: Vec<i64> = (1_000_000..1_000_020).collect();
        let got = lay_out("    examples=V,\n", json!([items]));
        assert!(got.starts_with("    examples=[\n        [\n            1000000,\n"));
        assert!(
            got.ends_with("            1000019,\n        ],\n    ],\n"),
            "{got}"
        );
    }

    #[test]
    fn undecided_widths_fall_back_to_ascii() {
        // 37 emoji: 0 to 74 columns plus the rest of the line.
        let s = "😀".repeat(37);
        let got = lay_out("        description=V,\n", json!(s));
        assert!(got.contains("\\U0001f600"), "{got}");
        let short = lay_out("x = V\n", json!("😀日本"));
        assert_eq!(short, "x = \"😀日本\"\n");
        // Known widths need no escapes: 37 ideographs are 74 columns.
        let s = "日".repeat(37);
        let got = lay_out("        description=V,\n", json!(s));
        assert_eq!(
            got,
            format!("        description=(\n            \"{s}\"\n        ),\n")
        );
    }

    #[test]
    fn sole_arguments_use_the_call_brackets() {
        let url = format!("/api/v1/{}", "a".repeat(60));
        assert_eq!(
            lay_out("        response = client.get(V)\n", json!(url)),
            format!("        response = client.get(\n            \"{url}\"\n        )\n")
        );
    }

    #[test]
    fn sole_scalar_arguments_break_the_call() {
        let key = "f".repeat(63);
        assert_eq!(
            lay_out(&format!("        \"{key}\": approx(V),\n"), json!(1e300)),
            format!("        \"{key}\": approx(\n            1e300\n        ),\n")
        );
    }

    #[test]
    fn imports_sort_merge_and_wrap() {
        let pair = |m: &str, n: &str| (m.to_string(), n.to_string());
        assert_eq!(
            imports(&[
                pair("b.c", "x"),
                pair("a", "Y"),
                pair("b.c", "CONST"),
                pair("b.c", "Z")
            ])
            .unwrap(),
            "from a import Y\nfrom b.c import CONST, Z, x"
        );
        assert_eq!(
            imports(&[pair("p.s10", "x"), pair("p.s2", "y")]).unwrap(),
            "from p.s2 import y\nfrom p.s10 import x"
        );
        let long = "a".repeat(70);
        let got = imports(&[pair(&format!("pkg.{long}"), "Model")]).unwrap();
        assert_eq!(got, format!("from pkg.{long} import (\n    Model,\n)"));
        let got = imports(&[pair(&format!("package.schemas.{long}"), "Model")]).unwrap();
        assert!(got.starts_with(&format!(
            "from package.schemas.{long} import (  # noqa: E501\n"
        )));
        assert!(imports(&[pair("os; import sys", "x")]).is_err());
        // As ruff 0.17 sorts them: `.` sorts before a digit, and `__` is no constant.
        assert_eq!(
            imports(&[
                pair("p.b1", "x"),
                pair("p.b.c", "y"),
                pair("m", "__"),
                pair("m", "_X")
            ])
            .unwrap(),
            "from m import _X, __\nfrom p.b.c import y\nfrom p.b1 import x"
        );
    }

    #[test]
    fn includes_wrap_like_ruff() {
        assert_eq!(
            include_router("app", "api_v1_router", "/api/v1").unwrap(),
            "app.include_router(api_v1_router, prefix=\"/api/v1\")"
        );
        let router = "r".repeat(60);
        assert_eq!(
            include_router("app", &router, "/api/v1").unwrap(),
            format!("app.include_router(\n    {router}, prefix=\"/api/v1\"\n)")
        );
        let router = "r".repeat(80);
        assert_eq!(
            include_router("app", &router, "/api/v1").unwrap(),
            format!("app.include_router(\n    {router},\n    prefix=\"/api/v1\",\n)")
        );
    }

    #[test]
    fn long_headers_parenthesise_the_return_annotation() {
        assert_eq!(
            def_header("f", &[], "M", true, 0).unwrap(),
            "async def f() -> M:"
        );
        let name = "a".repeat(80);
        assert_eq!(
            def_header(&name, &[], "Model", false, 0).unwrap(),
            format!("def {name}() -> (\n    Model\n):")
        );
        let params = ["self".to_string(), "session: Session".to_string()];
        assert_eq!(
            def_header("f", &params, "M", false, 4).unwrap(),
            "def f(self, session: Session) -> M:"
        );
        assert_eq!(
            def_header(&name[..70], &params, "M", false, 4).unwrap(),
            format!(
                "def {}(\n        self,\n        session: Session,\n    ) -> M:",
                &name[..70]
            )
        );
        assert!(def_header("f(x)", &[], "M", false, 0).is_err());
        assert!(def_header("f", &["x = 1".into()], "M", false, 0).is_err());
    }

    #[test]
    fn docstrings_are_wrapped_at_their_indent() {
        let marked = mark(DOC_OPEN, &json!("a \"\"\" b\n\nc"), DOC_CLOSE);
        let text = format!("    \"\"\"Summary.\n\n    {marked}\n    \"\"\"\n");
        assert_eq!(
            expand(&text).unwrap(),
            "    \"\"\"Summary.\n\n    a \"\"\\\" b\n\n    c\n    \"\"\"\n"
        );
        let empty = format!("x\n{}\ny\n", mark(DOC_OPEN, &json!("  "), DOC_CLOSE));
        assert_eq!(expand(&empty).unwrap(), "x\ny\n");
    }

    #[test]
    fn markers_in_values_cannot_confuse_the_pass() {
        let got = lay_out("x = V\n", json!("\u{e001}\u{e000}\u{e003}"));
        assert_eq!(got, "x = \"\\ue001\\ue000\\ue003\"\n");
        assert!(expand("x = \u{e000}\"a\"\n").is_err());
        assert!(expand("x = \u{e002}\"a\"\u{e003} + 1\n").is_err());
    }

    #[test]
    fn del_statements_wrap_as_ruff_does() {
        let names = |n: &[&str]| n.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(del_statement(&[], 8), "");
        assert_eq!(
            del_statement(&names(&["pet_id", "body"]), 8),
            "del pet_id, body"
        );
        let long = names(&[&"a".repeat(40), &"b".repeat(40)]);
        assert_eq!(
            del_statement(&long, 8),
            format!(
                "del (\n            {},\n            {},\n        )",
                long[0], long[1]
            )
        );
    }
}
