//! How Python users get and run the tool: the pre-commit hooks (`.pre-commit-hooks.yaml`,
//! driven by the real `pre-commit try-repo` from the test venv) and the wheel maturin
//! builds from `pyproject.toml`, installed into a fresh venv.
//!
//! The wheel tests build the release binary (fat LTO: minutes on two cores), so they are
//! ignored by default: `bash scripts/test --slow` (or
//! `cargo test --test it packaging -- --ignored`) runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{project, repo_file, run_in};
use crate::e2e::venv_python;

/// The directory of the binary `cargo test` built, to put first on PATH.
fn binary_dir() -> PathBuf {
    let bin = assert_cmd::cargo::cargo_bin("petsage-build");
    bin.parent().unwrap().to_path_buf()
}

fn path_with(dir: &Path) -> std::ffi::OsString {
    let mut paths = vec![dir.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", text(&out));
}

/// A generated project with `smoke_test`, committed to a new git repository.
fn committed_project() -> tempfile::TempDir {
    let p = project();
    let r = run_in(p.path(), &["feature", "smoke_test"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    git(p.path(), &["init", "-q"]);
    git(p.path(), &["add", "-A"]);
    git(p.path(), &["commit", "-q", "-m", "init"]);
    p
}

/// `pre-commit try-repo HOOK_REPO HOOK --all-files` in `project`.
fn try_repo(project: &Path, hook_repo: &Path, hook: &str, env: &[(&str, &Path)]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(venv_python());
    cmd.args(["-m", "pre_commit", "try-repo"])
        .arg(hook_repo)
        .args([hook, "--all-files", "--color", "never"])
        .current_dir(project)
        .env("PRE_COMMIT_HOME", home.path())
        .env("PATH", path_with(&binary_dir()));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run pre-commit")
}

/// Unwires the feature: the aggregator no longer includes it (E001).
fn unwire(project: &Path) {
    let api = project.join("petsage/api/v1/api.py");
    let old = std::fs::read_to_string(&api).unwrap();
    let new: String = old
        .lines()
        .filter(|l| !l.contains("smoke_test"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(old, new, "the aggregator names smoke_test");
    std::fs::write(&api, new).unwrap();
}

/// The hook that uses the installed binary, from a repository holding only this
/// repository's `.pre-commit-hooks.yaml`: passes on a clean project, fails naming the
/// finding on an unwired one.
#[test]
fn the_pre_commit_hook_passes_when_clean_and_names_an_unwired_feature() {
    let hooks = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_file(".pre-commit-hooks.yaml"),
        hooks.path().join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    git(hooks.path(), &["init", "-q"]);
    git(hooks.path(), &["add", "-A"]);
    git(hooks.path(), &["commit", "-q", "-m", "hooks"]);

    let p = committed_project();
    let clean = try_repo(p.path(), hooks.path(), "petsage-build-check-system", &[]);
    let out = text(&clean);
    assert!(clean.status.success(), "{out}");
    assert!(out.contains("petsage-build check (installed)"), "{out}");
    assert!(out.contains("Passed"), "{out}");

    unwire(p.path());
    let failed = try_repo(p.path(), hooks.path(), "petsage-build-check-system", &[]);
    let out = text(&failed);
    assert_eq!(failed.status.code(), Some(1), "{out}");
    assert!(out.contains("Failed"), "{out}");
    assert!(out.contains("E001"), "{out}");
    assert!(out.contains("smoke_test"), "{out}");
}

/// The published hook: pre-commit installs this repository as a Python package (the
/// wheel maturin builds) and runs its binary.
#[test]
#[ignore = "slow: builds the release wheel; `bash scripts/test --slow` runs it"]
fn the_python_pre_commit_hook_installs_the_package_and_checks() {
    let p = committed_project();
    // pre-commit clones the repository; pointing cargo at this checkout's target dir
    // reuses the release build instead of compiling from scratch.
    let target = repo_file("target");
    let env = [("CARGO_TARGET_DIR", target.as_path())];
    let clean = try_repo(p.path(), &repo_file("."), "petsage-build-check", &env);
    let out = text(&clean);
    assert!(clean.status.success(), "{out}");
    assert!(out.contains("Passed"), "{out}");
    unwire(p.path());
    let failed = try_repo(p.path(), &repo_file("."), "petsage-build-check", &env);
    let out = text(&failed);
    assert_eq!(failed.status.code(), Some(1), "{out}");
    assert!(out.contains("E001"), "{out}");
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run");
    assert!(out.status.success(), "{cmd:?}: {}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The wheel: built by maturin from `pyproject.toml` as the release workflow builds it
/// (`.github/workflows/release.yml`'s arguments), installed into a fresh venv with
/// no network (it has no dependencies), its `petsage-build` is this version and builds a
/// working feature; `uv tool install .` puts the same on uv's PATH.
#[test]
#[ignore = "slow: builds the release wheel; `bash scripts/test --slow` runs it"]
fn the_wheel_installs_the_binary_on_path() {
    let work = tempfile::tempdir().unwrap();
    let wheels = work.path().join("wheels");
    // The release workflow's build, with its arguments (maturin from the package index).
    let build = work.path().join("build-venv");
    run_ok(Command::new("python3").args(["-m", "venv"]).arg(&build));
    run_ok(Command::new(build.join("bin/python")).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "maturin>=1.9,<2",
    ]));
    run_ok(
        Command::new(build.join("bin/maturin"))
            .arg("build")
            .args(crate::release::release_build_args(&wheels))
            .current_dir(repo_file(".")),
    );
    let wheel: Vec<PathBuf> = std::fs::read_dir(&wheels)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(wheel.len(), 1, "{wheel:?}");
    let version = env!("CARGO_PKG_VERSION");
    let name = wheel[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with(&format!("petsage_build-{version}-py3-none-")),
        "{name}"
    );
    // The licence text travels with the binary (MIT asks for it).
    let listing = run_ok(
        Command::new("python3")
            .args([
                "-c",
                "import sys, zipfile; print(*zipfile.ZipFile(sys.argv[1]).namelist())",
            ])
            .arg(&wheel[0]),
    );
    assert!(
        listing
            .split_whitespace()
            .any(|f| f.contains(".dist-info/") && f.ends_with("LICENSE")),
        "no LICENSE in the wheel: {listing}"
    );

    let venv = work.path().join("venv");
    run_ok(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    run_ok(
        Command::new(venv.join("bin/python"))
            .args(["-m", "pip", "install", "--no-index", "--quiet"])
            .arg(&wheel[0]),
    );
    let bin = venv.join("bin/petsage-build");
    let shown = run_ok(Command::new(&bin).arg("--version"));
    assert_eq!(shown.trim(), format!("petsage-build {version}"));
    let demo = work.path().join("demo");
    run_ok(Command::new(&bin).arg("init").arg(&demo));
    run_ok(
        Command::new(&bin)
            .arg("--root")
            .arg(&demo)
            .args(["feature", "smoke_test"]),
    );
    let check = run_ok(Command::new(&bin).arg("--root").arg(&demo).arg("check"));
    assert!(check.contains("check: ok"), "{check}");
    assert!(
        demo.join("petsage/api/v1/endpoints/smoke_test.py")
            .is_file(),
        "the feature was written"
    );

    // The README's first command: `uv tool install .` (uv from the package index).
    run_ok(Command::new(venv.join("bin/python")).args(["-m", "pip", "install", "--quiet", "uv"]));
    let tools = work.path().join("uv-tools");
    let tool_bin = work.path().join("uv-bin");
    run_ok(
        Command::new(venv.join("bin/uv"))
            .args(["tool", "install", "--quiet"])
            .arg(repo_file("."))
            .env("UV_TOOL_DIR", &tools)
            .env("UV_TOOL_BIN_DIR", &tool_bin)
            .env("UV_CACHE_DIR", work.path().join("uv-cache"))
            .env("CARGO_TARGET_DIR", repo_file("target")),
    );
    let shown = run_ok(Command::new(tool_bin.join("petsage-build")).arg("--version"));
    assert_eq!(shown.trim(), format!("petsage-build {version}"));
}

/// The hooks pre-commit would read, and the recipes that use them, agree with each other
/// and pin this version, so a release cannot leave them behind.
#[test]
fn the_recipes_pin_this_version_and_name_real_hooks() {
    let version = env!("CARGO_PKG_VERSION");
    let read = |rel: &str| std::fs::read_to_string(repo_file(rel)).unwrap();
    let hooks: serde_yaml::Value = serde_yaml::from_str(&read(".pre-commit-hooks.yaml")).unwrap();
    let ids: Vec<&str> = hooks
        .as_sequence()
        .unwrap()
        .iter()
        .map(|h| {
            assert!(
                h["entry"]
                    .as_str()
                    .unwrap()
                    .starts_with("petsage-build check"),
                "{h:?}"
            );
            assert_eq!(h["pass_filenames"].as_bool(), Some(false), "{h:?}");
            h["id"].as_str().unwrap()
        })
        .collect();
    assert_eq!(ids, ["petsage-build-check", "petsage-build-check-system"]);

    // The snippet declares the published hook locally (the repository has no public URL
    // yet), installing this version from the index; pre-commit itself accepts it.
    let config: serde_yaml::Value =
        serde_yaml::from_str(&read("examples/pre-commit-config.yaml")).unwrap();
    let repo = &config["repos"][0];
    assert_eq!(repo["repo"].as_str(), Some("local"));
    let pinned = format!("petsage-build=={version}");
    for hook in repo["hooks"].as_sequence().unwrap() {
        let id = hook["id"].as_str().unwrap();
        let published = hooks
            .as_sequence()
            .unwrap()
            .iter()
            .find(|h| h["id"].as_str() == Some(id));
        let published = published.unwrap_or_else(|| panic!("{id} is not a published hook"));
        for key in ["entry", "language", "pass_filenames", "always_run"] {
            assert_eq!(hook[key], published[key], "{id}: {key}");
        }
        assert_eq!(
            hook["additional_dependencies"][0].as_str(),
            Some(pinned.as_str())
        );
    }
    let validated = Command::new(venv_python())
        .args(["-m", "pre_commit", "validate-config"])
        .arg(repo_file("examples/pre-commit-config.yaml"))
        .output()
        .unwrap();
    assert!(validated.status.success(), "{}", text(&validated));
    let readme = read("README.md");
    assert!(
        readme.contains(&format!("additional_dependencies: [\"{pinned}\"]")),
        "README's pre-commit snippet"
    );

    let workflow = read("examples/github-workflow.yml");
    serde_yaml::from_str::<serde_yaml::Value>(&workflow).unwrap();
    assert!(
        workflow.contains(&format!(
            "run: uvx petsage-build@{version} check --format github"
        )),
        "examples/github-workflow.yml runs this version with uv"
    );
    let cargo = read("examples/github-workflow-cargo.yml");
    serde_yaml::from_str::<serde_yaml::Value>(&cargo).unwrap();
    assert!(cargo.contains(&format!("PETSAGE_BUILD_VERSION: \"{version}\"")));
}

/// The repository's URL is named in one place, Cargo.toml's `repository`: every other
/// mention of a petsage-build repository in what users read is that URL, and without one
/// there is none (no `OWNER` placeholder).
#[test]
fn the_repository_url_is_named_in_one_place() {
    let manifest: toml::Table = std::fs::read_to_string(repo_file("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let repository = manifest["package"]
        .get("repository")
        .and_then(|r| r.as_str());
    let mut files = vec![repo_file("README.md"), repo_file(".pre-commit-hooks.yaml")];
    files.extend(
        std::fs::read_dir(repo_file("examples"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains("OWNER"),
            "{}: a placeholder URL",
            file.display()
        );
        for (at, _) in text.match_indices("/petsage-build") {
            let start = text[..at]
                .rfind(|c: char| c.is_whitespace() || c == '+')
                .map_or(0, |i| i + 1);
            let url = &text[start..at + "/petsage-build".len()];
            if url.contains("://") {
                assert_eq!(Some(url), repository, "{}: {url}", file.display());
            }
        }
    }
}
