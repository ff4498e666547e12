//! The release and CI workflows (`.github/workflows/`): valid GitHub Actions workflows
//! (checked against the workflow schema check-jsonschema vendors from SchemaStore), wheels
//! for every platform Python users have, publishing with no stored token, and CI running
//! the README's test command. The slow wheel test (`packaging.rs`) builds with the
//! arguments read from the release workflow, so what is released is what was tested.

use std::collections::BTreeSet;
use std::process::Command;

use crate::common::repo_file;
use crate::e2e::venv_python;

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo_file(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn workflow(name: &str) -> serde_yaml::Value {
    serde_yaml::from_str(&read(&format!(".github/workflows/{name}"))).unwrap()
}

/// The `with:` of every step of `job` that runs maturin-action.
fn maturin_steps<'a>(wf: &'a serde_yaml::Value, job: &str) -> Vec<&'a serde_yaml::Value> {
    let steps = wf["jobs"][job]["steps"].as_sequence().unwrap();
    steps
        .iter()
        .filter(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("PyO3/maturin-action@"))
        })
        .map(|s| &s["with"])
        .collect()
}

/// `maturin build`'s arguments in the release workflow, with `--out` pointing at `out`.
pub(crate) fn release_build_args(out: &std::path::Path) -> Vec<String> {
    let wf = workflow("release.yml");
    let steps = maturin_steps(&wf, "wheels");
    assert_eq!(steps.len(), 1, "one wheel build step");
    let args: Vec<String> = steps[0]["args"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let at = args.iter().position(|a| a == "--out").expect("--out DIR");
    let mut args = args;
    args[at + 1] = out.display().to_string();
    args
}

fn check_jsonschema(file: &std::path::Path) -> std::process::Output {
    Command::new(venv_python())
        .args([
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
        ])
        .arg(file)
        .output()
        .expect("run check-jsonschema")
}

#[test]
fn the_workflows_are_valid_github_actions_workflows() {
    for name in ["release.yml", "ci.yml"] {
        let out = check_jsonschema(&repo_file(&format!(".github/workflows/{name}")));
        assert!(
            out.status.success(),
            "{name}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The check can fail: a misspelt key in a copy of the release workflow is refused.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("release.yml");
    std::fs::write(
        &broken,
        read(".github/workflows/release.yml").replace("runs-on:", "runs_on:"),
    )
    .unwrap();
    assert_eq!(check_jsonschema(&broken).status.code(), Some(1));
}

#[test]
fn the_release_builds_every_platform_and_publishes_without_a_token() {
    let wf = workflow("release.yml");
    let text = read(".github/workflows/release.yml");
    assert_eq!(wf["on"]["push"]["tags"][0].as_str(), Some("v*"));

    let platforms = wf["jobs"]["wheels"]["strategy"]["matrix"]["platform"]
        .as_sequence()
        .unwrap();
    let built: BTreeSet<(String, String)> = platforms
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap().to_owned();
            (s("target"), s("manylinux"))
        })
        .collect();
    let wanted: BTreeSet<(String, String)> = [
        ("x86_64-unknown-linux-gnu", "auto"),
        ("aarch64-unknown-linux-gnu", "auto"),
        ("x86_64-unknown-linux-musl", "musllinux_1_2"),
        ("aarch64-unknown-linux-musl", "musllinux_1_2"),
        ("x86_64-apple-darwin", "off"),
        ("aarch64-apple-darwin", "off"),
        ("x86_64-pc-windows-msvc", "off"),
    ]
    .into_iter()
    .map(|(t, m)| (t.to_owned(), m.to_owned()))
    .collect();
    assert_eq!(built, wanted);
    // Every wheel is installed and run somewhere before it is published.
    let steps = wf["jobs"]["wheels"]["steps"].as_sequence().unwrap();
    let smoke: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        smoke.iter().all(|r| r.contains("feature smoke_test")),
        "{smoke:?}"
    );
    assert!(release_build_args(std::path::Path::new("dist")).contains(&"--locked".to_owned()));

    let sdist = maturin_steps(&wf, "sdist");
    assert_eq!(sdist.len(), 1);
    assert_eq!(sdist[0]["command"].as_str(), Some("sdist"));

    // Trusted publishing: an OIDC token for the publish job only, and no stored secret.
    let publish = &wf["jobs"]["publish"];
    let needs: Vec<&str> = publish["needs"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(needs, ["wheels", "sdist"]);
    assert_eq!(publish["permissions"]["id-token"].as_str(), Some("write"));
    assert_eq!(wf["permissions"]["contents"].as_str(), Some("read"));
    assert!(
        !text.contains("secrets."),
        "no token may be used to publish"
    );
    let uses: Vec<&str> = publish["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .collect();
    assert!(
        uses.iter()
            .any(|u| u.starts_with("pypa/gh-action-pypi-publish@")),
        "{uses:?}"
    );
}

#[test]
fn ci_runs_the_readme_test_command() {
    let wf = workflow("ci.yml");
    let runs: Vec<&str> = wf["jobs"]["test"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect();
    assert_eq!(runs, ["bash .ci/run"]);
    let ci_run = read(".ci/run");
    assert_eq!(ci_run.lines().last(), Some("bash scripts/test"));
    assert!(
        read("README.md")
            .lines()
            .any(|l| l.starts_with("bash scripts/test ")),
        "the README's test command is `bash scripts/test`"
    );
}
