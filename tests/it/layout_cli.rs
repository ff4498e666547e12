//! Other layouts and customisation: the full-stack FastAPI template's layout configured
//! in `[tool.petsage-build]`, every configuration error, and custom templates.

use crate::common;

use std::fs;
use std::path::Path;

use common::{repo_file, run_in, snapshot};

fn full_stack() -> tempfile::TempDir {
    common::fixture("full_stack")
}

fn read(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn full_stack_template_layout_is_served_by_configuration() {
    let dir = full_stack();
    let main_before = read(dir.path(), "app/main.py");
    let r = run_in(dir.path(), &["feature", "smoke_test"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    for rel in [
        "app/schemas/smoke_test.py",
        "app/services/smoke_test_service.py",
        "app/api/routes/smoke_test.py",
        "tests/api/routes/test_smoke_test.py",
        "docs/features/smoke_test.md",
        "app/schemas/__init__.py",
        "app/services/__init__.py",
    ] {
        assert!(dir.path().join(rel).is_file(), "{rel} was not written");
    }
    // The grouped import is joined in order; the include goes after the last top-level
    // include, not into the `if`.
    assert_eq!(
        read(dir.path(), "app/api/main.py"),
        "from fastapi import APIRouter

from app.api.routes import items, login, private, smoke_test, users, utils
from app.core.config import settings

api_router = APIRouter()
api_router.include_router(login.router)
api_router.include_router(users.router)
api_router.include_router(utils.router)
api_router.include_router(items.router)
api_router.include_router(smoke_test.router)


if settings.ENVIRONMENT == \"local\":
    api_router.include_router(private.router)
"
    );
    // Already wired with `prefix=settings.API_V1_STR`: left alone.
    assert_eq!(read(dir.path(), "app/main.py"), main_before);
    let test = read(dir.path(), "tests/api/routes/test_smoke_test.py");
    assert!(test.contains("from app.main import app\n"), "{test}");
    // Prefix-free: the URL comes from the app, whatever settings.API_V1_STR is.
    assert!(
        test.contains("url = app.url_path_for(\"smoke_test_route\")\n"),
        "{test}"
    );
    assert!(!test.contains("/api/v1"), "{test}");
    let schema = read(dir.path(), "app/api/routes/smoke_test.py");
    assert!(
        schema.contains("from app.schemas.smoke_test import"),
        "{schema}"
    );

    // The hand-written routes are not features; the project checks clean.
    let r = run_in(dir.path(), &["check"], b"");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = run_in(dir.path(), &["list"], b"");
    assert_eq!(
        r.stdout,
        "items       hand-written\nlogin       hand-written\nprivate     hand-written\n\
         smoke_test  complete      GET /smoke-test\nusers       hand-written\n\
         utils       hand-written\n"
    );

    // And remove gives the original tree back.
    let r = run_in(dir.path(), &["remove", "smoke_test"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let original = full_stack();
    let mut got = snapshot(dir.path());
    // `__init__.py` files that feature created stay: other modules may import them.
    got.retain(|(p, _)| !p.ends_with("__init__.py") || original.path().join(p).exists());
    assert_eq!(got, snapshot(original.path()));
}

const CONFIG_ERRORS: &[(&str, &str)] = &[
    (
        "pakage = 'app'",
        "unknown key 'pakage' in [tool.petsage-build]",
    ),
    ("pakage = 'app'", "did you mean 'package'?"),
    ("package = 3", "package must be a string, found integer"),
    (
        "endpoint = 'app/views.py'",
        "must contain {name} exactly once",
    ),
    (
        "endpoint = 'app/{name}/{name}.py'",
        "must contain {name} exactly once",
    ),
    ("doc = 'docs/{name}.py'", "must end in .md"),
    (
        "endpoint = 'app/{name}/my-views.py'",
        "is not a Python identifier",
    ),
    (
        "endpoint = '../{name}/views.py'",
        "must be a path inside the project root",
    ),
    (
        "endpoint = 'app/{name}/x.py'\nservice = 'app/{name}/x.py'",
        "the service and the endpoint of a feature would both be",
    ),
    (
        "api_prefix = 'api'",
        "api_prefix = 'api' must be empty or a path",
    ),
    ("api_prefix = '/api/'", "must be empty or a path"),
    ("api_prefix = '/a/../b'", "must be empty or a path"),
    ("api_prefix = '/{a-b}/api'", "must be empty or a path"),
    ("api_prefix = '/{org'", "must be empty or a path"),
    (
        "wire_main = 'no'",
        "wire_main must be true or false, found string",
    ),
    ("package = 'my-app'", "is not a Python identifier"),
    ("router_var = 'class'", "is not a Python identifier"),
    ("api_version = '2'", "is not a Python identifier"),
    (
        "docs_dir = '../docs'",
        "must be a path inside the project root",
    ),
    (
        "aggregator = '/etc/api.py'",
        "must be a path inside the project root",
    ),
    (
        "endpoints_dir = 'app/./routes'",
        "must be a path inside the project root",
    ),
    ("main = 'app/main'", "must name a .py file"),
    (
        "endpoints_dir = 'app/api-v2/routes'",
        "'api-v2' is not a Python identifier",
    ),
    (
        "templates = '../shared'",
        "must be a path inside the project root",
    ),
    ("templates = 'tpl'", "does not exist"),
    // Into `.git` (anywhere, any case) or the records directory (issue 24, class 3).
    (
        "docs_dir = '.git'",
        "docs_dir = '.git' is inside .git or .petsage-build",
    ),
    ("docs_dir = '.git/'", "docs_dir = '.git/' is inside .git"),
    (
        "docs_dir = '.git/hooks'",
        "docs_dir = '.git/hooks' is inside .git",
    ),
    ("docs_dir = '.GIT'", "docs_dir = '.GIT' is inside .git"),
    (
        "docs_dir = 'vendor/lib/.git'",
        "docs_dir = 'vendor/lib/.git' is inside",
    ),
    (
        "tests_dir = '.petsage-build'",
        "tests_dir = '.petsage-build' is inside",
    ),
    (
        "docs_dir = '.petsage-build/docs'",
        "docs_dir = '.petsage-build/docs' is inside",
    ),
    (
        "aggregator = '.git/api.py'",
        "aggregator = '.git/api.py' is inside",
    ),
    (
        "db = '.petsage-build/db.py'",
        "db = '.petsage-build/db.py' is inside",
    ),
    ("doc = '.git/{name}.md'", "doc = '.git/{name}.md' is inside"),
    (
        "doc = '.petsage-build/{name}.md'",
        "doc = '.petsage-build/{name}.md' is inside",
    ),
    ("templates = '.git'", "templates = '.git' is inside"),
    ("import_root = '.git'", "import_root = '.git' is inside"),
];

#[test]
fn every_configuration_error_is_one_line_and_exit_2() {
    for (line, needle) in CONFIG_ERRORS {
        let dir = tempfile::tempdir().unwrap();
        let toml = format!("[project]\nname = \"x\"\n\n[tool.petsage-build]\n{line}\n");
        fs::write(dir.path().join("pyproject.toml"), &toml).unwrap();
        let before = snapshot(dir.path());
        // A missing templates directory matters only to commands that render.
        let commands: &[&[&str]] = if line.starts_with("templates = 'tpl'") {
            &[&["feature", "orders"]]
        } else {
            &[
                &["feature", "orders"],
                &["check"],
                &["list"],
                &["remove", "x"],
            ]
        };
        for args in commands {
            let r = run_in(dir.path(), args, b"");
            r.assert_invalid(needle);
        }
        assert_eq!(snapshot(dir.path()), before, "{line}");
    }
}

#[test]
fn broken_pyproject_and_root_are_refused() {
    let cases: &[(&str, &str)] = &[
        ("[tool.petsage-build\n", "invalid TOML"),
        (
            "[tool]\npetsage-build = 3\n",
            "[tool.petsage-build] must be a table",
        ),
    ];
    for (toml, needle) in cases {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("pyproject.toml"), toml).unwrap();
        run_in(dir.path(), &["feature", "orders"], b"").assert_invalid(needle);
    }
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["feature", "orders"], b"").assert_invalid("no pyproject.toml in");
    run_in(dir.path(), &["--root", "nowhere", "check"], b"").assert_invalid("not a directory");
    assert!(fs::read_dir(dir.path()).unwrap().next().is_none());
}

/// An `init`ed project with the templates exported to `tpl/`, and that run.
fn exported() -> (tempfile::TempDir, common::Run) {
    let dir = common::project();
    let r = run_in(dir.path(), &["templates", "export", "tpl"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    (dir, r)
}

#[test]
fn exported_templates_are_the_built_ins_and_export_is_idempotent() {
    let (dir, export) = exported();
    let r = run_in(dir.path(), &["templates", "list"], b"");
    let names: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(names.len(), 33);
    for name in &names {
        assert_eq!(
            fs::read(dir.path().join("tpl").join(name)).unwrap(),
            fs::read(repo_file("templates").join(name)).unwrap(),
            "{name}"
        );
    }
    // Unmodified: exporting again changes nothing. Edited: refused unless --force.
    let again = run_in(dir.path(), &["templates", "export", "tpl"], b"");
    fs::write(dir.path().join("tpl/feature/doc.md.tera"), "mine\n").unwrap();
    let refused = run_in(dir.path(), &["templates", "export", "tpl"], b"");
    assert_eq!(read(dir.path(), "tpl/feature/doc.md.tera"), "mine\n");
    let forced = run_in(dir.path(), &["templates", "export", "tpl", "--force"], b"");
    assert_ne!(read(dir.path(), "tpl/feature/doc.md.tera"), "mine\n");
    let session = common::transcripts(&[&export, &again, &refused, &forced]);
    insta::assert_snapshot!(session);
}

#[test]
fn one_changed_template_overrides_and_the_rest_fall_back() {
    for via_config in [false, true] {
        let dir = common::project();
        let tpl = dir.path().join("tpl/feature");
        fs::create_dir_all(&tpl).unwrap();
        fs::write(
            tpl.join("doc.md.tera"),
            "# {{ feature.title | md }}\n\nOurs.\n",
        )
        .unwrap();
        let args: &[&str] = if via_config {
            let toml = read(dir.path(), "pyproject.toml");
            fs::write(
                dir.path().join("pyproject.toml"),
                format!("{toml}\n[tool.petsage-build]\ntemplates = \"tpl\"\n"),
            )
            .unwrap();
            &["feature", "smoke_test"]
        } else {
            &["feature", "smoke_test", "--templates", "tpl"]
        };
        let r = run_in(dir.path(), args, b"");
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(
            read(dir.path(), "petsage/feature_docs/smoke_test.md"),
            "# Smoke Test\n\nOurs.\n"
        );
        // Everything else is the built-in output.
        assert_eq!(
            read(dir.path(), "petsage/api/v1/schemas/smoke_test.py"),
            read(
                &repo_file("tests/golden/smoke_test"),
                "petsage/api/v1/schemas/smoke_test.py"
            )
        );
    }
}

#[test]
fn template_errors_name_the_file_line_and_column() {
    let sources = [
        "x = {{ feature.title \n",
        "ok\n{% if %}\n",
        "x = {{ feature.title | nope }}\n",
        "x = {{ feature.nope }}\n",
    ];
    let (dir, _) = exported();
    let mut session = Vec::new();
    for source in sources {
        fs::write(dir.path().join("tpl/feature/schema.py.tera"), source).unwrap();
        let before = snapshot(dir.path());
        let r = run_in(
            dir.path(),
            &["feature", "orders", "--templates", "tpl"],
            b"",
        );
        assert_eq!(snapshot(dir.path()), before);
        session.push(format!("# template: {source:?}\n{}", r.transcript()));
    }
    insta::assert_snapshot!(session.join("\n"));
}

#[test]
fn a_misnamed_template_is_refused_not_ignored() {
    let dir = common::project();
    let tpl = dir.path().join("tpl/feature");
    fs::create_dir_all(&tpl).unwrap();
    fs::write(tpl.join("shema.py.tera"), "x = 1\n").unwrap();
    // Other files (notes, a README) may live beside the templates.
    fs::write(dir.path().join("tpl/README.md"), "ours\n").unwrap();
    let before = snapshot(dir.path());
    let r = run_in(
        dir.path(),
        &["feature", "orders", "--templates", "tpl"],
        b"",
    );
    insta::assert_snapshot!(r.transcript());
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn two_kinds_of_module_in_one_directory_are_refused_at_config_load() {
    for (lines, keys) in [
        (
            "schemas_dir = 'app/api/routes'\nendpoints_dir = 'app/api/routes'",
            "schemas_dir and endpoints_dir",
        ),
        (
            "services_dir = 'app/logic/'\nschemas_dir = 'app/logic'",
            "schemas_dir and services_dir",
        ),
        (
            "tests_dir = 'petsage/services'",
            "services_dir and tests_dir",
        ),
        (
            "endpoints_dir = 'petsage/api/v1/schemas'",
            "schemas_dir and endpoints_dir",
        ),
    ] {
        let dir = common::project();
        let path = dir.path().join("pyproject.toml");
        let toml = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("{toml}\n[tool.petsage-build]\n{lines}\n")).unwrap();
        let before = snapshot(dir.path());
        for args in [&["feature", "orders"][..], &["check"], &["list"]] {
            run_in(dir.path(), args, b"").assert_invalid(keys);
        }
        assert_eq!(snapshot(dir.path()), before, "{lines}");
    }
}

#[test]
fn a_feature_named_like_a_module_of_the_layout_is_refused() {
    let dir = common::project();
    let path = dir.path().join("pyproject.toml");
    let toml = fs::read_to_string(&path).unwrap();
    // Endpoints beside the aggregator, and below the schemas package.
    fs::write(
        &path,
        format!(
            "{toml}\n[tool.petsage-build]\nendpoints_dir = 'petsage/api/v1'\n\
             schemas_dir = 'petsage/api'\n"
        ),
    )
    .unwrap();
    let before = snapshot(dir.path());
    run_in(dir.path(), &["feature", "api"], b"")
        .assert_invalid("its endpoint petsage/api/v1/api.py would be the project's aggregator");
    run_in(dir.path(), &["feature", "v1"], b"")
        .assert_invalid("has the name of the package petsage/api/v1/");
    assert_eq!(snapshot(dir.path()), before);
    let r = run_in(dir.path(), &["feature", "orders"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// A project with `tpl/` exported and configured, `feature/<template>` changed by `edit`.
fn with_template(template: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = common::project();
    let r = run_in(dir.path(), &["templates", "export", "tpl"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let path = dir.path().join("tpl/feature").join(template);
    let source = fs::read_to_string(&path).unwrap();
    fs::write(&path, edit(&source)).unwrap();
    let toml = read(dir.path(), "pyproject.toml");
    fs::write(
        dir.path().join("pyproject.toml"),
        format!("{toml}\n[tool.petsage-build]\ntemplates = \"tpl\"\n"),
    )
    .unwrap();
    dir
}

const INJECTION: &str = "feature: pwn\ndescription: 'x\"\"\" + __import__(\"os\").system(\"id\") + \"\"\" {__import__(1)}'\nrequirements: 'a'' + str(1) + ''b'\n";

#[test]
fn request_text_printed_bare_by_a_template_is_escaped() {
    // In a docstring: escaped, so it stays text; the file is written and parses.
    let dir = with_template("service.py.tera", |s| {
        s.replace(
            "{{ feature.description | py_doc }}",
            "{{ feature.description }}",
        )
    });
    fs::write(dir.path().join("req.yaml"), INJECTION).unwrap();
    let r = run_in(dir.path(), &["feature", "--request", "req.yaml"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let service = read(dir.path(), "petsage/services/pwn_service.py");
    assert!(!service.contains("__import__("), "{service}");
    assert!(
        service.contains("\\x5f\\x5fimport\\x5f\\x5f\\x28"),
        "{service}"
    );
    // In a string literal, an f-string or code: the same escaping; in code it cannot
    // parse, and the file is refused before anything is written.
    for (template, edit) in [
        ("endpoint.py.tera", "X = f\"{{ feature.description }}\"\n"),
        ("endpoint.py.tera", "X = '{{ feature.requirements[0] }}'\n"),
    ] {
        let dir = with_template(template, |s| format!("{s}{edit}"));
        fs::write(dir.path().join("req.yaml"), INJECTION).unwrap();
        let r = run_in(dir.path(), &["feature", "--request", "req.yaml"], b"");
        assert_eq!(r.code, 0, "{edit}: {}", r.stderr);
        let endpoint = read(dir.path(), "petsage/api/v1/endpoints/pwn.py");
        let line = endpoint.lines().find(|l| l.starts_with("X = ")).unwrap();
        assert!(
            !line.contains("str(1)") && !line.contains("__import__("),
            "{line}"
        );
        assert!(line.contains("\\x"), "{line}");
    }
    for edit in [
        "X = {{ feature.description }}\n",
        "{{ feature.summary }}\n",
        "X = {{ feature.tags[0] }}\n",
    ] {
        let dir = with_template("endpoint.py.tera", |s| format!("{s}{edit}"));
        fs::write(dir.path().join("req.yaml"), INJECTION).unwrap();
        let before = snapshot(dir.path());
        run_in(dir.path(), &["feature", "--request", "req.yaml"], b"")
            .assert_invalid("rendered petsage/api/v1/endpoints/pwn.py is not valid Python (line");
        assert_eq!(snapshot(dir.path()), before, "{edit}");
    }
    // Markdown: escaped as text.
    let dir = with_template("doc.md.tera", |s| {
        format!("{s}\n{{{{ feature.description }}}}\n")
    });
    fs::write(
        dir.path().join("req.yaml"),
        "feature: pwn\ndescription: '<script>alert(1)</script> | *x*'\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["feature", "--request", "req.yaml"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = read(dir.path(), "petsage/feature_docs/pwn.md");
    assert_eq!(
        doc.lines().last(),
        Some("\\<script>alert(1)\\</script> \\| \\*x\\*"),
        "{doc}"
    );
}

#[test]
fn the_safe_filter_and_invalid_python_are_refused() {
    let dir = with_template("service.py.tera", |s| {
        s.replace(
            "{{ feature.description | py_doc }}",
            "{{ feature.description | safe }}",
        )
    });
    let before = snapshot(dir.path());
    run_in(dir.path(), &["feature", "pets"], b"").assert_invalid("safe");
    assert_eq!(snapshot(dir.path()), before);
    let dir = with_template("schema.py.tera", |s| format!("{s}\ndef broken(:\n"));
    let before = snapshot(dir.path());
    let r = run_in(dir.path(), &["feature", "pets"], b"");
    r.assert_invalid(
        "feature/schema.py.tera: rendered petsage/api/v1/schemas/pets.py is not valid Python (line",
    );
    assert_eq!(snapshot(dir.path()), before);
}
