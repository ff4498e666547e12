//! Hardening, round two, the smaller classes through the binary: runs that must end
//! (a huge merge base), includes in every spelling (`include_router(router=...)`), and
//! quiet wrongness (quoted literal values, `detect` on a fresh project, `encode` of an
//! endless file, a journal left half written).

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{ok, project, run_in, snapshot};

const RECORD: &str = ".petsage-build/smoke_test.yaml";
const DOC: &str = "petsage/feature_docs/smoke_test.md";

/// The record's JSON body (after its comment lines), and the comment lines.
fn read_record(dir: &Path, rel: &str) -> (String, serde_json::Value) {
    let text = fs::read_to_string(dir.join(rel)).unwrap();
    let head: String = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let body = &text[head.len()..];
    (head, serde_json::from_str(body).unwrap())
}

fn write_record(dir: &Path, rel: &str, head: &str, record: &serde_json::Value) {
    let body = serde_json::to_string_pretty(record).unwrap();
    fs::write(dir.join(rel), format!("{head}{body}\n")).unwrap();
}

/// A record whose merge base is 100,000 lines (a record is input: committed, or forged)
/// and a file edited from it: the merge against the small new generation took minutes
/// (diffy's Myers without a deadline); now it ends within its time limit, as a conflict.
#[test]
fn update_with_a_huge_merge_base_ends_in_seconds() {
    let p = project();
    ok(p.path(), &["feature", "smoke_test"]);
    let (head, mut record) = read_record(p.path(), RECORD);
    let base: String = (0..100_000).map(|i| format!("line {i}\n")).collect();
    record["base"][DOC] = serde_json::Value::String(base.clone());
    write_record(p.path(), RECORD, &head, &record);
    fs::write(p.path().join(DOC), base.replacen("line 0\n", "mine\n", 1)).unwrap();
    let before = snapshot(p.path());

    for args in [&["update"][..], &["update", "--dry-run"][..]] {
        let started = Instant::now();
        let r = run_in(p.path(), args, b"");
        let took = started.elapsed();
        assert!(took < Duration::from_secs(20), "{args:?} took {took:?}");
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "conflict: {DOC}: your edits and the new generation"
            )),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("within 2 s"), "{}", r.stderr);
        assert_eq!(snapshot(p.path()), before, "{args:?} wrote");
    }
}
