//! Where a resource's table model goes (SPEC §13): a models module of its own by default,
//! the schema module where the layout puts models and schemas in one package, and the
//! schema module too where a models package would hide the project's `models.py`.

use crate::common;

use std::fs;

use common::{run_in, snapshot};

const THINGS: &str = "feature: things\ndescription: T.\nkind: resource\nmodel:\n  name: Thing\n  \
     fields:\n    - {name: label, type: str, example: a, max_length: 20, unique: true}\n";

/// Generates `things` in a fresh project set up by `setup`; the run's stdout and the
/// project's directory.
fn things(mut setup: impl FnMut(&std::path::Path)) -> (tempfile::TempDir, common::Run) {
    // Without migrations: the models package is the first resource's to create.
    let p = common::project_without_migrations();
    setup(p.path());
    let req = p.path().join("things.yaml");
    fs::write(&req, THINGS).unwrap();
    let r = run_in(p.path(), &["feature", "--request", "things.yaml"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    fs::remove_file(req).unwrap();
    (p, r)
}

fn config(dir: &std::path::Path, lines: &str) {
    let path = dir.join("pyproject.toml");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(&format!("\n[tool.petsage-build]\n{lines}\n"));
    fs::write(path, text).unwrap();
}

fn read(dir: &std::path::Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap_or_default()
}

const SCHEMA: &str = "petsage/api/v1/schemas/things.py";

#[test]
fn the_table_model_has_a_module_of_its_own() {
    let (p, _) = things(|_| {});
    let model = read(p.path(), "petsage/models/things.py");
    // The columns as stored: the length and the unique index, not the API's checks.
    assert!(
        model.contains("class Thing(SQLModel, table=True):"),
        "{model}"
    );
    assert!(
        model.contains("max_length=20,\n        unique=True,"),
        "{model}"
    );
    let schema = read(p.path(), SCHEMA);
    assert!(
        !schema.contains("table=True") && !schema.contains("unique"),
        "{schema}"
    );
    let service = read(p.path(), "petsage/services/things_service.py");
    assert!(
        service.contains("from petsage.models.things import Thing"),
        "{service}"
    );
    assert_eq!(read(p.path(), "petsage/models/__init__.py"), "");
    // `remove` gives the tree back, the models package included.
    let r = run_in(p.path(), &["remove", "things"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!p.path().join("petsage/models").exists());
}

#[test]
fn models_and_schemas_in_one_package_keep_the_table_in_the_schema_module() {
    for lines in [
        "models_dir = \"petsage/api/v1/schemas\"",
        "model = \"petsage/api/v1/schemas/{name}.py\"",
    ] {
        let (p, _) = things(|d| config(d, lines));
        assert!(!p.path().join("petsage/models").exists(), "{lines}");
        let schema = read(p.path(), SCHEMA);
        assert!(
            schema.contains("class Thing(ThingBase, table=True):"),
            "{lines}"
        );
    }
}

#[test]
fn a_pattern_puts_the_table_where_it_says() {
    let (p, _) = things(|d| config(d, "model = \"petsage/db_models/{name}_table.py\""));
    let model = read(p.path(), "petsage/db_models/things_table.py");
    assert!(
        model.contains("class Thing(SQLModel, table=True):"),
        "{model}"
    );
    let endpoint = read(p.path(), "petsage/api/v1/endpoints/things.py");
    assert!(endpoint.contains("from petsage.db_models.things_table import Thing"));
}

/// `petsage/models.py` is the project's: a package `petsage/models/` would hide it from
/// every import. The table stays in the schema module, and the run says why.
#[test]
fn a_models_package_never_hides_a_models_module() {
    let ours = "class Owner:\n    pass\n";
    let mut before = Default::default();
    let (p, r) = things(|d| {
        fs::write(d.join("petsage/models.py"), ours).unwrap();
        before = snapshot(d);
    });
    assert!(
        r.stderr
            .contains("a models package there would hide the project's petsage/models.py"),
        "{}",
        r.stderr
    );
    assert_eq!(read(p.path(), "petsage/models.py"), ours);
    assert!(!p.path().join("petsage/models").exists());
    assert!(read(p.path(), SCHEMA).contains("table=True"));
    let r = run_in(p.path(), &["remove", "things"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(snapshot(p.path()), before);
}
