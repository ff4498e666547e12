//! How a syntax error is placed and worded, so that it reads like CPython's own.
//!
//! The parser's offset becomes a 1-based line and column counted as Python counts lines
//! (`\r\n`, `\n` or a lone `\r`) and characters, not bytes. Where the parser's message
//! would point somewhere vaguer, the cause is named instead: the bracket that was never
//! closed, a merge conflict marker, or an encoding cookie after a BOM, which CPython
//! refuses before it parses anything.

use std::fmt;

use ruff_python_ast::token::{Token, TokenKind};
use ruff_text_size::{Ranged, TextSize};

/// Where a source stops being Python, 1-based like Python's own messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for SyntaxError {}

/// A file that starts with a UTF-8 BOM may declare no other encoding: CPython refuses
/// `# coding: latin-1` (and even the alias `utf8`) after a BOM.
pub(crate) fn check_cookie(bom: &str, code: &str) -> Result<(), SyntaxError> {
    if bom.is_empty() {
        return Ok(());
    }
    for (i, line) in super::text::split_lines(code).take(2).enumerate() {
        let trimmed = line.trim_start();
        if !trimmed.starts_with('#') {
            if trimmed.is_empty() {
                continue;
            }
            break;
        }
        let Some(at) = trimmed.find("coding").map(|at| at + "coding".len()) else {
            continue;
        };
        let rest = &trimmed[at..];
        let Some(rest) = rest.strip_prefix([':', '=']) else {
            continue;
        };
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        let normal = name.to_ascii_lowercase().replace('_', "-");
        if !name.is_empty() && normal != "utf-8" && !normal.starts_with("utf-8-") {
            return Err(SyntaxError {
                line: i + 1,
                column: 1,
                message: format!("encoding problem: {name} with BOM"),
            });
        }
    }
    Ok(())
}

pub(crate) fn error_at(code: &str, at: usize, message: &str) -> SyntaxError {
    let at = floor_boundary(code, at);
    let before = &code[..at];
    // Line breaks as Python counts them: `\r\n`, `\n` or a lone `\r`.
    let line = before.matches('\n').count() + before.matches('\r').count()
        - before.matches("\r\n").count()
        + 1;
    let line_begin = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let column = before[line_begin..].chars().count() + 1;
    SyntaxError {
        line,
        column,
        message: message.to_string(),
    }
}

fn floor_boundary(code: &str, mut at: usize) -> usize {
    at = at.min(code.len());
    while !code.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// An error at the end of the source with a bracket still open is that bracket's fault,
/// and CPython says so ("'(' was never closed") where the bracket is.
pub(super) fn never_closed(code: &str, tokens: &[Token], at: usize) -> Option<SyntaxError> {
    let last = tokens.iter().rfind(|t| {
        !t.kind().is_trivia()
            && !matches!(
                t.kind(),
                TokenKind::EndOfFile | TokenKind::Newline | TokenKind::Dedent
            )
    })?;
    if at < last.start().to_usize() {
        return None;
    }
    let mut open: Vec<&Token> = Vec::new();
    for t in tokens {
        match t.kind() {
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => open.push(t),
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                open.pop();
            }
            _ => {}
        }
    }
    let bracket = open.last()?;
    let start = bracket.start().to_usize();
    let text = code.get(start..start + 1).unwrap_or("(");
    Some(error_at(code, start, &format!("'{text}' was never closed")))
}

pub(super) fn conflict_marker(code: &str, tokens: &[Token]) -> Option<SyntaxError> {
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let marker = ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
            .into_iter()
            .find(|m| line.starts_with(m));
        if let Some(marker) = marker
            && !inside_string(tokens, offset)
        {
            return Some(error_at(
                code,
                offset,
                &format!("merge conflict marker `{marker}`"),
            ));
        }
        offset += line.len();
    }
    None
}

/// Whether `at` lies in a string literal, where a marker-like line is just text.
fn inside_string(tokens: &[Token], at: usize) -> bool {
    let at = TextSize::try_from(at).unwrap_or(TextSize::new(u32::MAX));
    let i = tokens.partition_point(|t| t.end() <= at);
    tokens.get(i).is_some_and(|t| {
        t.start() <= at
            && matches!(
                t.kind(),
                TokenKind::String | TokenKind::FStringMiddle | TokenKind::TStringMiddle
            )
    })
}

#[cfg(test)]
mod tests {
    use crate::python::check_syntax;

    #[test]
    fn errors() {
        let e = check_syntax("x = 1\ny = (\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 5), "{e}");
        assert!(e.message.contains("was never closed"), "{e}");
        let e =
            check_syntax("a = 1\n<<<<<<< HEAD\nb = 2\n=======\nb = 3\n>>>>>>> x\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.to_string().contains("merge conflict"), "{e}");
        let e = check_syntax("def f(:\n    pass\n").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        assert!(check_syntax("é = = 1\n").is_err());
        let e = check_syntax("a = 1\n  b = 2\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e = check_syntax("if a:\n    b = 1\n  c = 2\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(check_syntax("print 'x'\n").is_err());
        assert!(check_syntax("if a: b = 1\nif c:\n\tx = 1\n\ty = 2\n  # odd comment\n").is_ok());
        assert!(check_syntax("a = 1\0\n").is_err());
    }
}
