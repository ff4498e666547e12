//! Removing a wiring again (for `remove`): the imported name, and the import statement
//! if it was its only name, plus the top-level include statement(s).
//!
//! The blank-line clean-up mirrors what `wire` adds, so that wiring and unwiring a file
//! that had neither half gives back the original bytes.

use anyhow::Result;

use super::Wiring;
use super::include_placement::router_assignment;
use super::load::{load, reload};
use super::model::{FromImport, Module};
use super::refs::{resolve_path, within_path};
use super::syntax::check_syntax_for;
use super::text::{
    Splice, apply, ends_line, ends_with_newline, is_blank_line, line_at, line_start, newline_of,
    next_line_start, prev_line_start, starts_line,
};
use super::wiring_plan::WiringPlan;
use crate::error::invalid;

/// The outcome of `unwire`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnwireChange {
    /// Neither a removable import nor a top-level include was there.
    Unchanged,
    /// The new source, and which halves were found and removed.
    Patched {
        source: String,
        removed_import: bool,
        removed_include: bool,
    },
}

/// Guards the remove-one-and-re-read loops against any input that would not converge.
const MAX_EDITS: usize = 64;

/// Removes the import of `name` (only from top-level statements that can lose it without
/// leaving an empty block) and every top-level include of it on `router`. An import or
/// include nested in `try`/`if` stays: `is_wired` then still reports it.
pub fn unwire(source: &str, w: &Wiring) -> Result<UnwireChange> {
    let plan = WiringPlan::new(w)?;
    let (bom, code, first) = load(source, w.target)?;
    let what = format!("unwiring `{}`", w.name);
    let mut current = code.to_string();
    let mut m = first;
    let mut removed_import = false;
    let mut removed_include = false;
    // Includes first: they are recognised through the imports that name them.
    for _ in 0..MAX_EDITS {
        let Some(splices) = include_removal(&current, &m, &plan)? else {
            break;
        };
        current = apply(&current, &splices);
        m = reload(&current, &what, w.target)?;
        removed_include = true;
    }
    for _ in 0..MAX_EDITS {
        let Some(splices) = import_removal(&current, &m, &plan)? else {
            break;
        };
        current = apply(&current, &splices);
        m = reload(&current, &what, w.target)?;
        removed_import = true;
    }
    // Whatever is left would name a module that is about to be deleted.
    let left = m
        .includes
        .iter()
        .find(|i| plan.is_this_include(&m, i))
        .map(|i| i.line)
        .or_else(|| {
            let path = plan.path();
            m.bindings
                .iter()
                .find(|b| {
                    [&b.target, &b.imported].into_iter().any(|t| {
                        resolve_path(b.level, t, w.within).is_some_and(|t| within_path(&t, &path))
                    })
                })
                .map(|b| b.line)
        });
    if let Some(line) = left {
        return Err(invalid(format!(
            "cannot unwire `{}`: line {line} still refers to it in a form this tool does \
             not take out; remove it by hand, then run again",
            w.name
        )));
    }
    if !removed_import && !removed_include {
        return Ok(UnwireChange::Unchanged);
    }
    check_syntax_for(&current, w.target).map_err(|e| {
        invalid(format!(
            "{what} would leave invalid Python ({e}); nothing changed"
        ))
    })?;
    Ok(UnwireChange::Patched {
        source: format!("{bom}{current}"),
        removed_import,
        removed_include,
    })
}

fn import_removal(code: &str, m: &Module, plan: &WiringPlan) -> Result<Option<Vec<Splice>>> {
    let path = plan.path();
    let w = plan.wiring;
    for f in m.from_imports.iter().filter(|f| f.direct && !f.wildcard) {
        let Some(module) = resolve_path(f.level, &f.dotted, w.within) else {
            continue;
        };
        let found = f
            .members
            .iter()
            .position(|x| within_path(&format!("{module}.{}", x.name), &path));
        if let Some(i) = found {
            let splices = if f.members.len() == 1 {
                let cleanup =
                    |code: &str, start: usize, end: usize| import_blank_cleanup(code, start, end);
                remove_statement(code, f.start, f.end, cleanup, w)?
            } else {
                remove_member(code, f, i)
            };
            return Ok(Some(splices));
        }
    }
    Ok(None)
}

fn include_removal(code: &str, m: &Module, plan: &WiringPlan) -> Result<Option<Vec<Splice>>> {
    if let Some((list, index)) = plan.listed(m) {
        return Ok(Some(super::router_list::remove_splices(code, list, index)));
    }
    let router_end = router_assignment(m, plan.wiring.router).map(|t| line_start(code, t.end));
    let found = m
        .includes
        .iter()
        .filter(|i| plan.is_this_include(m, i))
        .find_map(|i| i.any_statement);
    let Some((start, end, sole)) = found else {
        return Ok(None);
    };
    let top_level = m.statements.iter().any(|t| t.start == start);
    if sole {
        // The only statement of its block: the block keeps a `pass`.
        return Ok(Some(vec![Splice {
            start,
            end,
            text: "pass".to_string(),
        }]));
    }
    if !top_level {
        return remove_statement(code, start, end, |_: &str, ls, le| (ls, le), plan.wiring)
            .map(Some);
    }
    let cleanup = |code: &str, ls: usize, le: usize| {
        // `wire` sets the first include apart from the router creation by one blank
        // line; and two blank lines should not close up into a double one.
        let Some(prev) = prev_line_start(code, ls).filter(|&p| is_blank_line(code, p)) else {
            return (ls, le);
        };
        let next_blank = le >= code.len() || is_blank_line(code, le);
        let after_creation = prev_line_start(code, prev).is_some_and(|pp| Some(pp) == router_end);
        if next_blank || after_creation {
            (prev, le)
        } else {
            (ls, le)
        }
    };
    remove_statement(code, start, end, cleanup, plan.wiring).map(Some)
}

/// Removes the whole lines of a statement, widened by `cleanup` to take blank lines.
fn remove_statement(
    code: &str,
    start: usize,
    end: usize,
    cleanup: impl Fn(&str, usize, usize) -> (usize, usize),
    w: &Wiring,
) -> Result<Vec<Splice>> {
    if !starts_line(code, start) || !ends_line(code, end) {
        return Err(invalid(format!(
            "cannot unwire `{}`: its statement shares a line with other code",
            w.name
        )));
    }
    let (ls, le) = cleanup(code, line_start(code, start), next_line_start(code, end));
    if le >= code.len() && !ends_with_newline(code) && ls > 0 {
        // The last line had no newline: take the one before it, so that the file
        // still ends without one.
        let nl = newline_of(code).len();
        return Ok(vec![Splice::delete(ls.saturating_sub(nl), le)]);
    }
    Ok(vec![Splice::delete(ls, le)])
}

/// The blank line `wire` puts before a new import section (or after an import placed
/// before the code) goes with the statement.
fn import_blank_cleanup(code: &str, ls: usize, le: usize) -> (usize, usize) {
    let prev_blank = prev_line_start(code, ls).filter(|&p| is_blank_line(code, p));
    let next_blank = is_blank_line(code, le);
    let next_is_code = le < code.len() && !next_blank && {
        let line = line_at(code, le).trim_start();
        !(line.starts_with("import ") || line.starts_with("from "))
    };
    match prev_blank {
        Some(p) if next_blank || next_is_code => (p, le),
        None if ls == 0 && next_blank => (ls, next_line_start(code, le)),
        _ => (ls, le),
    }
}

/// Takes one name out of a statement that keeps others.
fn remove_member(code: &str, f: &FromImport, i: usize) -> Vec<Splice> {
    let x = &f.members[i];
    let close = f.parens.map_or(f.end, |(_, c)| c);
    let limit = f.members.get(i + 1).map_or(close, |n| n.start);
    let after = &code[x.end..limit];
    let comma = after
        .trim_start()
        .starts_with(',')
        .then(|| x.end + after.len() - after.trim_start().len());
    let tail = comma.map_or(x.end, |c| c + 1);
    let multiline = code[f.start..f.end].contains(['\n', '\r']);
    if multiline && f.parens.is_some() && starts_line(code, x.start) && ends_line(code, tail) {
        let mut splices = vec![Splice::delete(
            line_start(code, x.start),
            next_line_start(code, tail),
        )];
        // The last member without a trailing comma: the new last one loses its comma.
        if comma.is_none()
            && i + 1 == f.members.len()
            && let Some(prev) = i.checked_sub(1).and_then(|p| f.members.get(p))
        {
            let between = &code[prev.end..x.start];
            if between.trim_start().starts_with(',') {
                let c = prev.end + between.len() - between.trim_start().len();
                splices.push(Splice::delete(c, c + 1));
            }
        }
        return splices;
    }
    match (
        f.members.get(i + 1),
        i.checked_sub(1).and_then(|p| f.members.get(p)),
    ) {
        (Some(next), _) => vec![Splice::delete(x.start, next.start)],
        (None, Some(prev)) => vec![Splice::delete(prev.end, x.end)],
        (None, None) => Vec::new(),
    }
}
