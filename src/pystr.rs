//! Python string literals and docstring text made from arbitrary request text.
//!
//! Both are written exactly as `ruff format` leaves them: the quote ruff prefers (double,
//! unless single needs fewer escapes), lower-case hex escapes, and no escape ruff would
//! remove. Characters that could hide or reorder code (controls, bidi and other format
//! characters, line separators, private use) are always written as escapes, so nothing
//! in a request can end a literal or look like code.

use std::fmt::Write as _;

/// The display width ruff gives a piece of text lies within these bounds. ruff counts
/// Unicode widths (0, 1 or 2 per character); without a width table we only know that an
/// ASCII character is 1 wide, so decisions that fall between the bounds are avoided by
/// writing the text in ASCII escapes instead (see `Literal::ascii`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Width {
    pub min: usize,
    pub max: usize,
}

impl Width {
    pub fn of(text: &str) -> Width {
        text.chars()
            .fold(Width::default(), |w, c| w + Width::of_char(c))
    }

    pub fn of_char(c: char) -> Width {
        match exact_width(c) {
            Some(n) => Width::exact(n),
            None => Width { min: 0, max: 2 },
        }
    }

    pub fn exact(n: usize) -> Width {
        Width { min: n, max: n }
    }

    /// Certainly fits within `limit` columns.
    pub fn fits(self, limit: usize) -> bool {
        self.max <= limit
    }

    /// Whether it fits within `limit` depends on widths we cannot know.
    pub fn undecided(self, limit: usize) -> bool {
        self.min <= limit && limit < self.max
    }
}

/// The Unicode width of the characters whose width is settled and common in text:
/// Latin, Greek, Cyrillic, general punctuation and currency (1), combining diacritics
/// (0), and the CJK ideographs, kana, Hangul and full-width forms (2). Only blocks that
/// are fully assigned since long are listed, so every Unicode version agrees.
fn exact_width(c: char) -> Option<usize> {
    let n = c as u32;
    let width = match n {
        0x20..=0x7E => 1,
        0xA0..=0x2FF | 0x391..=0x3A1 | 0x3A3..=0x3C9 | 0x400..=0x482 => 1,
        0x2010..=0x2027 | 0x2030..=0x205E | 0x20A0..=0x20BF => 1,
        0x300..=0x36F => 0,
        0x3001..=0x3029 | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x4E00..=0x9FEF => 2,
        0xAC00..=0xD7A3 | 0xFF01..=0xFF60 => 2,
        _ => return None,
    };
    Some(width)
}

impl std::ops::Add for Width {
    type Output = Width;
    fn add(self, o: Width) -> Width {
        Width {
            min: self.min + o.min,
            max: self.max + o.max,
        }
    }
}

/// Characters never written literally: they are invisible, reorder the text around
/// them, break lines for some tools, or are our own layout markers (private use).
pub(crate) fn must_escape(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}'
            | '\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}'
            | '\u{0600}'..='\u{0605}' | '\u{06DD}' | '\u{070F}' | '\u{0890}' | '\u{0891}'
            | '\u{08E2}' | '\u{110BD}' | '\u{110CD}' | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}' | '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..
            | '\u{FDD0}'..='\u{FDEF}')
        || (c as u32 & 0xFFFE) == 0xFFFE
}

/// `\xNN`, `\uNNNN` or `\UNNNNNNNN`, lower-case as ruff normalises them.
fn code_escape(c: char, out: &mut String) {
    let n = c as u32;
    // Writing to a String cannot fail.
    let _ = if n <= 0xFF {
        write!(out, "\\x{n:02x}")
    } else if n <= 0xFFFF {
        write!(out, "\\u{n:04x}")
    } else {
        write!(out, "\\U{n:08x}")
    };
}

/// The quote ruff prefers for `text`: double, unless the text holds more double quotes
/// than single ones.
pub(crate) fn quote_for(text: &str) -> char {
    let double = text.chars().filter(|&c| c == '"').count();
    let single = text.chars().filter(|&c| c == '\'').count();
    if double > single { '\'' } else { '"' }
}

/// Appends `c` as it is written inside a literal quoted with `quote`.
fn push_escaped(c: char, quote: char, ascii: bool, out: &mut String) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if must_escape(c) || (ascii && !c.is_ascii()) => code_escape(c, out),
        c => out.push(c),
    }
}

/// A string value to be written as a Python literal; `ascii` writes every non-ASCII
/// character as an escape, which makes its width exact.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Literal<'a> {
    pub text: &'a str,
    pub ascii: bool,
}

impl<'a> Literal<'a> {
    pub fn new(text: &'a str) -> Self {
        Literal { text, ascii: false }
    }

    pub fn ascii(self) -> Self {
        Literal {
            ascii: true,
            ..self
        }
    }

    /// The literal, quotes included.
    pub fn source(self) -> String {
        let quote = quote_for(self.text);
        let mut out = String::with_capacity(self.text.len() + 2);
        out.push(quote);
        for c in self.text.chars() {
            push_escaped(c, quote, self.ascii, &mut out);
        }
        out.push(quote);
        out
    }

    pub fn width(self) -> Width {
        Width::of(&self.source())
    }

    /// The text cut into implicitly concatenated literals, each at most `avail` columns
    /// wide (quotes included). Cuts fall after white space where possible, so every part
    /// but the last keeps its trailing space, as black and ruff write them; a word longer
    /// than a line is cut between characters, never inside an escape.
    pub fn split(self, avail: usize) -> Vec<String> {
        let avail = avail.max(MIN_PART);
        let mut parts = Vec::new();
        let mut part = Part::new(self.ascii);
        for piece in pieces(self.text) {
            if part.fits_with(piece, avail) {
                part.push_str(piece);
                continue;
            }
            if !part.text.is_empty() {
                parts.push(part.take());
            }
            if part.fits_with(piece, avail) {
                part.push_str(piece);
                continue;
            }
            for c in piece.chars() {
                let mut buf = [0u8; 4];
                let one = c.encode_utf8(&mut buf);
                if !part.text.is_empty() && !part.fits_with(one, avail) {
                    parts.push(part.take());
                }
                part.push_str(one);
            }
        }
        if !part.text.is_empty() || parts.is_empty() {
            parts.push(part.take());
        }
        parts
    }
}

/// `Literal["dog", 'Rex"s']`: a `typing.Literal` of string values, each value as a
/// literal in ASCII escapes (so the annotation's width is its length). The request's
/// limit on a literal type and the generated annotation both measure this text.
pub(crate) fn literal_type(values: &[String]) -> String {
    let quoted: Vec<String> = values
        .iter()
        .map(|v| Literal::new(v).ascii().source())
        .collect();
    format!("Literal[{}]", quoted.join(", "))
}

/// No part is made narrower than this, however deep the indentation: a part that holds
/// at least one escape always exists.
const MIN_PART: usize = 16;

/// A part being filled by `Literal::split`, with what its width depends on.
struct Part {
    text: String,
    ascii: bool,
    /// Width of the escaped characters, quotes counted unescaped.
    base: Width,
    double: usize,
    single: usize,
}

impl Part {
    fn new(ascii: bool) -> Self {
        Part {
            text: String::new(),
            ascii,
            base: Width::default(),
            double: 0,
            single: 0,
        }
    }

    fn char_width(&self, c: char) -> Width {
        let mut s = String::new();
        // Quotes are escaped or not depending on the whole part: counted in `fits_with`.
        let quote = if c == '"' { '\'' } else { '"' };
        push_escaped(c, quote, self.ascii, &mut s);
        Width::of(&s)
    }

    fn fits_with(&self, piece: &str, avail: usize) -> bool {
        let mut base = self.base;
        let (mut double, mut single) = (self.double, self.single);
        for c in piece.chars() {
            base = base + self.char_width(c);
            double += usize::from(c == '"');
            single += usize::from(c == '\'');
        }
        let quote_escapes = if double > single { single } else { double };
        (base + Width::exact(2 + quote_escapes)).fits(avail)
    }

    fn push_str(&mut self, piece: &str) {
        for c in piece.chars() {
            self.base = self.base + self.char_width(c);
            self.double += usize::from(c == '"');
            self.single += usize::from(c == '\'');
        }
        self.text.push_str(piece);
    }

    fn take(&mut self) -> String {
        let source = Literal {
            text: &self.text,
            ascii: self.ascii,
        }
        .source();
        *self = Part::new(self.ascii);
        source
    }
}

/// Words, each with the white space that follows it (leading white space is a piece of
/// its own).
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if !space && in_space && i > start {
            out.push(&text[start..i]);
            start = i;
        }
        in_space = space;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Free text as the lines of a docstring body, wrapped to `width` columns.
///
/// Line breaks of the text are kept (runs of blank lines become one); white space within
/// a line is reflowed. Backslashes are doubled and a run of double quotes never reaches
/// three, so the text cannot end the docstring or form an escape; lines never start or
/// end with white space, so ruff's docstring normalisation has nothing to change.
pub(crate) fn doc_lines(text: &str, width: usize) -> Vec<String> {
    let width = width.max(MIN_PART);
    let mut out: Vec<String> = Vec::new();
    for line in text.split('\n').flat_map(|l| l.split('\r')) {
        let words: Vec<String> = line.split_whitespace().map(doc_escape).collect();
        if words.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        let mut current = String::new();
        for word in words {
            let joined = Width::of(&current) + Width::exact(1) + Width::of(&word);
            if current.is_empty() {
                current = word;
            } else if joined.fits(width) {
                current.push(' ');
                current.push_str(&word);
            } else {
                out.push(std::mem::take(&mut current));
                current = word;
            }
            while !Width::of(&current).fits(width) {
                let (head, tail) = cut_escaped(&current, width);
                out.push(head);
                current = tail;
            }
        }
        out.push(current);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// One word of docstring text, escaped.
fn doc_escape(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut raw_quotes = 0;
    for c in word.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' if raw_quotes == 2 => {
                out.push_str("\\\"");
                raw_quotes = 0;
                continue;
            }
            c if must_escape(c) => code_escape(c, &mut out),
            c => out.push(c),
        }
        raw_quotes = if c == '"' { raw_quotes + 1 } else { 0 };
    }
    out
}

/// Cuts escaped text so that the head fits `width`, between escapes, never inside one.
fn cut_escaped(text: &str, width: usize) -> (String, String) {
    let units = escape_units(text);
    let mut used = Width::default();
    let mut at = 0;
    for (i, unit) in units.iter().enumerate() {
        let w = used + Width::of(unit);
        if !w.fits(width) && i > 0 {
            break;
        }
        used = w;
        at = i + 1;
    }
    (units[..at].concat(), units[at..].concat())
}

/// Escaped text split into characters and whole escape sequences.
fn escape_units(text: &str) -> Vec<&str> {
    let mut units = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = if c == '\\' {
            match rest[1..].chars().next() {
                Some('x') => 4,
                Some('u') => 6,
                Some('U') => 10,
                Some(n) => 1 + n.len_utf8(),
                None => 1,
            }
            .min(rest.len())
        } else {
            c.len_utf8()
        };
        units.push(&rest[..len]);
        rest = &rest[len..];
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expectations checked once against CPython 3.11 (`ast.literal_eval` gives back the
    /// text) and ruff 0.17.6 (`ruff format` leaves the literal as it is).
    const LITERALS: &[(&str, &str)] = &[
        ("ok", r#""ok""#),
        ("", r#""""#),
        ("it's", r#""it's""#),
        (r#"say "hi""#, r#"'say "hi"'"#),
        (r#"it's "q""#, r#"'it\'s "q"'"#),
        (r#"a"b'c"#, r#""a\"b'c""#),
        ("\"\"\"", r#"'"""'"#),
        ("'''", r#""'''""#),
        ("back\\slash\\", r#""back\\slash\\""#),
        ("\\", r#""\\""#),
        ("{{ x }} {% if %}", r#""{{ x }} {% if %}""#),
        (
            "\"); import os; os.system(\"x",
            r#"'"); import os; os.system("x'"#,
        ),
        ("line\nbreak\r\ttab", r#""line\nbreak\r\ttab""#),
        ("café ☕ 日本", r#""café ☕ 日本""#),
        ("nul\0bel\x07del\x7f", r#""nul\x00bel\x07del\x7f""#),
        (
            "bidi\u{202e}x\u{2028}y\u{feff}",
            r#""bidi\u202ex\u2028y\ufeff""#,
        ),
        ("marker\u{e000}", r#""marker\ue000""#),
        ("\u{85}", r#""\x85""#),
        ("tag\u{E0041}", r#""tag\U000e0041""#),
        ("\\N{BULLET}", r#""\\N{BULLET}""#),
    ];

    #[test]
    fn literals_are_what_ruff_prints() {
        for (text, want) in LITERALS {
            assert_eq!(Literal::new(text).source(), *want, "{text:?}");
        }
    }

    #[test]
    fn ascii_literals_escape_everything_else() {
        assert_eq!(
            Literal::new("café ☕").ascii().source(),
            r#""caf\xe9 \u2615""#
        );
        assert_eq!(Literal::new("😀").ascii().source(), r#""\U0001f600""#);
        assert_eq!(Literal::new("café").ascii().width(), Width::exact(9));
    }

    #[test]
    fn exact_widths_are_unicode_widths() {
        // What ruff counts with; a character always escaped (U+00AD) is never measured.
        use unicode_width::UnicodeWidthChar;
        let differ: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| !must_escape(c) && exact_width(c).is_some_and(|n| c.width() != Some(n)))
            .collect();
        assert_eq!(differ, [], "{differ:?}");
    }

    #[test]
    fn widths_bound_unicode() {
        assert_eq!(Width::of("ab"), Width::exact(2));
        assert_eq!(Width::of("日本"), Width::exact(4));
        assert_eq!(Width::of("café—é\u{301}"), Width::exact(6));
        assert_eq!(Width::of("😀"), Width { min: 0, max: 2 });
        assert!(Width::of("😀").undecided(1));
    }

    fn joined(parts: &[String]) -> String {
        // Every part is a literal we produced; strip quotes and undo our escapes.
        parts.iter().map(|p| unescape(&p[1..p.len() - 1])).collect()
    }

    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut it = s.chars().peekable();
        while let Some(c) = it.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let hex = |it: &mut std::iter::Peekable<std::str::Chars>, n| {
                let h: String = it.take(n).collect();
                char::from_u32(u32::from_str_radix(&h, 16).unwrap()).unwrap()
            };
            match it.next().unwrap() {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'x' => out.push(hex(&mut it, 2)),
                'u' => out.push(hex(&mut it, 4)),
                'U' => out.push(hex(&mut it, 8)),
                other => out.push(other),
            }
        }
        out
    }

    #[test]
    fn splitting_keeps_the_text_and_the_width() {
        let texts = [
            "word ".repeat(60),
            "x".repeat(300),
            format!("{}\\{}", "a".repeat(30), "\"".repeat(50)),
            "tab\tline\nbreak ".repeat(20),
            "\u{202e}".repeat(40),
            "日本語のテキスト ".repeat(20),
        ];
        for text in &texts {
            for ascii in [false, true] {
                let lit = Literal { text, ascii };
                for avail in [16, 40, 76, 80] {
                    let parts = lit.split(avail);
                    assert_eq!(&joined(&parts), text, "{avail}");
                    for p in &parts {
                        assert!(Width::of(p).fits(avail), "{p} > {avail}");
                    }
                }
            }
        }
        let parts = Literal::new(&"word ".repeat(30)).split(40);
        assert_eq!(parts[0], format!("\"{}\"", "word ".repeat(7)));
        assert_eq!(Literal::new("").split(40), [r#""""#]);
    }

    #[test]
    fn escapes_are_never_cut() {
        let text = "\u{202e}\u{202e}\u{202e}\u{202e}\u{202e}";
        for part in Literal::new(text).split(20) {
            assert_eq!((part.len() - 2) % 6, 0, "{part}");
        }
    }

    #[test]
    fn docstring_text_cannot_close_the_docstring() {
        let lines = doc_lines(r#"a """ b """" c \ d \"#, 80);
        assert_eq!(lines, [r#"a ""\" b ""\"" c \\ d \\"#]);
        assert!(doc_lines(&"\"".repeat(10), 80)[0] == r#"""\"""\"""\"""#);
    }

    #[test]
    fn docstrings_wrap_and_keep_paragraphs() {
        let text = format!(
            "{}\n\n\n  second   paragraph \n- item\n",
            "word ".repeat(30)
        );
        let lines = doc_lines(&text, 40);
        assert_eq!(
            lines,
            [
                "word word word word word word word word",
                "word word word word word word word word",
                "word word word word word word word word",
                "word word word word word word",
                "",
                "second paragraph",
                "- item",
            ]
        );
        let long = doc_lines(&format!("{}\u{202e}{}", "y".repeat(37), "z".repeat(50)), 40);
        assert_eq!(long[0], format!("{}", "y".repeat(37)));
        assert!(long.iter().all(|l| Width::of(l).fits(40)));
        assert_eq!(
            long.concat(),
            format!("{}\\u202e{}", "y".repeat(37), "z".repeat(50))
        );
        assert!(doc_lines("\n\n \t\n", 40).is_empty());
    }
}
