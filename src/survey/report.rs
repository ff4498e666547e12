//! Printing a survey: `check` as text, JSON or GitHub workflow annotations, `list` as
//! text or JSON. Pure functions to `String`; the commands write them out.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Finding, Severity, Survey};
use crate::escape;
use crate::style::{Paint, paint};

/// `path:line:column`, as far as known (the path escaped for the terminal).
fn location(f: &Finding) -> String {
    let path = escape::line(&f.path);
    match (f.line, f.column) {
        (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
        (Some(l), None) => format!("{path}:{l}"),
        _ => path.into_owned(),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The last line of every format: what was found in how many features.
fn summary(s: &Survey) -> String {
    let features = plural(s.features.len(), "feature");
    match (s.errors(), s.notes()) {
        (0, 0) => format!("check: ok, {features}, no findings"),
        (0, n) => format!("check: ok, {features}, {}", plural(n, "note")),
        (e, 0) => format!("check: failed, {features}, {}", plural(e, "error")),
        (e, n) => format!(
            "check: failed, {features}, {}, {}",
            plural(e, "error"),
            plural(n, "note")
        ),
    }
}

/// `error[E001] petsage/api/v1/api.py:3: message`, one line per finding, then a summary.
pub fn check_text(s: &Survey, color: bool) -> String {
    let mut out = String::new();
    for f in &s.findings {
        let sev = f.code.severity();
        let colour = match sev {
            Severity::Error => Paint::Red,
            Severity::Note => Paint::Cyan,
        };
        let head = paint(&format!("{}[{}]", sev.word(), f.code.id()), colour, color);
        let _ = writeln!(out, "{head} {}: {}", location(f), escape::line(&f.message));
    }
    let _ = writeln!(out, "{}", summary(s));
    out
}

fn finding_json(f: &Finding) -> Value {
    json!({
        "code": f.code.id(),
        "severity": f.code.severity().word(),
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "message": f.message,
    })
}

/// `{"ok": bool, "errors": n, "notes": n, "features": n, "findings": [...]}`.
pub fn check_json(s: &Survey) -> String {
    format!("{}\n", escape::json(&format!("{:#}", check_value(s))))
}

/// The data of [`check_json`], and of the MCP server's `check`.
pub fn check_value(s: &Survey) -> Value {
    json!({
        "ok": s.errors() == 0,
        "errors": s.errors(),
        "notes": s.notes(),
        "features": s.features.len(),
        "findings": s.findings.iter().map(finding_json).collect::<Vec<_>>(),
    })
}

/// The last line of `check`'s text and GitHub reports (`check: ok, 1 feature, no findings`).
pub fn check_summary(s: &Survey) -> String {
    summary(s)
}

/// GitHub's escaping of an annotation's message: terminal controls shown (the log
/// renders ANSI sequences), then `%`, CR and LF as GitHub unescapes them. A `::` in a
/// message is written `:%3A`, so that nothing in it reads as a command separator.
fn escape_data(s: &str) -> String {
    escape::line(
        &s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
    .replace("::", ":%3A")
}

/// GitHub's escaping of an annotation's property value (`file=`, `title=`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `::error file=…,line=…,col=…,title=…::message` workflow commands, then the summary.
pub fn check_github(s: &Survey) -> String {
    let mut out = String::new();
    for f in &s.findings {
        let command = match f.code.severity() {
            Severity::Error => "error",
            Severity::Note => "notice",
        };
        let mut props = format!("file={}", escape_property(&f.path));
        if let Some(l) = f.line {
            let _ = write!(props, ",line={l}");
        }
        if let Some(c) = f.column {
            let _ = write!(props, ",col={c}");
        }
        let title = format!("petsage-build {}", f.code.id());
        let _ = writeln!(
            out,
            "::{command} {props},title={}::{}",
            escape_property(&title),
            escape_data(&f.message)
        );
    }
    let _ = writeln!(out, "{}", summary(s));
    out
}

/// One line per feature: its name and its states (`complete`, `missing doc; edited`).
/// The routes of each recorded feature, by name, as `list` shows them.
pub type RoutesByName = std::collections::BTreeMap<String, Vec<crate::request::Route>>;

/// `GET /smoke-test`, or `POST, GET /pets; GET, PATCH, DELETE /pets/{pet_id}`: methods
/// grouped by path, paths in the order first served.
fn routes_text(routes: &[crate::request::Route]) -> String {
    let mut by_path: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in routes {
        match by_path.iter_mut().find(|(p, _)| *p == r.given) {
            Some((_, methods)) => methods.push(r.method),
            None => by_path.push((&r.given, vec![r.method])),
        }
    }
    by_path
        .iter()
        .map(|(p, m)| format!("{} {p}", m.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn list_text(s: &Survey, routes: &RoutesByName, color: bool) -> String {
    let width = s.features.iter().map(|f| f.name.len()).max().unwrap_or(0);
    let states: Vec<String> = s.features.iter().map(|f| f.states().join("; ")).collect();
    let state_width = states.iter().map(String::len).max().unwrap_or(0);
    let mut out = String::new();
    for (f, states) in s.features.iter().zip(&states) {
        let colour = if f.complete() {
            Paint::Green
        } else {
            Paint::Yellow
        };
        let shown = escape::line(states);
        let pad = " ".repeat(state_width.saturating_sub(states.len()));
        let line = match routes.get(&f.name) {
            Some(r) if !r.is_empty() => format!(
                "{:<width$}  {}{pad}  {}",
                escape::line(&f.name),
                paint(&shown, colour, color),
                escape::line(&routes_text(r))
            ),
            _ => format!(
                "{:<width$}  {}",
                escape::line(&f.name),
                paint(&shown, colour, color)
            ),
        };
        // Only the user's templates are named: the built-ins are the default.
        let line = match &f.templates_dir {
            Some(dir) => format!("{}  (templates {})", line.trim_end(), escape::line(dir)),
            None => line,
        };
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if s.features.is_empty() {
        out.push_str("no features\n");
    }
    out
}

/// `[{"name", "state", "complete", "recorded", "hand_written", "missing", "imported",
/// "included", "edited", "outdated", "templates", "routes"}]` (`templates`: the record's
/// templates directory, `"builtin"`, or null when not generated; `routes`:
/// `[{"method", "path"}]` of a recorded feature's request, else empty).
pub fn list_json(s: &Survey, routes: &RoutesByName) -> String {
    format!(
        "{}\n",
        escape::json(&format!("{:#}", list_value(s, routes)))
    )
}

/// The data of [`list_json`], and of the MCP server's `describe_project`.
pub fn list_value(s: &Survey, routes: &RoutesByName) -> Value {
    let items: Vec<Value> = s
        .features
        .iter()
        .map(|f| {
            json!({
                "name": f.name,
                "state": f.states(),
                "complete": f.complete(),
                "recorded": f.recorded,
                "hand_written": f.hand_written,
                "missing": f.missing.iter().map(|p| p.word()).collect::<Vec<_>>(),
                "imported": f.imported,
                "included": f.included,
                "edited": f.edited,
                "outdated": f.outdated,
                "templates": match (&f.templates_dir, f.recorded) {
                    (Some(dir), _) => json!(dir),
                    (None, true) => json!("builtin"),
                    (None, false) => Value::Null,
                },
                "routes": routes
                    .get(&f.name)
                    .map(|rs| {
                        rs.iter()
                            .map(|r| json!({"method": r.method, "path": r.given}))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default(),
            })
        })
        .collect();
    Value::Array(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping() {
        for (input, data, property) in [
            ("plain", "plain", "plain"),
            ("50%", "50%25", "50%25"),
            ("a\nb\r", "a%0Ab%0D", "a%0Ab%0D"),
            ("x:1,y", "x:1,y", "x%3A1%2Cy"),
            (
                "a::warning::b",
                "a:%3Awarning:%3Ab",
                "a%3A%3Awarning%3A%3Ab",
            ),
            ("\x1b[31mred", "\\x1b[31mred", "\\x1b[31mred"),
        ] {
            assert_eq!(escape_data(input), data, "{input:?}");
            assert_eq!(escape_property(input), property, "{input:?}");
        }
    }
}
