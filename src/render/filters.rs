//! The escaping filters: the only way request text reaches a generated file.
//!
//! | filter | for | output |
//! |---|---|---|
//! | `py_str` | a Python string | a literal, laid out by the layout pass |
//! | `py_value` | a Python value (str, int, float, bool, None, list) | the same |
//! | `py_doc` | docstring text, alone on its line | wrapped, escaped lines |
//! | `md` | Markdown text (`cell=true` in a table) | escaped text |
//! | `md_code` | a Markdown code span (`cell=true` in a table) | a span |
//! | `md_block` | a fenced code block (`lang="json"`) | a block no text can close |
//! | `to_json` | any value, for `md_code` | compact JSON |
//! | `toml_str` | a TOML string | a basic string |
//!
//! The Python filters only mark their value (see `pyfmt`): a filter cannot see where on
//! a line its output lands, and the layout depends on that.
//!
//! `py_fits(line=...)` says whether a line fits ruff's line length. Three functions write
//! code from identifiers (refusing anything else), laid out as ruff would: `py_imports(imports=[[module, name], ...])` for a block of `from` imports,
//! `py_def(name=..., returns=..., params=[...], indent=0, is_async=false)` for a
//! function (or method) header and
//! `py_include(target=..., router=..., prefix=...)` for the main app's
//! `include_router` statement.

use serde_json::Value as Json;
use tera::{Kwargs, State, Tera, TeraResult, Value};

use super::markdown;
use super::pyfmt::{self, DOC_CLOSE, DOC_OPEN, VALUE_CLOSE, VALUE_OPEN, mark};

/// The output of an escaping filter or a code function: already escaped, so Tera's
/// autoescaping leaves it as it is.
fn safe(s: &str) -> Value {
    Value::safe_string(s)
}

pub(crate) fn register(tera: &mut Tera) {
    // The one way around autoescaping: request text is never printed unescaped.
    tera.register_filter("safe", |_: &Value, _: Kwargs, _: &State| {
        Err::<Value, _>(tera::Error::message(
            "the `safe` filter is not available: request text is printed through \
             py_str, py_value, py_doc, md, md_code or toml_str",
        ))
    });
    tera.register_filter("py_str", |s: &str, _: Kwargs, _: &State| {
        safe(&mark(VALUE_OPEN, &Json::from(s), VALUE_CLOSE))
    });
    tera.register_filter("py_value", |v: &Value, _: Kwargs, _: &State| {
        json(v).map(|j| safe(&mark(VALUE_OPEN, &j, VALUE_CLOSE)))
    });
    tera.register_filter("py_doc", |s: &str, _: Kwargs, _: &State| {
        safe(&mark(DOC_OPEN, &Json::from(s), DOC_CLOSE))
    });
    tera.register_filter("md", |s: &str, kwargs: Kwargs, _: &State| {
        Ok::<_, tera::Error>(safe(&markdown::text(s, cell(&kwargs)?)))
    });
    tera.register_filter("md_code", |s: &str, kwargs: Kwargs, _: &State| {
        Ok::<_, tera::Error>(safe(&markdown::code(s, cell(&kwargs)?)))
    });
    tera.register_filter("md_block", |s: &str, kwargs: Kwargs, _: &State| {
        let lang = kwargs.get::<String>("lang")?.unwrap_or_default();
        Ok::<_, tera::Error>(safe(&markdown::block(s, &lang)))
    });
    tera.register_filter("to_json", |v: &Value, _: Kwargs, _: &State| {
        json(v).map(|j| j.to_string())
    });
    tera.register_filter("toml_str", |s: &str, _: Kwargs, _: &State| {
        safe(&toml_str(s))
    });
    tera.register_function("py_imports", |kwargs: Kwargs, _: &State| {
        let pairs: Vec<Vec<String>> = kwargs.must_get("imports")?;
        let pairs = pairs
            .into_iter()
            .map(|p| match <[String; 2]>::try_from(p) {
                Ok([module, name]) => Ok((module, name)),
                Err(_) => Err(tera::Error::message(
                    "py_imports: give [module, name] pairs",
                )),
            })
            .collect::<TeraResult<Vec<_>>>()?;
        pyfmt::imports(&pairs)
            .map(|s| safe(&s))
            .map_err(tera::Error::message)
    });
    tera.register_function("py_include", |kwargs: Kwargs, _: &State| {
        let target: String = kwargs.must_get("target")?;
        let router: String = kwargs.must_get("router")?;
        let prefix: String = kwargs.must_get("prefix")?;
        pyfmt::include_router(&target, &router, &prefix)
            .map(|s| safe(&s))
            .map_err(tera::Error::message)
    });
    // Whether a line of code fits ruff's line length (pyrules' rule, not a number in a
    // template): `{% if py_fits(line="    x = " ~ name) %}`.
    tera.register_function("py_fits", |kwargs: Kwargs, _: &State| {
        let line: String = kwargs.must_get("line")?;
        Ok::<_, tera::Error>(crate::pyrules::fits(&line))
    });
    tera.register_function("py_def", |kwargs: Kwargs, _: &State| {
        let name: String = kwargs.must_get("name")?;
        let returns: String = kwargs.must_get("returns")?;
        let is_async = kwargs.get::<bool>("is_async")?.unwrap_or(false);
        let params: Vec<String> = kwargs.get("params")?.unwrap_or_default();
        let indent = kwargs.get::<usize>("indent")?.unwrap_or(0);
        pyfmt::def_header(&name, &params, &returns, is_async, indent)
            .map(|s| safe(&s))
            .map_err(tera::Error::message)
    });
}

fn cell(kwargs: &Kwargs) -> TeraResult<bool> {
    Ok(kwargs.get::<bool>("cell")?.unwrap_or(false))
}

fn json(v: &Value) -> TeraResult<Json> {
    serde_json::to_value(v).map_err(|e| tera::Error::message(format!("not a plain value: {e}")))
}

/// A TOML basic string: `"` and `\` escaped, control characters as `\uXXXX`.
pub(crate) fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings() {
        assert_eq!(toml_str("petsage"), "\"petsage\"");
        assert_eq!(toml_str("a\"b\\c\n\u{1}"), r#""a\"b\\c\n\u0001""#);
    }

    #[test]
    fn filters_render() {
        let mut tera = Tera::new();
        tera.autoescape_on(Vec::<&str>::new());
        register(&mut tera);
        tera.add_raw_template(
            "t",
            "{{ s | md }}|{{ s | md_code(cell=true) }}|{{ v | to_json }}",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("s", "a|b");
        ctx.insert("v", &serde_json::json!([1, 2.5, "x", null]));
        assert_eq!(
            tera.render("t", &ctx).unwrap(),
            r#"a\|b|`a\|b`|[1,2.5,"x",null]"#
        );
    }
}
