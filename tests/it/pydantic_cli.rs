//! SPEC §11 "Pydantic version": `feature` on a project whose Pydantic is 1 (pinned in
//! pyproject.toml, a requirements file or a lock file) is refused with one line, exit 2,
//! and nothing written; a lock at 2 or a schema template of the user's lets it through.

use crate::common;

use std::path::Path;

use common::{run_in, snapshot};

/// An `init` project whose pyproject.toml gains `extra`.
fn project_with(extra: &str) -> tempfile::TempDir {
    let dir = common::project();
    let path = dir.path().join("pyproject.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(extra);
    std::fs::write(&path, text).unwrap();
    dir
}

/// `feature smoke_test` (and its dry run) is refused with `needle`; the tree is unchanged.
fn assert_refused(root: &Path, needle: &str) {
    let before = snapshot(root);
    for args in [
        &["feature", "smoke_test", "--dry-run"][..],
        &["feature", "smoke_test"],
    ] {
        let r = run_in(root, args, b"");
        r.assert_invalid(needle);
        assert!(
            r.stderr.contains("the generated code needs Pydantic 2"),
            "{}",
            r.stderr
        );
        assert!(snapshot(root) == before, "{args:?} changed the tree");
    }
}

#[test]
fn a_poetry_pin_to_1_is_refused() {
    let dir =
        project_with("\n[tool.poetry.dependencies]\npython = \"^3.10\"\npydantic = \"^1.9\"\n");
    assert_refused(
        dir.path(),
        "error: this project pins pydantic ^1.9 (pyproject.toml [tool.poetry.dependencies]); \
         the generated code needs Pydantic 2; see README 'Pydantic 1'",
    );
}

#[test]
fn the_real_world_example_app_is_refused() {
    // A real project (tests/fixtures/real, see its SOURCE.md): `pydantic = { version =
    // "^1.9", extras = [...] }`.
    let dir = common::fixture("real/fastapi_realworld_example_app");
    assert_refused(
        dir.path(),
        "pins pydantic ^1.9 (pyproject.toml [tool.poetry.dependencies])",
    );
}

#[test]
fn requirements_and_locks_count_and_a_lock_decides() {
    let dir = common::project();
    let root = dir.path();
    std::fs::write(
        root.join("requirements.txt"),
        "fastapi==0.99.1\npydantic[email]>=1.10,<2  # not 2 yet\n",
    )
    .unwrap();
    assert_refused(root, "pins pydantic[email]>=1.10,<2 (requirements.txt)");

    // What is installed decides: a lock at 2 lets the run through ...
    std::fs::write(
        root.join("uv.lock"),
        "version = 1\n\n[[package]]\nname = \"pydantic\"\nversion = \"2.11.4\"\n",
    )
    .unwrap();
    let r = run_in(root, &["feature", "smoke_test", "--dry-run"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);

    // ... and a lock at 1 refuses a project whose constraints allow 2.
    std::fs::remove_file(root.join("requirements.txt")).unwrap();
    std::fs::remove_file(root.join("uv.lock")).unwrap();
    std::fs::write(
        root.join("poetry.lock"),
        "[[package]]\nname = \"pydantic\"\nversion = \"1.10.13\"\n",
    )
    .unwrap();
    assert_refused(root, "locks pydantic 1.10.13 (poetry.lock)");
}

#[test]
fn pydantic_2_and_unpinned_projects_are_served() {
    for extra in [
        "",
        "\n[tool.poetry.dependencies]\npydantic = { version = \"^2.6\", extras = [\"email\"] }\n",
    ] {
        let dir = project_with(extra);
        let r = run_in(dir.path(), &["feature", "smoke_test"], b"");
        assert_eq!(r.code, 0, "{extra}: {}", r.stderr);
    }
}

#[test]
fn a_schema_template_of_the_users_is_trusted_with_pydantic_1() {
    let dir = project_with("\n[tool.poetry.dependencies]\npydantic = \"^1.9\"\n");
    let root = dir.path();
    let templates = root.join("my-templates/feature");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("schema.py.tera"),
        "\"\"\"Pydantic 1 schema.\"\"\"\n\nfrom pydantic import BaseModel\n\n\n\
         class {{ feature.model }}(BaseModel):\n    status: str\n    message: str\n",
    )
    .unwrap();
    let r = run_in(
        root,
        &["feature", "smoke_test", "--templates", "my-templates"],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let schema =
        std::fs::read_to_string(root.join("petsage/api/v1/schemas/smoke_test.py")).unwrap();
    assert!(!schema.contains("ConfigDict"), "{schema}");
}
