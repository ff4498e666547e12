//! Escaping for the terminal: the one function every printing path passes text through.
//!
//! File names, file contents, request text and record content can hold bytes that a
//! terminal obeys rather than shows: ESC and CSI sequences (colours, cursor moves,
//! window titles through OSC, hyperlinks, even clipboard writes), a lone carriage return
//! that overwrites what was printed, and the Unicode bidi controls that make text read
//! differently from what it is. Everything printed goes through `line` or `text`:
//!
//! - C0 controls (U+0000–U+001F), DEL and the C1 controls (U+0080–U+009F) become `\xNN`;
//! - the bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) become
//!   `\u{NNNN}`.
//!
//! `text` keeps the line structure of a multi-line text (`\n`, `\t`, and `\r` right
//! before `\n`); `line` escapes those too, for text that must stay on one line. Our own
//! colour codes are added after escaping (`style::paint`), so they are never escaped.
//! JSON output is escaped by `json`.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A character a terminal would act on rather than print.
pub fn is_dangerous(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The Unicode bidirectional formatting characters (UAX #9): embeddings, overrides,
/// isolates and the implicit marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// One line of text, every control character escaped (line breaks and tabs included).
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Multi-line text: control characters escaped, line breaks (LF, CRLF) and tabs kept.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_lines: bool) -> Cow<'_, str> {
    if !s.chars().any(is_dangerous) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let kept =
            keep_lines && (c == '\n' || c == '\t' || (c == '\r' && chars.peek() == Some(&'\n')));
        if kept || !is_dangerous(c) {
            out.push(c);
        } else if (c as u32) <= 0xFF {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:04x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// JSON text (as serde_json writes it) with the characters serde_json leaves raw — DEL,
/// the C1 controls and the bidi controls — written as `\uNNNN` escapes: the same JSON
/// value, safe on a terminal. (Such characters can only stand inside JSON strings.)
pub fn json(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_dangerous) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        // serde_json escapes C0 itself; the line breaks left are its pretty layout.
        if is_dangerous(c) && !matches!(c, '\n' | '\t' | '\r' | ' ') && (c as u32) >= 0x20 {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(line("plain ü 🐶"), "plain ü 🐶");
        assert_eq!(line("a\x1b]0;x\x07b"), "a\\x1b]0;x\\x07b");
        assert_eq!(line("a\nb\tc\r"), "a\\x0ab\\x09c\\x0d");
        assert_eq!(text("a\nb\tc\r\nd\re"), "a\nb\tc\r\nd\\x0de");
        assert_eq!(line("\u{7f}\u{9b}31m"), "\\x7f\\x9b31m");
        assert_eq!(line("x\u{202e}y\u{2066}"), "x\\u{202e}y\\u{2066}");
    }

    #[test]
    fn json_stays_the_same_value() {
        let v = serde_json::json!({"k": "a\u{1b}\u{7f}\u{9b}\u{202e}b"});
        let s = serde_json::to_string_pretty(&v).unwrap();
        let escaped = json(&s);
        assert!(!escaped.chars().any(is_dangerous_but_layout), "{escaped}");
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, v);
    }

    fn is_dangerous_but_layout(c: char) -> bool {
        is_dangerous(c) && !matches!(c, '\n')
    }
}
