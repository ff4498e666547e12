//! The one CLI fixture: runs the binary in a temp dir with a clean environment.
#![allow(dead_code)]

pub mod hostile;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use base64::Engine as _;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// What ran, for [`Run::transcript`].
    args: Vec<String>,
    dir: PathBuf,
    stdin_len: usize,
}

/// Runs `petsage-build ARGS` in `dir` with `stdin`.
pub fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    run_env(dir, args, stdin, &[])
}

/// Like `run_in`, with extra environment variables.
pub fn run_env(dir: &Path, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Run {
    let out = Command::cargo_bin("petsage-build")
        .expect("binary")
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .args(args)
        .write_stdin(stdin.to_vec())
        // A hang is a failure, not a stuck CI (then the code is -1).
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        args: args.iter().map(|a| (*a).to_string()).collect(),
        dir: dir.to_path_buf(),
        stdin_len: stdin.len(),
    }
}

/// Runs `petsage-build ARGS` in `dir`, which must succeed: its stdout.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let r = run_in(dir, args, b"");
    assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    r.stdout
}

/// Runs in a fresh temp dir.
pub fn run(args: &[&str], stdin: &[u8]) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    run_in(dir.path(), args, stdin)
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

impl Run {
    /// The whole exchange as text, for `insta::assert_snapshot!`: the command line, the
    /// exit status, then stdout and stderr as printed. Machine-specific paths are
    /// redacted, so a snapshot holds only what the user would read: the temp dir the run
    /// started in is `[DIR]`, this checkout `[REPO]`, the binary under test `[BIN]`.
    pub fn transcript(&self) -> String {
        let mut t = format!("$ petsage-build {}", self.args.join(" "));
        if self.stdin_len > 0 {
            t += &format!(" < ({} bytes)", self.stdin_len);
        }
        t += &format!("\nexit: {}\n", self.code);
        for (name, text) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            if !text.is_empty() {
                t += &format!("----- {name} -----\n{text}");
                if !text.ends_with('\n') {
                    t += "\n[no final newline]\n";
                }
            }
        }
        redact(&t, &self.dir)
    }

    /// Asserts a refusal of bad input: exit 2, one line on stderr containing `needle`.
    pub fn assert_invalid(&self, needle: &str) {
        assert_eq!(self.code, 2, "stderr: {}", self.stderr);
        assert!(self.stdout.is_empty(), "stdout: {}", self.stdout);
        assert_eq!(
            self.stderr.lines().count(),
            1,
            "one line: {:?}",
            self.stderr
        );
        assert!(self.stderr.starts_with("error: "), "{}", self.stderr);
        assert!(
            self.stderr.contains(needle),
            "expected {needle:?} in {:?}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
    }

    /// Asserts a refusal: exit 1, nothing on stdout, one line on stderr containing
    /// `needle`.
    pub fn assert_refused(&self, needle: &str) {
        assert_eq!(self.code, 1, "stderr: {}", self.stderr);
        assert!(self.stdout.is_empty(), "stdout: {}", self.stdout);
        assert_eq!(
            self.stderr.lines().count(),
            1,
            "one line: {:?}",
            self.stderr
        );
        assert!(self.stderr.starts_with("error: "), "{}", self.stderr);
        assert!(
            self.stderr.contains(needle),
            "expected {needle:?} in {:?}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
    }
}

/// The transcripts of several runs, in order, for one snapshot of a whole session.
pub fn transcripts(runs: &[&Run]) -> String {
    runs.iter()
        .map(|r| r.transcript())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Files of the project as they are now, each under a `----- file: PATH -----` rule, to
/// follow a transcript in a snapshot.
pub fn files(dir: &Path, rels: &[&str]) -> String {
    rels.iter()
        .map(|rel| {
            let text = std::fs::read_to_string(dir.join(rel))
                .unwrap_or_else(|e| format!("[unreadable: {e}]\n"));
            format!("----- file: {rel} -----\n{text}")
        })
        .collect()
}

/// `text` with the paths of this machine replaced by placeholders (see
/// [`Run::transcript`]). The longest paths go first: the temp dir may lie below the repo.
pub fn redact(text: &str, dir: &Path) -> String {
    let mut paths: Vec<(String, &str)> = vec![
        (env!("CARGO_BIN_EXE_petsage-build").to_string(), "[BIN]"),
        (env!("CARGO_MANIFEST_DIR").to_string(), "[REPO]"),
        (dir.display().to_string(), "[DIR]"),
    ];
    // macOS's /tmp is a link: the tool prints the resolved path.
    if let Ok(real) = dir.canonicalize() {
        paths.push((real.display().to_string(), "[DIR]"));
    }
    paths.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    paths.iter().fold(text.to_string(), |t, (path, name)| {
        t.replace(path.as_str(), name)
    })
}

/// Every file below `dir` with its bytes, sorted: equal snapshots mean an identical tree.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            let bytes = if e.file_type().is_symlink() {
                std::fs::read_link(e.path())
                    .unwrap()
                    .to_string_lossy()
                    .as_bytes()
                    .to_vec()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (rel, bytes)
        })
        .collect();
    files.sort();
    files
}

/// The directories below `dir`, sorted (a rollback must remove the ones it created).
pub fn dirs(dir: &Path) -> Vec<PathBuf> {
    let mut d: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().to_path_buf())
        .collect();
    d.sort();
    d
}

/// A fresh project made by `init` in a temp dir (with Alembic, SPEC §14).
pub fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = run_in(dir.path(), &["init"], b"");
    assert_eq!(r.code, 0, "init: {}", r.stderr);
    dir
}

/// As [`project`], made by `init --no-migrations`: main creates the tables (SPEC §12).
pub fn project_without_migrations() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = run_in(dir.path(), &["init", "--no-migrations"], b"");
    assert_eq!(r.code, 0, "init: {}", r.stderr);
    dir
}

/// A copy of `tests/fixtures/<name>` in a temp dir (`full_stack`: the full-stack FastAPI
/// template's backend, reduced to what petsage-build reads and touches).
pub fn fixture(name: &str) -> tempfile::TempDir {
    copy_tree(&repo_file("tests/fixtures").join(name), &[])
}

/// A copy of the tree at `src` in a temp dir, leaving out directories and files named in
/// `skip` (and symbolic links).
pub fn copy_tree(src: &Path, skip: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let walk = walkdir::WalkDir::new(src)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_str().is_some_and(|n| skip.contains(&n)));
    for entry in walk {
        let entry = entry.expect("walk");
        let to = dir.path().join(entry.path().strip_prefix(src).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    dir
}
