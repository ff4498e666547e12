//! What was generated: one file per feature, `.petsage-build/<name>.yaml`, holding the
//! request and the hash of every generated file, so that `check`, `list` and `remove`
//! know what is ours and what was edited since. One file per feature means two branches
//! that add features never conflict on it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::request::Request;

/// The directory of records, relative to the root.
pub const DIR: &str = ".petsage-build";

/// The format version written into every record.
pub const VERSION: u32 = 1;

/// One feature's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub version: u32,
    pub feature: String,
    /// The request in its canonical form (`Request::to_yaml`).
    pub request: serde_yaml::Value,
    /// Generated file (relative path) → `sha256:<hex>` of the bytes generated.
    pub files: BTreeMap<String, String>,
}

impl Record {
    pub fn new(req: &Request, files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Record {
        Record {
            version: VERSION,
            feature: req.feature.snake().to_string(),
            request: req.to_yaml(),
            files: files
                .into_iter()
                .map(|(p, bytes)| (p, hash(&bytes)))
                .collect(),
        }
    }

    /// The record's path for a feature.
    pub fn path_of(feature: &str) -> String {
        format!("{DIR}/{feature}.yaml")
    }

    pub fn to_text(&self) -> anyhow::Result<String> {
        let body = serde_yaml::to_string(self).context("cannot print the record")?;
        Ok(format!(
            "# Written by petsage-build: what it generated for this feature.\n\
             # `check`, `list` and `remove` read it; commit it with the feature.\n{body}"
        ))
    }

    pub fn parse(text: &str, path: &str) -> anyhow::Result<Record> {
        let record: Record = serde_yaml::from_str(text)
            .with_context(|| format!("{path} is not a valid petsage-build record"))?;
        Ok(record)
    }

    /// The request the record was generated from.
    pub fn request(&self) -> anyhow::Result<Request> {
        Request::from_yaml(&self.request)
            .map_err(crate::error::invalid)
            .with_context(|| format!("the record of '{}' holds an invalid request", self.feature))
    }

    /// True when `bytes` are what was generated for `path`.
    pub fn matches(&self, path: &str, bytes: &[u8]) -> Option<bool> {
        self.files.get(path).map(|h| *h == hash(bytes))
    }
}

/// `sha256:<hex>` of `bytes`.
pub fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// One record file of `root`, by feature name: `None` when the feature has no record.
/// A record that cannot be read or parsed is invalid input (exit 2), naming the file.
pub fn load(root: &std::path::Path, feature: &str) -> anyhow::Result<Option<Record>> {
    let rel = Record::path_of(feature);
    match std::fs::read(root.join(&rel)) {
        Ok(bytes) => parse_bytes(&bytes, &rel).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(crate::error::invalid(format!("cannot read {rel}: {e}"))),
    }
}

/// Every `.yaml` file in the records directory, sorted by path, each parsed on its own so
/// that one broken record does not hide the others. A missing directory is no records.
pub fn load_all(root: &std::path::Path) -> anyhow::Result<Vec<(String, anyhow::Result<Record>)>> {
    let entries = match std::fs::read_dir(root.join(DIR)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {DIR}/")),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {DIR}/"))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".yaml") || name.starts_with('.') {
            continue;
        }
        let rel = format!("{DIR}/{name}");
        let parsed = std::fs::read(entry.path())
            .map_err(|e| crate::error::invalid(format!("cannot read {rel}: {e}")))
            .and_then(|bytes| parse_bytes(&bytes, &rel));
        out.push((rel, parsed));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn parse_bytes(bytes: &[u8], rel: &str) -> anyhow::Result<Record> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        crate::error::invalid(format!(
            "{rel} is not UTF-8 (byte offset {})",
            e.valid_up_to()
        ))
    })?;
    Record::parse(text, rel).map_err(|e| crate::error::invalid(format!("{e:#}")))
}
