//! `remove` through the binary: the round trip with `feature`, refusals that leave the
//! tree untouched, `--force`, `--dry-run`, and `check` being clean afterwards.

use crate::common;

use std::fs;
use std::path::Path;

use common::{dirs, ok, project, run_in, snapshot, transcripts};

const SERVICE: &str = "petsage/services/smoke_test_service.py";
const RECORD: &str = ".petsage-build/smoke_test.yaml";

fn assert_check_clean(dir: &Path) {
    let r = run_in(dir, &["check"], b"");
    assert_eq!(r.code, 0, "check after remove: {}", r.stdout);
    assert!(r.stdout.contains("no findings"), "{}", r.stdout);
}

/// `feature` for each of `before`, snapshot, `feature` for each of `added`, `remove` them
/// in `order`: the tree (records and directories included) is byte-identical again.
#[test]
fn feature_then_remove_gives_back_the_identical_tree() {
    let cases: &[(&[&str], &[&str], &[&str])] = &[
        (&[], &["smoke_test"], &["smoke_test"]),
        (&["smoke_test"], &["pet_profile"], &["pet_profile"]),
        (
            &["pet_profile"],
            &["a_first", "z_last"],
            &["a_first", "z_last"],
        ),
        (
            &[],
            &["smoke_test", "pet_profile"],
            &["smoke_test", "pet_profile"],
        ),
    ];
    for (before, added, order) in cases {
        let dir = project();
        for name in *before {
            ok(dir.path(), &["feature", name]);
        }
        let (files, folders) = (snapshot(dir.path()), dirs(dir.path()));
        for name in *added {
            ok(dir.path(), &["feature", name]);
        }
        for name in *order {
            ok(dir.path(), &["remove", name]);
        }
        assert!(
            snapshot(dir.path()) == files,
            "{before:?} + {added:?} - {order:?}"
        );
        assert_eq!(
            dirs(dir.path()),
            folders,
            "{before:?} + {added:?} - {order:?}"
        );
        assert_check_clean(dir.path());
    }
}

#[test]
fn dry_run_shows_the_plan_and_writes_nothing() {
    let dir = project();
    ok(dir.path(), &["feature", "smoke_test"]);
    let before = snapshot(dir.path());
    let r = run_in(dir.path(), &["remove", "smoke_test", "--dry-run"], b"");
    assert!(snapshot(dir.path()) == before);
    // One line per deleted file with its size; a diff only for the patched aggregator.
    insta::assert_snapshot!(r.transcript());
    // The sizes are the files' own.
    let lines = fs::read_to_string(dir.path().join(SERVICE))
        .unwrap()
        .lines()
        .count();
    assert!(
        r.stdout
            .contains(&format!("      delete {SERVICE} ({lines} lines)\n")),
        "{}",
        r.stdout
    );
}

type Change = fn(&Path);

/// Files that cannot be shown to be as generated stop the run; `--force` removes them.
#[test]
fn edited_or_unrecorded_files_are_refused_unless_forced() {
    let cases: &[(&str, Change)] = &[
        ("edited", |d| {
            fs::write(d.join(SERVICE), "# mine\n").unwrap();
        }),
        ("no record", |d| fs::remove_file(d.join(RECORD)).unwrap()),
    ];
    let mut session = Vec::new();
    for (what, change) in cases {
        let dir = project();
        let clean = snapshot(dir.path());
        ok(dir.path(), &["feature", "smoke_test"]);
        change(dir.path());
        let before = snapshot(dir.path());
        let refused = run_in(dir.path(), &["remove", "smoke_test"], b"");
        assert!(snapshot(dir.path()) == before, "{what}: tree touched");

        let forced = run_in(dir.path(), &["remove", "smoke_test", "--force"], b"");
        assert!(snapshot(dir.path()) == clean, "{what}: forced remove");
        assert_check_clean(dir.path());
        session.push(format!("# {what}\n{}", transcripts(&[&refused, &forced])));
    }
    insta::assert_snapshot!(session.join("\n"));
}

#[test]
fn unknown_name_is_one_clear_line() {
    let dir = project();
    let before = snapshot(dir.path());
    let r = run_in(dir.path(), &["remove", "nothing_here"], b"");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "error: no feature 'nothing_here' here: no record, no files, and not registered in \
         petsage/api/v1/api.py\n"
    );
    assert!(snapshot(dir.path()) == before);
    run_in(dir.path(), &["remove", "not a name!"], b"").assert_invalid("contains '!'");
}

/// Outside an `init`ed project `feature` also creates the aggregator, the main app and
/// `__init__.py` files; `remove` keeps the aggregator and main (the app and other
/// features share them, and so the packages that hold them) and removes only what belongs
/// to the feature.
#[test]
fn remove_keeps_what_feature_created_for_the_project() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"x\"\ndependencies = [\"fastapi\"]\n",
    )
    .unwrap();
    ok(dir.path(), &["feature", "smoke_test"]);
    ok(dir.path(), &["remove", "smoke_test"]);
    let left: Vec<String> = snapshot(dir.path())
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| !p.ends_with("__init__.py"))
        .collect();
    assert_eq!(
        left,
        ["petsage/api/v1/api.py", "petsage/main.py", "pyproject.toml"]
    );
    let agg = fs::read_to_string(dir.path().join("petsage/api/v1/api.py")).unwrap();
    assert!(!agg.contains("smoke_test"), "{agg}");
    assert_check_clean(dir.path());
}

/// Packages a feature creates are recorded and go with the last feature that needs them;
/// a namespace package (a directory without `__init__.py`) stays one.
#[test]
fn created_packages_go_with_the_last_feature_that_needs_them() {
    let dir = project();
    let pyproject = dir.path().join("pyproject.toml");
    let text = fs::read_to_string(&pyproject).unwrap();
    fs::write(
        &pyproject,
        format!("{text}\n[tool.petsage-build]\nservices_dir = \"petsage/domain/services\"\ndocs_dir = \"docs/features\"\ntests_dir = \"tests/api\"\n"),
    )
    .unwrap();
    // `tests/` exists without `__init__.py`: the project uses rootdir-based test imports.
    fs::create_dir_all(dir.path().join("tests")).unwrap();
    fs::write(dir.path().join("tests/conftest.py"), "").unwrap();
    let (files, folders) = (snapshot(dir.path()), dirs(dir.path()));
    ok(dir.path(), &["feature", "alpha"]);
    let init = "petsage/domain/services/__init__.py";
    assert!(dir.path().join(init).is_file());
    assert!(dir.path().join("petsage/domain/__init__.py").is_file());
    assert!(!dir.path().join("tests/api/__init__.py").exists());
    let record = fs::read_to_string(dir.path().join(".petsage-build/alpha.yaml")).unwrap();
    assert!(record.contains(init), "{record}");
    ok(dir.path(), &["feature", "beta"]);
    ok(dir.path(), &["remove", "alpha"]);
    assert!(
        dir.path().join(init).is_file(),
        "beta still needs the package"
    );
    // beta shares the package alpha created: the last one to go takes it.
    ok(dir.path(), &["remove", "beta"]);
    assert!(snapshot(dir.path()) == files, "files left behind");
    assert_eq!(dirs(dir.path()), folders);
}

/// SPEC §11b: a PEP 420 project keeps its namespace packages. `app/` is a regular package
/// but its subdirectories have no `__init__.py`: none is created in an existing one, nor
/// in a new directory whose sibling packages have none; `remove` gives the tree back.
#[test]
fn namespace_packages_get_no_init_py() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let put = |rel: &str, text: &str| {
        let p = d.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    put(
        "pyproject.toml",
        "[project]\nname = \"app\"\nversion = \"0\"\ndependencies = [\"fastapi\", \"pydantic>=2\"]\n\n[tool.petsage-build]\npackage = \"app\"\naggregator = \"app/routers/api.py\"\nrouter_var = \"router\"\nmain = \"app/main.py\"\nendpoints_dir = \"app/routers\"\nschemas_dir = \"app/schemas\"\nservices_dir = \"app/services\"\ntests_dir = \"tests\"\ndocs_dir = \"docs\"\n",
    );
    put("app/__init__.py", "");
    put(
        "app/main.py",
        "from fastapi import FastAPI\n\nfrom app.routers.api import router\n\napp = FastAPI()\napp.include_router(router)\n",
    );
    put(
        "app/routers/api.py",
        "from fastapi import APIRouter\n\nfrom app.routers import items\n\nrouter = APIRouter()\nrouter.include_router(items.router)\n",
    );
    put(
        "app/routers/items.py",
        "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
    );
    put("app/core/config.py", "DEBUG = False\n");
    put("tests/conftest.py", "");
    let (files, folders) = (snapshot(d), dirs(d));
    ok(d, &["feature", "pet_profile"]);
    let inits: Vec<String> = snapshot(d)
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.ends_with("__init__.py"))
        .collect();
    assert_eq!(
        inits,
        ["app/__init__.py"],
        "namespace packages got an __init__.py"
    );
    assert!(d.join("app/schemas/pet_profile.py").is_file());
    ok(d, &["remove", "pet_profile"]);
    assert!(snapshot(d) == files, "files left behind");
    assert_eq!(dirs(d), folders);
}
