//! The plan of `update`: each recorded feature generated again, with today's templates
//! and its request (or a new one), and every generated file 3-way merged: the base is the
//! text the record kept from the last generation, ours the file now, theirs the new
//! generation. Clean merges are planned like any change; a file whose edits and whose new
//! generation change the same lines is a conflict, or, with markers, written with
//! git-style conflict markers that `check` then reports.

use std::path::Path;

use super::feature::{Generation, feature_into};
use super::merge3;
use super::{Action, ConflictPolicy, Plan};
use crate::layout::Layout;
use crate::record::Record;
use crate::render::Renderer;
use crate::request::Request;

/// The label of each side in conflict markers: the user's file and the new generation.
pub const YOURS: &str = "yours (the file as it is)";
pub const NEW: &str = "petsage-build update (the new generation)";

/// A file `update` cannot merge, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub path: String,
    pub reason: String,
}

/// One feature to update: its record and the request to generate it from.
pub struct Target<'r> {
    pub record: Record,
    pub request: Request,
    /// The templates it is generated with: the record's own, unless the user chose others.
    pub renderer: &'r Renderer,
}

/// What `update` would do: the plan, and the files it cannot merge (with markers, those
/// are in the plan, written with conflict markers).
pub struct Update {
    pub plan: Plan,
    pub conflicts: Vec<Conflict>,
}

/// The plan that brings every feature of `targets` to a generation by its renderer.
pub fn update(
    root: &Path,
    layout: &Layout,
    targets: &[Target],
    markers: bool,
) -> anyhow::Result<Update> {
    let mut plan = Plan::new(root)?;
    let mut conflicts = Vec::new();
    for target in targets {
        let mut merger = Merger {
            old: target.record.clone(),
            markers,
            conflicts: Vec::new(),
        };
        feature_into(
            &mut plan,
            layout,
            target.renderer,
            &target.request,
            &mut Generation::Update(&mut merger),
        )?;
        // A file the old generation had and the new one does not (a request change that
        // drops a file): left in place, for the user to delete.
        for path in target.record.files.keys() {
            let planned = plan.changes().iter().any(|c| c.path == *path);
            let shared = path.ends_with("__init__.py") || *path == layout.db;
            if !planned && !shared && plan.read(path)?.is_some() {
                plan.note(format!(
                    "{path} is no longer generated for '{}'; it was left in place",
                    target.record.feature
                ));
            }
        }
        conflicts.extend(merger.conflicts);
    }
    Ok(Update { plan, conflicts })
}

/// Settles each file of a new generation against the file now and the recorded base.
pub(super) struct Merger {
    old: Record,
    markers: bool,
    conflicts: Vec<Conflict>,
}

impl Merger {
    /// Plans `path` with the new generation `theirs` merged into what is there.
    pub(super) fn merge(
        &mut self,
        plan: &mut Plan,
        path: &str,
        theirs: String,
    ) -> anyhow::Result<Action> {
        // A file that was there before the feature and kept: still the user's.
        if self.old.kept(path) {
            return plan.generate(path, theirs, ConflictPolicy::SkipExisting);
        }
        let Some(ours) = plan.read(path)? else {
            // Deleted since: generated again, as `feature` would (check wants all five).
            return plan.generate(path, theirs, ConflictPolicy::Refuse);
        };
        if ours == theirs.as_bytes() {
            return plan.generate(path, theirs, ConflictPolicy::Refuse);
        }
        let Ok(ours_text) = String::from_utf8(ours.clone()) else {
            return self.refuse(plan, path, theirs, "it is not UTF-8 text any more");
        };
        let Some(base) = self.old.base_of(path, Some(&ours)) else {
            return self.refuse(
                plan,
                path,
                theirs,
                "it was edited, and its record (written by an earlier petsage-build) keeps no \
                 copy of what was generated, so the edits cannot be merged: the diff shows the \
                 new generation against the file",
            );
        };
        let labels = merge3::Labels {
            ours: YOURS,
            theirs: NEW,
        };
        let merged = merge3::merge(&base, &ours_text, &theirs, &labels);
        if merged.conflicts == 0 {
            return plan.patch(path, merged.text);
        }
        let mut reason = describe(&merged.text);
        if merged.coarse {
            reason.push_str(&format!(
                "; the texts differ too much to compare line by line within {} s, so the \
                 conflict may be wider than the edits",
                merge3::TIME_LIMIT.as_secs()
            ));
        }
        if self.markers {
            plan.note(format!(
                "{path}: {reason}; written with conflict markers: resolve them, then \
                 `petsage-build check`"
            ));
            plan.patch(path, merged.text)
        } else {
            self.refuse(plan, path, merged.text, &reason)
        }
    }

    /// Plans `path` as a conflict showing `shown` (what would be written).
    fn refuse(
        &mut self,
        plan: &mut Plan,
        path: &str,
        shown: String,
        reason: &str,
    ) -> anyhow::Result<Action> {
        self.conflicts.push(Conflict {
            path: path.to_string(),
            reason: reason.to_string(),
        });
        plan.generate(path, shown, ConflictPolicy::Refuse)
    }
}

/// `your edits and the new generation change the same lines (2 places, first at line 12)`.
fn describe(marked: &str) -> String {
    let starts: Vec<usize> = marked
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("<<<<<<< "))
        .map(|(i, _)| i + 1)
        .collect();
    let places = match starts.len() {
        1 => "1 place".to_string(),
        n => format!("{n} places"),
    };
    let first = starts.first().copied().unwrap_or(1);
    format!(
        "your edits and the new generation change the same lines ({places}, first at line \
         {first})"
    )
}

/// Whether `text` holds an unresolved conflict of `update --conflicts=markers`: the line
/// of the first marker.
pub fn conflict_marker_line(text: &str) -> Option<usize> {
    let open = format!("<<<<<<< {YOURS}");
    let close = format!(">>>>>>> {NEW}");
    let mut opened = None;
    for (i, line) in text.lines().enumerate() {
        if line == open && opened.is_none() {
            opened = Some(i + 1);
        } else if line == close && opened.is_some() {
            return opened;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_name_both_sides_and_are_found_again() {
        let labels = merge3::Labels {
            ours: YOURS,
            theirs: NEW,
        };
        let marked = merge3::merge("a\nb\nc\n", "a\nmine\nc\n", "a\nnew\nc\n", &labels).text;
        assert!(marked.contains(&format!(
            "<<<<<<< {YOURS}\nmine\n=======\nnew\n>>>>>>> {NEW}\n"
        )));
        assert_eq!(conflict_marker_line(&marked), Some(2));
        assert_eq!(
            describe(&marked),
            "your edits and the new generation change the same lines (1 place, first at line 2)"
        );
        assert_eq!(conflict_marker_line("a\n<<<<<<< x\n"), None);
    }
}
