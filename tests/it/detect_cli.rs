//! `detect` on real projects (SPEC §11): for every project of `tests/fixtures/real/` and
//! for `tests/fixtures/full_stack`, the `[tool.petsage-build]` section a human wrote for
//! it is stripped in a temp copy, `detect` runs, and the configuration it prints is
//! compared key by key (effective values, defaults filled in) with the human's.
//!
//! Where detect legitimately differs, the project's `detect-differs.txt` says why
//! (`key: reason`); the list is strict both ways (a listed key that agrees fails too).
//! The full output, followed by the comparison, is the snapshot `detect.txt`
//! (`UPDATE_GOLDEN=1 cargo test --test it detect_cli` rewrites it; review the diff).
//! Then `detect --write` and `feature pet_profile` succeed on the copy.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use petsage_build::config::Config;
use petsage_build::layout::Layout;

/// Every project with a human-written section.
fn projects() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(common::repo_file("tests/fixtures/real"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| format!("real/{}", e.file_name().to_string_lossy()))
        .collect();
    out.sort();
    out.push("full_stack".into());
    out
}

/// The pyproject.toml text without the human's section (and its fixture comment).
fn strip_section(text: &str) -> String {
    let start = text.find("[tool.petsage-build]").expect("a section");
    let rest = &text[start + 1..];
    let end = rest.find("\n[").map_or(text.len(), |i| start + 1 + i + 1);
    let before = text[..start]
        .trim_end_matches('\n')
        .trim_end_matches("# Added for petsage-build's fixture: the project's real layout.")
        .trim_end_matches('\n');
    format!("{before}\n{}", &text[end..])
}

fn fields(l: &Layout) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("package", l.package.clone()),
        ("api_version", l.api_version.clone()),
        ("aggregator", l.aggregator.clone()),
        ("router_var", l.router_var.clone()),
        ("main", l.main.clone()),
        ("app_var", l.app_var.clone()),
        ("endpoints_dir", l.endpoints_dir.clone()),
        ("schemas_dir", l.schemas_dir.clone()),
        ("services_dir", l.services_dir.clone()),
        ("tests_dir", l.tests_dir.clone()),
        ("docs_dir", l.docs_dir.clone()),
    ])
}

/// The per-feature paths (`app/{name}/views.py`) where either layout names a pattern for
/// them: those compare by the files a feature gets, whichever way each side says it.
fn pattern_fields(a: &Layout, b: &Layout) -> [BTreeMap<&'static str, String>; 2] {
    let named = |l: &Layout| {
        let p = &l.patterns;
        [
            ("schema", p.schema.is_some()),
            ("service", p.service.is_some()),
            ("endpoint", p.endpoint.is_some()),
            ("test", p.test.is_some()),
            ("doc", p.doc.is_some()),
        ]
    };
    let paths = |l: &Layout| {
        let f = l.path_patterns();
        BTreeMap::from([
            ("schema", f.schema),
            ("service", f.service),
            ("endpoint", f.endpoint),
            ("test", f.test),
            ("doc", f.doc),
        ])
    };
    let keep: Vec<&str> = named(a)
        .iter()
        .zip(named(b))
        .filter(|((_, x), (_, y))| *x || *y)
        .map(|((k, _), _)| *k)
        .collect();
    [paths(a), paths(b)].map(|mut m| {
        m.retain(|k, _| keep.contains(k));
        m
    })
}

fn differs_list(dir: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(dir.join("detect-differs.txt")).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, r) = l.split_once(':').expect("key: reason");
            (k.trim().to_string(), r.trim().to_string())
        })
        .collect()
}

#[test]
fn detect_agrees_with_the_human_section_or_says_why() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|x| x == "1");
    let mut errors = Vec::new();
    for project in projects() {
        let fixture_dir = common::repo_file("tests/fixtures").join(&project);
        let copy = common::fixture(&project);
        let root = copy.path();
        let original = std::fs::read_to_string(root.join("pyproject.toml")).unwrap();
        let human = Config::parse(&original).unwrap().layout;
        std::fs::write(root.join("pyproject.toml"), strip_section(&original)).unwrap();
        let r = common::run_in(root, &["detect"], b"");
        // A known defect of detect on this project: `detect: reason` in detect-differs.txt.
        if differs_list(&fixture_dir).contains_key("detect") {
            if r.code == 0 {
                errors.push(format!(
                    "{project}: detect succeeds now; delete `detect:` from detect-differs.txt"
                ));
            }
            continue;
        }
        if r.code != 0 {
            errors.push(format!("{project}: detect exit {}: {}", r.code, r.stderr));
            continue;
        }
        let detected = match Config::parse(&r.stdout) {
            Ok(c) => c.layout,
            Err(e) => {
                errors.push(format!("{project}: output is not a usable section: {e:#}"));
                continue;
            }
        };
        let printed: toml::Table = r.stdout.parse().unwrap();
        let printed = printed["tool"]["petsage-build"].as_table().unwrap().clone();
        let listed = differs_list(&fixture_dir);
        let (mut want, mut got) = (fields(&human), fields(&detected));
        let [want_p, got_p] = pattern_fields(&human, &detected);
        want.extend(want_p);
        got.extend(got_p);
        let mut same = Vec::new();
        let mut report = String::new();
        for (key, h) in &want {
            let d = &got[key];
            let shown = if printed.contains_key(*key) {
                format!("\"{d}\"")
            } else {
                format!("left out (default \"{d}\")")
            };
            match (h == d, listed.get(*key)) {
                (true, None) => same.push(*key),
                (true, Some(_)) => errors.push(format!(
                    "{project}: detect-differs.txt lists {key}, but detect agrees ({d}): \
                     delete the line"
                )),
                (false, Some(reason)) => report.push_str(&format!(
                    "# differs: {key}: human \"{h}\", detect {shown}: {reason}\n"
                )),
                (false, None) => errors.push(format!(
                    "{project}: {key}: human \"{h}\", detect {shown}; fix detect or say why in \
                     detect-differs.txt"
                )),
            }
        }
        for key in listed.keys() {
            if !want.contains_key(key.as_str()) {
                errors.push(format!("{project}: detect-differs.txt: unknown key {key}"));
            }
        }
        let snapshot = format!(
            "{}\n# Compared with the section a human wrote for this project \
             (tests/detect_cli.rs):\n# same: {}\n{report}",
            r.stdout,
            same.join(", ")
        );
        let golden = fixture_dir.join("detect.txt");
        if update {
            std::fs::write(&golden, &snapshot).unwrap();
        } else if std::fs::read_to_string(&golden).unwrap_or_default() != snapshot {
            errors.push(format!(
                "{project}: {} differs (UPDATE_GOLDEN=1 rewrites it); now:\n{snapshot}",
                golden.display()
            ));
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn write_then_feature_succeeds_on_every_project() {
    for project in projects() {
        let fixture_dir = common::repo_file("tests/fixtures").join(&project);
        if differs_list(&fixture_dir).contains_key("detect") {
            continue;
        }
        let copy = common::fixture(&project);
        let root = copy.path();
        let stripped =
            strip_section(&std::fs::read_to_string(root.join("pyproject.toml")).unwrap());
        std::fs::write(root.join("pyproject.toml"), &stripped).unwrap();
        let shown = common::run_in(root, &["detect"], b"");
        let r = common::run_in(root, &["detect", "--write"], b"");
        assert_eq!(r.code, 0, "{project}: {}", r.stderr);
        assert!(
            r.stdout.contains("patched pyproject.toml"),
            "{project}: {}",
            r.stdout
        );
        let written = std::fs::read_to_string(root.join("pyproject.toml")).unwrap();
        // Every byte kept; the section appended is what detect prints.
        assert!(
            written == format!("{stripped}\n{}", shown.stdout),
            "{project}: {written}"
        );
        let again = common::run_in(root, &["detect", "--write"], b"");
        assert_eq!(again.code, 1, "{project}: {}", again.stderr);
        assert!(
            again.stderr.contains("already has a [tool.petsage-build]"),
            "{}",
            again.stderr
        );
        let forced = common::run_in(root, &["detect", "--write", "--force"], b"");
        assert_eq!(forced.code, 0, "{project}: {}", forced.stderr);
        let rewritten = std::fs::read_to_string(root.join("pyproject.toml")).unwrap();
        assert!(
            rewritten == written,
            "{project}: --force changed it: {rewritten}"
        );
        let f = common::run_in(root, &["feature", "pet_profile"], b"");
        // A project pinned to Pydantic 1 is refused by `feature` whatever its layout.
        let pins = petsage_build::pydantic_pin::detect(root).unwrap_or_default();
        let pinned_v1 = petsage_build::pydantic_pin::decide(&pins).is_some_and(|p| p.major == 1);
        let want = if pinned_v1 { 2 } else { 0 };
        assert_eq!(f.code, want, "{project}: feature: {}{}", f.stdout, f.stderr);
    }
}

/// A project's own session dependency (the full-stack template's `get_db`) is proposed
/// for `session_dependency`; `--write` then makes a config `feature` accepts.
#[test]
fn detect_proposes_the_projects_session_dependency() {
    let project = common::fixture("full_stack");
    let root = project.path();
    std::fs::write(
        root.join("app/api/deps.py"),
        "from collections.abc import Generator\n\nfrom sqlmodel import Session\n\n\n\
         def get_db() -> Generator[Session, None, None]:\n    with Session() as session:\n        \
         yield session\n",
    )
    .unwrap();
    let r = common::run_in(root, &["detect"], b"");
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn feature_without_a_section_points_to_detect() {
    let copy = common::fixture("full_stack");
    let root = copy.path();
    let text = std::fs::read_to_string(root.join("pyproject.toml")).unwrap();
    std::fs::write(root.join("pyproject.toml"), strip_section(&text)).unwrap();
    let before = common::snapshot(root);
    let r = common::run_in(root, &["feature", "pet_profile"], b"");
    r.assert_invalid("run `petsage-build detect` to see the configuration that fits this project");
    assert_eq!(common::snapshot(root), before);
    // A fresh directory with only a pyproject.toml that depends on FastAPI still gets the
    // default layout.
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(
        empty.path().join("pyproject.toml"),
        "[project]\nname = \"x\"\ndependencies = [\"fastapi\"]\n",
    )
    .unwrap();
    let r = common::run_in(empty.path(), &["feature", "smoke_test"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn nothing_found_is_exit_1_with_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("pyproject.toml"), "[project]\nname = \"x\"\n").unwrap();
    std::fs::create_dir(root.join("lib")).unwrap();
    std::fs::write(root.join("lib/__init__.py"), "x = 1\n").unwrap();
    let r = common::run_in(root, &["detect"], b"");
    let w = common::run_in(root, &["detect", "--write"], b"");
    insta::assert_snapshot!(common::transcripts(&[&r, &w]));
    assert_eq!(
        std::fs::read_to_string(root.join("pyproject.toml")).unwrap(),
        "[project]\nname = \"x\"\n"
    );
}

#[test]
fn write_keeps_crlf_and_a_missing_final_newline() {
    let copy = common::fixture("full_stack");
    let root = copy.path();
    let text = strip_section(&std::fs::read_to_string(root.join("pyproject.toml")).unwrap());
    let crlf = text.trim_end().replace('\n', "\r\n");
    std::fs::write(root.join("pyproject.toml"), &crlf).unwrap();
    let r = common::run_in(root, &["detect", "--write"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let written = std::fs::read_to_string(root.join("pyproject.toml")).unwrap();
    assert!(
        written.starts_with(&format!("{crlf}\r\n\r\n# Found by")),
        "{written:?}"
    );
    assert!(!written.replace("\r\n", "").contains('\n'), "{written:?}");
}

/// SPEC §11b: the app of a FastAPI subclass (defined in another module, held in an
/// annotated assignment), an aggregator imported inside the function that mounts it, and
/// singular directory names (`endpoint/`, `schema/`, `service/`).
#[test]
fn detect_finds_subclass_apps_local_imports_and_singular_dirs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let put = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    put(
        "pyproject.toml",
        "[project]\nname = \"x\"\nversion = \"0\"\ndependencies = [\"fastapi\", \"pydantic>=2\"]\n",
    );
    for init in [
        "app",
        "app/core",
        "app/endpoint",
        "app/schema",
        "app/service",
    ] {
        put(&format!("{init}/__init__.py"), "");
    }
    put(
        "app/core/api.py",
        "import fastapi\n\n\nclass BaseAPI(fastapi.FastAPI):\n    pass\n\n\nclass MyAPI(BaseAPI):\n    pass\n",
    );
    put(
        "app/main.py",
        "from app.core.api import MyAPI\n\napp: MyAPI = MyAPI(title=\"x\")\n\n\ndef setup() -> None:\n    from app.api import api_router\n\n    app.include_router(api_router)\n\n\nsetup()\n",
    );
    put(
        "app/api.py",
        "from fastapi import APIRouter\n\nfrom app.endpoint import items, users\n\napi_router = APIRouter()\napi_router.include_router(items.router)\napi_router.include_router(users.router)\n",
    );
    let module = "from fastapi import APIRouter\n\nrouter = APIRouter()\n";
    put("app/endpoint/items.py", module);
    put("app/endpoint/users.py", module);
    put("app/schema/items.py", "X = 1\n");
    put("app/service/items.py", "X = 1\n");
    let r = common::run_in(root, &["detect"], b"");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // And the annotated plain form: `app: FastAPI = FastAPI()`.
    put(
        "app/main.py",
        "from fastapi import FastAPI\n\nfrom app.api import api_router\n\napp: FastAPI = FastAPI()\napp.include_router(api_router)\n",
    );
    let annotated = common::run_in(root, &["detect"], b"");
    assert_eq!(annotated.code, 0, "{}", annotated.stderr);
    insta::assert_snapshot!(common::transcripts(&[&r, &annotated]));
}

/// SPEC §11b: detect reports the project's database code: its model base (a SQLModel
/// class table models derive from), a session generator that does not declare its type
/// (named, not proposed), and its Alembic config anywhere in the tree.
#[test]
fn detect_reports_the_projects_database_code() {
    let project = common::fixture("full_stack");
    let root = project.path();
    let put = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    put(
        "backend/alembic.ini",
        "[alembic]\nscript_location = migrations\n",
    );
    put(
        "app/db/session.py",
        "from sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker\n\nengine = create_engine(\"sqlite://\")\nSessionLocal = sessionmaker(bind=engine)\n\n\ndef get_db():\n    db = SessionLocal()\n    try:\n        yield db\n    finally:\n        db.close()\n",
    );
    put(
        "app/models/base.py",
        "from sqlmodel import Field, SQLModel\n\n\nclass Base(SQLModel):\n    pass\n\n\nclass Item(Base, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n",
    );
    let r = common::run_in(root, &["detect"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.transcript());
}

/// A cache directory (CACHEDIR.TAG, as cargo's `target/` has) is not the project's code:
/// an app in it is not the project's app.
#[test]
fn cache_directories_are_not_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("pyproject.toml"), "[project]\nname = \"x\"\n").unwrap();
    let scratch = root.join("target/tmp/project/app");
    std::fs::create_dir_all(&scratch).unwrap();
    std::fs::write(
        root.join("target/CACHEDIR.TAG"),
        "Signature: 8a477f597d28d172789f06886806bc55\n",
    )
    .unwrap();
    std::fs::write(scratch.join("__init__.py"), "").unwrap();
    std::fs::write(
        scratch.join("main.py"),
        "from fastapi import FastAPI\n\napp = FastAPI()\n",
    )
    .unwrap();
    let r = common::run_in(root, &["detect"], b"");
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(!r.stdout.contains("target/"), "{}", r.stdout);
    // Without the tag it is scanned like any directory.
    std::fs::remove_file(root.join("target/CACHEDIR.TAG")).unwrap();
    let r = common::run_in(root, &["detect"], b"");
    assert!(
        r.stdout.contains("target/tmp/project/app/main.py"),
        "{}",
        r.stdout
    );
}
