//! The syntax check against CPython on a corpus of real Python: for each file of
//! `PY_CORPUS` (a TSV of `1|0 <tab> path`, CPython's `compile()` verdict, made by
//! `scripts/syntax-corpus`), `check_syntax_for` must agree. Ignored by default: it needs
//! the corpus, which is made from the local Python's standard library and packages.
//!
//! Run: `bash scripts/syntax-corpus` (writes the TSV and runs this test).

use petsage_build::python::{Target, check_syntax_for};

#[test]
#[ignore]
fn agrees_with_cpython_on_real_files() {
    let Some(list) = std::env::var_os("PY_CORPUS") else {
        panic!("set PY_CORPUS to the verdicts file (see scripts/syntax-corpus)");
    };
    let version = std::env::var("PY_VERSION").unwrap_or_else(|_| "3.11".into());
    let (major, minor) = version.split_once('.').expect("PY_VERSION like 3.11");
    let target = Target {
        major: major.parse().expect("major"),
        minor: minor.parse().expect("minor"),
    };
    let text = std::fs::read_to_string(list).expect("read the verdicts");
    let mut disagree = Vec::new();
    let mut total = 0;
    for line in text.lines() {
        let Some((verdict, path)) = line.split_once('\t') else {
            continue;
        };
        let Ok(source) = std::fs::read_to_string(path) else {
            continue;
        };
        total += 1;
        let ours = check_syntax_for(&source, target);
        if ours.is_ok() != (verdict == "1") {
            disagree.push(format!("{path}: CPython {verdict}, ours {ours:?}"));
        }
    }
    println!("{total} files, {} disagreements", disagree.len());
    assert!(
        total > 0,
        "no readable file listed in the verdicts: nothing was compared"
    );
    assert!(disagree.is_empty(), "{}", disagree.join("\n"));
}
