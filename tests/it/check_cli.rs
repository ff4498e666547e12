//! `check` and `list` through the binary: each finding produced on a real tree (an
//! `init`ed project with a generated feature, then broken one way) and asserted by code.

use crate::common;

use std::fs;
use std::path::Path;

use common::{project, run_in};
use serde_json::Value;

const AGG: &str = "petsage/api/v1/api.py";
const MAIN: &str = "petsage/main.py";
const ENDPOINT: &str = "petsage/api/v1/endpoints/smoke_test.py";
const DOC: &str = "petsage/feature_docs/smoke_test.md";
const SERVICE: &str = "petsage/services/smoke_test_service.py";
const RECORD: &str = ".petsage-build/smoke_test.yaml";

/// An `init`ed project with `smoke_test` generated.
fn with_feature() -> tempfile::TempDir {
    let dir = project();
    let r = run_in(dir.path(), &["feature", "smoke_test"], b"");
    assert_eq!(r.code, 0, "feature: {}", r.stderr);
    dir
}

fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn remove(dir: &Path, rel: &str) {
    fs::remove_file(dir.join(rel)).unwrap();
}

/// The 1-based line of the first line of `rel` containing `needle`.
fn line_of(dir: &Path, rel: &str, needle: &str) -> u64 {
    let text = read(dir, rel);
    let i = text.lines().position(|l| l.contains(needle)).unwrap();
    i as u64 + 1
}

/// Runs `check --format json`: the exit code and the parsed findings.
fn check_json(dir: &Path) -> (i32, Vec<Value>) {
    let r = run_in(dir, &["check", "--format", "json"], b"");
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).expect("check --format json parses");
    let findings = v["findings"].as_array().unwrap().clone();
    assert_eq!(v["ok"], Value::Bool(r.code == 0));
    (r.code, findings)
}

/// A way of breaking a project.
type Breakage = fn(&Path);
/// The line a finding must point at, read off the broken tree.
type Line = Option<fn(&Path) -> u64>;

#[test]
fn each_finding_on_a_real_tree() {
    // (what, breakage, code, path, line)
    let cases: &[(&str, Breakage, &str, &str, Line)] = &[
        (
            "unregistered module",
            |d| {
                let module = "from fastapi import APIRouter\n\nrouter = APIRouter()\n";
                write(d, "petsage/api/v1/endpoints/orphan.py", module);
            },
            "E001",
            "petsage/api/v1/endpoints/orphan.py",
            None,
        ),
        (
            "imported but not included",
            |d| {
                let agg =
                    read(d, AGG).replace("api_v1_router.include_router(smoke_test.router)\n", "");
                write(d, AGG, &agg);
            },
            "E001",
            ENDPOINT,
            None,
        ),
        (
            "registered module missing",
            |d| remove(d, ENDPOINT),
            "E002",
            AGG,
            Some(|d| line_of(d, AGG, "import smoke_test")),
        ),
        ("missing doc", |d| remove(d, DOC), "E003", DOC, None),
        (
            "missing service",
            |d| remove(d, SERVICE),
            "E003",
            SERVICE,
            None,
        ),
        (
            "aggregator not wired into main",
            |d| {
                let main = read(d, MAIN).replace("app.include_router(", "print(");
                write(d, MAIN, &main);
            },
            "E004",
            MAIN,
            None,
        ),
        ("main missing", |d| remove(d, MAIN), "E004", MAIN, None),
        (
            "aggregator not Python",
            |d| write(d, AGG, &format!("{}def broken(:\n", read(d, AGG))),
            "E005",
            AGG,
            Some(|d| line_of(d, AGG, "def broken(")),
        ),
        (
            "main not Python",
            |d| write(d, MAIN, "import (\n"),
            "E005",
            MAIN,
            Some(|_| 1),
        ),
        ("aggregator missing", |d| remove(d, AGG), "E006", AGG, None),
        (
            "record whose files are gone",
            |d| {
                for rel in [ENDPOINT, DOC, SERVICE] {
                    remove(d, rel);
                }
                remove(d, "petsage/api/v1/schemas/smoke_test.py");
                remove(d, "petsage/tests/test_api/test_v1/test_smoke_test.py");
            },
            "E007",
            RECORD,
            None,
        ),
        (
            "unreadable record",
            |d| write(d, ".petsage-build/other.yaml", "feature: [\n"),
            "E008",
            ".petsage-build/other.yaml",
            None,
        ),
        (
            "edited file",
            |d| write(d, SERVICE, &format!("{}# mine\n", read(d, SERVICE))),
            "N001",
            SERVICE,
            None,
        ),
    ];
    // The text each finding prints, for review: one snapshot of the whole table.
    let mut texts = Vec::new();
    for (what, breakage, code, path, line) in cases {
        let dir = with_feature();
        let (status, clean) = check_json(dir.path());
        assert_eq!(
            (status, clean.len()),
            (0, 0),
            "clean before {what}: {clean:?}"
        );
        breakage(dir.path());
        let (status, findings) = check_json(dir.path());
        let hit = findings
            .iter()
            .find(|f| f["code"] == *code && f["path"] == *path)
            .unwrap_or_else(|| panic!("{what}: no {code} at {path} in {findings:#?}"));
        if let Some(line) = line {
            assert_eq!(hit["line"], line(dir.path()), "{what}: {hit}");
        }
        let expected_status = if code.starts_with('E') { 1 } else { 0 };
        assert_eq!(status, expected_status, "{what}: {findings:#?}");
        let text = run_in(dir.path(), &["check"], b"");
        texts.push(format!("# {what}\n{}", text.transcript()));
    }
    insta::assert_snapshot!(texts.join("\n"));
}

#[test]
fn text_format_is_one_line_per_finding_and_a_summary() {
    let dir = with_feature();
    remove(dir.path(), ENDPOINT);
    let r = run_in(dir.path(), &["check"], b"");
    let line = line_of(dir.path(), AGG, "import smoke_test");
    assert!(
        r.stdout.starts_with(&format!("error[E002] {AGG}:{line}: ")),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn github_format_is_workflow_annotations() {
    let dir = with_feature();
    remove(dir.path(), ENDPOINT);
    write(
        dir.path(),
        SERVICE,
        &format!("{}# mine\n", read(dir.path(), SERVICE)),
    );
    let r = run_in(dir.path(), &["check", "--format", "github"], b"");
    let line = line_of(dir.path(), AGG, "import smoke_test");
    assert!(
        r.stdout
            .contains(&format!("::error file={AGG},line={line},title=")),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn projects_without_records_hold_modules_to_their_wiring_only() {
    let dir = with_feature();
    fs::remove_dir_all(dir.path().join(".petsage-build")).unwrap();
    let (status, findings) = check_json(dir.path());
    assert_eq!((status, findings.len()), (0, 0), "{findings:#?}");
    // Without a record nothing says the module was generated: no five-file shape.
    remove(dir.path(), DOC);
    let (status, findings) = check_json(dir.path());
    assert_eq!((status, findings.len()), (0, 0), "{findings:#?}");
    // Its wiring still counts.
    let agg = read(dir.path(), AGG).replace("include_router(smoke_test.router)", "routes");
    write(dir.path(), AGG, &agg);
    let (status, findings) = check_json(dir.path());
    assert_eq!(status, 1);
    assert_eq!(findings[0]["code"], "E001", "{findings:#?}");
}

#[test]
fn the_aggregator_among_the_routes_is_not_an_endpoint() {
    // The realworld layout: app/api/routes/api.py aggregates its siblings.
    let dir = with_feature();
    fs::remove_dir_all(dir.path().join(".petsage-build")).unwrap();
    let config = "\n[tool.petsage-build]\naggregator = \"petsage/api/v1/endpoints/api.py\"\n";
    let pyproject = read(dir.path(), "pyproject.toml") + config;
    write(dir.path(), "pyproject.toml", &pyproject);
    let agg =
        read(dir.path(), AGG).replace("from petsage.api.v1.endpoints import", "from . import");
    write(dir.path(), "petsage/api/v1/endpoints/api.py", &agg);
    remove(dir.path(), AGG);
    let main = read(dir.path(), MAIN).replace("petsage.api.v1.api", "petsage.api.v1.endpoints.api");
    write(dir.path(), MAIN, &main);
    let (status, findings) = check_json(dir.path());
    assert_eq!((status, findings.len()), (0, 0), "{findings:#?}");
}

#[test]
fn main_mounting_the_aggregator_in_any_form_is_wired() {
    let dir = with_feature();
    // Inside an app factory, under an alias, through a relative import.
    let main = "from fastapi import FastAPI\n\n\ndef create_app() -> FastAPI:\n    from .api.v1.api import api_v1_router as v1\n\n    app = FastAPI()\n    app.include_router(v1, prefix=\"/api/v1\")\n    return app\n\n\napp = create_app()\n";
    write(dir.path(), MAIN, main);
    let (status, findings) = check_json(dir.path());
    assert_eq!((status, findings.len()), (0, 0), "{findings:#?}");
    // Through another router that main mounts.
    write(
        dir.path(),
        "petsage/routing.py",
        "from fastapi import APIRouter\n\nfrom petsage.api.v1.api import api_v1_router\n\nroot = APIRouter()\nroot.include_router(api_v1_router, prefix=\"/api/v1\")\n",
    );
    let main = "from fastapi import FastAPI\n\nfrom petsage.routing import root\n\napp = FastAPI()\napp.include_router(root)\n";
    write(dir.path(), MAIN, main);
    let (status, findings) = check_json(dir.path());
    assert_eq!((status, findings.len()), (0, 0), "{findings:#?}");
    // Handing the app to a function of the aggregator that includes the routers
    // (SPEC §11b "Factories"); one that includes nothing mounts nothing: E004.
    let agg = read(dir.path(), AGG);
    let main = "from fastapi import FastAPI\n\nfrom petsage.api.v1.api import mount\n\napp = FastAPI()\nmount(app)\n";
    write(dir.path(), MAIN, main);
    for (helper, clean) in [
        (
            "def mount(app):\n    app.include_router(api_v1_router, prefix=\"/api/v1\")\n",
            true,
        ),
        ("def mount(app):\n    app.title = \"x\"\n", false),
    ] {
        write(dir.path(), AGG, &format!("{agg}\n\n{helper}"));
        let (status, findings) = check_json(dir.path());
        let codes: Vec<&Value> = findings.iter().map(|f| &f["code"]).collect();
        if clean {
            assert_eq!((status, findings.len()), (0, 0), "{helper}: {findings:#?}");
        } else {
            assert!(
                codes.contains(&&Value::from("E004")),
                "{helper}: {findings:#?}"
            );
        }
    }
    write(dir.path(), AGG, &agg);
    // Mounting something else only: E004.
    let main = "from fastapi import FastAPI\n\nfrom petsage.other import r\n\napp = FastAPI()\napp.include_router(r)\n";
    write(dir.path(), MAIN, main);
    let (status, findings) = check_json(dir.path());
    assert_eq!(status, 1);
    assert_eq!(findings[0]["code"], "E004", "{findings:#?}");
}

#[test]
fn list_shows_each_feature_and_its_state() {
    let dir = with_feature();
    let r = run_in(dir.path(), &["feature", "pet_profile"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    remove(dir.path(), "petsage/feature_docs/pet_profile.md");
    write(dir.path(), SERVICE, "# mine\n");
    let r = run_in(dir.path(), &["list"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "pet_profile  missing doc       GET /pet-profile\n\
         smoke_test   complete; edited  GET /smoke-test\n"
    );
    let r = run_in(dir.path(), &["list", "--format", "json"], b"");
    let v: Value = serde_json::from_str(&r.stdout).expect("list --format json parses");
    let states: Vec<(&str, Vec<&str>)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = f["state"].as_array().unwrap();
            (
                f["name"].as_str().unwrap(),
                s.iter().map(|x| x.as_str().unwrap()).collect(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("pet_profile", vec!["missing doc"]),
            ("smoke_test", vec!["complete", "edited"])
        ]
    );
    assert_eq!(
        v[1]["routes"],
        serde_json::json!([{"method": "GET", "path": "/smoke-test"}])
    );
}

#[test]
fn list_shows_the_routes_of_a_resource() {
    let dir = project();
    let pets = common::repo_file("examples/pets.yaml");
    let r = run_in(
        dir.path(),
        &["feature", "--request", pets.to_str().unwrap()],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(dir.path(), &["list"], b"");
    assert_eq!(
        r.stdout,
        "pets  complete  POST, GET /pets; GET, PATCH, PUT, DELETE /pets/{pet_id}\n"
    );
    let (status, findings) = check_json(dir.path());
    assert_eq!((status, findings.len()), (0, 0), "{findings:#?}");
}

#[test]
fn hand_written_modules_beside_recorded_features_are_checked_for_wiring_only() {
    let dir = with_feature();
    write(
        dir.path(),
        "petsage/api/v1/endpoints/users.py",
        "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
    );
    let agg = read(dir.path(), AGG)
        .replace("import smoke_test", "import smoke_test, users")
        .replace(
            "api_v1_router.include_router(smoke_test.router)\n",
            "api_v1_router.include_router(smoke_test.router)\napi_v1_router.include_router(users.router)\n",
        );
    write(dir.path(), AGG, &agg);
    let (status, findings) = check_json(dir.path());
    assert_eq!((status, findings.len()), (0, 0), "{findings:#?}");
    let r = run_in(dir.path(), &["list"], b"");
    // A hand-written module has no record, so no routes to show.
    assert_eq!(
        r.stdout,
        "smoke_test  complete      GET /smoke-test\nusers       hand-written\n"
    );

    // Unwired, it is still an error.
    write(
        dir.path(),
        AGG,
        &agg.replace("api_v1_router.include_router(users.router)\n", ""),
    );
    let (status, findings) = check_json(dir.path());
    assert_eq!(status, 1);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["code"], "E001");
}

#[test]
fn router_less_modules_among_the_routes_are_not_endpoints() {
    // SPEC §11b: helpers, constants, a `tests` package and subpackages beside the routes
    // define no router, so they are neither unregistered nor missing anything.
    let dir = with_feature();
    let routes = "petsage/api/v1/endpoints";
    write(
        dir.path(),
        &format!("{routes}/deps.py"),
        "from fastapi import Depends\n\nLIMIT = 10\n",
    );
    write(
        dir.path(),
        &format!("{routes}/constants.py"),
        "PAGE_SIZE = 50\n",
    );
    write(dir.path(), &format!("{routes}/tests/__init__.py"), "");
    write(
        dir.path(),
        &format!("{routes}/tests/test_smoke.py"),
        "def test_x() -> None:\n    pass\n",
    );
    write(dir.path(), &format!("{routes}/admin/__init__.py"), "");
    write(
        dir.path(),
        &format!("{routes}/admin/views.py"),
        "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
    );
    let (status, findings) = check_json(dir.path());
    assert_eq!((status, findings.len()), (0, 0), "{findings:#?}");
    fs::remove_dir_all(dir.path().join(".petsage-build")).unwrap();
    let (status, findings) = check_json(dir.path());
    assert_eq!((status, findings.len()), (0, 0), "{findings:#?}");

    // A module that does define a router and is not registered is still E001, and the
    // finding names the file that exists: a package by its `__init__.py`.
    write(
        dir.path(),
        &format!("{routes}/orders/__init__.py"),
        "from fastapi import APIRouter\n\nrouter: APIRouter = APIRouter(prefix=\"/orders\")\n",
    );
    write(
        dir.path(),
        &format!("{routes}/stray.py"),
        "import fastapi\n\n\ndef make():\n    r = fastapi.APIRouter()\n    return r\n\n\nrouter = make()\n",
    );
    let (status, findings) = check_json(dir.path());
    assert_eq!(status, 1);
    let paths: Vec<&str> = findings
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            format!("{routes}/orders/__init__.py"),
            format!("{routes}/stray.py")
        ],
        "{findings:#?}"
    );
    for p in paths {
        assert!(dir.path().join(p).is_file(), "{p} is not a file");
    }
}
