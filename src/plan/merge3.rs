//! The 3-way merge of `update`, by lines, as `git merge-file` does it (diff3): the changes
//! base → ours and base → theirs are found with `similar`'s Myers diff, which needs linear
//! space; where changes of both sides overlap or touch and differ, the region is a
//! conflict (its common first and last lines moved out of the markers).
//!
//! Myers' time grows with the product of the texts' length and their distance, so a
//! large base against a small new generation (a record is input) would take minutes. The
//! diffs therefore share a deadline: past it, `similar` stops refining and reports what
//! is left as one change. That diff is still correct, only coarser, so the merge stays
//! sound: at worst a clean merge becomes a conflict, never the other way round.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::DiffOp;
use similar::algorithms::{Capture, myers};

/// How long both diffs of one file's merge may take together.
pub const TIME_LIMIT: Duration = Duration::from_secs(2);

/// The conflict markers' labels of each side.
pub struct Labels<'a> {
    pub ours: &'a str,
    pub theirs: &'a str,
}

/// A merged text, or the text with conflict markers.
#[derive(Debug, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    pub conflicts: usize,
    /// The deadline cut the diffs short: conflicts may be wider than the edits.
    pub coarse: bool,
}

/// A run of changed lines: `base` replaced by `side`.
#[derive(Debug, Clone)]
struct Hunk {
    base: Range<usize>,
    side: Range<usize>,
}

/// Merges the changes `ours` and `theirs` made to `base`.
pub fn merge(base: &str, ours: &str, theirs: &str, labels: &Labels) -> Merged {
    merge_until(base, ours, theirs, labels, Instant::now() + TIME_LIMIT)
}

fn merge_until(base: &str, ours: &str, theirs: &str, labels: &Labels, deadline: Instant) -> Merged {
    let base: Vec<&str> = base.split_inclusive('\n').collect();
    let ours: Vec<&str> = ours.split_inclusive('\n').collect();
    let theirs: Vec<&str> = theirs.split_inclusive('\n').collect();
    let ours_hunks = hunks(&base, &ours, deadline);
    let theirs_hunks = hunks(&base, &theirs, deadline);
    let coarse = Instant::now() >= deadline;

    let mut out = Output {
        text: String::new(),
        conflicts: 0,
    };
    let (mut i, mut j) = (0, 0);
    // Where each side's lines stand against the base's after the hunks taken so far.
    let (mut shift_ours, mut shift_theirs) = (0isize, 0isize);
    let mut copied = 0;
    loop {
        let start = match (ours_hunks.get(i), theirs_hunks.get(j)) {
            (None, None) => break,
            (Some(a), None) => a.base.start,
            (None, Some(b)) => b.base.start,
            (Some(a), Some(b)) => a.base.start.min(b.base.start),
        };
        // The region: every hunk of either side that overlaps or touches it (no base
        // line between them is unchanged on both sides).
        let (i0, j0) = (i, j);
        let mut end = start;
        loop {
            let before = (i, j);
            for (list, k) in [(&ours_hunks, &mut i), (&theirs_hunks, &mut j)] {
                while let Some(h) = list.get(*k).filter(|h| h.base.start <= end) {
                    end = end.max(h.base.end);
                    *k += 1;
                }
            }
            if (i, j) == before {
                break;
            }
        }
        out.lines(&base[copied..start]);
        let mine = side_range(&ours_hunks[i0..i], start..end, &mut shift_ours);
        let new = side_range(&theirs_hunks[j0..j], start..end, &mut shift_theirs);
        let (mine, new, old) = (&ours[mine], &theirs[new], &base[start..end]);
        if i0 == i || mine == old {
            out.lines(new);
        } else if j0 == j || new == old || mine == new {
            out.lines(mine);
        } else {
            out.conflict(mine, new, labels);
        }
        copied = end;
    }
    out.lines(&base[copied..]);
    Merged {
        text: out.text,
        conflicts: out.conflicts,
        coarse,
    }
}

/// The changed runs of lines from `base` to `side`.
fn hunks(base: &[&str], side: &[&str], deadline: Instant) -> Vec<Hunk> {
    let mut capture = Capture::new();
    let Ok(()) = myers::diff_deadline(
        &mut capture,
        base,
        0..base.len(),
        side,
        0..side.len(),
        Some(deadline),
    );
    // The ops are read by their order and lengths only: their index fields are not
    // always where the op applies (past the deadline, an insert after a delete names the
    // delete's start; `similar`'s compaction names other places still).
    let (mut b, mut s) = (0, 0);
    let mut out: Vec<Hunk> = Vec::new();
    for op in capture.into_ops() {
        let (old_len, new_len, equal) = match op {
            DiffOp::Equal { len, .. } => (len, len, true),
            DiffOp::Delete { old_len, .. } => (old_len, 0, false),
            DiffOp::Insert { new_len, .. } => (0, new_len, false),
            DiffOp::Replace {
                old_len, new_len, ..
            } => (old_len, new_len, false),
        };
        let (old, new) = (b..b + old_len, s..s + new_len);
        if equal && base.get(old.clone()) != side.get(new.clone()) {
            return whole(base, side);
        }
        (b, s) = (old.end, new.end);
        if equal {
            continue;
        }
        match out.last_mut() {
            Some(h) if h.base.end == old.start && h.side.end == new.start => {
                h.base.end = old.end;
                h.side.end = new.end;
            }
            _ => out.push(Hunk {
                base: old,
                side: new,
            }),
        }
    }
    if (b, s) != (base.len(), side.len()) {
        return whole(base, side);
    }
    out
}

/// Everything changed: the diff of last resort, which is always true.
fn whole(base: &[&str], side: &[&str]) -> Vec<Hunk> {
    if base == side {
        return Vec::new();
    }
    vec![Hunk {
        base: 0..base.len(),
        side: 0..side.len(),
    }]
}

/// The lines of a side that stand for `region` of the base, given the side's hunks in it;
/// `shift` is the side's offset before the region, and after it on return.
fn side_range(hunks: &[Hunk], region: Range<usize>, shift: &mut isize) -> Range<usize> {
    let at = |base: usize, shift: isize| base.saturating_add_signed(shift);
    let (Some(first), Some(last)) = (hunks.first(), hunks.last()) else {
        return at(region.start, *shift)..at(region.end, *shift);
    };
    let start = first.side.start - (first.base.start - region.start);
    let end = last.side.end + (region.end - last.base.end);
    *shift = end as isize - region.end as isize;
    start..end
}

struct Output {
    text: String,
    conflicts: usize,
}

impl Output {
    fn lines(&mut self, lines: &[&str]) {
        self.text.extend(lines.iter().copied());
    }

    /// Both sides between markers, without the lines they begin or end with in common.
    fn conflict(&mut self, mine: &[&str], new: &[&str], labels: &Labels) {
        let head = mine.iter().zip(new).take_while(|(a, b)| a == b).count();
        self.lines(&mine[..head]);
        let (mine, new) = (&mine[head..], &new[head..]);
        let tail = mine
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let rest = &new[new.len() - tail..];
        let (mine, new) = (&mine[..mine.len() - tail], &new[..new.len() - tail]);
        self.conflicts += 1;
        self.marker(&format!("<<<<<<< {}", labels.ours));
        self.side(mine);
        self.marker("=======");
        self.side(new);
        self.marker(&format!(">>>>>>> {}", labels.theirs));
        self.lines(rest);
    }

    /// A side's lines; a last line without its newline gets one, so that the marker after
    /// it starts a line (as git does).
    fn side(&mut self, lines: &[&str]) {
        self.lines(lines);
        if lines.last().is_some_and(|l| !l.ends_with('\n')) {
            self.text.push('\n');
        }
    }

    fn marker(&mut self, marker: &str) {
        self.text.push_str(marker);
        self.text.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABELS: Labels = Labels {
        ours: "ours",
        theirs: "theirs",
    };

    fn m(base: &str, ours: &str, theirs: &str) -> (String, usize) {
        let merged = merge(base, ours, theirs, &LABELS);
        (merged.text, merged.conflicts)
    }

    #[test]
    fn changes_of_both_sides_apart_are_both_kept() {
        let base = "a\nb\nc\nd\ne\n";
        assert_eq!(
            m(base, "A\nb\nc\nd\ne\n", "a\nb\nc\nd\nE\n"),
            ("A\nb\nc\nd\nE\n".to_string(), 0)
        );
        assert_eq!(
            m(base, "a\nb\nx\nc\nd\ne\n", "a\nb\nc\nd\ne\nf\n"),
            ("a\nb\nx\nc\nd\ne\nf\n".to_string(), 0)
        );
        // One side deletes, the other edits elsewhere.
        assert_eq!(
            m(base, "a\nd\ne\n", "a\nb\nc\nd\nE"),
            ("a\nd\nE".to_string(), 0)
        );
    }

    #[test]
    fn one_side_unchanged_takes_the_other() {
        let base = "a\nb\n";
        assert_eq!(m(base, base, "x\n"), ("x\n".to_string(), 0));
        assert_eq!(m(base, "x\n", base), ("x\n".to_string(), 0));
        assert_eq!(m(base, "", base), (String::new(), 0));
        assert_eq!(m("", "a\n", "a\n"), ("a\n".to_string(), 0));
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        assert_eq!(
            m("a\nb\nc\n", "a\nB\nc\n", "a\nB\nc\n"),
            ("a\nB\nc\n".to_string(), 0)
        );
    }

    #[test]
    fn overlapping_or_touching_changes_conflict_between_markers() {
        assert_eq!(
            m("a\nb\nc\n", "a\nmine\nc\n", "a\nnew\nc\n"),
            (
                "a\n<<<<<<< ours\nmine\n=======\nnew\n>>>>>>> theirs\nc\n".to_string(),
                1
            )
        );
        // Adjacent lines changed by each side: no unchanged line between them.
        let (text, n) = m("a\nb\nc\nd\n", "a\nB\nc\nd\n", "a\nb\nC\nd\n");
        assert_eq!(n, 1, "{text}");
        // Both insert at one place, differently.
        let (text, n) = m("a\nb\n", "a\nx\nb\n", "a\ny\nb\n");
        assert_eq!(text, "a\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\nb\n");
        assert_eq!(n, 1);
    }

    #[test]
    fn common_lines_at_a_conflicts_ends_stay_outside_the_markers() {
        let (text, n) = m("a\nb\nc\n", "same\nmine\nend\n", "same\nnew\nend\n");
        assert_eq!(
            text,
            "same\n<<<<<<< ours\nmine\n=======\nnew\n>>>>>>> theirs\nend\n"
        );
        assert_eq!(n, 1);
    }

    #[test]
    fn a_last_line_without_newline_still_ends_before_its_marker() {
        let (text, n) = m("a\nb", "a\nmine", "a\nnew");
        assert_eq!(
            text,
            "a\n<<<<<<< ours\nmine\n=======\nnew\n>>>>>>> theirs\n"
        );
        assert_eq!(n, 1);
        // Clean: the missing newline is kept.
        assert_eq!(m("a\nb", "A\nb", "a\nb"), ("A\nb".to_string(), 0));
    }

    /// Texts of a few short lines from a small alphabet, so that edits overlap often.
    fn text() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec!["a\n", "b\n", "c\n", "\n", "a", "b\r\n"]),
            0..12,
        )
        .prop_map(|lines| lines.concat())
    }

    use proptest::prelude::*;

    proptest! {
        /// One side unchanged: the merge is the other side, byte for byte; both sides
        /// alike: that text. A conflict always shows both sides' lines.
        #[test]
        fn merges_keep_every_side(base in text(), ours in text(), theirs in text()) {
            let clean = |b: &str, o: &str, t: &str| {
                let m = merge(b, o, t, &LABELS);
                (m.text, m.conflicts)
            };
            prop_assert_eq!(clean(&base, &ours, &base), (ours.clone(), 0));
            prop_assert_eq!(clean(&base, &base, &theirs), (theirs.clone(), 0));
            prop_assert_eq!(clean(&base, &ours, &ours), (ours.clone(), 0));
            let m = merge(&base, &ours, &theirs, &LABELS);
            prop_assert_eq!(
                m.conflicts,
                m.text.lines().filter(|l| *l == "<<<<<<< ours").count()
            );
            // The same merge past its deadline: as sound, if coarser.
            let past = Instant::now() - Duration::from_secs(1);
            let coarse = merge_until(&base, &ours, &theirs, &LABELS, past);
            // A coarse change covers the precise ones: it never hides a conflict, and
            // where it merges cleanly it merges the same.
            prop_assert!(m.conflicts == 0 || coarse.conflicts > 0);
            if coarse.conflicts == 0 {
                prop_assert_eq!(&coarse.text, &m.text);
            }
            for t in [&base, &ours, &theirs] {
                let c = merge_until(t, t, t, &LABELS, past);
                prop_assert_eq!(c.text.as_str(), t.as_str());
            }
        }
    }

    #[test]
    fn a_spent_deadline_still_merges_soundly() {
        let base: String = (0..2000).map(|i| format!("{i}\n")).collect();
        let ours = base.replacen("5\n", "mine\n", 1);
        let theirs = base.replacen("1999\n", "new\n", 1);
        let past = Instant::now() - Duration::from_secs(1);
        let merged = merge_until(&base, &ours, &theirs, &LABELS, past);
        assert!(merged.coarse);
        // Prefix and suffix still match exactly, so these edits still merge.
        assert_eq!(merged.conflicts, 0);
        assert_eq!(
            merged.text,
            base.replacen("5\n", "mine\n", 1)
                .replacen("1999\n", "new\n", 1)
        );
        // A real conflict is one region, never lost edits.
        let theirs = base
            .replacen("5\n", "new\n", 1)
            .replacen("1000\n", "x\n", 1);
        let merged = merge_until(&base, &ours, &theirs, &LABELS, past);
        assert_eq!(merged.conflicts, 1);
        assert!(merged.text.contains("mine\n") && merged.text.contains("new\n"));
    }
}
