//! `feature --request A --request B ...`: several features in one run, one plan, all or
//! none. Each is planned as if run after those it refers to, so the tree is the one the
//! same runs one by one would leave.

use crate::common::{copy_tree, project, repo_file, run_in, snapshot};

const OWNERS: &str = "feature: owners\ndescription: The owners of pets.\nkind: resource\n\
resource:\n  id: {name: owner_id, type: uuid}\nmodel:\n  name: Owner\n  fields:\n    \
- {name: name, type: str, min_length: 1, example: Ann}\n";

/// A project with `owners.yaml` beside the examples' requests, which are given by path.
fn with_owners() -> tempfile::TempDir {
    let dir = project();
    std::fs::write(dir.path().join("owners.yaml"), OWNERS).unwrap();
    dir
}

fn example(name: &str) -> String {
    repo_file("examples").join(name).display().to_string()
}

fn requests(files: &[&str]) -> Vec<String> {
    let mut args = vec!["feature".to_string()];
    for f in files {
        args.push("--request".to_string());
        args.push(if f.contains('/') || *f == "owners.yaml" || *f == "-" {
            (*f).to_string()
        } else {
            example(f)
        });
    }
    args
}

fn run(dir: &std::path::Path, args: &[String]) -> crate::common::Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_in(dir, &args, b"")
}

#[test]
fn one_run_leaves_the_tree_that_runs_one_by_one_leave() {
    let order = [
        "pets.yaml",
        "owners.yaml",
        "appointments.yaml",
        "vaccinations.yaml",
    ];
    let apart = with_owners();
    let together = copy_tree(apart.path(), &[]);
    for request in order {
        let r = run(apart.path(), &requests(&[request]));
        assert_eq!(r.code, 0, "{request}: {}", r.stderr);
    }
    let r = run(together.path(), &requests(&order));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("patched petsage/api/v1/api.py"),
        "{}",
        r.stdout
    );
    let (one_by_one, at_once) = (snapshot(apart.path()), snapshot(together.path()));
    let paths =
        |s: &[(std::path::PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&one_by_one), paths(&at_once));
    for ((path, a), (_, b)) in one_by_one.iter().zip(&at_once) {
        assert!(a == b, "{} differs", path.display());
    }
    let check = run_in(together.path(), &["check"], b"");
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn requests_are_planned_after_those_they_refer_to() {
    let dir = with_owners();
    let given = [
        "appointments.yaml",
        "vaccinations.yaml",
        "owners.yaml",
        "pets.yaml",
    ];
    let r = run(dir.path(), &requests(&given));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let api = std::fs::read_to_string(dir.path().join("petsage/api/v1/api.py")).unwrap();
    let at = |name: &str| api.find(&format!("include_router({name}.router")).unwrap();
    assert!(at("pets") < at("vaccinations") && at("owners") < at("appointments"));
    let check = run_in(dir.path(), &["check"], b"");
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn a_bad_request_anywhere_leaves_the_tree_as_it_was() {
    let cases: &[(&[&str], &str)] = &[
        // The last one refers to a resource that neither the project nor the run has.
        (&["pets.yaml", "appointments.yaml"], "references 'owners'"),
        (&["pets.yaml", "missing.yaml"], "missing.yaml"),
        (
            &["pets.yaml", "pets.yaml"],
            "the feature 'pets' is requested twice",
        ),
        (&["-", "-"], "standard input can be read once"),
    ];
    for (files, needle) in cases {
        let dir = with_owners();
        let before = snapshot(dir.path());
        run(dir.path(), &requests(files)).assert_invalid(needle);
        assert_eq!(before, snapshot(dir.path()), "{files:?}");
    }
}

#[test]
fn two_features_of_one_run_may_not_share_a_route() {
    let dir = project();
    let pets = std::fs::read_to_string(repo_file("examples/pets.yaml")).unwrap();
    let again = pets.replacen("feature: pets", "feature: animals", 1);
    let again = again.replacen("name: Pet\n", "name: Animal\n", 1);
    std::fs::write(dir.path().join("animals.yaml"), again).unwrap();
    let before = snapshot(dir.path());
    let args = requests(&["pets.yaml", "./animals.yaml"]);
    run(dir.path(), &args).assert_invalid("which feature 'pets' already serves");
    assert_eq!(before, snapshot(dir.path()));
}

#[test]
fn a_name_or_a_description_goes_with_one_request() {
    let dir = with_owners();
    let mut named = requests(&["pets.yaml", "owners.yaml"]);
    named.insert(1, "pets".to_string());
    run(dir.path(), &named).assert_invalid("the name 'pets' goes with one request");
    let mut described = requests(&["pets.yaml", "owners.yaml"]);
    described.extend(["--description".to_string(), "Pets".to_string()]);
    run(dir.path(), &described).assert_invalid("--description replaces one request's");
}

#[test]
fn a_dry_run_shows_every_feature_and_writes_nothing() {
    let dir = with_owners();
    let before = snapshot(dir.path());
    let mut args = requests(&["pets.yaml", "owners.yaml"]);
    args.push("--dry-run".to_string());
    let r = run(dir.path(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for file in ["petsage/models/pets.py", "petsage/models/owners.py"] {
        assert!(r.stdout.contains(file), "{file}: {}", r.stdout);
    }
    assert_eq!(before, snapshot(dir.path()));
}

#[test]
fn a_data_model_at_once_in_a_project_nobody_here_wrote() {
    let dir = crate::common::fixture("real/full_stack_fastapi_template");
    let projects = "feature: projects\ndescription: Projects.\nkind: resource\nresource:\n  \
        id: {name: project_id, type: int}\nmodel:\n  name: Project\n  fields:\n    \
        - {name: title, type: str, min_length: 1, unique: true, example: Launch}\n";
    let todos = "feature: todos\ndescription: Tasks of a project.\nkind: resource\n\
        resource:\n  parent: projects\nmodel:\n  name: Todo\n  fields:\n    \
        - {name: label, type: str, min_length: 1, example: Docs}\n";
    std::fs::write(dir.path().join("projects.yaml"), projects).unwrap();
    std::fs::write(dir.path().join("todos.yaml"), todos).unwrap();
    let args = requests(&["./todos.yaml", "./projects.yaml"]);
    let r = run(dir.path(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Both would say that main creates no tables: it is said once.
    let notes: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(notes.len(), 1, "{}", r.stderr);
    assert!(
        notes[0].contains("does not create the database tables"),
        "{}",
        r.stderr
    );
    let api = std::fs::read_to_string(dir.path().join("app/api/main.py")).unwrap();
    assert!(
        api.contains("from app.api.routes import items, login, private, projects, todos,"),
        "{api}"
    );
    let check = run_in(dir.path(), &["check"], b"");
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn one_file_may_hold_a_data_model() {
    let pets = std::fs::read_to_string(repo_file("examples/pets.yaml")).unwrap();
    let vaccinations = std::fs::read_to_string(repo_file("examples/vaccinations.yaml")).unwrap();
    // YAML documents: the nested one first, a trailing separator, and through stdin.
    let model = format!("---\n{vaccinations}---\n{pets}---\n");
    let (file, piped) = (project(), project());
    std::fs::write(file.path().join("model.yaml"), &model).unwrap();
    let r = run_in(file.path(), &["feature", "--request", "model.yaml"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(
        piped.path(),
        &["feature", "--request", "-"],
        model.as_bytes(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::remove_file(file.path().join("model.yaml")).unwrap();
    for dir in [file.path(), piped.path()] {
        for rel in ["petsage/models/pets.py", "petsage/models/vaccinations.py"] {
            assert!(dir.join(rel).is_file(), "{rel}");
        }
        let check = run_in(dir, &["check"], b"");
        assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    }
    // One document behind a `---` is one request, as before.
    let one = project();
    std::fs::write(one.path().join("pets.yaml"), format!("---\n{pets}")).unwrap();
    let mut named = requests(&["./pets.yaml"]);
    named.insert(1, "pets".to_string());
    assert_eq!(run(one.path(), &named).code, 0);
}

#[test]
fn a_bad_request_in_a_file_of_several_is_named_by_its_number() {
    let pets = std::fs::read_to_string(repo_file("examples/pets.yaml")).unwrap();
    let cases = [
        (
            format!("{pets}---\nfeature: owners\n"),
            "model.yaml, request 2: ",
        ),
        (
            format!("{pets}---\n{pets}"),
            "the feature 'pets' is requested twice",
        ),
        (
            format!("{pets}---\nfeature: [\n"),
            "invalid YAML in request 2",
        ),
        ("---\n---\n".to_string(), "model.yaml holds no request"),
    ];
    for (text, needle) in cases {
        let dir = project();
        std::fs::write(dir.path().join("model.yaml"), &text).unwrap();
        let before = snapshot(dir.path());
        run_in(dir.path(), &["feature", "--request", "model.yaml"], b"").assert_invalid(needle);
        assert_eq!(before, snapshot(dir.path()), "{text}");
    }
}

#[test]
fn requests_that_refer_to_each_other_in_a_cycle_are_refused_naming_it() {
    let dir = project();
    let one = |name: &str, model: &str, other: &str| {
        format!(
            "feature: {name}\ndescription: Rows.\nkind: resource\nmodel:\n  name: {model}\n  \
             fields:\n    - {{name: {other}_id, type: 'int | None', references: {other}s}}\n"
        )
    };
    std::fs::write(dir.path().join("a.yaml"), one("alphas", "Alpha", "beta")).unwrap();
    std::fs::write(dir.path().join("b.yaml"), one("betas", "Beta", "alpha")).unwrap();
    let before = snapshot(dir.path());
    run(dir.path(), &requests(&["./a.yaml", "./b.yaml"]))
        .assert_invalid("the requests refer to each other in a cycle (alphas -> betas -> alphas)");
    assert_eq!(before, snapshot(dir.path()));
}
