//! Snapshots of everything the renderer writes, compared byte for byte with
//! `tests/golden/<case>/`; `UPDATE_GOLDEN=1 cargo test --test it golden` rewrites them (then
//! review the diff by eye).
//!
//! `python_tools_accept_the_generated_project` builds one project with every case and a
//! batch of generated stress requests (long names, every type, inputs and a resource), and
//! runs `scripts/pycheck` on it (pytest -W error, ruff check, ruff format --check, mypy
//! --strict).

use crate::common::hostile;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use petsage_build::layout::Layout;
use petsage_build::render::{ProjectSetup, RenderedFile, Renderer};
use petsage_build::request::{self, Feature};
use serde_yaml::{Mapping, Value};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Compares `files` with the snapshots under `tests/golden/<case>/` (or rewrites them).
fn check_snapshots(case: &str, files: &[RenderedFile]) {
    let dir = golden_dir().join(case);
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for f in files {
        let path = dir.join(&f.path);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &f.contents).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == f.contents => {}
            Ok(want) => stale.push(format!(
                "{}\n{}",
                f.path,
                first_difference(&want, &f.contents)
            )),
            Err(e) => stale.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(
        stale.is_empty(),
        "snapshots differ (UPDATE_GOLDEN=1 rewrites them):\n{}",
        stale.join("\n")
    );
}

fn first_difference(want: &str, got: &str) -> String {
    for (n, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        if w != g {
            return format!("  line {}:\n  want: {w}\n  got:  {g}", n + 1);
        }
    }
    format!(
        "  lengths differ: want {} lines, got {}",
        want.lines().count(),
        got.lines().count()
    )
}

/// A request built in code, also kept next to the snapshots (`request.json`) for review.
fn feature_from(case: &str, doc: &Value) -> Feature {
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        let dir = golden_dir().join(case);
        std::fs::create_dir_all(&dir).unwrap();
        // JSON (which is YAML) so that invisible characters can be shown as escapes.
        let json: String = serde_json::to_string_pretty(doc)
            .unwrap()
            .chars()
            .map(|c| match c {
                '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' => {
                    format!("\\u{:04x}", c as u32)
                }
                c => c.to_string(),
            })
            .collect();
        std::fs::write(dir.join("request.json"), json + "\n").unwrap();
    }
    parse_feature(case, doc)
}

fn parse_feature(case: &str, doc: &Value) -> Feature {
    let text = serde_yaml::to_string(doc).unwrap();
    request::parse_yaml(&text)
        .unwrap_or_else(|e| panic!("{case}: {e:#}"))
        .resolve()
        .unwrap()
}

fn map(entries: &[(&str, Value)]) -> Value {
    let mut m = Mapping::new();
    for (k, v) in entries {
        m.insert(Value::from(*k), v.clone());
    }
    Value::Mapping(m)
}

fn s(text: &str) -> Value {
    Value::from(text)
}

fn list(items: &[Value]) -> Value {
    Value::Sequence(items.to_vec())
}

fn field(name: &str, ty: &str, example: Value, description: Option<&str>) -> Value {
    let mut entries = vec![("name", s(name)), ("type", s(ty)), ("example", example)];
    if let Some(d) = description {
        entries.push(("description", s(d)));
    }
    map(&entries)
}

fn smoke_test() -> Feature {
    request::preset("smoke_test").unwrap().resolve().unwrap()
}

/// Every field type, every optional part given.
fn every_type() -> Value {
    map(&[
        ("feature", s("adopt_pet")),
        (
            "description",
            s(
                "Adopt a pet from the shelter. Records who adopted which pet, when, and \
               what it cost, so that the shelter can follow up with the new family.",
            ),
        ),
        (
            "requirements",
            list(&[
                s("The pet must be available for adoption."),
                s(
                    "The adopter must be at least 18 years old and provide a valid address \
                   that the shelter can visit before the adoption is final.",
                ),
            ]),
        ),
        (
            "endpoint",
            map(&[
                ("method", s("POST")),
                ("path", s("/pets/adopt")),
                ("tags", list(&[s("Pets"), s("Adoption")])),
                ("summary", s("Adopt a pet")),
            ]),
        ),
        (
            "response",
            map(&[
                ("model", s("AdoptionResult")),
                (
                    "fields",
                    list(&[
                        field("pet_name", "str", s("Rex"), Some("The adopted pet's name.")),
                        field("age_months", "int", Value::from(14), Some("Age in months.")),
                        field(
                            "fee",
                            "float",
                            Value::from(49.5),
                            Some("Adoption fee in EUR."),
                        ),
                        field("whole_fee", "float", Value::from(50), None),
                        field("vaccinated", "bool", Value::from(true), None),
                        field(
                            "traits",
                            "list[str]",
                            list(&[s("friendly"), s("house-trained")]),
                            Some("Notable traits."),
                        ),
                        field(
                            "kennel_ids",
                            "list[int]",
                            list(&[Value::from(3), Value::from(14), Value::from(15)]),
                            None,
                        ),
                        field("chip_id", "int | None", Value::Null, Some("No chip yet.")),
                        field("nickname", "str | None", s("Rexy"), None),
                        field("weight_kg", "float | None", Value::from(12.25), None),
                        field("neutered", "bool | None", Value::Null, None),
                        field("notes", "list[str] | None", list(&[]), None),
                        field(
                            "siblings",
                            "list[int] | None",
                            list(&[Value::from(-1), Value::from(9_007_199_254_740_993_i64)]),
                            None,
                        ),
                    ]),
                ),
            ]),
        ),
    ])
}

/// Text that tries to break out of every place it lands in.
fn hostile() -> Value {
    let nasty = "\"\"\" ''' \\ {{ x }} {% if y %} \"); import os; os.system(\"x";
    let long = format!(
        "{} {}",
        "Très «long» texte — 日本語のテキスト, \"quoted\", 'single', back\\slash; ".repeat(24),
        "fin\\"
    );
    let long: String = long.chars().take(2000).collect();
    map(&[
        ("feature", s("hostile_input")),
        (
            "description",
            s(&format!(
                "\"Starts with a quote\n\n{nasty}\n# heading? | table | <b>html</b>\n\
                 - list [link](http://x) `code` *em* _u_ ~~s~~ $math$ &amp;\n\ttabbed\r\
                 {}\\\n\n\n{long}",
                "y".repeat(150)
            )),
        ),
        (
            "requirements",
            list(&[
                s(nasty),
                s("ends with a backslash \\"),
                s("\"\"\"\"\"\""),
                s(&long),
            ]),
        ),
        (
            "endpoint",
            map(&[
                ("method", s("DELETE")),
                ("path", s("/hostile/input-x_y.z~")),
                ("tags", list(&[s(nasty), s("'quoted tag'"), s("日本")])),
                ("summary", s(&format!("{nasty} {}", "summary ".repeat(12)))),
            ]),
        ),
        (
            "response",
            map(&[(
                "fields",
                list(&[
                    field("status", "str", s(nasty), Some(nasty)),
                    field(
                        "trailing",
                        "str",
                        s("backslash at the end \\"),
                        Some("\"q\""),
                    ),
                    field("quote_edges", "str", s("'both ends'"), Some("'")),
                    field(
                        "multi_line",
                        "str",
                        s("line one\nline two\r\n\ttabbed"),
                        None,
                    ),
                    field(
                        "very_long",
                        "str",
                        s(&long),
                        Some(&"A very long description of a field. ".repeat(5)),
                    ),
                    field("unbroken", "str", s(&"x".repeat(300)), None),
                    field("wide", "str", s(&"日".repeat(37)), None),
                    field("emoji", "str", s(&"😀".repeat(37)), None),
                    field(
                        "escapes",
                        "list[str]",
                        list(&[
                            s("\u{202e}bidi\u{200b}zero-width\u{2028}sep"),
                            s(&"\\n is not a newline ".repeat(6)),
                            s(""),
                        ]),
                        Some("Invisible characters stay visible as escapes."),
                    ),
                    field("none_text", "str | None", Value::Null, Some("{{ none }}")),
                ]),
            )]),
        ),
    ])
}

/// The files of each snapshot case, as the renderer makes them now; `with_request`: the
/// case also keeps its request (`request.json`).
fn smoke_test_files() -> Vec<RenderedFile> {
    Renderer::new()
        .unwrap()
        .feature(&smoke_test(), &Layout::default())
        .unwrap()
}

fn every_type_files() -> Vec<RenderedFile> {
    let feature = feature_from("every_type", &every_type());
    Renderer::new()
        .unwrap()
        .feature(&feature, &Layout::default())
        .unwrap()
}

fn hostile_files() -> Vec<RenderedFile> {
    let feature = feature_from("hostile", &hostile());
    Renderer::new()
        .unwrap()
        .feature(&feature, &Layout::default())
        .unwrap()
}

/// A request from `examples/`, rendered with the default layout.
fn example_files(file: &str) -> Vec<RenderedFile> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    yaml_files(&text)
}

/// A request's YAML, rendered with the default layout.
fn yaml_files(text: &str) -> Vec<RenderedFile> {
    let feature = request::parse_yaml(text).unwrap().resolve().unwrap();
    Renderer::new()
        .unwrap()
        .feature(&feature, &Layout::default())
        .unwrap()
}

/// A list response, typed query parameters (defaults, `| None`, a list of literals) and
/// two errors; a DELETE without a response (204) and a uuid path parameter; a PUT whose
/// body has defaults.
const LIST_VISITS: &str = "tests/fixtures/requests/list_visits.yaml";
const CANCEL_VISIT: &str = "tests/fixtures/requests/cancel_visit.yaml";
const REPLACE_NOTE: &str = "tests/fixtures/requests/replace_note.yaml";

/// An endpoint with a body, path and query parameters, typed fields and an error.
fn pet_visits_files() -> Vec<RenderedFile> {
    example_files("examples/pet_visits.yaml")
}

/// A resource (`kind: resource`): the stored model, its schemas and five routes.
/// The resource's five files, and the errors module the first resource writes.
fn pets_files() -> Vec<RenderedFile> {
    let layout = Layout::default();
    let mut files = example_files("examples/pets.yaml");
    files.push(RenderedFile {
        path: layout.errors_module(),
        contents: Renderer::new().unwrap().errors_module(&layout).unwrap(),
    });
    files
}

/// A resource nested under `pets` (`resource.parent`), as the tool writes it in a
/// project that has `pets`: the parent is found through the project's records, so the
/// files come from a run of the binary, not from the renderer alone.
fn vaccinations_files() -> Vec<RenderedFile> {
    let dir = crate::common::project();
    for file in ["examples/pets.yaml", "examples/vaccinations.yaml"] {
        let path = crate::common::repo_file(file);
        let r = crate::common::run_in(
            dir.path(),
            &["feature", "--request", path.to_str().unwrap()],
            b"",
        );
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
    }
    let layout = Layout::default();
    let files = layout.files_for("vaccinations");
    [
        files.model.unwrap(),
        files.schema,
        files.service,
        files.endpoint,
        files.test,
        files.doc,
    ]
    .into_iter()
    .map(|path| RenderedFile {
        contents: std::fs::read_to_string(dir.path().join(&path)).unwrap(),
        path,
    })
    .collect()
}

/// What `init` sets up by default.
const MIGRATED: ProjectSetup = ProjectSetup {
    migrations: true,
    auth: false,
};

fn init_auth_files() -> Vec<RenderedFile> {
    let setup = ProjectSetup {
        migrations: true,
        auth: true,
    };
    Renderer::new()
        .unwrap()
        .project("my-backend", &Layout::default(), setup)
        .unwrap()
}

fn init_files() -> Vec<RenderedFile> {
    Renderer::new()
        .unwrap()
        .project("my-backend", &Layout::default(), MIGRATED)
        .unwrap()
}

/// Every case: (directory, files, with_request).
fn snapshot_cases() -> Vec<(&'static str, Vec<RenderedFile>, bool)> {
    vec![
        ("smoke_test", smoke_test_files(), false),
        ("every_type", every_type_files(), true),
        ("hostile", hostile_files(), true),
        ("init", init_files(), false),
        ("init_auth", init_auth_files(), false),
        ("pet_visits", pet_visits_files(), false),
        ("pets", pets_files(), false),
        ("vaccinations", vaccinations_files(), false),
        ("list_visits", example_files(LIST_VISITS), false),
        ("cancel_visit", example_files(CANCEL_VISIT), false),
        ("replace_note", example_files(REPLACE_NOTE), false),
        ("hostile_inputs", yaml_files(hostile::HOSTILE_INPUTS), false),
        (
            "hostile_resource",
            yaml_files(hostile::HOSTILE_RESOURCE),
            false,
        ),
    ]
}

/// A snapshot no case produces any more (a renamed template, a removed case) is stale
/// review material: it fails the run (`UPDATE_GOLDEN=1` deletes it).
#[test]
fn every_snapshot_file_is_produced_by_a_case() {
    let mut produced = std::collections::BTreeSet::new();
    for (case, files, with_request) in snapshot_cases() {
        for f in &files {
            produced.insert(Path::new(case).join(&f.path));
        }
        if with_request {
            produced.insert(Path::new(case).join("request.json"));
        }
    }
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut orphans = Vec::new();
    for entry in walkdir::WalkDir::new(golden_dir()) {
        let entry = entry.unwrap();
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(golden_dir())
            .unwrap()
            .to_path_buf();
        if produced.contains(&rel) {
            continue;
        }
        if update {
            std::fs::remove_file(entry.path()).unwrap();
        } else {
            orphans.push(rel.display().to_string());
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshot files no case produces (UPDATE_GOLDEN=1 deletes them):\n{}",
        orphans.join("\n")
    );
    assert!(produced.len() >= 20, "{produced:?}");
}

#[test]
fn smoke_test_feature() {
    let files = smoke_test_files();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "petsage/api/v1/schemas/smoke_test.py",
            "petsage/services/smoke_test_service.py",
            "petsage/api/v1/endpoints/smoke_test.py",
            "petsage/tests/test_api/test_v1/test_smoke_test.py",
            "petsage/feature_docs/smoke_test.md",
        ]
    );
    check_snapshots("smoke_test", &files);
}

#[test]
fn every_type_feature() {
    let files = every_type_files();
    check_snapshots("every_type", &files);
}

#[test]
fn endpoint_with_inputs() {
    check_snapshots("pet_visits", &pet_visits_files());
}

#[test]
fn resource() {
    check_snapshots("pets", &pets_files());
}

#[test]
fn nested_resource() {
    check_snapshots("vaccinations", &vaccinations_files());
}

#[test]
fn more_inputs() {
    for (case, file) in [
        ("list_visits", LIST_VISITS),
        ("cancel_visit", CANCEL_VISIT),
        ("replace_note", REPLACE_NOTE),
    ] {
        check_snapshots(case, &example_files(file));
    }
}

#[test]
fn hostile_feature() {
    let files = hostile_files();
    for f in &files {
        for (n, line) in f.contents.lines().enumerate() {
            if f.path.ends_with(".py") {
                // ASCII-only lines can be measured exactly here.
                assert!(
                    !line.is_ascii() || line.len() <= 88,
                    "{}:{}: {} columns",
                    f.path,
                    n + 1,
                    line.len()
                );
            }
        }
    }
    check_snapshots("hostile", &files);
}

/// The hostile requests of `tests/common/hostile.rs` (an endpoint with every input, a
/// resource): every request text stays inside a literal or docstring (the e2e test runs
/// them through the Python tools).
#[test]
fn hostile_inputs_and_resource() {
    for (case, yaml) in [
        ("hostile_inputs", hostile::HOSTILE_INPUTS),
        ("hostile_resource", hostile::HOSTILE_RESOURCE),
    ] {
        let files = yaml_files(yaml);
        // Tera rendered no request text: `{{ 7*7 }}` is kept as written, never 49.
        assert!(
            files.iter().any(|f| f.contents.contains("{{ 7*7 }}")),
            "{case}"
        );
        for f in &files {
            assert!(
                !f.contents.contains("49"),
                "{}: Tera evaluated request text",
                f.path
            );
        }
        check_snapshots(case, &files);
    }
}

#[test]
fn init_project() {
    let files = init_files();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "pyproject.toml",
            "README.md",
            "petsage/main.py",
            "petsage/api/v1/api.py",
            "petsage/db.py",
            ".gitignore",
            "migrations/env.py",
            "migrations/script.py.mako",
            "petsage/models/__init__.py",
        ]
    );
    check_snapshots("init", &files);
}

/// `init --auth` (SPEC §15): the users, login and `CurrentUser` files, the user table's
/// revision, and the configuration that names the user model and `current_user`.
#[test]
fn init_auth_project() {
    let files = init_auth_files();
    let plain: Vec<String> = init_files().into_iter().map(|f| f.path).collect();
    let added: Vec<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| !plain.iter().any(|q| q == p))
        .collect();
    assert_eq!(
        added,
        [
            "petsage/models/user.py",
            "petsage/security.py",
            "petsage/api/deps.py",
            "petsage/api/v1/schemas/users.py",
            "petsage/api/v1/endpoints/login.py",
            "petsage/api/v1/endpoints/users.py",
            "petsage/services/users_service.py",
            "petsage/users.py",
            "petsage/tests/test_api/test_v1/test_auth.py",
            "petsage/tests/test_api/test_v1/test_security.py",
            "migrations/versions/7f236ee37377_users.py",
        ]
    );
    let pyproject = &files[0].contents;
    let config = petsage_build::config::Config::parse(pyproject).unwrap();
    let user_model = config.layout.auth.user_model.unwrap();
    assert_eq!(
        (user_model.module.as_str(), user_model.name.as_str()),
        ("petsage.models.user", "User")
    );
    assert_eq!(
        config.layout.auth.dependencies["current_user"].module,
        "petsage.api.deps"
    );
    // No secret in the code: it comes from the environment only (the tests set their own).
    for f in files.iter().filter(|f| !f.path.contains("/tests/")) {
        assert!(!f.contents.contains("SECRET_KEY ="), "{}", f.path);
        assert!(!f.contents.contains("SECRET_KEY\", \""), "{}", f.path);
    }
    check_snapshots("init_auth", &files);
}

#[test]
fn fresh_modules_match_init() {
    let renderer = Renderer::new().unwrap();
    let layout = Layout::default();
    // Without migrations, main creates the tables as a fresh one does.
    let files = renderer
        .project("x", &layout, ProjectSetup::default())
        .unwrap();
    let get = |p: &str| &files.iter().find(|f| f.path == p).unwrap().contents;
    assert_eq!(
        &renderer.main_module(&layout, true).unwrap(),
        get("petsage/main.py")
    );
    assert_eq!(
        &renderer.aggregator(&layout).unwrap(),
        get("petsage/api/v1/api.py")
    );
    assert!(
        get("petsage/main.py").contains("app.include_router(api_v1_router, prefix=\"/api/v1\")\n")
    );
}

#[test]
fn other_layouts_render() {
    let layout = Layout {
        package: "app".into(),
        aggregator: "app/api/main.py".into(),
        router_var: "api_router".into(),
        main: "app/main.py".into(),
        endpoints_dir: "app/api/routes".into(),
        schemas_dir: "app/models".into(),
        services_dir: "app/crud".into(),
        tests_dir: "app/tests/api".into(),
        docs_dir: "docs/features".into(),
        ..Layout::default()
    };
    let renderer = Renderer::new().unwrap();
    let files = renderer.feature(&smoke_test(), &layout).unwrap();
    assert_eq!(files[0].path, "app/models/smoke_test.py");
    assert!(
        files[1]
            .contents
            .contains("from app.models.smoke_test import SmokeTestResponse\n")
    );
    assert!(files[3].contents.contains("from app.main import app\n"));
    let main = renderer.main_module(&layout, false).unwrap();
    assert!(main.contains("from app.api.main import api_router\n"));
    // Without a database module, main neither imports one nor has a lifespan.
    assert!(
        !main.contains("lifespan") && !main.contains("db import"),
        "{main}"
    );
    let pyproject = &renderer.project("x", &layout, MIGRATED).unwrap()[0].contents;
    assert!(pyproject.contains("testpaths = [\"app/tests\"]"));
}

#[test]
fn templates_can_be_replaced_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("feature")).unwrap();
    std::fs::write(
        dir.path().join("feature/doc.md.tera"),
        "# {{ feature.title }}\n\n{{ feature.description | md }}\n",
    )
    .unwrap();
    let renderer = Renderer::with_templates(dir.path()).unwrap();
    let files = renderer.feature(&smoke_test(), &Layout::default()).unwrap();
    assert_eq!(
        files[4].contents,
        "# Smoke Test\n\nEnsure builder functional\n"
    );
    // The others fall back to the built-ins.
    let builtin = Renderer::new().unwrap();
    let want = builtin.feature(&smoke_test(), &Layout::default()).unwrap();
    assert_eq!(files[..4], want[..4]);

    // A docstring value that shares its line cannot be laid out: an error, not a panic.
    std::fs::write(
        dir.path().join("feature/schema.py.tera"),
        "\"\"\"{{ feature.description | py_doc }}\"\"\"\n",
    )
    .unwrap();
    let renderer = Renderer::with_templates(dir.path()).unwrap();
    let err = renderer
        .feature(&smoke_test(), &Layout::default())
        .unwrap_err();
    assert!(format!("{err:#}").contains("alone on its line"), "{err:#}");
    // A template that does not parse is refused when the renderer is made.
    std::fs::write(dir.path().join("feature/test.py.tera"), "{% if %}").unwrap();
    let err = Renderer::with_templates(dir.path()).err().unwrap();
    assert!(format!("{err:#}").contains("test.py.tera"), "{err:#}");
}

#[test]
fn request_text_only_passes_through_escaping_filters() {
    // Values a template may print raw: identifiers made in `context.rs`, never free text.
    const RAW: &[&str] = &[
        // A revision (SPEC §14): ids, table names and code built from identifiers.
        "r.title",
        "r.id",
        "r.down",
        "r.sqltypes",
        "r.upgrade",
        "r.upgrade_doc",
        "r.downgrade",
        "r.downgrade_doc",
        "r.downgrade -",
        // References (SPEC §13): identifiers of the project's own features and models.
        "x.relation",
        "x.model",
        "x.field",
        "x.feature",
        "x.table",
        "x.on_delete",
        "x.on_delete_words",
        "x.parent_delete",
        "x.parent_id_param",
        // A parent (SPEC §13): its column, types and model, identifiers too.
        "pr.field",
        "pr.model",
        "pr.py_type",
        "pr.param",
        "r.parent.field",
        "r.parent.model",
        "r.parent.py_type",
        "r.parent.column.name",
        "r.parent.column.py_type",
        "row.model",
        "feature.title",
        "feature.model",
        "feature.snake",
        "feature.method",
        "feature.method_lower",
        "feature.service_function",
        "feature.endpoint_function",
        "feature.test_function",
        "field.name",
        "field.py_type",
        "c.name",
        "c.py_type",
        "c.sa_type",
        "k.key",
        "field.api_type",
        "layout.modules.schema",
        "layout.modules.models",
        "layout.modules.endpoints",
        "layout.modules.schemas",
        "layout.modules.services",
        "layout.modules.db",
        "layout.api_prefix",
        "m",
        "layout.modules.main",
        "layout.app_var",
        "layout.router_var",
        "layout.api_version",
        "l.name",
        "r.model_base",
        "r.model | lower",
        "p.location",
        "layout.package",
        "layout.files.db",
        "layout.db_depth",
        "r.names[op]",
        "r.update_field",
        "r.invalid_field",
        "item",
        "r.names.delete",
        "r.names.update",
        "r.names.replace",
        "r.names.read",
        "r.plural",
        "r.names.list",
        "r.names.create",
        "r.session_dependency",
        "r.id_name",
        "r.singular",
        "r.not_found_error",
        "r.error_body",
        "r.many_public",
        "r.id_type",
        "r.id_param",
        "r.public",
        "name",
        "r.update",
        "r.create",
        "field.sa_type",
        "r.model",
        "r.base",
        "case.status",
        "case.raises",
        "case.function",
        "p.marker",
        "feature.status_code",
        "feature.service_dependency",
        "feature.service_alias",
        "feature.returns",
        "feature.body.model",
        "p.py_type",
        "p.endpoint_type",
        "p.name",
        "feature.service_class",
        "error.status",
        "error.class",
        "schema.role",
        "schema.class",
        // A dotted name of the project's own code, each part checked to be an
        // identifier (`python::sibling_auth`): never request text.
        "o.key",
        // The siblings' own `APIRouter(dependencies=...)`, parsed, each name in it
        // resolved to an import of the project (`plan::sibling_routers`): never request
        // text.
        "feature.router_statement",
        "feature.router_dependencies",
        // The configured current user's callable: a name the project's module defines,
        // read by `python::dependency_form` (`plan::named_dependencies`).
        "feature.auth.key",
        // What a created row takes besides its body, and the list's `.where(...)`:
        // fixed words and column names (`render::context::resource`).
        "entry",
        "r.create_update_line",
        "r.list_where",
        // The owner column (`owner_id`), its type (`int`, `UUID`) and the configured
        // user model's class (read from the project: an identifier).
        "ow.field",
        "ow.py_type",
        "ow.model",
        // The feature's name in PascalCase (`NotesOwner`): an identifier.
        "feature.pascal",
        "r.owner.field",
        "r.owner.model",
        // A test user's column and its value: the user model's column names, and
        // literals of our own (`plan::owner`).
        "v[0]",
        "v[1]",
        // A header parameter's header: letters, digits, - and _ (`request::parts`).
        "p.header",
        "feature.auth.name",
        // A constraint's keyword, from a fixed list (`render::context::views`).
        "c.key",
        // The length of a too-long text in a test (a number).
        "c.repeat",
        // An update field's type alias: the model's and the field's names (identifiers)
        // and `Annotated[<type>, Field(<constraint>=<number>, ...)]`.
        "a.name",
        "a.definition",
        "a.field",
        // `url_for` or the layout's app variable's `url_path_for`.
        "feature.url_for",
        // `del` of the example service's arguments (identifiers), laid out by pyfmt.
        "feature.service_del",
        // The resource's operations in words (from a fixed list).
        "r.ops_summary",
        // The list's query (`render::context::listing`): the model's name with `Query`
        // / `Sort`, field names (identifiers checked against the model), `-` before
        // one, operators from a fixed list, and the SQL terms and row keys made of
        // them; the filter types are the input types the fields have.
        "l.query",
        "r.listing.query",
        "l.sort_alias",
        "l.order[0]",
        "t",
        "o",
        "c.term",
        "c.value",
        "k.key",
        "p.column",
        "p.op",
    ];
    const ESCAPING: &[&str] = &[
        "py_str", "py_value", "py_doc", "md", "md_code", "md_block", "toml_str",
    ];
    for (name, source) in petsage_build::render::BUILTIN_TEMPLATES {
        for expr in source.split("{{").skip(1) {
            let expr = expr.split("}}").next().unwrap().trim();
            if expr.starts_with("py_imports(")
                || expr.starts_with("py_def(")
                || expr.starts_with("py_include(")
            {
                continue;
            }
            let last_filter = expr.rsplit('|').next().unwrap().trim();
            let filter_name = last_filter.split('(').next().unwrap().trim();
            let escaped = expr.contains('|') && ESCAPING.contains(&filter_name);
            assert!(
                escaped || RAW.contains(&expr),
                "{name}: `{{{{ {expr} }}}}` prints a value without an escaping filter"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// The real check with today's Python tools.

/// A small deterministic generator, so that the stress requests are the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn text_in(&mut self, min: usize, spread: usize) -> String {
        let len = min + self.next(spread);
        self.text(len)
    }

    fn text(&mut self, len: usize) -> String {
        const WORDS: &[&str] = &[
            "pet",
            "shelter",
            "adoption",
            "\"quoted\"",
            "'single'",
            "it's",
            "back\\slash",
            "日本語",
            "café",
            "—",
            "{{x}}",
            "{%y%}",
            "\"\"\"",
            "'''",
            "tab\there",
            "x",
            "a-very-long-unbroken-word-that-keeps-going-and-going",
            "😀",
            "\u{202e}",
            "\\n",
            "",
            "Ελληνικά",
            "кириллица",
            "한국어",
            "カタカナ",
            "e\u{301}",
            "€5",
            "«»",
            "ひらがな、",
        ];
        let mut out = String::new();
        while out.chars().count() < len {
            out.push_str(WORDS[self.next(WORDS.len())]);
            out.push(if self.next(9) == 0 { '\n' } else { ' ' });
        }
        let out = out.chars().take(len).collect::<String>().trim().to_string();
        if out.is_empty() { "x".to_string() } else { out }
    }
}

/// Requests whose text lengths fall on and around every line-length boundary.
fn stress_requests() -> Vec<(String, Value)> {
    let mut rng = Lcg(88);
    let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    let mut out = Vec::new();
    for i in 0..12 {
        let mut fields = Vec::new();
        for j in 0..8 {
            let len = 50 + rng.next(60);
            let text = rng.text(len);
            let single_line = text.replace('\n', " ");
            let example = match j % 4 {
                0 => s(&text),
                1 => list(&[s(&rng.text(len / 2)), s(&rng.text(len / 3))]),
                2 => s(&single_line),
                _ => s(&rng.text_in(1, 120)),
            };
            let ty = if j % 4 == 1 { "list[str]" } else { "str" };
            let desc = if j % 3 == 0 {
                None
            } else {
                Some(single_line.as_str())
            };
            fields.push(field(&format!("f{j}"), ty, example, desc));
        }
        let path = format!("/stress/{i}/{}", "p".repeat(rng.next(90)));
        out.push((
            format!("stress_{i}"),
            map(&[
                ("feature", s(&format!("stress_{i}"))),
                ("description", s(&rng.text_in(40, 400))),
                ("requirements", list(&[s(&rng.text_in(1, 200))])),
                (
                    "endpoint",
                    map(&[
                        ("method", s(methods[i % 5])),
                        ("path", s(&path)),
                        ("tags", list(&[s(&rng.text_in(20, 120).replace('\n', " "))])),
                        ("summary", s(&rng.text_in(10, 150).replace('\n', " "))),
                    ]),
                ),
                ("response", map(&[("fields", list(&fields))])),
            ]),
        ));
    }
    // Every length around the line-length boundary of every place a string lands in,
    // in ASCII and with wide characters.
    for (case, unit) in [("boundary_ascii", "ab "), ("boundary_wide", "日本 ")] {
        let mut fields = Vec::new();
        for len in 55..=95 {
            let text: String = unit.chars().cycle().take(len).collect();
            let text = format!("{}.", text.trim());
            fields.push(field(&format!("b{len}"), "str", s(&text), Some(&text)));
            fields.push(field(
                &format!("l{len}"),
                "list[str]",
                list(&[s(&text)]),
                None,
            ));
        }
        out.push((
            case.to_string(),
            map(&[
                ("feature", s(case)),
                ("description", s(&"boundary ".repeat(40))),
                ("response", map(&[("fields", list(&fields))])),
            ]),
        ));
    }
    // The longest names there are: 63 characters, and a 63-character model.
    let long_name = format!("l{}", "ong".repeat(20) + "xy");
    out.push((
        long_name.clone(),
        map(&[
            ("feature", s(&long_name)),
            ("description", s("The longest feature name there is.")),
            (
                "endpoint",
                map(&[
                    ("method", s("PUT")),
                    ("path", s(&format!("/{}", "z".repeat(199)))),
                ]),
            ),
            (
                "response",
                map(&[
                    ("model", s(&format!("M{}", "odel".repeat(15) + "Xy"))),
                    (
                        "fields",
                        list(&[
                            field(&"f".repeat(63), "float | None", Value::from(1e300), None),
                            field(
                                &"g".repeat(63),
                                "list[str] | None",
                                list(&[s("a"), s(&"long example ".repeat(9))]),
                                Some(&"long description ".repeat(9)),
                            ),
                            field(&"h".repeat(58), "list[int] | None", list(&[]), None),
                            field(&"i".repeat(63), "str", s(&"x".repeat(80)), None),
                            field(
                                &"j".repeat(63),
                                "float",
                                Value::from(-2.2250738585072014e-308),
                                None,
                            ),
                        ]),
                    ),
                ]),
            ),
        ]),
    ));
    // Inputs and a resource with long names, long literal types and every typed value.
    let p = |name: &str, within: &str, ty: &str, example: Value, default: Option<Value>| {
        let mut m = vec![
            ("name", s(name)),
            ("in", s(within)),
            ("type", s(ty)),
            ("example", example),
        ];
        if let Some(d) = default {
            m.push(("default", d));
        }
        map(&m)
    };
    let lit = "literal[alpha, beta, gamma, delta, epsilon]";
    out.push((
        "stress_inputs".to_string(),
        map(&[
            ("feature", s("stress_inputs_with_a_rather_long_name")),
            ("description", s(&rng.text_in(40, 300))),
            (
                "endpoint",
                map(&[
                    ("method", s("PATCH")),
                    ("path", s("/stress/{a_path_parameter_with_a_long_name}/x")),
                    (
                        "params",
                        list(&[
                            p(
                                "a_path_parameter_with_a_long_name",
                                "path",
                                "uuid",
                                s("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"),
                                None,
                            ),
                            p(
                                "a_query_parameter_of_a_literal_type",
                                "query",
                                lit,
                                s("gamma"),
                                Some(s("beta")),
                            ),
                            p(
                                "a_query_parameter_of_dates",
                                "query",
                                "list[date] | None",
                                list(&[s("2026-01-31")]),
                                None,
                            ),
                            p(
                                "when",
                                "query",
                                "datetime",
                                s("2026-11-30T23:59:59.999999+14:00"),
                                Some(s("2026-01-01T00:00:00-09:30")),
                            ),
                            p(
                                "amount",
                                "query",
                                "decimal",
                                s("-0.000001"),
                                Some(s("12345678901234567890.5")),
                            ),
                        ]),
                    ),
                    (
                        "errors",
                        list(&[
                            map(&[
                                ("status", Value::from(409)),
                                ("description", s(&rng.text_in(60, 150).replace('\n', " "))),
                            ]),
                            map(&[("status", Value::from(418)), ("description", s("teapot"))]),
                        ]),
                    ),
                ]),
            ),
            (
                "request",
                map(&[(
                    "fields",
                    list(&[
                        field(
                            &"b".repeat(30),
                            lit,
                            s("delta"),
                            Some(&rng.text_in(60, 120).replace('\n', " ")),
                        ),
                        field(
                            "when",
                            "list[datetime]",
                            list(&[s("2026-11-30T10:15:00Z"), s("2026-11-30T10:15:00.5+05:45")]),
                            None,
                        ),
                    ]),
                )]),
            ),
            (
                "response",
                map(&[
                    ("many", Value::from(true)),
                    (
                        "fields",
                        list(&[
                            field(
                                &"r".repeat(60),
                                "list[uuid]",
                                list(&vec![s("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"); 3]),
                                None,
                            ),
                            field(
                                "total",
                                "decimal | None",
                                s("99999999999999999999.99"),
                                None,
                            ),
                        ]),
                    ),
                ]),
            ),
        ]),
    ));
    out.push((
        "stress_resource".to_string(),
        map(&[
            ("feature", s("veterinary_appointment_slots")),
            ("description", s(&rng.text_in(40, 300))),
            ("kind", s("resource")),
            (
                "resource",
                map(&[(
                    "id",
                    map(&[
                        ("name", s("veterinary_appointment_slot_id")),
                        ("type", s("uuid")),
                    ]),
                )]),
            ),
            (
                "model",
                map(&[(
                    "fields",
                    list(&[
                        field(
                            &"c".repeat(24),
                            lit,
                            s("alpha"),
                            Some(&rng.text_in(60, 120).replace('\n', " ")),
                        ),
                        field("starts_at", "datetime", s("2026-11-30T10:15:00Z"), None),
                        field(
                            "notes",
                            "list[str] | None",
                            list(&[s(&rng.text_in(60, 90).replace('\n', " "))]),
                            None,
                        ),
                        field("cost", "float | None", Value::from(12.5), None),
                    ]),
                )]),
            ),
        ]),
    ));
    out
}

/// Writes a project with `features` into `root`: what `init` writes, empty
/// `__init__.py` files, the feature files, and the aggregator wired by hand.
fn write_project(root: &Path, features: &[Feature]) {
    let layout = Layout::default();
    let renderer = Renderer::new().unwrap();
    if root.exists() {
        std::fs::remove_dir_all(root).unwrap();
    }
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    for f in renderer
        .project("pycheck-project", &layout, MIGRATED)
        .unwrap()
    {
        write(&f.path, &f.contents);
    }
    for dir in layout.package_dirs() {
        write(&format!("{dir}/__init__.py"), "");
    }
    // What the first resource adds: the domain errors its services raise.
    write(
        &layout.errors_module(),
        &renderer.errors_module(&layout).unwrap(),
    );
    for feature in features {
        for f in renderer.feature(feature, &layout).unwrap() {
            write(&f.path, &f.contents);
        }
    }
    // What the wiring engine will do, by hand: an exploded import (sorted) and one
    // include per feature after the router is created.
    let mut names: Vec<&str> = features.iter().map(|f| f.name.snake()).collect();
    // isort's natural order: stress_2 before stress_10.
    names.sort_by_key(|n| {
        let digits = n.trim_start_matches(|c: char| !c.is_ascii_digit());
        (
            n.trim_end_matches(|c: char| c.is_ascii_digit()).to_string(),
            digits.parse::<u64>().ok(),
        )
    });
    let mut aggregator = renderer.aggregator(&layout).unwrap();
    let router_line = "api_v1_router = APIRouter()\n";
    let mut import = String::from("from petsage.api.v1.endpoints import (\n");
    for n in &names {
        writeln!(import, "    {n},").unwrap();
    }
    import.push_str(")\n\n");
    let mut includes = String::new();
    for n in &names {
        let line = format!("api_v1_router.include_router({n}.router)");
        if line.len() <= 88 {
            writeln!(includes, "{line}").unwrap();
        } else {
            writeln!(includes, "api_v1_router.include_router(\n    {n}.router\n)").unwrap();
        }
    }
    aggregator = aggregator.replace(router_line, &format!("{import}{router_line}{includes}"));
    assert!(
        aggregator.contains("include_router"),
        "aggregator template changed shape"
    );
    write(&layout.aggregator, &aggregator);
}

#[test]
fn python_tools_accept_the_generated_project() {
    let mut features = vec![
        smoke_test(),
        feature_from("every_type", &every_type()),
        feature_from("hostile", &hostile()),
    ];
    for (case, doc) in stress_requests() {
        features.push(parse_feature(&case, &doc));
    }
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pycheck-project");
    write_project(&root, &features);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pycheck");
    let status = std::process::Command::new("bash")
        .arg(script)
        .arg(&root)
        .status()
        .expect("cannot run scripts/pycheck");
    assert!(
        status.success(),
        "scripts/pycheck failed on {}",
        root.display()
    );
}
