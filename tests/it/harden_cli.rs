//! The hardening rules through the binary: reads (only regular files, capped), writes
//! (strictly below the root), records (only the layout's files of their feature), the
//! journal (a run killed at any rename is rolled back by the next run) and the smaller
//! edges (read-only and symlinked aggregators, init's lock and status, a full stdout,
//! --skip-existing). Each test runs with a timeout: a hang is a failure, not a stuck CI.
#![cfg(unix)]

use crate::common;

use std::fs;
use std::os::unix::fs::{PermissionsExt as _, symlink};
use std::path::Path;
use std::time::Duration;

use common::{Run, dirs, project, snapshot};
use petsage_build::record::Recorded;

const AGGREGATOR: &str = "petsage/api/v1/api.py";
const ENDPOINTS: &str = "petsage/api/v1/endpoints";

/// `petsage-build ARGS` in `dir` (the common fixture kills a hung run).
fn run(dir: &Path, args: &[&str]) -> Run {
    run_env(dir, args, &[])
}

fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    common::run_env(dir, args, b"", env)
}

fn ok(dir: &Path, args: &[&str]) -> Run {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    r
}

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    assert!(made.expect("mkfifo").success());
}

/// Temp, backup and journal files of ours anywhere below `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .filter(|p| p.contains(".petsage-build-") || p.ends_with("journal"))
        .collect()
}

// ---- 4. Reads: only regular files, at most 8 MiB ----

#[test]
fn a_device_a_fifo_or_a_huge_file_is_refused_without_reading_it() {
    // pyproject.toml → /dev/zero: every command that reads the configuration refuses
    // the link itself, never opening what it points to.
    let p = project();
    fs::remove_file(p.path().join("pyproject.toml")).unwrap();
    symlink("/dev/zero", p.path().join("pyproject.toml")).unwrap();
    let before = snapshot_no_dev(p.path());
    // (Found with --root: the discovery of a root looks for a regular pyproject.toml.)
    for args in [
        &["--root", ".", "feature", "smoke_test"][..],
        &["--root", ".", "check"],
        &["--root", ".", "list"],
    ] {
        run(p.path(), args).assert_refused("is a symbolic link");
    }
    assert_eq!(snapshot_no_dev(p.path()), before);

    // A record → /dev/zero, and a record that is a FIFO.
    let p = project();
    ok(p.path(), &["feature", "smoke_test"]);
    let record = p.path().join(".petsage-build/smoke_test.yaml");
    fs::remove_file(&record).unwrap();
    symlink("/dev/zero", &record).unwrap();
    let before = snapshot_no_dev(p.path());
    run(p.path(), &["remove", "smoke_test"]).assert_refused("is a symbolic link");
    run(p.path(), &["check"]).assert_refused("is a symbolic link");
    assert_eq!(snapshot_no_dev(p.path()), before);
    fs::remove_file(&record).unwrap();
    mkfifo(&record);
    let before = snapshot_no_dev(p.path());
    run(p.path(), &["remove", "smoke_test"]).assert_invalid("a FIFO");
    let r = run(p.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("E008"), "{}", r.stdout);
    assert_eq!(snapshot_no_dev(p.path()), before);

    // The aggregator a FIFO: refused at once, the lock released.
    let p = project();
    fs::remove_file(p.path().join(AGGREGATOR)).unwrap();
    mkfifo(&p.path().join(AGGREGATOR));
    let before = snapshot_no_dev(p.path());
    run(p.path(), &["feature", "smoke_test"]).assert_invalid("a FIFO");
    run(p.path(), &["check"]).assert_invalid("a FIFO");
    assert_eq!(snapshot_no_dev(p.path()), before);

    // A regular pyproject.toml over the cap.
    let p = project();
    let mut big = fs::read(p.path().join("pyproject.toml")).unwrap();
    big.extend(std::iter::repeat_n(b'#', 8 << 20));
    fs::write(p.path().join("pyproject.toml"), &big).unwrap();
    run(p.path(), &["feature", "smoke_test"]).assert_invalid("larger than 8 MiB");
}

/// As `snapshot`, but a symbolic link or FIFO is its target's name, never read.
fn snapshot_no_dev(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let bytes = if e.file_type().is_file() {
                fs::read(e.path()).unwrap()
            } else if e.file_type().is_symlink() {
                fs::read_link(e.path())
                    .unwrap()
                    .display()
                    .to_string()
                    .into_bytes()
            } else {
                b"<special>".to_vec()
            };
            (rel, bytes)
        })
        .collect();
    out.sort();
    out
}

// ---- 1. Writes: strictly below the root, also through symbolic links ----

/// A project made by init in `outer/proj`, so that the parent of the project is a temp
/// dir of its own, watched for writes.
fn nested_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    let proj = outer.path().join("proj");
    fs::create_dir(&proj).unwrap();
    ok(&proj, &["init"]);
    (outer, proj)
}

#[test]
fn a_link_to_the_root_or_an_ancestor_is_outside() {
    // (the link, where it points, the command)
    let cases: &[(&str, &str, &[&str])] = &[
        (ENDPOINTS, "outer", &["feature", "leak"]),
        (".petsage-build", "outer", &["feature", "leak"]),
        ("petsage/feature_docs", "outer", &["feature", "leak"]),
        ("petsage/feature_docs", "root", &["feature", "leak"]),
        ("petsage/services", "/", &["feature", "leak"]),
        ("petsage", "outer", &["init"]),
        ("petsage", "root", &["init", "--force"]),
    ];
    for (link, to, args) in cases {
        let (outer, proj) = nested_project();
        let at = proj.join(link);
        if at.is_dir() {
            fs::remove_dir_all(&at).unwrap();
        }
        let target = match *to {
            "outer" => outer.path().to_path_buf(),
            "root" => proj.clone(),
            other => other.into(),
        };
        symlink(&target, &at).unwrap();
        let before = snapshot_no_dev(outer.path());
        let r = run(&proj, args);
        r.assert_refused("is a symbolic link");
        assert_eq!(
            snapshot_no_dev(outer.path()),
            before,
            "{link} -> {to}: {args:?}"
        );
    }
}

#[test]
fn a_linked_aggregator_inside_the_root_is_refused_not_written_through() {
    // Git stores links: one at a planned file is refused, inside the root or out.
    let p = project();
    let real = p.path().join("petsage/api/v1/routes.py");
    fs::rename(p.path().join(AGGREGATOR), &real).unwrap();
    symlink("routes.py", p.path().join(AGGREGATOR)).unwrap();
    let before = snapshot_no_dev(p.path());
    run(p.path(), &["feature", "smoke_test"]).assert_refused("is a symbolic link");
    assert_eq!(snapshot_no_dev(p.path()), before);
    let outside = tempfile::tempdir().unwrap();
    fs::copy(&real, outside.path().join("api.py")).unwrap();
    fs::remove_file(p.path().join(AGGREGATOR)).unwrap();
    symlink(outside.path().join("api.py"), p.path().join(AGGREGATOR)).unwrap();
    let before = snapshot_no_dev(outside.path());
    run(p.path(), &["feature", "smoke_test"]).assert_refused("is a symbolic link");
    assert_eq!(snapshot_no_dev(outside.path()), before);
}

// ---- 2. A run killed at any rename is rolled back (or finished) by the next run ----

/// Kills `args` at each step in turn (`kill:1`, `kill:2`, … until a run is not killed),
/// lets `recover` (cycled) clean up, and checks the tree each time: as before the run
/// for every kill before the commit mark, as after it for the kill just after the mark.
fn killed_runs_recover(p: &Path, args: &[&str]) {
    let before = snapshot(p);
    let dirs_before = dirs(p);
    let recovers: &[&[&str]] = &[
        &["list"],
        &["feature", "smoke_test", "--dry-run"],
        &["feature", "other_one"],
        &["init"],
        &["remove", "other_one"],
    ];
    let mut outcomes = Vec::new();
    for n in 1.. {
        let r = run_env(p, args, &[("PETSAGE_BUILD_FAULT", &format!("kill:{n}"))]);
        if r.code == 0 {
            break;
        }
        assert_eq!(r.code, -1, "kill:{n} {args:?}: {}", r.stderr);
        assert!(
            !leftovers(p).is_empty(),
            "kill:{n} left no journal or temp file"
        );
        if n == 2 {
            let c = run(p, &["check"]);
            assert_eq!(c.code, 1, "{}", c.stdout);
            assert!(c.stdout.contains("E009"), "{}", c.stdout);
            assert!(c.stdout.contains("petsage-build list"), "{}", c.stdout);
        }
        let rec = recovers[n % recovers.len()];
        let r = run(p, rec);
        assert!(
            r.stderr.contains("interrupted petsage-build run was"),
            "{rec:?}: {}",
            r.stderr
        );
        if rec == ["feature", "other_one"] {
            assert_eq!(r.code, 0, "{}", r.stderr);
            ok(p, &["remove", "other_one"]);
        }
        assert_eq!(leftovers(p), Vec::<String>::new(), "kill:{n}, then {rec:?}");
        outcomes.push((n, snapshot(p) == before && dirs(p) == dirs_before));
        if !outcomes.last().unwrap().1 {
            // Only the kill after the commit mark may have finished the run: then the
            // tree is the finished run's, and undoing it gives back the one before.
            assert_eq!(snapshot(p), done_state(p, args, &before), "kill:{n}");
        }
    }
    let steps = outcomes.len();
    assert!(steps >= 4, "{outcomes:?}");
    assert!(outcomes[..steps - 1].iter().all(|o| o.1), "{outcomes:?}");
    assert!(
        !outcomes[steps - 1].1,
        "the last kill is after the commit: {outcomes:?}"
    );
}

/// The tree after a successful run of `args`, computed in a copy; `p` is reset to
/// `before` (the state the killed runs started from) by undoing the finished run.
fn done_state(
    p: &Path,
    args: &[&str],
    _before: &[(std::path::PathBuf, Vec<u8>)],
) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let now = snapshot(p);
    let undo: Vec<&str> = if args[0] == "feature" {
        vec!["remove", args[1]]
    } else {
        vec!["feature", args[1]]
    };
    ok(p, &undo);
    now
}

#[test]
fn a_killed_feature_or_remove_is_rolled_back_byte_for_byte() {
    let p = project();
    ok(p.path(), &["feature", "smoke_test"]);
    killed_runs_recover(p.path(), &["feature", "adopt_pet"]);
    killed_runs_recover(p.path(), &["remove", "smoke_test"]);
}

#[test]
fn a_hostile_journal_is_refused_or_touches_nothing_it_did_not_write() {
    let (outer, proj) = nested_project();
    ok(&proj, &["feature", "smoke_test"]);
    fs::write(outer.path().join("victim.txt"), "mine\n").unwrap();
    let victim_hash = petsage_build::record::hash(b"mine\n");
    let py_hash = petsage_build::record::hash(&fs::read(proj.join("pyproject.toml")).unwrap());
    let journal = proj.join(".petsage-build/journal");
    let head = "petsage-build journal 2\npid\t7\nrun\t0123456789abcdef\nstate\tpending\n";
    for (text, needle) in [
        (
            format!("{head}create\t{victim_hash}\t-\t../victim.txt\nend\n"),
            "line 5",
        ),
        (
            format!("{head}delete\t{py_hash}\t-\t.git/config\nend\n"),
            "line 5",
        ),
        (
            format!("{head}create\t{victim_hash}\t-\t/tmp/x\nend\n"),
            "line 5",
        ),
        ("garbage\n".to_string(), "not a journal petsage-build wrote"),
        (
            format!("{head}create\t{victim_hash}\t-\tpyproject.toml\n"),
            "no end line",
        ),
    ] {
        fs::write(&journal, &text).unwrap();
        let before = snapshot(outer.path());
        for cmd in [&["list"][..], &["feature", "x"], &["remove", "smoke_test"]] {
            run(&proj, cmd).assert_invalid(needle);
        }
        assert_eq!(snapshot(outer.path()), before);
    }
    // A path through a link out of the root.
    symlink(outer.path(), proj.join("petsage/out")).unwrap();
    fs::write(
        &journal,
        format!("{head}create\t{victim_hash}\t-\tpetsage/out/victim.txt\nend\n"),
    )
    .unwrap();
    run(&proj, &["list"]).assert_refused("is a symbolic link");
    fs::remove_file(proj.join("petsage/out")).unwrap();
    // Well-formed, but the files it names do not hold what it says it wrote: untouched.
    let wrong = format!("sha256:{}", "0".repeat(64));
    fs::write(
        &journal,
        format!("{head}create\t{wrong}\t-\tpyproject.toml\nreplace\t{wrong}\t{wrong}\t-\t-\tpetsage/main.py\ndelete\t{wrong}\t-\tREADME.md\nend\n"),
    )
    .unwrap();
    let before: Vec<_> = snapshot(&proj)
        .into_iter()
        .filter(|(p, _)| !p.ends_with("journal"))
        .collect();
    let r = run(&proj, &["list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(snapshot(&proj), before);
    assert!(outer.path().join("victim.txt").exists());
}

// ---- 3. A record leads only to the feature's own files ----

#[test]
fn a_tampered_record_cannot_delete_other_files() {
    let p = project();
    ok(p.path(), &["feature", "smoke_test"]);
    ok(p.path(), &["feature", "pet_profile"]);
    fs::create_dir_all(p.path().join(".git")).unwrap();
    fs::write(p.path().join(".git/config"), "[core]\n").unwrap();
    let record = p.path().join(".petsage-build/smoke_test.yaml");
    let original = fs::read_to_string(&record).unwrap();
    let hash_of = |rel: &str| petsage_build::record::hash(&fs::read(p.path().join(rel)).unwrap());
    for (entry, force) in [
        ("pyproject.toml", false),
        (".git/config", true),
        (AGGREGATOR, false),
        ("petsage/main.py", true),
        ("petsage/services/pet_profile_service.py", false),
        ("petsage/__init__.py", true),
        ("README.md", true),
    ] {
        let h = if entry == ".git/config" {
            Recorded::from("sha256:00".to_string())
        } else if entry.ends_with("__init__.py") {
            // An `__init__.py` may be listed only as the empty file the feature created.
            Recorded::Generated(petsage_build::record::hash(b"x"))
        } else {
            Recorded::Generated(hash_of(entry))
        };
        let mut tampered = petsage_build::record::Record::parse(&original, "r").unwrap();
        tampered.files.insert(entry.to_string(), h.clone());
        fs::write(&record, tampered.to_text().unwrap()).unwrap();
        let before = snapshot(p.path());
        let mut args = vec!["remove", "smoke_test"];
        if force {
            args.push("--force");
        }
        run(p.path(), &args).assert_invalid("is not a file of feature 'smoke_test'");
        assert_eq!(snapshot(p.path()), before, "{entry}");
    }
    fs::write(&record, original).unwrap();
    ok(p.path(), &["remove", "smoke_test"]);
    assert!(p.path().join("pyproject.toml").exists());
}

// ---- 5. Smaller edges ----

#[test]
fn a_read_only_aggregator_is_refused_before_anything_is_written() {
    let p = project();
    let agg = p.path().join(AGGREGATOR);
    fs::set_permissions(&agg, fs::Permissions::from_mode(0o444)).unwrap();
    let before = snapshot(p.path());
    let dirs_before = dirs(p.path());
    run(p.path(), &["feature", "smoke_test"]).assert_invalid("read-only (mode 444)");
    assert_eq!(snapshot(p.path()), before);
    assert_eq!(dirs(p.path()), dirs_before);
    assert_eq!(
        fs::metadata(&agg).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[test]
fn init_takes_the_project_lock_and_refuses_a_file_with_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("file"), "x").unwrap();
    run(dir.path(), &["init", "file"]).assert_invalid("not a directory");
    assert_eq!(fs::read(dir.path().join("file")).unwrap(), b"x");

    let proj = dir.path().join("proj");
    fs::create_dir(&proj).unwrap();
    let held = fs::File::open(&proj).unwrap();
    held.lock().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("petsage-build"))
        .current_dir(&proj)
        .arg("init")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        child.try_wait().unwrap().is_none(),
        "init ran while the lock was held"
    );
    assert!(!proj.join("pyproject.toml").exists());
    held.unlock().unwrap();
    assert!(child.wait().unwrap().success());
    assert!(proj.join("pyproject.toml").exists());
}

#[test]
fn a_full_stdout_after_the_work_is_done_is_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let full = || {
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let bin = assert_cmd::cargo::cargo_bin("petsage-build");
    for args in [
        &["init"][..],
        &["feature", "smoke_test"],
        &["remove", "smoke_test"],
    ] {
        let st = std::process::Command::new(&bin)
            .current_dir(dir.path())
            .args(args)
            .stdout(full())
            .status()
            .unwrap();
        assert_eq!(st.code(), Some(0), "{args:?}");
    }
    assert!(dir.path().join("pyproject.toml").exists());
}

#[test]
fn skip_existing_records_a_kept_file_that_remove_keeps_and_check_accepts() {
    let p = project();
    let schema = p.path().join("petsage/api/v1/schemas/smoke_test.py");
    fs::create_dir_all(schema.parent().unwrap()).unwrap();
    fs::write(&schema, "# mine\n").unwrap();
    ok(p.path(), &["feature", "smoke_test", "--skip-existing"]);
    let record = fs::read_to_string(p.path().join(".petsage-build/smoke_test.yaml")).unwrap();
    assert!(
        record.contains("\"petsage/api/v1/schemas/smoke_test.py\": \"kept\""),
        "{record}"
    );
    let c = run(p.path(), &["check"]);
    assert!(!c.stdout.contains("N001"), "{}", c.stdout);
    ok(p.path(), &["remove", "smoke_test"]);
    assert_eq!(fs::read(&schema).unwrap(), b"# mine\n");
    assert!(
        !p.path()
            .join("petsage/services/smoke_test_service.py")
            .exists()
    );
}

#[test]
fn templates_export_writes_nothing_through_a_link_out_of_its_directory() {
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path().join("tpl");
    fs::create_dir(&dir).unwrap();
    symlink(outer.path(), dir.join("feature")).unwrap();
    let before = snapshot_no_dev(outer.path());
    run(outer.path(), &["templates", "export", "tpl"]).assert_refused("is a symbolic link");
    assert_eq!(snapshot_no_dev(outer.path()), before);
}
