//! `detect [--write [--force] [--dry-run]]`: the `[tool.petsage-build]` section that fits
//! an existing project (SPEC §11), printed, or appended to pyproject.toml.

use std::io::Write;
use std::path::Path;

use super::write::finish;
use crate::detect::{self, Detection};
use crate::error::{invalid, refused};
use crate::exit::ExitStatus;
use crate::ops::write::{WriteOptions, lock_unless_dry_run};
use crate::plan::Plan;

/// The first line of what detect prints and writes.
pub const BANNER: &str =
    "# Found by `petsage-build detect`: each key says where; check them before relying on them.";

/// Prints the section (`write` false), or adds it to pyproject.toml through a plan:
/// refused when one is there unless `force` (then it is replaced in place); every
/// other byte of the file is kept.
pub fn run(
    root: Option<&Path>,
    write: bool,
    force: bool,
    opts: WriteOptions,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let cwd = std::env::current_dir()?;
    let root = crate::project::find_root(root, &cwd)?;
    let _lock = if write {
        lock_unless_dry_run(&root, opts, &mut super::printed(opts.quiet))?
    } else {
        None
    };
    let path = root.join("pyproject.toml");
    let text = match crate::fsread::read_opt(&path) {
        Ok(bytes) => bytes
            .map(String::from_utf8)
            .transpose()
            .map_err(|_| invalid("pyproject.toml is not UTF-8"))?,
        Err(e) => return Err(invalid(format!("cannot read pyproject.toml: {e}"))),
    };
    let found = detect::detect(&root, text.as_deref());
    if !write {
        let section = render(&found, "\n");
        if !opts.quiet || !found.missing.is_empty() {
            out.write_all(section.as_bytes())?;
        }
        return missing(&found).map(|()| ExitStatus::Success);
    }
    missing(&found)?;
    let Some(text) = text else {
        return Err(invalid(
            "no pyproject.toml in the project root: detect --write adds the section to it",
        ));
    };
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let section = render(&found, nl);
    let new = with_section(&text, &section, nl, force)?;
    // What we write must be a configuration petsage-build accepts.
    crate::config::Config::parse(&new).map_err(|e| {
        refused(format!(
            "the detected section is not usable ({e:#}); nothing was written"
        ))
    })?;
    let mut plan = Plan::new(&root)?;
    plan.patch("pyproject.toml", new.into_bytes())?;
    finish(&plan, opts, out)
}

fn render(found: &Detection, nl: &str) -> String {
    format!("{BANNER}{nl}{}", found.section(nl))
}

/// Exit 1 with what is missing when there is no app or no aggregator.
fn missing(found: &Detection) -> anyhow::Result<()> {
    if found.missing.is_empty() {
        return Ok(());
    }
    Err(refused(format!(
        "detect found no {} (see the comments above); nothing was written",
        found.missing.join(" and no ")
    )))
}

/// pyproject.toml with the section appended, or, with `force`, in place of the one there.
fn with_section(text: &str, section: &str, nl: &str, force: bool) -> anyhow::Result<String> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        invalid(format!(
            "pyproject.toml: invalid TOML: {}",
            e.message().trim()
        ))
    })?;
    let present = doc
        .get("tool")
        .and_then(|t| t.get("petsage-build"))
        .is_some();
    if !present {
        let mut new = text.to_string();
        if !new.is_empty() {
            if !new.ends_with('\n') {
                new.push_str(nl);
            }
            new.push_str(nl);
        }
        new.push_str(section);
        return Ok(new);
    }
    if !force {
        return Err(refused(
            "pyproject.toml already has a [tool.petsage-build] section; nothing was written \
             (run without --write to compare, or --force to replace it)",
        ));
    }
    let Some((start, end)) = section_span(text) else {
        return Err(refused(
            "pyproject.toml sets tool.petsage-build without a [tool.petsage-build] header \
             (dotted keys or an inline table); replace it by hand, nothing was written",
        ));
    };
    Ok(format!("{}{section}{}", &text[..start], &text[end..]))
}

/// The bytes of the `[tool.petsage-build]` table: from its header line to the next
/// header, without the blank and comment lines before that header. Headers are found by
/// toml_edit's parser, so a `[` at the start of a line inside a multi-line string is no
/// header. `None` when the table has no header of its own (dotted keys, an inline table)
/// or the text is not TOML.
fn section_span(text: &str) -> Option<(usize, usize)> {
    let doc = toml_edit::Document::parse(text).ok()?;
    let ours = doc
        .get("tool")
        .and_then(|t| t.as_table())
        .and_then(|t| t.get("petsage-build"))
        .and_then(|t| t.as_table())
        .filter(|t| !t.is_implicit() && !t.is_dotted())?;
    let header = ours.span()?;
    let mut headers = Vec::new();
    header_starts(doc.as_table(), &mut headers);
    let next = headers
        .into_iter()
        .filter(|&h| h > header.start)
        .min()
        .unwrap_or(text.len());
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let (offset, next) = (line_start(header.start), line_start(next));
    // The banner and notes detect wrote above the header go with it.
    let above = &text[..offset];
    let banner = above
        .rfind(BANNER)
        .filter(|&b| {
            above[b..]
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        })
        .filter(|&b| b == 0 || above[..b].ends_with('\n'));
    let start = banner.unwrap_or(offset);
    let header_end = text[header.end..next]
        .find('\n')
        .map_or(next, |i| header.end + i + 1);
    let mut end = header_end;
    let mut at = header_end;
    for line in text[header_end..next].split_inclusive('\n') {
        let trimmed = line.trim();
        at += line.len();
        if !trimmed.is_empty() && !trimmed.starts_with('#') || left_out(trimmed) {
            end = at;
        }
    }
    Some((start, end))
}

/// Where each table header (`[a]`, `[[b]]`) of `table` and the tables below it starts.
fn header_starts(table: &toml_edit::Table, out: &mut Vec<usize>) {
    for (_, item) in table {
        match item {
            toml_edit::Item::Table(t) => {
                if !t.is_implicit()
                    && !t.is_dotted()
                    && let Some(span) = t.span()
                {
                    out.push(span.start);
                }
                header_starts(t, out);
            }
            toml_edit::Item::ArrayOfTables(tables) => {
                for t in tables {
                    out.extend(t.span().map(|s| s.start));
                    header_starts(t, out);
                }
            }
            _ => {}
        }
    }
}

/// `# session_dependency: left out, ...`: the line detect writes for a key it leaves out,
/// which belongs to the section even as its last line.
fn left_out(line: &str) -> bool {
    line.strip_prefix("# ")
        .and_then(|rest| rest.split_once(": left out"))
        .is_some_and(|(key, _)| crate::config::is_key(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_left_out_last_key_belongs_to_the_section() {
        let text = "[tool.petsage-build]\npackage = \"a\"\n# model_base: left out, none\n";
        assert_eq!(section_span(text), Some((0, text.len())));
        let user = "[tool.petsage-build]\npackage = \"a\"\n# my own note\n";
        assert_eq!(
            section_span(user),
            Some((0, user.len() - "# my own note\n".len()))
        );
    }

    #[test]
    fn appends_keeping_every_byte() {
        let s = "[tool.petsage-build]\npackage = \"x\"\n";
        assert_eq!(
            with_section("[project]\nname = 'a'", s, "\n", false).unwrap(),
            format!("[project]\nname = 'a'\n\n{s}")
        );
        assert_eq!(with_section("", s, "\n", false).unwrap(), s);
    }

    #[test]
    fn an_existing_section_is_refused_or_replaced_in_place() {
        let old = "[a]\nx = 1\n\n[tool.petsage-build]\npackage = \"old\"\n\n# b's\n[b]\ny = 2\n";
        let s = "[tool.petsage-build]\npackage = \"new\"\n";
        let err = with_section(old, s, "\n", false).unwrap_err();
        assert!(format!("{err}").contains("--force"));
        assert_eq!(
            with_section(old, s, "\n", true).unwrap(),
            "[a]\nx = 1\n\n[tool.petsage-build]\npackage = \"new\"\n\n# b's\n[b]\ny = 2\n"
        );
        let ours = format!("[a]\n\n{BANNER}\n# import root: x\n{s}");
        let again = with_section(&ours, s, "\n", true).unwrap();
        assert_eq!(again, format!("[a]\n\n{s}"));
        let last = "[tool.petsage-build]\npackage = \"old\"\n";
        assert_eq!(with_section(last, s, "\n", true).unwrap(), s);
        let dotted = "[tool]\npetsage-build.package = \"old\"\n";
        assert!(with_section(dotted, s, "\n", true).is_err());
        // A header-like line inside a multi-line string is text, not the next table.
        let string = "[tool.petsage-build]\npackage = \"old\"\nnote = \"\"\"\n[not.a.table]\n\"\"\"\n\n[b]\n";
        assert_eq!(
            with_section(string, s, "\n", true).unwrap(),
            "[tool.petsage-build]\npackage = \"new\"\n\n[b]\n"
        );
        // Array-of-tables headers and subtables end the section too.
        let aot = "[tool.petsage-build]\npackage = \"old\"\n[[tool.other]]\nx = 1\n";
        assert_eq!(
            with_section(aot, s, "\n", true).unwrap(),
            "[tool.petsage-build]\npackage = \"new\"\n[[tool.other]]\nx = 1\n"
        );
    }
}
