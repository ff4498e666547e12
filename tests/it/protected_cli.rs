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

/// Replaces the line of `key` in the project's `[tool.petsage-build]` (init --auth
/// writes both `user_model` and `dependencies`) with `key = value`.
fn configure(dir: &Path, key: &str, value: &str) {
    let path = dir.join("pyproject.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // The last such line: [project] has a `dependencies = [` of its own.
    let line = text
        .lines()
        .rfind(|l| l.starts_with(&format!("{key} = ")))
        .expect("init --auth configures the key")
        .to_string();
    std::fs::write(&path, text.replace(&line, &format!("{key} = {value}"))).unwrap();
}

fn configure_dependencies(dir: &Path, table: &str) {
    configure(dir, "dependencies", table);
}

fn configure_user_model(dir: &Path, value: &str) {
    configure(dir, "user_model", &format!("{value:?}"));
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
            "petsage/models/notes.py",
            "petsage/services/notes_service.py",
            "petsage/api/v1/endpoints/whoami.py",
            "petsage/tests/test_api/test_v1/test_whoami.py",
        ]
    ));
    let test =
        std::fs::read_to_string(dir.join("petsage/tests/test_api/test_v1/test_notes.py")).unwrap();
    for needle in [
        "from petsage.api.deps import get_current_user",
        "del app.dependency_overrides[get_current_user]",
        "def test_notes_need_a_logged_in_user(",
        "(\"PATCH\", \"update_note\", True),",
        "assert response.status_code == 401",
        // Owner-scoped: two users, and every route of one on the other's row.
        "app.dependency_overrides[get_current_user] = lambda: users[0]",
        "def test_notes_of_another_user_are_not_found(",
        "(\"PUT\", \"replace_note\"),",
        "def test_list_notes_holds_only_the_callers(",
        "def test_create_note_takes_the_owner_from_the_token(",
        "def test_service_sees_only_its_users_rows(",
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

const OWNED: &str = "feature: memos\ndescription: Memos.\nkind: resource\nresource:\n  owner: \
                     true\nmodel:\n  fields:\n    - {name: text, type: str, example: Hi}\n";

#[test]
fn owned_rows_refer_to_the_user_model_as_the_project_defines_it() {
    let (_tmp, dir) = auth_project();
    std::fs::write(
        dir.join("petsage/accounts.py"),
        "import uuid\n\nfrom sqlmodel import Field, SQLModel\n\n\nclass Account(SQLModel, \
         table=True):\n    __tablename__ = \"accounts\"\n\n    id: uuid.UUID = \
         Field(default_factory=uuid.uuid4, primary_key=True)\n    handle: str = \
         Field(unique=True)\n    karma: int\n    admin: bool = False\n",
    )
    .unwrap();
    configure_user_model(&dir, "petsage.accounts:Account");
    let r = add_yaml(&dir, OWNED);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let model = std::fs::read_to_string(dir.join("petsage/models/memos.py")).unwrap();
    assert!(
        model.contains("owner_id: UUID = Field(") && model.contains("foreign_key=\"accounts.id\""),
        "{model}"
    );
    let test =
        std::fs::read_to_string(dir.join("petsage/tests/test_api/test_v1/test_memos.py")).unwrap();
    assert!(
        test.contains("handle=\"a\",\n                karma=1,"),
        "{test}"
    );
    assert!(
        test.contains("handle=\"b\",\n                karma=2,"),
        "{test}"
    );
}

#[test]
fn owned_rows_without_a_usable_user_model_are_refused_with_one_line() {
    let (_tmp, dir) = auth_project();
    let before = snapshot(&dir);
    let field_named_owner = OWNED.replace(
        "name: text",
        "name: owner_id, type: int, example: 1}\n    - {name: text",
    );
    add_yaml(&dir, &field_named_owner)
        .assert_invalid("resource.owner: true adds the column owner_id");
    std::fs::write(dir.join("petsage/stamped.py"), "from datetime import datetime\n\nfrom sqlmodel import Field, SQLModel\n\n\nclass Stamped(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    born: datetime\n\n\nclass Member(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    team_id: int = Field(foreign_key=\"team.id\")\n").unwrap();
    for (value, needle) in [
        (
            "petsage.models.user:Nobody",
            "user_model = \"petsage.models.user:Nobody\": petsage/models/user.py defines no \
             table model class `Nobody` with an `id` column",
        ),
        (
            "petsage.nowhere:User",
            "the project has no module petsage.nowhere",
        ),
        (
            "petsage.stamped:Stamped",
            "the column `born: datetime` has no default, and the generated tests cannot \
             make one to store a user",
        ),
        (
            "petsage.stamped:Member",
            "the column 'team_id' refers to another table and has no default: the \
             generated tests cannot store a user",
        ),
    ] {
        configure_user_model(&dir, value);
        add_yaml(&dir, OWNED).assert_invalid(needle);
    }
    std::fs::remove_file(dir.join("petsage/stamped.py")).unwrap();
    let strip = |mut v: Vec<(std::path::PathBuf, Vec<u8>)>| {
        v.retain(|(p, _)| !p.ends_with("pyproject.toml"));
        v
    };
    assert_eq!(strip(snapshot(&dir)), strip(before), "nothing written");

    // Rows that refer to owned rows are not supported yet.
    let (_tmp, dir) = auth_project();
    assert_eq!(add_yaml(&dir, OWNED).code, 0);
    let referring = "feature: tags\ndescription: Tags.\nkind: resource\nmodel:\n  fields:\n    \
                     - {name: memo_id, type: int, references: memos, example: 1}\n";
    add_yaml(&dir, referring).assert_invalid("'memos' is owner-scoped (resource.owner)");

    let plain = crate::common::project();
    add_yaml(plain.path(), OWNED).assert_invalid(
        "resource.owner: true needs the user model the rows belong to: set user_model = \
         \"module:Class\" in [tool.petsage-build] (init --auth writes it)",
    );
}
