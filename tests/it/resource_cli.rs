//! Resources that the app could not serve are never generated (SPEC §13): two resources
//! on one table, and a route that an earlier feature's `{id}` route would shadow; `check`
//! reports shadows among the features there are.

use crate::common;

use std::fs;

use common::{project, repo_file, run_in, snapshot};

fn request(dir: &std::path::Path, file: &str, yaml: &str) -> common::Run {
    let path = dir.join(file);
    fs::write(&path, yaml).unwrap();
    let r = run_in(dir, &["feature", "--request", path.to_str().unwrap()], b"");
    fs::remove_file(&path).unwrap();
    r
}

fn resource(feature: &str, model: &str) -> String {
    format!(
        "feature: {feature}\ndescription: T.\nkind: resource\nmodel:\n  name: {model}\n  \
         fields:\n    - {{name: label, type: str, example: a}}\n"
    )
}

fn with_pets() -> tempfile::TempDir {
    let p = project();
    let pets = repo_file("examples/pets.yaml");
    let r = run_in(
        p.path(),
        &["feature", "--request", pets.to_str().unwrap()],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    p
}

/// `Pet` twice, and `PetItem` beside `Petitem` (both SQLModel's table `petitem`): the
/// app would fail at import ("Table 'pet' is already defined"). Exit 2, one line naming
/// the other feature, nothing written.
#[test]
fn two_resources_on_one_table_are_refused() {
    let p = with_pets();
    let before = snapshot(p.path());
    request(p.path(), "r.yaml", &resource("pets_again", "Pet"))
        .assert_invalid("model.name 'Pet' is the model of feature 'pets' already");
    assert_eq!(snapshot(p.path()), before);

    let r = request(p.path(), "r.yaml", &resource("pet_items", "PetItem"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = snapshot(p.path());
    request(p.path(), "r.yaml", &resource("petitems", "Petitem")).assert_invalid(
        "model.name 'Petitem' is stored in table 'petitem', which feature 'pet_items' \
         (model 'PetItem') already uses",
    );
    assert_eq!(snapshot(p.path()), before);
    // A feature generated again is not its own rival.
    let r = request(p.path(), "r.yaml", &resource("pet_items", "PetItem"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(snapshot(p.path()), before);
}

/// `/pets/search` after the `pets` resource: `/pets/{pet_id}` would answer it (422).
/// Refused, exit 1 (a conflict with the project), one line naming both routes; another
/// method or depth is served and accepted. Before the resource, the static route is
/// served, so that order is fine.
#[test]
fn a_route_an_earlier_id_route_shadows_is_refused() {
    let p = with_pets();
    let before = snapshot(p.path());
    let search = "feature: search_pets\ndescription: S.\nendpoint: {path: /pets/search}\n";
    let r = request(p.path(), "s.yaml", search);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "feature 'search_pets' would serve GET /pets/search, which GET /pets/{pet_id} of \
             feature 'pets' (included before it) would answer instead"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(p.path()), before);
    for ok in [
        "feature: search_pets\ndescription: S.\nendpoint: {method: POST, path: /pets/search}\n",
        "feature: pet_stats\ndescription: S.\nendpoint: {path: /pets/stats/all}\n",
    ] {
        let r = request(p.path(), "s.yaml", ok);
        assert_eq!(r.code, 0, "{ok}: {}", r.stderr);
    }

    // The other order: the static route is included first and is served.
    let q = project();
    let r = request(q.path(), "s.yaml", search);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let pets = repo_file("examples/pets.yaml");
    let r = run_in(
        q.path(),
        &["feature", "--request", pets.to_str().unwrap()],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(run_in(q.path(), &["check"], b"").code, 0);
}

/// Shadows made by hand (the includes reordered in the aggregator) are `check`'s E011,
/// an error, at the shadowed feature's include.
#[test]
fn check_reports_a_shadowed_route() {
    let p = project();
    let search = "feature: search_pets\ndescription: S.\nendpoint: {path: /pets/search}\n";
    assert_eq!(request(p.path(), "s.yaml", search).code, 0);
    let pets = repo_file("examples/pets.yaml");
    let r = run_in(
        p.path(),
        &["feature", "--request", pets.to_str().unwrap()],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let agg = p.path().join("petsage/api/v1/api.py");
    let text = fs::read_to_string(&agg).unwrap();
    let a = "api_v1_router.include_router(search_pets.router)\n";
    let b = "api_v1_router.include_router(pets.router)\n";
    assert!(text.contains(&format!("{a}{b}")), "{text}");
    fs::write(&agg, text.replace(&format!("{a}{b}"), &format!("{b}{a}"))).unwrap();
    let r = run_in(p.path(), &["check"], b"");
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    insta::assert_snapshot!(r.transcript());
}

/// SPEC §13: the domain errors module (`errors.py`) comes with the first resource, stays
/// while another resource uses it, goes with the last; a project's own `errors.py`
/// refuses a resource (exit 1, one line, nothing written) rather than be overwritten.
#[test]
fn the_errors_module_comes_and_goes_with_the_resources() {
    let p = with_pets();
    let errors = p.path().join("petsage/errors.py");
    assert!(errors.is_file());
    let r = request(p.path(), "r.yaml", &resource("toys", "Toy"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(p.path(), &["remove", "pets"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(errors.is_file(), "toys still raises its errors");
    assert!(
        r.stderr.contains("petsage/errors.py is kept"),
        "{}",
        r.stderr
    );
    let r = run_in(p.path(), &["remove", "toys"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!errors.exists(), "the last resource takes it along");

    fs::write(&errors, "class AppError(Exception):\n    pass\n").unwrap();
    let before = snapshot(p.path());
    let r = request(p.path(), "r.yaml", &resource("toys", "Toy"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("petsage/errors.py is the project's own"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(p.path()), before);
}
