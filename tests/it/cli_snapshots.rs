//! The insta snapshots of CLI exchanges (`tests/it/snapshots`) stay in step with the
//! tests: insta fails a test whose snapshot is missing or differs, but says nothing about
//! a snapshot no test writes any more, nor about a `.snap.new` left unreviewed.

use std::fs;

use crate::common::repo_file;

#[test]
fn every_snapshot_belongs_to_a_test() {
    let dir = repo_file("tests/it/snapshots");
    let mut problems = Vec::new();
    let mut count = 0;
    for entry in fs::read_dir(&dir).expect("tests/it/snapshots") {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".snap.new") || name.ends_with(".pending-snap") {
            problems.push(format!("{name}: not reviewed (accept or delete it)"));
            continue;
        }
        // it__<module>__<test>.snap, as insta names an unnamed snapshot.
        let Some((module, test)) = name
            .strip_suffix(".snap")
            .and_then(|n| n.strip_prefix("it__"))
            .and_then(|n| n.split_once("__"))
        else {
            problems.push(format!("{name}: not a snapshot of this crate"));
            continue;
        };
        count += 1;
        let source =
            fs::read_to_string(repo_file(&format!("tests/it/{module}.rs"))).unwrap_or_default();
        if !source.contains(&format!("fn {test}()")) {
            problems.push(format!("{name}: no test `{module}::{test}` writes it"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(count >= 20, "only {count} snapshots in {}", dir.display());
}
