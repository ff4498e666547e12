//! What was generated: one file per feature, `.petsage-build/<name>.yaml`, holding the
//! request, the identity of the templates, the hash of every generated file and its
//! generated text, so that `check`, `list` and `remove` know what is ours and what was
//! edited since, and `update` can merge those edits with a new generation. One file per feature means two branches
//! that add features never conflict on it.
//!
//! A record is written as two comment lines and pretty-printed JSON, one key per line
//! (readable, diff-friendly, and still YAML, which JSON is): read back with `serde_json`,
//! which is fast enough for `check` over a thousand records. Records written as YAML by
//! earlier versions are read with `serde_yaml`.

use std::collections::BTreeMap;

pub use crate::digest::Digest;
use crate::request::Request;
use anyhow::Context as _;
use serde::{Deserialize, Serialize};

/// The directory of records, relative to the root.
pub const DIR: &str = ".petsage-build";

/// The value of a file in `files` that exists but is not ours: kept by `--skip-existing`
/// instead of generated. `remove` never deletes it and `check` never calls it edited.
pub const KEPT: &str = "kept";

/// What a record says of one of its files: the digest of the bytes generated, or that
/// the file was there and was kept ([`KEPT`] in the record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Recorded {
    Generated(Digest),
    Kept,
}

impl Recorded {
    /// The digest of what was generated; `None` for a kept file.
    pub fn digest(&self) -> Option<&Digest> {
        match self {
            Recorded::Generated(d) => Some(d),
            Recorded::Kept => None,
        }
    }
}

impl From<String> for Recorded {
    fn from(text: String) -> Recorded {
        if text == KEPT {
            Recorded::Kept
        } else {
            Recorded::Generated(Digest::from(text))
        }
    }
}

impl From<Recorded> for String {
    fn from(r: Recorded) -> String {
        match r {
            Recorded::Generated(d) => d.as_str().to_string(),
            Recorded::Kept => KEPT.to_string(),
        }
    }
}

/// The format version written into every record.
pub const VERSION: u32 = 1;

/// One feature's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub version: u32,
    pub feature: String,
    /// The identity of the templates it was generated with (`Renderer::identity`), so
    /// that `check` can tell an update is available; records of earlier versions have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templates: Option<String>,
    /// The directory of the templates it was generated with, relative to the root with
    /// `/` separators (`tpl`, `../shared/templates`), when they were not the built-ins:
    /// `update` generates with them again, so that it never swaps the user's templates
    /// for ours (a feature made with `--templates` remembers them here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templates_dir: Option<String>,
    /// The request in its canonical form (`Request::to_yaml`).
    pub request: serde_yaml::Value,
    /// Generated file (relative path) → `sha256:<hex>` of the bytes generated, or
    /// [`KEPT`] for a file that was there and was kept.
    pub files: BTreeMap<String, Recorded>,
    /// The text generated for each file with content: the base `update` merges the file's
    /// edits and a new generation on. Kept as text, not compressed, so that git's deltas
    /// keep a regenerated record small and a reviewer can read it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub base: BTreeMap<String, String>,
}

impl Record {
    /// The record of a generation by the templates `templates` (`Renderer::identity`).
    pub fn new(
        req: &Request,
        templates: &str,
        files: impl IntoIterator<Item = (String, Vec<u8>)>,
    ) -> Record {
        let mut record = Record {
            version: VERSION,
            feature: req.feature.snake().to_string(),
            templates: Some(templates.to_string()),
            templates_dir: None,
            request: req.to_yaml(),
            files: BTreeMap::new(),
            base: BTreeMap::new(),
        };
        for (path, bytes) in files {
            record
                .files
                .insert(path.clone(), Recorded::Generated(hash(&bytes)));
            if let Ok(text) = String::from_utf8(bytes)
                && !text.is_empty()
            {
                record.base.insert(path, text);
            }
        }
        record
    }

    /// The text `path` was generated with, when the record holds it: its own copy, or
    /// the file itself when its bytes are still what was generated (a record of an
    /// earlier version, which kept only hashes).
    pub fn base_of(&self, path: &str, now: Option<&[u8]>) -> Option<String> {
        if let Some(text) = self.base.get(path) {
            return Some(text.clone());
        }
        let now = now?;
        (self.matches(path, now) == Some(true))
            .then(|| String::from_utf8(now.to_vec()).ok())
            .flatten()
    }

    /// The record's path for a feature.
    pub fn path_of(feature: &str) -> String {
        format!("{DIR}/{feature}.yaml")
    }

    pub fn to_text(&self) -> anyhow::Result<String> {
        let body = serde_json::to_string_pretty(self).context("cannot print the record")?;
        Ok(format!(
            "# Written by petsage-build: what it generated for this feature.\n\
             # `check`, `list`, `remove` and `update` read it; commit it with the feature.\n{body}\n"
        ))
    }

    /// Reads a record: JSON after the comment lines (as [`Record::to_text`] writes it),
    /// else YAML (as earlier versions wrote it).
    pub fn parse(text: &str, path: &str) -> anyhow::Result<Record> {
        parse_as(text, path)
    }

    /// As [`Record::parse`], without the generated texts (left empty): the request and
    /// the files, what a plan or `check` needs of the other features. The texts are
    /// skipped, not unescaped into strings.
    pub fn parse_without_base(text: &str, path: &str) -> anyhow::Result<Record> {
        let head: Head<serde_yaml::Value> = parse_head_as(text, path)?;
        let (request, record) = head.split();
        Ok(Record { request, ..record })
    }

    /// As [`Record::parse`], without the request and the generated texts (left empty):
    /// what `check` and the other features' plans need. Their bytes are skipped, not
    /// unescaped into strings, so a thousand records stay cheap.
    pub fn parse_head(text: &str, path: &str) -> anyhow::Result<Record> {
        let head: Head<serde::de::IgnoredAny> = parse_head_as(text, path)?;
        Ok(head.split().1)
    }

    /// The request the record was generated from.
    pub fn request(&self) -> anyhow::Result<Request> {
        Request::from_yaml(&self.request)
            .with_context(|| format!("the record of '{}' holds an invalid request", self.feature))
    }

    /// Marks `path` as kept: it was there, and what is there is not what we generated.
    pub fn keep(&mut self, path: &str) {
        if let Some(h) = self.files.get_mut(path) {
            *h = Recorded::Kept;
        }
    }

    /// True when the record says `path` was kept, not generated.
    pub fn kept(&self, path: &str) -> bool {
        self.files.get(path).is_some_and(|h| *h == Recorded::Kept)
    }

    /// True when `bytes` are what was generated for `path`.
    pub fn matches(&self, path: &str, bytes: &[u8]) -> Option<bool> {
        self.files
            .get(path)
            .map(|h| h.digest().is_some_and(|d| d.matches(bytes)))
    }
}

/// A record's fields but the generated texts (serde skips those), with the request as
/// `R`: `IgnoredAny` skips it too.
#[derive(Deserialize)]
struct Head<R> {
    version: u32,
    feature: String,
    #[serde(default)]
    templates: Option<String>,
    #[serde(default)]
    templates_dir: Option<String>,
    #[serde(default)]
    request: R,
    files: BTreeMap<String, Recorded>,
}

impl<R> Head<R> {
    /// The request, and the record without it (`Null`) and without texts.
    fn split(self) -> (R, Record) {
        let record = Record {
            version: self.version,
            feature: self.feature,
            templates: self.templates,
            templates_dir: self.templates_dir,
            request: serde_yaml::Value::Null,
            files: self.files,
            base: BTreeMap::new(),
        };
        (self.request, record)
    }
}

fn parse_as<T: serde::de::DeserializeOwned>(text: &str, path: &str) -> anyhow::Result<T> {
    let record: Result<T, String> = match json_body(text) {
        Some(body) => serde_json::from_str(body).map_err(|e| e.to_string()),
        None => serde_yaml::from_str(text).map_err(|e| e.to_string()),
    };
    record.map_err(|e| anyhow::anyhow!("{path} is not a valid petsage-build record: {e}"))
}

/// The JSON after a record's comment lines, if it is JSON (else it is YAML).
fn json_body(text: &str) -> Option<&str> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if !line.starts_with('#') {
            break;
        }
        at += line.len();
    }
    let body = &text[at..];
    body.trim_start().starts_with('{').then_some(body)
}

/// As [`parse_as`] for a head (`Head`, which skips the generated texts): a record as
/// [`Record::to_text`] writes it ends with its texts (`"base"`, the bulk of it), which
/// are then not even scanned. Pretty JSON puts a top-level key, and only one, on a line
/// indented by two spaces (strings hold no raw newline): cut there, the rest is the
/// same record without `base`. Any other layout is parsed whole.
fn parse_head_as<T: serde::de::DeserializeOwned>(text: &str, path: &str) -> anyhow::Result<T> {
    const BASE: &str = "\n  \"base\": {";
    if let Some(body) = json_body(text)
        && let Some(cut) = body.find(BASE)
        && !body[cut + 1..].contains("\n  \"")
        && let Some(head) = body[..cut].trim_end().strip_suffix(',')
        && let Ok(record) = serde_json::from_str(&format!("{head}\n}}"))
    {
        return Ok(record);
    }
    parse_as(text, path)
}

/// The digest of `bytes`.
pub fn hash(bytes: &[u8]) -> Digest {
    Digest::of(bytes)
}

/// One record file of `root`, by feature name: `None` when the feature has no record.
/// A record that cannot be read or parsed is invalid input (exit 2), naming the file; a
/// symbolic link there (or a linked records directory) is refused (exit 1).
pub fn load(root: &std::path::Path, feature: &str) -> anyhow::Result<Option<Record>> {
    let rel = Record::path_of(feature);
    match crate::containment::read(root, &rel) {
        Ok(Some(bytes)) => parse_bytes(&bytes, &rel).map(Some),
        Ok(None) => Ok(None),
        Err(e) if is_refusal(&e) => Err(e),
        Err(e) => Err(crate::error::invalid(format!("cannot read {rel}: {e:#}"))),
    }
}

fn is_refusal(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        matches!(c.downcast_ref(), Some(crate::error::Error::Refused(_)))
            || c.downcast_ref::<std::io::Error>()
                .is_some_and(crate::fsread::is_refusal)
    })
}

/// Every `.yaml` file in the records directory, sorted by path, each parsed on its own so
/// that one broken record does not hide the others. A missing directory is no records.
pub fn load_all(root: &std::path::Path) -> anyhow::Result<Vec<(String, anyhow::Result<Record>)>> {
    Ok(list(root)?
        .into_iter()
        .map(|(rel, path)| {
            let parsed = load_listed(&rel, &path);
            (rel, parsed)
        })
        .collect())
}

/// The `.yaml` files in the records directory, sorted: each path relative to the root and
/// as a full path, for [`load_listed`]. A missing directory is no records. The directory
/// is petsage-build's own: a symbolic link as it, or anywhere in it, is refused (exit 1),
/// since git stores links and one there can only be someone's attack.
pub fn list(root: &std::path::Path) -> anyhow::Result<Vec<(String, std::path::PathBuf)>> {
    let Some(dir) = crate::containment::dir(root, DIR)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (name, what) in dir.kinds()? {
        let rel = format!("{DIR}/{name}");
        if what == crate::containment::Kind::Link {
            return Err(crate::containment::link_refusal(&rel, &rel));
        }
        if !name.ends_with(".yaml") || name.starts_with('.') {
            continue;
        }
        out.push((rel.clone(), root.join(rel)));
    }
    Ok(out)
}

/// The bytes of a listed record, never through a link (refused, exit 1); any other
/// failure is invalid input (exit 2), naming the file.
fn read_listed(rel: &str, path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    crate::fsread::read_nofollow(path).map_err(|e| {
        let e = anyhow::Error::new(e);
        if is_refusal(&e) {
            e.context(format!("cannot read {rel}"))
        } else {
            crate::error::invalid(format!("cannot read {rel}: {e}"))
        }
    })
}

/// Reads and parses one record file of [`list`]; a record that cannot be read or parsed
/// is invalid input (exit 2), naming the file.
pub fn load_listed(rel: &str, path: &std::path::Path) -> anyhow::Result<Record> {
    read_listed(rel, path).and_then(|bytes| parse_bytes(&bytes, rel))
}

/// As [`load_listed`], but without the request (left `Null`) and the generated texts:
/// `check` reads only the files and their hashes.
pub fn load_listed_without_request(rel: &str, path: &std::path::Path) -> anyhow::Result<Record> {
    let bytes = read_listed(rel, path)?;
    Record::parse_head(utf8(&bytes, rel)?, rel).map_err(|e| crate::error::invalid(format!("{e:#}")))
}

/// As [`load_listed_without_request`], and from the same one read the request too, when
/// the record parses with it as [`Record::parse_without_base`] parses it (else `None`):
/// `check` reads each record once for its files and its routes.
pub fn load_listed_head_and_request(
    rel: &str,
    path: &std::path::Path,
) -> anyhow::Result<(Record, Option<serde_yaml::Value>)> {
    let bytes = read_listed(rel, path)?;
    let text = utf8(&bytes, rel)?;
    if let Ok(head) = parse_as::<Head<serde_yaml::Value>>(text, rel) {
        let (request, record) = head.split();
        return Ok((record, Some(request)));
    }
    Record::parse_head(text, rel)
        .map(|record| (record, None))
        .map_err(|e| crate::error::invalid(format!("{e:#}")))
}

/// As [`load_listed`], without the generated texts (`Record::parse_without_base`).
pub fn load_listed_without_base(rel: &str, path: &std::path::Path) -> anyhow::Result<Record> {
    let bytes = read_listed(rel, path)?;
    Record::parse_without_base(utf8(&bytes, rel)?, rel)
        .map_err(|e| crate::error::invalid(format!("{e:#}")))
}

/// The text of a listed record, for a caller that parses it itself.
pub fn read_listed_text(rel: &str, path: &std::path::Path) -> anyhow::Result<String> {
    let bytes = read_listed(rel, path)?;
    Ok(utf8(&bytes, rel)?.to_string())
}

fn parse_bytes(bytes: &[u8], rel: &str) -> anyhow::Result<Record> {
    parse_text(utf8(bytes, rel)?, rel)
}

fn utf8<'b>(bytes: &'b [u8], rel: &str) -> anyhow::Result<&'b str> {
    std::str::from_utf8(bytes).map_err(|e| {
        crate::error::invalid(format!(
            "{rel} is not UTF-8 (byte offset {})",
            e.valid_up_to()
        ))
    })
}

fn parse_text(text: &str, rel: &str) -> anyhow::Result<Record> {
    Record::parse(text, rel).map_err(|e| crate::error::invalid(format!("{e:#}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_lower_case_hex() {
        assert_eq!(
            hash(b"").as_str(),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    fn record(name: &str) -> Record {
        let req = crate::request::preset(name)
            .unwrap_or_else(|| Request::named(crate::naming::FeatureName::parse(name).unwrap()));
        let files = [
            ("petsage/api/v1/schemas/x.py".to_string(), b"a".to_vec()),
            ("petsage/feature_docs/x.md".to_string(), b"b".to_vec()),
        ];
        Record::new(&req, "sha256:t", files)
    }

    #[test]
    fn a_head_is_read_without_scanning_the_texts_and_as_a_whole_parse_reads_it() {
        let whole = |text: &str| {
            let head: Head<serde_yaml::Value> = parse_as(text, "r").unwrap();
            head.split()
        };
        let cut = |text: &str| {
            let head: Head<serde_yaml::Value> = parse_head_as(text, "r").unwrap();
            head.split()
        };
        for name in ["smoke_test", "pet_profile"] {
            let mut r = record(name);
            let text = r.to_text().unwrap();
            assert_eq!(cut(&text), whole(&text));
            // No texts: `"base": {}` on one line.
            r.base.clear();
            let text = r.to_text().unwrap();
            assert_eq!(cut(&text), whole(&text));
        }
        // Other layouts parse whole: the texts first, a key after them, one line.
        let text = record("smoke_test").to_text().unwrap();
        let doc: serde_json::Value = serde_json::from_str(json_body(&text).unwrap()).unwrap();
        let mut reordered = serde_json::Map::new();
        reordered.insert("base".into(), doc["base"].clone());
        for (k, v) in doc.as_object().unwrap() {
            reordered.entry(k.clone()).or_insert_with(|| v.clone());
        }
        let reordered = serde_json::to_string_pretty(&reordered).unwrap();
        let mut late = doc.clone();
        late.as_object_mut().unwrap().remove("templates");
        let mut late = serde_json::to_string_pretty(&late).unwrap();
        late.truncate(late.len() - 2);
        late.push_str(",\n  \"templates\": \"sha256:t\"\n}");
        let flat = serde_json::to_string(&doc).unwrap();
        for other in [reordered, late, flat] {
            assert_eq!(cut(&other), whole(&other), "{other}");
        }
    }

    #[test]
    fn records_read_back_as_written() {
        for name in ["smoke_test", "pet_profile"] {
            let r = record(name);
            let text = r.to_text().unwrap();
            assert!(text.starts_with("# Written by petsage-build"), "{text}");
            assert_eq!(Record::parse(&text, "r").unwrap(), r);
            // JSON is YAML: any YAML tool reads the same record.
            let as_yaml: Record = serde_yaml::from_str(&text).unwrap();
            assert_eq!(as_yaml, r);
        }
    }

    #[test]
    fn records_keep_the_generated_text_as_the_merge_base() {
        let r = record("smoke_test");
        assert_eq!(r.base["petsage/feature_docs/x.md"], "b");
        assert_eq!(
            r.base_of("petsage/feature_docs/x.md", None).as_deref(),
            Some("b")
        );
        let mut old = r.clone();
        old.base.clear();
        old.templates = None;
        let text = old.to_text().unwrap();
        assert!(
            !text.contains("\"base\"") && !text.contains("\"templates\""),
            "{text}"
        );
        // Without a copy, the file is its own base only while it is what was generated.
        let path = "petsage/feature_docs/x.md";
        assert_eq!(old.base_of(path, Some(b"b")).as_deref(), Some("b"));
        assert_eq!(old.base_of(path, Some(b"edited")), None);
    }

    #[test]
    fn the_head_of_a_record_is_all_but_its_request_and_texts() {
        let r = record("pet_profile");
        let head = Record::parse_head(&r.to_text().unwrap(), "r").unwrap();
        assert_eq!(
            (&head.feature, &head.files, &head.templates),
            (&r.feature, &r.files, &r.templates)
        );
        assert!(head.base.is_empty() && head.request.is_null());
    }

    #[test]
    fn records_written_as_yaml_by_earlier_versions_are_read() {
        let r = record("smoke_test");
        let old = format!("# an old record\n{}", serde_yaml::to_string(&r).unwrap());
        assert_eq!(Record::parse(&old, "r").unwrap(), r);
    }

    #[test]
    fn broken_records_name_the_file() {
        for text in ["{", "# c\n{\"version\": 1}", "version: [", "[]"] {
            let e = Record::parse(text, ".petsage-build/x.yaml").unwrap_err();
            assert!(
                e.to_string()
                    .starts_with(".petsage-build/x.yaml is not a valid petsage-build record"),
                "{e}"
            );
        }
    }
}
