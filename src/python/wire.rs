//! Adding the import and the `include_router` call (SPEC §5), and the read-only queries
//! `is_wired` and `imported_names` that `check` builds on.

use std::cmp::Ordering;

use anyhow::Result;

use super::Wiring;
use super::model::{self, FromImport, Kind, Module, Top};
use super::syntax::{SyntaxError, Target, check_cookie, check_syntax_for, parse_checked};
use super::text::{
    Splice, apply, ends_line, is_blank_line, is_comment_line, line_at, line_start, lines_at,
    newline_of, next_line_start, prev_line_start, split_bom, split_lines, starts_line,
};
use crate::error::invalid;
use crate::pyrules::{self, from_statement_cmp, is_dotted, is_identifier, member_cmp};

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
    /// The module, absolute (a relative one resolved from `within`).
    pub module: String,
}

impl<'a> Spec<'a> {
    pub(crate) fn new(w: &'a Wiring<'a>) -> Result<Self> {
        let (level, dotted) = w.relative_parts();
        if !(is_dotted(dotted) || level > 0 && dotted.is_empty()) {
            return Err(invalid(format!(
                "`{}` is not a Python module path",
                w.module
            )));
        }
        let module = super::refs::resolve_path(level, dotted, w.within).ok_or_else(|| {
            invalid(format!(
                "`{}` climbs above the package `{}`",
                w.module, w.within
            ))
        })?;
        if let Some(alias) = w.alias
            && !is_identifier(alias)
        {
            return Err(invalid(format!("`{alias}` is not a valid Python alias")));
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
        let bound = w.bound();
        let target = match first_arg.split_once('.') {
            Some((head, rest)) if head == bound => format!("{module}.{}.{rest}", w.name),
            None if first_arg == bound => format!("{module}.{}", w.name),
            _ => first_arg.clone(),
        };
        Ok(Spec {
            w,
            first_arg,
            args,
            target,
            module,
        })
    }

    /// The imported path (`module.name`, absolute).
    pub(crate) fn path(&self) -> String {
        format!("{}.{}", self.module, self.w.name)
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
    if !imported && let Some(line) = binds_otherwise(code, &m, &spec) {
        return Err(invalid(format!(
            "`{}` is already bound on line {line} to something else; importing the \
             feature under that name would replace it (choose another feature name)",
            w.bound()
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
fn binds_otherwise(code: &str, m: &Module, spec: &Spec) -> Option<usize> {
    let w = spec.w;
    let line_of = |at: usize| split_lines(&code[..at.min(code.len())]).count();
    let path = spec.path();
    let bound = w.bound();
    let imported = m
        .bindings
        .iter()
        .filter(|b| b.top && b.name == bound)
        .find(|b| super::refs::resolve(b, w.within).is_none_or(|t| t != path))
        .map(|b| b.line);
    let defined = m
        .tops
        .iter()
        .find(|t| match &t.kind {
            Kind::Assign(names) => names.iter().any(|n| n == bound),
            Kind::Definition(name) => name == bound,
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

/// How a name is written in the siblings' include arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `pet_profile`
    Snake,
    /// `pet-profile`
    Kebab,
    /// `Pet Profile`
    Title,
}

/// The arguments every endpoint include on the router shares (SPEC §11 "house style"):
/// `prefix="/<name>"`, `tags=["<name>"]`, and keywords written the same for all
/// (`dependencies=[Depends(auth)]`), in the order the siblings write them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IncludePattern {
    pub prefix: Option<Case>,
    pub tags: Option<Case>,
    /// `(keyword, value as written)` shared verbatim by every sibling.
    pub same: Vec<(String, String)>,
    /// The keywords in the siblings' order.
    pub order: Vec<String>,
}

/// How a file imports its endpoint modules (see [`Parsed::import_style`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportStyle {
    /// `from .endpoints import x` rather than `from pkg.api.endpoints import x`.
    pub relative: bool,
    /// `from pkg.endpoints.x import router as x{suffix}` rather than
    /// `from pkg.endpoints import x`, with the suffix the neighbours use (`_router`).
    pub router_suffix: Option<String>,
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
    pub fn modules_imported_from(
        &self,
        (prefix, suffix): (&str, &str),
        within: &str,
    ) -> Vec<(String, usize)> {
        self.module
            .resolved(within)
            .filter_map(|(b, path)| Some((name_in(&path, prefix, suffix)?, b.line)))
            .collect()
    }

    /// The modules of the package `package` whose router is included on `router`, in
    /// any spelling, with the call's line: `router.include_router(x.router)` and
    /// `router.include_router(x_router)` where `x_router` is `package.x.router`.
    pub fn modules_included_from(
        &self,
        router: &str,
        (prefix, suffix): (&str, &str),
        within: &str,
    ) -> Vec<(String, usize)> {
        self.module
            .includes
            .iter()
            .filter(|i| i.router == router)
            .filter_map(|i| {
                let path = self.module.canonical(i.first_arg.as_deref()?, within);
                Some((name_in(&path, prefix, suffix)?, i.line))
            })
            .collect()
    }

    /// How the file imports the modules of the package `package` (its endpoint modules),
    /// so that a new import looks like its neighbours: the majority decides.
    /// `prefix` and `suffix` surround a feature's name in its endpoint module
    /// (`"app.api.routes."` and `""`, or `"app."` and `".views"`).
    pub fn import_style(&self, prefix: &str, suffix: &str, within: &str) -> ImportStyle {
        let package = prefix.trim_end_matches('.');
        let (mut relative, mut absolute, mut modules, mut routers) = (0, 0, 0, 0);
        let mut suffixes: Vec<String> = Vec::new();
        for f in self.module.from_imports.iter().filter(|f| f.direct) {
            let Some(module) = super::refs::resolve_path(f.level, &f.dotted, within) else {
                continue;
            };
            let counted = if suffix.is_empty() && module == package {
                modules += f.members.len();
                true
            } else if let Some(child) = name_in(&module, prefix, suffix)
                .filter(|c| module.len() == prefix.len() + c.len() + suffix.len())
            {
                let aliased = f.members.iter().filter_map(|x| {
                    (x.name == "router").then_some(x.alias.as_deref()?.strip_prefix(&child)?)
                });
                let before = suffixes.len();
                suffixes.extend(aliased.map(str::to_string));
                routers += suffixes.len() - before;
                suffixes.len() > before
            } else {
                false
            };
            if counted {
                if f.level > 0 {
                    relative += 1;
                } else {
                    absolute += 1;
                }
            }
        }
        let router_suffix = (routers > modules)
            .then(|| {
                let mut counts: Vec<(usize, &String)> = suffixes
                    .iter()
                    .map(|s| (suffixes.iter().filter(|t| *t == s).count(), s))
                    .collect();
                counts.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
                counts.first().map(|(_, s)| (*s).clone())
            })
            .flatten()
            .filter(|s| s.is_empty() || is_identifier(&format!("x{s}")));
        ImportStyle {
            relative: relative > absolute,
            router_suffix,
        }
    }

    /// What a dotted expression refers to through the file's top-level imports, as an
    /// absolute path (`app.api.routes.api.router` for `api_router` after
    /// `from app.api.routes.api import router as api_router`); the text itself when its
    /// head is not imported. `within` is the file's package.
    pub fn resolve(&self, expr: &str, within: &str) -> String {
        self.module.canonical(expr, within)
    }

    /// What the top-level includes of endpoint modules on `router` have in common, when
    /// there are at least two and they agree (see [`IncludePattern`]).
    pub fn include_pattern(
        &self,
        router: &str,
        (prefix, suffix): (&str, &str),
        within: &str,
    ) -> Option<IncludePattern> {
        let siblings: Vec<(String, &model::Include)> = self
            .module
            .includes
            .iter()
            .filter(|i| i.router == router && i.statement.is_some())
            .filter_map(|i| {
                let path = self.module.canonical(i.first_arg.as_deref()?, within);
                Some((name_in(&path, prefix, suffix)?, i))
            })
            .collect();
        if siblings.len() < 2 {
            return None;
        }
        let order: Vec<String> = siblings[0]
            .1
            .keywords
            .iter()
            .map(|(k, _)| k.clone())
            .collect();
        if siblings
            .iter()
            .any(|(_, i)| i.keywords.iter().map(|(k, _)| k).ne(order.iter()))
        {
            return None;
        }
        let value = |i: &model::Include, key: &str| {
            i.keywords
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        // Where single-word names cannot tell cases apart, URLs take kebab case and tags
        // snake case.
        let case_of = |key: &str, wrap: fn(&str) -> String| -> Option<Case> {
            let cases = if key == "prefix" {
                [Case::Kebab, Case::Snake, Case::Title]
            } else {
                [Case::Snake, Case::Title, Case::Kebab]
            };
            cases.into_iter().find(|case| {
                siblings
                    .iter()
                    .all(|(name, i)| value(i, key).is_some_and(|v| v == wrap(&spell(name, *case))))
            })
        };
        let pattern = IncludePattern {
            prefix: order
                .iter()
                .any(|k| k == "prefix")
                .then(|| case_of("prefix", |n| format!("\"/{n}\"")))
                .flatten(),
            tags: order
                .iter()
                .any(|k| k == "tags")
                .then(|| case_of("tags", |n| format!("[\"{n}\"]")))
                .flatten(),
            same: order
                .iter()
                .filter(|k| *k != "prefix" && *k != "tags")
                .filter_map(|k| {
                    // One line of plain code: what an include argument list may carry.
                    let first =
                        value(siblings[0].1, k).filter(|v| !v.contains(['\n', '\r', '#']))?;
                    siblings
                        .iter()
                        .all(|(_, i)| value(i, k).as_deref() == Some(first.as_str()))
                        .then(|| (k.clone(), first))
                })
                .collect(),
            order,
        };
        // Keywords that vary in a way not understood: no pattern to follow.
        let understood = pattern.order.iter().all(|k| match k.as_str() {
            "prefix" => pattern.prefix.is_some(),
            "tags" => pattern.tags.is_some(),
            k => pattern.same.iter().any(|(s, _)| s == k),
        });
        understood.then_some(pattern)
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

/// `name` (snake case) in the given case.
pub fn spell(name: &str, case: Case) -> String {
    match case {
        Case::Snake => name.to_string(),
        Case::Kebab => name.replace('_', "-"),
        Case::Title => name
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The feature name in `path` when it is (or lies in) `{prefix}{name}{suffix}`: `x` for
/// `pkg.endpoints.x.router` with prefix `pkg.endpoints.`, or `app.x.views` with prefix
/// `app.` and suffix `.views`.
fn name_in(path: &str, prefix: &str, suffix: &str) -> Option<String> {
    let rest = path.strip_prefix(prefix)?;
    let name = rest.split('.').next()?;
    let after = &rest[name.len()..];
    let fits = after
        .strip_prefix(suffix)
        .is_some_and(|tail| tail.is_empty() || tail.starts_with('.'));
    (!name.is_empty() && fits).then(|| name.to_string())
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
        .filter(|f| squash(&f.module_text) == module)
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn import_splices(code: &str, m: &Module, w: &Wiring, nl: &str) -> Vec<Splice> {
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
    let siblings: Vec<(&Top, Option<&FromImport>)> = m
        .tops
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
    pyrules::include_router(spec.w.router, spec.w.include_args.trim(), &spec.args)
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
            alias: None,
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
    fn names_are_python_identifiers() {
        for name in ["class", "a½", "None"] {
            let w = Wiring {
                name,
                ..wiring("smoke_test.router")
            };
            let err = Spec::new(&w).err().map(|e| e.to_string());
            assert_eq!(
                err.as_deref(),
                Some(format!("`{name}` is not a valid Python name").as_str())
            );
        }
        let w = Wiring {
            module: "app.class",
            ..wiring("smoke_test.router")
        };
        assert!(Spec::new(&w).is_err());
        let w = Wiring {
            name: "café",
            ..wiring("café.router")
        };
        assert!(Spec::new(&w).is_ok());
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
    fn import_style_follows_the_majority_of_endpoint_imports() {
        let style = |code: &str| {
            Parsed::new(code)
                .map(|p| p.import_style("app.api.routes.", "", "app.api"))
                .unwrap_or_default()
        };
        assert_eq!(style("x = 1\n"), ImportStyle::default());
        assert_eq!(
            style("from app.api.routes import a, b\n"),
            ImportStyle::default()
        );
        assert_eq!(
            style("from .routes import a, b\n"),
            ImportStyle {
                relative: true,
                router_suffix: None
            }
        );
        let routers = "from app.api.routes.a import router as a_router\nfrom .routes.b import router as b_router\nfrom .routes.c import router as c_router\n";
        assert_eq!(
            style(routers),
            ImportStyle {
                relative: true,
                router_suffix: Some("_router".into())
            }
        );
        // Other packages do not count.
        assert_eq!(
            style("from fastapi import APIRouter\nfrom .deps import x as y\n"),
            ImportStyle::default()
        );
    }

    #[test]
    fn include_pattern_is_what_every_sibling_shares() {
        let pattern = |code: &str| {
            Parsed::new(code)
                .ok()
                .and_then(|p| p.include_pattern("r", ("app.routes.", ""), "app"))
        };
        let shared = "from app.routes import items, user_groups\nr.include_router(items.router, prefix=\"/items\", tags=[\"Items\"], dependencies=[Depends(auth)])\nr.include_router(user_groups.router, prefix=\"/user-groups\", tags=[\"User Groups\"], dependencies=[Depends(auth)])\n";
        assert_eq!(
            pattern(shared),
            Some(IncludePattern {
                prefix: Some(Case::Kebab),
                tags: Some(Case::Title),
                same: vec![("dependencies".into(), "[Depends(auth)]".into())],
                order: vec!["prefix".into(), "tags".into(), "dependencies".into()],
            })
        );
        // One sibling, differing keywords, or a prefix unlike the name: nothing to follow.
        assert_eq!(
            pattern("from app.routes import a\nr.include_router(a.router, prefix=\"/a\")\n"),
            None
        );
        let differ = "from app.routes import a, b\nr.include_router(a.router, prefix=\"/a\")\nr.include_router(b.router)\n";
        assert_eq!(pattern(differ), None);
        let odd = "from app.routes import a, b\nr.include_router(a.router, prefix=\"/x\")\nr.include_router(b.router, prefix=\"/b\")\n";
        assert_eq!(pattern(odd), None);
        assert_eq!(spell("user_groups", Case::Title), "User Groups");
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
