//! End to end with real Python: `init`, several `feature` runs (the preset, every field
//! type, hostile free text), then the generated project's own pytest, ruff and mypy,
//! and uvicorn serving the smoke-test endpoint. Python is set up by `scripts/pycheck`
//! (a venv cached under target/); if that fails, this test fails — it never skips.

use crate::common;
use crate::common::hostile;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{repo_file, run_in};

/// A request with every field type; also the README's example.
const ALL_TYPES: &str = include_str!("../../examples/pet_profile.yaml");

const HOSTILE: &str = r#"
feature: hostile_text
description: "Ends a docstring \"\"\" and ''' then {{ 7*7 }} {% if x %} \\ backslash\nnewline \"); import os; os.system(\"echo pwned\") #"
requirements:
  - "'''; raise SystemExit; '''"
  - "{{ config }}"
endpoint:
  summary: "\"\"\" summary \\"
  tags: ["tag \" with quote", "{% raw %}"]
response:
  fields:
    - name: text
      type: str
      example: "\"\"\"\\'\\\"{{ x }}{% y %}"
      description: "desc \"\"\" with '''\\"
"#;

/// A project made by `init demo` in a fresh temp dir: the dir (kept alive by the caller)
/// and the project's path.
fn init_demo() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let r = run_in(tmp.path(), &["init", "demo"], b"");
    assert_eq!(r.code, 0, "init: {}{}", r.stdout, r.stderr);
    let project = tmp.path().join("demo");
    (tmp, project)
}

/// Runs `alembic ARGS` in the project at `dir` on `database_url`; returns its output,
/// failing the test when it fails.
pub(crate) fn migrate(dir: &Path, database_url: &str, args: &[&str]) -> String {
    let out = Command::new(venv_python())
        .args(["-W", "error", "-m", "alembic"])
        .args(args)
        .env("DATABASE_URL", database_url)
        .current_dir(dir)
        .output()
        .expect("run alembic");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "alembic {args:?}: {text}");
    text
}

/// examples/pets.yaml with a new field (`nick`), `species` indexed and `chip` no longer
/// unique, written into `dir`.
pub(crate) fn pets_changed(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(repo_file("examples/pets.yaml")).unwrap();
    let species = "    - {name: species, type: \"literal[dog, cat, bird]\", example: dog}\n";
    assert!(text.contains(species) && text.contains(", unique: true,"));
    let text = text
        .replace(
            species,
            "    - {name: species, type: \"literal[dog, cat, bird]\", example: dog, index: true}\n\
             \x20   - {name: nick, type: \"str | None\", example: Rexy, max_length: 30}\n",
        )
        .replace(", unique: true,", ",");
    let path = dir.join("pets_changed.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The tables of the database at `database_url`, sorted.
pub(crate) fn tables(database_url: &str) -> Vec<String> {
    let out = Command::new(venv_python())
        .args([
            "-c",
            "import os, sqlalchemy as sa\n\
             engine = sa.create_engine(os.environ['DATABASE_URL'])\n\
             print('\\n'.join(sorted(sa.inspect(engine).get_table_names())))",
        ])
        .env("DATABASE_URL", database_url)
        .output()
        .expect("list the tables");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// SPEC §14 proven: `alembic upgrade head` on an empty database creates every table,
/// `alembic check` finds nothing the revisions miss, `alembic downgrade base` leaves only
/// `alembic_version`.
pub(crate) fn assert_migrations_round_trip(dir: &Path, database_url: &str, expected: &[&str]) {
    migrate(dir, database_url, &["upgrade", "head"]);
    let mut want: Vec<String> = expected.iter().map(|t| (*t).to_string()).collect();
    want.push("alembic_version".into());
    want.sort();
    assert_eq!(tables(database_url), want);
    let check = migrate(dir, database_url, &["check"]);
    assert!(
        check.contains("No new upgrade operations detected"),
        "{check}"
    );
    migrate(dir, database_url, &["downgrade", "base"]);
    assert_eq!(tables(database_url), ["alembic_version"]);
}

fn pycheck() -> PathBuf {
    repo_file("scripts/pycheck")
}

/// Runs `scripts/pycheck` (pytest -W error, ruff check and format, mypy --strict) on the
/// project at `dir`, failing the test with `why` when any check fails.
pub(crate) fn assert_pycheck(dir: &Path, why: &str) {
    let status = Command::new("bash")
        .arg(pycheck())
        .arg(dir)
        .status()
        .expect("run scripts/pycheck");
    assert!(status.success(), "{why}");
}

/// As [`assert_pycheck`], with `DATABASE_URL` naming a SQLite file in a directory of its
/// own: the generated tests must never touch it (SPEC §13), so the directory stays empty.
pub(crate) fn assert_pycheck_leaves_database_alone(dir: &Path, why: &str) {
    assert_pycheck_on(dir, None, why);
}

/// As [`assert_pycheck_leaves_database_alone`], the tests on `test_database_url` (their
/// `TEST_DATABASE_URL`) when given, else on their default.
pub(crate) fn assert_pycheck_on(dir: &Path, test_database_url: Option<&str>, why: &str) {
    let untouched = tempfile::tempdir().unwrap();
    let url = format!("sqlite:///{}", untouched.path().join("app.db").display());
    let mut command = Command::new("bash");
    command.arg(pycheck()).arg(dir).env("DATABASE_URL", &url);
    match test_database_url {
        Some(test_url) => command.env("TEST_DATABASE_URL", test_url),
        None => command.env_remove("TEST_DATABASE_URL"),
    };
    let status = command.status().expect("run scripts/pycheck");
    assert!(status.success(), "{why}");
    let created: Vec<_> = std::fs::read_dir(untouched.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        created.is_empty(),
        "the generated tests created {created:?} where DATABASE_URL points"
    );
}

/// The venv `scripts/pycheck` keeps (it prints its path with `--setup`).
pub(crate) fn venv_python() -> PathBuf {
    let out = Command::new("bash")
        .arg(pycheck())
        .arg("--setup")
        .stderr(Stdio::inherit())
        .output()
        .expect("run scripts/pycheck --setup");
    assert!(out.status.success(), "scripts/pycheck --setup failed");
    let venv = String::from_utf8(out.stdout).expect("venv path is UTF-8");
    PathBuf::from(venv.trim()).join("bin/python")
}

fn tree_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            !e.path().components().any(|c| {
                matches!(
                    c.as_os_str().to_str(),
                    Some("__pycache__" | ".mypy_cache" | ".pytest_cache" | ".ruff_cache")
                )
            })
        })
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

pub(crate) struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn http_get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

#[test]
fn generated_project_passes_its_own_checks_and_serves() {
    let (tmp, project) = init_demo();

    let r = run_in(&project, &["feature", "smoke_test"], b"");
    assert_eq!(r.code, 0, "smoke_test: {}", r.stderr);
    for (file, body) in [
        ("all_types.yaml", ALL_TYPES),
        ("hostile.yaml", HOSTILE),
        ("hostile_inputs.yaml", hostile::HOSTILE_INPUTS),
        ("hostile_resource.yaml", hostile::HOSTILE_RESOURCE),
    ] {
        let path = tmp.path().join(file);
        std::fs::write(&path, body).unwrap();
        let r = run_in(
            &project,
            &["feature", "--request", path.to_str().unwrap()],
            b"",
        );
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
    }

    // Running the same features again changes zero bytes.
    let before = tree_bytes(&project);
    let r = run_in(&project, &["feature", "smoke_test"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let path = tmp.path().join("all_types.yaml");
    let r = run_in(
        &project,
        &["feature", "--request", path.to_str().unwrap()],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        before == tree_bytes(&project),
        "a second run changed the tree"
    );

    // The project's own tests, ruff (check + format) and mypy --strict.
    assert_pycheck(&project, "scripts/pycheck failed on the generated project");

    // Nothing in the hostile requests ran: no file named pwned (`touch pwned` in the
    // generated project's directory, where pytest runs), no output of echo.
    assert!(!project.join("pwned").exists());
    assert!(!tmp.path().join("pwned").exists());

    // uvicorn serves the seed's endpoint.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let python = venv_python();
    let server = Server(
        Command::new(&python)
            .args([
                "-m",
                "uvicorn",
                "petsage.main:app",
                "--host",
                "127.0.0.1",
                "--port",
            ])
            .arg(port.to_string())
            .current_dir(&project)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start uvicorn"),
    );
    let start = Instant::now();
    let response = loop {
        if let Some(r) = http_get(port, "/api/v1/smoke-test") {
            break r;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "uvicorn did not answer"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    drop(server);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(body).expect("JSON body");
    assert_eq!(
        json,
        serde_json::json!({"status": "ok", "message": "PetSage Backend Builder is functional!"})
    );
}

/// SPEC §11 "Prefix-free tests": the generated tests ask the app for their URL, so they
/// pass when main mounts the aggregator under another prefix than the one they were
/// generated for.
#[test]
fn generated_tests_pass_under_another_mount_prefix() {
    let (tmp, project) = init_demo();
    let r = run_in(&project, &["feature", "smoke_test"], b"");
    assert_eq!(r.code, 0, "smoke_test: {}", r.stderr);
    let path = tmp.path().join("all_types.yaml");
    std::fs::write(&path, ALL_TYPES).unwrap();
    let r = run_in(
        &project,
        &["feature", "--request", path.to_str().unwrap()],
        b"",
    );
    assert_eq!(r.code, 0, "all types: {}", r.stderr);

    let main = project.join("petsage/main.py");
    let text = std::fs::read_to_string(&main).unwrap();
    let mount = r#"prefix="/api/v1""#;
    assert_eq!(text.matches(mount).count(), 1, "main.py: {text}");
    std::fs::write(&main, text.replace(mount, r#"prefix="/other""#)).unwrap();
    for (file, body) in tree_bytes(&project) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("test_") {
            let body = String::from_utf8(body).unwrap();
            assert!(!body.contains("/api/v1"), "{}: {body}", file.display());
        }
    }

    assert_pycheck(
        &project,
        "scripts/pycheck failed with the aggregator mounted at /other",
    );
}

/// A package per feature (`petsage/<name>/views.py`, `service.py`, `schemas.py`) and an
/// `/api` prefix without a version: the app imports, serves, and passes its checks;
/// check is clean, and remove gives the tree back.
#[test]
fn package_per_feature_layout_passes_its_checks() {
    let (_tmp, project) = init_demo();
    let pyproject = project.join("pyproject.toml");
    let config = "\n[tool.petsage-build]\napi_prefix = \"/api\"\nendpoint = \"petsage/{name}/views.py\"\nservice = \"petsage/{name}/service.py\"\nschema = \"petsage/{name}/schemas.py\"\ndoc = \"docs/{name}.md\"\n";
    let text = std::fs::read_to_string(&pyproject).unwrap() + config;
    std::fs::write(&pyproject, text).unwrap();
    // A main that mounts nothing yet: feature wires it, under the configured prefix.
    std::fs::write(
        project.join("petsage/main.py"),
        "from fastapi import FastAPI\n\napp = FastAPI()\n",
    )
    .unwrap();
    let pristine = tree_bytes(&project);
    let r = run_in(&project, &["feature", "smoke_test"], b"");
    assert_eq!(r.code, 0, "smoke_test: {}", r.stderr);
    let agg = std::fs::read_to_string(project.join("petsage/api/v1/api.py")).unwrap();
    assert!(
        agg.contains("from petsage.smoke_test.views import router as smoke_test_router"),
        "{agg}"
    );
    assert!(
        agg.contains("api_v1_router.include_router(smoke_test_router)"),
        "{agg}"
    );
    assert!(project.join("petsage/smoke_test/__init__.py").is_file());
    let main = std::fs::read_to_string(project.join("petsage/main.py")).unwrap();
    assert!(
        main.contains(r#"app.include_router(api_v1_router, prefix="/api")"#),
        "{main}"
    );
    let r = run_in(&project, &["check"], b"");
    assert_eq!(r.code, 0, "check: {}{}", r.stdout, r.stderr);
    assert_pycheck(
        &project,
        "scripts/pycheck failed on the package-per-feature layout",
    );
    let r = run_in(&project, &["remove", "smoke_test"], b"");
    assert_eq!(r.code, 0, "remove: {}", r.stderr);
    // Main keeps its mount of the aggregator (other features share it); all else is back.
    std::fs::write(
        project.join("petsage/main.py"),
        "from fastapi import FastAPI\n\napp = FastAPI()\n",
    )
    .unwrap();
    assert!(
        tree_bytes(&project) == pristine,
        "remove did not restore the tree"
    );
}

/// When the aggregator's includes share `prefix="/<name>", tags=[...]`, a new feature's
/// include follows them and its route takes the bare path: the app still serves it and
/// its generated test (which asks the app for the URL) passes.
#[test]
fn sibling_include_arguments_are_followed() {
    let (_tmp, project) = init_demo();
    for name in ["alpha", "beta"] {
        let r = run_in(&project, &["feature", name], b"");
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
    }
    // The project's own convention, written by hand on the two existing includes.
    let agg_path = project.join("petsage/api/v1/api.py");
    let mut agg = std::fs::read_to_string(&agg_path).unwrap();
    for name in ["alpha", "beta"] {
        agg = agg.replace(
            &format!("include_router({name}.router)"),
            &format!("include_router({name}.router, prefix=\"/{name}\", tags=[\"{name}\"])"),
        );
        let view = project.join(format!("petsage/api/v1/endpoints/{name}.py"));
        let text = std::fs::read_to_string(&view).unwrap();
        std::fs::write(&view, text.replace(&format!("\"/{name}\","), "\"\",")).unwrap();
    }
    std::fs::write(&agg_path, agg).unwrap();
    let r = run_in(&project, &["feature", "gamma_ray"], b"");
    assert_eq!(r.code, 0, "gamma_ray: {}", r.stderr);
    let agg = std::fs::read_to_string(&agg_path).unwrap();
    assert!(
        agg.contains(
            r#"api_v1_router.include_router(gamma_ray.router, prefix="/gamma-ray", tags=["gamma_ray"])"#
        ),
        "{agg}"
    );
    let view =
        std::fs::read_to_string(project.join("petsage/api/v1/endpoints/gamma_ray.py")).unwrap();
    assert!(view.contains("    \"\",\n"), "{view}");
    assert_pycheck(
        &project,
        "scripts/pycheck failed with the siblings' include arguments",
    );
}

/// SPEC §11b: where every sibling include carries `dependencies=[...]`, the new one does
/// too, and its generated test overrides them (a callable in `Depends(...)`, and a name
/// bound to a `Depends(...)` object) so that it passes without credentials.
#[test]
fn sibling_dependencies_are_inherited_and_overridden_in_the_test() {
    let (_tmp, project) = init_demo();
    for name in ["alpha", "beta"] {
        let r = run_in(&project, &["feature", name], b"");
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        // Their tests predate the protection: the project's own would authenticate.
        std::fs::remove_file(
            project.join(format!("petsage/tests/test_api/test_v1/test_{name}.py")),
        )
        .unwrap();
    }
    std::fs::write(
        project.join("petsage/deps.py"),
        "\"\"\"The project's auth: nothing gets through without credentials.\"\"\"\n\n\
         from fastapi import Depends, HTTPException\n\n\n\
         def verify_token() -> None:\n    raise HTTPException(status_code=401, detail=\"no token\")\n\n\n\
         def require_key() -> None:\n    raise HTTPException(status_code=403, detail=\"no key\")\n\n\n\
         DependsKey = Depends(require_key)\n",
    )
    .unwrap();
    let agg_path = project.join("petsage/api/v1/api.py");
    let mut agg = std::fs::read_to_string(&agg_path).unwrap();
    agg = agg.replace(
        "from fastapi import APIRouter\n",
        "from fastapi import APIRouter, Depends\n",
    );
    agg = agg.replace(
        "from petsage.api.v1.endpoints import alpha, beta\n",
        "from petsage.api.v1.endpoints import alpha, beta\nfrom petsage.deps import DependsKey, verify_token\n",
    );
    for name in ["alpha", "beta"] {
        agg = agg.replace(
            &format!("include_router({name}.router)"),
            &format!(
                "include_router(\n    {name}.router, dependencies=[Depends(verify_token), DependsKey]\n)"
            ),
        );
    }
    std::fs::write(&agg_path, &agg).unwrap();
    let r = run_in(&project, &["feature", "gamma_ray"], b"");
    assert_eq!(r.code, 0, "gamma_ray: {}", r.stderr);
    let agg = std::fs::read_to_string(&agg_path).unwrap();
    assert!(
        agg.contains("gamma_ray.router, dependencies=[Depends(verify_token), DependsKey]"),
        "{agg}"
    );
    let test =
        std::fs::read_to_string(project.join("petsage/tests/test_api/test_v1/test_gamma_ray.py"))
            .unwrap();
    assert!(
        test.contains("dependency_overrides[verify_token]"),
        "{test}"
    );
    assert!(test.contains("DependsKey.dependency"), "{test}");
    assert_pycheck(
        &project,
        "scripts/pycheck failed on a route that inherits its siblings' dependencies",
    );
}

/// SPEC §11b: where the sibling endpoint modules build their routers with
/// `APIRouter(dependencies=[...])` (a shape public projects have: the includes carry
/// nothing), the new endpoint's and the new resource's routers are built the same way,
/// importing what the value names from where the siblings do, and their tests override
/// it, so the project's own tests pass while the routes stay protected.
#[test]
fn sibling_router_dependencies_are_followed_and_overridden_in_the_test() {
    let (_tmp, project) = init_demo();
    std::fs::write(
        project.join("petsage/deps.py"),
        "\"\"\"The project's auth: nothing gets through without credentials.\"\"\"\n\n\
         from fastapi import HTTPException\n\n\n\
         def verify_token() -> None:\n    raise HTTPException(status_code=401, detail=\"no token\")\n",
    )
    .unwrap();
    for name in ["alpha", "beta"] {
        let r = run_in(&project, &["feature", name], b"");
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
    }
    for name in ["alpha", "beta"] {
        std::fs::remove_file(
            project.join(format!("petsage/tests/test_api/test_v1/test_{name}.py")),
        )
        .unwrap();
        let path = project.join(format!("petsage/api/v1/endpoints/{name}.py"));
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text
            .replace(
                "from fastapi import APIRouter\n",
                "from fastapi import APIRouter, Depends\n",
            )
            .replace(
                "from petsage.services.",
                "from petsage.deps import verify_token\nfrom petsage.services.",
            )
            .replace(
                "\nrouter = APIRouter()\n",
                "\nrouter = APIRouter(dependencies=[Depends(verify_token)])\n",
            );
        std::fs::write(&path, text).unwrap();
    }
    let pets = repo_file("examples/pets.yaml");
    for args in [
        vec!["feature", "gamma_ray"],
        vec!["feature", "--request", pets.to_str().unwrap()],
    ] {
        let r = run_in(&project, &args, b"");
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    for (endpoint, test) in [("gamma_ray", "gamma_ray"), ("pets", "pets")] {
        let view = std::fs::read_to_string(
            project.join(format!("petsage/api/v1/endpoints/{endpoint}.py")),
        )
        .unwrap();
        assert!(
            view.contains("router = APIRouter(dependencies=[Depends(verify_token)])")
                || view.contains("    dependencies=[Depends(verify_token)],\n)"),
            "{view}"
        );
        assert!(
            view.contains("from petsage.deps import verify_token"),
            "{view}"
        );
        let test = std::fs::read_to_string(
            project.join(format!("petsage/tests/test_api/test_v1/test_{test}.py")),
        )
        .unwrap();
        assert!(
            test.contains("dependency_overrides[verify_token]"),
            "{test}"
        );
    }
    assert_pycheck(
        &project,
        "scripts/pycheck failed on routers that follow their siblings' dependencies",
    );
}

/// SPEC §11b "Prefix chain": main mounts the API under a prefix with a path parameter
/// (`/{organization}/api/v1`); the doc names the URL with it, and the generated test
/// passes a value for it to `url_path_for`, so that it passes.
#[test]
fn a_path_parameter_in_the_mount_prefix_is_served_and_tested() {
    let (_tmp, project) = init_demo();
    let main = project.join("petsage/main.py");
    let text = std::fs::read_to_string(&main).unwrap();
    assert!(text.contains("prefix=\"/api/v1\""), "{text}");
    std::fs::write(
        &main,
        text.replace("prefix=\"/api/v1\"", "prefix=\"/{organization}/api/v1\""),
    )
    .unwrap();
    let r = run_in(&project, &["feature", "gamma_ray"], b"");
    assert_eq!(r.code, 0, "gamma_ray: {}", r.stderr);
    let doc = std::fs::read_to_string(project.join("petsage/feature_docs/gamma_ray.md")).unwrap();
    assert!(
        doc.contains("http://localhost:8000/{organization}/api/v1/gamma-ray'"),
        "{doc}"
    );
    let test =
        std::fs::read_to_string(project.join("petsage/tests/test_api/test_v1/test_gamma_ray.py"))
            .unwrap();
    assert!(test.contains("organization=\"1\""), "{test}");
    // A resource's tests reach every route through the prefix's parameter too.
    let pets = repo_file("examples/pets.yaml");
    let r = run_in(
        &project,
        &["feature", "--request", pets.to_str().unwrap()],
        b"",
    );
    assert_eq!(r.code, 0, "pets: {}", r.stderr);
    let test = std::fs::read_to_string(project.join("petsage/tests/test_api/test_v1/test_pets.py"))
        .unwrap();
    assert!(
        test.contains("def url_for(") && test.contains("organization=\"1\""),
        "{test}"
    );
    assert_pycheck(
        &project,
        "scripts/pycheck failed under a mount prefix with a path parameter",
    );
}

#[test]
fn full_stack_template_layout_passes_its_checks() {
    let project = common::fixture("full_stack");
    let dir = project.path();
    let r = run_in(dir, &["feature", "smoke_test"], b"");
    assert_eq!(r.code, 0, "smoke_test: {}", r.stderr);
    let path = dir.join("all_types.yaml");
    std::fs::write(&path, ALL_TYPES).unwrap();
    let r = run_in(dir, &["feature", "--request", "all_types.yaml"], b"");
    assert_eq!(r.code, 0, "all types: {}", r.stderr);
    std::fs::remove_file(&path).unwrap();
    let r = run_in(dir, &["check"], b"");
    assert_eq!(r.code, 0, "check: {}{}", r.stdout, r.stderr);
    // The template's own test (utils) and the generated ones, ruff and mypy --strict.
    assert_pycheck(dir, "scripts/pycheck failed on the full-stack layout");
}

/// The public names (of a class and its metaclass) the installed `module.class` has.
fn public_names(module: &str, class: &str) -> Vec<String> {
    let out = Command::new(venv_python())
        .args([
            "-c",
            &format!(
                "import {module}; C = {module}.{class}; \
                 print(' '.join(sorted(n for n in set(dir(C)) | set(dir(type(C))) \
                 if not n.startswith('_'))))"
            ),
        ])
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// `BASEMODEL_NAMESPACE` is data taken from Pydantic, `RESOURCE_CLASS_NAMES` what SQLModel
/// adds: the installed packages must have no public attribute (of the class or its
/// metaclass) that the lists lack.
#[test]
fn the_pydantic_and_sqlmodel_namespace_lists_are_current() {
    use petsage_build::render::{BASEMODEL_NAMESPACE, RESOURCE_CLASS_NAMES};
    let missing: Vec<String> = public_names("pydantic", "BaseModel")
        .into_iter()
        .filter(|n| !BASEMODEL_NAMESPACE.contains(&n.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "add to BASEMODEL_NAMESPACE: {missing:?}"
    );
    let missing: Vec<String> = public_names("sqlmodel", "SQLModel")
        .into_iter()
        .filter(|n| {
            !BASEMODEL_NAMESPACE.contains(&n.as_str())
                && !RESOURCE_CLASS_NAMES.contains(&n.as_str())
        })
        .collect();
    assert!(
        missing.is_empty(),
        "add to RESOURCE_CLASS_NAMES: {missing:?}"
    );
    // A field is a keyword argument of the table model's constructors: none may be
    // named like one of their parameters.
    let out = Command::new(venv_python())
        .args([
            "-c",
            "import inspect, sqlmodel; C = sqlmodel.SQLModel; \
             print(' '.join(p.name for f in (C.__new__, C.__init__) \
             for p in inspect.signature(f).parameters.values() \
             if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) \
             and not p.name.startswith('_')))",
        ])
        .output()
        .expect("run python");
    assert!(out.status.success());
    let params = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(params.contains("cls"), "{params}");
    let missing: Vec<&str> = params
        .split_whitespace()
        .filter(|n| !RESOURCE_CLASS_NAMES.contains(n))
        .collect();
    assert!(
        missing.is_empty(),
        "add to RESOURCE_CLASS_NAMES: {missing:?}"
    );
}

/// One HTTP/1.1 exchange: `(status, body)`, or `None` while the server is not up.
pub(crate) fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let body = body.unwrap_or("");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.get(9..12)?.parse().ok()?;
    let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
    Some((status, body.to_string()))
}

/// The signing key the served apps get: a test's own, at least 32 bytes.
pub(crate) const E2E_SECRET_KEY: &str = "e2e-tests-only-signing-key-0123456789";

/// uvicorn serving the project at `dir` with `DATABASE_URL`, once it answers.
pub(crate) fn serve(dir: &Path, database_url: &str) -> (Server, u16) {
    // A project with migrations creates its tables by them, not at start-up (SPEC §14).
    if dir.join("migrations/env.py").is_file() {
        migrate(dir, database_url, &["upgrade", "head"]);
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = Server(
        Command::new(venv_python())
            .args([
                "-W",
                "error",
                "-m",
                "uvicorn",
                "petsage.main:app",
                "--host",
                "127.0.0.1",
                "--port",
            ])
            .arg(port.to_string())
            .env("DATABASE_URL", database_url)
            // What an `init --auth` project signs its tokens with (SPEC §15).
            .env("SECRET_KEY", E2E_SECRET_KEY)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start uvicorn"),
    );
    let start = Instant::now();
    while http(port, "GET", "/openapi.json", None).is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "uvicorn did not answer"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (server, port)
}

pub(crate) fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// SPEC §12 / issue 11: `init`, a resource and an endpoint with inputs from `examples/`;
/// the project's own checks pass; uvicorn on a SQLite file serves the whole CRUD over real
/// HTTP, and what was written survives a restart; the OpenAPI document shows the bodies,
/// parameters and status codes.
#[test]
fn resource_and_inputs_serve_and_persist_over_http() {
    let (tmp, project) = init_demo();
    for example in [
        "examples/pets.yaml",
        "examples/pet_visits.yaml",
        // Typed query parameters and a list response, a 204 DELETE, a PUT body with
        // defaults: the Python checks see every layout the templates have.
        "tests/fixtures/requests/list_visits.yaml",
        "tests/fixtures/requests/cancel_visit.yaml",
        "tests/fixtures/requests/replace_note.yaml",
    ] {
        let file = repo_file(example);
        let r = run_in(
            &project,
            &["feature", "--request", file.to_str().unwrap()],
            b"",
        );
        assert_eq!(r.code, 0, "{example}: {}", r.stderr);
    }
    assert_pycheck_leaves_database_alone(
        &project,
        "scripts/pycheck failed on the resource project",
    );
    // Nor the default database, a file in the project.
    assert!(!project.join("petsage.db").exists());

    let db = tmp.path().join("pets.db");
    let url = format!("sqlite:///{}", db.display());
    let (server, port) = serve(&project, &url);
    let call = |method: &str, path: &str, body: Option<&str>| {
        http(port, method, path, body).unwrap_or_else(|| panic!("{method} {path}: no answer"))
    };
    let pet =
        r#"{"name": "Rex", "species": "dog", "birth_date": "2020-05-01", "tags": ["friendly"]}"#;
    let (status, body) = call("POST", "/api/v1/pets", Some(pet));
    assert_eq!(status, 201, "{body}");
    let id = json(&body)["id"].as_i64().expect("an int id");
    let (status, _) = call(
        "POST",
        "/api/v1/pets",
        Some(r#"{"name": "Tweety", "species": "bird", "tags": []}"#),
    );
    assert_eq!(status, 201);
    let (status, body) = call(
        "POST",
        "/api/v1/pets",
        Some(r#"{"name": "X", "species": "dragon", "tags": []}"#),
    );
    assert_eq!(status, 422, "{body}");
    let (status, body) = call("GET", "/api/v1/pets?skip=1&limit=1", None);
    assert_eq!(status, 200, "{body}");
    let page = json(&body);
    assert_eq!(page["count"], 2, "{body}");
    assert_eq!(page["data"].as_array().map(Vec::len), Some(1), "{body}");
    assert_eq!(page["data"][0]["name"], "Tweety", "{body}");
    // What the database cannot hold is a 422, never a 500 (SPEC §13): text with NUL or
    // a lone surrogate, ids and offsets beyond a 32-bit INTEGER, null for a required
    // field in an update.
    for (method, path, body) in [
        (
            "POST",
            "/api/v1/pets",
            r#"{"name": "a\u0000b", "species": "dog", "tags": []}"#,
        ),
        (
            "POST",
            "/api/v1/pets",
            r#"{"name": "\ud800", "species": "dog", "tags": []}"#,
        ),
        (
            "POST",
            "/api/v1/pets",
            r#"{"name": "a", "species": "dog", "tags": ["\u0000"]}"#,
        ),
        ("GET", "/api/v1/pets/9223372036854775808", ""),
        ("GET", "/api/v1/pets/0", ""),
        ("DELETE", "/api/v1/pets/2147483648", ""),
        ("GET", "/api/v1/pets?skip=9223372036854775808", ""),
        ("PATCH", &format!("/api/v1/pets/{id}"), r#"{"name": null}"#),
        // What a 422 echoes back must be JSON in UTF-8 (issue 24 class 6): a body
        // holding NaN, infinity or a lone surrogate (in a value or a key) with a field
        // missing, in a resource and in endpoints; NaN in a float query parameter.
        ("POST", "/api/v1/pets", r#"{"name": NaN, "tags": []}"#),
        (
            "POST",
            "/api/v1/pets",
            r#"{"\ud800": 1, "tags": [Infinity]}"#,
        ),
        (
            "PATCH",
            &format!("/api/v1/pets/{id}"),
            r#"{"tags": [NaN, "\udfff"]}"#,
        ),
        ("POST", "/api/v1/pets/1/visits", r#"{"reason": "\ud800"}"#),
        ("POST", "/api/v1/pets/1/visits", r#"{"weight_kg": NaN}"#),
        ("POST", "/api/v1/pets/1/visits", r#"NaN"#),
        (
            "PUT",
            "/api/v1/visits/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b/note",
            r#"{"tags": ["\ud83d"], "x": -Infinity}"#,
        ),
        ("GET", "/api/v1/pets/1/visits?min_weight=NaN", ""),
        // Outside the constraints (SPEC §13): an empty or too long name, a negative
        // or too heavy weight, a too long chip, in a create and in an update.
        (
            "POST",
            "/api/v1/pets",
            r#"{"name": "", "species": "dog", "tags": []}"#,
        ),
        (
            "POST",
            "/api/v1/pets",
            r#"{"name": "a", "species": "dog", "tags": [], "weight_kg": -0.5}"#,
        ),
        (
            "POST",
            "/api/v1/pets",
            r#"{"name": "a", "species": "dog", "tags": [], "chip": "1234567890123456"}"#,
        ),
        (
            "POST",
            "/api/v1/pets",
            r#"{"name": "a", "species": "dog", "tags": [], "chip": "12345678901234x"}"#,
        ),
        ("PATCH", &format!("/api/v1/pets/{id}"), r#"{"chip": "1"}"#),
        ("PATCH", &format!("/api/v1/pets/{id}"), r#"{"name": ""}"#),
        (
            "PATCH",
            &format!("/api/v1/pets/{id}"),
            r#"{"weight_kg": 500.5}"#,
        ),
    ] {
        let (status, answer) = call(method, path, Some(body));
        assert_eq!(status, 422, "{method} {path} {body}: {answer}");
    }
    // A unique chip given twice, in a create and in an update: a 409 naming it.
    let chipped = r#"{"name": "Chip", "species": "cat", "tags": [], "chip": "111111111111111"}"#;
    let (status, first) = call("POST", "/api/v1/pets", Some(chipped));
    assert_eq!(status, 201, "{first}");
    let (status, answer) = call("POST", "/api/v1/pets", Some(chipped));
    assert_eq!(status, 409, "{answer}");
    assert_eq!(
        json(&answer),
        serde_json::json!({"detail": "A Pet with this chip already exists"})
    );
    let (status, answer) = call(
        "PATCH",
        &format!("/api/v1/pets/{id}"),
        Some(r#"{"chip": "111111111111111"}"#),
    );
    assert_eq!(status, 409, "{answer}");
    let chipped_id = json(&first)["id"].clone();
    let (status, answer) = call("DELETE", &format!("/api/v1/pets/{chipped_id}"), None);
    assert_eq!(status, 204, "{answer}");
    let item = format!("/api/v1/pets/{id}");
    let (status, patched) = call("PATCH", &item, Some(r#"{"name": "Max"}"#));
    assert_eq!(status, 200, "{patched}");
    let patched = json(&patched);
    assert_eq!(
        patched["species"], "dog",
        "a partial update keeps the rest: {patched}"
    );
    // The timestamps come back as stored: aware, in UTC.
    for stamp in ["created_at", "updated_at"] {
        let at = patched[stamp].as_str().unwrap_or_default();
        assert!(at.ends_with('Z'), "{stamp}: {patched}");
    }
    // The update set updated_at anew.
    assert_ne!(patched["updated_at"], patched["created_at"], "{patched}");

    // A restart reads the same data back from the SQLite file.
    drop(server);
    let (server, port) = serve(&project, &url);
    let call = |method: &str, path: &str, body: Option<&str>| {
        http(port, method, path, body).unwrap_or_else(|| panic!("{method} {path}: no answer"))
    };
    let (status, body) = call("GET", &item, None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        json(&body),
        serde_json::json!({"name": "Max", "species": "dog", "birth_date": "2020-05-01", "tags": ["friendly"], "chip": null, "weight_kg": null, "id": id,
            "created_at": patched["created_at"], "updated_at": patched["updated_at"]})
    );
    let (status, body) = call("DELETE", &item, None);
    assert_eq!((status, body.as_str()), (204, ""));
    let (status, body) = call("GET", &item, None);
    assert_eq!(status, 404, "{body}");
    assert_eq!(json(&body), serde_json::json!({"detail": "Pet not found"}));

    // The endpoint with a body, a path and a query parameter.
    let visit = r#"{"reason": "Checkup", "visited_on": "2026-11-30"}"#;
    let (status, body) = call("POST", "/api/v1/pets/1/visits?notify=true", Some(visit));
    assert_eq!(status, 201, "{body}");
    assert_eq!(json(&body)["seen_at"], "2026-11-30T10:15:00Z", "{body}");
    let (status, _) = call("POST", "/api/v1/pets/not-a-number/visits", Some(visit));
    assert_eq!(status, 422);

    // OpenAPI: bodies, parameters, 201/204 and 404.
    let (_, body) = call("GET", "/openapi.json", None);
    let doc = json(&body);
    drop(server);
    let paths = &doc["paths"];
    let op = |path: &str, method: &str| &paths[path][method];
    assert!(op("/api/v1/pets", "post")["requestBody"].is_object());
    assert!(op("/api/v1/pets", "post")["responses"]["201"].is_object());
    assert!(op("/api/v1/pets/{pet_id}", "delete")["responses"]["204"].is_object());
    assert!(op("/api/v1/pets/{pet_id}", "get")["responses"]["404"].is_object());
    // Every documented error names its body's model; a body route documents FastAPI's 400.
    for (path, method, status) in [
        ("/api/v1/pets/{pet_id}", "get", "404"),
        ("/api/v1/pets/{pet_id}", "patch", "400"),
        ("/api/v1/pets", "post", "400"),
    ] {
        let schema =
            &op(path, method)["responses"][status]["content"]["application/json"]["schema"];
        assert_eq!(
            schema["$ref"], "#/components/schemas/ErrorBody",
            "{method} {path} {status}: {schema}"
        );
    }
    let list_params: Vec<&str> = op("/api/v1/pets", "get")["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    // The paging first, then the query's filters and sort (examples/pets.yaml).
    assert_eq!(
        list_params,
        [
            "skip",
            "limit",
            "species",
            "weight_kg",
            "weight_kg_min",
            "weight_kg_max",
            "created_at",
            "created_at_min",
            "created_at_max",
            "sort"
        ]
    );
    let visits = op("/api/v1/pets/{pet_id}/visits", "post");
    assert!(visits["requestBody"].is_object(), "{visits}");
    assert!(visits["responses"]["201"].is_object() && visits["responses"]["404"].is_object());
    let params: Vec<(&str, &str)> = visits["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| Some((p["name"].as_str()?, p["in"].as_str()?)))
        .collect();
    assert_eq!(params, [("pet_id", "path"), ("notify", "query")]);
}

/// SPEC §12, an existing project: the full-stack FastAPI template names its own session
/// dependency (`app.api.deps.get_db`, as in the template) and a model base, and migrates
/// with Alembic. A
/// resource uses that session, creates no `db.py`, says which Alembic commands to run,
/// and passes the project's checks with its tests on an in-memory database; `remove`
/// gives the tree back byte for byte.
#[test]
fn resource_in_an_existing_project_uses_its_session_and_alembic() {
    let project = common::fixture("full_stack");
    let dir = project.path();
    let pyproject = dir.join("pyproject.toml");
    let mut text = std::fs::read_to_string(&pyproject).unwrap();
    text.push_str("session_dependency = \"app.api.deps.get_db\"\n");
    text.push_str("model_base = \"app.core.db.Base\"\n");
    std::fs::write(&pyproject, text).unwrap();
    // The template's `get_db` and `SessionDep` (backend/app/api/deps.py, MIT), over an
    // engine like its backend/app/core/db.py but on SQLite; its alembic.ini.
    std::fs::write(
        dir.join("app/core/db.py"),
        "from sqlmodel import SQLModel, create_engine\n\nengine = create_engine(\"sqlite:///app.db\")\n\n\n\
         class Base(SQLModel):\n    \"\"\"The project's own base of its models.\"\"\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("app/api/deps.py"),
        "from collections.abc import Generator\nfrom typing import Annotated\n\n\
         from fastapi import Depends\nfrom sqlmodel import Session\n\n\
         from app.core.db import engine\n\n\n\
         def get_db() -> Generator[Session]:\n    with Session(engine) as session:\n        \
         yield session\n\n\nSessionDep = Annotated[Session, Depends(get_db)]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("alembic.ini"),
        "[alembic]\nscript_location = app/alembic\n",
    )
    .unwrap();
    let before = tree_bytes(dir);

    let pets = repo_file("examples/pets.yaml");
    let r = run_in(dir, &["feature", "--request", pets.to_str().unwrap()], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("alembic revision --autogenerate"),
        "{}",
        r.stderr
    );
    assert!(
        !dir.join("app/db.py").exists(),
        "no db.py of ours in a project with its own"
    );
    let service = std::fs::read_to_string(dir.join("app/services/pets_service.py")).unwrap();
    assert!(
        service.contains("from app.api.deps import get_db"),
        "{service}"
    );
    let main = std::fs::read(dir.join("app/main.py")).unwrap();
    assert!(
        before
            .iter()
            .any(|(p, b)| p.ends_with("app/main.py") && *b == main)
    );
    let r = run_in(dir, &["check"], b"");
    assert_eq!(r.code, 0, "check: {}{}", r.stdout, r.stderr);
    assert_pycheck(
        dir,
        "scripts/pycheck failed on the full-stack project with a resource",
    );

    // pycheck leaves no file behind in the tree; remove restores it.
    let r = run_in(dir, &["remove", "pets"], b"");
    assert_eq!(r.code, 0, "remove: {}", r.stderr);
    let after: Vec<_> = tree_bytes(dir)
        .into_iter()
        .filter(|(p, _)| !p.components().any(|c| c.as_os_str() == ".petsage-build"))
        .collect();
    assert!(after == before, "remove did not restore the tree");
}

/// SPEC §14: `init` sets Alembic up, and three related resources and a nested one each
/// write their revision, which run up and down on an empty SQLite database with nothing
/// left for autogenerate.
#[test]
fn the_revisions_of_related_resources_migrate_up_and_down_on_sqlite() {
    let (tmp, project) = init_demo();
    let owners = tmp.path().join("owners.yaml");
    std::fs::write(&owners, OWNERS).unwrap();
    for file in [
        repo_file("examples/pets.yaml"),
        owners,
        repo_file("examples/appointments.yaml"),
        repo_file("examples/vaccinations.yaml"),
    ] {
        let r = run_in(
            &project,
            &["feature", "--request", file.to_str().unwrap()],
            b"",
        );
        assert_eq!(r.code, 0, "{}: {}", file.display(), r.stderr);
    }
    // An update that adds a field and an index, and drops a unique constraint, writes a
    // revision after the others that alters the table.
    let pets = pets_changed(tmp.path());
    let r = run_in(
        &project,
        &["update", "pets", "--request", pets.to_str().unwrap()],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("_pets.py"), "{}", r.stdout);
    let db = tmp.path().join("app.db");
    let url = format!("sqlite:///{}", db.display());
    assert_migrations_round_trip(
        &project,
        &url,
        &["appointment", "owner", "pet", "vaccination"],
    );
}

/// Issue 24 class 6: models named like what the generated tests bind (`App`, `Client`,
/// `Response`, `Url`: the test's app, fixture, response and URL) pass the project's own
/// checks; over HTTP, a naive datetime, one whose offset leaves the calendar in UTC, a
/// NaN or an int beyond 32 bits is a 422, and an aware one is stored in UTC and returned
/// with its offset.
#[test]
fn resources_named_like_generated_code_and_their_inputs_hold() {
    let (tmp, project) = init_demo();
    for model in ["App", "Client", "Response", "Url"] {
        let yaml = format!(
            "feature: {}s\ndescription: T.\nkind: resource\nmodel:\n  name: {model}\n  fields:\n\
             \x20   - {{name: label, type: str, example: a}}\n\
             \x20   - {{name: at, type: datetime, example: '2026-01-02T03:04:05Z'}}\n\
             \x20   - {{name: weight, type: 'float | None', example: 1.5}}\n\
             \x20   - {{name: rank, type: 'list[int]', example: [1]}}\n",
            model.to_lowercase()
        );
        let path = tmp.path().join("r.yaml");
        std::fs::write(&path, yaml).unwrap();
        let r = run_in(
            &project,
            &["feature", "--request", path.to_str().unwrap()],
            b"",
        );
        assert_eq!(r.code, 0, "{model}: {}", r.stderr);
    }
    assert_pycheck_leaves_database_alone(&project, "scripts/pycheck failed on App, Client, ...");

    let db = tmp.path().join("app.db");
    let (server, port) = serve(&project, &format!("sqlite:///{}", db.display()));
    let call = |method: &str, path: &str, body: &str| {
        http(port, method, path, Some(body)).unwrap_or_else(|| panic!("{method} {path}"))
    };
    let body = |at: &str, weight: &str, rank: &str| {
        format!(r#"{{"label": "a", "at": {at}, "weight": {weight}, "rank": {rank}}}"#)
    };
    for bad in [
        body(r#""2026-01-02T03:04:05""#, "1.5", "[1]"),
        body(r#""0001-01-01T00:30:00+01:00""#, "1.5", "[1]"),
        body(r#""9999-12-31T23:59:59-01:00""#, "1.5", "[1]"),
        body(r#""2026-01-02T03:04:05Z""#, "NaN", "[1]"),
        body(r#""2026-01-02T03:04:05Z""#, "Infinity", "[1]"),
        body(r#""2026-01-02T03:04:05Z""#, "1.5", "[2147483648]"),
        body(r#""2026-01-02T03:04:05Z""#, "1e999", "[1]"),
    ] {
        let (status, answer) = call("POST", "/api/v1/clients", &bad);
        assert_eq!(status, 422, "{bad}: {answer}");
    }
    let (status, answer) = call(
        "POST",
        "/api/v1/clients",
        &body(r#""2026-01-02T03:04:05+05:00""#, "null", "[-2147483648]"),
    );
    assert_eq!(status, 201, "{answer}");
    let id = json(&answer)["id"].as_i64().unwrap();
    assert_eq!(json(&answer)["at"], "2026-01-01T22:04:05Z", "{answer}");
    let (status, answer) = call(
        "PATCH",
        &format!("/api/v1/clients/{id}"),
        r#"{"at": "2026-01-02T03:04:05"}"#,
    );
    assert_eq!(status, 422, "{answer}");
    let (status, answer) = call(
        "PATCH",
        &format!("/api/v1/clients/{id}"),
        r#"{"at": "2026-06-01T00:00:00-02:00"}"#,
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(json(&answer)["at"], "2026-06-01T02:00:00Z", "{answer}");
    drop(server);
}

/// The four checks of SPEC §13 "Fuzzed", run against a served app.
const SCHEMATHESIS_CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance";

/// Runs schemathesis (from the `scripts/pycheck` venv) against the app on `port`, a
/// bounded number of examples per operation with a fixed seed: its exit status and
/// output.
pub(crate) fn schemathesis(port: u16, dir: &Path) -> (bool, String) {
    schemathesis_checks(port, dir, SCHEMATHESIS_CHECKS)
}

/// As [`schemathesis`], with the given checks (`all`).
fn schemathesis_checks(port: u16, dir: &Path, checks: &str) -> (bool, String) {
    let out = Command::new(venv_python())
        .args([
            "-c",
            "import sys; from schemathesis.cli import schemathesis; sys.argv[0] = 'st'; \
             sys.exit(schemathesis())",
            "run",
            &format!("http://127.0.0.1:{port}/openapi.json"),
            "--checks",
            checks,
            "--max-examples",
            "30",
            "--seed",
            "1",
            "--workers",
            "1",
            "--no-color",
        ])
        // Its cache and reports stay out of the project tree.
        .current_dir(dir)
        .output()
        .expect("run schemathesis");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// Every check schemathesis has (issue 24), against two resources and the endpoints of
/// every example and fixture request, served on SQLite: it finds nothing but what
/// FastAPI, Starlette and Pydantic do themselves, each named with why:
/// - ST201 negative_data_rejection: FastAPI validates a body in Python mode after
///   parsing the JSON, so Pydantic's lax mode takes `0` as a date (the epoch) or a
///   datetime; strict mode would refuse the ISO strings too.
/// - ST202 positive_data_acceptance: Pydantic's JSON Schema for `Decimal` allows any
///   string (`anyOf number, string`), which it then refuses unless it is a number.
/// - ST204 unsupported_method: `PATCH /pets/profile`, which only declares GET, is
///   answered by the resource's `PATCH /pets/{pet_id}` (422 for the id), as Starlette
///   matches routes by path template before method.
/// - ST205 allow_header_conformance: Starlette's OPTIONS answer lists the methods of the
///   first route matching the path only.
#[test]
fn schemathesis_all_checks_find_only_the_frameworks_own() {
    let (tmp, project) = init_demo();
    let owners = tmp.path().join("owners.yaml");
    std::fs::write(&owners, OWNERS).unwrap();
    let mut requests = vec![owners];
    for dir in ["examples", "tests/fixtures/requests"] {
        for entry in std::fs::read_dir(repo_file(dir)).unwrap() {
            let path = entry.unwrap().path();
            let request = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".yaml") && n != "pre-commit-config.yaml");
            // Protected ones, and those referring to the users table, need an `init
            // --auth` project: e2e_auth and e2e_postgres.
            let protected = std::fs::read_to_string(&path).is_ok_and(|t| {
                [
                    "auth: required",
                    "owner: true",
                    "dependencies:",
                    "{table: user",
                ]
                .iter()
                .any(|k| t.contains(k))
            });
            if request && !protected {
                requests.push(path);
            }
        }
    }
    // A request that refers to other resources (or nests under one) comes after them.
    requests.sort_by_key(|p| {
        let refers = std::fs::read_to_string(p)
            .is_ok_and(|t| t.contains("references:") || t.contains("parent:"));
        (refers, p.clone())
    });
    for file in &requests {
        let r = run_in(
            &project,
            &["feature", "--request", file.to_str().unwrap()],
            b"",
        );
        assert_eq!(r.code, 0, "{}: {}", file.display(), r.stderr);
    }
    let work = tmp.path().join("st");
    std::fs::create_dir(&work).unwrap();
    let db = tmp.path().join("app.db");
    let (server, port) = serve(&project, &format!("sqlite:///{}", db.display()));
    let (_, out) = schemathesis_checks(port, &work, "all");
    drop(server);
    assert!(out.contains("Tested: 35"), "{out}");
    let found: std::collections::BTreeSet<&str> = out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- ST"))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    let named = ["201", "202", "204", "205"];
    let ours: Vec<&&str> = found.iter().filter(|c| !named.contains(c)).collect();
    assert!(ours.is_empty(), "schemathesis found ST{ours:?}:\n{out}");
    assert!(!out.contains("Server error"), "{out}");
}

/// Two resources (an int id and a uuid id, every column type) and an endpoint with a
/// body, served on SQLite: schemathesis's four checks find nothing (issue 24 class 6,
/// SPEC §13). FastAPI's own OPTIONS `Allow` header (Starlette lists only the first
/// route's methods) is `allow_header_conformance`, which is not among them.
#[test]
fn schemathesis_finds_nothing_in_a_served_project() {
    let (tmp, project) = init_demo();
    let owners = tmp.path().join("owners.yaml");
    std::fs::write(&owners, OWNERS).unwrap();
    for file in [
        repo_file("examples/pets.yaml"),
        owners,
        repo_file("examples/pet_visits.yaml"),
        // References to both resources: cascade, restrict and set_null (SPEC §13).
        repo_file("examples/appointments.yaml"),
        // Nested under pets.
        repo_file("examples/vaccinations.yaml"),
    ] {
        let r = run_in(
            &project,
            &["feature", "--request", file.to_str().unwrap()],
            b"",
        );
        assert_eq!(r.code, 0, "{}: {}", file.display(), r.stderr);
    }
    let work = tmp.path().join("st");
    std::fs::create_dir(&work).unwrap();
    let db = tmp.path().join("app.db");
    let (server, port) = serve(&project, &format!("sqlite:///{}", db.display()));
    let start = Instant::now();
    let (ok, out) = schemathesis(port, &work);
    drop(server);
    assert!(ok, "schemathesis found failures:\n{out}");
    assert!(out.contains("Tested: 24"), "{out}");
    eprintln!("schemathesis: {:?}", start.elapsed());
}

/// A resource with every column type the builder maps, and a UUID id.
pub(crate) const OWNERS: &str = "feature: owners\ndescription: Owners of pets.\nkind: resource\n\
    resource:\n  id: {type: uuid}\n  filters: [email, age, score, joined_at, born_on, kind, active]\n\
    \x20 sort: [email, age, score, joined_at, id]\nmodel:\n  name: Owner\n  fields:\n\
    \x20   - {name: email, type: str, example: a@b.c}\n\
    \x20   - {name: age, type: 'int | None', example: 40}\n\
    \x20   - {name: score, type: float, example: 1.5}\n\
    \x20   - {name: joined_at, type: datetime, example: '2026-01-02T03:04:05Z'}\n\
    \x20   - {name: born_on, type: 'date | None', example: '1990-05-01'}\n\
    \x20   - {name: kind, type: 'literal[person, company]', example: person}\n\
    \x20   - {name: lucky, type: 'list[int]', example: [7]}\n\
    \x20   - {name: ratios, type: 'list[float] | None', example: [0.5]}\n\
    \x20   - {name: active, type: bool, example: true}\n";
