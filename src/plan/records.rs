//! The records of the project's features, as the plans need them: read once per run
//! (`RecordIndex`), however many features the run plans. `update` of a thousand
//! features reads each record here once, not once per feature.

use std::path::Path;

use crate::record::{Record, Recorded};
use crate::request::{Feature, Request};

/// What a plan keeps of one record: its feature, its files with their hashes, and its
/// request as JSON text (validated only when a plan needs it, and read back only then):
/// a thousand records stay small in memory.
struct Entry {
    feature: String,
    /// Its files and their recorded hashes (`__init__.py` files and shared modules too).
    files: Vec<(String, Recorded)>,
    /// The request as JSON text, for the cheap filters below.
    asked: String,
}

impl Entry {
    fn of(record: &Record) -> Entry {
        Entry {
            feature: record.feature.clone(),
            files: record
                .files
                .iter()
                .map(|(p, h)| (p.clone(), h.clone()))
                .collect(),
            asked: serde_json::to_string(&record.request).unwrap_or_default(),
        }
    }

    /// The request as the record has it (as it was before the JSON text).
    fn request_value(&self) -> serde_yaml::Value {
        serde_json::from_str(&self.asked).unwrap_or(serde_yaml::Value::Null)
    }

    fn request(&self) -> Option<Request> {
        Request::from_yaml(&self.request_value()).ok()
    }

    fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.iter().map(|(p, _)| p)
    }
}

/// The records of the project, read on first use and kept for the rest of the run.
#[derive(Default)]
pub(super) struct RecordIndex {
    entries: Option<Vec<Entry>>,
}

impl RecordIndex {
    /// The index of `records`, already read: every record of the project (`update` of
    /// every feature has them all in hand, and need not read them again).
    pub(super) fn of<'a>(records: impl IntoIterator<Item = &'a Record>) -> RecordIndex {
        let entries = records.into_iter().map(Entry::of).collect();
        RecordIndex {
            entries: Some(entries),
        }
    }

    /// Every readable record of `root`, each read and parsed once. A record is read
    /// without its generated texts; unreadable records are skipped here (`check` reports
    /// them).
    fn entries(&mut self, root: &Path) -> anyhow::Result<&[Entry]> {
        if self.entries.is_none() {
            let mut entries = Vec::new();
            for (rel, path) in crate::record::list(root)? {
                let Ok(text) = crate::record::read_listed_text(&rel, &path) else {
                    continue;
                };
                // The generated texts are skipped: they are large, and the words the
                // filters below look for (`path`) are in every generated test.
                let Ok(record) = Record::parse_without_base(&text, &rel) else {
                    continue;
                };
                entries.push(Entry::of(&record));
            }
            self.entries = Some(entries);
        }
        Ok(self.entries.as_deref().unwrap_or_default())
    }

    /// Adds `record` (a feature planned in this run) as if it were on disk, in place of
    /// any record of the same feature.
    pub(super) fn insert(&mut self, root: &Path, record: &Record) -> anyhow::Result<()> {
        self.entries(root)?;
        if let Some(entries) = self.entries.as_mut() {
            entries.retain(|e| e.feature != record.feature);
            entries.push(Entry::of(record));
        }
        Ok(())
    }

    /// The request and the files of the feature `name`'s record, if it has one that reads.
    pub(super) fn find(
        &mut self,
        root: &Path,
        name: &str,
    ) -> anyhow::Result<Option<(Request, Vec<String>)>> {
        let entry = self.entries(root)?.iter().find(|e| e.feature == name);
        Ok(entry.and_then(|e| e.request().map(|r| (r, e.paths().cloned().collect()))))
    }

    /// The resource features of the project.
    pub(super) fn resources(&mut self, root: &Path) -> anyhow::Result<Vec<String>> {
        let mut out = Vec::new();
        for e in self.entries(root)? {
            if !e.asked.contains("resource") {
                continue;
            }
            if let Some(r) = e.request()
                && r.kind == Some(crate::request::Kind::Resource)
            {
                out.push(e.feature.clone());
            }
        }
        out.sort();
        Ok(out)
    }

    /// The features whose requests refer to `name`'s rows (`references: name`).
    pub(super) fn referring(&mut self, root: &Path, name: &str) -> anyhow::Result<Vec<String>> {
        let needle = format!("\"{name}\"");
        let mut out = Vec::new();
        for e in self.entries(root)? {
            let asks = e.asked.contains("references") || e.asked.contains("parent");
            if e.feature == name || !asks || !e.asked.contains(&needle) {
                continue;
            }
            let Some(request) = e.request() else {
                continue;
            };
            let refers = request.refers_to(name);
            if refers {
                out.push(e.feature.clone());
            }
        }
        Ok(out)
    }

    /// What the other features' records tell the plan of `feature` (`OtherRecords`). A
    /// request is validated only when its text could name the same path, a resource or
    /// a path parameter: a thousand records cost a thousand small reads, not a thousand
    /// validations.
    pub(super) fn others(
        &mut self,
        root: &Path,
        feature: &Feature,
        (db, errors): (&str, &str),
    ) -> anyhow::Result<OtherRecords> {
        let mine = crate::request::Route::all(feature);
        let mut requests = Vec::new();
        let mut inits = Vec::new();
        let mut shared_hashes = Vec::new();
        let mut regenerated = false;
        let mut own = None;
        for entry in self.entries(root)? {
            shared_hashes.extend(
                entry
                    .files
                    .iter()
                    .filter(|(p, _)| p == db || p == errors)
                    .cloned(),
            );
            inits.extend(
                entry
                    .paths()
                    .filter(|p| p.ends_with("/__init__.py") || *p == db || *p == errors)
                    .cloned(),
            );
            if entry.feature == feature.name.snake() {
                regenerated = true;
                own = Some(Own {
                    hashes: entry
                        .files
                        .iter()
                        .filter(|(p, _)| !p.ends_with("__init__.py"))
                        .cloned()
                        .collect(),
                    request: entry.request_value(),
                });
                continue;
            }
            let candidate = may_shadow_or_own(&entry.asked)
                || mine
                    .iter()
                    .any(|r| may_serve(&entry.asked, &entry.feature, &r.path));
            if candidate && let Some(request) = entry.request() {
                requests.push(request);
            }
        }
        Ok(OtherRecords {
            requests,
            inits,
            shared_hashes,
            regenerated,
            own,
        })
    }
}

/// What the other features' records tell a plan.
pub(super) struct OtherRecords {
    /// The requests of those that may serve the same route (`check_route_unique`),
    /// shadow one of ours (`check_reachable`) or own a table (`check_tables_unique`).
    pub(super) requests: Vec<Request>,
    /// The `__init__.py` files and database module they created (shared: the last
    /// feature to go takes them).
    pub(super) inits: Vec<String>,
    /// The hashes those records hold of the shared modules (`(path, hash)`): what each
    /// generation wrote, so that one still unedited may be brought up to date.
    pub(super) shared_hashes: Vec<(String, Recorded)>,
    /// The feature has a record already: this is a new generation of it.
    pub(super) regenerated: bool,
    /// What its own record says, when it has one.
    pub(super) own: Option<Own>,
}

/// A feature's own record, as a new generation of it needs it: its revisions and the
/// request they were written for.
pub(super) struct Own {
    /// Its files' recorded hashes (`__init__.py` files aside).
    pub(super) hashes: Vec<(String, Recorded)>,
    pub(super) request: serde_yaml::Value,
}

/// Whether a record's text could describe a resource (which owns a table and has a
/// parameter in its items' path) or an endpoint with a path parameter: the only
/// features whose routes can shadow another's. Conservative: any doubt is a yes.
fn may_shadow_or_own(text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    text.contains("resource") || text.contains("path")
}

/// Whether a record's text could describe a feature on `path` (normalised): one without
/// an explicit path serves `/<kebab name>`; one with a path names every fixed segment of
/// `path` somewhere in its text. Conservative: any doubt is a yes.
fn may_serve(text: &str, name: &str, path: &str) -> bool {
    // A path key in the JSON records write, or the YAML earlier ones did.
    let explicit = ["\"path\":", "path:", "Path:"]
        .iter()
        .any(|k| text.contains(k));
    if !explicit {
        // A resource without a path serves its items below it too.
        return crate::naming::FeatureName::parse(name).map_or(true, |n| {
            let base = format!("/{}", n.kebab());
            path == base || path.strip_prefix(&base).is_some_and(|r| r.starts_with('/'))
        });
    }
    path.split('/')
        .filter(|seg| !seg.is_empty() && *seg != "{}")
        .all(|seg| {
            !seg.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
                || text.contains(seg)
        })
}
