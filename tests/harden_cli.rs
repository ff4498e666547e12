//! The hardening rules through the binary: reads (only regular files, capped), writes
//! (strictly below the root), records (only the layout's files of their feature), the
//! journal (a run killed at any rename is rolled back by the next run) and the smaller
//! edges (read-only and symlinked aggregators, init's lock and status, a full stdout,
//! --skip-existing). Each test runs with a timeout: a hang is a failure, not a stuck CI.
#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::{PermissionsExt as _, symlink};
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use common::{Run, dirs, project, snapshot};

const AGGREGATOR: &str = "petsage/api/v1/api.py";
const ENDPOINTS: &str = "petsage/api/v1/endpoints";

/// `petsage-build ARGS` in `dir`, killed after 30 s (then the code is -1).
fn run(dir: &Path, args: &[&str]) -> Run {
    run_env(dir, args, &[])
}

fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::cargo_bin("petsage-build")
        .expect("binary")
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .expect("run");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
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
    // pyproject.toml → /dev/zero: every command that reads the configuration.
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
        run(p.path(), args).assert_invalid("not a regular file");
    }
    assert_eq!(snapshot_no_dev(p.path()), before);

    // A record → /dev/zero.
    let p = project();
    ok(p.path(), &["feature", "smoke_test"]);
    let record = p.path().join(".petsage-build/smoke_test.yaml");
    fs::remove_file(&record).unwrap();
    symlink("/dev/zero", &record).unwrap();
    let before = snapshot_no_dev(p.path());
    run(p.path(), &["remove", "smoke_test"]).assert_invalid("a device");
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
