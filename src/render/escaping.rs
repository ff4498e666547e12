//! How request text reaches a rendered file: a context string marked as request text
//! is unsafe to Tera, every other string safe, and unsafe text printed without an
//! escaping filter is escaped for the language of the file being rendered.

/// The language of the file being rendered, for `escape_bare` (Tera's escape function
/// is a plain `fn`; rendering is synchronous, so the thread's current render decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Python,
    Markdown,
    Toml,
    Other,
}

impl Output {
    fn of(name: &str) -> Output {
        match name.rsplit_once('.').map(|(_, ext)| ext) {
            Some("py") => Output::Python,
            Some("md") => Output::Markdown,
            Some("toml") => Output::Toml,
            _ => Output::Other,
        }
    }
}

thread_local! {
    static OUTPUT: std::cell::Cell<Output> = const { std::cell::Cell::new(Output::Other) };
}

/// How request text printed without an escaping filter is written:
///
/// - Python: the first character and every character that is not an ASCII letter or
///   digit as a `\xNN`/`\uNNNN`/`\UNNNNNNNN` escape. Inside any string literal,
///   f-string or docstring that reads back as the text, and cannot end the literal or
///   open a replacement field; outside one, the leading backslash is a syntax error, and
///   the syntax check refuses the file. It can never be code.
/// - Markdown: escaped as by the `md` filter in a table cell.
/// - TOML: like Python, with `\uNNNN`/`\UNNNNNNNN` (TOML has no `\x`).
pub(super) fn escape_bare(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let output = OUTPUT.get();
    let text = match output {
        Output::Markdown => super::markdown::text(input, true),
        Output::Python | Output::Toml => {
            let mut s = String::with_capacity(input.len() * 2);
            for (i, c) in input.chars().enumerate() {
                let n = c as u32;
                if i > 0 && c.is_ascii_alphanumeric() {
                    s.push(c);
                } else if output == Output::Python && n <= 0xFF {
                    s.push_str(&format!("\\x{n:02x}"));
                } else if n <= 0xFFFF {
                    s.push_str(&format!("\\u{n:04x}"));
                } else {
                    s.push_str(&format!("\\U{n:08x}"));
                }
            }
            s
        }
        Output::Other => {
            return Err(std::io::Error::other(
                "request text must go through an escaping filter here",
            ));
        }
    };
    out.write_all(text.as_bytes())
}

/// A context value: marked request text unsafe, every other string safe.
pub(super) fn tera_value(v: serde_json::Value) -> tera::Value {
    use serde_json::Value as J;
    match v {
        J::Null => tera::Value::none(),
        J::Bool(b) => b.into(),
        J::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into(),
            (None, Some(u)) => u.into(),
            _ => n.as_f64().unwrap_or_default().into(),
        },
        J::String(s) => match s.strip_prefix(super::context::TEXT_MARK) {
            Some(text) => tera::Value::normal_string(text),
            None => tera::Value::safe_string(&s),
        },
        J::Array(items) => items.into_iter().map(tera_value).collect::<Vec<_>>().into(),
        J::Object(map) => map
            .into_iter()
            .map(|(k, v)| (k, tera_value(v)))
            .collect::<std::collections::BTreeMap<String, tera::Value>>()
            .into(),
    }
}

/// Makes `escape_bare` write for the file `name` (by its extension) until the next call.
pub(super) fn render_into(name: &str) {
    OUTPUT.set(Output::of(name));
}
