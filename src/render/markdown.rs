//! Request text in Markdown: escaped so that it shows as written and never becomes
//! markup (links, HTML, headings, lists, tables, code, math). Invisible characters
//! (bidi controls, zero-width spaces...) are shown as `\u202e`, as in the Python code.

use crate::pystr::must_escape;

/// Characters escaped wherever they are: every one of them can open or close markup in
/// CommonMark or GitHub's dialect (tables, strikethrough, math, entities, raw HTML).
const ALWAYS: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '|', '~', '&', '$'];

/// Characters that open a block (heading, list item, setext underline, quote) at the
/// start of a line.
const LINE_START: &[char] = &['#', '-', '+', '=', '>'];

/// Free text as Markdown: line breaks kept (runs of blank lines become one paragraph
/// break), each line trimmed so that indentation cannot make a code block. In a table
/// `cell` the lines are joined with spaces, since a line break would end the table.
pub(crate) fn text(s: &str, cell: bool) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in s.split('\n').flat_map(|l| l.split('\r')) {
        let line = line.trim();
        if line.is_empty() {
            if lines.last().is_some_and(|l| !l.is_empty()) {
                lines.push(String::new());
            }
            continue;
        }
        lines.push(escape_line(line));
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    if cell {
        lines.retain(|l| !l.is_empty());
        lines.join(" ")
    } else {
        lines.join("\n")
    }
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut leading_digits = true;
    for (i, c) in line.char_indices() {
        let starts_block = i == 0 && LINE_START.contains(&c);
        // `1.` or `1)` at the start of a line would begin an ordered list.
        let ends_number = leading_digits
            && i > 0
            && matches!(c, '.' | ')')
            && line[i + 1..].chars().next().is_none_or(char::is_whitespace);
        if ALWAYS.contains(&c) || starts_block || ends_number {
            out.push('\\');
        }
        if c.is_control() {
            out.push(' ');
        } else if must_escape(c) {
            out.push_str(&format!("\\\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
        leading_digits = leading_digits && c.is_ascii_digit();
    }
    out
}

/// An inline code span that shows `s` exactly: the fence is longer than any run of
/// backticks inside, and padded when the content starts or ends with one. In a table
/// `cell`, `|` is escaped (GitHub removes that backslash before reading the span).
/// A fenced code block: the fence is longer than any run of backticks in `s`, so no text
/// can close it; control characters are shown as escapes.
pub(crate) fn block(s: &str, lang: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let body: String = s
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                format!("\\u{{{:04x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect();
    let lang: String = lang.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("{fence}{lang}\n{}\n{fence}", body.trim_end_matches('\n'))
}

pub(crate) fn code(s: &str, cell: bool) -> String {
    let mut content = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            content.push(' ');
        } else if must_escape(c) {
            content.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            content.push(c);
        }
    }
    if cell {
        content = content.replace('|', "\\|");
    }
    let mut longest = 0;
    let mut run = 0;
    for c in content.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad =
        content.is_empty() || content.starts_with(['`', ' ']) || content.ends_with(['`', ' ']);
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{content}{space}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            text("Ensure builder functional", false),
            "Ensure builder functional"
        );
        assert_eq!(
            text("<script>alert(1)</script> [x](y) *b* _i_ `c`", false),
            r"\<script>alert(1)\</script> \[x\](y) \*b\* \_i\_ \`c\`"
        );
        assert_eq!(
            text("# h\n- a\n1. b\n12) c\n===\n> q", false),
            "\\# h\n\\- a\n1\\. b\n12\\) c\n\\===\n\\> q"
        );
        assert_eq!(text("    code\n\n\n\npara  ", false), "code\n\npara");
        assert_eq!(text("a | b \\", true), r"a \| b \\");
        assert_eq!(text("one\n\ntwo", true), "one two");
        assert_eq!(
            text("{{ x }} {% y %} $x$ &amp;", false),
            r"{{ x }} {% y %} \$x\$ \&amp;"
        );
        assert_eq!(text("1.5 is fine", false), "1.5 is fine");
        assert_eq!(text("a\u{202e}b", false), r"a\\u202eb");
    }

    #[test]
    fn code_spans_show_their_content() {
        assert_eq!(code("/smoke-test", false), "`/smoke-test`");
        assert_eq!(code("a`b", false), "``a`b``");
        assert_eq!(code("`x``", false), "``` `x`` ```");
        assert_eq!(code("a|b", true), r"`a\|b`");
        assert_eq!(code("", false), "`  `");
        assert_eq!(code("line\nbreak", false), "`line break`");
        assert_eq!(code("a\u{200b}b", false), r"`a\u200bb`");
    }
}
