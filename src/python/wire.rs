//! Adding the import and the `include_router` call (SPEC §5), and the read-only queries
//! `is_wired` and `imported_names` that `check` builds on.

use std::cmp::Ordering;

use anyhow::Result;

use super::Wiring;
use super::model::{self, FromImport, Kind, Module, Top};
use super::order::{from_statement_cmp, member_cmp};
use super::syntax::{SyntaxError, Target, check_cookie, check_syntax_for, parse_checked};
use super::text::{
    LINE_LENGTH, Splice, apply, ends_line, is_blank_line, is_comment_line, line_at, line_start,
    lines_at, newline_of, next_line_start, prev_line_start, split_bom, split_lines, starts_line,
    width,
};
use crate::error::invalid;

/// The outcome of `wire`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireChange {
    /// Already imported and included: the source stays byte-identical.
    Unchanged,
    /// The new source, and which halves were missing and got added.
    Patched {
        source: String,
        added_import: bool,
        added_include: bool,
    },
}

/// A validated `Wiring`, with the parts of `include_args` the edits need.
pub(crate) struct Spec<'a> {
    pub w: &'a Wiring<'a>,
    /// The first argument without whitespace: what makes an include "the same".
    pub first_arg: String,
    /// The arguments as written, for wrapping a call that is too long.
    pub args: Vec<String>,
    /// What the first argument refers to once `name` is imported from `module`
    /// (`petsage.api.v1.endpoints.smoke_test.router`): an include of it in any spelling
    /// is this include.
    pub target: String,
}

impl<'a> Spec<'a> {
    pub(crate) fn new(w: &'a Wiring<'a>) -> Result<Self> {
        if !is_dotted(w.module) {
            return Err(invalid(format!(
                "`{}` is not a Python module path",
                w.module
            )));
        }
        for (what, value) in [("name", w.name), ("router variable", w.router)] {
            if !is_identifier(value) {
                return Err(invalid(format!("`{value}` is not a valid Python {what}")));
            }
        }
        let bad_args = || {
            invalid(format!(
                "`{}` is not a valid argument list for include_router",
                w.include_args
            ))
        };
        if w.include_args.contains(['\n', '\r', '#']) {
            return Err(bad_args());
        }
        let (first_arg, args) = match simple_args(w.include_args) {
            Some(found) => found,
            None => parsed_args(w.include_args).ok_or_else(bad_args)?,
        };
        let target = match first_arg.split_once('.') {
            Some((head, rest)) if head == w.name => format!("{}.{}.{rest}", w.module, w.name),
            None if first_arg == w.name => format!("{}.{}", w.module, w.name),
            _ => first_arg.clone(),
        };
        Ok(Spec {
            w,
            first_arg,
            args,
            target,
        })
    }

    /// The imported path (`module.name`).
    pub(crate) fn path(&self) -> String {
        format!("{}.{}", self.w.module, self.w.name)
    }

    /// How the file spells the include's first argument through the imports it has
    /// (`st.router`, `smoke_test_router`), if any import reaches it.
    pub(crate) fn spelling(&self, m: &Module) -> Option<String> {
        m.spelling_of(&self.target, self.w.within)
    }

    pub(crate) fn imported(&self, m: &Module) -> bool {
        self.spelling(m).is_some()
    }

    pub(crate) fn is_this_include(&self, m: &Module, include: &model::Include) -> bool {
        include.router == self.w.router
            && include.first_arg.as_deref().is_some_and(|arg| {
                arg == self.first_arg || m.canonical(arg, self.w.within) == self.target
            })
    }

    pub(crate) fn included(&self, m: &Module) -> bool {
        m.includes.iter().any(|i| self.is_this_include(m, i))
    }
}

/// The arguments of the usual include calls, read without the parser: `a.b` or `name`,
/// then any number of `, key="text"` (ASCII, no keyword, no quote or backslash in the
/// text). For such a list the parser would give exactly these: the first argument
/// (already without whitespace) and each argument as written. Anything else: `None`.
fn simple_args(include_args: &str) -> Option<(String, Vec<String>)> {
    fn name(s: &str) -> bool {
        s.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic())
            && s.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
            && !crate::naming::is_python_keyword(s)
            && !matches!(s, "_" | "print" | "exec")
    }
    let mut args = Vec::new();
    for (i, arg) in include_args.split(", ").enumerate() {
        let ok = if i == 0 {
            arg.split('.').all(name)
        } else {
            arg.split_once('=').is_some_and(|(key, value)| {
                name(key)
                    && value.len() >= 2
                    && value.starts_with('"')
                    && value.ends_with('"')
                    && value[1..value.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ')
            })
        };
        if !ok {
            return None;
        }
        args.push(arg.to_string());
    }
    Some((args.first()?.clone(), args))
}

/// The first argument (without whitespace) and the arguments as written, from parsing
/// `_f({include_args})`; `None` if that is not exactly one call with those arguments.
fn parsed_args(include_args: &str) -> Option<(String, Vec<String>)> {
    let probe = format!("_f({include_args})\n");
    let source = parse_checked(&probe, Target::LATEST).ok()?;
    model::probe_arguments(&probe, source.module())
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

fn is_dotted(s: &str) -> bool {
    s.split('.').all(is_identifier)
}

/// Parses the source (BOM split off) or says where it is not Python.
pub(crate) fn load(source: &str, target: Target) -> Result<(&str, &str, Module)> {
    let (bom, code) = split_bom(source);
    let module = check_cookie(bom, code)
        .and_then(|()| read(code, target))
        .map_err(|e| invalid(format!("not valid Python ({e})")))?;
    Ok((bom, code, module))
}

/// Parses code without BOM and reads its summary.
pub(crate) fn read(code: &str, target: Target) -> Result<Module, SyntaxError> {
    let source = parse_checked(code, target)?;
    Ok(model::read(code, source.module(), source.tokens()))
}

/// Re-reads an intermediate result; it was produced by us, so a failure is ours.
pub(crate) fn reload(code: &str, what: &str, target: Target) -> Result<Module> {
    read(code, target).map_err(|e| {
        invalid(format!(
            "{what} would leave invalid Python ({e}); nothing changed"
        ))
    })
}

/// Adds whatever half of the wiring is missing.
pub fn wire(source: &str, w: &Wiring) -> Result<WireChange> {
    let spec = Spec::new(w)?;
    let (bom, code, m) = load(source, w.target)?;
    let imported = spec.imported(&m);
    let included = spec.included(&m);
    if imported && included {
        return Ok(WireChange::Unchanged);
    }
    if !included && router_assignment(&m, w.router).is_none() && last_include(&m, w).is_none() {
        return Err(invalid(format!(
            "cannot include `{}`: the router variable `{}` is never assigned at the top level",
            w.name, w.router
        )));
    }
    if !imported && let Some(line) = binds_otherwise(code, &m, w) {
        return Err(invalid(format!(
            "`{}` is already bound on line {line} to something else; importing the \
             feature under that name would replace it (choose another feature name)",
            w.name
        )));
    }
    // Imported under another spelling (an alias, a relative or a plain import): the
    // include uses that spelling, and no second import is added.
    if imported
        && !included
        && let Some(spelled) = spec.spelling(&m).filter(|s| *s != spec.first_arg)
    {
        let mut args = vec![spelled];
        args.extend(spec.args.iter().skip(1).cloned());
        let args = args.join(", ");
        let respelled = Wiring {
            include_args: &args,
            ..*w
        };
        return add_missing(bom, code, m, &Spec::new(&respelled)?, (imported, included));
    }
    add_missing(bom, code, m, &spec, (imported, included))
}

/// The line where the module binds `w.name` at the top level to anything but the
/// module being wired: an import of something else, an assignment (the router variable
/// itself), a `def` or a `class`. Importing the feature there would rebind it.
fn binds_otherwise(code: &str, m: &Module, w: &Wiring) -> Option<usize> {
    let line_of = |at: usize| split_lines(&code[..at.min(code.len())]).count();
    let path = format!("{}.{}", w.module, w.name);
    let imported = m
        .bindings
        .iter()
        .filter(|b| b.top && b.name == w.name)
        .find(|b| super::refs::resolve(b, w.within).is_none_or(|t| t != path))
        .map(|b| b.line);
    let defined = m
        .tops
        .iter()
        .find(|t| match &t.kind {
            Kind::Assign(names) => names.iter().any(|n| n == w.name),
            Kind::Definition(name) => name == w.name,
            _ => false,
        })
        .map(|t| line_of(t.start));
    match (imported, defined) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Adds the halves that are missing: the import unless imported, the include unless
/// included.
fn add_missing(
    bom: &str,
    code: &str,
    m: Module,
    spec: &Spec,
    (imported, included): (bool, bool),
) -> Result<WireChange> {
    let w = spec.w;
    let nl = newline_of(code);
    let what = format!("wiring `{}`", w.name);
    let imports = if imported {
        Vec::new()
    } else {
        import_splices(code, &m, w, nl)
    };
    // When every import edit lies before the statement the include goes after, the text
    // from that statement on is the same after the import, only shifted: the include is
    // placed from the first parse, which saves re-parsing the whole file in between (a
    // large part of the work on an aggregator of a thousand features). Any other case,
    // and a result that does not parse (to report it the same way), go step by step.
    let together = if !included
        && let Some(anchor) = include_anchor(&m, spec)
        && imports.iter().all(|s| s.start <= s.end && s.end <= anchor)
    {
        let mut splices = imports.clone();
        splices.extend(include_splices(code, &m, spec, nl)?);
        Some(splices)
    } else {
        None
    };
    // The summary of the module is not needed any more: let it go before parsing again
    // (on a large aggregator it adds to the peak memory of that parse).
    drop(m);
    if let Some(splices) = together {
        let current = apply(code, &splices);
        if check_syntax_for(&current, w.target).is_ok() {
            return Ok(WireChange::Patched {
                source: format!("{bom}{current}"),
                added_import: !imported,
                added_include: true,
            });
        }
    }
    let mut current = code.to_string();
    if !imported {
        current = apply(&current, &imports);
    }
    if !included {
        let m = reload(&current, &what, w.target)?;
        current = apply(&current, &include_splices(&current, &m, spec, nl)?);
    }
    check_syntax_for(&current, w.target).map_err(|e| {
        invalid(format!(
            "{what} would leave invalid Python ({e}); nothing changed"
        ))
    })?;
    Ok(WireChange::Patched {
        source: format!("{bom}{current}"),
        added_import: !imported,
        added_include: !included,
    })
}

/// A module parsed once, for the read-only queries `check` asks of one file.
pub struct Parsed {
    module: Module,
}

impl Parsed {
    /// Parses `source` (BOM allowed), or says where it is not Python, as `check_syntax`.
    pub fn new(source: &str) -> Result<Parsed, SyntaxError> {
        Parsed::for_target(source, Target::LATEST)
    }

    /// As [`Parsed::new`], judging syntax by `target`.
    pub fn for_target(source: &str, target: Target) -> Result<Parsed, SyntaxError> {
        let (bom, code) = split_bom(source);
        check_cookie(bom, code)?;
        Ok(Parsed {
            module: read(code, target)?,
        })
    }

    /// As [`is_wired`].
    pub fn is_wired(&self, w: &Wiring) -> Result<(bool, bool)> {
        let spec = Spec::new(w)?;
        Ok((spec.imported(&self.module), spec.included(&self.module)))
    }

    /// As [`imported_names`].
    pub fn imported_names(&self, module: &str) -> Result<Vec<(String, usize)>> {
        if !is_dotted(module) {
            return Err(invalid(format!("`{module}` is not a Python module path")));
        }
        Ok(names_from(&self.module, module))
    }

    /// Whether any import of the file, in any scope and any spelling, reaches the module
    /// `module` or something inside it. `within` is the file's package.
    pub fn imports_module(&self, module: &str, within: &str) -> bool {
        self.module.imports_anywhere(module, within)
    }

    /// Every absolute module the file imports, in any scope (for `from m import n`
    /// both `m` and `m.n`, which may be a submodule).
    pub fn imported_modules(&self, within: &str) -> Vec<String> {
        self.module.imported_modules(within)
    }

    /// The modules of the package `package` this file imports at the top level, in any
    /// spelling (`from package import x`, `from .package import x as y`,
    /// `import package.x`, `from package.x import router`), with the import's line.
    pub fn modules_imported_from(&self, package: &str, within: &str) -> Vec<(String, usize)> {
        self.module
            .resolved(within)
            .filter_map(|(b, path)| Some((child_of(&path, package)?, b.line)))
            .collect()
    }

    /// The modules of the package `package` whose router is included on `router`, in
    /// any spelling, with the call's line: `router.include_router(x.router)` and
    /// `router.include_router(x_router)` where `x_router` is `package.x.router`.
    pub fn modules_included_from(
        &self,
        router: &str,
        package: &str,
        within: &str,
    ) -> Vec<(String, usize)> {
        self.module
            .includes
            .iter()
            .filter(|i| i.router == router)
            .filter_map(|i| {
                let path = self.module.canonical(i.first_arg.as_deref()?, within);
                Some((child_of(&path, package)?, i.line))
            })
            .collect()
    }

    /// Whether the file includes any router anywhere (`x.include_router(...)`).
    pub fn includes_any_router(&self) -> bool {
        !self.module.includes.is_empty()
    }

    /// The first argument (without whitespace) of every `{router}.include_router(...)`
    /// call at any depth, with the call's 1-based line, in document order.
    pub fn includes(&self, router: &str) -> Vec<(String, usize)> {
        self.module
            .includes
            .iter()
            .filter(|i| i.router == router)
            .filter_map(|i| Some((i.first_arg.clone()?, i.line)))
            .collect()
    }
}

/// The first component of `path` below `package` (`x` for `package.x.router`).
fn child_of(path: &str, package: &str) -> Option<String> {
    let rest = path.strip_prefix(package)?.strip_prefix('.')?;
    let child = rest.split('.').next()?;
    (!child.is_empty()).then(|| child.to_string())
}

/// Whether the name is imported and whether it is included, as `wire` decides it.
pub fn is_wired(source: &str, w: &Wiring) -> Result<(bool, bool)> {
    let spec = Spec::new(w)?;
    let (_, _, m) = load(source, w.target)?;
    Ok((spec.imported(&m), spec.included(&m)))
}

/// Names imported from `module` at the top level (also in a top-level `try`/`if`), with
/// the 1-based line of each; an alias is reported by the imported name.
pub fn imported_names(source: &str, module: &str) -> Result<Vec<(String, usize)>> {
    if !is_dotted(module) {
        return Err(invalid(format!("`{module}` is not a Python module path")));
    }
    let (_, _, m) = load(source, Target::LATEST)?;
    Ok(names_from(&m, module))
}

fn names_from(m: &Module, module: &str) -> Vec<(String, usize)> {
    m.from_imports
        .iter()
        .filter(|f| f.module.as_deref() == Some(module))
        .flat_map(|f| f.members.iter().map(|x| (x.name.clone(), x.line)))
        .collect()
}

/// The top-level `from {module} import` statements this wiring may join.
pub(crate) fn joinable<'m>(m: &'m Module, module: &str) -> Vec<&'m FromImport> {
    m.from_imports
        .iter()
        .filter(|f| f.direct && !f.wildcard && !f.members.is_empty())
        .filter(|f| f.module.as_deref() == Some(module))
        .collect()
}

fn import_splices(code: &str, m: &Module, w: &Wiring, nl: &str) -> Vec<Splice> {
    let same = joinable(m, w.module);
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

/// `from {module} import {name}`, wrapped the way ruff's isort wraps a long one.
fn render_from(module: &str, names: &[String], comment: &str) -> Vec<String> {
    let single = format!("from {module} import {}{comment}", names.join(", "));
    if width(&single) <= LINE_LENGTH {
        return vec![single];
    }
    let mut lines = vec![format!("from {module} import ({comment}")];
    lines.extend(names.iter().map(|n| format!("    {n},")));
    lines.push(")".to_string());
    lines
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
    if split_lines(&region).all(|l| width(l.trim_end()) <= LINE_LENGTH) {
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
    let mut lines = vec![format!("from {} import ({comment}", f.module_text.trim())];
    lines.extend(names.iter().map(|n| format!("    {n},")));
    lines.push(")".to_string());
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
    let lines = render_from(w.module, &[w.name.to_string()], "");
    let later = same.iter().position(|f| {
        f.members.first().is_some_and(|x| {
            member_cmp((&x.name, x.alias.as_deref()), (w.name, None)) == Ordering::Greater
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
fn import_block(m: &Module) -> Vec<&Top> {
    let mut block = Vec::new();
    for top in &m.tops {
        match &top.kind {
            Kind::Comment | Kind::Docstring => {}
            kind if is_import(kind) => block.push(top),
            _ => break,
        }
    }
    block
}

fn new_statement(code: &str, m: &Module, w: &Wiring, nl: &str) -> Vec<Splice> {
    let lines = render_from(w.module, &[w.name.to_string()], "");
    let package = w.module.split('.').next().unwrap_or(w.module);
    let in_package = |module: &str| {
        module == package
            || module
                .strip_prefix(package)
                .is_some_and(|r| r.starts_with('.'))
    };
    // The project's own imports form one isort section: join it at the sorted place.
    let siblings: Vec<(&Top, Option<&FromImport>)> = m
        .tops
        .iter()
        .filter_map(|top| match &top.kind {
            Kind::Import(p) if p == package => Some((top, None)),
            Kind::From(i) => m
                .from_imports
                .get(*i)
                .filter(|f| f.module.as_deref().is_some_and(in_package))
                .map(|f| (top, Some(f))),
            _ => None,
        })
        .collect();
    if !siblings.is_empty() {
        let later = siblings.iter().position(|(_, f)| {
            f.is_some_and(|f| {
                let first = f.members.first().map_or("", |x| x.name.as_str());
                let module = f.module.as_deref().unwrap_or("");
                from_statement_cmp((module, first), (w.module, w.name)) == Ordering::Greater
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
        .tops
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
        .tops
        .iter()
        .rfind(|t| t.end <= first_code.start && t.kind != Kind::Comment)
        .map(|t| t.end)
        .unwrap_or(0);
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

/// Where the statement starts that `include_splices` puts the new include after: the
/// last top-level include on the router, else the router's assignment.
fn include_anchor(m: &Module, spec: &Spec) -> Option<usize> {
    match last_include(m, spec.w) {
        Some((start, _)) => Some(start),
        None => router_assignment(m, spec.w.router).map(|t| t.start),
    }
}

/// The last top-level `{router}.include_router(...)` statement.
pub(crate) fn last_include(m: &Module, w: &Wiring) -> Option<(usize, usize)> {
    m.includes
        .iter()
        .filter(|i| i.router == w.router)
        .filter_map(|i| i.statement)
        .max_by_key(|s| s.1)
}

/// The last top-level statement assigning the router variable.
pub(crate) fn router_assignment<'m>(m: &'m Module, router: &str) -> Option<&'m Top> {
    m.tops
        .iter()
        .rfind(|t| matches!(&t.kind, Kind::Assign(names) if names.iter().any(|n| n == router)))
}

/// `{router}.include_router({args})`, wrapped the way ruff format would.
fn render_include(spec: &Spec) -> Vec<String> {
    let head = format!("{}.include_router(", spec.w.router);
    let single = format!("{head}{})", spec.w.include_args.trim());
    if width(&single) <= LINE_LENGTH {
        return vec![single];
    }
    let hugged = format!("    {}", spec.args.join(", "));
    if width(&hugged) <= LINE_LENGTH && !spec.args.is_empty() {
        return vec![head, hugged, ")".to_string()];
    }
    let mut lines = vec![head];
    lines.extend(spec.args.iter().map(|a| format!("    {a},")));
    lines.push(")".to_string());
    lines
}

fn include_splices(code: &str, m: &Module, spec: &Spec, nl: &str) -> Result<Vec<Splice>> {
    let lines = render_include(spec);
    if let Some((_, end)) = last_include(m, spec.w) {
        let at = next_line_start(code, end);
        return Ok(vec![Splice::insert(at, lines_at(code, at, &lines, nl))]);
    }
    let Some(created) = router_assignment(m, spec.w.router) else {
        return Err(invalid(format!(
            "cannot include `{}`: the router variable `{}` is never assigned at the top level",
            spec.w.name, spec.w.router
        )));
    };
    let at = next_line_start(code, created.end);
    let mut block = Vec::new();
    // Code right below the creation: set the first include apart from it.
    if at < code.len() && !is_blank_line(code, at) {
        block.push(String::new());
    }
    block.extend(lines);
    Ok(vec![Splice::insert(at, lines_at(code, at, &block, nl))])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wiring<'a>(include_args: &'a str) -> Wiring<'a> {
        Wiring {
            module: "petsage.api.v1.endpoints",
            name: "smoke_test",
            router: "api_v1_router",
            include_args,
            target: Target::LATEST,
            within: "petsage.api.v1",
        }
    }

    #[test]
    fn first_argument_is_the_identity_of_an_include() {
        let w = wiring("smoke_test . router ,  prefix = \"/x\"");
        let spec = Spec::new(&w).ok();
        assert_eq!(
            spec.as_ref().map(|s| s.first_arg.as_str()),
            Some("smoke_test.router")
        );
        assert_eq!(spec.map(|s| s.args.len()), Some(2));
        assert!(Spec::new(&wiring("a) + (b")).is_err());
        assert!(Spec::new(&wiring("a\nb")).is_err());
    }

    #[test]
    fn simple_arguments_read_as_the_parser_reads_them() {
        for args in [
            "smoke_test.router",
            "api_v1_router, prefix=\"/api/v1\"",
            "api_router, prefix=\"/api/v2 beta\"",
            "a.b.c, x=\"\", y=\"z\"",
            "r",
        ] {
            assert_eq!(simple_args(args), parsed_args(args), "{args}");
            assert!(simple_args(args).is_some(), "{args}");
        }
        for args in [
            "import.router",
            "a.router,",
            "a.router , x=\"1\"",
            "a.router, x = \"1\"",
            "a.router, x='1'",
            "a.router, x=\"\\\"\"",
            "a.router, x=\"é\"",
            "match.router",
            "_.router",
            "a..b",
            "",
            "1a.router",
            "a.router, prefix=\"/x\", None=\"y\"",
        ] {
            assert_eq!(simple_args(args), None, "{args}");
        }
    }

    #[test]
    fn long_lines_wrap_like_ruff() {
        let lines = render_from("petsage.api.v1.endpoints", &["x".repeat(60)], "");
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[2], ")");
        let args = format!("{}.router, prefix=\"/a\"", "n".repeat(50));
        let w = wiring(&args);
        let spec = Spec::new(&w).ok();
        let lines = spec.as_ref().map(render_include).unwrap_or_default();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[1].starts_with("    nnn") && !lines[1].ends_with(','));
    }

    #[test]
    fn parsed_finds_includes_on_the_router_only() {
        let src = "r = X()\nr.include_router(a.router)\nif t:\n    r.include_router(\n        b . router, prefix='/b')\nother.include_router(c.router)\n";
        let parsed = Parsed::new(src).ok();
        assert_eq!(
            parsed.map(|p| p.includes("r")),
            Some(vec![("a.router".into(), 2), ("b.router".into(), 4)])
        );
    }

    #[test]
    fn import_and_include_from_one_parse_match_step_by_step() {
        // The include is placed from the first parse; the result is the same as adding
        // the import, parsing again, then adding the include.
        let source = "from petsage.api.v1.endpoints import alpha\n\napi_v1_router = 1\napi_v1_router.include_router(alpha.router)\n";
        let change = wire(source, &wiring("smoke_test.router")).ok();
        assert_eq!(
            change,
            Some(WireChange::Patched {
                source: "from petsage.api.v1.endpoints import alpha, smoke_test\n\napi_v1_router = 1\napi_v1_router.include_router(alpha.router)\napi_v1_router.include_router(smoke_test.router)\n".to_string(),
                added_import: true,
                added_include: true,
            })
        );
    }

    #[test]
    fn half_wired_gets_the_other_half() {
        let source = "from petsage.api.v1.endpoints import smoke_test\n\napi_v1_router = 1\n";
        let change = wire(source, &wiring("smoke_test.router")).ok();
        assert_eq!(
            change,
            Some(WireChange::Patched {
                source: format!("{source}api_v1_router.include_router(smoke_test.router)\n"),
                added_import: false,
                added_include: true,
            })
        );
    }
}
