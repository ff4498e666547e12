//! What the tree says about its features, for `check` (findings) and `list` (states).
//!
//! One pass reads everything once: the aggregator and the main app (each parsed once),
//! the records, the endpoints directory listing, and each recorded file (opened once, to
//! hash it and to know it exists). Each feature is then judged from sets, so the work
//! grows linearly with the number of features. Features come from three places, so that
//! a project without records is checked too: records, endpoint modules, and names the
//! aggregator imports from the endpoints package.

mod report;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{self, Read as _};
use std::path::{Component, Path};

use anyhow::Context as _;

use crate::layout::{FeatureFiles, Layout, NAME};
use crate::mounted::Mounting;
use crate::naming::FeatureName;
use crate::python::{Parsed, Wiring};
use crate::record::{self, Record};

pub use report::{check_github, check_json, check_text, list_json, list_text};

/// How much a finding matters: errors fail `check`, notes only inform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Note,
}

impl Severity {
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Note => "note",
        }
    }
}

/// The kind of a finding. The codes are stable: CI configurations may refer to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    /// E001: an endpoint module that the aggregator does not import and include.
    Unregistered,
    /// E002: the aggregator registers an endpoint module that does not exist.
    RegisteredMissing,
    /// E003: a feature without its schema, service, endpoint, test or doc.
    MissingPart,
    /// E004: the aggregator's router is not imported and included in the main app.
    MainNotWired,
    /// E005: the aggregator or the main app is not valid Python (or not UTF-8).
    InvalidPython,
    /// E006: features exist but the aggregator does not.
    AggregatorMissing,
    /// E007: a record whose files are all gone.
    StaleRecord,
    /// E008: a record that cannot be read.
    BadRecord,
    /// E009: a run that writes was interrupted (its journal is there).
    Interrupted,
    /// N001: a generated file edited since it was generated.
    Edited,
}

impl Code {
    pub fn id(self) -> &'static str {
        match self {
            Code::Unregistered => "E001",
            Code::RegisteredMissing => "E002",
            Code::MissingPart => "E003",
            Code::MainNotWired => "E004",
            Code::InvalidPython => "E005",
            Code::AggregatorMissing => "E006",
            Code::StaleRecord => "E007",
            Code::BadRecord => "E008",
            Code::Interrupted => "E009",
            Code::Edited => "N001",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Code::Edited => Severity::Note,
            _ => Severity::Error,
        }
    }
}

/// One finding: what, where (a path relative to the root, a line where there is one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Finding {
    fn new(code: Code, path: &str, message: impl Into<String>) -> Finding {
        // One finding is one line in every format, whatever an underlying error says.
        let message: String = message.into();
        Finding {
            code,
            path: path.to_string(),
            line: None,
            column: None,
            message: message.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    fn at(mut self, line: usize) -> Finding {
        self.line = Some(line);
        self
    }
}

/// The five parts of a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Schema,
    Service,
    Endpoint,
    Test,
    Doc,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Schema,
        Part::Service,
        Part::Endpoint,
        Part::Test,
        Part::Doc,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Part::Schema => "schema",
            Part::Service => "service",
            Part::Endpoint => "endpoint",
            Part::Test => "test",
            Part::Doc => "doc",
        }
    }

    pub fn path(self, files: &FeatureFiles) -> &str {
        match self {
            Part::Schema => &files.schema,
            Part::Service => &files.service,
            Part::Endpoint => &files.endpoint,
            Part::Test => &files.test,
            Part::Doc => &files.doc,
        }
    }
}

/// What is known about one feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureState {
    pub name: String,
    /// There is a record of it in `.petsage-build/`.
    pub recorded: bool,
    /// An endpoint module of a project that records its features, without a record of
    /// its own: written by hand, so only its registration is checked, not its parts.
    pub hand_written: bool,
    /// Parts whose file does not exist.
    pub missing: Vec<Part>,
    /// The aggregator imports it from the endpoints package.
    pub imported: bool,
    /// The aggregator includes `<name>.router` on its router.
    pub included: bool,
    /// Generated files whose bytes differ from the record's hash.
    pub edited: Vec<String>,
}

impl FeatureState {
    pub fn wired(&self) -> bool {
        self.imported && self.included
    }

    pub fn complete(&self) -> bool {
        self.missing.is_empty() && self.wired()
    }

    /// Short words for `list`: `complete`, `missing schema, doc`, `unwired`, `edited`...
    pub fn states(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.hand_written {
            out.push("hand-written".to_string());
        } else if self.complete() {
            out.push("complete".to_string());
        }
        if !self.missing.is_empty() {
            let parts: Vec<&str> = self.missing.iter().map(|p| p.word()).collect();
            out.push(format!("missing {}", parts.join(", ")));
        }
        match (self.imported, self.included) {
            (true, true) => {}
            (false, false) => out.push("unwired".to_string()),
            (true, false) => out.push("not included".to_string()),
            (false, true) => out.push("not imported".to_string()),
        }
        if !self.edited.is_empty() {
            out.push("edited".to_string());
        }
        if !self.recorded && !self.hand_written {
            out.push("no record".to_string());
        }
        out
    }
}

/// Everything `check` and `list` report.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    /// Sorted by name.
    pub features: Vec<FeatureState>,
    /// Sorted by path, line and code.
    pub findings: Vec<Finding>,
}

impl Survey {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn notes(&self) -> usize {
        self.count(Severity::Note)
    }

    fn count(&self, s: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.code.severity() == s)
            .count()
    }
}

/// What the aggregator registers, read once.
enum Aggregator {
    Missing,
    /// Not UTF-8 or not Python: a finding says so, and nothing is known about wiring.
    Broken,
    Read {
        /// Endpoint module imported (in any spelling) → its line.
        imports: HashMap<String, usize>,
        /// Endpoint module included on the router (in any spelling) → its line.
        includes: HashMap<String, usize>,
    },
}

/// Reads the project at `root` and judges every feature in it.
///
/// Peak memory stays flat: the aggregator (the one large file, whose parse needs the
/// most memory) is read first and alone, and each record is cut down to its file
/// hashes as soon as it is parsed.
pub fn survey(root: &Path, layout: &Layout) -> anyhow::Result<Survey> {
    let listed = record::list(root)?;
    let modules = endpoint_modules(root, layout)?;
    // Its error, if any, is reported after those of the records, as it always was.
    let wiring = read_wiring(root, layout);
    let mut findings = Vec::new();
    let parsed = listed.into_iter().map(|(rel, path)| {
        let record = record::load_listed_without_request(&rel, &path).map(Recorded::from);
        (rel, record)
    });
    let records = read_records(parsed, &mut findings);
    let (aggregator, main_findings) = wiring?;

    let endpoints_module = layout.module(&layout.endpoints_dir);
    let mut names: BTreeSet<&str> = BTreeSet::new();
    names.extend(records.keys().map(String::as_str));
    names.extend(modules.iter().map(String::as_str));
    if let Aggregator::Read { imports, .. } = &aggregator {
        names.extend(imports.keys().map(String::as_str));
    }

    match &aggregator {
        Aggregator::Missing if !names.is_empty() => findings.push(Finding::new(
            Code::AggregatorMissing,
            &layout.aggregator,
            format!(
                "the router aggregator does not exist, so no endpoint module is registered \
                 ({} known feature(s))",
                names.len()
            ),
        )),
        Aggregator::Missing => {}
        _ => findings.extend(main_findings),
    }

    let mut features = Vec::with_capacity(names.len());
    for name in names {
        let ctx = FeatureCtx {
            root,
            layout,
            endpoints_module: &endpoints_module,
            record: records.get(name),
            // Once a project records its features, a module without a record was not
            // generated: holding it to the five-file shape would fail every project that
            // adopts petsage-build beside hand-written routes.
            // A module without a record was not generated: it is held to its wiring,
            // never to the five-file shape (a project that never used the tool is clean).
            hand_written: !records.contains_key(name),
            has_module: modules.contains(name),
            aggregator: &aggregator,
        };
        features.push(judge(name, &ctx, &mut findings));
    }
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.code, &a.message).cmp(&(&b.path, b.line, b.code, &b.message))
    });
    Ok(Survey { features, findings })
}

/// What `check` keeps of a record: it reads a record's files and hashes, never its
/// request, so a thousand requests are never held at once.
struct Recorded {
    feature: String,
    /// Generated file → `sha256:<hex>`, sorted by path.
    files: Vec<(String, String)>,
}

impl From<Record> for Recorded {
    fn from(r: Record) -> Recorded {
        Recorded {
            feature: r.feature,
            files: r.files.into_iter().collect(),
        }
    }
}

struct FeatureCtx<'a> {
    root: &'a Path,
    layout: &'a Layout,
    endpoints_module: &'a str,
    record: Option<&'a Recorded>,
    hand_written: bool,
    has_module: bool,
    aggregator: &'a Aggregator,
}

fn judge(name: &str, ctx: &FeatureCtx, findings: &mut Vec<Finding>) -> FeatureState {
    let layout = ctx.layout;
    let (imported, included) = match ctx.aggregator {
        Aggregator::Read { imports, includes } => {
            (imports.get(name).copied(), includes.get(name).copied())
        }
        _ => (None, None),
    };
    // Only a valid feature name has the other four parts; another module in the
    // endpoints package (`deps.py` is valid, `Deps.py` is not) is judged as a module.
    let valid = FeatureName::parse(name).ok().filter(|f| f.snake() == name);
    let endpoint_path = valid.as_ref().map_or_else(
        || layout.path_patterns().endpoint.replace(NAME, name),
        |f| layout.feature_files(f).endpoint,
    );
    let files = valid
        .filter(|_| !ctx.hand_written)
        .map(|f| layout.feature_files(&f));

    // The record's files, each opened once: the bytes are hashed for N001 below, and
    // the open already tells whether a part exists (no second look at the same path).
    let opened: Vec<(&String, &String, Opened)> = ctx.record.map_or_else(Vec::new, |r| {
        r.files
            .iter()
            .filter(|(p, h)| is_relative(p) && h.as_str() != record::KEPT)
            .map(|(p, h)| (p, h, open_read(&ctx.root.join(p))))
            .collect()
    });
    let mut missing = Vec::new();
    if let Some(files) = &files {
        for part in Part::ALL {
            let present = match part {
                Part::Endpoint => ctx.has_module,
                _ => is_file(ctx.root, part.path(files), &opened),
            };
            if !present {
                missing.push(part);
            }
        }
    } else if !ctx.has_module {
        missing.push(Part::Endpoint);
    }
    let all_gone = missing.len() == Part::ALL.len();
    let stale = ctx.record.is_some() && all_gone;
    // Known only from an aggregator import with nothing of it on disk: the import is the
    // problem (E002), not four files that nobody meant to write.
    let dangling = ctx.record.is_none() && all_gone;
    if stale {
        findings.push(Finding::new(
            Code::StaleRecord,
            &Record::path_of(name),
            format!(
                "records feature '{name}', but none of its files exist; generate it again \
                 (`petsage-build feature {name}`) or delete the record"
            ),
        ));
    }

    if !ctx.has_module {
        let registered = imported
            .map(|l| (l, "imports"))
            .or(included.map(|l| (l, "includes")));
        if let Some((line, verb)) = registered {
            findings.push(
                Finding::new(
                    Code::RegisteredMissing,
                    &layout.aggregator,
                    format!(
                        "{verb} endpoint module `{name}` from {}, but {endpoint_path} does not exist",
                        ctx.endpoints_module
                    ),
                )
                .at(line),
            );
        } else if !stale {
            findings.push(missing_part(name, Part::Endpoint, &endpoint_path));
        }
    } else if matches!(ctx.aggregator, Aggregator::Read { .. })
        && (imported.is_none() || included.is_none())
    {
        let how = match (imported, included) {
            (None, None) => "neither imported nor included".to_string(),
            (Some(l), _) => format!(
                "imported on line {l} but `{}.include_router({name}.router)` is missing",
                layout.router_var
            ),
            (None, Some(l)) => format!("included on line {l} but never imported"),
        };
        findings.push(Finding::new(
            Code::Unregistered,
            &endpoint_path,
            format!(
                "endpoint module `{name}` is not registered in {} ({how})",
                layout.aggregator
            ),
        ));
    }
    if let (Some(files), false) = (&files, stale || dangling) {
        for part in missing.iter().filter(|p| **p != Part::Endpoint) {
            findings.push(missing_part(name, *part, part.path(files)));
        }
    }

    let mut edited = Vec::new();
    if ctx.record.is_some() {
        for (path, hash, opened) in &opened {
            let Opened::Read {
                bytes: Some(bytes), ..
            } = opened
            else {
                continue;
            };
            if **hash != record::hash(bytes) {
                findings.push(Finding::new(
                    Code::Edited,
                    path,
                    format!(
                        "edited since petsage-build generated it for '{name}' (`remove` keeps \
                         it unless --force)"
                    ),
                ));
                edited.push(path.to_string());
            }
        }
    }

    FeatureState {
        name: name.to_string(),
        recorded: ctx.record.is_some(),
        hand_written: ctx.hand_written,
        missing,
        imported: imported.is_some(),
        included: included.is_some(),
        edited,
    }
}

fn missing_part(name: &str, part: Part, path: &str) -> Finding {
    Finding::new(
        Code::MissingPart,
        path,
        format!(
            "feature '{name}' has no {}: this file does not exist",
            part.word()
        ),
    )
}

/// A record's file path that stays below the root; anything else is not ours to read.
fn is_relative(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// A file opened for reading: what `fs::read` and `Path::is_file` would both say, from
/// one open (the `fstat` of the open file is the `stat` that `is_file` makes).
enum Opened {
    /// The open failed, with this kind of error.
    Failed(io::ErrorKind),
    /// Opened: whether it is a regular file (`None` if `fstat` failed), and its bytes
    /// (`None` if reading failed, as it does for a directory).
    Read {
        is_file: Option<bool>,
        bytes: Option<Vec<u8>>,
    },
}

fn open_read(path: &Path) -> Opened {
    let mut file = match crate::fsread::open(path) {
        Ok(f) => f,
        // Not a regular file (or too large): read as nothing, never blocking on a FIFO.
        Err(e) if e.kind() == io::ErrorKind::InvalidData => {
            return Opened::Read {
                is_file: Some(false),
                bytes: None,
            };
        }
        Err(e) => return Opened::Failed(e.kind()),
    };
    let meta = file.metadata().ok();
    let size = meta.as_ref().map_or(0, |m| m.len());
    let bytes = read_all(&mut file, usize::try_from(size).unwrap_or(0)).ok();
    Opened::Read {
        is_file: meta.map(|m| m.is_file()),
        bytes,
    }
}

/// Reads to the end, expecting about `size` bytes: one read for them, one to see the end.
fn read_all(file: &mut File, size: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0; size.saturating_add(1).min(1 << 24)];
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) if (filled + n) as u64 > crate::fsread::MAX_FILE => {
                return Err(io::Error::other("too large"));
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    buf.truncate(filled);
    Ok(buf)
}

/// `root/rel` is a regular file (following symbolic links): from the open of it when
/// there was one, else by asking the file system.
fn is_file(root: &Path, rel: &str, opened: &[(&String, &String, Opened)]) -> bool {
    match opened.iter().find(|(p, _, _)| p.as_str() == rel) {
        Some((
            _,
            _,
            Opened::Read {
                is_file: Some(is_file),
                ..
            },
        )) => *is_file,
        Some((_, _, Opened::Failed(io::ErrorKind::NotFound | io::ErrorKind::NotADirectory))) => {
            false
        }
        _ => root.join(rel).is_file(),
    }
}

/// The valid records by feature name; the others become E008 findings.
fn read_records(
    parsed: impl Iterator<Item = (String, anyhow::Result<Recorded>)>,
    findings: &mut Vec<Finding>,
) -> BTreeMap<String, Recorded> {
    let mut records = BTreeMap::new();
    for (path, parsed) in parsed {
        let stem = path
            .rsplit('/')
            .next()
            .and_then(|f| f.strip_suffix(".yaml"))
            .unwrap_or_default()
            .to_string();
        match parsed {
            Err(e) => findings.push(Finding::new(Code::BadRecord, &path, format!("{e:#}"))),
            Ok(r) if r.feature != stem => findings.push(Finding::new(
                Code::BadRecord,
                &path,
                format!(
                    "the record is for feature '{}' but its file is named {stem}.yaml",
                    r.feature
                ),
            )),
            Ok(_) if FeatureName::parse(&stem).map_or(true, |n| n.snake() != stem) => findings
                .push(Finding::new(
                    Code::BadRecord,
                    &path,
                    format!("'{stem}' is not a valid feature name"),
                )),
            Ok(r) => {
                records.insert(stem, r);
            }
        }
    }
    records
}

/// The endpoint modules on disk, by feature name: the files matching the layout's endpoint
/// pattern (`<endpoints_dir>/{name}.py`, or `app/{name}/views.py`), `__init__.py`, the
/// aggregator and main aside.
fn endpoint_modules(root: &Path, layout: &Layout) -> anyhow::Result<BTreeSet<String>> {
    let pattern = layout.path_patterns().endpoint;
    let at = pattern.find(NAME).unwrap_or(0);
    let dir_end = pattern[..at].rfind('/').map_or(0, |i| i + 1);
    let dir_rel = pattern[..dir_end].trim_end_matches('/');
    let after = &pattern[at + NAME.len()..];
    let (entry_suffix, rest) = after.split_at(after.find('/').unwrap_or(after.len()));
    let entry_prefix = &pattern[dir_end..at];
    let dir = root.join(dir_rel);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {dir_rel}")),
    };
    let mut out = BTreeSet::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {dir_rel}"))?;
        let file = entry.file_name().to_string_lossy().into_owned();
        // A package (`articles/__init__.py`) is a module as much as `articles.py` is.
        if entry_suffix == ".py"
            && rest.is_empty()
            && entry_prefix.is_empty()
            && !file.starts_with('.')
            && entry.path().join("__init__.py").is_file()
        {
            out.insert(file);
            continue;
        }
        let Some(stem) = file
            .strip_prefix(entry_prefix)
            .and_then(|f| f.strip_suffix(entry_suffix))
        else {
            continue;
        };
        // The aggregator or main may live among the routes: they are not endpoints.
        let rel = format!("{dir_rel}/{file}{rest}");
        if stem == "__init__"
            || stem.is_empty()
            || stem.starts_with('.')
            || rel == layout.aggregator
            || rel == layout.main
        {
            continue;
        }
        let is_file = if rest.is_empty() {
            // The directory entry's type costs no system call; only a symbolic link is
            // followed, as `Path::is_file` would.
            match entry.file_type() {
                Ok(t) if t.is_symlink() => entry.path().is_file(),
                Ok(t) => t.is_file(),
                Err(_) => entry.path().is_file(),
            }
        } else {
            root.join(&rel).is_file()
        };
        if is_file {
            out.insert(stem.to_string());
        }
    }
    Ok(out)
}

/// A Python file, parsed once: `None` when it does not exist, `Some(Err(()))` when it is
/// not UTF-8 or not Python (pushed as an E005 finding, with line and column where known).
fn read_python(
    root: &Path,
    rel: &str,
    findings: &mut Vec<Finding>,
) -> anyhow::Result<Option<Result<Parsed, ()>>> {
    let bytes = match crate::fsread::read(&root.join(rel)) {
        Ok(b) => b,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(None);
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {rel}")),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            findings.push(Finding::new(
                Code::InvalidPython,
                rel,
                format!("not UTF-8 (byte offset {at})"),
            ));
            return Ok(Some(Err(())));
        }
    };
    let parsed = match Parsed::new(&text) {
        Ok(parsed) => parsed,
        Err(e) => {
            let mut f = Finding::new(
                Code::InvalidPython,
                rel,
                format!("not valid Python: {}", e.message),
            )
            .at(e.line);
            f.column = Some(e.column);
            findings.push(f);
            return Ok(Some(Err(())));
        }
    };
    Ok(Some(Ok(parsed)))
}

/// The aggregator, with the findings about it and, unless it is missing, the main app.
fn read_wiring(root: &Path, layout: &Layout) -> anyhow::Result<(Aggregator, Vec<Finding>)> {
    let mut findings = Vec::new();
    let aggregator = read_aggregator(root, layout, &mut findings)?;
    if !matches!(aggregator, Aggregator::Missing) {
        check_main(root, layout, &mut findings)?;
    }
    Ok((aggregator, findings))
}

fn read_aggregator(
    root: &Path,
    layout: &Layout,
    findings: &mut Vec<Finding>,
) -> anyhow::Result<Aggregator> {
    let parsed = match read_python(root, &layout.aggregator, findings)? {
        None => return Ok(Aggregator::Missing),
        Some(Err(())) => return Ok(Aggregator::Broken),
        Some(Ok(parsed)) => parsed,
    };
    let (prefix, suffix) = layout.endpoint_module_pattern();
    let pattern = (prefix.as_str(), suffix.as_str());
    let within = layout.package(&layout.aggregator);
    let imports = parsed.modules_imported_from(pattern, &within);
    let includes = parsed.modules_included_from(&layout.router_var, pattern, &within);
    // The first occurrence is the one to point at.
    let mut import_lines = HashMap::with_capacity(imports.len());
    for (name, line) in imports {
        import_lines.entry(name).or_insert(line);
    }
    let mut include_lines = HashMap::with_capacity(includes.len());
    for (arg, line) in includes {
        include_lines.entry(arg).or_insert(line);
    }
    Ok(Aggregator::Read {
        imports: import_lines,
        includes: include_lines,
    })
}

/// E004/E005 for the main app: it must import the aggregator's router and include it.
fn check_main(root: &Path, layout: &Layout, findings: &mut Vec<Finding>) -> anyhow::Result<()> {
    // A one-module app: the aggregator is the app, nothing to mount.
    if layout.main == layout.aggregator {
        return Ok(());
    }
    let parsed = match read_python(root, &layout.main, findings)? {
        None => {
            findings.push(Finding::new(
                Code::MainNotWired,
                &layout.main,
                format!(
                    "the main app does not exist, so `{}` is never mounted",
                    layout.router_var
                ),
            ));
            return Ok(());
        }
        Some(Err(())) => return Ok(()),
        Some(Ok(parsed)) => parsed,
    };
    let aggregator_module = layout.module(&layout.aggregator);
    let include = layout.main_include_args();
    let within = layout.package(&layout.main);
    let wiring = Wiring {
        module: &aggregator_module,
        name: &layout.router_var,
        alias: None,
        router: &layout.app_var,
        include_args: &include,
        target: layout.python,
        within: &within,
    };
    let (imported, included) = parsed
        .is_wired(&wiring)
        .with_context(|| format!("cannot read the wiring of {}", layout.main))?;
    // Mounted in any other way (an app factory, an alias, through another router) is
    // mounted: the same recognition that keeps `feature` from patching main.
    // Imported directly but never included anywhere in main is not mounted.
    let mounting = crate::mounted::judge(root, layout, &parsed);
    let mounted = match &mounting {
        Mounting::Mounted { via: None } => parsed.includes_any_router(),
        Mounting::Mounted { via: Some(_) } => true,
        _ => false,
    };
    if mounted {
        return Ok(());
    }
    let missing = match (imported, included) {
        (true, true) => return Ok(()),
        (false, false) if mounting == Mounting::Doubt => format!(
            "it mounts routers, but none of them leads to {}",
            layout.aggregator
        ),
        (false, false) => format!(
            "neither `from {aggregator_module} import {}` nor `{}.include_router({include})`",
            layout.router_var, layout.app_var
        ),
        (true, false) => format!("`{}.include_router({include})` is missing", layout.app_var),
        (false, true) => format!(
            "`from {aggregator_module} import {}` is missing",
            layout.router_var
        ),
    };
    findings.push(Finding::new(
        Code::MainNotWired,
        &layout.main,
        format!("the aggregator is not wired into the main app: {missing}"),
    ));
    Ok(())
}
