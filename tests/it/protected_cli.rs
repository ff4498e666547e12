//! Protected routes (SPEC §15) as a user asks for them: `resource.auth: required` and
//! `endpoint.dependencies` resolve through config `dependencies`, in whichever form the
//! project defines each (an `Annotated` alias, a function, a re-export), and go on the
//! feature's router; a name config does not know is one line, exit 2, nothing written.
//! What the generated code does over HTTP is e2e_auth's.

use std::path::Path;

use crate::common::{files, repo_file, run_in, snapshot};

/// A fresh `init --auth` project in a temp dir: `(tempdir, project dir)`.
fn auth_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let r = run_in(tmp.path(), &["init", "--auth", "demo"], b"");
    assert_eq!(r.code, 0, "init --auth: {}", r.stderr);
    let dir = tmp.path().join("demo");
    (tmp, dir)
}

fn add(dir: &Path, example: &str) -> crate::common::Run {
    let path = repo_file(&format!("examples/{example}.yaml"));
    run_in(dir, &["feature", "--request", path.to_str().unwrap()], b"")
}

fn add_yaml(dir: &Path, yaml: &str) -> crate::common::Run {
    std::fs::write(dir.join("request.yaml"), yaml).unwrap();
    let r = run_in(dir, &["feature", "--request", "request.yaml"], b"");
    std::fs::remove_file(dir.join("request.yaml")).unwrap();
    r
}

/// Replaces `dependencies = {...}` in the project's `[tool.petsage-build]`.
fn configure_dependencies(dir: &Path, table: &str) {
    let path = dir.join("pyproject.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("dependencies = {"))
        .expect("init --auth configures dependencies")
        .to_string();
    std::fs::write(
        &path,
        text.replace(&line, &format!("dependencies = {table}")),
    )
    .unwrap();
}

#[test]
fn a_protected_resource_and_endpoint_put_the_current_user_on_their_routers() {
    let (_tmp, dir) = auth_project();
    for example in ["notes", "whoami"] {
        let r = add(&dir, example);
        assert_eq!(r.code, 0, "{example}: {}", r.stderr);
        assert!(!r.stderr.contains("follows the majority"), "{}", r.stderr);
    }
    insta::assert_snapshot!(files(
        &dir,
        &[
            "petsage/api/v1/endpoints/notes.py",
            "petsage/api/v1/endpoints/whoami.py",
            "petsage/tests/test_api/test_v1/test_whoami.py",
        ]
    ));
    let test =
        std::fs::read_to_string(dir.join("petsage/tests/test_api/test_v1/test_notes.py")).unwrap();
    for needle in [
        "from petsage.api.deps import get_current_user",
        "app.dependency_overrides[get_current_user] = lambda: None",
        "del app.dependency_overrides[get_current_user]",
        "def test_notes_need_a_logged_in_user(",
        "(\"PATCH\", \"update_note\", True),",
        "assert response.status_code == 401",
    ] {
        assert!(test.contains(needle), "{needle} in\n{test}");
    }
}

#[test]
fn each_form_of_a_configured_dependency_gives_the_callable_the_router_depends_on() {
    for (table, module) in [
        // The callable itself.
        (
            "{ current_user = \"petsage.api.deps:get_current_user\" }",
            "petsage.api.deps",
        ),
        // A module that re-exports the alias.
        ("{ current_user = \"petsage.auth:Me\" }", "petsage.api.deps"),
    ] {
        let (_tmp, dir) = auth_project();
        std::fs::write(
            dir.join("petsage/auth.py"),
            "from petsage.api.deps import CurrentUser as Me\n\n__all__ = [\"Me\"]\n",
        )
        .unwrap();
        configure_dependencies(&dir, table);
        let r = add(&dir, "whoami");
        assert_eq!(r.code, 0, "{table}: {}", r.stderr);
        let endpoint =
            std::fs::read_to_string(dir.join("petsage/api/v1/endpoints/whoami.py")).unwrap();
        assert!(
            endpoint.contains(&format!("from {module} import get_current_user\n"))
                && endpoint.contains("dependencies=[Depends(get_current_user)],"),
            "{table}:\n{endpoint}"
        );
    }
}

#[test]
fn a_route_whose_siblings_carry_the_dependency_gets_it_once() {
    let (_tmp, dir) = auth_project();
    for example in ["notes", "whoami"] {
        assert_eq!(add(&dir, example).code, 0);
    }
    // Two of four endpoint routers are protected: the tie goes to the protected side
    // (SPEC §11b), and `auth: required` asks for the same dependency again.
    let tasks = "feature: tasks\ndescription: Tasks.\nkind: resource\nresource:\n  auth: \
                 required\nmodel:\n  fields:\n    - {name: title, type: str, example: Walk}\n";
    let r = add_yaml(&dir, tasks);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let endpoint = std::fs::read_to_string(dir.join("petsage/api/v1/endpoints/tasks.py")).unwrap();
    assert_eq!(
        endpoint.matches("Depends(get_current_user)").count(),
        1,
        "{endpoint}"
    );
    let test =
        std::fs::read_to_string(dir.join("petsage/tests/test_api/test_v1/test_tasks.py")).unwrap();
    assert_eq!(
        test.matches("dependency_overrides[get_current_user] = lambda: None")
            .count(),
        1,
        "{test}"
    );
    assert!(
        test.contains("def test_tasks_need_a_logged_in_user("),
        "{test}"
    );
}

#[test]
fn unknown_or_unresolvable_dependencies_are_refused_with_one_line() {
    let whoami = |deps: &str| {
        format!("feature: whoami\ndescription: Who.\nendpoint:\n  dependencies: {deps}\n")
    };
    let notes = |auth: &str| {
        format!(
            "feature: notes\ndescription: Notes.\nkind: resource\nresource:\n  auth: \
             {auth}\nmodel:\n  fields:\n    - {{name: title, type: str, example: A}}\n"
        )
    };
    let (_tmp, dir) = auth_project();
    let before = snapshot(&dir);
    for (yaml, needle) in [
        (
            whoami("[admin]"),
            "endpoint.dependencies names 'admin', which [tool.petsage-build] dependencies \
             does not name (it has: current_user)",
        ),
        (whoami("[current_usr]"), "did you mean 'current_user'?"),
        (whoami("[]"), "'endpoint.dependencies' is empty"),
        (
            whoami("[current_user, current_user]"),
            "'current_user' is given twice",
        ),
        (whoami("[\"x-y\"]"), "'x-y' is not a dependency name"),
        (whoami("current_user"), "endpoint.dependencies"),
        (
            notes("maybe"),
            "resource.auth 'maybe' is not one of required, none",
        ),
    ] {
        add_yaml(&dir, &yaml).assert_invalid(needle);
    }
    for (table, needle) in [
        (
            "{ current_user = \"petsage.api.deps:Nobody\" }",
            "dependencies.current_user = \"petsage.api.deps:Nobody\": petsage/api/deps.py \
             defines no `Nobody` at its top level",
        ),
        (
            "{ current_user = \"petsage.api.deps:router\" }",
            "defines no `router`",
        ),
    ] {
        configure_dependencies(&dir, table);
        add_yaml(&dir, &notes("required")).assert_invalid(needle);
    }
    let mut after = snapshot(&dir);
    after.retain(|(p, _)| !p.ends_with("pyproject.toml"));
    let mut want = before;
    want.retain(|(p, _)| !p.ends_with("pyproject.toml"));
    assert_eq!(after, want, "nothing written");

    // A project that configures no dependencies says what to add.
    let plain = crate::common::project();
    let before = snapshot(plain.path());
    add_yaml(plain.path(), &notes("required")).assert_invalid(
        "resource.auth: required needs the dependency 'current_user', but \
         [tool.petsage-build] has no dependencies: add dependencies = { current_user = \
         \"module:attr\" } (init --auth writes current_user)",
    );
    assert_eq!(snapshot(plain.path()), before);
}
