//! Showing a plan: a cargo-like summary of what was (or would be) done, and for dry runs
//! unified diffs of edited files and, on request, the content of new ones.

use std::fmt::Write as _;

use similar::TextDiff;

use crate::escape;
use crate::plan::{Action, Plan};
use crate::style::{Paint, paint};

/// One line per file (`      create petsage/...`, cargo-like), then a total.
pub fn summary(plan: &Plan, dry_run: bool, color: bool) -> String {
    let mut s = String::new();
    for c in plan.changes() {
        let verb = if dry_run {
            c.action.verb()
        } else {
            past_tense(c.action)
        };
        let colour = match c.action {
            Action::Create => Paint::Green,
            Action::Patch | Action::Overwrite => Paint::Cyan,
            Action::Skip | Action::Delete => Paint::Yellow,
            Action::Conflict => Paint::Red,
            Action::Unchanged => Paint::Dim,
        };
        // A dry run says how much a deletion takes away; the bytes are not shown.
        let size = match (dry_run, c.action, c.old.as_deref()) {
            (true, Action::Delete, Some(old)) => match line_count(old) {
                1 => " (1 line)".to_string(),
                n => format!(" ({n} lines)"),
            },
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            "{} {}{size}",
            paint(&format!("{verb:>12}"), colour, color),
            escape::line(&c.path)
        );
    }
    let count = |a: Action| plan.changes().iter().filter(|c| c.action == a).count();
    let mut parts = Vec::new();
    for (a, word) in [
        (Action::Create, "created"),
        (Action::Overwrite, "overwritten"),
        (Action::Patch, "patched"),
        (Action::Unchanged, "unchanged"),
        (Action::Skip, "skipped"),
        (Action::Conflict, "in conflict"),
        (Action::Delete, "deleted"),
    ] {
        let n = count(a);
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    let lead = if dry_run {
        "dry run, nothing written: "
    } else {
        ""
    };
    let _ = writeln!(s, "{lead}{}", parts.join(", "));
    s
}

/// Lines as an editor counts them: a last line without a line break counts too.
fn line_count(bytes: &[u8]) -> usize {
    let breaks = bytes.iter().filter(|&&b| b == b'\n').count();
    breaks + usize::from(bytes.last().is_some_and(|&b| b != b'\n'))
}

fn past_tense(a: Action) -> &'static str {
    match a {
        Action::Create => "created",
        Action::Overwrite => "overwrote",
        Action::Patch => "patched",
        Action::Unchanged => "unchanged",
        Action::Skip => "skipped",
        Action::Conflict => "conflict",
        Action::Delete => "deleted",
    }
}

/// How long the diff of one file may take; past it, the rest is shown as one change.
const DIFF_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Unified diffs of every patched or overwritten file (and of conflicts, to show what
/// differs); with `show_new`, the full content of created files too. A deleted file has
/// its one summary line (with its size), not a diff of every line it had.
pub fn diffs(plan: &Plan, show_new: bool) -> String {
    let mut s = String::new();
    for c in plan.changes() {
        let old = String::from_utf8_lossy(c.old.as_deref().unwrap_or_default());
        let new = String::from_utf8_lossy(&c.new);
        match c.action {
            Action::Patch | Action::Overwrite | Action::Conflict => {
                // Bounded like `update`'s merge: a huge file shows a coarser diff, at once.
                let diff = TextDiff::configure()
                    .timeout(DIFF_TIME_LIMIT)
                    .diff_lines(old.as_ref(), new.as_ref());
                let _ = write!(
                    s,
                    "{}",
                    diff.unified_diff()
                        .context_radius(3)
                        .header(&format!("a/{}", c.path), &format!("b/{}", c.path))
                        .missing_newline_hint(true)
                );
            }
            Action::Create if show_new => {
                let diff = TextDiff::from_lines("", new.as_ref());
                let _ = write!(
                    s,
                    "{}",
                    diff.unified_diff()
                        .header("/dev/null", &format!("b/{}", c.path))
                        .missing_newline_hint(true)
                );
            }
            _ => {}
        }
    }
    // File contents and names may hold terminal controls: shown, never obeyed.
    escape::text(&s).into_owned()
}

/// A plan as data: `[{"path", "action"}]`, one per file in the order of the summary
/// (`action` is the summary's word: create, patch, unchanged, ...).
pub fn changes_json(plan: &Plan) -> serde_json::Value {
    plan.changes()
        .iter()
        .map(|c| serde_json::json!({"path": c.path, "action": c.action.verb()}))
        .collect()
}
