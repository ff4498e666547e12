//! Alembic revisions through the binary (SPEC §14), in a project that has an Alembic
//! setup: a resource writes one after the head, generating it again changes nothing,
//! `remove` deletes an unedited head and otherwise writes a revision that drops the
//! table, and a history no revision can follow is refused with nothing written.

use crate::common;

use std::fs;
use std::path::Path;

use common::{files, project, repo_file, run_in, snapshot};

/// A project made by `init`, which sets Alembic up in `[tool.alembic]`.
fn with_alembic() -> tempfile::TempDir {
    project()
}

/// An env.py as a user might write one: every module of the models package imported.
const ENV: &str = "import importlib\nimport pkgutil\n\nimport petsage.models\n\n\
    for m in pkgutil.walk_packages(petsage.models.__path__, \"petsage.models.\"):\n    \
    importlib.import_module(m.name)\n";

/// A project made by `init --no-migrations`, then set up for Alembic by hand: it gets
/// revisions from then on (SPEC §14).
fn alembic_added_later() -> tempfile::TempDir {
    let dir = common::project_without_migrations();
    fs::write(
        dir.path().join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\n",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("migrations/versions")).unwrap();
    fs::write(dir.path().join("migrations/env.py"), ENV).unwrap();
    dir
}

fn feature(dir: &Path, example: &str) -> common::Run {
    let path = repo_file("examples").join(example);
    run_in(dir, &["feature", "--request", path.to_str().unwrap()], b"")
}

/// The revision files, sorted by name.
fn revisions(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir.join("migrations/versions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".py"))
        .collect();
    names.sort();
    names
}

fn down_revision(dir: &Path, name: &str) -> String {
    let text = fs::read_to_string(dir.join("migrations/versions").join(name)).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("down_revision: str | None = "))
        .unwrap()
        .to_string()
}

#[test]
fn each_resource_writes_a_revision_after_the_head() {
    let dir = with_alembic();
    let d = dir.path();
    let r = feature(d, "pets.yaml");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("run `alembic upgrade head`"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("must import"), "{}", r.stderr);
    let pets = revisions(d);
    assert_eq!(pets.len(), 1, "{pets:?}");
    assert!(pets[0].ends_with("_pets.py"), "{pets:?}");
    assert_eq!(down_revision(d, &pets[0]), "None");
    let r = feature(d, "vaccinations.yaml");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let both = revisions(d);
    let vaccinations = both
        .iter()
        .find(|n| n.ends_with("_vaccinations.py"))
        .unwrap();
    let pets_id = &pets[0][..12];
    assert_eq!(down_revision(d, vaccinations), format!("\"{pets_id}\""));
    // The revision is the feature's: recorded, and in a snapshot of what it holds.
    let record = fs::read_to_string(d.join(".petsage-build/vaccinations.yaml")).unwrap();
    assert!(record.contains(&format!("migrations/versions/{vaccinations}")));
    insta::assert_snapshot!(files(d, &[&format!("migrations/versions/{vaccinations}")]));

    // Generated again, nothing changes; `check` is clean.
    let before = snapshot(d);
    let path = repo_file("examples/vaccinations.yaml");
    let r = run_in(
        d,
        &["feature", "--request", path.to_str().unwrap(), "--force"],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(snapshot(d), before);
    let r = run_in(d, &["check"], b"");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn remove_deletes_an_unedited_head_and_drops_the_table_of_any_other() {
    let dir = with_alembic();
    let d = dir.path();
    assert_eq!(feature(d, "pets.yaml").code, 0);
    assert_eq!(feature(d, "vaccinations.yaml").code, 0);
    let r = run_in(d, &["remove", "vaccinations"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("downgrade"), "{}", r.stderr);
    assert_eq!(revisions(d).len(), 1);

    // Edited, the revision may be one a database ran: kept, and a new one drops it.
    assert_eq!(feature(d, "vaccinations.yaml").code, 0);
    let names = revisions(d);
    let kept = names
        .iter()
        .find(|n| n.ends_with("_vaccinations.py"))
        .unwrap();
    let file = d.join("migrations/versions").join(kept);
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("# Reviewed.\n");
    fs::write(&file, text).unwrap();
    let r = run_in(d, &["check"], b"");
    assert!(
        r.stdout
            .contains("(`remove` keeps it, and writes a revision"),
        "{}",
        r.stdout
    );
    let r = run_in(d, &["remove", "vaccinations"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("drops the table"), "{}", r.stderr);
    let after = revisions(d);
    assert_eq!(after.len(), 3, "{after:?}");
    let drop = after
        .iter()
        .find(|n| n.ends_with("_drop_vaccinations.py"))
        .unwrap();
    assert_eq!(down_revision(d, drop), format!("\"{}\"", &kept[..12]));
    let text = fs::read_to_string(d.join("migrations/versions").join(drop)).unwrap();
    let upgrade = text.split("def downgrade").next().unwrap();
    assert!(upgrade.contains("op.drop_table(\"vaccination\")"), "{text}");
}

/// The files in the versions directory, the exit status, what the line says.
type Case<'a> = (&'a [(&'a str, String)], i32, &'a str);

#[test]
fn a_history_no_revision_can_follow_is_refused_with_nothing_written() {
    let rev = |id: &str, down: &str| {
        format!(
            "revision = \"{id}\"\ndown_revision = {down}\n\n\ndef upgrade() -> None:\n    pass\n"
        )
    };
    let cases: &[Case] = &[
        (
            &[
                ("a_one.py", rev("aaa", "None")),
                ("b_two.py", rev("bbb", "None")),
            ],
            1,
            "2 heads",
        ),
        (&[("a_one.py", rev("aaa", "\"gone\""))], 1, "'gone'"),
        (
            &[("a_one.py", "revision = (\n".to_string())],
            2,
            "not valid Python",
        ),
    ];
    for (files, code, says) in cases {
        let dir = alembic_added_later();
        let d = dir.path();
        for (name, text) in *files {
            fs::write(d.join("migrations/versions").join(name), text).unwrap();
        }
        let before = snapshot(d);
        let r = feature(d, "pets.yaml");
        assert_eq!(r.code, *code, "{says}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{says}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
        assert_eq!(snapshot(d), before, "{says}");
    }
}

#[test]
fn a_script_location_outside_the_root_is_invalid() {
    let dir = project();
    let d = dir.path();
    fs::write(
        d.join("alembic.ini"),
        "[alembic]\nscript_location = ../elsewhere\n",
    )
    .unwrap();
    let before = snapshot(d);
    let r = feature(d, "pets.yaml");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("outside the project"), "{}", r.stderr);
    assert_eq!(snapshot(d), before);
}

#[test]
fn init_sets_alembic_up_unless_told_not_to() {
    let dir = project();
    let main = fs::read_to_string(dir.path().join("petsage/main.py")).unwrap();
    assert!(!main.contains("create_db_and_tables"), "{main}");
    for file in [
        "migrations/env.py",
        "migrations/script.py.mako",
        "migrations/versions/.gitkeep",
    ] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
    let pyproject = fs::read_to_string(dir.path().join("pyproject.toml")).unwrap();
    assert!(pyproject.contains("\"alembic>=1.16\""), "{pyproject}");
    // Run again, init changes nothing.
    let before = snapshot(dir.path());
    let r = run_in(dir.path(), &["init"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(snapshot(dir.path()), before);

    let dir = common::project_without_migrations();
    assert!(!dir.path().join("migrations").exists());
    let main = fs::read_to_string(dir.path().join("petsage/main.py")).unwrap();
    assert!(main.contains("create_db_and_tables()"), "{main}");
    let r = feature(dir.path(), "pets.yaml");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!dir.path().join("migrations").exists());
}

#[test]
fn an_update_that_changes_fields_adds_a_revision_and_never_edits_one() {
    let dir = with_alembic();
    let d = dir.path();
    assert_eq!(feature(d, "pets.yaml").code, 0);
    let first = revisions(d);
    let created = fs::read(d.join("migrations/versions").join(&first[0])).unwrap();
    let changed = crate::e2e::pets_changed(d);
    let r = run_in(
        d,
        &["update", "pets", "--request", changed.to_str().unwrap()],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let both = revisions(d);
    assert_eq!(both.len(), 2, "{both:?}");
    assert_eq!(
        fs::read(d.join("migrations/versions").join(&first[0])).unwrap(),
        created
    );
    let alter = both.iter().find(|n| **n != first[0]).unwrap();
    assert_eq!(down_revision(d, alter), format!("\"{}\"", &first[0][..12]));
    insta::assert_snapshot!(files(d, &[&format!("migrations/versions/{alter}")]));
    // The same request again, or the record's: nothing to write.
    let before = snapshot(d);
    for args in [
        &["update", "pets", "--request", changed.to_str().unwrap()][..],
        &["update", "pets"][..],
    ] {
        let r = run_in(d, args, b"");
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(snapshot(d), before, "{args:?}");
    }
    // Both are the unedited tail: remove deletes them.
    let r = run_in(d, &["remove", "pets"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(revisions(d).is_empty(), "{:?}", revisions(d));
}

/// `check` reports, offline, a table part no revision creates (E012), and nothing where
/// the revisions create them all.
#[test]
fn check_reports_a_model_its_migrations_do_not_create() {
    let dir = with_alembic();
    let d = dir.path();
    assert_eq!(feature(d, "pets.yaml").code, 0);
    assert_eq!(feature(d, "vaccinations.yaml").code, 0);
    let r = run_in(d, &["check"], b"");
    assert_eq!(r.code, 0, "{}", r.stdout);
    let names = revisions(d);
    let shots = d.join("migrations/versions").join(
        names
            .iter()
            .find(|n| n.ends_with("_vaccinations.py"))
            .unwrap(),
    );
    let text = fs::read_to_string(&shots).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.contains("sa.Column(\"vaccine\"") && !l.contains("uq_vaccination_batch"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&shots, without).unwrap();
    let r = run_in(d, &["check"], b"");
    assert_eq!(r.code, 1, "{}", r.stdout);
    let e012: Vec<&str> = r.stdout.lines().filter(|l| l.contains("E012")).collect();
    assert_eq!(e012.len(), 1, "{}", r.stdout);
    assert!(
        e012[0].contains("column 'vaccine'")
            && e012[0].contains("the unique constraint on 'batch'"),
        "{}",
        e012[0]
    );
    fs::remove_file(&shots).unwrap();
    let r = run_in(d, &["check"], b"");
    assert!(
        r.stdout.contains("creates the table 'vaccination'"),
        "{}",
        r.stdout
    );
}
