//! Line-level helpers over the original source bytes.
//!
//! All edits are byte splices into the untouched original text, so these helpers only
//! ever look at lines; they never re-print anything.

use ruff_text_size::TextRange;

/// The byte-order mark some editors put in front of a file; it is kept but not parsed.
pub(crate) const BOM: &str = "\u{feff}";

/// Splits off a UTF-8 BOM so that the parser and all offsets see only the code.
pub(crate) fn split_bom(source: &str) -> (&str, &str) {
    match source.strip_prefix(BOM) {
        Some(rest) => (BOM, rest),
        None => ("", source),
    }
}

/// The file's own newline, so that inserted lines match it (a file without any newline
/// gets LF, the Python default).
pub(crate) fn newline_of(src: &str) -> &'static str {
    match src.find(['\n', '\r']).map(|i| &src[i..]) {
        Some(rest) if rest.starts_with("\r\n") => "\r\n",
        Some(rest) if rest.starts_with('\r') => "\r",
        _ => "\n",
    }
}

/// Whether byte `i` of `src` ends a line: `\n`, or a `\r` not followed by `\n` (Python
/// accepts old Mac line endings too).
fn ends_line_at(src: &[u8], i: usize) -> bool {
    match src[i] {
        b'\n' => true,
        b'\r' => src.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// Whether `text` ends with a line break of any kind.
pub(crate) fn ends_with_newline(text: &str) -> bool {
    text.ends_with(['\n', '\r'])
}

/// The lines of `text`, split at any line break, without their breaks.
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
}

/// Start of the line that contains `pos`.
pub(crate) fn line_start(src: &str, pos: usize) -> usize {
    let pos = pos.min(src.len());
    let bytes = src.as_bytes();
    (0..pos)
        .rev()
        .find(|&i| ends_line_at(bytes, i))
        .map_or(0, |i| i + 1)
}

/// Start of the line after the one containing `pos`, or the end of the text when that
/// line is the last one and has no newline.
pub(crate) fn next_line_start(src: &str, pos: usize) -> usize {
    let pos = pos.min(src.len());
    let bytes = src.as_bytes();
    (pos..bytes.len())
        .find(|&i| ends_line_at(bytes, i))
        .map_or(src.len(), |i| i + 1)
}

/// Start of the line before the one starting at `start`, if there is one.
pub(crate) fn prev_line_start(src: &str, start: usize) -> Option<usize> {
    if start == 0 {
        None
    } else {
        Some(line_start(src, start - 1))
    }
}

/// The text of the line starting at `start`, without its line ending.
pub(crate) fn line_at(src: &str, start: usize) -> &str {
    let end = next_line_start(src, start);
    src[start.min(end)..end].trim_end_matches(['\n', '\r'])
}

/// Whether the line starting at `start` holds only whitespace. The end of the text
/// counts as not blank so that callers can tell "nothing follows" apart.
pub(crate) fn is_blank_line(src: &str, start: usize) -> bool {
    start < src.len() && line_at(src, start).trim().is_empty()
}

/// Whether the line starting at `start` holds only a comment.
pub(crate) fn is_comment_line(src: &str, start: usize) -> bool {
    start < src.len() && line_at(src, start).trim_start().starts_with('#')
}

/// Whether only whitespace precedes `pos` on its line.
pub(crate) fn starts_line(src: &str, pos: usize) -> bool {
    src[line_start(src, pos)..pos].trim().is_empty()
}

/// Whether only whitespace and possibly a comment follow `pos` on its line.
pub(crate) fn ends_line(src: &str, pos: usize) -> bool {
    let end = next_line_start(src, pos);
    let rest = src[pos..end].trim();
    rest.is_empty() || rest.starts_with('#')
}

/// Text that puts `lines` on lines of their own at `at`, which is a line start or the end
/// of a text whose last line has no newline. In the latter case the text stays without a
/// final newline, as it was, but the new lines still start on a line of their own.
pub(crate) fn lines_at(src: &str, at: usize, lines: &[String], nl: &str) -> String {
    if at >= src.len() && !src.is_empty() && !ends_with_newline(src) {
        let mut out = String::new();
        for line in lines {
            out.push_str(nl);
            out.push_str(line);
        }
        out
    } else {
        // A line break never joins a neighbouring one into one CRLF break (the file may
        // mix endings): right after a bare `\r`, a leading blank line ends in `\r`, not
        // `\n`; right before a `\n`, the last line ends in `\n`, not `\r`.
        let after_cr = at > 0 && src.as_bytes()[at - 1] == b'\r';
        let mut out = String::new();
        for line in lines {
            out.push_str(line);
            if out.is_empty() && after_cr && nl == "\n" {
                out.push('\r');
            } else {
                out.push_str(nl);
            }
        }
        if src.as_bytes().get(at) == Some(&b'\n') && out.ends_with('\r') {
            out.pop();
            out.push('\n');
        }
        out
    }
}

/// One replacement of `start..end` in the original text.
#[derive(Debug, Clone)]
pub(crate) struct Splice {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Splice {
    pub(crate) fn insert(at: usize, text: String) -> Self {
        Splice {
            start: at,
            end: at,
            text,
        }
    }

    pub(crate) fn delete(start: usize, end: usize) -> Self {
        Splice {
            start,
            end,
            text: String::new(),
        }
    }
}

/// Applies non-overlapping splices; back to front so that earlier offsets stay valid.
pub(crate) fn apply(src: &str, splices: &[Splice]) -> String {
    let mut sorted: Vec<&Splice> = splices.iter().collect();
    sorted.sort_by(|a, b| b.start.cmp(&a.start).then(b.end.cmp(&a.end)));
    let mut out = src.to_string();
    for s in sorted {
        if s.start <= s.end && s.end <= out.len() {
            out.replace_range(s.start..s.end, &s.text);
        }
    }
    out
}

pub(crate) fn span(r: TextRange) -> (usize, usize) {
    (r.start().to_usize(), r.end().to_usize())
}

pub(crate) fn text(code: &str, r: TextRange) -> &str {
    let (start, end) = span(r);
    code.get(start..end).unwrap_or("")
}

pub(crate) fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// 1-based line of a byte offset, counting `\n`, `\r\n` and a lone `\r` as Python does.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(code: &str) -> Lines {
        let bytes = code.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        Lines { starts }
    }

    pub(crate) fn line(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let s = "a\r\nb\n\nc";
        assert_eq!(newline_of(s), "\r\n");
        assert_eq!(line_start(s, 4), 3);
        assert_eq!(next_line_start(s, 3), 5);
        assert_eq!(next_line_start(s, 7), 7);
        assert_eq!(line_at(s, 0), "a");
        assert!(is_blank_line(s, 5));
        assert!(!is_blank_line(s, 7));
        assert_eq!(prev_line_start(s, 5), Some(3));
        assert_eq!(lines_at(s, 7, &["x".into()], "\n"), "\nx");
        assert_eq!(lines_at("a\n", 2, &["x".into()], "\n"), "x\n");
    }
}
