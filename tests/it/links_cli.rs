//! Symbolic links inside the root (issue 24, class 1). Git stores links, so one committed
//! in `.petsage-build/` or beside a generated file is an attack, not an accident: every
//! managed path (the records directory and what is in it, the journal, every planned file
//! and each of its parent directories) that is a link refuses the run (exit 1, one line)
//! and nothing changes, inside the root or out of it. Temp files are created exclusively
//! under names no one can guess, so a link planted where one would go is never written
//! through. Each case: a fixture tree, the attack, the tree after.
#![cfg(unix)]

use crate::common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use common::{Run, dirs, snapshot};

const AGGREGATOR: &str = "petsage/api/v1/api.py";
const MAIN: &str = "petsage/main.py";

fn run(dir: &Path, args: &[&str]) -> Run {
    common::run_in(dir, args, b"")
}

fn ok(dir: &Path, args: &[&str]) -> Run {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    r
}

/// A project made by init in `outer/proj` with `smoke_test` added, and a file outside
/// the root (`outer/victim.txt`) that a write through a link would reach.
fn nested() -> (tempfile::TempDir, PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    let proj = outer.path().join("proj");
    fs::create_dir(&proj).unwrap();
    ok(&proj, &["init"]);
    ok(&proj, &["feature", "smoke_test"]);
    fs::write(outer.path().join("victim.txt"), "outside\n").unwrap();
    (outer, proj)
}

/// Plants `link` (relative to the project) pointing at `to`, runs each command, and checks
/// each is refused and the whole tree (the project and what is beside it) is unchanged.
fn refused_everywhere(outer: &Path, proj: &Path, commands: &[&[&str]], needle: &str) {
    let before = snapshot(outer);
    let dirs_before = dirs(outer);
    for args in commands {
        run(proj, args).assert_refused(needle);
        assert_eq!(snapshot(outer), before, "{args:?}");
        assert_eq!(dirs(outer), dirs_before, "{args:?}");
    }
}

const WRITERS: &[&[&str]] = &[
    &["feature", "smoke_test", "--force"],
    &["feature", "adopt_pet"],
    &["remove", "smoke_test"],
];

#[test]
fn a_link_in_the_records_dir_refuses_every_command() {
    // (the link, relative to the project; its target, relative to the link)
    let cases: &[(&str, &str)] = &[
        // Named like the journal's temp file of earlier versions: it used to make
        // `feature` delete main.py and say that nothing was changed.
        (".petsage-build/journal.tmp", "../petsage/main.py"),
        // Named like a record: it used to make `feature` overwrite main.py.
        (".petsage-build/smoke_test.yaml", "../petsage/main.py"),
        (".petsage-build/adopt_pet.yaml", "../petsage/main.py"),
        (".petsage-build/smoke_test.yaml", "../../victim.txt"),
        // The journal itself.
        (".petsage-build/journal", "../petsage/main.py"),
        // Anything else there: the directory is petsage-build's own.
        (".petsage-build/notes", "../../victim.txt"),
    ];
    let mut commands: Vec<&[&str]> = WRITERS.to_vec();
    commands.extend([&["list"][..], &["check"], &["update"]]);
    for (link, to) in cases {
        let (outer, proj) = nested();
        let at = proj.join(link);
        let _ = fs::remove_file(&at);
        symlink(to, &at).unwrap();
        refused_everywhere(outer.path(), &proj, &commands, "symbolic link");
    }
}

#[test]
fn a_linked_records_dir_or_config_refuses_every_command() {
    let mut commands: Vec<&[&str]> = WRITERS.to_vec();
    commands.extend([&["list"][..], &["check"]]);
    // The records directory a link to a directory inside the root, or outside it.
    for to in ["petsage", "..", "../.."] {
        let (outer, proj) = nested();
        let records = proj.join(".petsage-build");
        fs::rename(&records, proj.join("petsage/records")).unwrap();
        symlink(to, &records).unwrap();
        refused_everywhere(outer.path(), &proj, &commands, "symbolic link");
    }
    // pyproject.toml a link to a file inside the root.
    let (outer, proj) = nested();
    fs::rename(
        proj.join("pyproject.toml"),
        proj.join("petsage/pyproject.toml"),
    )
    .unwrap();
    symlink("petsage/pyproject.toml", proj.join("pyproject.toml")).unwrap();
    let commands: &[&[&str]] = &[
        &["--root", ".", "feature", "adopt_pet"],
        &["--root", ".", "list"],
        &["--root", ".", "check"],
    ];
    refused_everywhere(outer.path(), &proj, commands, "symbolic link");
}

#[test]
fn a_planned_file_or_a_parent_of_one_that_is_a_link_is_refused() {
    // (the path made a link, its target relative to the link, whether the target is the
    // real file or directory moved beside it)
    let cases: &[(&str, &str)] = &[
        (AGGREGATOR, "routes.py"),
        (MAIN, "app.py"),
        ("petsage/api/v1/schemas/smoke_test.py", "other.py"),
        ("petsage/services", "services_real"),
        ("petsage/api/v1", "v1_real"),
        ("petsage/feature_docs", "../../docs_outside"),
        ("petsage", "../petsage_outside"),
    ];
    for (link, to) in cases {
        let (outer, proj) = nested();
        let at = proj.join(link);
        let real = at.parent().unwrap().join(to);
        fs::rename(&at, &real).unwrap();
        symlink(to, &at).unwrap();
        // `remove` never reads main (the app's wiring is shared); the others plan it.
        // A file of smoke_test's only matters to the runs that plan it.
        let commands: Vec<&[&str]> = match *link {
            MAIN => WRITERS[..2].to_vec(),
            l if l.contains("smoke_test") => vec![WRITERS[0], WRITERS[2]],
            _ => WRITERS.to_vec(),
        };
        refused_everywhere(outer.path(), &proj, &commands, "symbolic link");
    }
}

#[test]
fn a_link_where_a_temp_file_would_go_is_never_written_through() {
    // Earlier versions named the temp file beside the aggregator from the pid
    // (`.api.py.petsage-build-<pid>.tmp`) and opened it following links. Plant a link
    // for each of the next few thousand pids: with exclusive creation under names no
    // one can guess, none is used, and nothing is written outside the root.
    let (outer, proj) = nested();
    let dir = proj.join("petsage/api/v1");
    let next = std::process::Command::new("true").spawn().unwrap().id();
    let victim = outer.path().join("victim.txt");
    for pid in next..next + 3000 {
        for kind in ["tmp", "bak"] {
            symlink(
                &victim,
                dir.join(format!(".api.py.petsage-build-{pid}.{kind}")),
            )
            .unwrap();
        }
    }
    let outside = |o: &Path| -> Vec<_> {
        snapshot(o)
            .into_iter()
            .filter(|(p, _)| !p.starts_with("proj"))
            .collect()
    };
    let before = outside(outer.path());
    ok(&proj, &["feature", "adopt_pet"]);
    ok(&proj, &["remove", "smoke_test"]);
    assert_eq!(outside(outer.path()), before);
    assert_eq!(fs::read(&victim).unwrap(), b"outside\n");
    let agg = fs::symlink_metadata(proj.join(AGGREGATOR)).unwrap();
    assert!(
        agg.file_type().is_file(),
        "the aggregator is a regular file"
    );
    let text = fs::read_to_string(proj.join(AGGREGATOR)).unwrap();
    assert!(
        text.contains("adopt_pet") && !text.contains("smoke_test"),
        "{text}"
    );
}

#[test]
fn a_directory_swapped_for_a_link_while_a_run_writes_puts_nothing_outside() {
    // A second process swaps the docs directory (and the records directory) for links
    // out of the root as fast as it can while runs write there. Whatever each run
    // decides (refuse, or write), nothing lands outside the root.
    let (outer, proj) = nested();
    let escape = outer.path().join("escape");
    fs::create_dir(&escape).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = {
        let stop = stop.clone();
        let proj = proj.clone();
        let escape = escape.clone();
        std::thread::spawn(move || {
            let docs = proj.join("petsage/feature_docs");
            let aside = proj.join("petsage/feature_docs_aside");
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if fs::rename(&docs, &aside).is_ok() {
                    let _ = symlink(&escape, &docs);
                    std::thread::sleep(std::time::Duration::from_micros(300));
                    let _ = fs::remove_file(&docs);
                    let _ = fs::rename(&aside, &docs);
                }
                std::thread::sleep(std::time::Duration::from_micros(300));
            }
        })
    };
    let mut codes = Vec::new();
    for _ in 0..20 {
        codes.push(run(&proj, &["feature", "adopt_pet", "--force"]).code);
        codes.push(run(&proj, &["remove", "adopt_pet", "--force"]).code);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    swapper.join().unwrap();
    let leaked: Vec<_> = fs::read_dir(&escape)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    eprintln!("codes {codes:?}");
    assert_eq!(leaked, Vec::<PathBuf>::new(), "exit codes: {codes:?}");
    assert!(codes.iter().all(|c| [0, 1, 2].contains(c)), "{codes:?}");
    assert_eq!(
        fs::read(outer.path().join("victim.txt")).unwrap(),
        b"outside\n"
    );
}

#[test]
fn init_and_detect_refuse_a_linked_file_they_would_write() {
    // `init --force` over a linked main, `detect --write` into a linked pyproject.toml.
    let cases: &[(&str, &str, &[&str])] = &[
        (MAIN, "m.py", &["init", "--force"]),
        ("pyproject.toml", "real.toml", &["detect", "--write"]),
    ];
    for (link, to, args) in cases {
        let (outer, proj) = nested();
        let at = proj.join(link);
        fs::rename(&at, at.parent().unwrap().join(to)).unwrap();
        symlink(to, &at).unwrap();
        refused_everywhere(outer.path(), &proj, &[args], "symbolic link");
    }
}
