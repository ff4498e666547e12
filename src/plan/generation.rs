//! How one feature's generated files meet what is on disk: the step `feature` and
//! `update` share (`feature_into` settles each file by a `Generation`). A new feature's
//! files are settled by a conflict policy; a new generation of a recorded one is 3-way
//! merged by `Merger`: the base is the text the record kept from the last generation, ours
//! the file now, theirs the new generation. Clean merges are planned like any change; a
//! file whose edits and whose new generation change the same lines is a conflict, or, with
//! markers, written with git-style conflict markers that `check` then reports.

use super::merge3;
use super::{Action, ConflictPolicy, Plan};
use crate::record::Record;

/// How the files of a generation meet what is on disk.
pub(super) enum Generation<'a> {
    /// A new feature: a file there with other content is settled by the policy; wired
    /// into the aggregator and main unless the flag is false (`--no-wire`).
    Add(ConflictPolicy, bool),
    /// A new generation of a recorded feature: each file is merged with its edits.
    Update(&'a mut Merger),
}

impl Generation<'_> {
    /// Plans `path` with the generated `contents`, settled as this generation settles it.
    pub(super) fn settle(
        &mut self,
        plan: &mut Plan,
        path: &str,
        contents: String,
    ) -> anyhow::Result<Action> {
        match self {
            Generation::Add(policy, _) => plan.generate(path, contents, *policy),
            Generation::Update(merger) => merger.merge(plan, path, contents),
        }
    }
}

/// The label of each side in conflict markers: the user's file and the new generation.
pub const YOURS: &str = "yours (the file as it is)";
pub const NEW: &str = "petsage-build update (the new generation)";

/// A file `update` cannot merge, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub path: String,
    pub reason: String,
}

/// Settles each file of a new generation against the file now and the recorded base.
pub(super) struct Merger {
    old: Record,
    markers: bool,
    pub(super) conflicts: Vec<Conflict>,
}

impl Merger {
    /// A merger onto the generation `old` records; `markers`: write conflicts marked.
    pub(super) fn new(old: Record, markers: bool) -> Merger {
        Merger {
            old,
            markers,
            conflicts: Vec::new(),
        }
    }
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
