//! What was generated: one file per feature, `.petsage-build/<name>.yaml`, holding the
//! request and the hash of every generated file, so that `check`, `list` and `remove`
//! know what is ours and what was edited since. One file per feature means two branches
//! that add features never conflict on it.

use std::collections::BTreeMap;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::request::Request;

/// The directory of records, relative to the root.
pub const DIR: &str = ".petsage-build";

/// The value of a file in `files` that exists but is not ours: kept by `--skip-existing`
/// instead of generated. `remove` never deletes it and `check` never calls it edited.
pub const KEPT: &str = "kept";

/// The format version written into every record.
pub const VERSION: u32 = 1;

/// One feature's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub version: u32,
    pub feature: String,
    /// The request in its canonical form (`Request::to_yaml`).
    pub request: serde_yaml::Value,
    /// Generated file (relative path) → `sha256:<hex>` of the bytes generated, or
    /// [`KEPT`] for a file that was there and was kept.
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
            .with_context(|| format!("the record of '{}' holds an invalid request", self.feature))
    }

    /// Marks `path` as kept: it was there, and what is there is not what we generated.
    pub fn keep(&mut self, path: &str) {
        if let Some(h) = self.files.get_mut(path) {
            *h = KEPT.to_string();
        }
    }

    /// True when the record says `path` was kept, not generated.
    pub fn kept(&self, path: &str) -> bool {
        self.files.get(path).is_some_and(|h| h == KEPT)
    }

    /// True when `bytes` are what was generated for `path`.
    pub fn matches(&self, path: &str, bytes: &[u8]) -> Option<bool> {
        self.files.get(path).map(|h| *h == hash(bytes))
    }
}

/// `sha256:<hex>` of `bytes`.
pub fn hash(bytes: &[u8]) -> String {
    format!("sha256:{:x}", Sha256::digest(bytes))
}

/// One record file of `root`, by feature name: `None` when the feature has no record.
/// A record that cannot be read or parsed is invalid input (exit 2), naming the file.
pub fn load(root: &std::path::Path, feature: &str) -> anyhow::Result<Option<Record>> {
    let rel = Record::path_of(feature);
    match crate::fsread::read(&root.join(&rel)) {
        Ok(bytes) => parse_bytes(&bytes, &rel).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(crate::error::invalid(format!("cannot read {rel}: {e}"))),
    }
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
/// as a full path, for [`load_listed`]. A missing directory is no records.
pub fn list(root: &std::path::Path) -> anyhow::Result<Vec<(String, std::path::PathBuf)>> {
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
        out.push((format!("{DIR}/{name}"), entry.path()));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Reads and parses one record file of [`list`]; a record that cannot be read or parsed
/// is invalid input (exit 2), naming the file.
pub fn load_listed(rel: &str, path: &std::path::Path) -> anyhow::Result<Record> {
    crate::fsread::read(path)
        .map_err(|e| crate::error::invalid(format!("cannot read {rel}: {e}")))
        .and_then(|bytes| parse_bytes(&bytes, rel))
}

/// As [`load_listed`], but without the request (left `Null`): `check` reads only the
/// files and their hashes. A record in the shape [`Record::to_text`] writes is read
/// without the YAML parser (see [`plain`]), which is most of what `check` spends on a
/// record; any other goes through it as in [`load_listed`], with the same result or error.
pub fn load_listed_without_request(rel: &str, path: &std::path::Path) -> anyhow::Result<Record> {
    let bytes = crate::fsread::read(path)
        .map_err(|e| crate::error::invalid(format!("cannot read {rel}: {e}")))?;
    let text = utf8(&bytes, rel)?;
    if let Some(record) = parse_plain(text) {
        return Ok(record);
    }
    let mut record = parse_text(text, rel)?;
    record.request = serde_yaml::Value::Null;
    Ok(record)
}

/// The fast path of [`load_listed_without_request`] on its own: the record (request left
/// `Null`) when `text` is in the subset [`plain`] reads, else `None`. Public for the fuzz
/// target, which checks it against [`Record::parse`] wherever it answers.
#[doc(hidden)]
pub fn parse_plain(text: &str) -> Option<Record> {
    let (version, feature, files) = plain::parse(text)?;
    Some(Record {
        version,
        feature,
        request: serde_yaml::Value::Null,
        files,
    })
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

/// Reading a record without the YAML parser, when its text is in a small subset of YAML
/// for which the outcome is certain: every line printable ASCII; comment lines only at
/// the top; block mappings and block sequences only, nested by indentation as
/// `serde_yaml` writes them; keys that are plain identifiers (in `files`: plain
/// scalars), never twice in one mapping; values that are plain scalars on one line
/// (first character a letter, digit, `_`, `/` or `.`; no `: `, ` #`, trailing `:` or
/// trailing space). Such a text is a valid YAML document whose `Record` holds exactly
/// what is read here: `serde_yaml` reads any scalar into a `String` as written, and a
/// request made of these parts always deserialises. Anything else gives `None` and goes
/// to `serde_yaml`, so that every other text keeps its exact result and error.
mod plain {
    use std::collections::BTreeMap;

    /// Nesting deeper than this is left to `serde_yaml` (which has its own limit).
    const MAX_DEPTH: usize = 32;

    enum Node<'a> {
        Scalar(&'a str),
        Map(Vec<(&'a str, Node<'a>)>),
        Seq,
    }

    /// `version`, `feature` and `files` of a record in the subset, else `None`.
    pub(super) fn parse(text: &str) -> Option<(u32, String, BTreeMap<String, String>)> {
        if !text.ends_with('\n')
            || !text
                .bytes()
                .all(|b| b == b'\n' || (b' '..=b'~').contains(&b))
        {
            return None;
        }
        let mut lines = Vec::new();
        let mut header = true;
        for line in text.split_terminator('\n') {
            if header && line.starts_with('#') {
                continue;
            }
            header = false;
            let body = line.trim_start_matches(' ');
            if body.is_empty() {
                return None;
            }
            lines.push((line.len() - body.len(), body));
        }
        let mut p = Parser { lines, at: 0 };
        if p.lines.first()?.0 != 0 {
            return None;
        }
        let Node::Map(top) = p.mapping(0, None, Keys::Identifier, 0)? else {
            return None;
        };
        if p.at != p.lines.len() {
            return None;
        }
        let field = |name: &str| top.iter().find(|(k, _)| *k == name).map(|(_, v)| v);
        let version = match field("version")? {
            Node::Scalar(v) if *v == "0" || (!v.starts_with('0') && v.len() <= 9) => {
                v.parse().ok()?
            }
            _ => return None,
        };
        let Node::Scalar(feature) = field("feature")? else {
            return None;
        };
        field("request")?;
        let Node::Map(entries) = field("files")? else {
            return None;
        };
        let mut files = BTreeMap::new();
        for (path, hash) in entries {
            let Node::Scalar(hash) = hash else {
                return None;
            };
            files.insert((*path).to_string(), (*hash).to_string());
        }
        Some((version, (*feature).to_string(), files))
    }

    /// What a mapping's keys may be.
    #[derive(Clone, Copy, PartialEq)]
    enum Keys {
        /// `[A-Za-z_][A-Za-z0-9_]*` and not a YAML null or boolean: two such keys are
        /// the same key only if they are the same text, also once resolved.
        Identifier,
        /// Any plain scalar: the keys of `files`, read as strings.
        Scalar,
    }

    struct Parser<'a> {
        /// (indentation, the rest of the line), comments and the header left out.
        lines: Vec<(usize, &'a str)>,
        at: usize,
    }

    impl<'a> Parser<'a> {
        /// A block mapping whose keys are at column `indent`; `first` is its first entry
        /// when it stands on the line of a sequence's `- `.
        fn mapping(
            &mut self,
            indent: usize,
            first: Option<&'a str>,
            keys: Keys,
            depth: usize,
        ) -> Option<Node<'a>> {
            if depth > MAX_DEPTH {
                return None;
            }
            let mut entries: Vec<(&'a str, Node<'a>)> = Vec::new();
            let mut inline = first;
            loop {
                let body = match inline.take() {
                    Some(body) => body,
                    None => match self.lines.get(self.at) {
                        Some(&(i, body)) if i == indent && !body.starts_with('-') => {
                            self.at += 1;
                            body
                        }
                        Some(&(i, _)) if i >= indent => return None,
                        _ => break,
                    },
                };
                let (key, rest) = body.split_once(':')?;
                // YAML allows an implicit key of at most 1024 characters.
                let key_ok = key.len() < 1024
                    && match keys {
                        Keys::Identifier => identifier(key),
                        Keys::Scalar => scalar(key),
                    };
                if !key_ok || entries.iter().any(|(k, _)| *k == key) {
                    return None;
                }
                let value = if rest.is_empty() {
                    // Only `files`, at the top level, has paths for keys.
                    let keys = if depth == 0 && key == "files" {
                        Keys::Scalar
                    } else {
                        Keys::Identifier
                    };
                    self.nested(indent, keys, depth)?
                } else {
                    let value = rest.strip_prefix(' ')?;
                    if !scalar(value) {
                        return None;
                    }
                    Node::Scalar(value)
                };
                entries.push((key, value));
            }
            Some(Node::Map(entries))
        }

        /// The block value of `key:` at column `indent`: a mapping or a sequence further
        /// in, or a sequence at the same column. Nothing there (a null) is left to YAML.
        fn nested(&mut self, indent: usize, keys: Keys, depth: usize) -> Option<Node<'a>> {
            let &(i, body) = self.lines.get(self.at)?;
            if i >= indent && body.starts_with("- ") {
                self.sequence(i, depth + 1)
            } else if i > indent {
                self.mapping(i, None, keys, depth + 1)
            } else {
                None
            }
        }

        /// A block sequence whose `- ` are at column `indent`: each item a scalar, or a
        /// mapping whose first entry stands on the item's line.
        fn sequence(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
            if depth > MAX_DEPTH {
                return None;
            }
            while let Some(&(i, body)) = self.lines.get(self.at) {
                if i != indent || !body.starts_with('-') {
                    break;
                }
                let item = body.strip_prefix("- ")?;
                self.at += 1;
                match item.split_once(':') {
                    Some((key, rest))
                        if identifier(key) && (rest.is_empty() || rest.starts_with(' ')) =>
                    {
                        self.mapping(indent + 2, Some(item), Keys::Identifier, depth + 1)?;
                    }
                    _ => {
                        if !scalar(item) {
                            return None;
                        }
                        if self.lines.get(self.at).is_some_and(|&(i, _)| i > indent) {
                            return None;
                        }
                    }
                }
            }
            Some(Node::Seq)
        }
    }

    fn identifier(s: &str) -> bool {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
            && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
            && !matches!(
                s,
                "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
            )
    }

    /// A plain scalar on one line that YAML reads as written (see the module's doc).
    fn scalar(s: &str) -> bool {
        s.starts_with(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | '.'))
            && !s.contains(": ")
            && !s.contains(" #")
            && !s.ends_with(':')
            && !s.ends_with(' ')
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn hashes_are_lower_case_hex() {
        assert_eq!(
            hash(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    fn record_text(req: &Request) -> String {
        let files = [
            ("petsage/api/v1/schemas/x.py".to_string(), b"a".to_vec()),
            ("petsage/feature_docs/x.md".to_string(), b"b".to_vec()),
        ];
        Record::new(req, files).to_text().unwrap()
    }

    /// What `check` reads of a record: the YAML parser's answer.
    fn by_yaml(text: &str) -> Option<(u32, String, BTreeMap<String, String>)> {
        let r: Record = serde_yaml::from_str(text).ok()?;
        Some((r.version, r.feature, r.files))
    }

    /// The reader without the YAML parser answers only where it agrees with it.
    fn agrees(text: &str) -> Result<(), TestCaseError> {
        if let Some(read) = plain::parse(text) {
            prop_assert_eq!(Some(read), by_yaml(text), "{}", text);
        }
        Ok(())
    }

    #[test]
    fn records_as_written_are_read_without_the_yaml_parser() {
        for name in ["smoke_test", "pet_profile"] {
            let req = crate::request::preset(name).unwrap_or_else(|| {
                Request::named(crate::naming::FeatureName::parse(name).unwrap())
            });
            let text = record_text(&req);
            let read = plain::parse(&text);
            assert!(read.is_some(), "{text}");
            assert_eq!(read, by_yaml(&text));
        }
    }

    #[test]
    fn other_shapes_go_to_the_yaml_parser() {
        let ok = "version: 1\nfeature: a\nrequest: x\nfiles:\n  a.py: sha256:0\n";
        assert!(plain::parse(ok).is_some());
        for text in [
            "version: 1\nfeature: a\nrequest: x\nfiles:\n  a.py: sha256:0",
            "version: 1\nfeature: a\nrequest: x\nfiles:\n  a.py: sha256:0\n  a.py: sha256:1\n",
            "version: 01\nfeature: a\nrequest: x\nfiles:\n  a.py: sha256:0\n",
            "version: 1\nfeature: 'a'\nrequest: x\nfiles:\n  a.py: sha256:0\n",
            "version: 1\nfeature: a\nrequest:\n  true: 1\n  True: 2\nfiles:\n  a.py: b\n",
            "version: 1\nfeature: a\nrequest: x # c\nfiles:\n  a.py: b\n",
            "version: 1\nfeature: a\nrequest: x\n  y\nfiles:\n  a.py: b\n",
            "version: 1\nfeature: a\nrequest: &r x\nfiles:\n  a.py: b\n",
            "version: 1\nfeature: a\r\nrequest: x\nfiles:\n  a.py: b\n",
            "version: 1\nfeature: a\nrequest: x\nfiles: {}\n",
            "---\nversion: 1\nfeature: a\nrequest: x\nfiles:\n  a.py: b\n",
        ] {
            assert!(plain::parse(text).is_none(), "{text}");
        }
    }

    /// Lines from which texts near the subset's edges are made.
    fn line() -> impl Strategy<Value = String> {
        let body = prop_oneof![
            Just("version: 1"),
            Just("version: 4294967296"),
            Just("feature: a"),
            Just("feature:"),
            Just("request:"),
            Just("request: x"),
            Just("files:"),
            Just("a.py: sha256:0"),
            Just("a.py: b: c"),
            Just("key: value"),
            Just("key:"),
            Just("other: 1"),
            Just("null: 1"),
            Just("- item"),
            Just("- key: v"),
            Just("- key:"),
            Just("- - a"),
            Just("-"),
            Just("- x #y"),
            Just("- 'q'"),
            Just("k: v "),
            Just("k: a:b"),
            Just("k: http://x"),
            Just("k: [a]"),
            Just("# comment"),
            Just("---"),
            Just("k:v"),
            Just("description: Some text, with (parens) and 'quotes'."),
            Just("tags:"),
            Just("- System Health"),
            Just("name: status"),
            Just("example: 1.5"),
        ];
        (0usize..4, body).prop_map(|(i, b)| format!("{}{b}", "  ".repeat(i)))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn made_up_texts_agree(lines in proptest::collection::vec(line(), 0..12)) {
            let mut text = String::from("version: 1\nfeature: a\nrequest:\n");
            for l in &lines {
                text.push_str("  ");
                text.push_str(l);
                text.push('\n');
            }
            text.push_str("files:\n  a.py: sha256:0\n");
            agrees(&text)?;
            agrees(&lines.iter().map(|l| format!("{l}\n")).collect::<String>())?;
        }

        #[test]
        fn damaged_records_agree(at in 0usize..2000, byte in prop_oneof![
            Just(b' '), Just(b':'), Just(b'-'), Just(b'#'), Just(b'\n'), Just(b'\''), Just(b'x')
        ], delete in any::<bool>()) {
            let req = crate::request::preset("smoke_test").unwrap();
            let mut bytes = record_text(&req).into_bytes();
            let at = at % bytes.len();
            if delete {
                bytes.remove(at);
            } else {
                bytes.insert(at, byte);
            }
            if let Ok(text) = String::from_utf8(bytes) {
                agrees(&text)?;
            }
        }
    }
}
