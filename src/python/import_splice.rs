//! Splicing the feature's import into a file: joined into an existing `from … import`
//! at its sorted place, or a new statement where ruff's isort would put it, wrapped as
//! ruff wraps it when the line gets too long.

use std::cmp::Ordering;

use super::Wiring;
use super::model::{self, FromImport, Kind, Module, TopStatement};
use super::text::{
    Splice, apply, ends_line, is_blank_line, is_comment_line, line_at, line_start, lines_at,
    next_line_start, prev_line_start, split_lines, starts_line,
};
use crate::pyrules::{self, from_statement_cmp, member_cmp};

/// The top-level `from {module} import` statements this wiring may join.
pub(super) fn joinable<'m>(m: &'m Module, module: &str) -> Vec<&'m FromImport> {
    m.from_imports
        .iter()
        .filter(|f| f.direct && !f.wildcard && !f.members.is_empty())
        .filter(|f| squash(&f.module_text) == module)
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub(super) fn import_splices(code: &str, m: &Module, w: &Wiring, nl: &str) -> Vec<Splice> {
    let same = joinable(m, w.module);
    // ruff's isort keeps an aliased member on a line of its own (no combine-as-imports).
    if w.alias.is_some() {
        return match same.as_slice() {
            [] => new_statement(code, m, w, nl),
            _ => one_per_line(code, &same, w, nl),
        };
    }
    if let Some(f) = same
        .iter()
        .find(|f| f.members.len() > 1 || f.parens.is_some())
    {
        return join(code, f, w.name, nl);
    }
    match same.as_slice() {
        [] => new_statement(code, m, w, nl),
        [only] if only.members.iter().all(|x| x.alias.is_none()) => join(code, only, w.name, nl),
        _ => one_per_line(code, &same, w, nl),
    }
}

fn member_text(x: &model::Member) -> String {
    match &x.alias {
        Some(alias) => format!("{} as {alias}", x.name),
        None => x.name.clone(),
    }
}

/// Where a new member goes: before the first one that sorts after it.
fn sorted_index(f: &FromImport, name: &str) -> Option<usize> {
    f.members
        .iter()
        .position(|x| member_cmp((&x.name, x.alias.as_deref()), (name, None)) == Ordering::Greater)
}

fn join(code: &str, f: &FromImport, name: &str, nl: &str) -> Vec<Splice> {
    let multiline = code[f.start..f.end].contains(['\n', '\r']);
    if multiline && f.parens.is_some() {
        return join_parenthesised(code, f, name, nl);
    }
    let index = sorted_index(f, name);
    let splice = match (index, f.members.last()) {
        (Some(i), _) => Splice::insert(f.members[i].start, format!("{name}, ")),
        (None, Some(last)) => Splice::insert(last.end, format!(", {name}")),
        (None, None) => return Vec::new(),
    };
    // The joined statement with whatever trails it on its last line (a comment counts
    // toward the length for ruff's isort too).
    let region_start = line_start(code, f.start);
    let region_end = next_line_start(code, f.end);
    let region = apply(
        &code[region_start..region_end],
        &[Splice::insert(
            splice.start - region_start,
            splice.text.clone(),
        )],
    );
    if split_lines(&region).all(|l| pyrules::fits(l.trim_end())) {
        return vec![splice];
    }
    // Too long: rewrite just this statement in the parenthesised form ruff would use,
    // moving a trailing comment behind the `(` as ruff does.
    let mut names: Vec<String> = f.members.iter().map(member_text).collect();
    names.insert(index.unwrap_or(names.len()), name.to_string());
    let line_end = line_at(code, line_start(code, f.end)).len() + line_start(code, f.end);
    let rest = &code[f.end..line_end];
    let (end, comment) = if rest.trim_start().starts_with('#') {
        (line_end, format!("  {}", rest.trim()))
    } else {
        (f.end, String::new())
    };
    let lines = pyrules::from_import_wrapped(f.module_text.trim(), &names, &comment);
    vec![Splice {
        start: f.start,
        end,
        text: lines.join(nl),
    }]
}

fn join_parenthesised(code: &str, f: &FromImport, name: &str, nl: &str) -> Vec<Splice> {
    let Some((_, close)) = f.parens else {
        return Vec::new();
    };
    let indent_of = |pos: usize| code[line_start(code, pos)..pos].to_string();
    if let Some(i) = sorted_index(f, name) {
        let target = &f.members[i];
        if !starts_line(code, target.start) {
            return vec![Splice::insert(target.start, format!("{name}, "))];
        }
        let mut at = line_start(code, target.start);
        // A comment right above a member is about that member; the new one goes above
        // it. Not for the first member, whose comment more likely heads the list.
        if i > 0 {
            at = above_comments(code, at, f.members[i - 1].end);
        }
        let line = format!("{}{name},{nl}", indent_of(target.start));
        return vec![Splice::insert(at, line)];
    }
    let Some(last) = f.members.last() else {
        return Vec::new();
    };
    let after = &code[last.end..close];
    let comma = after
        .trim_start()
        .starts_with(',')
        .then(|| last.end + after.len() - after.trim_start().len());
    let tail = comma.map_or(last.end, |c| c + 1);
    let indent = indent_of(last.start);
    let own_lines =
        starts_line(code, last.start) && ends_line(code, tail) && starts_line(code, close);
    match (own_lines, comma) {
        (true, Some(_)) => vec![Splice::insert(
            next_line_start(code, tail),
            format!("{indent}{name},{nl}"),
        )],
        // Without a trailing comma the new last member gets none either.
        (true, None) => vec![
            Splice::insert(last.end, ",".to_string()),
            Splice::insert(next_line_start(code, tail), format!("{indent}{name}{nl}")),
        ],
        (false, Some(c)) => vec![Splice::insert(c + 1, format!(" {name},"))],
        (false, None) => vec![Splice::insert(last.end, format!(", {name}"))],
    }
}

/// Moves a line-start insertion point above the comment lines directly over it, but not
/// above `floor`.
fn above_comments(code: &str, mut at: usize, floor: usize) -> usize {
    while let Some(prev) = prev_line_start(code, at) {
        if prev < floor || !is_comment_line(code, prev) {
            break;
        }
        at = prev;
    }
    at
}

fn one_per_line(code: &str, same: &[&FromImport], w: &Wiring, nl: &str) -> Vec<Splice> {
    let lines = pyrules::from_import(w.module, &[w.member()], "");
    let later = same.iter().position(|f| {
        f.members.first().is_some_and(|x| {
            member_cmp((&x.name, x.alias.as_deref()), (w.name, w.alias)) == Ordering::Greater
        })
    });
    match later {
        Some(i) => {
            let mut at = line_start(code, same[i].start);
            if i > 0 {
                at = above_comments(code, at, same[i - 1].end);
            }
            vec![Splice::insert(at, lines_at(code, at, &lines, nl))]
        }
        None => {
            let end = same.last().map_or(0, |f| f.end);
            let at = next_line_start(code, end);
            vec![Splice::insert(at, lines_at(code, at, &lines, nl))]
        }
    }
}

fn is_import(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::Future | Kind::Import(_) | Kind::From(_) | Kind::ImportGuard
    )
}

/// The import statements at the head of the file (after docstring and comments).
fn import_block(m: &Module) -> Vec<&TopStatement> {
    let mut block = Vec::new();
    for top in &m.statements {
        match &top.kind {
            Kind::Comment | Kind::Docstring => {}
            kind if is_import(kind) => block.push(top),
            _ => break,
        }
    }
    block
}

fn new_statement(code: &str, m: &Module, w: &Wiring, nl: &str) -> Vec<Splice> {
    let lines = pyrules::from_import(w.module, &[w.member()], "");
    let (level, _) = w.relative_parts();
    let package = w.module.split('.').next().unwrap_or(w.module);
    let in_package = |f: &FromImport| match &f.module {
        // Relative imports are a section of their own, after the project's.
        None => level > 0,
        Some(module) => {
            level == 0
                && (module == package
                    || module
                        .strip_prefix(package)
                        .is_some_and(|r| r.starts_with('.')))
        }
    };
    // The project's own imports form one isort section: join it at the sorted place.
    let siblings: Vec<(&TopStatement, Option<&FromImport>)> = m
        .statements
        .iter()
        .filter_map(|top| match &top.kind {
            Kind::Import(p) if level == 0 && p == package => Some((top, None)),
            Kind::From(i) => m
                .from_imports
                .get(*i)
                .filter(|f| in_package(f))
                .map(|f| (top, Some(f))),
            _ => None,
        })
        .collect();
    if !siblings.is_empty() {
        // ruff orders relative imports furthest first (`..` before `.`), then by module.
        let key = |level: u32, module: &str| (std::cmp::Reverse(level), module.to_string());
        let later = siblings.iter().position(|(_, f)| {
            f.is_some_and(|f| {
                let first = f.members.first().map_or("", |x| x.name.as_str());
                let mine = key(level, w.module.trim_start_matches('.'));
                let theirs = key(f.level, &f.dotted);
                theirs
                    .0
                    .cmp(&mine.0)
                    .then_with(|| from_statement_cmp((&theirs.1, first), (&mine.1, w.name)))
                    == Ordering::Greater
            })
        });
        let at = match later {
            Some(0) => line_start(code, siblings[0].0.start),
            Some(i) => above_comments(
                code,
                line_start(code, siblings[i].0.start),
                siblings[i - 1].0.end,
            ),
            None => next_line_start(code, siblings.last().map_or(0, |(t, _)| t.end)),
        };
        return vec![Splice::insert(at, lines_at(code, at, &lines, nl))];
    }
    // Otherwise a new section of its own after the last import.
    if let Some(last) = import_block(m).last() {
        let at = next_line_start(code, last.end);
        let mut block = vec![String::new()];
        block.extend(lines);
        return vec![Splice::insert(at, lines_at(code, at, &block, nl))];
    }
    // No imports at all: after docstring and header comments, before the code (and the
    // comments that belong to it), with the blank lines ruff wants after imports.
    let first_code = m
        .statements
        .iter()
        .find(|t| !matches!(t.kind, Kind::Comment | Kind::Docstring));
    let Some(first_code) = first_code else {
        let at = code.len();
        let mut block = Vec::new();
        if !code.trim().is_empty()
            && !code.ends_with("\n\n")
            && !code.ends_with("\r\n\r\n")
            && !code.ends_with("\r\r")
        {
            block.push(String::new());
        }
        block.extend(lines);
        return vec![Splice::insert(at, lines_at(code, at, &block, nl))];
    };
    // Never back up into the docstring, even if one of its lines looks like a comment.
    let floor = m
        .statements
        .iter()
        .rfind(|t| t.end <= first_code.start && t.kind != Kind::Comment)
        .map_or(0, |t| t.end);
    let at = above_comments(code, line_start(code, first_code.start), floor);
    let mut block = Vec::new();
    if prev_line_start(code, at).is_some_and(|p| !is_blank_line(code, p)) {
        block.push(String::new());
    }
    block.extend(lines);
    block.push(String::new());
    if matches!(first_code.kind, Kind::Definition(_)) {
        block.push(String::new());
    }
    vec![Splice::insert(at, lines_at(code, at, &block, nl))]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::sample_wiring as wiring;
    use crate::python::{WireChange, wire};

    #[test]
    fn wide_characters_count_twice() {
        // 69 characters, but 89 columns to ruff: the joined import is wrapped.
        let wide = "日本".repeat(10);
        let src =
            format!("from petsage.api.v1.endpoints import {wide}\n\napi_v1_router = APIRouter()\n");
        let Ok(WireChange::Patched { source, .. }) = wire(&src, &wiring("smoke_test.router"))
        else {
            panic!("not patched");
        };
        assert!(
            source.starts_with(&format!(
                "from petsage.api.v1.endpoints import (\n    smoke_test,\n    {wide},\n)\n"
            )),
            "{source}"
        );
    }

    #[test]
    fn long_lines_wrap_like_ruff() {
        let lines = pyrules::from_import("petsage.api.v1.endpoints", &["x".repeat(60)], "");
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[2], ")");
    }
}
