//! The file-system side of the survey: each recorded file opened once (to hash it and
//! to know it is a file), the records read, the endpoint modules listed.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use anyhow::Context as _;

use super::Recorded;
use super::findings::{Code, Finding};
use crate::layout::{Layout, NAME};
use crate::naming::FeatureName;

/// A file opened for reading: what `fs::read` and `Path::is_file` would both say, from
/// one open (the `fstat` of the open file is the `stat` that `is_file` makes).
pub(super) enum OpenedFile {
    /// The open failed, with this kind of error.
    Failed(io::ErrorKind),
    /// OpenedFile: whether it is a regular file (`None` if `fstat` failed), and its bytes
    /// (`None` if reading failed, as it does for a directory).
    Read {
        is_file: Option<bool>,
        bytes: Option<Vec<u8>>,
    },
}

pub(super) fn open_read(path: &Path) -> OpenedFile {
    let (file, size) = match crate::fsread::open(path) {
        Ok(opened) => opened,
        // Not a regular file (or too large): read as nothing, never blocking on a FIFO.
        Err(e) if e.kind() == io::ErrorKind::InvalidData => {
            return OpenedFile::Read {
                is_file: Some(false),
                bytes: None,
            };
        }
        Err(e) => return OpenedFile::Failed(e.kind()),
    };
    // `open` checked that it is a regular file, and how long.
    let bytes = crate::fsread::read_known(file, size).ok();
    OpenedFile::Read {
        is_file: Some(true),
        bytes,
    }
}

/// `root/rel` is a regular file (following symbolic links): from the open of it when
/// there was one, else by asking the file system.
pub(super) fn is_file(
    root: &Path,
    rel: &str,
    opened: &[(&String, &crate::record::Digest, OpenedFile)],
) -> bool {
    match opened.iter().find(|(p, _, _)| p.as_str() == rel) {
        Some((
            _,
            _,
            OpenedFile::Read {
                is_file: Some(is_file),
                ..
            },
        )) => *is_file,
        Some((
            _,
            _,
            OpenedFile::Failed(io::ErrorKind::NotFound | io::ErrorKind::NotADirectory),
        )) => false,
        _ => root.join(rel).is_file(),
    }
}

/// The valid records by feature name; the others become E008 findings.
pub(super) fn read_records(
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

/// The modules on disk that may be endpoint modules, by feature name, each with the path
/// of its file: the files matching the layout's endpoint pattern
/// (`<endpoints_dir>/{name}.py`, or `app/{name}/views.py`) and the packages beside them
/// (by their `__init__.py`), `__init__.py`, the aggregator and main aside.
pub(super) fn endpoint_modules(
    root: &Path,
    layout: &Layout,
) -> anyhow::Result<BTreeMap<String, String>> {
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
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {dir_rel}")),
    };
    let mut out = BTreeMap::new();
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
            let rel = format!("{dir_rel}/{file}/__init__.py");
            out.insert(file, rel);
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
            out.insert(stem.to_string(), rel);
        }
    }
    Ok(out)
}

/// Does the module at `rel` bind a router (`router = APIRouter(...)`, annotated or not,
/// at any depth)? Only such a module is an endpoint module (SPEC §11b): helpers,
/// constants and a `tests` package beside the routes are not. A module that cannot be
/// read or parsed counts as one, so that it is still looked at.
pub(super) fn defines_router(root: &Path, rel: &str) -> bool {
    let Ok(bytes) = crate::fsread::read(&root.join(rel)) else {
        return true;
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return true;
    };
    // Most helper modules never name it: no parse needed.
    if !text.contains("APIRouter") {
        return false;
    }
    match crate::python::call_sites(&text, crate::python::Target::LATEST) {
        Ok(calls) => calls.of("APIRouter").any(|c| c.target.is_some()),
        Err(_) => true,
    }
}
